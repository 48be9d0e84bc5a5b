"""Named domain errors. One class per rule; the web layer maps the families to HTTP.

Every error has a stable machine ``code``, a human ``message`` and optionally
``errors``: a mapping of field (or "row 12.amount") to a list of messages, so that a
batch can report every problem at once.
"""
from __future__ import annotations


class LedgerError(Exception):
    code = "ledger_error"

    def __init__(self, message: str = "", errors: dict[str, list[str]] | None = None):
        super().__init__(message or self.__class__.__doc__ or self.code)
        self.message = message or (self.__class__.__doc__ or self.code).strip()
        self.errors = errors or {}


# -- 400 / 422: the input is wrong ------------------------------------------------------
class Malformed(LedgerError):
    """The request could not be read."""
    code = "malformed"


class ValidationFailed(LedgerError):
    """The input is not valid."""
    code = "validation_error"

    @classmethod
    def on(cls, field: str, message: str) -> "ValidationFailed":
        return cls(message, {field: [message]})


class InvalidMoney(ValidationFailed):
    """Not a valid amount."""
    code = "invalid_amount"


class InvalidPercent(ValidationFailed):
    """Not a valid percentage."""
    code = "invalid_percent"


class InvalidPeriod(ValidationFailed):
    """Not a valid period."""
    code = "invalid_period"


class AfterToday(ValidationFailed):
    """Money that has happened is not dated after today."""
    code = "after_today"


class UnbalancedTransaction(ValidationFailed):
    """The postings do not sum to zero."""
    code = "unbalanced"


class FundDebitRefused(ValidationFailed):
    """Money leaves a fund only by paying an approved disbursement (or by a reversal)."""
    code = "fund_debit_refused"


# -- 413 ------------------------------------------------------------------------------
class UploadTooLarge(LedgerError):
    """The file is too large once unpacked."""
    code = "upload_too_large"


# -- 401 / 403: who is asking ---------------------------------------------------------
class NotAuthenticated(LedgerError):
    """Sign in or send a valid API token."""
    code = "not_authenticated"


class Forbidden(LedgerError):
    """Your role or community scope does not allow this."""
    code = "forbidden"


# -- 404 ------------------------------------------------------------------------------
class NotFound(LedgerError):
    """Not found."""
    code = "not_found"


# -- 410 ------------------------------------------------------------------------------
class Gone(LedgerError):
    """It was here and has been deleted."""
    code = "gone"


# -- 409: the request conflicts with the ledger's state -------------------------------
class Conflict(LedgerError):
    """The request conflicts with the current state."""
    code = "conflict"


class ClosedPeriod(Conflict):
    """The accounting month is closed."""
    code = "period_closed"


class AlreadyReversed(Conflict):
    """This entry has already been reversed."""
    code = "already_reversed"


class AlreadyExists(Conflict):
    """Something with this code already exists."""
    code = "already_exists"


class PeriodNotClosable(Conflict):
    """The month cannot be closed yet."""
    code = "period_not_closable"


class Overlap(Conflict):
    """The dates overlap another agreement of the same operator and category."""
    code = "agreement_overlap"


class IdempotencyConflict(Conflict):
    """This Idempotency-Key was already used with a different request."""
    code = "idempotency_conflict"


class Overdraft(Conflict):
    """The fund's available balance is not enough."""
    code = "overdraft"


class InvalidTransition(Conflict):
    """This action is not allowed in the current state."""
    code = "invalid_transition"


class OverBudget(Conflict):
    """The project's remaining budget is not enough."""
    code = "over_budget"


class BudgetBelowSpent(Conflict):
    """A project's budget cannot be set below what it has already spent."""
    code = "budget_below_spent"


class VoucherRequired(Conflict):
    """A disbursement is paid only with at least one voucher."""
    code = "voucher_required"


class AlreadyPosted(Conflict):
    """This has already been posted for the period."""
    code = "already_posted"


class DecisionRequired(Conflict):
    """A project budget above the threshold needs a council decision approving at least that budget."""
    code = "decision_required"


class FourEyes(Forbidden):
    """The approver must be a different person from the submitter."""
    code = "four_eyes"


# -- 429 ------------------------------------------------------------------------------
class RateLimited(LedgerError):
    """Too many requests from this address: try again later."""
    code = "too_many_requests"

    def __init__(self, retry_after: int, message: str = ""):
        super().__init__(message or f"too many requests from this address; try again in {retry_after} seconds")
        self.retry_after = retry_after


class ChainBroken(LedgerError):
    """The hash chain does not verify."""
    code = "chain_broken"

    def __init__(self, seq: int, message: str = ""):
        super().__init__(message or f"the hash chain breaks at seq {seq}")
        self.seq = seq
