"""``ledger demo``: a realistic community to look at and to test against."""
