"""Who is asking, and may they? Every non-public route calls :func:`community_for` or
:func:`require_admin` before it does anything else.

A caller is identified by ``Authorization: Bearer <token>`` or, for the web
workspace, by the signed session cookie (whose unsafe requests must carry the CSRF
token). Roles: admin (users, communities), officer (writes and reads in its
communities), approver (approves disbursements in its communities and reads what it
approves), auditor (reads everything in its communities, private fields included,
writes nothing). Admin is not a bookkeeper: it sees what the public sees.
"""
from __future__ import annotations

from functools import wraps

from flask import g, request, session as web_session
from flask_smorest import Blueprint
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import bindparam, exists
from sqlmodel import select

from ledger import db
from ledger.auth.models import User, UserCommunity
from ledger.auth.services import community_ids, token_record, user_for_token
from ledger.communities.models import Community
from ledger.core.errors import Forbidden, NotAuthenticated, NotFound
from ledger.timeutil import utcnow

PUBLIC, READ, REVIEW, WRITE, APPROVE = "public", "read", "review", "write", "approve"
# Which roles hold each permission inside their communities.
_GRANTS = {
    READ: {"officer", "auditor"},  # everything, private fields included
    REVIEW: {"officer", "approver", "auditor"},  # disbursements and their vouchers
    WRITE: {"officer"},
    APPROVE: {"approver"},
}

csrf = CSRFProtect()


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def current_user() -> User | None:
    if "ledger_user" not in g:
        g.ledger_user = _identify()
    return g.ledger_user


def _identify() -> User | None:
    token = bearer_token()
    if token is not None:
        user = user_for_token(db.session(), token)
        if user is None:
            raise NotAuthenticated(_refusal(token))
        return user
    user_id = web_session.get("user_id")
    if user_id is None:
        return None
    user = db.session().get(User, user_id)
    if user is None or not user.is_active or web_session.get("auth_version") != _auth_version(user):
        web_session.clear()
        return None
    return user


def _refusal(token: str) -> str:
    record = token_record(db.session(), token)
    if record is not None and record.revoked_at is None and record.expires_at <= utcnow():
        return f"the API token expired at {record.expires_at:%Y-%m-%d %H:%M} UTC; ask for a new one"
    return "the API token is unknown or revoked"


def _auth_version(user: User) -> str:
    # Changing the password signs every other session out.
    return (user.password_hash or "")[-16:]


def sign_in(user: User) -> None:
    web_session.clear()
    web_session["user_id"] = user.id
    web_session["auth_version"] = _auth_version(user)
    g.ledger_user = user


def sign_out() -> None:
    web_session.clear()
    g.ledger_user = None


def actor() -> str:
    """The username every write records."""
    user = current_user()
    if user is None:
        raise NotAuthenticated()
    return user.username


def require_user() -> User:
    user = current_user()
    if user is None:
        raise NotAuthenticated()
    return user


def require_admin() -> User:
    user = require_user()
    if user.role != "admin":
        raise Forbidden("only an administrator may do this")
    return user


_COMMUNITY_BY_CODE = select(Community).where(Community.code == bindparam("code"))


def find_community(code: str) -> Community:
    community = None
    if code.isprintable():  # no code holds NUL or a lone surrogate, which could not even be queried
        community = db.session().execute(_COMMUNITY_BY_CODE, {"code": code}).scalars().first()
    if community is None:
        raise NotFound(f"no community {code!r}")
    return community


def can(user: User | None, permission: str, community: Community) -> bool:
    if permission == PUBLIC:
        return True
    if user is None or user.role not in _GRANTS[permission]:
        return False
    return community.id in _scope(user)


def _scope(user: User) -> frozenset[int]:
    cache = g.setdefault("ledger_scope", {})
    if user.id not in cache:
        cache[user.id] = community_ids(db.session(), user)
    return cache[user.id]


def community_for(code: str, permission: str = READ) -> Community:
    """The community a route works on, after checking the caller may ``permission`` it.

    401 without a caller (for non-public permissions), 404 for an unknown community,
    403 for a role or community outside the caller's scope.
    """
    user = current_user()
    if permission == PUBLIC:
        return find_community(code)
    if user is None:
        raise NotAuthenticated()
    community, member = _community_and_membership(code, user)
    if not (member and user.role in _GRANTS[permission]):
        raise Forbidden(f"your role does not allow this in community {code!r}")
    return community


# The community and whether the user belongs to it, in one query (every API request asks).
_COMMUNITY_AND_MEMBERSHIP = select(Community, exists().where(
    UserCommunity.user_id == bindparam("user_id"), UserCommunity.community_id == Community.id,
)).where(Community.code == bindparam("code"))


def _community_and_membership(code: str, user: User) -> tuple[Community, bool]:
    found = None
    if code.isprintable():  # as in find_community
        found = db.session().execute(_COMMUNITY_AND_MEMBERSHIP, {"code": code, "user_id": user.id}).first()
    if found is None:
        raise NotFound(f"no community {code!r}")
    return found[0], bool(found[1])


def protect_api_csrf() -> None:
    """Bearer-token API calls are exempt from CSRF; cookie-authenticated unsafe calls are not."""
    if not request.path.startswith("/api/") or request.method in db.SAFE_METHODS or bearer_token():
        return
    if web_session.get("user_id") is not None:
        csrf.protect()




def guarded(permission: str):
    """Route decorator: resolve the ``c`` path argument to the community after checking
    the caller's permission, before the body is even parsed (401/403 before 422), and
    pass it to the view as ``community``. Place it between the route and the arguments."""
    def decorator(view):
        @wraps(view)
        def wrapper(*args, c, **kwargs):
            with db.reading_first():
                community = community_for(c, permission)
            return view(*args, community=community, **kwargs)
        return Blueprint.doc(security=[] if permission == PUBLIC else [{"bearer": []}])(wrapper)
    return decorator


def admin_only(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        require_admin()
        return view(*args, **kwargs)
    return Blueprint.doc(security=[{"bearer": []}])(wrapper)
