"""The auditor's downloads on the audit page: the audit workbook and the journal CSV of
the chosen range, written by the same code as the API's exports, for auditors and
officers only."""
from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tests.exports.export_downloads import csv_rows, download
from tests.workspace.pages import field_errors, text_of

EN_SHEETS = ["Cover", "Journal", "Trial balance", "Fund statement", "Contributions", "Council decisions",
             "Residents' questions"]

AUDIT = "/w/fenghe/audit"
RANGE = "from=2026-01-01&to=2026-02-28"
ZH_SHEETS = ["封面", "凭证明细", "科目余额表", "公益金收支表", "反哺明细", "议事会决议", "居民提问"]


@pytest.fixture
def two_months(cafe, post_income):
    post_income("cafe", "100.00", "2026-01-10")
    post_income("cafe", "50.00", "2026-02-10")
    post_income("cafe", "30.00", "2026-03-10")  # outside the range


def test_the_audit_page_links_both_files_for_the_chosen_range(person, community, two_months):
    auditor = person("auditor", community)
    html = auditor.get(f"{AUDIT}?{RANGE}").get_data(as_text=True)
    assert f'href="/w/fenghe/audit/audit.xlsx?from=2026-01-01&amp;to=2026-02-28"' in html
    assert f'href="/w/fenghe/audit/journal.csv?from=2026-01-01&amp;to=2026-02-28"' in html


def test_the_auditor_downloads_the_audit_workbook_of_the_range(person, community, two_months):
    auditor = person("auditor", community)
    response = download(auditor, f"{AUDIT}/audit.xlsx?{RANGE}")
    assert response.status == 200
    assert response.headers["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "filename=audit-fenghe-2026-01-01-2026-02-28.xlsx" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "private, no-store"
    book = load_workbook(io.BytesIO(response.data), read_only=True)
    assert book.sheetnames == ZH_SHEETS
    journal = [row for row in book["凭证明细"].iter_rows(values_only=True)]
    amounts = {cell for row in journal for cell in row if isinstance(cell, (int, float))}
    assert 100 in amounts and 50 in amounts and 30 not in amounts


def test_the_workbook_follows_the_interface_language(person, community, two_months):
    auditor = person("auditor", community)
    response = download(auditor, f"{AUDIT}/audit.xlsx?{RANGE}&lang=en")
    book = load_workbook(io.BytesIO(response.data), read_only=True)
    assert book.sheetnames == EN_SHEETS


def test_the_journal_csv_is_the_apis_for_the_same_range(person, community, two_months, auditor):
    browser = person("auditor", community, username="auditor-web")
    response = download(browser, f"{AUDIT}/journal.csv?{RANGE}")
    assert response.status == 200 and response.headers["Content-Type"].startswith("text/csv")
    assert 'filename="journal-fenghe-2026-01-01-2026-02-28.csv"' in response.headers["Content-Disposition"]
    api = download(auditor, f"/api/v1/communities/fenghe/journal.csv?{RANGE}")
    assert response.data == api.data
    rows = csv_rows(response.data)
    days = {cell for row in rows[1:] for cell in row if cell.startswith("2026-")}
    assert {"2026-01-10", "2026-02-10"} <= days and "2026-03-10" not in days, rows[:3]


def test_an_officer_may_download_too(clerk, two_months):
    assert download(clerk, f"{AUDIT}/audit.xlsx?{RANGE}").status == 200
    assert download(clerk, f"{AUDIT}/journal.csv?{RANGE}").status == 200


@pytest.mark.parametrize("path", ["audit.xlsx", "journal.csv"])
def test_an_approver_or_another_communitys_auditor_gets_403(person, community, make_community, path):
    make_community("other", "别的社区")
    approver = person("approver", community)
    stranger = person("auditor", "other", username="stranger")
    for browser in (approver, stranger):
        response = browser.get(f"{AUDIT}/{path}?{RANGE}")
        assert response.status_code == 403
        assert "您的角色不允许" in text_of(response)


@pytest.mark.parametrize("path", ["audit.xlsx", "journal.csv"])
def test_signed_out_goes_to_the_sign_in_page(web, community, path):
    response = web().get(f"{AUDIT}/{path}?{RANGE}")
    assert response.status_code == 303
    assert "/login?next=" in response.location


def test_a_reversed_range_is_refused_on_the_page_without_a_file(person, community):
    auditor = person("auditor", community)
    response = auditor.get(f"{AUDIT}/audit.xlsx?from=2026-03-01&to=2026-01-31")
    assert response.status_code == 422
    assert response.mimetype == "text/html"
    assert field_errors(response, "to") == ["不能早于起始日期"]
    assert 'data-testid="downloads"' not in response.get_data(as_text=True)
