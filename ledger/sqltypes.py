"""Column types shared by the tables."""
from sqlalchemy import BigInteger, Integer

# The largest value a BIGINT column holds: larger numbers from outside name nothing stored.
MAX_BIGINT = 2**63 - 1

# A 64-bit surrogate key that is still SQLite's auto-incrementing rowid.
BigId = BigInteger().with_variant(Integer(), "sqlite")
