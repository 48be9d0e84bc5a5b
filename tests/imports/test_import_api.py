"""POST /api/v1/communities/{c}/imports (multipart) and GET .../imports."""
import io

import pytest

from import_rows import csv_bytes

URL = "/api/v1/communities/fenghe/imports"


def upload(user, data: bytes, name: str = "till.csv", **form):
    fields = {"file": (io.BytesIO(data), name), **{k: str(v).lower() for k, v in form.items()}}
    return user.post(URL, data=fields, content_type="multipart/form-data")


GOOD = csv_bytes("2026-03-05,cafe,128.50,微信,,W-1,,", "2026-03-06,canteen,30.00,刷卡,,W-2,,")


def test_a_dry_run_answers_the_count_and_total_and_writes_nothing(shop, officer, ledger_counts):
    r = upload(officer, GOOD)
    assert r.status_code == 200, r.json
    assert {k: r.json[k] for k in ("rows", "total", "errors", "row_errors", "committed", "batch")} == {
        "rows": 2, "total": "158.50", "errors": {}, "row_errors": [], "committed": False, "batch": None}
    assert ledger_counts() == (0, 0, 0)


def test_errors_answer_422_with_every_row_and_column(shop, officer, ledger_counts):
    # Row 3's unquoted "1,5" shifts its cells: amount 1, channel "5".
    data = csv_bytes("2026-03-05,cafe,128.50,微信,,W-1,,", "2026-02-30,cafe,1,5,现金,,W-2,,",
                     "2026-03-05,ghost,1.234,alipay,,W-1,,")
    r = upload(officer, data, commit=True)
    assert r.status_code == 422, r.json
    assert r.json["code"] == "import_rejected" and r.json["committed"] is False
    assert [(e["row"], e["column"], e["code"]) for e in r.json["row_errors"]] == [
        (3, "occurred_on", "bad_date"), (3, "channel", "bad_channel"),
        (4, "operator", "unknown_operator"), (4, "amount", "too_many_decimals")]
    # The same errors in the API's standard shape, keyed by row and column.
    assert sorted(r.json["errors"]) == ["row 3.channel", "row 3.occurred_on", "row 4.amount", "row 4.operator"]
    assert ledger_counts() == (0, 0, 0)


def test_commit_answers_201_with_the_batch_and_the_second_time_409(shop, officer, auditor, ledger_counts):
    r = upload(officer, GOOD, name="exports/march.csv", commit=True)
    assert r.status_code == 201, r.json
    batch = r.json["batch"]
    assert (batch["file_name"], batch["rows"], batch["total"], batch["created_by"], batch["status"]) == (
        "march.csv", 2, "158.50", "officer1", "committed")
    again = upload(officer, GOOD, name="again.csv", commit=True)
    assert again.status_code == 409 and again.json["code"] == "already_imported"
    assert f"already imported as batch {batch['id']}" in again.json["message"]
    assert ledger_counts() == (2, 2, 1)
    listed = auditor.get(URL)
    assert listed.status_code == 200 and [b["id"] for b in listed.json["items"]] == [batch["id"]]


@pytest.mark.parametrize("data, column", [
    (b"\xd0\xcf\x11\xe0" + b"\0" * 64, "file"),
    (b"just one line without the columns\n", "file"),
])
def test_unreadable_files_answer_422_in_the_same_shape(shop, officer, data, column):
    r = upload(officer, data)
    assert r.status_code == 422, r.json
    assert [(e["row"], e["column"]) for e in r.json["row_errors"]] == [(None, column)]
    assert list(r.json["errors"]) == [column]


def test_a_bad_mapping_answers_422(shop, officer):
    r = officer.post(URL, data={"file": (io.BytesIO(GOOD), "t.csv"), "map": "金额=money"},
                     content_type="multipart/form-data")
    assert r.status_code == 422 and r.json["row_errors"][0]["column"] == "map", r.json
    assert "map" in r.json["errors"]


def test_a_missing_file_is_a_422_naming_the_field(shop, officer):
    r = officer.post(URL, data={"commit": "true"}, content_type="multipart/form-data")
    assert r.status_code == 422 and "file" in r.json["errors"], r.json


@pytest.mark.parametrize("role", ["auditor", "approver"])
def test_only_officers_import(shop, make_user, role, ledger_counts):
    r = upload(make_user(role, "fenghe"), GOOD, commit=True)
    assert r.status_code == 403
    assert ledger_counts() == (0, 0, 0)


def test_an_officer_of_another_community_gets_403(shop, make_community, make_user, ledger_counts):
    make_community("other", "别的社区")
    stranger = make_user("officer", "other")
    assert upload(stranger, GOOD, commit=True).status_code == 403
    assert stranger.get(URL).status_code == 403
    assert ledger_counts() == (0, 0, 0)


def test_batches_page_by_cursor(shop, officer):
    for n in range(3):
        assert upload(officer, csv_bytes(f"2026-03-05,cafe,1.00,cash,,P-{n},,"), name=f"p{n}.csv",
                      commit=True).status_code == 201
    first = officer.get(URL + "?limit=2").json
    second = officer.get(URL + f"?limit=2&cursor={first['next_cursor']}").json
    assert [b["file_name"] for b in first["items"] + second["items"]] == ["p2.csv", "p1.csv", "p0.csv"]
    assert officer.get(URL + "?cursor=abc").status_code == 422
