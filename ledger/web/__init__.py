"""The signed-in web workspace: server-rendered pages for finance officers, approvers,
auditors and administrators, starting at /login."""
from __future__ import annotations

from importlib import import_module

from flask import Flask

from ledger.core.money import format_fen

# Each module adds its pages to the one blueprint (ledger/web/blueprint.py).
VIEW_MODULES = (
    "ledger.web.session_views",
    "ledger.web.home_views",
    "ledger.web.income_views",
    "ledger.web.operator_views",
    "ledger.web.agreement_views",
    "ledger.web.period_views",
    "ledger.web.audit_views",
    "ledger.web.admin_views",
    "ledger.web.money_views",
    "ledger.web.disbursement_views",
    "ledger.web.approval_views",
    "ledger.web.compound_views",
    "ledger.web.import_views",
    "ledger.web.question_views",
    "ledger.web.decision_views",
    "ledger.web.job_views",
)


def money(fen: int | None) -> str:
    """Fen for reading: 123456789 -> "1,234,567.89"."""
    if fen is None:
        return ""
    text = format_fen(fen)
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, fraction = digits.split(".")
    return f"{sign}{int(whole):,}.{fraction}"


def init_app(app: Flask) -> None:
    for name in VIEW_MODULES:
        import_module(name)
    from ledger.web.blueprint import bp
    app.register_blueprint(bp)
    app.add_template_filter(money, "money")
