"""Signing in and out, and choosing a community."""
from __future__ import annotations

from flask import make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ledger import db
from ledger.auth.access import require_user, sign_in, sign_out
from ledger.auth.services import user_communities
from ledger.web.blueprint import bp, safe_next
from ledger.web.forms import Form
from ledger.auth.signin import Throttled, WrongCredentials, authenticate


@bp.get("/login")
def login():
    return render_template("workspace/login.html", form=Form({"next": request.args.get("next", "")}))


@bp.post("/login")
def sign_in_page():
    form = Form.posted()
    username, password = form.get("username").strip(), form.get("password")
    if not username or not password:
        form.note({name: [_("Required.")] for name in ("username", "password") if not form.get(name).strip()})
        return _login_again(form)
    try:
        user = authenticate(username, password, request.remote_addr or "unknown")
    except Throttled as refusal:
        form.note({}, status=429, message=refusal.message)
        response = _login_again(form)
        response.headers["Retry-After"] = str(refusal.seconds)
        return response
    except WrongCredentials as refusal:
        form.note({}, status=401, message=refusal.message)
        return _login_again(form)
    sign_in(user)
    return redirect(safe_next(form.get("next")) or url_for("workspace.home"), 303)


def _login_again(form: Form):
    form.values.pop("password", None)  # never sent back
    return make_response(render_template("workspace/login.html", form=form), form.status)


@bp.post("/logout")
def logout():
    sign_out()
    return redirect(url_for("workspace.login"), 303)


@bp.get("/w/")
def home():
    """Admins go to their pages; anyone else to their community, or to a choice of them."""
    user = require_user()
    if user.role == "admin":
        return redirect(url_for("workspace.users"), 303)
    chosen = request.args.get("c")
    communities = user_communities(db.session(), user)
    if chosen:
        return redirect(url_for("workspace.community", c=chosen), 303)
    if len(communities) == 1:
        return redirect(url_for("workspace.community", c=communities[0].code), 303)
    return render_template("workspace/home.html", communities=communities)
