"""Creating operators with their own sub-accounts, and finding them."""
from __future__ import annotations

import re

from sqlalchemy import bindparam, select
from sqlmodel import Session

from ledger.communities.models import Community
from ledger.core.chart import ASSET, LIABILITY, OPERATING_REVENUE, PAYABLE, RECEIVABLE, REVENUE, SeedAccount
from ledger.core.errors import AlreadyExists, NotFound, ValidationFailed
from ledger.journal.accounts import accounts_by_code, add_accounts
from ledger.operators.models import KINDS, SETTLEMENTS, Operator

_CODE = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")


def operator_accounts(code: str, name: str) -> tuple[SeedAccount, SeedAccount, SeedAccount]:
    """The revenue, receivable and payable sub-accounts of an operator."""
    return (SeedAccount(f"{OPERATING_REVENUE}.{code}", f"经营收入-{name}", REVENUE, OPERATING_REVENUE),
            SeedAccount(f"{RECEIVABLE}.{code}", f"应收款-{name}", ASSET, RECEIVABLE),
            SeedAccount(f"{PAYABLE}.{code}", f"应付款-{name}", LIABILITY, PAYABLE))


def create_operator(session: Session, community: Community, code: str, name: str, kind: str,
                    settlement: str, *, created_by: str) -> Operator:
    problems = {}
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        problems["code"] = ["1-32 lowercase letters, digits, '_' or '-'"]
    if not isinstance(name, str) or not name.strip():
        problems["name"] = ["a name is required"]
    if kind not in KINDS:
        problems["kind"] = [f"one of {', '.join(KINDS)}"]
    if settlement not in SETTLEMENTS:
        problems["settlement"] = [f"one of {', '.join(SETTLEMENTS)}"]
    if problems:
        raise ValidationFailed("the operator is not valid", problems)
    if find_operator_or_none(session, community, code) is not None:
        raise AlreadyExists(f"operator {code!r} already exists", {"code": ["already exists"]})
    seeds = operator_accounts(code, name.strip())
    taken = accounts_by_code(session, community, [seed.code for seed in seeds])
    if taken:
        raise AlreadyExists(f"account {', '.join(taken)} already exists", {"code": ["its accounts already exist"]})
    revenue, receivable, payable = add_accounts(session, community, seeds, created_by=created_by)
    operator = Operator(community_id=community.id, code=code, name=name.strip(), kind=kind,
                        settlement=settlement, revenue_account_id=revenue.id,
                        receivable_account_id=receivable.id, payable_account_id=payable.id,
                        created_by=created_by)
    session.add(operator)
    session.flush()
    return operator


_BY_CODE = select(Operator).where(Operator.community_id == bindparam("community_id"),
                                  Operator.code == bindparam("code"))


def find_operator_or_none(session: Session, community: Community, code: str) -> Operator | None:
    """The operator with this code; operators found are kept per session (they never change)."""
    cache = session.info.setdefault("ledger.operators", {})
    found = cache.get((community.id, code))
    if found is None:
        found = session.execute(_BY_CODE, {"community_id": community.id, "code": code}).scalar_one_or_none()
        if found is not None:
            cache[community.id, code] = found
    return found


def find_operator(session: Session, community: Community, code: str, *, field: str = "operator") -> Operator:
    """The operator named in a request body: an unknown code is a validation error (422)."""
    operator = find_operator_or_none(session, community, code)
    if operator is None:
        raise ValidationFailed(f"no operator {code!r}", {field: [f"no operator {code!r}"]})
    return operator


def get_operator(session: Session, community: Community, code: str) -> Operator:
    """The operator named in a URL: unknown is 404."""
    operator = find_operator_or_none(session, community, code)
    if operator is None:
        raise NotFound(f"no operator {code!r}")
    return operator


def list_operators(session: Session, community: Community) -> list[Operator]:
    return list(session.execute(select(Operator).where(Operator.community_id == community.id)
                                .order_by(Operator.code)).scalars())
