"""POST .../imports as a job (202): a large file, or background=true. The job's result is
the answer the import gives when it is waited for, every row error included; the job
fails (nothing written) where that answer is a refusal. Jobs run inside the request here
(the queue's immediate mode)."""
from __future__ import annotations

import io
from pathlib import Path

from import_rows import csv_bytes

URL = "/api/v1/communities/fenghe/imports"
GOOD = csv_bytes("2026-03-05,cafe,128.50,微信,,W-1,,", "2026-03-06,canteen,30.00,刷卡,,W-2,,")
BAD = csv_bytes("2026-03-05,cafe,128.50,微信,,W-1,,", "2026-02-30,cafe,1,5,现金,,W-2,,",
                "2026-03-05,ghost,1.234,alipay,,W-1,,")


def upload(user, data: bytes, name: str = "till.csv", **form):
    fields = {"file": (io.BytesIO(data), name), **{k: str(v).lower() for k, v in form.items()}}
    return user.post(URL, data=fields, content_type="multipart/form-data")


def job_of(user, response) -> dict:
    assert response.status_code == 202, response.json
    assert response.headers["Location"] == response.json["url"] == f"/api/v1/communities/fenghe/jobs/" \
                                                                    f"{response.json['id']}"
    return user.get(response.json["url"]).json


def without_status(result: dict) -> dict:
    return {k: v for k, v in result.items() if k != "status"}


def test_a_dry_run_job_fails_with_the_row_errors_the_import_answers(app, shop, officer, ledger_counts):
    waited = upload(officer, BAD)
    assert waited.status_code == 422
    job = job_of(officer, upload(officer, BAD, background=True))
    assert (job["kind"], job["state"]) == ("import_check", "failed")
    assert job["error"] == waited.json["message"] == "4 error(s); nothing was written"
    assert job["result"]["status"] == 422 and without_status(job["result"]) == waited.json
    assert (job["done"], job["total"]) == (3, 3)  # rows checked
    assert ledger_counts() == (0, 0, 0)
    assert list((Path(app.instance_path) / "imports").rglob("*")) == [Path(app.instance_path) / "imports" / "1"]


def test_a_commit_job_posts_the_rows_and_ends_with_the_batch(shop, officer, ledger_counts):
    job = job_of(officer, upload(officer, GOOD, name="march.csv", commit=True, background=True))
    assert (job["kind"], job["state"], job["error"], job["file"]) == ("import_commit", "done", None, None)
    result = job["result"]
    assert result["status"] == 201 and result["committed"] is True and result["rows"] == 2
    assert (result["batch"]["file_name"], result["batch"]["total"], result["batch"]["created_by"]) == (
        "march.csv", "158.50", "officer1")
    assert (job["done"], job["total"]) == (4, 4)  # checked, then posted
    assert ledger_counts() == (2, 2, 1)
    again = job_of(officer, upload(officer, GOOD, commit=True, background=True))
    assert again["state"] == "failed" and "already imported as batch" in again["error"]
    assert again["result"]["status"] == 409 and again["result"]["code"] == "already_imported"
    assert ledger_counts() == (2, 2, 1)


def test_a_file_of_more_rows_than_the_setting_runs_as_a_job(app, shop, officer, ledger_counts):
    app.config["LEDGER"]["IMPORT_JOB_ROWS"] = 1
    job = job_of(officer, upload(officer, GOOD, commit=True))
    assert job["state"] == "done" and job["result"]["rows"] == 2
    assert ledger_counts() == (2, 2, 1)


def test_a_bad_mapping_is_refused_before_any_job(app, shop, officer, database_state):
    before = database_state()
    response = upload(officer, GOOD, background=True, map="金额")
    assert response.status_code == 422 and "map" in response.json["errors"], response.json
    assert database_state() == before


def test_only_officers_start_and_follow_import_jobs(shop, officer, auditor, client):
    job = job_of(officer, upload(officer, GOOD, background=True))
    assert upload(auditor, GOOD, background=True).status_code == 403
    assert auditor.get(job["url"]).status_code == 403
    assert client.get(job["url"]).status_code == 401
    assert officer.get(job["url"] + "/file").status_code == 404  # an import has no file
