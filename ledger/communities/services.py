"""Creating and reading communities."""
from __future__ import annotations

import re

from sqlalchemy import select
from sqlmodel import Session

from ledger.communities.models import Community
from ledger.core.errors import AlreadyExists, ValidationFailed
from ledger.funds.services import seed_public_benefit_fund
from ledger.journal.accounts import seed_chart
from ledger.journal.services import start_chain

_CODE = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")


def create_community(session: Session, code: str, name: str, *, created_by: str,
                     allow_unsplit_income: bool = False) -> Community:
    """A new community with its chart of accounts, public-benefit fund and an empty chain."""
    problems = {}
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        problems["code"] = ["1-32 lowercase letters, digits, '_' or '-'"]
    if not isinstance(name, str) or not name.strip():
        problems["name"] = ["a name is required"]
    if problems:
        raise ValidationFailed("the community is not valid", problems)
    if session.execute(select(Community.id).where(Community.code == code)).first() is not None:
        raise AlreadyExists(f"community {code!r} already exists", {"code": ["already exists"]})
    community = Community(code=code, name=name.strip(), created_by=created_by,
                          allow_unsplit_income=allow_unsplit_income)
    session.add(community)
    session.flush()
    seed_chart(session, community, created_by=created_by)
    seed_public_benefit_fund(session, community, created_by=created_by)
    start_chain(session, community)
    return community


def list_communities(session: Session) -> list[Community]:
    return list(session.execute(select(Community).order_by(Community.code)).scalars())
