"""Projects (公益项目 / 微项目): budgets and what has been committed and spent."""
from __future__ import annotations

from flask_smorest import Blueprint

from ledger import db
from ledger.auth.access import PUBLIC, WRITE, actor, guarded
from ledger.core.masking import mask_person, mask_phones
from ledger.disbursements import queries
from ledger.projects import schemas, services

blp = Blueprint("projects", __name__, url_prefix="/api/v1/communities",
                description="Projects (公益项目): what the funds pay for, with budgets")


def present(figures: services.ProjectFigures) -> dict:
    p = figures.project
    return {"code": p.code, "name": p.name, "purpose": p.purpose, "fund": figures.fund, "budget": figures.budget,
            "committed": figures.committed, "spent": figures.spent, "remaining": figures.remaining}


def public_payment(item: queries.DisbursementView) -> dict:
    d = item.disbursement
    return {"id": d.id, "paid_on": d.paid_on, "amount": d.amount, "item": d.item, "payee": mask_person(d.payee),
            "purpose": mask_phones(d.purpose), "transaction_seq": item.transaction_seq,
            "vouchers": [v.sha256 for v in item.vouchers]}


def _figures(community, code: str) -> services.ProjectFigures:
    return services.project_figures(db.session(), community, code)[0]


@blp.post("/<string:c>/projects")
@guarded(WRITE)
@blp.arguments(schemas.ProjectCreate)
@blp.response(201, schemas.ProjectOut)
def create_project(body, community):
    """Add a project drawing on a fund, with a budget (officer)."""
    project = services.create_project(db.session(), community, body, created_by=actor())
    return present(_figures(community, project.code))


@blp.get("/<string:c>/projects")
@guarded(PUBLIC)
@blp.response(200, schemas.ProjectOut(many=True))
def list_projects(community):
    """Every project with budget, committed, spent and remaining (public)."""
    return [present(f) for f in services.project_figures(db.session(), community)]


@blp.get("/<string:c>/projects/<string:code>")
@guarded(PUBLIC)
@blp.response(200, schemas.ProjectDetail)
def get_project(community, code):
    """One project, its budget changes and its payments, payees masked (public)."""
    session = db.session()
    project = services.get_project(session, community, code)
    changes = services.budget_changes(session, project)
    payments = [public_payment(item) for item in queries.paid(session, community, project=project)]
    return {**present(_figures(community, code)), "budget_changes": changes, "payments": payments}


@blp.post("/<string:c>/projects/<string:code>/budget")
@guarded(WRITE)
@blp.arguments(schemas.BudgetIn)
@blp.response(201, schemas.BudgetChanged)
def change_budget(body, community, code):
    """Raise (or cut) a project's budget, recording who and why; never below what is spent (officer)."""
    change = services.change_budget(db.session(), community, code, body["budget"], body["reason"],
                                    changed_by=actor())
    return {**present(_figures(community, code)), "change": change}
