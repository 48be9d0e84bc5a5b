"""Workbooks that unpack to far more than they weigh are refused before anything parses
them, with a 413 (or 422 for a damaged one) naming the problem, and nothing written: a
400 MB cell, a table of shared strings of 300 MB, a sheet of 300 MB, a part that lies
about its size. Each is built in memory from a few hundred kilobytes."""
from __future__ import annotations

import io
import re
import tracemalloc

import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from bombs import MiB, cell, huge_cell, lying_about, sheet_bomb, strings_bomb, workbook

from ledger import db
from ledger.auth import services as auth
from ledger.core.errors import UploadTooLarge
from ledger.imports import reading
from ledger.imports.errors import UnreadableFile
from ledger.zipbounds import Limits, check_zip
from tests.workspace.pages import Web, text_of

URL = "/api/v1/communities/fenghe/imports"
ROW = b"<row>" + cell("2026-03-05") + cell("cafe") + cell("1.00") + cell("现金") + b"</row>"


@pytest.fixture(scope="module")
def bombs() -> dict[str, bytes]:
    return {"cell": huge_cell(400 * MiB), "strings": strings_bomb(300 * MiB), "sheet": sheet_bomb(300 * MiB),
            "lying": lying_about(workbook([ROW] * 200_000, zip64=False), "xl/worksheets/sheet1.xml", 4096)}


@pytest.fixture
def never_parsed(monkeypatch):
    """openpyxl must not even open what the bounds refuse."""
    def refuse(_stream):
        raise AssertionError("the workbook reached openpyxl")
    monkeypatch.setattr(reading, "_open_workbook", refuse)


def multipart(data: bytes, **form) -> dict:
    """The request's body encoded here, in memory: the test client would spool a large one
    to a temporary file it never closes."""
    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(data), "bomb.xlsx"), **form})
    return {"data": body, "content_type": f"multipart/form-data; boundary={boundary}"}


def upload(user, data: bytes, **form):
    return user.post(URL, **multipart(data, **form))


@pytest.mark.parametrize("kind, status, problem", [
    ("cell", 413, r"xl/worksheets/sheet1\.xml would unpack to 40\d\.\d MiB, more than 128\.0 MiB"),
    ("strings", 413, r"xl/sharedStrings\.xml would unpack to 30\d\.\d MiB, more than 32\.0 MiB"),
    ("sheet", 413, r"xl/worksheets/sheet1\.xml would unpack to 30\d\.\d MiB, more than 128\.0 MiB"),
    ("lying", 422, r"damaged.*xl/worksheets/sheet1\.xml"),
])
def test_a_bomb_is_refused_by_name_before_it_is_parsed(shop, officer, bombs, never_parsed, ledger_counts,
                                                       kind, status, problem):
    assert len(bombs[kind]) < 2 * MiB
    response = upload(officer, bombs[kind], commit="true")
    assert response.status_code == status, response.json
    assert re.search(problem, " ".join(response.json["errors"]["file"])), response.json
    assert ledger_counts() == (0, 0, 0)


def test_the_workspace_says_the_same_on_its_form(shop, bombs, never_parsed, ledger_counts, app):
    with app.app_context(), db.unit_of_work(app) as session:
        auth.create_user(session, "clerk", "officer", created_by="system", password="a long password",
                         communities=["fenghe"])
    browser = Web(app)
    assert browser.sign_in("clerk", "a long password").status_code == 303
    response = browser.client.post("/w/fenghe/imports", **multipart(bombs["cell"], csrf_token=browser.token()))
    assert response.status_code == 413 and "400.0 MiB" in text_of(response)
    assert ledger_counts() == (0, 0, 0)


def test_a_part_that_unpacks_past_what_it_declares_is_never_inflated_further(bombs):
    tracemalloc.start()
    try:
        with pytest.raises(UnreadableFile, match="damaged"):
            reading.scan(io.BytesIO(bombs["lying"]))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * MiB  # the sheet would unpack to 17 MiB; at most its declared 4 KiB and a chunk were


def test_a_huge_text_is_refused_as_it_streams_by_without_being_held(bombs):
    lenient = Limits(streamed_bytes=1024 * MiB, total_bytes=1024 * MiB, ratio=10**6)
    tracemalloc.start()
    try:
        with pytest.raises(UploadTooLarge, match="a text \\(a cell\\) of more than 256 KiB"):
            check_zip(io.BytesIO(bombs["cell"]), lenient)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * MiB  # the cell is 400 MiB


def test_a_cell_longer_than_excel_allows_is_a_clear_422(shop, officer, ledger_counts):
    data = workbook([b"<row>" + cell("2026-03-05") + cell("cafe") + cell("1.00") + cell("现金")
                     + cell("长" * 40_000) + b"</row>"])
    response = upload(officer, data)
    assert response.status_code == 422
    assert response.json["errors"]["file"] == ["row 2: a cell holds more than 32,767 characters (Excel's limit)"]


def test_a_sheet_of_more_rows_than_allowed_is_refused_while_counting(bombs):
    rows = workbook([ROW] * 11)
    with pytest.raises(UploadTooLarge, match="more than 10 rows"):
        check_zip(io.BytesIO(rows), Limits(rows=10))
    check_zip(io.BytesIO(rows), Limits(rows=12))


@pytest.mark.parametrize("limits, problem", [
    (Limits(total_bytes=MiB, ratio=10**6), r"the file would unpack to 3\.\d MiB, more than 1\.0 MiB"),
    (Limits(ratio=100), "sheet1.xml would unpack to 253 times its packed size, more than 100 times"),
    (Limits(held_bytes=100), r"\[Content_Types\]\.xml would unpack to [\d,]+ bytes, more than 100 bytes"),
    (Limits(members=3), "parts, more than 3"),
])
def test_every_bound_is_checked(limits, problem):
    data = workbook(iter([ROW] * 20_000))  # a 2 MiB sheet of one row over and over
    with pytest.raises(UploadTooLarge, match=problem):
        check_zip(io.BytesIO(data), limits)


def test_a_large_honest_workbook_passes_and_is_read(shop, officer):
    rows = [b"<row>" + cell(f"2026-03-{1 + n % 28:02d}") + cell("cafe") + cell(f"{1 + n}.00") + cell("现金")
            + b"</row>" for n in range(5000)]
    response = upload(officer, workbook(rows))
    assert response.status_code == 200, response.json
    assert response.json["rows"] == 5000


def test_verifying_a_workbook_offline_checks_the_same_bounds_first(bombs, tmp_path, monkeypatch):
    import reports.verify
    from click.testing import CliRunner
    from ledger.exports.commands import verify_workbook_command

    def never(*args, **kwargs):
        raise AssertionError("the workbook reached openpyxl")
    monkeypatch.setattr(reports.verify, "load_workbook", never)
    path = tmp_path / "audit.xlsx"
    path.write_bytes(lying_about(bombs["cell"], "xl/worksheets/sheet1.xml", 1000))
    result = CliRunner().invoke(verify_workbook_command, [str(path)])
    assert result.exit_code == 1 and "damaged" in result.output, result.output
    path.write_bytes(huge_cell(2 * MiB))
    result = CliRunner().invoke(verify_workbook_command, [str(path)])
    assert result.exit_code == 1 and "times its packed size, more than 200 times" in result.output, result.output
