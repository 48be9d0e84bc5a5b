"""The cover, trial balance, fund statement and contributions sheets."""
from datetime import datetime
from decimal import Decimal

import pytest

from audit_books import open_book, simple_chain, write
from reports.audit import describe_rate, fund_rows
from reports.model import Contribution, FundLine, FundStatement, ShareRate, TrialLine
from reports.sheet import MONEY_FORMAT

TRIAL = [  # opening, debit, credit, closing in fen (debit > 0)
    TrialLine("101", "库存现金", "asset", 5000, 1000, 0, 6000),
    TrialLine("102.basic", "银行存款-基本户", "asset", 995000, 12100, 30000, 977100),
    TrialLine("112.market", "应收款-共富集市", "asset", -2000, 15000, 12000, 1000),
    TrialLine("301", "资本", "equity", -900000, 0, 0, -900000),
    TrialLine("311.public_benefit", "公积公益金-公益金", "equity", -98000, 30000, 16100, -84100),
]


def _trial_sheet(lang="zh"):
    book = open_book(write(simple_chain(1), trial=TRIAL, lang=lang))
    return book["科目余额表" if lang == "zh" else "Trial balance"]


def _number(value):
    return Decimal(str(value))


def test_trial_balance_rows_show_each_side():
    rows = list(_trial_sheet().iter_rows(min_row=2, max_row=6, values_only=True))
    assert rows[2] == ("112.market", "应收款-共富集市", "资产", 0, 20, 150, 120, 10, 0)
    assert rows[4] == ("311.public_benefit", "公积公益金-公益金", "所有者权益/基金", 0, 980, 300, 161, 0, 841)


def test_trial_balance_totals_are_sum_formulas_that_balance():
    sheet = _trial_sheet()
    total, check = sheet[7], sheet[8]
    assert total[0].value == "合计"
    assert [c.value for c in total[3:]] == [f"=SUM({col}2:{col}6)" for col in "DEFGHI"]
    assert all(c.data_type == "f" and c.number_format == MONEY_FORMAT for c in total[3:])
    assert (check[3].value, check[5].value, check[7].value) == ("=D7-E7", "=F7-G7", "=H7-I7")
    assert check[2].value == '=IF(AND(ROUND(D8,2)=0,ROUND(F8,2)=0,ROUND(H8,2)=0),"平衡","不平衡")'
    # What the formulas will compute: each pair of columns sums to the same figure.
    sums = [sum(_number(sheet.cell(r, col).value) for r in range(2, 7)) for col in range(4, 10)]
    assert sums == [Decimal("10000.00"), Decimal("10000.00"), Decimal("581.00"), Decimal("581.00"),
                    Decimal("9841.00"), Decimal("9841.00")]


def test_empty_trial_balance_totals_zero():
    book = open_book(write(simple_chain(1), trial=[]))
    assert [c.value for c in book["科目余额表"][2][3:]] == [0] * 6


def test_fund_statement_block():
    fund = FundStatement("public_benefit", "公益金", 120000, (
        FundLine("inflow", "共富集市 (market)", 15000), FundLine("inflow", "咖啡吧 (cafe)", 5001),
        FundLine("outflow", "转账 · 102.basic 银行存款-基本户", 30000)), 110001)
    name = "公益金 (public_benefit)"
    assert fund_rows(fund, "zh") == [
        (name, "期初余额", None, 120000),
        (name, "收入", "共富集市 (market)", 15000),
        (name, "收入", "咖啡吧 (cafe)", 5001),
        (name, "收入小计", None, 20001),
        (name, "支出", "转账 · 102.basic 银行存款-基本户", 30000),
        (name, "支出小计", None, 30000),
        (name, "期末余额", None, 110001),
    ]
    sheet = open_book(write(simple_chain(1), funds=[fund]))["公益金收支表"]
    assert [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)] == [1200, 150, 50.01, 200.01, 300, 300,
                                                                                 1100.01]


@pytest.mark.parametrize("shares, minimum, lang, text", [
    ((ShareRate("public_benefit", Decimal("10")),), None, "zh", "public_benefit 10%"),
    ((ShareRate("public_benefit", Decimal("8.50")), ShareRate("elderly", Decimal("2"))), None, "en",
     "public_benefit 8.5%; elderly 2%"),
    ((ShareRate("public_benefit", tiers=((1000000, Decimal("5")), (None, Decimal("10")))),), None, "zh",
     "public_benefit 5% (≤10,000.00), 10% (>10,000.00)"),
    ((ShareRate("public_benefit", Decimal("20")),), 50000, "zh", "public_benefit 20%; 保底 500.00"),
    ((ShareRate("public_benefit", Decimal("20")),), 50000, "en", "public_benefit 20%; minimum 500.00"),
])
def test_rates_in_words(shares, minimum, lang, text):
    assert describe_rate(shares, minimum, lang) == text


def _contribution_rows():
    pb10, pb5 = ShareRate("public_benefit", Decimal("10")), ShareRate("public_benefit", Decimal("5"))
    remuneration = ShareRate("211", tiers=((1000000, Decimal("5")), (None, Decimal("10"))))
    return [
        Contribution("cafe", "咖啡吧", "community_collects", 1, None, "2026-03", "gross", 50010, pb10, None,
                     5001, 5001, 5001, 0),
        Contribution("market", "共富集市", "operator_collects", 2, "摊位", "2026-03", "gross", 300000, pb5, None,
                     15000, 15100, 2000, 13000),
        Contribution("market", "共富集市", "operator_collects", 2, "摊位", "2026-03", "gross", 300000, remuneration,
                     None, 15000, 15000, 0, 15000),
        Contribution("canteen", "爱心食堂", "community_collects", None, None, None, None, None, None, None,
                     0, 0, 4000, -4000),
    ]


def test_contributions_sheet_rows_rebuild_from_their_cells():
    sheet = open_book(write(simple_chain(1), contributions=_contribution_rows()))["反哺明细"]
    values = list(sheet.iter_rows(min_row=1, values_only=True))
    assert values[0][7:] == ("基数金额", "反哺对象", "比例", "应反哺", "期末前已入账", "期后凭证调整", "已到账", "未到账")
    assert values[1] == ("cafe", "咖啡吧", "社区代收", 1, "全部", "2026-03", "营业收入", 500.1, "public_benefit", "10%",
                         50.01, 50.01, 0, 50.01, 0)
    assert values[2][2:5] == ("经营方自收", 2, "摊位") and values[2][8:] == ("public_benefit", "5%", 150, 151, -1, 20, 130)
    assert values[3][8:10] == ("211", "5% (≤10,000.00), 10% (>10,000.00)")
    assert values[4] == ("canteen", "爱心食堂", "社区代收", None, None, "预收 (未分配回款)", None, None, "预收回款", None,
                         0, 0, 0, 40, -40)


def test_contributions_are_totalled_per_beneficiary():
    rows = _contribution_rows()
    sheet = open_book(write(simple_chain(1), contributions=rows))["反哺明细"]
    data = list(sheet.iter_rows(min_row=2, max_row=1 + len(rows), values_only=True))
    totals = [r for r in sheet.iter_rows(min_row=2 + len(rows)) if r[0].value == "合计"]
    assert [r[8].value for r in totals] == ["public_benefit", "211", "预收回款"]  # one each, never one number
    for total in totals:
        target = total[8].value
        for index, cell in enumerate(total[10:15], start=10):
            column = "KLMNO"[index - 10]
            assert cell.value == f'=SUMPRODUCT(($I$2:$I$5="{target}")*{column}2:{column}5)'
            assert cell.data_type == "f" and cell.number_format == MONEY_FORMAT
    # What the formulas compute, summed independently from the data rows.
    by_target = {t.value: sum(_number(r[10] or 0) for r in data if r[8] == t.value) for t in (x[8] for x in totals)}
    assert by_target == {"public_benefit": Decimal("200.01"), "211": Decimal("150"), "预收回款": Decimal("0")}


def test_contributions_sheet_says_how_a_row_is_rebuilt():
    for lang, title, words in (("zh", "反哺明细", "复算"), ("en", "Contributions", "rebuild")):
        sheet = open_book(write(simple_chain(1), contributions=_contribution_rows(), lang=lang))[title]
        *_, blank, r1, r2, r3, r4, r5 = sheet.iter_rows(values_only=True)
        assert blank == (None,) * 15 and words in r1[0]
        assert all(isinstance(r[0], str) and r[1:] == (None,) * 14 for r in (r1, r2, r3, r4, r5))


def test_cover_states_scope_chain_and_totals():
    txs = simple_chain(3)
    book = open_book(write(txs))
    cover = {row[0]: row[1] for row in book["封面"].iter_rows(values_only=True)}
    assert book.sheetnames[0] == "封面"
    assert cover["社区"] == "风和社区" and cover["社区代码"] == "fenghe"
    assert (cover["期间起"], cover["期间止"]) == (datetime(2026, 3, 1), datetime(2026, 3, 3))
    assert (cover["首张凭证号"], cover["末张凭证号"], cover["末张凭证哈希"]) == (1, 3, txs[-1].hash)
    assert cover["前一凭证哈希"] == "0" * 64
    assert (cover["生成时链头凭证号"], cover["生成时链头哈希"]) == (3, txs[-1].hash)
    assert (cover["期间内凭证数"], cover["期间内分录数"]) == (3, 6)
    assert cover["本期借方合计"] == cover["本期贷方合计"] == 6.03
    assert cover["软件版本"] == "test" and cover["生成人"] == "auditor1"


def test_cover_note_wraps_inside_its_column():
    for lang, title in (("zh", "封面"), ("en", "Cover")):
        sheet = open_book(write(simple_chain(1), lang=lang))[title]
        note = [row for row in sheet.iter_rows() if row[0].value in ("说明", "Note")][0][1]
        assert len(note.value) > sheet.column_dimensions["B"].width  # too long for one line ...
        assert note.alignment.wrap_text and note.alignment.vertical == "top"  # ... so it wraps


def _shown_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


@pytest.mark.parametrize("code", ["311.public_benefit", "231.riverside_garden.trust", "501.group_buying_weekend"])
def test_trial_balance_columns_fit_the_account_codes(code):
    trial = TRIAL + [TrialLine(code, "公积公益金-信托制物业共有资金-滨河花园小区", "equity", 0, 100, 0, 100)]
    sheet = open_book(write(simple_chain(1), trial=trial))["科目余额表"]
    codes = [row[0] for row in sheet.iter_rows(min_row=2, max_row=1 + len(trial), values_only=True)]
    assert code in codes
    assert sheet.column_dimensions["A"].width >= max(_shown_width(c) for c in codes) + 1
    assert sheet.column_dimensions["B"].width >= _shown_width(trial[-1].name) + 1


def test_trial_balance_shows_parent_accounts_below_the_totals():
    parents = [TrialLine("102", "银行存款", "asset", 995000, 12100, 30000, 977100),
               TrialLine("311", "公积公益金", "equity", -98000, 30000, 16100, -84100)]
    sheet = open_book(write(simple_chain(1), trial=TRIAL, trial_parents=parents))["科目余额表"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows[len(TRIAL)][3:] == tuple(f"=SUM({c}2:{c}6)" for c in "DEFGHI")  # the totals stay the details'
    assert rows[len(TRIAL) + 2] == (None,) * 9 and rows[len(TRIAL) + 3][0].startswith("上级科目汇总")
    assert rows[len(TRIAL) + 4:] == [("102", "银行存款", "资产", 9950, 0, 121, 300, 9771, 0),
                                     ("311", "公积公益金", "所有者权益/基金", 0, 980, 300, 161, 0, 841)]
