"""The auditor's page: a date range, the trial balance over it, the chain head, the
chain verified on request, and the audit workbook and journal CSV of the range."""
from __future__ import annotations

import time
from datetime import date

from flask import render_template, request

from ledger import db
from ledger.auth.access import READ, actor, guarded
from ledger.exports import downloads
from ledger.i18n import is_english
from ledger.journal import balances, chain
from ledger.schemas import DateRangeArgs
from ledger.timeutil import local_today
from ledger.web.blueprint import bp
from ledger.web.forms import Form


def _range(form: Form) -> tuple[date, date] | None:
    loaded = form.load(DateRangeArgs())
    if loaded is None:
        return None
    end = loaded["to"] or local_today()
    start = loaded["from_"] or date(end.year, 1, 1)
    if start > end:
        form.note({"from": ["must not be after 'to'"]})
        return None
    return start, end


def _page(community, verification: dict | None = None):
    form = Form({k: v for k, v in request.args.items() if k in ("from", "to")})
    span = _range(form)
    session = db.session()
    rows = balances.trial_balance(session, community, *span) if span else []
    totals = {"debit": sum(r.debit for r in rows), "credit": sum(r.credit for r in rows)}
    if span:
        form.values.setdefault("from", span[0].isoformat())
        form.values.setdefault("to", span[1].isoformat())
    return render_template("workspace/audit.html", community=community, form=form, span=span, rows=rows,
                           totals=totals, head=chain.head(session, community),
                           verification=verification), form.status


@bp.get("/w/<c>/audit")
@guarded(READ)
def audit(community):
    return _page(community)


@bp.get("/w/<c>/audit/verification")
@guarded(READ)
def verify_chain(community):
    """Recompute every hash of the community's chain now (a read: nothing is written)."""
    started = time.perf_counter()
    broken = chain.verify(db.session(), community)
    result = {"ok": broken is None, "seq": broken.seq if broken else None,
              "reason": broken.reason if broken else None, "seconds": time.perf_counter() - started}
    return _page(community, result)


def _download_range(community):
    """The range of the page's form, or the page itself with the problem marked."""
    form = Form({k: v for k, v in request.args.items() if k in ("from", "to")})
    span = _range(form)
    return span, (None if span else _page(community))


def _language() -> str:
    return "en" if is_english() else "zh"


@bp.get("/w/<c>/audit/audit.xlsx")
@guarded(READ)
def download_audit_workbook(community):
    """The audit workbook of the chosen range: the same writer as the API's."""
    span, refused = _download_range(community)
    if refused:
        return refused
    return downloads.audit_workbook_response(community, *span, lang=_language(), generated_by=actor())


@bp.get("/w/<c>/audit/journal.csv")
@guarded(READ)
def download_journal_csv(community):
    """The journal dated in the chosen range as CSV: the same writer as the API's."""
    span, refused = _download_range(community)
    if refused:
        return refused
    return downloads.journal_csv_response(community, *span, lang=_language())
