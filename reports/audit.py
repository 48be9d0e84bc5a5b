"""The audit workbook: cover, 凭证明细 journal, 科目余额表 trial balance, 公益金收支表
fund statement, 反哺明细 contributions, 议事会决议 council decisions and 居民提问
residents' questions. Rows come in computed; this module only lays them out."""
from __future__ import annotations

from typing import Iterable, Sequence

from ledger.core.chain import format_timestamp
from ledger.core.money import fen_to_decimal, format_percent
from reports import labels
from reports.journal import MAX_DATA_ROWS, JournalSheets
from reports.model import (INFLOW, OUTFLOW, Contribution, Cover, FundStatement, JournalSummary, ShareRate,
                           TransactionLike, TrialLine)
from reports.sheet import AUTO, INT, MONEY, TEXT, Column, Fen, Formula, Sheet, fitting_width, new_workbook, save
from reports.voice import DecisionRow, QuestionRow, write_decisions, write_questions


def audit_workbook(target, *, cover: Cover, transactions: Iterable[TransactionLike], trial: Sequence[TrialLine],
                   funds: Sequence[FundStatement], contributions: Sequence[Contribution], lang: str = labels.ZH,
                   max_rows: int = MAX_DATA_ROWS, decisions: Sequence[DecisionRow] = (),
                   questions: Sequence[QuestionRow] = (), trial_parents: Sequence[TrialLine] = ()) -> JournalSummary:
    """Write the workbook to ``target`` (a path or a binary file); return what the
    journal sheets hold. ``trial_parents``: the parent accounts with their sub-accounts'
    figures, shown below the trial balance's totals. The cover sheet comes first but is filled last, with the
    journal's counts."""
    lang = labels.language(lang)
    workbook = new_workbook()
    cover_sheet = Sheet(workbook, labels.text("sheet.cover", lang),
                        [Column(labels.text("cover.item", lang), TEXT, 34),
                         Column(labels.text("cover.value", lang), AUTO, 80, wrap=True)],
                        preamble=[[labels.text("cover.title", lang)]], filters=False)
    summary = JournalSheets(workbook, lang, max_rows).write(transactions, cover.community_code, cover.start, cover.end)
    write_trial_balance(Sheet(workbook, labels.text("sheet.trial", lang), _trial_columns(lang, [*trial, *trial_parents])),
                        trial, lang, trial_parents)
    write_fund_statements(Sheet(workbook, labels.text("sheet.funds", lang), _fund_columns(lang)), funds, lang)
    write_contributions(Sheet(workbook, labels.text("sheet.contributions", lang), _contribution_columns(lang)),
                        contributions, lang)
    write_decisions(workbook, decisions, lang)
    write_questions(workbook, questions, lang)
    for row in cover_rows(cover, summary, lang):
        cover_sheet.append(row)
    save(workbook, target)
    return summary


def cover_rows(cover: Cover, summary: JournalSummary, lang: str) -> list[tuple[str, object]]:
    t = lambda key: labels.text(key, lang)  # noqa: E731
    return [
        (t("cover.community"), cover.community_name),
        (t("cover.community_code"), cover.community_code),
        (t("cover.scope"), t("cover.scope_value")),
        (t("cover.from"), cover.start),
        (t("cover.to"), cover.end),
        (t("cover.generated_at"), format_timestamp(cover.generated_at)),
        (t("cover.generated_by"), cover.generated_by),
        (t("cover.version"), cover.version),
        (t("cover.first_seq"), cover.first_seq),
        (t("cover.last_seq"), cover.last_seq),
        (t("cover.previous_hash"), cover.previous_hash),
        (t("cover.last_hash"), cover.last_hash),
        (t("cover.head_seq"), cover.head_seq),
        (t("cover.head_hash"), cover.head_hash),
        (t("cover.transactions"), summary.transactions),
        (t("cover.postings"), summary.postings),
        (t("cover.outside"), summary.outside),
        (t("cover.debit_total"), Fen(cover.debit_total)),
        (t("cover.credit_total"), Fen(cover.credit_total)),
        (t("cover.fund_closing"), Fen(cover.fund_closing_total)),
        (t("cover.public_key"), cover.public_key),
        (t("cover.note"), t("cover.note_value")),
    ]


# -- 科目余额表 ----------------------------------------------------------------------------
_TRIAL_KEYS = ("trial.opening_debit", "trial.opening_credit", "trial.debit", "trial.credit",
               "trial.closing_debit", "trial.closing_credit")


def _trial_columns(lang: str, trial: Sequence[TrialLine] = ()) -> list[Column]:
    """Code and name columns as wide as their longest entry, so neither is cut on screen or paper."""
    code_width = fitting_width([line.account for line in trial], 16)
    name_width = fitting_width([line.name for line in trial], 28)
    return ([Column(labels.text("trial.account", lang), TEXT, code_width),
             Column(labels.text("trial.name", lang), TEXT, name_width), Column(labels.text("trial.type", lang), TEXT, 14)]
            + [Column(labels.text(key, lang), MONEY, 16) for key in _TRIAL_KEYS])


def trial_values(line: TrialLine) -> tuple[int, int, int, int, int, int]:
    """Opening and closing balances split to their debit or credit side."""
    return (max(line.opening, 0), max(-line.opening, 0), line.debit, line.credit,
            max(line.closing, 0), max(-line.closing, 0))


def write_trial_balance(sheet: Sheet, trial: Sequence[TrialLine], lang: str, parents: Sequence[TrialLine] = ()) -> None:
    for line in trial:
        sheet.append((line.account, line.name, labels.text(f"type.{line.type}", lang)) + trial_values(line))
    sheet.close()  # the filter covers the accounts, not the totals below them
    first, last = sheet.header_row + 1, sheet.rows
    total_row = last + 1
    sums = [Formula(f"=SUM({col}{first}:{col}{last})") if trial else 0 for col in "DEFGHI"]
    sheet.append((labels.text("trial.total", lang), None, None, *sums))
    checks = [Formula(f"={a}{total_row}-{b}{total_row}") for a, b in ("DE", "FG", "HI")]
    check_row = total_row + 1
    verdict = Formula(f'=IF(AND(ROUND(D{check_row},2)=0,ROUND(F{check_row},2)=0,ROUND(H{check_row},2)=0),'
                      f'"{labels.text("trial.balanced", lang)}","{labels.text("trial.unbalanced", lang)}")')
    sheet.append((labels.text("trial.check", lang), None, verdict, checks[0], None, checks[1], None, checks[2], None))
    if parents:  # both levels: below the totals, so no figure is counted twice
        sheet.append((None,) * 9)
        sheet.append((labels.text("trial.parents", lang), *(None,) * 8))
        for line in parents:
            sheet.append((line.account, line.name, labels.text(f"type.{line.type}", lang)) + trial_values(line))


# -- 公益金收支表 --------------------------------------------------------------------------
def _fund_columns(lang: str) -> list[Column]:
    return [Column(labels.text("funds.fund", lang), TEXT, 28), Column(labels.text("funds.item", lang), TEXT, 16),
            Column(labels.text("funds.detail", lang), TEXT, 40), Column(labels.text("funds.amount", lang), MONEY, 16)]


def fund_rows(fund: FundStatement, lang: str) -> list[tuple]:
    """Opening, inflows, their total, outflows, their total, closing: one fund's block."""
    t = lambda key: labels.text(key, lang)  # noqa: E731
    name = f"{fund.name} ({fund.code})"
    rows = [(name, t("funds.opening"), None, fund.opening)]
    for section, total_key in ((INFLOW, "funds.inflow_total"), (OUTFLOW, "funds.outflow_total")):
        rows += [(name, t(f"funds.{section}"), line.label, line.amount)
                 for line in fund.lines if line.section == section]
        rows.append((name, t(total_key), None, fund.total(section)))
    rows.append((name, t("funds.closing"), None, fund.closing))
    return rows


def write_fund_statements(sheet: Sheet, funds: Sequence[FundStatement], lang: str) -> None:
    for fund in funds:
        for row in fund_rows(fund, lang):
            sheet.append(row)
    sheet.close()


# -- 反哺明细 ------------------------------------------------------------------------------
_CONTRIBUTION_COLUMNS = (("contrib.operator", TEXT, 12), ("contrib.operator_name", TEXT, 18),
                         ("contrib.settlement", TEXT, 12), ("contrib.agreement", INT, 9),
                         ("contrib.category", TEXT, 10), ("contrib.period", TEXT, 10), ("contrib.basis", TEXT, 10),
                         ("contrib.basis_amount", MONEY, 16), ("contrib.target", TEXT, 18), ("contrib.rate", TEXT, 28),
                         ("contrib.due", MONEY, 14), ("contrib.posted", MONEY, 14), ("contrib.later", MONEY, 14),
                         ("contrib.received", MONEY, 14), ("contrib.outstanding", MONEY, 14))
_TARGET_COLUMN = "I"
_CONTRIBUTION_SUMS = "KLMNO"  # due, posted, later, received, outstanding
CONTRIBUTION_NOTES = ("contrib.note_rebuild", "contrib.note_basis", "contrib.note_posted", "contrib.note_received",
                      "contrib.note_totals")


def _contribution_columns(lang: str) -> list[Column]:
    return [Column(labels.text(key, lang), kind, width) for key, kind, width in _CONTRIBUTION_COLUMNS]


def contribution_target(row: Contribution, lang: str) -> str:
    """Whom the row's money is for: the share's beneficiary, or the advances' own heading."""
    return row.share.to if row.share is not None else labels.text("contrib.advance_target", lang)


def contribution_row(row: Contribution, lang: str) -> tuple:
    t = lambda key: labels.text(key, lang)  # noqa: E731
    figures = (row.due, row.posted, row.later, row.received, row.outstanding)
    if row.agreement is None:
        return (row.operator, row.operator_name, t(f"settlement.{row.settlement}"), None, None,
                t("contrib.advance"), None, None, contribution_target(row, lang), None, *figures)
    return (row.operator, row.operator_name, t(f"settlement.{row.settlement}"), row.agreement,
            row.category or t("contrib.all"), row.period, t(f"basis.{row.basis}"), row.basis_amount,
            contribution_target(row, lang), describe_share(row.share, row.minimum, lang), *figures)


def write_contributions(sheet: Sheet, rows: Sequence[Contribution], lang: str) -> None:
    """The rows, then a total per beneficiary (money for different funds and accounts is
    never added into one figure), then how to rebuild a row."""
    for row in rows:
        sheet.append(contribution_row(row, lang))
    sheet.close()
    first, last = sheet.header_row + 1, sheet.rows
    for target in dict.fromkeys(contribution_target(row, lang) for row in rows):
        sums = [Formula(target_sum(target, col, first, last)) for col in _CONTRIBUTION_SUMS]
        sheet.append((labels.text("trial.total", lang), *([None] * 7), target, None, *sums))
    blank = (None,) * len(_CONTRIBUTION_COLUMNS)
    sheet.append(blank)
    for key in CONTRIBUTION_NOTES:
        sheet.append((labels.text(key, lang), *blank[1:]))


def target_sum(target: str, column: str, first: int, last: int) -> str:
    """The sum of ``column`` over the rows for ``target``: an exact text comparison
    (SUMIF would read wildcards, and a code such as "211" as a number)."""
    quoted = target.replace('"', '""')
    where = f"${_TARGET_COLUMN}${first}:${_TARGET_COLUMN}${last}"
    return f'=SUMPRODUCT(({where}="{quoted}")*{column}{first}:{column}{last})'


def describe_share(share: ShareRate, minimum: int | None, lang: str) -> str:
    """One share's rate in words ("10%", tiers as marginal brackets) and the minimum (保底)."""
    text = _rate(share)
    if minimum is not None:
        text += ("; 保底 " if labels.language(lang) == labels.ZH else "; minimum ") + _yuan(minimum)
    return text


def describe_rate(shares: Sequence[ShareRate], minimum: int | None, lang: str) -> str:
    """An agreement's rates in words: "public_benefit 10%", tiers as marginal brackets,
    and the minimum (保底) of net-profit agreements."""
    parts = [f"{share.to} {_rate(share)}" for share in shares]
    if minimum is not None:
        parts.append(("保底 " if labels.language(lang) == labels.ZH else "minimum ") + _yuan(minimum))
    return "; ".join(parts)


def _rate(share: ShareRate) -> str:
    if share.percent is not None:
        return f"{format_percent(share.percent)}%"
    brackets, floor = [], None
    for up_to, percent in share.tiers:
        bound = f"≤{_yuan(up_to)}" if up_to is not None else f">{_yuan(floor or 0)}"
        brackets.append(f"{format_percent(percent)}% ({bound})")
        floor = up_to
    return ", ".join(brackets)


def _yuan(fen: int) -> str:
    return f"{fen_to_decimal(fen):,.2f}"
