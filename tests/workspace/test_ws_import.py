"""Importing incomes from the workspace: a dry run that lists every row error and writes
nothing, then a commit of exactly the checked file, all rows or none; the same file a
second time posts nothing."""
from __future__ import annotations

import hashlib
import io
import os
import re
import time
from html import unescape
from pathlib import Path

import pytest
from openpyxl import Workbook

from ledger.imports.models import ImportBatch
from ledger.incomes.models import Income
from ledger.journal.models import JournalTransaction
from tests.imports.import_rows import csv_bytes
from tests.workspace.pages import field_errors, text_of

IMPORTS = "/w/fenghe/imports"
CLEAN = csv_bytes("2026-01-05,cafe,100.00,微信,,A-1,,", "2026-01-06,cafe,50.50,现金,,A-2,,")


def upload(browser, data: bytes, name: str = "till.csv", **fields):
    return browser.post(IMPORTS, {"file": (io.BytesIO(data), name), **fields}, content_type="multipart/form-data")


def hidden(response, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', response.get_data(as_text=True))
    assert found, f"no hidden field {name}"
    return unescape(found.group(1))


def commit_checked(browser, checked, **changes):
    fields = {name: hidden(checked, name) for name in ("sha256", "file_name", "map", "default")}
    return browser.post(f"{IMPORTS}/commit", {**fields, **changes})


def row_errors(response) -> list[tuple[str, str, str]]:
    """(row, column, problem) of each line of the row-error table."""
    html = response.get_data(as_text=True)
    if 'data-testid="row-errors"' not in html:
        return []
    body = html.split('data-testid="row-errors"', 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [tuple(unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row,
                                                                                       flags=re.S))
            for row in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)]


@pytest.fixture
def counts(count):
    return lambda: (count(Income), count(JournalTransaction), count(ImportBatch))


def test_a_clean_file_is_checked_then_posted(clerk, cafe, counts, app):
    checked = upload(clerk, CLEAN)
    assert checked.status_code == 200
    page = text_of(checked)
    assert "已检查 2 行；可入账 2 行；有问题 0 行；跳过 0 行" in page
    assert "till.csv 检查无误：共 2 行，合计 150.50（表头在第 1 行）" in page
    assert counts() == (0, 0, 0)  # the dry run wrote nothing
    waiting = Path(app.instance_path) / "imports"
    assert [p.name for p in waiting.rglob("*") if p.is_file()] == [hidden(checked, "sha256")]
    posted = commit_checked(clerk, checked)
    assert posted.status_code == 303
    posted.close()
    assert not [p for p in waiting.rglob("*") if p.is_file()]  # removed once the commit was answered
    after = text_of(clerk.get(posted.location))
    assert "已从 till.csv 导入批次 1：入账 2 行，合计 150.50；跳过 0 行" in after
    assert counts() == (2, 2, 1)
    assert "150.50" in after and "clerk" in after  # the batch is listed


def test_files_checked_but_never_committed_are_removed_a_day_later(clerk, cafe, app):
    waiting = Path(app.instance_path) / "imports"
    assert upload(clerk, CLEAN).status_code == 200
    (first,) = [path for path in waiting.rglob("*") if path.is_file()]
    day_old = time.time() - 24 * 3600 - 60
    os.utime(first, (day_old, day_old))
    fresh = csv_bytes("2026-01-07,cafe,9.00,微信,,B-1,,")
    assert upload(clerk, fresh, name="other.csv").status_code == 200
    remaining = [path for path in waiting.rglob("*") if path.is_file()]
    assert [path.name for path in remaining] == [hashlib.sha256(fresh).hexdigest()]


def test_the_same_file_twice_says_it_posted_nothing(clerk, cafe, counts):
    assert commit_checked(clerk, upload(clerk, CLEAN)).status_code == 303
    again = upload(clerk, CLEAN, name="again.csv")
    assert again.status_code == 409
    [message] = field_errors(again, "file")
    assert re.fullmatch(r"该文件已于 \d{4}-\d\d-\d\d 由 clerk 导入为批次 1；本次未入账任何内容", message)
    assert 'name="sha256"' not in again.get_data(as_text=True)
    assert counts() == (2, 2, 1)


def test_every_row_error_is_listed_with_its_row_and_column_and_nothing_is_posted(clerk, cafe, counts):
    data = csv_bytes("2026-01-05,cafe,100.00,微信,,A-1,,",
                     "2026-01-06,cafe,12.345,现金,,A-2,,",
                     "2026-02-30,bakery,5.00,支票,,A-3,,",
                     "2026-01-07,cafe,8.00,微信,,A-1,,")
    response = upload(clerk, data)
    assert response.status_code == 422
    assert row_errors(response) == [
        ("3", "金额", "小数超过两位：'12.345'"),
        ("4", "日期", "没有这一天：'2026-02-30'"),
        ("4", "经营主体", "未知的经营主体 'bakery'"),
        ("4", "渠道", "未知渠道 '支票'；请使用 现金 cash、微信 wechat、支付宝 alipay、银行/转账 bank 或 刷卡 card"),
        ("5", "单号", "经营主体 'cafe' 的单号 'A-1' 也出现在第 2 行"),
    ]
    page = text_of(response)
    assert "下列行中有 5 个问题：请修改文件后重新检查。未入账任何内容。" in page
    assert "已检查 4 行；可入账 1 行；有问题 3 行" in page
    assert 'name="sha256"' not in response.get_data(as_text=True)  # no commit button
    assert counts() == (0, 0, 0)


def test_a_mapping_and_defaults_read_another_layout_and_are_kept(clerk, cafe, counts):
    data = csv_bytes("2026-01-05,100.00,T1", "2026-01-06,20.00,T2", header="交易时间,实付,流水")
    fields = {"map": "交易时间=occurred_on,实付=amount", "default": "operator=cafe,channel=wechat"}
    checked = upload(clerk, data, **fields)
    assert checked.status_code == 200, text_of(checked)
    assert "共 2 行，合计 120.00" in text_of(checked)
    assert hidden(checked, "map") == fields["map"] and hidden(checked, "default") == fields["default"]
    assert commit_checked(clerk, checked).status_code == 303
    assert counts() == (2, 2, 1)


def test_a_malformed_mapping_is_marked_next_to_it(clerk, cafe, counts):
    response = upload(clerk, CLEAN, map="金额")
    assert response.status_code == 422
    assert field_errors(response, "map") == ["'金额' 不是“名称=值”的格式"]
    assert 'value="金额"' in response.get_data(as_text=True)
    assert counts() == (0, 0, 0)


def test_no_file_is_asked_for(clerk):
    response = clerk.post(IMPORTS, {}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert field_errors(response, "file") == ["请选择一个 CSV 或 XLSX 文件"]


def test_a_file_without_the_needed_columns_is_explained(clerk, cafe, counts):
    response = upload(clerk, b"name,price\ncoffee,12\n")
    assert response.status_code == 422
    [message] = field_errors(response, "file")
    assert message.startswith("找不到表头：第 1 行缺少列 日期 (occurred_on)")
    assert counts() == (0, 0, 0)


def test_an_xlsx_file_is_read(clerk, cafe, counts):
    book = Workbook()
    sheet = book.active
    sheet.append(["日期", "经营主体", "金额", "渠道"])
    sheet.append(["2026-01-05", "cafe", "88.80", "支付宝"])
    data = io.BytesIO()
    book.save(data)
    checked = upload(clerk, data.getvalue(), name="till.xlsx")
    assert checked.status_code == 200 and "共 1 行，合计 88.80" in text_of(checked)
    assert commit_checked(clerk, checked).status_code == 303
    assert counts() == (1, 1, 1)


def test_a_commit_refused_after_the_check_posts_nothing(clerk, cafe, counts, close):
    checked = upload(clerk, CLEAN)
    assert checked.status_code == 200
    close("2026-01")  # the month closes between the check and the commit
    before = counts()
    response = commit_checked(clerk, checked)
    assert response.status_code == 422
    assert [(row, column) for row, column, _ in row_errors(response)] == [("2", "日期"), ("3", "日期")]
    assert row_errors(response)[0][2] == "2026-01 月已结账"
    assert counts() == before


def test_a_commit_of_a_file_that_was_never_checked_is_refused(clerk, cafe, counts):
    response = clerk.post(f"{IMPORTS}/commit", {"sha256": "0" * 64, "file_name": "x.csv"})
    assert response.status_code == 409
    assert field_errors(response, "file") == ["检查过的文件已不在服务器上；请重新上传"]
    traversal = clerk.post(f"{IMPORTS}/commit", {"sha256": "../../secret", "file_name": "x.csv"})
    assert traversal.status_code == 409
    assert counts() == (0, 0, 0)


def test_only_officers_of_the_community_may_import(person, web, community, make_community, cafe, counts):
    make_community("other", "别的社区")
    for browser in (person("auditor", community), person("approver", community, username="approver-web"),
                    person("officer", "other", username="stranger")):
        assert browser.get(IMPORTS).status_code == 403
        assert upload(browser, CLEAN).status_code == 403
        assert browser.post(f"{IMPORTS}/commit", {"sha256": "0" * 64}).status_code == 403
    signed_out = web().get(IMPORTS)
    assert signed_out.status_code == 303 and "/login" in signed_out.location
    assert counts() == (0, 0, 0)


def test_an_upload_without_the_csrf_token_is_refused(clerk, cafe, counts):
    response = clerk.post(IMPORTS, {"file": (io.BytesIO(CLEAN), "till.csv")}, csrf=False,
                          content_type="multipart/form-data")
    assert response.status_code == 400
    assert counts() == (0, 0, 0)
