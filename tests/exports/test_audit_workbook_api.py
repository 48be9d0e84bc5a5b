"""GET .../reports/audit.xlsx: every figure equals the API's own for the same scope, and
the chain can be recomputed from the workbook alone."""
from decimal import Decimal

import pytest
from export_downloads import BASE, INJECTION, download, journal_items, posting_lines, workbook, yuan

MARCH = f"{BASE}/reports/audit.xlsx?from=2026-03-01&to=2026-03-31"


def cover_of(book) -> dict:
    return {row[0]: row[1] for row in book.worksheets[0].iter_rows(values_only=True)}


@pytest.fixture
def march(ledger, auditor):
    got = download(auditor, MARCH)
    assert got.status == 200, got.data[:300]
    return workbook(got.data)


def test_who_may_download(community, client, auditor, officer, make_user, make_community):
    make_community("other", "别的社区")
    strangers = [make_user("officer", "other"), make_user("auditor", "other"), make_user("approver", "fenghe"),
                 make_user("admin")]
    assert download(client, MARCH).status == 401
    assert [download(user, MARCH).status for user in strangers] == [403] * 4
    for user in (auditor, officer):
        got = download(user, MARCH)
        assert got.status == 200
        assert got.headers["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        assert 'filename=audit-fenghe-2026-03-01-2026-03-31.xlsx' in got.headers["Content-Disposition"]
        assert "no-store" in got.headers["Cache-Control"]


@pytest.mark.parametrize("query, field", [("from=2026-04-01&to=2026-03-01", "to"), ("lang=fr", "lang"),
                                          ("from=2026-13-01", "from"), ("from=2999-01-01", "from")])
def test_bad_parameters_are_422_with_the_field(community, auditor, query, field):
    got = download(auditor, f"{BASE}/reports/audit.xlsx?{query}")
    assert got.status == 422 and field in got.json["errors"], got.json


def test_trial_balance_equals_the_api_and_balances(march, auditor):
    api = auditor.get(f"{BASE}/trial-balance?from=2026-03-01&to=2026-03-31").json
    rows = list(march["科目余额表"].iter_rows(min_row=2, values_only=True))
    accounts = rows[:len(api["rows"])]
    keys = ("opening_debit", "opening_credit", "debit", "credit", "closing_debit", "closing_credit")
    assert [(r[0], r[1], *map(yuan, r[3:])) for r in accounts] == \
        [(a["account"], a["name"], *(yuan(a[k]) for k in keys)) for a in api["rows"]]
    column_sums = [sum(yuan(r[i]) for r in accounts) for i in range(3, 9)]
    assert column_sums == [yuan(api["totals"][k]) for k in keys]
    assert column_sums[0] == column_sums[1] and column_sums[2] == column_sums[3] and column_sums[4] == column_sums[5]
    n = len(accounts) + 1
    assert rows[len(accounts)][3:] == tuple(f"=SUM({c}2:{c}{n})" for c in "DEFGHI")
    cover = cover_of(march)
    assert (yuan(cover["本期借方合计"]), yuan(cover["本期贷方合计"])) == \
        (yuan(api["totals"]["debit"]), yuan(api["totals"]["credit"])) == (Decimal("1471.10"), Decimal("1471.10"))


def test_trial_balance_parent_accounts_equal_the_api(march, auditor):
    api = auditor.get(f"{BASE}/trial-balance?from=2026-03-01&to=2026-03-31&levels=all").json["rows"]
    rows = list(march["科目余额表"].iter_rows(min_row=2, values_only=True))
    heading = [r[0] for r in rows].index("上级科目汇总（含全部下级科目；不计入上方合计）")
    keys = ("opening_debit", "opening_credit", "debit", "credit", "closing_debit", "closing_credit")
    parents = [(r[0], *map(yuan, r[3:])) for r in rows[heading + 1:]]
    assert parents == [(a["account"], *(yuan(a[k]) for k in keys)) for a in api if a["sub_accounts"]]
    assert [p[0] for p in parents][:2] == ["102", "112"]
    bank = auditor.get(f"{BASE}/accounts/102/balance?as_of=2026-03-31").json["balance"]
    assert parents[0][5] - parents[0][6] == yuan(bank)


def test_fund_statement_closes_at_the_funds_balance(march, auditor):
    rows = [row for row in march["公益金收支表"].iter_rows(min_row=2, values_only=True)]
    assert [(r[1], r[2], yuan(r[3])) for r in rows] == [
        ("期初余额", None, Decimal("1200.00")),
        ("收入", "共富集市 (market)", Decimal("150.00")),
        ("收入", "咖啡吧 (cafe)", Decimal("50.01")),  # 50.01 + 0.00 + 20.00 - 20.00 (reversed)
        ("收入小计", None, Decimal("200.01")),
        ("支出", "社区活动经费 (outlay)", Decimal("300.00")),  # a paid disbursement of the project
        ("支出小计", None, Decimal("300.00")),
        ("期末余额", None, Decimal("1100.01")),
    ]
    def balance(day):
        return yuan(auditor.get(f"{BASE}/accounts/311.public_benefit/balance?as_of={day}").json["balance"])
    assert yuan(rows[0][3]) == balance("2026-02-28")
    assert yuan(rows[-1][3]) == balance("2026-03-31")
    assert yuan(cover_of(march)["基金期末余额合计"]) == balance("2026-03-31")


def _contribution_data(book) -> list[tuple]:
    """The data rows of 反哺明细: above the first total row."""
    rows = list(book["反哺明细"].iter_rows(min_row=2, values_only=True))
    return rows[:[r[0] for r in rows].index("合计")]


def test_contributions_as_at_the_end_date(march, auditor):
    rows = _contribution_data(march)
    assert [(r[0], r[5], yuan(r[7]), r[8], r[9], yuan(r[10]), yuan(r[13]), yuan(r[14])) for r in rows] == [
        ("cafe", "2026-03", Decimal("500.10"), "public_benefit", "10%", Decimal("50.01"), Decimal("50.01"),
         Decimal("0")),
        # market remitted 120.00 by 31 March: February's 100.00 first, 20.00 of March's 150.00.
        ("market", "2026-03", Decimal("3000.00"), "public_benefit", "5%", Decimal("150.00"), Decimal("20.00"),
         Decimal("130.00")),
    ]  # canteen declared only on 2 April
    book = workbook(download(auditor, f"{BASE}/reports/audit.xlsx?from=2026-01-01&to=2026-04-30").data)
    rows = _contribution_data(book)
    assert [(r[0], r[5], r[6], yuan(r[10]), yuan(r[13]), yuan(r[14])) for r in rows] == [
        ("cafe", "2026-02", "营业收入", Decimal("100.00"), Decimal("100.00"), Decimal("0")),
        ("cafe", "2026-03", "营业收入", Decimal("50.01"), Decimal("50.01"), Decimal("0")),
        ("canteen", "2026-Q1", "净利润", Decimal("500.00"), Decimal("300.00"), Decimal("200.00")),
        ("market", "2026-02", "营业收入", Decimal("100.00"), Decimal("100.00"), Decimal("0")),
        ("market", "2026-03", "营业收入", Decimal("150.00"), Decimal("20.00"), Decimal("130.00")),
    ]
    assert rows[2][9] == "20%; 保底 500.00" and yuan(rows[2][7]) == Decimal("1000.00")
    assert all(yuan(r[11]) == yuan(r[10]) and yuan(r[12]) == 0 for r in rows)  # nothing dated after April
    for operator in ("canteen", "market"):
        receivable = auditor.get(f"{BASE}/accounts/112.{operator}/balance?as_of=2026-04-30").json["balance"]
        assert sum(yuan(r[14]) - yuan(r[12]) for r in rows if r[0] == operator) == yuan(receivable)


def test_journal_holds_the_periods_postings_and_the_chain_run(march, auditor):
    api = posting_lines(journal_items(auditor, "from=2026-03-01&to=2026-03-31"))
    sheet = list(march["凭证明细"].iter_rows(min_row=2, values_only=True))
    inside = sorted((r[0], r[8], r[9], yuan(r[11]), yuan(r[12]), r[14]) for r in sheet if r[13] == "是")
    assert inside == api
    # 11, 12 and 13 are dated outside March but lie between March's first and last seq.
    assert sorted({r[0] for r in sheet if r[13] == "否"}) == [11, 12, 13]
    assert sorted({r[0] for r in sheet}) == list(range(4, 15))
    cover = cover_of(march)
    assert (cover["首张凭证号"], cover["末张凭证号"]) == (4, 14)
    assert cover["前一凭证哈希"] == auditor.get(f"{BASE}/transactions/3").json["hash"]
    chain = auditor.get(f"{BASE}/chain").json
    assert cover["末张凭证哈希"] == chain["head_hash"] and cover["生成时链头凭证号"] == chain["head_seq"] == 14
    assert (cover["期间内凭证数"], cover["链中期间外凭证数"]) == (8, 3)
    injected = [r[3] for r in march["凭证明细"].iter_rows(min_row=2) if r[0].value == 14]
    assert [(c.value, c.data_type) for c in injected] == [(INJECTION, "s")] * 2


def test_documented_in_openapi(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    for path, media in (("/api/v1/communities/{c}/reports/audit.xlsx",
                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                        ("/api/v1/communities/{c}/journal.csv", "text/csv")):
        get = paths[path]["get"]
        assert {p["name"] for p in get["parameters"]} >= {"from", "to", "lang"}
        assert media in get["responses"]["200"]["content"]
