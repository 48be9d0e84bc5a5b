"""Words and pictures for the public pages: labels in the reader's language, money for
people, the chart. Templates call these; the figures come from the services."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from babel.dates import format_date, format_skeleton
from flask import Flask
from flask_babel import get_locale, gettext as _, lazy_gettext as _l
from markupsafe import Markup

from ledger.core.money import format_fen, format_fen_grouped, format_percent
from ledger.public.charts import Series, monthly_bars
from ledger.public.services import Home

KINDS = {
    "cafe": _l("Café"), "canteen": _l("Community canteen"), "parking": _l("Parking"),
    "group_buying": _l("Group buying"), "market": _l("Market"), "childcare": _l("Childcare"),
    "venue": _l("Venue rental"), "advertising": _l("Advertising"),
    "property_management": _l("Property management"), "other": _l("Other business"),
}
SETTLEMENTS = {
    "community_collects": _l("The community company collects the takings"),
    "operator_collects": _l("The operator collects the takings and pays the shares over"),
}
BASES = {"gross": _l("of gross income"), "net_profit": _l("of net profit")}
PERIODS = {"month": _l("settled monthly"), "quarter": _l("settled quarterly"), "year": _l("settled yearly")}
SOURCES = {
    "income": _l("Income"), "declaration": _l("Profit declaration"), "disbursement": _l("Payment"),
    "transfer": _l("Transfer"), "reversal": _l("Reversal"), "opening": _l("Opening balance"),
    "remittance": _l("Remittance"),
}


def yuan(fen: int) -> str:
    """¥1,234.50 (and -¥5.00)."""
    return ("-" if fen < 0 else "") + "¥" + format_fen_grouped(abs(fen))


def plain(fen: int) -> str:
    """1234.50: the figure as the JSON writes it, for machines reading the page."""
    return format_fen(fen)


def percent(value: Decimal) -> str:
    return f"{format_percent(value)}%"


def month_name(month: date) -> str:
    return format_skeleton("yMMM", month, locale=str(get_locale()))


def short_month(month: date) -> str:
    return format_date(month, "MMM", locale=str(get_locale()))


def label(table: dict, key: str | None) -> str:
    return str(table[key]) if key in table else (key or "")


def _series(names: dict[str, str], columns: list[tuple[tuple[str, int], ...]]) -> list[Series]:
    """One series per code of the first column's (code, amount) pairs, named by ``names``."""
    codes = [code for code, _ in columns[0]] if columns else []
    return [Series(names[code], tuple(column[i][1] for column in columns)) for i, code in enumerate(codes)]


def chart_series(home: Home) -> tuple[list[Series], list[Series]]:
    """The home chart's inflow series (operators with any share this year, then other
    inflows) and outflow series (projects paid this year, then other outflows)."""
    inflows = _series({op.code: op.name for op in home.operators}, [m.inflows for m in home.months])
    inflows.append(Series(_("Other inflows"), tuple(m.other_inflow for m in home.months)))
    outflows = _series({p.code: p.name for p in home.projects}, [m.outflows for m in home.months])
    outflows.append(Series(_("Other outflows"), tuple(m.other_outflow for m in home.months)))
    return [s for s in inflows if any(s.values)], [s for s in outflows if any(s.values)]


def fund_chart(home: Home) -> Markup:
    inflows, outflows = chart_series(home)
    svg = monthly_bars([short_month(m.month) for m in home.months], inflows, outflows, chart_id="fund-chart",
                       title=_("%(fund)s by month, %(year)s: inflows by business and outflows by project",
                               fund=home.fund.name, year=home.year))
    return Markup(svg)  # safe: monthly_bars escapes every text it writes


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(yuan=yuan, plain=plain, percent=percent, month_name=month_name)
    app.jinja_env.globals.update(kind_label=lambda k: label(KINDS, k),
                                 settlement_label=lambda k: label(SETTLEMENTS, k),
                                 basis_label=lambda k: label(BASES, k), period_label=lambda k: label(PERIODS, k),
                                 source_label=lambda k: label(SOURCES, k))
