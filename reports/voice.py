"""The audit workbook's sheets of residents' voice: 议事会决议 (council decisions, one row
per approved project budget) and 居民提问 (residents' questions with their answers).
Rows come in computed (ledger/exports/voice.py); this module only lays them out. Every
text a person typed goes through the text column's formula guard."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Sequence

from openpyxl import Workbook

from reports import labels
from reports.sheet import DATE, INT, MONEY, SYSTEM, TEXT, Column, Sheet


@dataclass(frozen=True, slots=True)
class DecisionRow:
    """A decision and one budget it approved (``project`` None: it approved no budget)."""
    decision: int
    decided_on: date
    body: str
    subject: str
    votes_for: int
    votes_against: int
    abstentions: int
    attendance: int
    project: str | None
    budget: int | None  # fen
    minutes_sha256: str | None


@dataclass(frozen=True, slots=True)
class QuestionRow:
    id: int
    asked_on: date
    kind: str  # transaction | project | operator | compound
    ref: str
    month: str | None  # YYYY-MM
    state: str  # pending | released | refused (released also when published automatically)
    name: str
    text: str
    answer: str | None
    answered_by: str | None
    answered_on: date | None
    refusal: str | None
    overdue: bool


_DECISION_COLUMNS = (("decisions.id", INT, 9), ("decisions.date", DATE, 12), ("decisions.body", TEXT, 14),
                     ("decisions.subject", TEXT, 36), ("decisions.for", INT, 8), ("decisions.against", INT, 8),
                     ("decisions.abstentions", INT, 8), ("decisions.attendance", INT, 8),
                     ("decisions.project", TEXT, 16), ("decisions.budget", MONEY, 16),
                     ("decisions.minutes", SYSTEM, 66))
_QUESTION_COLUMNS = (("questions.id", INT, 8), ("questions.asked_on", DATE, 12), ("questions.about", TEXT, 22),
                     ("questions.month", SYSTEM, 9), ("questions.state", TEXT, 10), ("questions.name", TEXT, 12),
                     ("questions.text", TEXT, 48), ("questions.answer", TEXT, 48),
                     ("questions.answered_by", TEXT, 12), ("questions.answered_on", DATE, 12),
                     ("questions.refusal", TEXT, 30), ("questions.overdue", TEXT, 8))


def _columns(spec, lang: str) -> list[Column]:
    return [Column(labels.text(key, lang), kind, width) for key, kind, width in spec]


def write_decisions(workbook: Workbook, rows: Sequence[DecisionRow], lang: str) -> None:
    sheet = Sheet(workbook, labels.text("sheet.decisions", lang), _columns(_DECISION_COLUMNS, lang))
    for r in rows:
        sheet.append((r.decision, r.decided_on, r.body, r.subject, r.votes_for, r.votes_against, r.abstentions,
                      r.attendance, r.project, r.budget, r.minutes_sha256))
    sheet.close()


def question_values(row: QuestionRow, lang: str) -> tuple:
    t = lambda key: labels.text(key, lang)  # noqa: E731
    return (row.id, row.asked_on, f"{t(f'about.{row.kind}')} {row.ref}", row.month, t(f"qstate.{row.state}"),
            row.name or t("questions.anonymous"), row.text, row.answer, row.answered_by, row.answered_on,
            row.refusal, t("yes") if row.overdue else t("no"))


def write_questions(workbook: Workbook, rows: Sequence[QuestionRow], lang: str) -> None:
    sheet = Sheet(workbook, labels.text("sheet.questions", lang), _columns(_QUESTION_COLUMNS, lang))
    for row in rows:
        sheet.append(question_values(row, lang))
    sheet.close()
