"""Importing files of incomes: every bad row named, all or nothing, never twice."""
import hashlib
import io

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from ledger import db
from ledger.imports import services
from ledger.imports.errors import AlreadyImported, RowRefused, UnreadableFile
from ledger.imports.models import ImportBatch
from ledger.incomes.models import Income

from import_rows import csv_bytes


@pytest.fixture
def ledger_with_history(shop, make_operator, officer, post_income):
    """December 2025 closed; R-OLD already posted for the café; the market's agreement
    starts only on 2026-03-01."""
    make_operator("market", name="集市", kind="market", percent="3", effective_from="2026-03-01")
    post_income("cafe", "10.00", "2025-12-10", reference="R-OLD")
    r = officer.post("/api/v1/communities/fenghe/periods/2025-12/close")
    assert r.status_code == 201, r.json
    return shop


ONE_OF_EACH = csv_bytes(
    "2026-03-05,cafe,128.50,微信,饮品,R-1,张三,",      # row 2: fine
    "2026-02-30,cafe,10.00,现金,,R-2,,",               # row 3: no such day
    "2026-03-05,cafe,12.345,现金,,R-3,,",              # row 4: three decimals
    '2026-03-05,cafe,"1,23",现金,,R-4,,',              # row 5: a separator that cannot be read
    "2026-03-05,cafe,-5.00,现金,,R-5,,",               # row 6: negative
    "2026-03-05,nobody,5.00,现金,,R-6,,",              # row 7: unknown operator
    "2026-03-05,cafe,5.00,paypal,,R-7,,",              # row 8: unknown channel
    "2026-02-10,market,5.00,现金,,R-8,,",              # row 9: no agreement in force yet
    "2025-12-20,cafe,5.00,现金,,R-9,,",                # row 10: closed month
    "2026-03-06,cafe,7.00,现金,,R-1,,",                # row 11: R-1 again in this file
    "2026-11-06,cafe,7.00,现金,,R-OLD,,",              # row 12: R-OLD posted before
    "2026-03-06,canteen,30.00,刷卡,,R-1,,",            # row 13: fine (another operator's R-1)
)


@pytest.mark.parametrize("commit", [False, True])
def test_every_bad_row_is_reported_and_nothing_is_written(ledger_with_history, run_import, ledger_counts, commit):
    before = ledger_counts()
    outcome, report = run_import(ONE_OF_EACH, commit=commit)
    assert [(e.row, e.column, e.code) for e in report.errors] == [
        (3, "occurred_on", "bad_date"),
        (4, "amount", "too_many_decimals"),
        (5, "amount", "bad_separator"),
        (6, "amount", "not_positive"),
        (7, "operator", "unknown_operator"),
        (8, "channel", "bad_channel"),
        (9, "occurred_on", "no_agreement"),
        (10, "occurred_on", "closed_month"),
        (11, "reference", "duplicate_reference"),
        (12, "reference", "already_posted"),
    ]
    messages = {e.row: e.message for e in report.errors}
    assert "on row 2" in messages[11] and "2025-12 is closed" in messages[10]
    assert (outcome.rows, outcome.total, outcome.errors, outcome.committed) == (2, 12850 + 3000, 10, False)
    assert ledger_counts() == before


def test_commit_posts_every_row_through_the_split_engine(shop, run_import, ledger_counts, officer,
                                                         account_balance):
    data = csv_bytes("2026-03-05,cafe,0.05,微信,,A-1,张三,早餐",
                     "2026-03-05,cafe,0.05,微信,,A-2,,",
                     "2026-03-06,咖啡吧,0.05,现金,,A-3,,",  # the operator's name works too
                     "2026-03-06,canteen,30.00,刷卡,,A-1,,")
    outcome, report = run_import(data, commit=True, name="/tmp/till/march.csv")
    assert report.errors == [] and outcome.committed
    assert ledger_counts() == (4, 4, 1)
    batch = outcome.batch
    assert (batch.file_name, batch.sha256, batch.row_count, batch.total, batch.created_by) == (
        "march.csv", hashlib.sha256(data).hexdigest(), 4, 3015, "officer1")
    # Period-exact: three café incomes of 0.05 at 10 % give round(0.015) = 0.02, not 3 x 0.01;
    # the canteen's 5 % of 30.00 is 1.50, owed by the canteen.
    assert (account_balance("311.public_benefit"), account_balance("112.canteen")) == (-152, 150)
    incomes = officer.get("/api/v1/communities/fenghe/incomes").json["items"]
    assert [(i["operator"], i["reference"], i["payer"], i["note"]) for i in incomes][:1] == [
        ("cafe", "A-1", "张三", "早餐")]


def test_a_bad_row_in_the_middle_posts_nothing(shop, run_import, ledger_counts):
    rows = [f"2026-03-{day:02d},cafe,10.00,cash,,B-{day},," for day in range(1, 8)]
    rows[3] = "2026-03-04,cafe,10.001,cash,,B-4,,"
    outcome, report = run_import(csv_bytes(*rows), commit=True)
    assert [(e.row, e.column) for e in report.errors] == [(5, "amount")]
    assert not outcome.committed and ledger_counts() == (0, 0, 0)
    rows[3] = "2026-03-04,cafe,10.00,cash,,B-4,,"
    outcome, _ = run_import(csv_bytes(*rows), commit=True)
    assert outcome.committed and ledger_counts() == (7, 7, 1)


def test_a_row_refused_while_posting_rolls_back_the_rows_before_it(shop, run_import, ledger_counts, monkeypatch):
    calls = []
    original = services.record_income

    def refuse_the_third(session, community, body, **kwargs):
        calls.append(body["reference"])
        if len(calls) == 3:
            from ledger.core.errors import ClosedPeriod
            raise ClosedPeriod("2026-03 is closed", {"occurred_on": ["the month 2026-03 is closed"]})
        return original(session, community, body, **kwargs)

    monkeypatch.setattr(services, "record_income", refuse_the_third)
    data = csv_bytes(*(f"2026-03-0{d},cafe,1.00,cash,,C-{d},," for d in range(1, 6)))
    with pytest.raises(RowRefused) as refused:
        run_import(data, commit=True)
    assert (refused.value.row_error.row, refused.value.row_error.column) == (4, "occurred_on")
    assert ledger_counts() == (0, 0, 0)


def test_the_same_file_twice_posts_nothing_the_second_time(shop, run_import, ledger_counts):
    data = csv_bytes("2026-03-05,cafe,10.00,cash,,D-1,,", "2026-03-05,cafe,20.00,cash,,D-2,,")
    first, _ = run_import(data, commit=True)
    for commit in (True, False):
        with pytest.raises(AlreadyImported, match=f"already imported as batch {first.batch.id} on "
                                                  r"\d{4}-\d\d-\d\d by officer1"):
            run_import(data, commit=commit)
    assert ledger_counts() == (2, 2, 1)


def test_rows_posted_before_are_refused_or_skipped(shop, run_import, ledger_counts):
    run_import(csv_bytes("2026-03-05,cafe,10.00,cash,,E-1,,", "2026-03-05,cafe,20.00,cash,,E-2,,"), commit=True)
    overlapping = csv_bytes("2026-03-05,cafe,10.00,cash,,E-1,,", "2026-03-05,cafe,20.00,cash,,E-2,,",
                            "2026-03-06,cafe,30.00,cash,,E-3,,")
    outcome, report = run_import(overlapping, commit=True)
    assert [(e.row, e.code) for e in report.errors] == [(2, "already_posted"), (3, "already_posted")]
    assert ledger_counts() == (2, 2, 1)
    outcome, report = run_import(overlapping, commit=True, skip_posted=True)
    assert [row for row, _ in report.skips] == [2, 3] and report.errors == []
    assert (outcome.rows, outcome.skipped, outcome.batch.skipped) == (1, 2, 2)
    assert ledger_counts() == (3, 3, 2)


def test_a_posted_row_is_skipped_only_when_it_can_be_read(shop, run_import, ledger_counts):
    run_import(csv_bytes("2026-03-05,cafe,10.00,cash,,H-1,,"), commit=True)
    outcome, report = run_import(csv_bytes("2026-03-05,cafe,10.001,cash,,H-1,,", "2026-03-06,cafe,5.00,cash,,H-2,,"),
                                 commit=True, skip_posted=True)
    assert [(e.row, e.code) for e in report.errors] == [(2, "too_many_decimals"), (2, "already_posted")]
    assert report.skips == [] and not outcome.committed
    assert ledger_counts() == (1, 1, 1)


def test_a_file_of_rows_all_posted_before_posts_nothing_and_records_no_batch(shop, run_import, ledger_counts):
    run_import(csv_bytes("2026-03-05,cafe,10.00,cash,,F-1,,"), commit=True)
    outcome, report = run_import(csv_bytes("2026-03-05,cafe,10.00,cash,,F-1,,", "",), commit=True, skip_posted=True)
    assert (outcome.rows, outcome.skipped, outcome.committed) == (0, 1, False)
    assert ledger_counts() == (1, 1, 1)


def _xlsx() -> bytes:
    from datetime import datetime
    book = Workbook()
    book.active.append(["交易日期", "经营主体", "金额(元)", "支付方式", "订单号", "付款人"])
    book.active.append([datetime(2026, 3, 5, 9, 30), "cafe", 128.5, "微信", 20260305001, "李四"])
    book.active.append([datetime(2026, 3, 6), "canteen", 1200, "支付宝", "X-2", None])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("data", [
    csv_bytes("2026-03-05,cafe,128.50,微信,,20260305001,李四,", "2026/3/6,canteen,\"1,200.00\",支付宝,,X-2,,",
              encoding="gb18030"),
    csv_bytes("2026-03-05,cafe,128.50,微信,,20260305001,李四,", "2026/3/6,canteen,\"1,200.00\",支付宝,,X-2,,",
              bom=True),
    _xlsx(),
], ids=["gb18030", "utf8-bom", "xlsx"])
def test_gb18030_bom_and_xlsx_files_post_the_same_incomes(shop, run_import, app, data):
    outcome, report = run_import(data, commit=True)
    assert report.errors == [] and (outcome.rows, outcome.total) == (2, 12850 + 120000)
    with app.app_context(), db.unit_of_work(app, write=False) as session:
        rows = session.execute(select(Income.occurred_on, Income.amount, Income.channel, Income.reference,
                                      Income.payer, Income.import_batch_id).order_by(Income.id)).all()
    assert [tuple(map(str, r)) for r in rows] == [
        ("2026-03-05", "12850", "wechat", "20260305001", "李四", str(outcome.batch.id)),
        ("2026-03-06", "120000", "alipay", "X-2", "None", str(outcome.batch.id))]


def test_a_file_without_rows_is_refused(shop, run_import, ledger_counts):
    with pytest.raises(UnreadableFile, match="no rows below its header"):
        run_import(csv_bytes(), commit=True)
    assert ledger_counts() == (0, 0, 0)


def test_batches_are_listed_newest_first(shop, run_import, app):
    for n in range(3):
        run_import(csv_bytes(f"2026-03-05,cafe,1.00,cash,,G-{n},,"), commit=True, name=f"g{n}.csv")
    with app.app_context(), db.unit_of_work(app, write=False) as session:
        community = session.get(ImportBatch, 1).community_id
        from ledger.communities.models import Community
        listed = services.list_batches(session, session.get(Community, community), before=None, limit=2)
        older = services.list_batches(session, session.get(Community, community), before=listed[-1].id, limit=2)
    assert [b.file_name for b in listed + older] == ["g2.csv", "g1.csv", "g0.csv"]
