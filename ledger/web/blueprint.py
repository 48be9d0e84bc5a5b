"""The workspace blueprint, what every page knows (who is signed in, in which community,
what they may open) and the answer to a caller who is not signed in."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from ledger import db
from ledger.auth.access import APPROVE, READ, REVIEW, WRITE, can, current_user
from ledger.auth.services import user_communities
from ledger.communities.models import Community
from ledger.core.errors import LedgerError, NotAuthenticated
from ledger.errors import status_of
from ledger.web import labels
from ledger.web.messages import localise

bp = Blueprint("workspace", __name__)


@bp.errorhandler(NotAuthenticated)
def _to_login(_error: NotAuthenticated):
    target = request.full_path if request.method == "GET" else request.path
    return redirect(url_for("workspace.login", next=target.rstrip("?")), 303)


@bp.errorhandler(LedgerError)
def _refused(error: LedgerError):
    return _error_page(status_of(error), error.message, error.errors)


@bp.errorhandler(CSRFError)
def _csrf_refused(_error: CSRFError):
    return _error_page(400, "the form has expired or was not sent from this site; reload the page")


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException):
    return _error_page(error.code or 500, error.description if (error.code or 500) < 500 else "internal error")


def _error_page(status: int, message: str, errors: dict | None = None):
    return render_template("workspace/error.html", status=status, message=message, errors=errors or {}), status


def safe_next(target: str | None) -> str | None:
    """A path inside the workspace to return to after signing in (never another site)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/w/") or "\\" in target:
        return None
    return target


def community_menu(community: Community | None) -> list[tuple[str, str]]:
    """(url, label) of the pages the signed-in user may open in this community."""
    user = current_user()
    if community is None or user is None:
        return []
    c = community.code
    items = [(REVIEW, url_for("workspace.community", c=c), _("Overview")),
             (WRITE, url_for("workspace.incomes", c=c), _("Incomes")),
             (WRITE, url_for("workspace.operators", c=c), _("Operators")),
             (WRITE, url_for("workspace.agreements", c=c), _("Agreements")),
             (WRITE, url_for("workspace.periods", c=c), _("Month close")),
             (REVIEW, url_for("workspace.funds", c=c), _("Funds")),
             (REVIEW, url_for("workspace.projects", c=c), _("Projects")),
             (REVIEW, url_for("workspace.decisions", c=c), _("Council decisions")),
             (WRITE, url_for("workspace.disbursements", c=c), _("Disbursements")),
             (APPROVE, url_for("workspace.approvals", c=c), _("Approvals")),
             (READ, url_for("workspace.compounds", c=c), _("Compounds")),
             (WRITE, url_for("workspace.imports", c=c), _("Import incomes")),
             (READ, url_for("workspace.audit", c=c), _("Audit")),
             (READ, url_for("workspace.questions", c=c), _("Residents' questions"))]
    return [(url, label) for permission, url, label in items if can(user, permission, community)]


def admin_menu() -> list[tuple[str, str]]:
    user = current_user()
    if user is None or user.role != "admin":
        return []
    return [(url_for("workspace.users"), _("Users")), (url_for("workspace.tokens"), _("API tokens")),
            (url_for("workspace.communities"), _("Communities"))]


@bp.app_template_filter("tr")
def _localise_filter(message: str) -> str:
    return localise(message)


@bp.context_processor
def _page_context() -> dict:
    user = current_user()
    return {"me": user, "labels": labels.all_labels(), "community_menu": community_menu, "admin_menu": admin_menu,
            "my_communities": user_communities(db.session(), user) if user is not None else []}
