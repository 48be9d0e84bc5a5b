"""Every table, imported so that SQLModel.metadata knows them all (Alembic, tests)."""
from sqlmodel import SQLModel

from ledger.auth.models import ApiToken, LoginAttempt, User, UserCommunity  # noqa: F401
from ledger.communities.models import Community  # noqa: F401
from ledger.operators.models import Operator  # noqa: F401
from ledger.agreements.models import Agreement, SplitAccumulator  # noqa: F401
from ledger.funds.models import Fund  # noqa: F401
from ledger.projects.models import BudgetChange, Project  # noqa: F401
from ledger.disbursements.models import Disbursement, DisbursementEvent, Voucher  # noqa: F401
from ledger.trust.models import Compound, FixedRemuneration  # noqa: F401
from ledger.incomes.models import Declaration, IdempotencyRecord, Income, Remittance, SplitLine  # noqa: F401
from ledger.journal.models import (Account, BalanceSnapshot, ChainHead, ClosedPeriod, JournalTransaction, Posting,  # noqa: F401
                                   ReversalReason)
from ledger.imports.models import ImportBatch  # noqa: F401
from ledger.public.models import OperatorMonth, ShareMonth  # noqa: F401
from ledger.decisions.models import ApprovedBudget, Decision  # noqa: F401
from ledger.questions.models import Question, RateWindow  # noqa: F401
from ledger.proofs.models import MerkleNode, MerkleTree, SignedHead  # noqa: F401
from ledger.jobs.models import Job  # noqa: F401

metadata = SQLModel.metadata
