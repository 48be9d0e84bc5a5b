"""Chart of accounts: seeding, adding, looking up by code."""
from __future__ import annotations

import re
from typing import Iterable

from sqlalchemy import select
from sqlmodel import Session

from ledger.communities.models import Community
from ledger.core.chart import ACCOUNT_TYPES, SEED_ACCOUNTS, SeedAccount
from ledger.core.errors import AlreadyExists, NotFound, ValidationFailed
from ledger.journal.models import Account

_CODE = re.compile(r"[0-9A-Za-z][0-9A-Za-z_.\-]{0,63}")


def seed_chart(session: Session, community: Community, *, created_by: str) -> None:
    """The chart of a new community. Its codes are all new and valid, so the accounts go in
    without create_account's lookups: one batch per level of the tree, not three queries each."""
    ids: dict[str, int] = {}
    pending = list(SEED_ACCOUNTS)
    while pending:
        level = [seed for seed in pending if seed.parent is None or seed.parent in ids]
        if not level:
            raise ValueError(f"seed accounts without their parent: {[seed.code for seed in pending]}")
        accounts = [Account(community_id=community.id, code=seed.code, name=seed.name, type=seed.type,
                            parent_id=ids.get(seed.parent), created_by=created_by) for seed in level]
        session.add_all(accounts)
        session.flush()
        ids.update((account.code, account.id) for account in accounts)
        pending = [seed for seed in pending if seed.code not in ids]


def add_accounts(session: Session, community: Community, seeds: Iterable[SeedAccount], *,
                 created_by: str) -> list[Account]:
    """Add accounts in order (parents before children). Codes must be new."""
    created = []
    for seed in seeds:
        created.append(create_account(session, community, seed.code, seed.name, seed.type,
                                      parent=seed.parent, created_by=created_by))
    return created


def create_account(session: Session, community: Community, code: str, name: str, type: str,
                   *, parent: str | None = None, created_by: str) -> Account:
    problems = {}
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        problems["code"] = ["1-64 letters, digits, '.', '_' or '-', starting with a letter or digit"]
    if not name or not name.strip():
        problems["name"] = ["a name is required"]
    if type not in ACCOUNT_TYPES:
        problems["type"] = [f"one of {', '.join(ACCOUNT_TYPES)}"]
    if problems:
        raise ValidationFailed("the account is not valid", problems)
    parent_id = None
    if parent is not None:
        parent_account = find_account(session, community, parent, field="parent")
        parent_id = parent_account.id
    if find_account_or_none(session, community, code) is not None:
        raise AlreadyExists(f"account {code} already exists", {"code": ["already exists"]})
    account = Account(community_id=community.id, code=code, name=name.strip(), type=type,
                      parent_id=parent_id, created_by=created_by)
    session.add(account)
    session.flush()
    return account


def find_account_or_none(session: Session, community: Community, code: str) -> Account | None:
    if not code.isprintable():  # no code holds NUL or a lone surrogate, which could not even be queried
        return None
    return session.execute(
        select(Account).where(Account.community_id == community.id, Account.code == code)
    ).scalar_one_or_none()


def find_account(session: Session, community: Community, code: str, *, field: str = "account") -> Account:
    account = find_account_or_none(session, community, code)
    if account is None:
        raise NotFound(f"no account {code!r}", {field: [f"no account {code!r}"]})
    return account


def accounts_by_code(session: Session, community: Community, codes: Iterable[str]) -> dict[str, Account]:
    wanted = {code for code in codes if code.isprintable()}
    rows = session.execute(
        select(Account).where(Account.community_id == community.id, Account.code.in_(wanted))
    ).scalars()
    return {account.code: account for account in rows}


def list_accounts(session: Session, community: Community) -> list[Account]:
    return list(session.execute(
        select(Account).where(Account.community_id == community.id).order_by(Account.code)
    ).scalars())
