"""The journal: accounts, balanced append-only transactions, the hash chain, periods."""
