"""A year of the public-benefit fund: café and parking incomes split into it every month,
one income reversed, a project paid from it every month, the first half-year closed.
The fund's balance, inflow and outflow must equal the sums of its postings in the
public journal, and both must equal the figures worked out here by hand. A share taken
back by the reversal is a negative inflow, not an outflow (ledger/funds/figures.py)."""
from __future__ import annotations

import math
from fractions import Fraction

from tests.funds.conftest import BASE

FUND_ACCOUNT = "311.public_benefit"
# (month, café incomes, parking incomes, paid from the fund): amounts as written on receipts.
YEAR = [
    (1, ["812.35", "1203.40"], ["95.05"], "120.00"),
    (2, ["640.00", "0.05"], ["150.50", "49.95"], "80.50"),
    (3, ["1500.15"], ["300.00"], "200.00"),
    (4, ["999.99", "0.01"], ["12.35"], "99.99"),
    (5, ["2100.00"], ["88.88", "11.12"], "150.00"),
    (6, ["733.33", "733.33", "733.34"], ["205.00"], "300.00"),
    (7, ["1200.00"], ["0.15"], "60.00"),
    (8, ["450.45"], ["77.77"], "45.00"),
    (9, ["1800.80"], ["120.20"], "200.00"),
    (10, ["660.06"], ["66.06"], "70.00"),
    (11, ["980.00", "20.00"], ["50.00"], "110.00"),
    (12, ["2500.00"], ["250.00"], "300.00"),
]
CAFE_PERCENT, PARKING_PERCENT = Fraction(10, 100), Fraction(15, 100)
REVERSED = ("2025-06-10", "733.33")  # the first café income of June, reversed in June
REVERSAL_DAY = "2025-06-20"


def half_up(exact: Fraction) -> int:
    return math.floor(exact + Fraction(1, 2))


def fen(text: str) -> int:
    return int(Fraction(text) * 100)


def expected_fund() -> tuple[int, int]:
    """(inflow, outflow) of the year in fen, from the receipts and the agreements alone:
    each share is the month's total at the agreed rate, rounded half up once."""
    inflow = outflow = 0
    for month, cafe, parking, paid in YEAR:
        cafe_total = sum(fen(a) for a in cafe)
        if month == 6:
            # June's café share was posted on the full total, then the reversal took back
            # the difference the reversed income made to the month's rounded share: a
            # negative inflow.
            without = cafe_total - fen(REVERSED[1])
            inflow -= half_up(cafe_total * CAFE_PERCENT) - half_up(without * CAFE_PERCENT)
        inflow += half_up(cafe_total * CAFE_PERCENT) + half_up(sum(fen(a) for a in parking) * PARKING_PERCENT)
        outflow += fen(paid)
    return inflow, outflow


def journal_postings(client, account: str) -> list[tuple[str, int]]:
    """(date, signed fen) of every posting to ``account``, read page by page from the public journal."""
    found, cursor = [], None
    while True:
        page = client.get(f"{BASE}/journal", query_string={"limit": 50, **({"cursor": cursor} if cursor else {})})
        assert page.status_code == 200, page.json
        for tx in page.json["items"]:
            for p in tx["postings"]:
                if p["account"] == account:
                    found.append((tx["occurred_on"], fen(p["debit"]) if "debit" in p else -fen(p["credit"])))
        cursor = page.json["next_cursor"]
        if cursor is None:
            return found


def test_a_year_of_incomes_and_disbursements(officer, make_operator, post_income, make_project, drive, client):
    make_operator("cafe", kind="cafe", percent="10")
    make_operator("parking", kind="parking", settlement="operator_collects", percent="15")
    make_project("services", budget="5000.00", name="为老服务")
    reversed_id = None
    for month, cafe, parking, paid in YEAR:
        for n, amount in enumerate(cafe):
            income = post_income("cafe", amount, f"2025-{month:02d}-{10 + n:02d}")
            if (f"2025-{month:02d}-{10 + n:02d}", amount) == REVERSED:
                reversed_id = income["id"]
        for n, amount in enumerate(parking):
            post_income("parking", amount, f"2025-{month:02d}-{15 + n:02d}", channel="cash")
        if month == 6:
            r = officer.post(f"{BASE}/incomes/{reversed_id}/reversal",
                             json={"reason": "重复录入", "occurred_on": REVERSAL_DAY})
            assert r.status_code == 201, r.json
        drive({"project": "services", "amount": paid, "purpose": f"{month}月助老服务"}, "paid",
              paid_on=f"2025-{month:02d}-25")
    for month in range(1, 7):
        assert officer.post(f"{BASE}/periods/2025-{month:02d}/close").status_code == 201

    inflow, outflow = expected_fund()
    postings = journal_postings(client, FUND_ACCOUNT)
    fund = {f["code"]: f for f in client.get(f"{BASE}/funds", query_string={"to": "2025-12-31"}).json}
    figures = fund["public_benefit"]
    assert (fen(figures["inflow"]), fen(figures["outflow"])) == (inflow, outflow)
    assert fen(figures["balance"]) == inflow - outflow == -sum(amount for _, amount in postings)

    # Any range: inflow and outflow are the credits and debits dated inside it less the share
    # taken back (the reversal's debit), and the balance at its end is everything dated up
    # to it (ranges across closed months included).
    for start, end in [("2025-01-01", "2025-03-31"), ("2025-04-15", "2025-09-14"), ("2025-06-01", "2025-06-30"),
                       ("2025-07-01", "2025-12-31")]:
        part = {f["code"]: f for f in client.get(f"{BASE}/funds", query_string={"from": start, "to": end}).json}
        got = part["public_benefit"]
        inside = [a for day, a in postings if start <= day <= end]
        taken_back = sum(a for day, a in postings if start <= day <= end and day == REVERSAL_DAY and a > 0)
        assert fen(got["inflow"]) == -sum(a for a in inside if a < 0) - taken_back
        assert fen(got["outflow"]) == sum(a for a in inside if a > 0) - taken_back
        assert fen(got["balance"]) == -sum(a for day, a in postings if day <= end)
        assert fen(got["opening"]) == -sum(a for day, a in postings if day < start)

    project = client.get(f"{BASE}/projects/services").json
    assert fen(project["spent"]) == sum(fen(paid) for *_, paid in YEAR)
    assert len(project["payments"]) == 12
