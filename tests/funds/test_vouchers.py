"""Voucher uploads and downloads through the API: real PDF, PNG and JPEG bytes are
accepted; files that lie about their type, empty or oversized files and paths as
names are 422 and leave nothing behind; the same file is stored once."""
from __future__ import annotations

import hashlib
from io import BytesIO
from pathlib import Path

import pytest

from ledger import create_app
from tests.funds.conftest import BASE
from tests.funds.samples import jpeg_bytes, pdf_bytes, png_bytes


@pytest.fixture
def draft(funded, drive):
    return drive({"project": "library", "amount": "100.00"}, "draft")["id"]


def stored_files(app) -> list[Path]:
    root = Path(app.instance_path) / "vouchers"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_real_files_are_accepted_and_their_sha256_returned_and_shown(app, draft, upload, officer):
    sent = {"收据.pdf": pdf_bytes(), "photo.PNG": png_bytes(), "invoice.jpeg": jpeg_bytes()}
    for name, data in sent.items():
        r = upload(draft, data, name)
        assert r.status_code == 201, r.json
        assert r.json["sha256"] == hashlib.sha256(data).hexdigest()
        assert (r.json["size"], r.json["filename"], r.json["created_by"]) == (len(data), name, officer.username)
    shown = officer.get(f"{BASE}/disbursements/{draft}").json["vouchers"]
    assert [(v["filename"], v["content_type"]) for v in shown] == [
        ("收据.pdf", "application/pdf"), ("photo.PNG", "image/png"), ("invoice.jpeg", "image/jpeg")]
    files = stored_files(app)
    assert sorted(f.name for f in files) == sorted(hashlib.sha256(d).hexdigest() for d in sent.values())
    assert all(f.read_bytes() == d for d in sent.values() for f in files if f.name == hashlib.sha256(d).hexdigest())


def test_the_type_comes_from_the_content_not_the_name(draft, upload):
    r = upload(draft, png_bytes(), "scan.pdf")
    assert r.status_code == 201 and r.json["content_type"] == "image/png"


BAD_FILES = [  # files that lie about their type, an empty file, paths and odd names
    (b"<html><script>alert(1)</script></html>", "receipt.pdf"),
    (b"plain text, not an image", "photo.png"),
    (b"MZ\x90\x00" + b"\x00" * 100, "photo.jpg"),
    (b"\x89PNG\r\n\x1a\n<html>not really</html>", "photo.png"),
    (b"%PDF-1.4\n" + b"no end marker" * 10, "receipt.pdf"),
    (b"", "empty.pdf"),
    (pdf_bytes(), "../../etc/passwd.pdf"),
    (pdf_bytes(), "sub/dir.pdf"),
    (pdf_bytes(), "C:\\\\fakepath\\\\receipt.pdf"),  # escaped in the header: C:\\fakepath\\receipt.pdf
    (pdf_bytes(), "bad\tname.pdf"),
]


def test_bad_files_are_422_and_nothing_is_stored(app, draft, upload, written):
    before = written()
    for data, name in BAD_FILES:
        r = upload(draft, data, name)
        assert r.status_code == 422, (name, r.json)
        assert "file" in r.json["errors"], name
        assert written() == before, name
    assert stored_files(app) == []


def test_a_missing_file_field_is_422(draft, officer, written):
    before = written()
    r = officer.post(f"{BASE}/disbursements/{draft}/vouchers", data={"other": (BytesIO(pdf_bytes()), "a.pdf")},
                     content_type="multipart/form-data")
    assert r.status_code == 422 and "file" in r.json["errors"]
    assert written() == before


def test_a_file_over_the_configured_limit_is_422(database_url, tmp_path, draft, officer):
    """VOUCHER_MAX_BYTES (LEDGER_VOUCHER_MAX_BYTES) sets the limit; a second app with a
    small limit on the same database refuses what the default limit accepts."""
    limit = len(pdf_bytes()) + 10
    small = create_app({"DATABASE_URL": database_url, "INSTANCE_DIR": str(tmp_path / "small"),
                        "SECRET_KEY": "x", "TESTING": True, "VOUCHER_MAX_BYTES": limit})
    client, token = small.test_client(), {"Authorization": f"Bearer {officer.token}"}
    padded = pdf_bytes("x" * 40)
    assert len(padded) > limit
    r = client.post(f"{BASE}/disbursements/{draft}/vouchers", headers=token, content_type="multipart/form-data",
                    data={"file": (BytesIO(padded), "big.pdf")})
    assert r.status_code == 422 and "larger" in r.json["message"], r.json
    assert not (tmp_path / "small" / "vouchers").exists()
    r = client.post(f"{BASE}/disbursements/{draft}/vouchers", headers=token, content_type="multipart/form-data",
                    data={"file": (BytesIO(pdf_bytes()), "fits.pdf")})
    assert r.status_code == 201
    from ledger import db
    db.engine(small).dispose()


def test_the_same_file_is_stored_once(app, funded, drive, upload):
    first = drive({"project": "library", "amount": "1.00"}, "draft")["id"]
    second = drive({"project": "library", "amount": "2.00"}, "draft")["id"]
    data = pdf_bytes("shared receipt")
    assert upload(first, data).status_code == 201
    again = upload(first, data, "renamed.pdf")
    assert again.status_code == 200 and again.json["filename"] == "receipt.pdf"  # the first record
    assert upload(second, data).status_code == 201
    assert [f.name for f in stored_files(app)] == [hashlib.sha256(data).hexdigest()]
    assert not [p for p in (Path(app.instance_path) / "vouchers").rglob(".incoming-*")]


def test_reviewers_download_vouchers_as_attachments(draft, upload, officer, approver, auditor, client,
                                                    make_user, community):
    data = pdf_bytes()
    sha = upload(draft, data, "收据 三月.pdf").json["sha256"]
    for user in (officer, approver, auditor):
        with user.get(f"{BASE}/disbursements/{draft}/vouchers/{sha}") as r:
            assert r.status_code == 200
            assert r.data == data
            assert r.headers["Content-Type"] == "application/pdf"
            assert r.headers["Content-Disposition"].startswith("attachment")
            assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert client.get(f"{BASE}/disbursements/{draft}/vouchers/{sha}").status_code == 401
    assert make_user("admin").get(f"{BASE}/disbursements/{draft}/vouchers/{sha}").status_code == 403
    assert officer.get(f"{BASE}/disbursements/{draft}/vouchers/{'0' * 64}").status_code == 404


def test_a_png_uploaded_as_pdf_downloads_with_an_image_type_and_a_png_name(draft, upload, officer):
    sha = upload(draft, png_bytes(), "scan.pdf").json["sha256"]
    with officer.get(f"{BASE}/disbursements/{draft}/vouchers/{sha}") as r:
        assert r.headers["Content-Type"] == "image/png"
        assert ".png" in r.headers["Content-Disposition"] and "scan.pdf" not in r.headers["Content-Disposition"]


def test_only_officers_upload(draft, approver, auditor, upload, written):
    before = written()
    for user in (approver, auditor):
        assert upload(draft, pdf_bytes(), user=user).status_code == 403
    assert written() == before


def test_a_rejected_disbursement_takes_no_voucher(funded, drive, upload, written):
    rejected = drive({"project": "library", "amount": "5.00"}, "rejected")["id"]
    before = written()
    r = upload(rejected, pdf_bytes())
    assert r.status_code == 409
    assert written() == before
