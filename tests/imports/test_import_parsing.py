"""From a file's bytes to rows of incomes, without a database."""
import io
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from openpyxl import Workbook

from ledger.core.errors import UploadTooLarge
from ledger.imports.errors import InvalidMapping, UnreadableFile
from ledger.imports.parsing import parse_file, parse_pairs
from ledger.imports.reading import scan

HEADER = "日期,经营主体,金额,渠道,类别,单号,付款人,备注"


def parse(data: bytes, **options):
    stream = io.BytesIO(data)
    facts = scan(stream)
    layout, rows = parse_file(stream, facts, **options)
    return facts, layout, list(rows)


def values(rows):
    return [(p.row, p.value.occurred_on, p.value.operator, p.value.amount, p.value.channel) for p in rows]


CAFE_ROWS = "2026-03-05,cafe,128.50,微信,饮品,W-1,张三,\n2026/3/6,咖啡吧,\"1,200.00\",现金,,W-2,,\n"
EXPECTED = [(2, date(2026, 3, 5), "cafe", 12850, "wechat"), (3, date(2026, 3, 6), "咖啡吧", 120000, "cash")]


@pytest.mark.parametrize("encoding, prefix", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gb18030", b"")])
def test_utf8_with_or_without_bom_and_gb18030(encoding, prefix):
    facts, layout, rows = parse(prefix + (HEADER + "\n" + CAFE_ROWS).encode(encoding))
    assert facts.encoding == {b"": encoding, b"\xef\xbb\xbf": "utf-8-sig"}[prefix]
    assert layout.header_row == 1 and values(rows) == EXPECTED
    assert rows[0].value.category == "饮品" and rows[0].value.payer == "张三" and rows[0].value.note is None


def test_gb18030_is_chosen_only_when_utf8_fails():
    # "咖啡" in GB18030 is not valid UTF-8; the same text in UTF-8 is read as UTF-8.
    assert scan(io.BytesIO("咖啡,1\n".encode("gb18030"))).encoding == "gb18030"
    assert scan(io.BytesIO("咖啡,1\n".encode("utf-8"))).encoding == "utf-8"


def test_english_headers_variants_tabs_and_extra_columns():
    data = "Date\tOperator\tAmount (CNY)\tPayment method\tShop id\n2026-03-05\tcafe\t9.90\tAlipay\t77\n"
    _, layout, rows = parse(data.encode())
    assert layout.columns == {"occurred_on": 0, "operator": 1, "amount": 2, "channel": 3}
    assert layout.ignored == ("Shop id",)
    assert values(rows) == [(2, date(2026, 3, 5), "cafe", 990, "alipay")]


def test_chinese_variants_with_units_and_fullwidth_brackets():
    data = "交易日期,经营主体,金额（元）,支付方式,流水号\n2026年3月5日,cafe,10,微信支付,X1\n"
    _, layout, rows = parse(data.encode())
    assert rows[0].value.reference == "X1" and rows[0].value.amount == 1000


def test_a_mapping_names_the_columns_of_another_layout():
    data = "收款时间,店铺,实付,方式,订单\n2026-03-05 12:01:09,cafe,3.00,wechat,O-1\n"
    _, _, rows = parse(data.encode(), mapping=parse_pairs("店铺=operator,实付=amount,方式=channel,订单=reference"))
    assert values(rows) == [(2, date(2026, 3, 5), "cafe", 300, "wechat")] and rows[0].value.reference == "O-1"


def test_a_mapped_column_wins_over_one_recognised_by_name():
    data = "日期,经营主体,金额,交易金额,渠道\n2026-03-05,cafe,1.00,2.00,cash\n"
    with pytest.raises(UnreadableFile, match="both mean amount"):
        parse(data.encode())
    _, layout, rows = parse(data.encode(), mapping={"交易金额": "amount"})
    assert rows[0].value.amount == 200 and layout.ignored == ("金额",)


def test_defaults_fill_columns_the_file_lacks_and_preamble_lines_are_passed_over():
    data = ("微信支付账单明细\n起始时间：[2026-03-01] 终止时间：[2026-03-31]\n\n"
            "交易时间,交易类型,金额(元),当前状态,交易单号\n2026-03-05 12:00:00,商户消费,¥12.00,支付成功,4200001\n")
    _, layout, rows = parse(data.encode(), defaults={"operator": "cafe", "channel": "wechat"})
    assert layout.header_row == 4
    assert values(rows) == [(5, date(2026, 3, 5), "cafe", 1200, "wechat")] and rows[0].value.reference == "4200001"


def test_row_numbers_are_the_rows_a_spreadsheet_shows():
    data = HEADER + '\n2026-03-05,cafe,1.00,cash,,,,"two\nlines"\n\n,,,,,,,\n2026-03-05,cafe,abc,cash,,,,\n'
    _, _, rows = parse(data.encode())
    assert [p.row for p in rows] == [2, 5]  # blank rows are passed over, not renumbered
    assert rows[0].value.note == "two\nlines"
    assert [(e.row, e.column, e.code) for e in rows[1].errors] == [(5, "amount", "bad_amount")]


def test_every_bad_cell_of_a_row_is_reported():
    data = HEADER + "\n2026-13-01,,12.345,paypal,,,,\n"
    _, _, rows = parse(data.encode())
    assert [(e.column, e.code) for e in rows[0].errors] == [
        ("occurred_on", "bad_date"), ("operator", "required"), ("amount", "too_many_decimals"),
        ("channel", "bad_channel")]


def test_xlsx_date_and_number_cells():
    book = Workbook()
    sheet = book.active
    sheet.append(["日期", "经营主体", "金额", "渠道", "单号"])
    sheet.append([datetime(2026, 3, 5), "cafe", 128.5, "微信", 20260305001])
    sheet.append([date(2026, 3, 6), "cafe", 1200, "现金", "A-2"])
    sheet.append(["2026/3/7", "cafe", "1,000.10", "cash", None])
    sheet.append([datetime(2026, 3, 8), "cafe", 12.345, "cash", None])
    sheet.cell(row=2, column=1).number_format = "yyyy-mm-dd"
    buffer = io.BytesIO()
    book.save(buffer)
    facts, _, rows = parse(buffer.getvalue())
    assert facts.kind == "xlsx"
    assert values(rows[:3]) == [(2, date(2026, 3, 5), "cafe", 12850, "wechat"),
                                (3, date(2026, 3, 6), "cafe", 120000, "cash"),
                                (4, date(2026, 3, 7), "cafe", 100010, "cash")]
    assert rows[0].value.reference == "20260305001"
    assert [(e.row, e.column, e.code) for e in rows[3].errors] == [(5, "amount", "too_many_decimals")]


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, ".xls"),
    (b"\xff\xfe" + "日期".encode("utf-16-le"), "UTF-16"),
    (b"PK\x03\x04 not really a zip", "workbook cannot be read"),
    ("日期,金额\n2026-03-05,1.00\n".encode(), "lacks the column"),
])
def test_unreadable_files_are_refused_by_name(data, message):
    with pytest.raises(UnreadableFile, match=message):
        parse(data)


def test_a_header_only_file_has_no_rows():
    _, _, rows = parse((HEADER + "\n").encode())
    assert rows == []


@pytest.mark.parametrize("kwargs", [{"mapping": {"金额": "money"}}, {"defaults": {"amount": "1.00"}},
                                    {"defaults": {"channel": "paypal"}}])
def test_bad_mappings_are_refused(kwargs):
    with pytest.raises(InvalidMapping):
        parse((HEADER + "\n").encode(), **kwargs)


def test_pairs_syntax():
    assert parse_pairs(["a=amount,b = note", "c=ignore"]) == {"a": "amount", "b": "note", "c": "ignore"}
    with pytest.raises(InvalidMapping):
        parse_pairs("amount")


def _drain(data: bytes, **options) -> None:
    try:
        parse(data, **options)
    except (UnreadableFile, InvalidMapping, UploadTooLarge):  # a damaged size field may declare gigabytes
        pass


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_arbitrary_bytes_are_read_or_refused_by_name(data):
    _drain(data)
    _drain(b"PK\x03\x04" + data)


cell_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(cell_text, max_size=9), max_size=6), st.sampled_from(["utf-8", "gb18030"]),
       st.sampled_from([",", "\t", ";"]))
def test_arbitrary_tables_under_a_real_header_are_read_or_refused_by_name(table, encoding, delimiter):
    lines = [delimiter.join(HEADER.split(","))] + [delimiter.join(row) for row in table]
    try:
        data = "\n".join(lines).encode(encoding)
    except UnicodeEncodeError:
        return
    try:
        _, _, rows = parse(data)
    except (UnreadableFile, InvalidMapping):
        return
    for parsed in rows:
        assert (parsed.value is None) == bool(parsed.errors)


@pytest.mark.parametrize("name, cleaned", [("C:\\till\\march.csv", "march.csv"), ("/tmp/a/b.xlsx", "b.xlsx"),
                                           ("x\x00y.csv", "xy.csv"), ("", "upload"), (None, "upload"),
                                           ("a" * 300, "a" * 255)])
def test_file_names_keep_only_their_last_part(name, cleaned):
    from ledger.imports.services import clean_file_name
    assert clean_file_name(name) == cleaned


def _workbook_bytes() -> bytes:
    book = Workbook()
    book.active.append(HEADER.split(","))
    book.active.append([datetime(2026, 3, 5), "cafe", 12.5, "微信", "饮品", "R-1", "张三", "=1+1"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


WORKBOOK = _workbook_bytes()


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(WORKBOOK) - 1), st.integers(0, 255)), min_size=1, max_size=8))
def test_damaged_workbooks_are_read_or_refused_by_name(damage):
    data = bytearray(WORKBOOK)
    for position, value in damage:
        data[position] = value
    _drain(bytes(data))
