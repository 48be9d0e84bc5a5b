"""Council decisions in the workspace: the list with each decision's votes, approved
budgets and minutes; recording a decision; attaching its minutes (stored like vouchers)."""
from __future__ import annotations

import re

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ledger import db
from ledger.auth.access import REVIEW, WRITE, actor, can, current_user, guarded
from ledger.core.errors import LedgerError, NotFound
from ledger.decisions import services
from ledger.decisions.schemas import DecisionCreate
from ledger.disbursements.vouchers import file_response, voucher_root
from ledger.timeutil import local_today
from ledger.web.blueprint import bp
from ledger.web.forms import Form

FIELDS = ("decided_on", "body", "subject", "votes_for", "votes_against", "abstentions", "attendance", "projects")
BODIES = ("居民议事会", "红色议事会", "业主大会", "业主委员会", "居民代表会议")
_LINE = re.compile(r"\s*(\S+?)[\s,，:：]+(\S+)\s*")


def _page(community, form: Form, target: int | None = None):
    return render_template("workspace/decisions.html", community=community, form=form, fields=FIELDS,
                           target=target, blank=Form(), bodies=BODIES,
                           decisions=services.list_decisions(db.session(), community),
                           may_write=can(current_user(), WRITE, community)), form.status


@bp.get("/w/<c>/decisions")
@guarded(REVIEW)
def decisions(community):
    return _page(community, Form({"decided_on": local_today().isoformat(), "body": BODIES[0]}))


def approved_lines(form: Form) -> list[dict] | None:
    """The form's "code budget" lines as the API's projects, or None with the problem noted."""
    found = []
    for number, line in enumerate(form.get("projects").splitlines(), start=1):
        if not line.strip():
            continue
        match = _LINE.fullmatch(line)
        if match is None:
            form.note({"projects": [_("line %(number)s: a project code, then its approved budget", number=number)]})
            return None
        found.append({"code": match.group(1), "budget": match.group(2)})
    return found


def _is_count(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) <= 9


@bp.post("/w/<c>/decisions")
@guarded(WRITE)
def create_decision(community):
    form = Form.posted()
    projects = approved_lines(form)
    data = {k: form.get(k).strip() for k in FIELDS[:-1] if form.get(k).strip()}
    data.update({k: int(data[k]) for k in FIELDS[3:7] if _is_count(data.get(k, ""))})
    body = form.load(DecisionCreate(), {**data, "projects": projects or []}) if projects is not None else None
    if body is None:
        return _page(community, form)
    try:
        view = services.create_decision(db.session(), community, body, today=local_today(), created_by=actor())
    except LedgerError as error:
        form.refuse(error)
        return _page(community, form)
    flash(_("Decision %(id)s recorded. Attach its minutes below.", id=view.decision.id))
    return redirect(url_for("workspace.decisions", c=community.code) + f"#d-{view.decision.id}", 303)


@bp.post("/w/<c>/decisions/<int:decision_id>/minutes")
@guarded(WRITE)
def upload_minutes(community, decision_id: int):
    form = Form.posted()
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        form.note({"file": [_("Choose a PDF, JPEG or PNG file.")]})
        return _page(community, form, decision_id)
    max_bytes = current_app.config["LEDGER"]["VOUCHER_MAX_BYTES"]
    try:
        services.attach_minutes(db.session(), community, decision_id, upload.stream.read(max_bytes + 1),
                                upload.filename, root=voucher_root(current_app), max_bytes=max_bytes, by=actor())
    except LedgerError as error:
        form.refuse(error)
        return _page(community, form, decision_id)
    flash(_("Minutes of decision %(id)s attached.", id=decision_id))
    return redirect(url_for("workspace.decisions", c=community.code) + f"#d-{decision_id}", 303)


@bp.get("/w/<c>/decisions/<int:decision_id>/minutes")
@guarded(REVIEW)
def minutes_file(community, decision_id: int):
    """The minutes shown in the browser, or saved with ?download=1 (a read: nothing is written)."""
    decision = services.get_decision(db.session(), community, decision_id)
    if decision.minutes_sha256 is None:
        raise NotFound(f"decision {decision_id} has no minutes yet")
    return file_response(current_app, decision.minutes_sha256, decision.minutes_content_type,
                         services.minutes_download_name(decision), inline=request.args.get("download") != "1")
