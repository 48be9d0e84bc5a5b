"""The audit workbook's 议事会决议 and 居民提问 sheets: the decisions dated in the range
(one row per approved budget, budgets as numbers) and the questions asked in it with
their answers or refusals; text typed by people is never a formula; no contact."""
from __future__ import annotations

from datetime import date

from export_downloads import BASE, INJECTION, download, workbook

from ledger.timeutil import local_today
from tests.council import approve


def rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(min_row=2, values_only=True))


def test_decisions_and_questions_of_the_range(officer, auditor, client):
    first = approve(officer, {"meals": "48000.00", "lights": "12000.00"}, decided_on="2026-01-10", subject=INJECTION)
    approve(officer, {}, decided_on="2025-12-20", subject="去年的决议")  # before the range
    assert officer.post(f"{BASE}/projects", json={"code": "meals", "name": "助餐", "budget": "48000.00",
                                                  "fund": "public_benefit"}).status_code == 201
    asked = [client.post(f"{BASE}/questions", json={"about": {"kind": "project", "ref": "meals"}, "text": text,
                                                     "name": name, "contact": "13811112222"}).json["id"]
             for text, name in ((INJECTION, "陈阿姨"), ("+1 为什么", ""), ("等待中", "王"))]
    officer.post(f"{BASE}/questions/{asked[0]}/answer", json={"text": "@答复"})
    officer.post(f"{BASE}/questions/{asked[1]}/refuse", json={"reason": "-重复"})
    got = download(auditor, f"{BASE}/reports/audit.xlsx?from=2026-01-01&to={local_today().isoformat()}")
    assert got.status == 200
    book = workbook(got.data)
    decisions = book["议事会决议"]
    assert [(r[0], r[1].date(), r[2], r[3], r[4:8], r[8], r[9]) for r in rows(decisions)] == [
        (first["id"], date(2026, 1, 10), "居民议事会", INJECTION, (15, 2, 1, 19), "meals", 48000),
        (first["id"], date(2026, 1, 10), "居民议事会", INJECTION, (15, 2, 1, 19), "lights", 12000)]
    assert decisions["D2"].data_type == "s" and decisions["J2"].number_format == "#,##0.00"
    questions = {r[0]: r for r in rows(book["居民提问"])}
    assert set(questions) == set(asked)
    answered, refused, waiting = (questions[i] for i in asked)
    assert answered[2:8] == ("项目 meals", None, "已公开", "陈阿姨", INJECTION, "@答复")
    assert refused[4] == "不予公开" and refused[5] == "匿名" and refused[10] == "-重复"
    assert waiting[4] == "待审核" and waiting[7] is None and waiting[11] == "否"
    sheet = book["居民提问"]
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
    assert b"13811112222" not in got.data and all("13811112222" not in str(v) for r in rows(sheet) for v in r)


def test_the_english_workbook_names_the_sheets_in_english(officer, auditor):
    approve(officer, {"meals": "48000.00"}, decided_on="2026-01-10")
    got = download(auditor, f"{BASE}/reports/audit.xlsx?from=2026-01-01&to=2026-01-31&lang=en")
    book = workbook(got.data)
    assert [c.value for c in book["Council decisions"][1]][:2] == ["Decision", "Decided on"]
    assert [c.value for c in book["Residents' questions"][1]][:2] == ["No.", "Asked on"]
    assert rows(book["Residents' questions"]) == []
