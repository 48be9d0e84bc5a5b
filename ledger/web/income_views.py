"""The income desk: record an income in a few keystrokes and see its split at once;
reverse an income with a reason."""
from __future__ import annotations

from flask import abort, redirect, render_template, session as web_session, url_for

from ledger import db, idempotency
from ledger.auth.access import WRITE, actor, guarded
from ledger.core.errors import LedgerError
from ledger.incomes import services
from ledger.incomes.schemas import IncomeCreate, ReversalIn
from ledger.incomes.services import Recorded
from ledger.operators.services import list_operators
from ledger.timeutil import local_today
from ledger.web import queries
from ledger.web.labels import operator_options
from ledger.web.blueprint import bp
from ledger.web.forms import Form, entry_key, new_entry_key

INCOME_FIELDS = ("operator", "amount", "occurred_on", "channel", "category", "reference", "payer", "note")
_RECORDED, _DEFAULTS, _REVERSED = "workspace.recorded_income", "workspace.income_defaults", "workspace.reversed_income"


def summary(recorded: Recorded, names: dict[str, str]) -> dict:
    """What the page shows of a recorded (or reversed) income: taken from the service's
    own answer, kept in the session across the redirect that follows the form."""
    allocation, income = recorded.allocation, recorded.income
    return {"id": income.id, "seq": recorded.seq, "operator": recorded.operator.code,
            "operator_name": recorded.operator.name, "occurred_on": income.occurred_on.isoformat(),
            "channel": income.channel, "amount": sum(a for _, _, a in allocation.shares) + allocation.remainder,
            "shares": [[to, names.get(to, to), amount] for to, _, amount in allocation.shares],
            "remainder": [allocation.remainder_account, names.get(allocation.remainder_account, ""),
                          allocation.remainder]}


def _desk(community, form: Form, *, recorded: dict | None = None, focus: str = "operator"):
    session = db.session()
    operators = list_operators(session, community)
    return render_template("workspace/incomes.html", community=community, form=form, recorded=recorded,
                           operators=operators, operator_options=operator_options(operators), focus=focus,
                           recent=queries.recent_incomes(session, community), fields=INCOME_FIELDS,
                           entry_key=new_entry_key()), form.status


@bp.get("/w/<c>/incomes")
@guarded(WRITE)
def incomes(community):
    defaults = entry_defaults()
    form = Form({"operator": defaults.get("operator", ""), "channel": defaults.get("channel", "wechat"),
                 "occurred_on": defaults.get("occurred_on") or local_today().isoformat()})
    recorded = last_recorded(community)
    return _desk(community, form, recorded=recorded, focus="amount" if defaults.get("operator") else "operator")


@bp.post("/w/<c>/incomes")
@guarded(WRITE)
def record_income(community):
    form = Form.posted()
    if enter_income(community, form) is None:
        return _desk(community, form)
    return redirect(url_for("workspace.incomes", c=community.code), 303)


def enter_income(community, form: Form) -> dict | None:
    """Record the income a page's form sent, once per page (its entry key): the recorded
    income as the page shows it (kept for the page after the redirect), or None with the
    problems noted on the form. The same form sent again shows the first result."""
    body = form.load(IncomeCreate())
    if body is None:
        return None
    session, key = db.session(), entry_key(form, INCOME_FIELDS)
    try:
        replay = idempotency.claim(session, community, key, {}, created_by=actor()) if key else None
        answer = replay.body if replay else _record(session, community, body)
    except LedgerError as error:
        form.refuse(error)
        return None
    if key and not replay:
        idempotency.remember(session, community, key, 201, answer)
    recorded = {**answer, "community": community.code, "replayed": bool(replay)}
    web_session[_RECORDED] = recorded
    web_session[_DEFAULTS] = {"operator": answer["operator"], "channel": answer["channel"],
                              "occurred_on": answer["occurred_on"]}
    return recorded


def last_recorded(community) -> dict | None:
    """The income just recorded here (once: the page after the redirect shows it)."""
    recorded = web_session.pop(_RECORDED, None)
    return recorded if recorded is not None and recorded.get("community") == community.code else None


def entry_defaults() -> dict:
    """The operator, channel and date of the last income this person recorded."""
    return dict(web_session.get(_DEFAULTS, {}))


def _record(session, community, body: dict) -> dict:
    body["occurred_on"] = body["occurred_on"] or local_today()
    recorded = services.record_income(session, community, body, created_by=actor())
    codes = {to for to, _, _ in recorded.allocation.shares} | {recorded.allocation.remainder_account}
    return summary(recorded, queries.account_names(session, community, codes))


def _income_page(community, income_id: int, form: Form, reversed_: dict | None = None):
    session = db.session()
    row = queries.income_row(session, community, income_id)
    if row is None:
        abort(404)
    return render_template("workspace/income.html", community=community, row=row, form=form,
                           split=queries.split_of(session, row.income.transaction_id),
                           reversed=reversed_), form.status


@bp.get("/w/<c>/incomes/<int:income_id>")
@guarded(WRITE)
def income(community, income_id: int):
    reversed_ = web_session.pop(_REVERSED, None)
    if reversed_ is not None and (reversed_.get("community"), reversed_.get("id")) != (community.code, income_id):
        reversed_ = None
    return _income_page(community, income_id, Form({"occurred_on": local_today().isoformat()}), reversed_)


@bp.post("/w/<c>/incomes/<int:income_id>/reversal")
@guarded(WRITE)
def reverse_income(community, income_id: int):
    form = Form.posted()
    body = form.load(ReversalIn())
    if body is None:
        return _income_page(community, income_id, form)
    session = db.session()
    try:
        recorded = services.reverse_income(session, community, income_id, body["reason"],
                                           occurred_on=body["occurred_on"] or local_today(), created_by=actor())
    except LedgerError as error:
        form.refuse(error)
        return _income_page(community, income_id, form)
    codes = {to for to, _, _ in recorded.allocation.shares} | {recorded.allocation.remainder_account}
    web_session[_REVERSED] = {**summary(recorded, queries.account_names(session, community, codes)),
                              "community": community.code}
    return redirect(url_for("workspace.income", c=community.code, income_id=income_id), 303)
