from __future__ import annotations

from flask import current_app
from flask_smorest import Blueprint

from ledger import db
from ledger.auth.access import REVIEW, current_user, guarded
from ledger.timeutil import local_today
from ledger.todo import schemas
from ledger.todo.present import present
from ledger.todo.services import todo

blp = Blueprint("todo", __name__, url_prefix="/api/v1/communities",
                description="What is waiting for the caller's role (待办)")


@blp.get("/<string:c>/todo")
@guarded(REVIEW)
@blp.response(200, schemas.TodoOut)
def get_todo(community):
    """What waits for the caller in this community, by role (officer, approver, auditor)."""
    user, today = current_user(), local_today()
    found = todo(db.session(), community, user, today=today, settings=current_app.config["LEDGER"])
    return {"role": user.role, "community": community.code, "as_of": today, "todo": present(community, found)}
