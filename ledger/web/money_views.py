"""Funds and projects: every fund's balance and what is committed from it; the projects
with their budgets, adding one, and one project with its disbursements."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ledger import db
from ledger.auth.access import REVIEW, WRITE, actor, can, current_user, guarded
from ledger.core.errors import LedgerError
from ledger.disbursements import queries as disbursement_queries
from ledger.disbursements.services import committed_of_fund
from ledger.funds.figures import fund_figures
from ledger.funds.services import list_funds
from ledger.projects import services as project_services
from ledger.projects.schemas import ProjectCreate
from ledger.timeutil import local_today
from ledger.web.blueprint import bp
from ledger.web.forms import Form
from ledger.web.money_labels import money_labels

PROJECT_FIELDS = ("code", "name", "purpose", "budget", "fund")
MAX_LISTED = 500


@bp.get("/w/<c>/funds")
@guarded(REVIEW)
def funds(community):
    """Balances as of today; available is what approvals have not yet promised."""
    session = db.session()
    rows = []
    today = local_today()
    for figures in fund_figures(session, community, today, today):  # one day's range: only the balance is shown
        committed = committed_of_fund(session, figures.fund)
        rows.append({"figures": figures, "committed": committed, "available": figures.balance - committed})
    return render_template("workspace/funds.html", community=community, rows=rows, money=money_labels())


def _projects_page(community, form: Form):
    session = db.session()
    return render_template("workspace/projects.html", community=community, form=form, fields=PROJECT_FIELDS,
                           rows=project_services.project_figures(session, community),
                           fund_options=[(f.code, f"{f.name} ({f.code})") for f in list_funds(session, community)],
                           may_write=can(current_user(), WRITE, community)), form.status


@bp.get("/w/<c>/projects")
@guarded(REVIEW)
def projects(community):
    return _projects_page(community, Form({"fund": "public_benefit"}))


@bp.post("/w/<c>/projects")
@guarded(WRITE)
def create_project(community):
    form = Form.posted()
    body = form.load(ProjectCreate())
    if body is None:
        return _projects_page(community, form)
    try:
        project = project_services.create_project(db.session(), community, body, created_by=actor())
    except LedgerError as error:
        form.refuse(error)
        return _projects_page(community, form)
    flash(_("Project %(name)s added.", name=project.name))
    return redirect(url_for("workspace.project", c=community.code, code=project.code), 303)


@bp.get("/w/<c>/projects/<code>")
@guarded(REVIEW)
def project(community, code: str):
    session = db.session()
    found = project_services.get_project(session, community, code)
    figures = project_services.project_figures(session, community, found.code)[0]
    items = disbursement_queries.page(session, community, project=found, limit=MAX_LISTED)
    return render_template("workspace/project.html", community=community, figures=figures,
                           items=list(reversed(items)), changes=project_services.budget_changes(session, found),
                           money=money_labels(), may_write=can(current_user(), WRITE, community))
