"""Creating disbursements and moving them along draft -> submitted -> approved | rejected -> paid.

Every step that moves money closer to leaving a fund checks, under locks, that the
fund can bear it (balance minus what is approved and unpaid: 409 ``overdraft``) and
that the project's budget can (budget minus committed minus spent: 409
``over_budget``). Lock order: the fund row, the project row, the disbursement row,
and the chain head last (inside ``post_entry``). Paying posts Dr fund / Cr bank in one
transaction of source ``disbursement``. Every state change, and every voucher attached,
leaves an event: who, when. Whoever an event names before the decision (drafted, attached
a voucher, submitted) may not approve or reject it, whatever role they hold by then.
"""
from __future__ import annotations

from datetime import date
from typing import Iterable

from sqlalchemy import exists, func, select
from sqlmodel import Session

from ledger.communities.models import Community
from ledger.core import approval
from ledger.core.chart import CHANNEL_ACCOUNTS
from ledger.core.errors import FourEyes, NotFound, OverBudget, Overdraft, ValidationFailed, VoucherRequired
from ledger.core.journal import Entry, Line
from ledger.core.masking import mask_phones
from ledger.core.money import format_fen
from ledger.core.trust import TRUST_DISBURSEMENT_ITEMS
from ledger.disbursements.models import Disbursement, DisbursementEvent, Voucher
from ledger.funds.models import Fund
from ledger.funds.services import find_fund, fund_account, fund_balance, lock_fund, lowest_balance_from
from ledger.journal.services import ensure_open, post_entry
from ledger.projects.models import Project
from ledger.projects.services import find_project, lock_project, spending


def create_disbursement(session: Session, community: Community, body: dict, *, created_by: str) -> Disbursement:
    """A draft disbursement from a project's fund, or straight from a fund (with an item)."""
    fund, project = _fund_and_project(session, community, body.get("fund"), body.get("project"))
    item = _check_item(fund, body.get("item"))
    disbursement = Disbursement(community_id=community.id, fund_id=fund.id,
                                project_id=project.id if project else None, item=item, amount=body["amount"],
                                payee=body["payee"], purpose=body["purpose"], note=body.get("note"),
                                state=approval.DRAFT, created_by=created_by)
    _check_money(session, community, disbursement, fund, project)
    session.add(disbursement)
    session.flush()
    record_event(session, disbursement, "create", None, by=created_by)
    return disbursement


def _fund_and_project(session: Session, community: Community, fund_code: str | None,
                      project_code: str | None) -> tuple[Fund, Project | None]:
    if project_code is None and fund_code is None:
        raise ValidationFailed("name a project or a fund", {"project": ["a project or a fund is required"]})
    project = find_project(session, community, project_code) if project_code is not None else None
    if project is None:
        return find_fund(session, community, fund_code), None
    fund = session.get(Fund, project.fund_id)
    if fund_code is not None and fund_code != fund.code:
        raise ValidationFailed.on("fund", f"project {project.code!r} draws on fund {fund.code!r}")
    return fund, project


def _check_item(fund: Fund, item: str | None) -> str | None:
    if fund.kind == "trust" and item not in TRUST_DISBURSEMENT_ITEMS:
        raise ValidationFailed.on("item", f"a trust fund's expense item, one of {', '.join(TRUST_DISBURSEMENT_ITEMS)}")
    return item


_MAX_ID = 2**63 - 1


def get_disbursement(session: Session, community: Community, disbursement_id: int) -> Disbursement:
    disbursement = session.get(Disbursement, disbursement_id) if 0 < disbursement_id <= _MAX_ID else None
    if disbursement is None or disbursement.community_id != community.id:
        raise NotFound(f"no disbursement {disbursement_id}")
    return disbursement


def submit(session: Session, community: Community, disbursement_id: int, *, by: str) -> Disbursement:
    disbursement, fund, project = _lock(session, community, disbursement_id, money=True)
    to = approval.next_state(disbursement.state, approval.SUBMIT)
    _check_money(session, community, disbursement, fund, project)
    disbursement.submitted_by = by
    return _move(session, disbursement, approval.SUBMIT, to, by=by)


def approve(session: Session, community: Community, disbursement_id: int, *, by: str,
            note: str | None = None) -> Disbursement:
    disbursement, fund, project = _lock(session, community, disbursement_id, money=True)
    to = approval.next_state(disbursement.state, approval.APPROVE)
    _four_eyes(session, disbursement, by)
    _check_money(session, community, disbursement, fund, project)
    return _move(session, disbursement, approval.APPROVE, to, by=by, reason=note)


def reject(session: Session, community: Community, disbursement_id: int, *, by: str, reason: str) -> Disbursement:
    disbursement, _fund, _project = _lock(session, community, disbursement_id, money=False)
    to = approval.next_state(disbursement.state, approval.REJECT)
    _four_eyes(session, disbursement, by)
    return _move(session, disbursement, approval.REJECT, to, by=by, reason=reason)


def pay(session: Session, community: Community, disbursement_id: int, *, by: str, occurred_on: date,
        channel: str = "bank") -> Disbursement:
    """Pay an approved disbursement: one transaction Dr fund / Cr the channel's account."""
    if channel not in CHANNEL_ACCOUNTS:
        raise ValidationFailed.on("channel", f"one of {', '.join(CHANNEL_ACCOUNTS)}")
    ensure_open(session, community, occurred_on)
    disbursement, fund, project = _lock(session, community, disbursement_id, money=True)
    to = approval.next_state(disbursement.state, approval.PAY)
    if not session.execute(select(exists().where(Voucher.disbursement_id == disbursement.id))).scalar():
        raise VoucherRequired("attach at least one voucher before paying", {"vouchers": ["none attached"]})
    _check_money(session, community, disbursement, fund, project, pay_on=occurred_on)
    entry = Entry(occurred_on, describe(disbursement, fund, project), "disbursement",
                  (Line(fund_account(session, fund).code, disbursement.amount),
                   Line(CHANNEL_ACCOUNTS[channel], -disbursement.amount)))
    posted = post_entry(session, community, entry, created_by=by)
    disbursement.paid_on, disbursement.channel, disbursement.transaction_id = occurred_on, channel, posted.id
    return _move(session, disbursement, approval.PAY, to, by=by)


def describe(disbursement: Disbursement, fund: Fund, project: Project | None) -> str:
    """The journal's (public) description: what for, never who was paid."""
    parts = [f"支出 #{disbursement.id}", project.name if project else fund.name]
    if disbursement.item:
        parts.append(disbursement.item)
    parts.append(mask_phones(disbursement.purpose))
    return " · ".join(parts)[:500]


def _lock(session: Session, community: Community, disbursement_id: int, *,
          money: bool) -> tuple[Disbursement, Fund, Project | None]:
    """Take the locks in order (fund, project, disbursement) and read the row afresh."""
    found = get_disbursement(session, community, disbursement_id)
    fund = session.get(Fund, found.fund_id)
    project = session.get(Project, found.project_id) if found.project_id else None
    if money:
        lock_fund(session, fund)
        project = lock_project(session, project) if project else None
    disbursement = session.execute(select(Disbursement).where(Disbursement.id == found.id).with_for_update()
                                   .execution_options(populate_existing=True)).scalar_one()
    return disbursement, fund, project


ATTACH = "attach"  # the event of a voucher attached (the state stays)
DECISIONS = frozenset({approval.APPROVE, approval.REJECT})


def hands_on(events: Iterable[DisbursementEvent]) -> set[str]:
    """Who drafted, changed or submitted a disbursement: everyone its events name, but for
    the decisions themselves."""
    return {event.by for event in events if event.action not in DECISIONS}


def _four_eyes(session: Session, disbursement: Disbursement, by: str) -> None:
    """The separation of duties: a decision is made by someone who had no hand in the
    disbursement. Read from its events, so a later change of role changes nothing."""
    events = session.execute(select(DisbursementEvent).where(
        DisbursementEvent.disbursement_id == disbursement.id)).scalars()
    if by not in hands_on(events):
        return
    if disbursement.submitted_by == by:
        raise FourEyes(f"{by} submitted this disbursement; another person must decide on it")
    raise FourEyes(f"{by} drafted or changed this disbursement; another person must decide on it")


def committed_of_fund(session: Session, fund: Fund, *, excluding: int | None = None) -> int:
    """What is approved and not yet paid from a fund."""
    query = select(func.coalesce(func.sum(Disbursement.amount), 0)).where(
        Disbursement.fund_id == fund.id, Disbursement.state == approval.APPROVED)
    if excluding is not None:
        query = query.where(Disbursement.id != excluding)
    return int(session.execute(query).scalar_one())


def _check_money(session: Session, community: Community, disbursement: Disbursement, fund: Fund,
                 project: Project | None, *, pay_on: date | None = None) -> None:
    """Refuse (409) a disbursement the fund or the project's budget cannot bear."""
    lock_fund(session, fund)
    balance = (lowest_balance_from(session, community, fund, pay_on) if pay_on is not None
               else fund_balance(session, community, fund))
    available = balance - committed_of_fund(session, fund, excluding=disbursement.id)
    if disbursement.amount > available:
        raise Overdraft(f"fund {fund.code!r} has {format_fen(max(available, 0))} available, "
                        f"less than {format_fen(disbursement.amount)}", {"amount": ["more than the fund has available"]})
    if project is None:
        return
    project = lock_project(session, project)
    committed, spent = spending(session, project, excluding=disbursement.id)
    remaining = project.budget - committed - spent
    if disbursement.amount > remaining:
        raise OverBudget(f"project {project.code!r} has {format_fen(max(remaining, 0))} of its budget left, "
                         f"less than {format_fen(disbursement.amount)}; raise the budget first",
                         {"amount": ["more than the project's remaining budget"]})


def _move(session: Session, disbursement: Disbursement, action: str, to: str, *, by: str,
          reason: str | None = None) -> Disbursement:
    before, disbursement.state = disbursement.state, to
    session.add(disbursement)
    session.flush()
    record_event(session, disbursement, action, before, by=by, reason=reason)
    return disbursement


def record_event(session: Session, disbursement: Disbursement, action: str, before: str | None, *, by: str,
                 reason: str | None = None) -> None:
    session.add(DisbursementEvent(community_id=disbursement.community_id, disbursement_id=disbursement.id,
                                  action=action, from_state=before, to_state=disbursement.state,
                                  reason=reason, by=by))
    session.flush()
