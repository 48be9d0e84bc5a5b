"""Users, passwords and API tokens. Services flush; they never commit."""
from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import bindparam
from sqlmodel import Session, select

from ledger.auth.models import ROLES, ApiToken, User, UserCommunity
from ledger.communities.models import Community
from ledger.core.errors import AlreadyExists, NotFound, ValidationFailed
from ledger.timeutil import utcnow

SYSTEM_USER = "system"
TOKEN_PREFIX = "lgr_"
TOKEN_DAYS = 90  # LEDGER_TOKEN_DAYS: how long a token works unless it is made for longer or shorter
MAX_TOKEN_DAYS = 3650
_USERNAME = re.compile(r"[a-z0-9][a-z0-9_.-]{1,63}")
_hasher = PasswordHasher()  # argon2id, memory-hard


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_matches(user: User, password: str) -> bool:
    if not user.password_hash:
        _hasher.hash(password)  # spend the same time whether or not the user can sign in
        return False
    try:
        return _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def check_password_strength(password: str) -> None:
    if len(password) < 10:
        raise ValidationFailed.on("password", "the password must have at least 10 characters")


def get_user(session: Session, username: str) -> User:
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None:
        raise NotFound(f"no user {username!r}")
    return user


def ensure_system_user(session: Session) -> User:
    """The user that CLI-run jobs act as; it has no password and cannot sign in."""
    user = session.exec(select(User).where(User.username == SYSTEM_USER)).first()
    if user is None:
        user = User(username=SYSTEM_USER, display_name="System", role="admin", created_by=SYSTEM_USER)
        session.add(user)
        session.flush()
    return user


def create_user(session: Session, username: str, role: str, *, created_by: str,
                password: str | None = None, communities: list[str] = (),
                display_name: str = "") -> User:
    problems = {}
    if not _USERNAME.fullmatch(username or ""):
        problems["username"] = ["2-64 characters: lowercase letters, digits, '_', '.', '-'"]
    if role not in ROLES:
        problems["role"] = [f"one of {', '.join(ROLES)}"]
    if problems:
        raise ValidationFailed("the user is not valid", problems)
    if session.exec(select(User.id).where(User.username == username)).first() is not None:
        raise AlreadyExists(f"user {username!r} already exists", {"username": ["already exists"]})
    if password is not None:
        check_password_strength(password)
    user = User(username=username, role=role, created_by=created_by, display_name=display_name,
                password_hash=hash_password(password) if password is not None else None)
    session.add(user)
    session.flush()
    for code in communities:
        grant_community(session, user, code, created_by=created_by)
    return user


def grant_community(session: Session, user: User, code: str, *, created_by: str) -> None:
    community = session.exec(select(Community).where(Community.code == code)).first()
    if community is None:
        raise NotFound(f"no community {code!r}", {"community": [f"no community {code!r}"]})
    if session.get(UserCommunity, (user.id, community.id)) is None:
        session.add(UserCommunity(user_id=user.id, community_id=community.id, created_by=created_by))
        session.flush()


def revoke_community(session: Session, user: User, code: str) -> None:
    """Take a community out of the user's scope; effective from the user's next request."""
    community = session.exec(select(Community).where(Community.code == code)).first()
    row = session.get(UserCommunity, (user.id, community.id)) if community is not None else None
    if row is None:
        raise NotFound(f"{user.username!r} has no role in community {code!r}")
    session.delete(row)
    session.flush()


def user_communities(session: Session, user: User) -> list[Community]:
    return list(session.exec(select(Community).join(UserCommunity, UserCommunity.community_id == Community.id)
                             .where(UserCommunity.user_id == user.id).order_by(Community.code)))


def list_users(session: Session) -> list[User]:
    """Every user but the system user (which cannot sign in)."""
    return list(session.exec(select(User).where(User.username != SYSTEM_USER).order_by(User.username)))


def get_user_by_id(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None or user.username == SYSTEM_USER:
        raise NotFound(f"no user {user_id}")
    return user


def set_role(session: Session, user: User, role: str, *, changed_by: str) -> None:
    if role not in ROLES:
        raise ValidationFailed.on("role", f"one of {', '.join(ROLES)}")
    if user.username == changed_by and user.role == "admin" and role != "admin":
        raise ValidationFailed.on("role", "you cannot take away your own administrator role")
    user.role = role
    session.add(user)
    session.flush()


def set_active(session: Session, user: User, active: bool, *, changed_by: str) -> None:
    """Deactivating signs the user out at once and stops their API tokens."""
    if user.username == changed_by and not active:
        raise ValidationFailed.on("active", "you cannot deactivate yourself")
    user.is_active = active
    session.add(user)
    session.flush()


def list_tokens(session: Session, user: User) -> list[ApiToken]:
    return list(session.exec(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())))


def set_password(session: Session, user: User, password: str) -> None:
    check_password_strength(password)
    user.password_hash = hash_password(password)
    session.add(user)
    session.flush()


def issue_token(session: Session, user: User, *, created_by: str, label: str = "", days: int = TOKEN_DAYS) -> str:
    """Create a token that works for ``days`` days and return it: the only time its text
    exists outside the caller (:func:`token_record` tells when it expires)."""
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise ValidationFailed.on("expires_in", f"from 1 to {MAX_TOKEN_DAYS} days")
    token, now = TOKEN_PREFIX + secrets.token_urlsafe(32), utcnow()
    session.add(ApiToken(user_id=user.id, token_hash=hash_token(token), prefix=token[:12], label=label,
                         created_at=now, created_by=created_by, expires_at=now + timedelta(days=days)))
    session.flush()
    return token


def token_record(session: Session, token: str) -> ApiToken | None:
    return session.exec(select(ApiToken).where(ApiToken.token_hash == hash_token(token))).first()


def all_tokens(session: Session) -> list[tuple[ApiToken, str]]:
    """Every token with its user's name: the ones that still work first, then the newest."""
    rows = session.execute(select(ApiToken, User.username).join(User, User.id == ApiToken.user_id)
                           .order_by(ApiToken.revoked_at.is_not(None), ApiToken.expires_at.desc(),
                                     ApiToken.id.desc())).all()
    return [(token, username) for token, username in rows]


def revoke_token(session: Session, token_id: int, *, revoked_by: str, user: User | None = None) -> None:
    """Revoke a token (of ``user``, when given); the next request that carries it is refused."""
    token = session.get(ApiToken, token_id)
    if token is None or (user is not None and token.user_id != user.id):
        raise NotFound("no such token")
    if token.revoked_at is None:
        token.revoked_at, token.revoked_by = utcnow(), revoked_by
        session.add(token)
        session.flush()


# Every API request runs these two: prebuilt, so that only their parameters change.
_USER_FOR_TOKEN = (select(User).join(ApiToken, ApiToken.user_id == User.id)
                   .where(ApiToken.token_hash == bindparam("token_hash"), ApiToken.revoked_at.is_(None),
                          ApiToken.expires_at > bindparam("now"), User.is_active))
_COMMUNITY_IDS = select(UserCommunity.community_id).where(UserCommunity.user_id == bindparam("user_id"))


def user_for_token(session: Session, token: str, now: datetime | None = None) -> User | None:
    """The active user of a token that is neither revoked nor expired."""
    return session.execute(_USER_FOR_TOKEN, {"token_hash": hash_token(token),
                                             "now": now or utcnow()}).scalars().first()


def community_ids(session: Session, user: User) -> frozenset[int]:
    return frozenset(session.execute(_COMMUNITY_IDS, {"user_id": user.id}).scalars())
