"""A file of more rows than LEDGER_IMPORT_JOB_ROWS, from the import page: checked and then
posted by jobs, the page following each job and then showing its result as it shows a
result it waited for (jobs run inside the request here: the queue's immediate mode)."""
from __future__ import annotations

import pytest

from tests.imports.import_rows import csv_bytes
from tests.workspace.pages import text_of
from tests.workspace.test_ws_import import CLEAN, IMPORTS, commit_checked, counts, row_errors, upload  # noqa: F401


@pytest.fixture(autouse=True)
def every_file_is_large(app):
    app.config["LEDGER"]["IMPORT_JOB_ROWS"] = 1


def test_a_large_file_is_checked_then_posted_by_jobs(clerk, cafe, counts):
    asked = upload(clerk, CLEAN)
    assert asked.status_code == 303 and asked.location == f"{IMPORTS}?job=1#jobs"
    checked = clerk.get(f"{IMPORTS}?job=1")
    page = text_of(checked)
    assert "已检查 2 行；可入账 2 行；有问题 0 行；跳过 0 行。" in page  # the check's tally, as when waited for
    assert "till.csv 检查无误：共 2 行，合计 150.50（表头在第 1 行）。" in page
    assert 'data-job="/api/v1/communities/fenghe/jobs/1"' in checked.get_data(as_text=True)
    assert counts() == (0, 0, 0)
    posted = commit_checked(clerk, checked)
    assert posted.status_code == 303 and posted.location == f"{IMPORTS}?job=2#jobs"
    assert counts() == (2, 2, 1)
    done = text_of(clerk.get(posted.location))
    assert "已从 till.csv 导入批次 1：入账 2 行，合计 150.50；跳过 0 行。" in done


def test_a_large_file_with_bad_rows_shows_every_row_error(clerk, cafe, counts):
    bad = csv_bytes("2026-01-05,cafe,100.00,微信,,A-1,,", "2026-01-06,ghost,1.234,现金,,A-2,,")
    asked = upload(clerk, bad)
    page = clerk.get(asked.location)
    waited_for = row_errors(upload_small(clerk, bad))
    assert row_errors(page) == waited_for and [(row, column) for row, column, _ in waited_for] == [
        ("3", "经营主体"), ("3", "金额")]
    assert 'name="sha256"' not in page.get_data(as_text=True)  # nothing to commit
    assert counts() == (0, 0, 0)


def upload_small(browser, data: bytes):
    """The same file answered in the request."""
    browser.app.config["LEDGER"]["IMPORT_JOB_ROWS"] = 1000
    try:
        return upload(browser, data)
    finally:
        browser.app.config["LEDGER"]["IMPORT_JOB_ROWS"] = 1


def test_another_users_job_is_not_shown(clerk, person, community, cafe):
    upload(clerk, CLEAN)
    other = person("officer", community, username="clerk2")
    page = other.get(f"{IMPORTS}?job=1").get_data(as_text=True)
    assert 'data-job="/api/v1/communities/fenghe/jobs/1"' not in page and 'name="sha256"' not in page
