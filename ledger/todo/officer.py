"""What waits for a finance officer: disbursements to finish, months to close,
declarations and remittances owed by operators, finished imports, residents' questions."""
from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import aliased

from ledger.agreements.models import Agreement
from ledger.core.approval import APPROVED, DRAFT, REJECT, REJECTED
from ledger.core.periods import (format_month, month_start, months_between, next_month, period_bounds, period_key,
                                 previous_month)
from ledger.disbursements import queries as disbursements
from ledger.disbursements.models import Disbursement, DisbursementEvent
from ledger.exports.contributions import contributions
from ledger.incomes.models import Declaration
from ledger.jobs.models import Job
from ledger.journal.balances import balance_of
from ledger.journal.models import JournalTransaction
from ledger.journal.services import closed_through
from ledger.operators.models import Operator
from ledger.questions.queries import Policy, pending_questions
from ledger.questions.queries import view as question_view
from ledger.timeutil import utcnow
from ledger.todo.services import LISTED, Asking, Listed, listed

IMPORT_KINDS = ("import_check", "import_commit")
FINISHED = ("done", "failed")


def disbursement_item(view: disbursements.DisbursementView) -> dict:
    d = view.disbursement
    return {"id": d.id, "amount": d.amount, "project": view.project, "fund": view.fund, "purpose": d.purpose,
            "state": d.state, "link": ("workspace.disbursement", {"disbursement_id": d.id})}


def _in_state(asking: Asking, state: str, **kwargs) -> Listed:
    count, views = disbursements.in_state(asking.session, asking.community, state, limit=LISTED, **kwargs)
    return listed([disbursement_item(v) for v in views], count)


def drafts_without_voucher(asking: Asking) -> Listed:
    return _in_state(asking, DRAFT, vouchers=False)


def drafts_not_submitted(asking: Asking) -> Listed:
    """Drafts with their vouchers, ready to submit (those without are the other kind)."""
    return _in_state(asking, DRAFT, vouchers=True)


def rejected(asking: Asking) -> Listed:
    """Disbursements rejected lately whose project (or fund) has had no newer disbursement
    since: the rework of a rejection is a new draft."""
    later = aliased(Disbursement)
    same_target = and_(later.fund_id == Disbursement.fund_id, or_(
        later.project_id == Disbursement.project_id, and_(later.project_id.is_(None), Disbursement.project_id.is_(None))))
    reworked = exists().where(later.community_id == Disbursement.community_id, later.id > Disbursement.id, same_target)
    since = utcnow() - timedelta(days=asking.settings["TODO_REJECTED_DAYS"])
    lately = exists().where(DisbursementEvent.disbursement_id == Disbursement.id, DisbursementEvent.action == REJECT,
                            DisbursementEvent.at >= since)
    count, views = disbursements.in_state(asking.session, asking.community, REJECTED, where=(~reworked, lately),
                                          limit=LISTED)
    items = []
    for view in views:
        reason = next((e.reason for e in reversed(view.events) if e.action == REJECT), None)
        items.append({**disbursement_item(view), "reason": reason})
    return listed(items, count)


def approved_unpaid(asking: Asking) -> Listed:
    return _in_state(asking, APPROVED)


def months_to_close(asking: Asking) -> Listed:
    """Past months still open, oldest first: from the month after the last closed one (or
    the month of the first transaction) to last month."""
    session, community = asking.session, asking.community
    last = closed_through(session, community)
    if last is not None:
        first = next_month(last)
    else:
        earliest = session.execute(select(func.min(JournalTransaction.occurred_on)).where(
            JournalTransaction.community_id == community.id)).scalar_one()
        first = month_start(earliest) if earliest is not None else None
    end = previous_month(month_start(asking.today))
    months = months_between(first, end) if first is not None and first <= end else []
    return listed([{"month": format_month(m), "link": ("workspace.periods", {"month": format_month(m)})}
                   for m in months])


def ended_periods(start: date, stop: date | None, kind: str, today: date) -> list[tuple[str, date]]:
    """(key, last day) of the settlement periods of an agreement in force from ``start`` to
    ``stop`` (None: open) that ended before ``today``."""
    found, day = [], start
    while stop is None or day <= stop:
        key = period_key(day, kind)
        _first, last = period_bounds(key)
        if last >= today:
            break
        found.append((key, last))
        day = last + timedelta(days=1)
    return found


def declarations_due(asking: Asking) -> Listed:
    """Net-profit agreements whose settlement period ended without a declaration."""
    session, community = asking.session, asking.community
    declared = {tuple(row) for row in session.execute(select(Declaration.agreement_id, Declaration.period_key).where(
        Declaration.community_id == community.id).distinct())}
    agreements = session.execute(select(Agreement, Operator.code, Operator.name)
                                 .join(Operator, Operator.id == Agreement.operator_id)
                                 .where(Agreement.community_id == community.id, Agreement.basis == "net_profit")).all()
    items = [{"operator": code, "operator_name": name, "agreement": agreement.id, "period": key,
              "ended_on": last.isoformat(), "link": ("workspace.agreements", {})}
             for agreement, code, name in agreements
             for key, last in ended_periods(agreement.effective_from, agreement.effective_to, agreement.period,
                                            asking.today)
             if (agreement.id, key) not in declared]
    return listed(sorted(items, key=lambda i: (i["ended_on"], i["operator"], i["agreement"])))


def receivables_overdue(asking: Asking) -> Listed:
    """Operators owing shares (after their remittances, oldest debts first) of settlement
    periods that ended more than RECEIVABLE_OVERDUE_DAYS ago, with the amounts."""
    if not _anyone_owes(asking):
        return listed([])  # the usual case, answered without reading every split
    due_before = asking.today - timedelta(days=asking.settings["RECEIVABLE_OVERDUE_DAYS"])
    owed: dict[str, dict] = {}
    periods: dict[str, list[str]] = defaultdict(list)
    for row in contributions(asking.session, asking.community, date(1900, 1, 1), asking.today):
        if row.agreement is None or row.outstanding <= 0 or period_bounds(row.period)[1] >= due_before:
            continue
        entry = owed.setdefault(row.operator, {"operator": row.operator, "operator_name": row.operator_name,
                                               "settlement": row.settlement, "amount": 0,
                                               "link": ("workspace.operators", {})})
        entry["amount"] += row.outstanding
        periods[row.operator].append(row.period)
    items = [{**entry, "oldest_period": min(periods[code], key=lambda k: period_bounds(k)),
              "periods": len(periods[code])} for code, entry in owed.items()]
    return listed(sorted(items, key=lambda i: (period_bounds(i["oldest_period"]), i["operator"])))


def _anyone_owes(asking: Asking) -> bool:
    """Whether any operator's receivable (应收款-operator) stands in the community's favour."""
    ids = asking.session.execute(select(Operator.receivable_account_id).where(
        Operator.community_id == asking.community.id)).scalars()
    return any(balance_of(asking.session, asking.community, account_id, asking.today) > 0 for account_id in ids)


def imports_ready(asking: Asking) -> Listed:
    """The user's finished import jobs here not yet looked at."""
    jobs = asking.session.execute(select(Job).where(
        Job.community_id == asking.community.id, Job.created_by == asking.user.username,
        Job.kind.in_(IMPORT_KINDS), Job.state.in_(FINISHED), Job.seen_at.is_(None)).order_by(Job.id)).scalars()
    return listed([{"id": job.id, "kind": job.kind, "state": job.state, "file_name": job.params.get("file_name"),
                    "finished_at": job.finished_at, "link": ("workspace.imports", {"job": job.id})} for job in jobs])


def questions_pending(asking: Asking) -> Listed:
    """Residents' questions neither answered nor refused, oldest first."""
    policy, now = Policy.from_settings(asking.settings), utcnow()
    views = [question_view(q, policy, now) for q in pending_questions(asking.session, asking.community)]
    return listed([{"id": v.question.id, "about": f"{v.question.about_kind}:{v.question.about_ref}",
                    "asked_at": v.question.asked_at, "overdue": v.overdue, "link": ("workspace.questions", {})}
                   for v in views])


KINDS = {"drafts_without_voucher": drafts_without_voucher, "drafts_not_submitted": drafts_not_submitted,
         "rejected": rejected, "approved_unpaid": approved_unpaid, "months_to_close": months_to_close,
         "declarations_due": declarations_due, "receivables_overdue": receivables_overdue,
         "imports_ready": imports_ready, "questions_pending": questions_pending}
