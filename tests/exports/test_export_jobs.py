"""POST .../exports and the jobs behind it (jobs run inside the request here: the
queue's immediate mode; tests/jobs runs them on real workers)."""
from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from export_downloads import BASE, download, workbook
from sqlmodel import select

from ledger import db
from ledger.communities.models import Community
from ledger.jobs.models import Job
from ledger.jobs.recovery import expire_files


def ask(user, **body):
    return user.post(f"{BASE}/exports", json=body)


def follow(user, response) -> dict:
    assert response.status_code == 202, response.json
    assert set(response.json) == {"id", "state", "url"}
    assert response.headers["Location"] == response.json["url"]
    job = user.get(response.json["url"])
    assert job.status_code == 200, job.json
    return job.json


def parts(data: bytes, generated_at: str) -> dict[str, bytes]:
    """The workbook's parts, its generated-at stamp blanked: the document properties carry
    the time of writing, and the cover the generated-at stamp."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        found = {name: archive.read(name) for name in archive.namelist() if name != "docProps/core.xml"}
    return {name: body.replace(generated_at.encode(), b"GENERATED-AT") for name, body in found.items()}


def generated_at(data: bytes) -> str:
    cover = {row[0]: row[1] for row in workbook(data).worksheets[0].iter_rows(values_only=True)}
    return cover["生成时间 (UTC)"]


def test_an_audit_workbook_job_answers_with_its_file(ledger, auditor):
    job = follow(auditor, ask(auditor, kind="audit_workbook", **{"from": "2026-03-01", "to": "2026-03-31"}))
    assert job["kind"] == "audit_workbook" and job["state"] == "done" and job["error"] is None
    book = workbook(download(auditor, f"{BASE}/reports/audit.xlsx?from=2026-03-01&to=2026-03-31").data)
    lines = len(list(book["凭证明细"].iter_rows(min_row=2)))
    assert job["done"] == job["total"] == lines  # progress counts journal lines
    assert job["file"] == f"{BASE}/exports/{job['id']}/file"
    got = download(auditor, job["file"])
    assert got.status == 200 and got.headers["Content-Disposition"].endswith("audit-fenghe-2026-03-01-2026-03-31.xlsx")
    assert (job["size"], job["sha256"]) == (len(got.data), hashlib.sha256(got.data).hexdigest())
    assert job["created_at"] <= job["finished_at"]


def test_the_job_and_the_direct_download_write_the_same_workbook(ledger, auditor):
    direct = download(auditor, f"{BASE}/reports/audit.xlsx?from=2026-01-01&to=2026-04-30").data
    job = follow(auditor, ask(auditor, kind="audit_workbook", **{"from": "2026-01-01", "to": "2026-04-30"}))
    queued = download(auditor, job["file"]).data
    assert parts(direct, generated_at(direct)) == parts(queued, generated_at(queued))


def test_the_journal_csv_job_writes_the_direct_files_bytes(ledger, officer):
    direct = download(officer, f"{BASE}/journal.csv?from=2026-02-01&to=2026-03-31&lang=en").data
    job = follow(officer, ask(officer, kind="journal_csv", **{"from": "2026-02-01", "to": "2026-03-31"}, lang="en"))
    assert download(officer, job["file"]).data == direct
    assert job["done"] == job["total"] == direct.count(b"\n") - 1


def test_a_disclosure_job_is_public_like_its_download(community, client, officer):
    assert officer.post(f"{BASE}/compounds", json={"code": "lanting", "name": "兰亭苑",
                                                   "remuneration_percent": "10"}).status_code == 201
    direct = download(client, f"{BASE}/compounds/lanting/disclosure.xlsx?month=2026-03")
    response = client.post(f"{BASE}/exports", json={"kind": "disclosure_workbook", "compound": "lanting",
                                                    "month": "2026-03"})
    job = follow(client, response)
    assert job["state"] == "done" and (job["done"], job["total"]) == (1, 1)
    got = download(client, job["file"])
    assert [list(s.iter_rows(values_only=True)) for s in workbook(got.data).worksheets] == \
        [list(s.iter_rows(values_only=True)) for s in workbook(direct.data).worksheets]


@pytest.mark.parametrize("body, field", [({}, "kind"), ({"kind": "ledger_dump"}, "kind"),
                                         ({"kind": "audit_workbook", "from": "2026-04-01", "to": "2026-03-01"}, "to"),
                                         ({"kind": "audit_workbook", "lang": "fr"}, "lang"),
                                         ({"kind": "disclosure_workbook", "month": "2026-03"}, "compound"),
                                         ({"kind": "disclosure_workbook", "compound": "x"}, "month")])
def test_a_bad_request_is_422_with_the_field(community, auditor, database_state, body, field):
    before = database_state()
    response = ask(auditor, **body)
    assert response.status_code == 422 and field in response.json["errors"], response.json
    assert database_state() == before


def test_who_may_ask_and_follow(ledger, client, auditor, make_user, make_community):
    make_community("other", "别的社区")
    stranger = make_user("auditor", "other")
    assert ask(client, kind="audit_workbook").status_code == 401
    assert ask(make_user("approver", "fenghe"), kind="audit_workbook").status_code == 403
    assert ask(stranger, kind="audit_workbook").status_code == 403
    job = follow(auditor, ask(auditor, kind="audit_workbook"))
    assert client.get(f"{BASE}/exports/{job['id']}").status_code == 401
    assert stranger.get(f"{BASE}/exports/{job['id']}").status_code == 403
    # Another community's path does not find it, even for someone who may read that community.
    other = f"/api/v1/communities/other/exports/{job['id']}"
    assert stranger.get(other).status_code == 404 and stranger.get(other + "/file").status_code == 404
    assert auditor.get(f"{BASE}/exports/999999").status_code == 404


def test_the_file_is_409_until_the_job_is_done_and_410_once_expired(app, ledger, auditor):
    with app.app_context(), db.unit_of_work(app) as session:  # a job no worker has taken yet
        fenghe = session.execute(select(Community).where(Community.code == "fenghe")).scalar_one()
        waiting = Job(community_id=fenghe.id, kind="audit_workbook", params={}, created_by="auditor1")
        session.add(waiting)
    response = auditor.get(f"{BASE}/exports/{waiting.id}/file")
    assert response.status_code == 409 and response.json["code"] == "not_ready"
    assert auditor.get(f"{BASE}/exports/{waiting.id}").json["file"] is None

    job = follow(auditor, ask(auditor, kind="audit_workbook"))
    assert download(auditor, job["file"]).status == 200
    assert expire_files(app) == 0  # finished just now
    app.config["LEDGER"]["EXPORT_DAYS"] = 0
    assert expire_files(app) == 1
    assert auditor.get(job["file"]).status_code == 410
    assert auditor.get(job["url"]).json["file"] is None
    assert list((Path(app.instance_path) / "exports").rglob("*.xlsx")) == []


def test_the_direct_download_answers_202_with_a_job_when_too_large(app, ledger, auditor):
    query = "from=2026-01-01&to=2026-04-30"
    small = download(auditor, f"{BASE}/reports/audit.xlsx?{query}")
    assert small.status == 200
    app.config["LEDGER"]["DIRECT_EXPORT_LINES"] = 10  # this range holds more journal lines
    large = download(auditor, f"{BASE}/reports/audit.xlsx?{query}")
    assert large.status == 202 and large.headers["Location"] == large.json["url"]
    job = auditor.get(large.json["url"]).json
    assert job["state"] == "done" and job["params"] == {"from": "2026-01-01", "to": "2026-04-30", "lang": "zh"}
    queued = download(auditor, job["file"]).data
    assert parts(small.data, generated_at(small.data)) == parts(queued, generated_at(queued))


def test_each_user_lists_their_own_jobs(ledger, auditor, officer):
    mine = [follow(auditor, ask(auditor, kind="journal_csv"))["id"] for _ in range(3)]
    follow(officer, ask(officer, kind="journal_csv"))
    page = auditor.get(f"{BASE}/jobs?limit=2").json
    assert [job["id"] for job in page["items"]] == mine[::-1][:2]
    rest = auditor.get(f"{BASE}/jobs?limit=2&cursor={page['next_cursor']}").json
    assert [job["id"] for job in rest["items"]] == mine[:1] and rest["next_cursor"] is None
    assert auditor.get(f"{BASE}/jobs?cursor=abc").status_code == 422
