"""Closing a month: what will be checked, what is wrong if it cannot close, and closing it."""
from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ledger import db
from ledger.auth.access import WRITE, actor, guarded
from ledger.core.errors import LedgerError
from ledger.core.periods import format_month, month_end, month_start, next_month, previous_month
from ledger.closing import close_month, closing_problems
from ledger.journal.services import closed_through
from ledger.timeutil import local_today
from ledger.web import queries
from ledger.web.blueprint import bp
from ledger.web.forms import Form, month_field


def next_to_close(session, community) -> date:
    """The month after the last closed one; with none closed yet, last month."""
    last = closed_through(session, community)
    return next_month(last) if last is not None else previous_month(month_start(local_today()))


def _page(community, form: Form, month: date | None):
    session = db.session()
    problems = closing_problems(session, community, month, local_today()) if month else []
    activity = queries.month_activity(session, community, month, month_end(month)) if month else (0, 0)
    return render_template("workspace/periods.html", community=community, form=form, month=month,
                           month_end=month_end(month) if month else None, problems=problems,
                           activity=activity, last_closed=closed_through(session, community),
                           closed=queries.closed_months(session, community)), form.status


@bp.get("/w/<c>/periods")
@guarded(WRITE)
def periods(community):
    form = Form({"month": request.args.get("month") or format_month(next_to_close(db.session(), community))})
    return _page(community, form, month_field(form))


@bp.post("/w/<c>/periods/close")
@guarded(WRITE)
def close_period(community):
    form = Form.posted()
    month = month_field(form)
    if month is None:
        return _page(community, form, None)
    try:
        _closed, snapshot = close_month(db.session(), community, month, closed_by=actor(),
                                                 today=local_today())
    except LedgerError as error:
        form.refuse(error)
        return _page(community, form, month)
    flash(_("%(month)s is closed: closing balances of %(count)s accounts stored.",
            month=format_month(month), count=len(snapshot)))
    return redirect(url_for("workspace.periods", c=community.code), 303)
