"""The trust-property monthly disclosure (收支公示表) of one compound.

Takes the compound's statement as the API gives it, with amounts in fen::

    {"month": "2026-09", "opening_balance": 0, "income": [{"item": "物业费", "amount": 0}],
     "remuneration": 0, "expenses": [{"item": "...", "amount": 0, "vouchers": [...]}],
     "closing_balance": 0, "year_to_date": {...} or 0}

Payees must already be masked. Vouchers are references (strings) or objects, shown by
their ``reference``, ``name``, ``filename`` or ``sha256``.
"""
from __future__ import annotations

import io
from datetime import date

from reports import labels
from reports.sheet import MONEY, TEXT, Column, Sheet, new_workbook, save

_VOUCHER_KEYS = ("reference", "name", "filename", "sha256", "id")
_YEAR_TO_DATE_KEYS = {"opening_balance": "disclosure.opening", "income": "disclosure.income_total",
                      "remuneration": "disclosure.remuneration", "expenses": "disclosure.expense_total",
                      "closing_balance": "disclosure.closing"}


def disclosure_rows(statement: dict, lang: str = labels.ZH) -> list[tuple]:
    """(item, detail, amount in fen, vouchers) rows: opening, income by item and its
    total, remuneration, expenses by item and their total, closing, year to date."""
    t = lambda key: labels.text(key, lang)  # noqa: E731
    income, expenses = statement.get("income") or [], statement.get("expenses") or []
    rows = [(t("disclosure.opening"), None, statement["opening_balance"], None)]
    rows += [(t("disclosure.income"), line["item"], line["amount"], None) for line in income]
    rows.append((t("disclosure.income_total"), None, sum(line["amount"] for line in income), None))
    rows.append((t("disclosure.remuneration"), None, statement.get("remuneration") or 0, None))
    rows += [(t("disclosure.expenses"), line["item"], line["amount"], vouchers_text(line.get("vouchers")))
             for line in expenses]
    rows.append((t("disclosure.expense_total"), None, sum(line["amount"] for line in expenses), None))
    rows.append((t("disclosure.closing"), None, statement["closing_balance"], None))
    return rows + year_to_date_rows(statement.get("year_to_date"), lang)


def year_to_date_rows(value, lang: str) -> list[tuple]:
    label = labels.text("disclosure.year_to_date", lang)
    if value is None:
        return []
    if isinstance(value, dict):  # only the figures: other keys (the span's dates) are not amounts
        return [(label, labels.text(text_key, lang), _total(value[key]), None)
                for key, text_key in _YEAR_TO_DATE_KEYS.items() if key in value]
    return [(label, None, value, None)]


def _total(amount) -> int:
    """A year-to-date figure: an amount, or a list of {item, amount} lines summed."""
    if isinstance(amount, list):
        return sum(line["amount"] for line in amount)
    return amount


def vouchers_text(vouchers) -> str | None:
    if not vouchers:
        return None
    return ", ".join(_voucher(v) for v in vouchers)


def _voucher(voucher) -> str:
    if isinstance(voucher, dict):
        return str(next((voucher[key] for key in _VOUCHER_KEYS if voucher.get(key)), ""))
    return str(voucher)


def disclosure_workbook(statement: dict, lang: str = labels.ZH, *, compound: str | None = None,
                        community: str | None = None) -> bytes:
    """The disclosure as .xlsx bytes (Chinese by default, ``lang="en"`` for English)."""
    lang = labels.language(lang)
    t = lambda key: labels.text(key, lang)  # noqa: E731
    month = statement["month"]
    month = month.strftime("%Y-%m") if isinstance(month, date) else str(month)
    preamble = [[t("disclosure.title")]]
    if community or compound:
        preamble.append([t("disclosure.compound"), " · ".join(x for x in (community, compound) if x)])
    preamble.append([t("disclosure.month"), month])
    workbook = new_workbook()
    sheet = Sheet(workbook, t("sheet.disclosure"),
                  [Column(t("disclosure.item"), TEXT, 18), Column(labels.text("funds.detail", lang), TEXT, 36),
                   Column(t("disclosure.amount"), MONEY, 16), Column(t("disclosure.vouchers"), TEXT, 40)],
                  preamble=preamble)
    for row in disclosure_rows(statement, lang):
        sheet.append(row)
    sheet.close()
    buffer = io.BytesIO()
    save(workbook, buffer)
    return buffer.getvalue()
