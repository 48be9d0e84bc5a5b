"""反哺明细 rows rebuild from their own cells, whatever the range: due = f(basis amount)
for the row's share, even when the range ends inside a settlement period or before a
later-dated reversal that was entered early."""
import itertools
import math
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from export_downloads import BASE, download, workbook, yuan
from ledger import db
from ledger.agreements.services import create_agreement
from ledger.communities.services import create_community
from ledger.core.periods import period_bounds
from ledger.exports.contributions import contributions
from ledger.incomes.services import record_income, reverse_income
from ledger.journal.accounts import find_account
from ledger.journal.balances import balance_at
from ledger.operators.services import create_operator


def contribution_table(user, start: str, end: str) -> list[dict]:
    """The data rows of 反哺明细 as {header: value}, up to the first total row."""
    got = download(user, f"{BASE}/reports/audit.xlsx?from={start}&to={end}")
    assert got.status == 200, got.data[:300]
    rows = list(workbook(got.data)["反哺明细"].iter_rows(values_only=True))
    header, data = rows[0], []
    for row in rows[1:]:
        if row[0] == "合计":
            break
        data.append(dict(zip(header, row)))
    return data


def percent_of(base: Decimal, percent: str) -> Decimal:
    return (base * Decimal(percent) / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def test_a_reversal_dated_after_the_range_leaves_the_row_rebuildable(officer, auditor, make_operator, post_income):
    make_operator("cafe", percent="10")
    first = post_income("cafe", "0.05", "2026-05-03")
    r = officer.post(f"{BASE}/incomes/{first['id']}/reversal", json={"reason": "录错", "occurred_on": "2026-07-01"})
    assert r.status_code == 201, r.json
    post_income("cafe", "0.05", "2026-05-04")  # entered after the July reversal
    [row] = contribution_table(auditor, "2026-05-01", "2026-05-31")
    assert yuan(row["基数金额"]) == Decimal("0.10")  # both May incomes; the reversal is dated July
    assert yuan(row["应反哺"]) == percent_of(Decimal("0.10"), "10") == Decimal("0.01")
    # The journal up to 31 May holds 0.02 (0.01 for each income, in the order entered);
    # the reversal dated 1 July brings it to what is due.
    assert yuan(row["期末前已入账"]) == Decimal("0.02")
    assert yuan(row["期后凭证调整"]) == Decimal("-0.01")


# -- any range, any order of entry ---------------------------------------------------------
_codes = itertools.count()
TIERS = [(50_000, "3"), (None, "6")]  # the 211 share: 3 % up to 500.00 a month, 6 % above
FIRST_DAY = date(2026, 4, 1)


def half_up(value: Fraction) -> int:
    """四舍五入 of a non-negative exact amount of fen, worked independently of the engine."""
    return math.floor(value + Fraction(1, 2))


def tiered(total: int) -> Fraction:
    share, lower = Fraction(0), 0
    for up_to, percent in TIERS:
        upper = total if up_to is None else min(total, up_to)
        if upper > lower:
            share += Fraction(upper - lower) * Fraction(percent) / 100
        if up_to is None or total <= up_to:
            break
        lower = up_to
    return share


def rebuilt(row, flat: str) -> int:
    """The due of a row from the row's own basis amount and beneficiary."""
    if row.share.to == "public_benefit":
        assert row.share.percent == Decimal(flat)
        return half_up(Fraction(row.basis_amount) * Fraction(flat) / 100)
    assert row.share.tiers == tuple((up_to, Decimal(p)) for up_to, p in TIERS)
    return half_up(tiered(row.basis_amount))


events = st.lists(st.tuples(st.integers(0, 90), st.integers(1, 200_000), st.none() | st.integers(0, 70)),
                  min_size=1, max_size=12)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(flat=st.sampled_from(["10", "7.5", "33.3333"]), events=events, order=st.randoms(use_true_random=False),
       start_day=st.integers(0, 120), length=st.integers(0, 120))
def test_every_row_of_any_range_rebuilds_from_its_cells(app, flat, events, order, start_day, length):
    """Incomes from April to June, some reversed up to 70 days later, entered in a random
    order (a reversal after its income): for any range, every row's due is f(basis), the
    basis is what was earned by the end date, and the journal ties to the rows."""
    start = FIRST_DAY + timedelta(days=start_day)
    end = start + timedelta(days=length)
    entries = [("income", i) for i in range(len(events))]
    order.shuffle(entries)
    for i, (_, _, reversal) in enumerate(events):  # each reversal goes in somewhere after its income
        if reversal is not None:
            after = entries.index(("income", i))
            entries.insert(order.randint(after + 1, len(entries)), ("reversal", i))
    with app.app_context(), db.unit_of_work(app) as session:
        community = create_community(session, f"r{next(_codes)}", "R", created_by="system")
        create_operator(session, community, "op", "Op", "market", "operator_collects", created_by="system")
        create_agreement(session, community, {
            "operator": "op", "effective_from": date(2026, 1, 1), "basis": "gross", "period": "month",
            "shares": [{"to": "public_benefit", "percent": flat},
                       {"to": "211", "tiers": [{"up_to": "500.00", "percent": "3"}, {"up_to": None, "percent": "6"}]}]},
            created_by="system")
        ids = {}
        for kind, i in entries:
            day, amount, reversal = events[i]
            if kind == "income":
                ids[i] = record_income(session, community, {"operator": "op", "occurred_on": FIRST_DAY + timedelta(day),
                                                            "amount": amount, "channel": "cash"},
                                       created_by="system").income.id
            else:
                reverse_income(session, community, ids[i], "test", created_by="system",
                               occurred_on=FIRST_DAY + timedelta(day + reversal))
        rows = contributions(session, community, start, end)
        since_january = contributions(session, community, date(2026, 1, 1), end)
        receivable = balance_at(session, community, find_account(session, community, "112.op"), end)
    for row in rows:
        assert row.due == rebuilt(row, flat), row
        period_start, period_end = period_bounds(row.period)
        assert period_start <= end and period_end >= start
        assert row.basis_amount == sum(
            amount for day, amount, reversal in events
            if period_start <= FIRST_DAY + timedelta(day) <= min(period_end, end)
            and (reversal is None or FIRST_DAY + timedelta(day + reversal) > end))
        assert row.received + row.outstanding == row.due
    # The journal's receivable at the end date: what is outstanding, less what later entries bring.
    assert receivable == sum(r.outstanding - r.later for r in since_january)
    if all(FIRST_DAY + timedelta(day + (reversal or 0)) <= end for day, _, reversal in events):
        assert all(r.later == 0 for r in since_january)  # nothing dated later: the journal says the same
