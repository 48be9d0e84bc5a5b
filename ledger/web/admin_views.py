"""Administrators: users, their roles and community scopes, API tokens, communities."""
from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from flask import current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from marshmallow import Schema, fields, validate

from ledger import db
from ledger.auth import services
from ledger.auth.access import actor, admin_only
from ledger.auth.models import ROLES
from ledger.communities.services import create_community, list_communities
from ledger.core.errors import LedgerError
from ledger.fields import Code, Text
from ledger.web.blueprint import bp
from ledger.timeutil import utcnow
from ledger.web.forms import Form

USER_FIELDS = ("username", "display_name", "role", "password", "communities")


class NewToken(NamedTuple):
    """A token just made: shown this once, with when it stops working."""
    text: str
    expires_at: datetime


class UserCreate(Schema):
    username = Code(required=True)
    display_name = Text(load_default="", max_length=100, allow_empty=True)
    role = Code(required=True, max_length=16)
    password = Text(load_default=None, strip=False, max_length=1000)


class TokenCreate(Schema):
    label = Text(load_default="", max_length=100, allow_empty=True)
    expires_in = fields.Integer(load_default=None, validate=validate.Range(1, services.MAX_TOKEN_DAYS))


class CommunityCreate(Schema):
    code = Code(required=True, max_length=32)
    name = Text(required=True, max_length=200)


def _users_page(form: Form):
    session = db.session()
    users = [(user, services.user_communities(session, user)) for user in services.list_users(session)]
    return render_template("workspace/admin/users.html", form=form, users=users, roles=ROLES,
                           communities=list_communities(session), fields=USER_FIELDS), form.status


@bp.get("/w/admin/users")
@admin_only
def users():
    return _users_page(Form({"role": "officer", "communities": []}))


@bp.post("/w/admin/users")
@admin_only
def create_user():
    form = Form.posted()
    form.values["communities"] = request.form.getlist("communities")
    body = form.load(UserCreate())
    if body is None:
        return _users_page(form)
    try:
        user = services.create_user(db.session(), body["username"], body["role"], created_by=actor(),
                                    password=body["password"], communities=form.values["communities"],
                                    display_name=body["display_name"])
    except LedgerError as error:
        form.refuse(error)
        return _users_page(form)
    flash(_("User %(name)s added.", name=user.username))
    return redirect(url_for("workspace.user", user_id=user.id), 303)


def _user_page(user_id: int, status: int = 200, new_token: NewToken | None = None, **forms: Form):
    session = db.session()
    user = services.get_user_by_id(session, user_id)
    mine = services.user_communities(session, user)
    others = [c for c in list_communities(session) if c.id not in {m.id for m in mine}]
    forms = {name: forms.get(name) or Form({"role": user.role} if name == "role" else {})
             for name in ("role", "active", "password", "scope", "token")}
    response = make_response(render_template(
        "workspace/admin/user.html", user=user, communities=mine, other_communities=others, roles=ROLES,
        community_options=[(c.code, f"{c.name} ({c.code})") for c in others],
        tokens=services.list_tokens(session, user), forms=forms, new_token=new_token, now=utcnow(),
        token_days=current_app.config["LEDGER"]["TOKEN_DAYS"]), status)
    if new_token:
        response.headers["Cache-Control"] = "no-store"  # the token is shown this once
    return response


@bp.get("/w/admin/users/<int:user_id>")
@admin_only
def user(user_id: int):
    return _user_page(user_id)


def _change(user_id: int, form_name: str, change, done: str):
    """Apply one change to a user from one of the forms of the user's page."""
    form = Form.posted()
    session = db.session()
    target = services.get_user_by_id(session, user_id)
    try:
        change(session, target, form)
    except LedgerError as error:
        form.refuse(error)
        return _user_page(user_id, form.status, **{form_name: form})
    flash(done)
    return redirect(url_for("workspace.user", user_id=user_id), 303)


@bp.post("/w/admin/users/<int:user_id>/role")
@admin_only
def set_role(user_id: int):
    return _change(user_id, "role", lambda s, u, f: services.set_role(s, u, f.get("role"), changed_by=actor()),
                   _("Role changed."))


@bp.post("/w/admin/users/<int:user_id>/active")
@admin_only
def set_active(user_id: int):
    return _change(user_id, "active", lambda s, u, f: services.set_active(s, u, f.get("active") == "1",
                                                                          changed_by=actor()), _("Saved."))


@bp.post("/w/admin/users/<int:user_id>/password")
@admin_only
def set_password(user_id: int):
    return _change(user_id, "password", lambda s, u, f: services.set_password(s, u, f.get("password")),
                   _("Password changed: the user's other sessions are signed out."))


@bp.post("/w/admin/users/<int:user_id>/communities")
@admin_only
def grant_community(user_id: int):
    return _change(user_id, "scope", lambda s, u, f: services.grant_community(s, u, f.get("community"),
                                                                              created_by=actor()), _("Saved."))


@bp.post("/w/admin/users/<int:user_id>/communities/<code>/removal")
@admin_only
def revoke_community(user_id: int, code: str):
    return _change(user_id, "scope", lambda s, u, f: services.revoke_community(s, u, code), _("Saved."))


@bp.post("/w/admin/users/<int:user_id>/tokens")
@admin_only
def create_token(user_id: int):
    form = Form.posted()
    body = form.load(TokenCreate())
    if body is None:
        return _user_page(user_id, form.status, token=form)
    session = db.session()
    days = body["expires_in"] or current_app.config["LEDGER"]["TOKEN_DAYS"]
    token = services.issue_token(session, services.get_user_by_id(session, user_id), created_by=actor(),
                                 label=body["label"], days=days)
    return _user_page(user_id, 201, new_token=NewToken(token, services.token_record(session, token).expires_at))


@bp.post("/w/admin/users/<int:user_id>/tokens/<int:token_id>/revocation")
@admin_only
def revoke_token(user_id: int, token_id: int):
    return _change(user_id, "token", lambda s, u, f: services.revoke_token(s, token_id, revoked_by=actor(), user=u),
                   _("Token revoked: it no longer works."))


@bp.get("/w/admin/tokens")
@admin_only
def tokens():
    """Every API token of every user: who, what for, until when; revoke any that works."""
    return render_template("workspace/admin/tokens.html", tokens=services.all_tokens(db.session()), now=utcnow())


@bp.post("/w/admin/tokens/<int:token_id>/revocation")
@admin_only
def revoke_any_token(token_id: int):
    services.revoke_token(db.session(), token_id, revoked_by=actor())
    flash(_("Token revoked: it no longer works."))
    return redirect(url_for("workspace.tokens"), 303)


def _communities_page(form: Form):
    return render_template("workspace/admin/communities.html", form=form,
                           communities=list_communities(db.session())), form.status


@bp.get("/w/admin/communities")
@admin_only
def communities():
    return _communities_page(Form())


@bp.post("/w/admin/communities")
@admin_only
def create_community_page():
    form = Form.posted()
    body = form.load(CommunityCreate())
    if body is None:
        return _communities_page(form)
    try:
        created = create_community(db.session(), body["code"], body["name"], created_by=actor())
    except LedgerError as error:
        form.refuse(error)
        return _communities_page(form)
    flash(_("Community %(name)s created.", name=created.name))
    return redirect(url_for("workspace.communities"), 303)
