"""Checking parsed rows against the ledger, reading only: the rules ``record_income``
applies (operator, agreement in force, open month) plus the import's own (a reference
once per operator, in the file and in the ledger). Rows come in chunks, so the
references already posted cost one query per operator and chunk, not one per row.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Iterable, NamedTuple

from sqlalchemy import select
from sqlmodel import Session

from ledger.agreements import services as agreements
from ledger.agreements.models import Agreement
from ledger.communities.models import Community
from ledger.core.errors import AfterToday
from ledger.core.periods import ensure_not_future, format_month, month_start, period_key
from ledger.imports.errors import RowError
from ledger.imports.parsing import Parsed
from ledger.imports.seen import SeenReferences
from ledger.incomes.models import Income
from ledger.journal.services import closed_through
from ledger.operators.models import Operator
from ledger.operators.services import list_operators
from ledger.timeutil import local_today

_CACHE_LIMIT = 100_000  # (operator, category, day) answers kept; bounded whatever the file


class Keyed(NamedTuple):
    """A row that names an operator and a reference."""
    row: int
    reference: str
    operator: Operator


class Verdict:
    """What the check found for one chunk: errors by row, and rows posted before."""

    def __init__(self) -> None:
        self.errors: dict[int, list[RowError]] = defaultdict(list)
        self.posted: dict[int, str] = {}  # row -> why it counts as posted before

    def add(self, row: int, column: str, code: str, message: str) -> None:
        self.errors[row].append(RowError(row, column, code, message))


class RowChecker:
    def __init__(self, session: Session, community: Community) -> None:
        self.session, self.community = session, community
        self.closed = closed_through(session, community)
        self.today = local_today()
        self._by_code: dict[str, Operator] = {}
        self._by_name: dict[str, list[Operator]] = defaultdict(list)
        for operator in list_operators(session, community):
            self._by_code[operator.code] = operator
            self._by_name[operator.name].append(operator)
        self._in_force: dict[tuple[int, str | None, date], bool] = {}
        # (agreement id, period key) -> agreement: the accumulators the rows will add to.
        self.periods: dict[tuple[int, str], Agreement] = {}
        self._seen = SeenReferences()

    def close(self) -> None:
        self._seen.close()

    def operator(self, name: str) -> Operator | None:
        """An operator by code, or by name when exactly one has it."""
        found = self._by_code.get(name)
        if found is None and len(self._by_name.get(name, ())) == 1:
            found = self._by_name[name][0]
        return found

    def check(self, chunk: list[Parsed]) -> Verdict:
        """Every rule a row breaks, judged on the fields of it that could be read."""
        verdict = Verdict()
        keyed: list[Keyed] = []
        for parsed in chunk:
            verdict.errors[parsed.row].extend(parsed.errors)
            operator = self._check_row(parsed.row, parsed.cells, verdict)
            if operator is not None and parsed.cells.get("reference") is not None:
                keyed.append(Keyed(parsed.row, parsed.cells["reference"], operator))
        for key in keyed:
            first = self._seen.first_row(key.operator.id, key.reference, key.row)
            if first is not None:
                verdict.add(key.row, "reference", "duplicate_reference",
                            f"reference {key.reference!r} of operator {key.operator.code!r} is also on row {first}")
        posted = self.posted_before(keyed)
        for key in keyed:
            if key.row in posted:
                verdict.posted[key.row] = (f"reference {key.reference!r} of operator {key.operator.code!r} "
                                           f"was already posted (income {posted[key.row]})")
        return verdict

    def _check_row(self, row: int, cells: dict, verdict: Verdict) -> Operator | None:
        day = cells.get("occurred_on")
        if day is not None and self.closed is not None and month_start(day) <= self.closed:
            verdict.add(row, "occurred_on", "closed_month", f"the month {format_month(month_start(day))} is closed")
        if day is not None:
            try:
                ensure_not_future(day, self.today)  # the rule post_entry applies
            except AfterToday as error:
                verdict.add(row, "occurred_on", error.code, error.message)
        name = cells.get("operator")
        if name is None:
            return None
        operator = self.operator(name)
        if operator is None:
            problem = "names two operators; use the code" if self._by_name.get(name) else "is unknown"
            verdict.add(row, "operator", "unknown_operator", f"operator {name!r} {problem}")
            return None
        if day is not None and "category" in cells and not self._agreement_in_force(operator, cells["category"], day):
            verdict.add(row, "occurred_on", "no_agreement",
                        f"no agreement of operator {operator.code!r} is in force on {day.isoformat()}"
                        + (f" for category {cells['category']!r}" if cells["category"] else ""))
        return operator

    def _agreement_in_force(self, operator: Operator, category: str | None, day: date) -> bool:
        """As record_income decides: an agreement in force, or unsplit income allowed."""
        key = (operator.id, category, day)
        if key not in self._in_force:
            if len(self._in_force) >= _CACHE_LIMIT:
                self._in_force.clear()
            agreement = agreements.in_force(self.session, operator, category, day)
            if agreement is not None:
                self.periods[(agreement.id, period_key(day, agreement.period))] = agreement
            self._in_force[key] = agreement is not None or (
                self.community.allow_unsplit_income and not agreements.has_any(self.session, operator))
        return self._in_force[key]

    def posted_before(self, keyed: Iterable[Keyed]) -> dict[int, int]:
        """The rows whose (operator, reference) the ledger already holds: row -> that income's id."""
        by_operator: dict[int, list[Keyed]] = defaultdict(list)
        for key in keyed:
            by_operator[key.operator.id].append(key)
        found = {}
        for operator_id, keys in by_operator.items():
            existing = dict(self.session.execute(select(Income.reference, Income.id).where(
                Income.community_id == self.community.id, Income.operator_id == operator_id,
                Income.reference.in_({key.reference for key in keys}))).all())
            found.update({key.row: existing[key.reference] for key in keys if key.reference in existing})
        return found
