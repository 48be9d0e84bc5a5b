"""The decisions behind a project, for any page to show (the public project page, the
approver's view of a disbursement): ``project_decisions(community, code)`` in templates."""
from __future__ import annotations

from flask import Flask

from ledger import db
from ledger.decisions.services import ProjectDecision, project_decisions


def decisions_behind(community, code: str | None) -> list[ProjectDecision]:
    return project_decisions(db.session(), community, code) if code else []


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(project_decisions=decisions_behind)
