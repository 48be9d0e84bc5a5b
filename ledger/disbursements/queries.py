"""Reading disbursements back: pages for reviewers, their vouchers and events, and the
public figures (what each project received) that never carry a payee unmasked."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, func, select
from sqlmodel import Session

from ledger.communities.models import Community
from ledger.core.approval import PAID
from ledger.disbursements.models import Disbursement, DisbursementEvent, Voucher
from ledger.funds.models import Fund
from ledger.journal.models import JournalTransaction
from ledger.projects.models import Project


@dataclass(frozen=True, slots=True)
class DisbursementView:
    disbursement: Disbursement
    fund: str
    project: str | None
    transaction_seq: int | None
    vouchers: tuple[Voucher, ...]
    events: tuple[DisbursementEvent, ...]


def _base():
    return (select(Disbursement, Fund.code, Project.code, JournalTransaction.seq)
            .join(Fund, Fund.id == Disbursement.fund_id)
            .outerjoin(Project, Project.id == Disbursement.project_id)
            .outerjoin(JournalTransaction, JournalTransaction.id == Disbursement.transaction_id))


def view(session: Session, disbursement: Disbursement) -> DisbursementView:
    row = session.execute(_base().where(Disbursement.id == disbursement.id)).one()
    return _views(session, [row])[0]


def page(session: Session, community: Community, *, state: str | None = None, fund: Fund | None = None,
         project: Project | None = None, item: str | None = None, after: int | None = None,
         limit: int) -> list[DisbursementView]:
    """Disbursements in id order after a keyset cursor (the last id of the previous page)."""
    query = _base().where(Disbursement.community_id == community.id)
    for column, value in ((Disbursement.state, state), (Disbursement.item, item),
                          (Disbursement.fund_id, fund.id if fund else None),
                          (Disbursement.project_id, project.id if project else None)):
        if value is not None:
            query = query.where(column == value)
    if after is not None:
        query = query.where(Disbursement.id > after)
    return _views(session, list(session.execute(query.order_by(Disbursement.id).limit(limit))))


def in_state(session: Session, community: Community, state: str, *, vouchers: bool | None = None,
             where: tuple = (), limit: int) -> tuple[int, list[DisbursementView]]:
    """How many disbursements are in ``state`` (only those with, or without, a voucher when
    ``vouchers`` is given; ``where``: further conditions), and the first ``limit`` in id order."""
    conditions = [Disbursement.community_id == community.id, Disbursement.state == state, *where]
    if vouchers is not None:
        attached = exists().where(Voucher.disbursement_id == Disbursement.id)
        conditions.append(attached if vouchers else ~attached)
    count = session.execute(select(func.count()).select_from(Disbursement).where(*conditions)).scalar_one()
    rows = session.execute(_base().where(*conditions).order_by(Disbursement.id).limit(limit))
    return int(count), _views(session, list(rows))


def _views(session: Session, rows: list) -> list[DisbursementView]:
    ids = [row[0].id for row in rows]
    vouchers, events = vouchers_of(session, ids), defaultdict(list)
    for event in session.execute(select(DisbursementEvent).where(DisbursementEvent.disbursement_id.in_(ids))
                                 .order_by(DisbursementEvent.id)).scalars():
        events[event.disbursement_id].append(event)
    return [DisbursementView(d, fund, project, seq, tuple(vouchers.get(d.id, ())), tuple(events[d.id]))
            for d, fund, project, seq in rows]


def vouchers_of(session: Session, ids: list[int]) -> dict[int, list[Voucher]]:
    found: dict[int, list[Voucher]] = defaultdict(list)
    if ids:
        for voucher in session.execute(select(Voucher).where(Voucher.disbursement_id.in_(ids))
                                       .order_by(Voucher.id)).scalars():
            found[voucher.disbursement_id].append(voucher)
    return found


def paid(session: Session, community: Community, *, project: Project | None = None, fund: Fund | None = None,
         start: date | None = None, end: date | None = None) -> list[DisbursementView]:
    """Paid disbursements in payment order (for public listings, which mask the payee)."""
    query = _base().where(Disbursement.community_id == community.id, Disbursement.state == PAID)
    if project is not None:
        query = query.where(Disbursement.project_id == project.id)
    if fund is not None:
        query = query.where(Disbursement.fund_id == fund.id)
    if start is not None:
        query = query.where(Disbursement.paid_on >= start)
    if end is not None:
        query = query.where(Disbursement.paid_on <= end)
    return _views(session, list(session.execute(query.order_by(Disbursement.paid_on, Disbursement.id))))


def outflows_by_project(session: Session, fund: Fund, start: date | None, end: date | None) -> list[tuple]:
    """(project code or None, project name or None, item, paid amount) of a fund in a date range."""
    query = (select(Project.code, Project.name, Disbursement.item, func.sum(Disbursement.amount))
             .outerjoin(Project, Project.id == Disbursement.project_id)
             .where(Disbursement.fund_id == fund.id, Disbursement.state == PAID))
    if start is not None:
        query = query.where(Disbursement.paid_on >= start)
    if end is not None:
        query = query.where(Disbursement.paid_on <= end)
    query = query.group_by(Project.code, Project.name, Disbursement.item).order_by(Project.code, Disbursement.item)
    return [(code, name, item, int(total)) for code, name, item, total in session.execute(query)]
