"""The auditor's page: a date range, the trial balance over it, the chain head, and the
long work asked for from it (the audit workbook, the journal CSV, verifying the chain),
each a job whose progress the page shows."""
from __future__ import annotations

from datetime import date

from flask import redirect, render_template, request, url_for

from ledger import db
from ledger.auth.access import READ, actor, guarded
from ledger.exports import downloads
from ledger.i18n import is_english
from ledger.journal import balances, chain
from ledger.schemas import DateRangeArgs
from ledger.timeutil import local_today
from ledger.web.blueprint import bp
from ledger.web.forms import Form
from ledger.web.job_views import AUDIT_KINDS, recent_jobs


def range_of(form: Form) -> tuple[date, date] | None:
    loaded = form.load(DateRangeArgs())
    if loaded is None:
        return None
    end = loaded["to"] or local_today()
    start_day = loaded["from_"] or date(end.year, 1, 1)
    if start_day > end:
        form.note({"from": ["must not be after 'to'"]})
        return None
    return start_day, end


def page(community):
    form = Form({k: v for k, v in request.args.items() if k in ("from", "to")})
    span = range_of(form)
    session = db.session()
    rows = balances.trial_balance(session, community, *span) if span else []
    totals = {"debit": sum(r.debit for r in rows), "credit": sum(r.credit for r in rows)}
    if span:
        form.values.setdefault("from", span[0].isoformat())
        form.values.setdefault("to", span[1].isoformat())
    jobs = recent_jobs(community, AUDIT_KINDS)
    verification = next((job for job in jobs if job["kind"] == "chain_verification"), None)
    return render_template("workspace/audit.html", community=community, form=form, span=span, rows=rows,
                           totals=totals, head=chain.head(session, community), jobs=jobs,
                           verification=verification), form.status


@bp.get("/w/<c>/audit")
@guarded(READ)
def audit(community):
    return page(community)


def language() -> str:
    return "en" if is_english() else "zh"


def _download_range(community):
    """The range of the page's form, or the page itself with the problem marked."""
    form = Form({k: v for k, v in request.args.items() if k in ("from", "to")})
    span = range_of(form)
    return span, (None if span else page(community))


@bp.get("/w/<c>/audit/audit.xlsx")
@guarded(READ)
def download_audit_workbook(community):
    """The audit workbook of the chosen range: the same writer as the API's; a range too
    large to write in time becomes a job, followed on the page."""
    span, refused = _download_range(community)
    if refused:
        return refused
    if downloads.too_large_to_wait(community, *span):
        downloads.export_job(community, "audit_workbook", *span, lang=language())
        return _to_the_jobs(community, span)
    return downloads.audit_workbook_response(community, *span, lang=language(), generated_by=actor())


def _to_the_jobs(community, span: tuple[date, date]):
    return redirect(url_for("workspace.audit", c=community.code, **{"from": span[0].isoformat(),
                                                                    "to": span[1].isoformat()}, _anchor="jobs"), 303)


@bp.get("/w/<c>/audit/journal.csv")
@guarded(READ)
def download_journal_csv(community):
    """The journal dated in the chosen range as CSV: the same writer as the API's."""
    span, refused = _download_range(community)
    if refused:
        return refused
    if downloads.too_long_to_stream(community, *span):
        downloads.export_job(community, "journal_csv", *span, lang=language())
        return _to_the_jobs(community, span)
    return downloads.journal_csv_response(community, *span, lang=language())
