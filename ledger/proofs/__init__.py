"""Anyone can check the ledger: the Merkle tree over each journal, signed monthly heads,
receipts, and the standalone verifier (verify.py, standard library only)."""
