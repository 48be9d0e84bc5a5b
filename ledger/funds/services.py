"""Funds: the public-benefit fund, earmarked sub-funds, trust funds; their balances;
and the targets a share may name (a fund code or an account code).

A fund's balance is its account's balance on the credit side. Money leaves a fund
only through disbursements (and fixed remuneration of a trust), which lock the
fund's row first so that two payments cannot both spend the same balance.
"""
from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from ledger.communities.models import Community
from ledger.core.chart import EQUITY, PUBLIC_BENEFIT_FUND_ACCOUNT, PUBLIC_BENEFIT_FUND_CODE, PUBLIC_WELFARE
from ledger.core.errors import AlreadyExists, NotFound, ValidationFailed
from ledger.funds.models import Fund
from ledger.journal.accounts import accounts_by_code, create_account
from ledger.journal import balances
from ledger.journal.balances import balance_at
from ledger.journal.models import Account


def seed_public_benefit_fund(session: Session, community: Community, *, created_by: str) -> Fund:
    account = accounts_by_code(session, community, [PUBLIC_BENEFIT_FUND_ACCOUNT])[PUBLIC_BENEFIT_FUND_ACCOUNT]
    fund = Fund(community_id=community.id, code=PUBLIC_BENEFIT_FUND_CODE, name="公益金", kind="public_benefit",
                account_id=account.id, created_by=created_by)
    session.add(fund)
    session.flush()
    return fund


def resolve_targets(session: Session, community: Community, codes: set[str]) -> dict[str, Account]:
    """Map each share target (fund code first, else account code) to its account."""
    found: dict[str, Account] = {}
    if codes:
        for fund_code, account in session.execute(
                select(Fund.code, Account).join(Account, Account.id == Fund.account_id)
                .where(Fund.community_id == community.id, Fund.code.in_(codes))):
            found[fund_code] = account
        found.update({code: account for code, account in
                      accounts_by_code(session, community, codes - found.keys()).items()})
    return found


# -- Funds of a community: creating, finding, locking, balances ---------------------------

_FUND_CODE = re.compile(r"[a-z][a-z0-9_-]{0,31}")
EARLIEST = date(1900, 1, 1)
LATEST = date(9999, 12, 30)  # balance_at looks one day ahead


def check_fund_code(session: Session, community: Community, code: str, *, field: str = "code") -> None:
    """A new fund code: starts with a letter (so it never reads as an account code) and is free."""
    if not isinstance(code, str) or not _FUND_CODE.fullmatch(code):
        raise ValidationFailed.on(field, "1-32 lowercase letters, digits, '_' or '-', starting with a letter")
    if find_fund_or_none(session, community, code) is not None:
        raise AlreadyExists(f"fund {code!r} already exists", {field: ["already exists"]})


def create_fund(session: Session, community: Community, code: str, name: str, *, created_by: str,
                kind: str = "earmarked", account: Account | None = None) -> Fund:
    """A fund with its own account: an earmarked sub-fund of the public-benefit fund
    (311.<code>) unless another account is given (a compound's trust fund)."""
    check_fund_code(session, community, code)
    if not isinstance(name, str) or not name.strip():
        raise ValidationFailed.on("name", "a name is required")
    if account is None:
        account = create_account(session, community, f"{PUBLIC_WELFARE}.{code}", f"公积公益金-{name.strip()}",
                                 EQUITY, parent=PUBLIC_WELFARE, created_by=created_by)
    fund = Fund(community_id=community.id, code=code, name=name.strip(), kind=kind, account_id=account.id,
                created_by=created_by)
    session.add(fund)
    session.flush()
    return fund


def find_fund_or_none(session: Session, community: Community, code: str) -> Fund | None:
    return session.execute(select(Fund).where(Fund.community_id == community.id, Fund.code == code)
                           ).scalar_one_or_none()


def find_fund(session: Session, community: Community, code: str, *, field: str = "fund") -> Fund:
    """The fund named in a request body: unknown is a validation error (422)."""
    fund = find_fund_or_none(session, community, code)
    if fund is None:
        raise ValidationFailed.on(field, f"no fund {code!r}")
    return fund


def get_fund(session: Session, community: Community, code: str) -> Fund:
    """The fund named in a URL: unknown is 404."""
    fund = find_fund_or_none(session, community, code)
    if fund is None:
        raise NotFound(f"no fund {code!r}")
    return fund


def list_funds(session: Session, community: Community) -> list[Fund]:
    return list(session.execute(select(Fund).where(Fund.community_id == community.id)
                                .order_by(Fund.id)).scalars())


def lock_fund(session: Session, fund: Fund) -> None:
    """Serialise the writers that take money out of one fund (FOR UPDATE on PostgreSQL;
    SQLite writers already hold the database lock). Taken before the chain head."""
    session.execute(select(Fund.id).where(Fund.id == fund.id).with_for_update())


def fund_account(session: Session, fund: Fund) -> Account:
    return session.get(Account, fund.account_id)


def fund_balance(session: Session, community: Community, fund: Fund, as_of: date = LATEST) -> int:
    """The fund's balance (credit side positive) at the end of ``as_of``; by default
    after every posting, whatever its date."""
    return -balance_at(session, community, fund_account(session, fund), as_of)


def lowest_balance_from(session: Session, community: Community, fund: Fund, day: date) -> int:
    """The lowest balance the fund has on any day from ``day`` on: what a payment dated
    ``day`` may take without the fund going below zero on that day or any later one."""
    return balances.lowest_credit_balance_from(session, community, fund.account_id, day)
