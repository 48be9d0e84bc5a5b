"""Voucher files: checked by content, stored once per SHA-256 under the instance folder.

A file goes to ``<instance>/vouchers/<first two hex digits>/<sha256>``. It is written to
a temporary file in the same folder, flushed to disk, then renamed into place, so a
crash never leaves a half-written file under a final name; the same content uploaded
twice is stored once. Nothing is written before every check has passed.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from flask import Flask, Response, send_file
from sqlalchemy import select
from sqlmodel import Session

from ledger.communities.models import Community
from ledger.core.approval import REJECTED
from ledger.core.errors import InvalidTransition, NotFound
from ledger.core.vouchers import EXTENSIONS, check_voucher, sha256_hex
from ledger.disbursements.models import Disbursement, Voucher
from ledger.disbursements.services import ATTACH, get_disbursement, record_event


def voucher_root(app: Flask) -> Path:
    """Where an instance keeps its voucher files."""
    return Path(app.instance_path) / "vouchers"


def voucher_path(root: Path, sha256: str) -> Path:
    return root / sha256[:2] / sha256


# A stored file is shown by the browser's own viewer or saved, never run as a page.
_VIEWER_POLICY = "default-src 'none'; img-src 'self'; object-src 'self'"
_ATTACHMENT_POLICY = "default-src 'none'; sandbox"


def file_response(app: Flask, sha256: str, content_type: str, name: str, *, inline: bool = False) -> Response:
    """A stored file (a voucher, a decision's minutes) as an attachment, or ``inline`` for the viewer."""
    response = send_file(voucher_path(voucher_root(app), sha256), mimetype=content_type, as_attachment=not inline,
                         download_name=name, max_age=0)
    response.headers["Content-Security-Policy"] = _VIEWER_POLICY if inline else _ATTACHMENT_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def store_file(root: Path, data: bytes) -> tuple[str, bool]:
    """Store ``data`` by its SHA-256; returns (sha256, whether it was new on disk)."""
    digest = sha256_hex(data)
    final = voucher_path(root, digest)
    if final.exists():
        return digest, False
    final.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=final.parent, prefix=".incoming-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, final)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _fsync_dir(final.parent)
    return digest, True


def _fsync_dir(path: Path) -> None:
    """Make the rename itself durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def attach_voucher(session: Session, community: Community, disbursement_id: int, data: bytes,
                   filename: str | None, *, root: Path, max_bytes: int, created_by: str) -> tuple[Voucher, bool]:
    """Check and store a voucher for a disbursement; returns (voucher, created). The same
    file attached twice to one disbursement gives back the first record."""
    disbursement = get_disbursement(session, community, disbursement_id)
    # One upload per disbursement at a time, so the same file cannot be recorded twice.
    session.execute(select(Disbursement.id).where(Disbursement.id == disbursement.id).with_for_update())
    if disbursement.state == REJECTED:
        raise InvalidTransition("a rejected disbursement takes no more vouchers", {"state": [REJECTED]})
    kind = check_voucher(data, filename, max_bytes)
    existing = session.execute(select(Voucher).where(
        Voucher.disbursement_id == disbursement.id, Voucher.sha256 == sha256_hex(data))).scalar_one_or_none()
    if existing is not None:
        return existing, False
    digest, _new = store_file(root, data)
    voucher = Voucher(community_id=community.id, disbursement_id=disbursement.id, sha256=digest,
                      content_type=kind, size=len(data), filename=(filename or "").strip(), created_by=created_by)
    session.add(voucher)
    session.flush()
    record_event(session, disbursement, ATTACH, disbursement.state, by=created_by)
    return voucher, True


def find_voucher(session: Session, community: Community, disbursement_id: int, sha256: str) -> Voucher:
    disbursement = get_disbursement(session, community, disbursement_id)
    voucher = session.execute(select(Voucher).where(
        Voucher.disbursement_id == disbursement.id, Voucher.sha256 == sha256.lower())).scalar_one_or_none()
    if voucher is None:
        raise NotFound(f"no voucher {sha256[:64]} on disbursement {disbursement_id}")
    return voucher


def download_name(voucher: Voucher) -> str:
    """A safe name for the download: the uploaded name if it has the right extension."""
    extension = EXTENSIONS[voucher.content_type]
    name = voucher.filename
    if name and name.lower().endswith((extension, ".jpeg") if extension == ".jpg" else extension):
        return name
    return f"voucher-{voucher.sha256[:12]}{extension}"
