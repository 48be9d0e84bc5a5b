"""GET .../journal.csv: the journal API's postings as CSV, streamed."""
from export_downloads import BASE, INJECTION, csv_rows, download, journal_items, posting_lines, yuan


def _lines(rows: list[list[str]]) -> list[tuple]:
    return sorted((int(r[0]), int(r[8]), r[9], yuan(r[11]), yuan(r[12]), r[13]) for r in rows[1:])


def test_csv_matches_the_journal_api(ledger, auditor):
    got = download(auditor, f"{BASE}/journal.csv?from=2026-03-01&to=2026-03-31")
    assert got.status == 200 and got.streamed
    assert got.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert got.headers["Content-Disposition"] == 'attachment; filename="journal-fenghe-2026-03-01-2026-03-31.csv"'
    rows = csv_rows(got.data)
    assert rows[0][:4] == ["凭证号", "社区代码", "日期", "摘要"]
    assert _lines(rows) == posting_lines(journal_items(auditor, "from=2026-03-01&to=2026-03-31"))
    assert [int(r[0]) for r in rows[1:]] == sorted(int(r[0]) for r in rows[1:])  # chain order
    by_seq = {int(r[0]): r for r in rows[1:]}
    api = {tx["seq"]: tx for tx in journal_items(auditor, "from=2026-03-01&to=2026-03-31")}
    for seq, row in by_seq.items():
        tx = api[seq]
        expected = [tx["occurred_on"], tx["description"], tx["source"], "" if tx["reverses"] is None else
                    str(tx["reverses"]), tx["created_at"], tx["created_by"]]
        if seq == 14:
            expected[1] = "'" + INJECTION  # formula starters are neutralised
        assert row[2:8] == expected


def test_whole_journal_in_english(ledger, officer):
    rows = csv_rows(download(officer, f"{BASE}/journal.csv?lang=en").data)
    assert rows[0][0] == "Seq" and sorted({int(r[0]) for r in rows[1:]}) == list(range(1, 15))
    assert _lines(rows) == posting_lines(journal_items(officer))


def test_who_may_download(community, client, make_user, auditor):
    url = f"{BASE}/journal.csv"
    assert download(client, url).status == 401
    assert download(make_user("approver", "fenghe"), url).status == 403
    assert download(auditor, url + "?from=2026-05-01&to=2026-04-01").status == 422
    empty = csv_rows(download(auditor, url).data)
    assert len(empty) == 1  # the header alone
