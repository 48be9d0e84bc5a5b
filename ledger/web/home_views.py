"""A community's workspace home: what is waiting for the signed-in role (with links to the
pages that resolve it), today's takings at a glance, and a quick income entry whose split
shows as the amount is typed."""
from __future__ import annotations

from flask import current_app, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ledger import db
from ledger.agreements.models import SplitAccumulator
from ledger.agreements.services import in_force
from ledger.auth.access import READ, REVIEW, WRITE, can, current_user, guarded
from ledger.core.periods import period_key
from ledger.journal import chain
from ledger.operators.services import list_operators
from ledger.timeutil import local_today
from ledger.todo.present import url_of
from ledger.todo.services import todo
from ledger.todo.today import glance
from ledger.web import queries
from ledger.web.blueprint import bp
from ledger.web.forms import Form, new_entry_key
from ledger.web.income_views import INCOME_FIELDS, enter_income, entry_defaults, last_recorded
from ledger.web.labels import operator_options

QUICK_FIELDS = ("operator", "amount", "occurred_on", "channel", "reference")


def todo_labels() -> dict[str, str]:
    return {"drafts_without_voucher": _("Drafts without a voucher"),
            "drafts_not_submitted": _("Drafts ready to submit"),
            "rejected": _("Rejected disbursements to rework"),
            "approved_unpaid": _("Approved, not yet paid"),
            "months_to_close": _("Past months still open"),
            "declarations_due": _("Profit declarations due"),
            "receivables_overdue": _("Operators owing shares"),
            "imports_ready": _("Finished imports to look at"),
            "questions_pending": _("Residents' questions to answer"),
            "awaiting_approval": _("Awaiting your approval"),
            "last_verified": _("Last verification of the chain"),
            "exports_ready": _("Finished exports to download")}


def _waiting(community, user) -> list[tuple[str, int, list[dict]]]:
    found = todo(db.session(), community, user, today=local_today(), settings=current_app.config["LEDGER"])
    return [(name, listed.count, [{**raw, "url": url_of(community, raw["link"])} for raw in listed.items])
            for name, listed in found.items()]


def split_terms(session, community, operators, day) -> dict[str, dict]:
    """Per operator, what the live preview needs to ask the agreements' simulation for the
    split of a new income on ``day``: the gross agreement in force (None: no split at
    entry), and its period's total so far, so that tiers and rounding count what is
    already there."""
    terms = {}
    for operator in operators:
        agreement = in_force(session, operator, None, day)
        entry = {"settlement": operator.settlement, "agreement": None}
        if agreement is not None and agreement.basis == "gross":
            key = period_key(day, agreement.period)
            before = session.execute(select(SplitAccumulator.total).where(
                SplitAccumulator.agreement_id == agreement.id, SplitAccumulator.period_key == key)).scalar()
            shares = [{k: v for k, v in share.items() if k != "account"} for share in agreement.shares]
            entry.update(agreement={"basis": "gross", "period": agreement.period, "shares": shares},
                         period=key, before=int(before or 0))
        terms[operator.code] = entry
    return terms


def _quick_entry(session, community, user, form: Form | None) -> dict:
    operators = list_operators(session, community)
    today = local_today()
    if form is None:
        last = entry_defaults().get("operator") or queries.last_operator_of(session, community, user.username)
        form = Form({"operator": last or "", "channel": entry_defaults().get("channel", "wechat"),
                     "occurred_on": today.isoformat()})
    terms = split_terms(session, community, operators, today)
    targets = {share["to"] for entry in terms.values() if entry["agreement"] for share in entry["agreement"]["shares"]}
    return {"form": form, "operators": operators, "operator_options": operator_options(operators),
            "terms": terms, "names": queries.account_names(session, community, targets), "entry_key": new_entry_key(),
            "focus": "amount" if form.get("operator") else "operator", "fields": QUICK_FIELDS}


def _home(community, form: Form | None = None):
    session, user = db.session(), current_user()
    writes = can(user, WRITE, community)
    page = {"community": community, "head": chain.head(session, community), "waiting": _waiting(community, user),
            "todo_labels": todo_labels(), "glance": glance(session, community, local_today())
            if can(user, READ, community) else None,
            "quick": _quick_entry(session, community, user, form) if writes else None,
            "recorded": last_recorded(community) if writes else None}
    return render_template("workspace/community.html", **page), form.status if form else 200


@bp.get("/w/<c>/")
@guarded(REVIEW)
def community(community):
    return _home(community)


@bp.post("/w/<c>/quick-income")
@guarded(WRITE)
def quick_income(community):
    """Record an income from the home page; the page comes back ready for the next one."""
    form = Form.posted()
    form.values = {k: v for k, v in form.values.items() if k in INCOME_FIELDS or k == "entry_key"}
    if enter_income(community, form) is None:
        return _home(community, form)
    return redirect(url_for("workspace.community", c=community.code), 303)  # no #fragment: it would block autofocus
