"""Agreements (分成/反哺协议): how an operator's income is split, versioned by dates."""
