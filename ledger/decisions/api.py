"""Council decisions (议事会决议): recorded by officers, public to everyone; the minutes'
SHA-256 is public, the file itself is for officers, approvers and auditors."""
from __future__ import annotations

from flask import current_app
from flask_smorest import Blueprint

from ledger import db
from ledger.auth.access import PUBLIC, REVIEW, WRITE, actor, guarded
from ledger.core.errors import NotFound
from ledger.decisions import schemas, services
from ledger.disbursements.vouchers import file_response, voucher_root
from ledger.timeutil import local_today

blp = Blueprint("decisions", __name__, url_prefix="/api/v1/communities",
                description="Council decisions (议事会决议): votes, minutes and the budgets they approved")


def present(view: services.DecisionView) -> dict:
    d = view.decision
    minutes = None if d.minutes_sha256 is None else {
        "sha256": d.minutes_sha256, "content_type": d.minutes_content_type, "size": d.minutes_size}
    return {"id": d.id, "decided_on": d.decided_on, "body": d.body, "subject": d.subject,
            "votes_for": d.votes_for, "votes_against": d.votes_against, "abstentions": d.abstentions,
            "attendance": d.attendance,
            "projects": [{"code": p.project_code, "budget": p.budget} for p in view.projects],
            "minutes": minutes, "created_at": d.created_at}


def _one(community, decision_id: int) -> dict:
    session = db.session()
    decision = services.get_decision(session, community, decision_id)
    return present(services.with_projects(session, [decision])[0])


@blp.post("/<string:c>/decisions")
@guarded(WRITE)
@blp.arguments(schemas.DecisionCreate)
@blp.response(201, schemas.DecisionOut)
def create_decision(body, community):
    """Record a council decision and the project budgets it approved (officer)."""
    view = services.create_decision(db.session(), community, body, today=local_today(), created_by=actor())
    return present(view)


@blp.get("/<string:c>/decisions")
@guarded(PUBLIC)
@blp.arguments(schemas.DecisionListArgs, location="query")
@blp.response(200, schemas.DecisionOut(many=True))
def list_decisions(args, community):
    """Every council decision, newest first, with the SHA-256 of its minutes (public)."""
    return [present(view) for view in services.list_decisions(db.session(), community, project=args["project"])]


@blp.post("/<string:c>/decisions/<int:decision_id>/minutes")
@guarded(WRITE)
@blp.arguments(schemas.MinutesUpload, location="files")
@blp.response(201, schemas.DecisionOut)
@blp.alt_response(200, schema=schemas.DecisionOut, description="the same file was already attached")
def upload_minutes(files, community, decision_id):
    """Attach the minutes, a PDF, JPEG or PNG (multipart field ``file``); stored by SHA-256 (officer)."""
    upload = files["file"]
    max_bytes = current_app.config["LEDGER"]["VOUCHER_MAX_BYTES"]
    data = upload.stream.read(max_bytes + 1)
    _decision, created = services.attach_minutes(db.session(), community, decision_id, data, upload.filename,
                                                 root=voucher_root(current_app), max_bytes=max_bytes, by=actor())
    return _one(community, decision_id), 201 if created else 200


@blp.get("/<string:c>/decisions/<int:decision_id>/minutes")
@guarded(REVIEW)
@blp.response(200, description="the minutes file, as an attachment")
def download_minutes(community, decision_id):
    """Download the minutes (officer, approver, auditor)."""
    decision = services.get_decision(db.session(), community, decision_id)
    if decision.minutes_sha256 is None:
        raise NotFound(f"decision {decision_id} has no minutes yet")
    return file_response(current_app, decision.minutes_sha256, decision.minutes_content_type,
                         services.minutes_download_name(decision))
