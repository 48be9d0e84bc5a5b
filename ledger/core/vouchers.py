"""What a voucher file is, decided by its content, never by its name.

A voucher (凭证附件: receipt, invoice, signed form) is a PDF, JPEG or PNG. The type is
read from the bytes: the format's signature at the start and its end marker near the
end, so a text or HTML file renamed to ``.pdf`` and a file that starts like a PNG
but is something else are both refused. File names are kept for display only and
must be a plain name, not a path.
"""
from __future__ import annotations

import hashlib
import re

from ledger.core.errors import ValidationFailed

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
EXTENSIONS = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png"}
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"
_PDF_HEADER = re.compile(rb"%PDF-[12]\.[0-9]")
# PDF readers look for %%EOF in the last 1024 bytes; JPEG and PNG end markers may be
# followed by a little padding from some cameras and scanners.
_TAIL = 1024
_NAME_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f/\\:]")
MAX_NAME = 200


def content_type(data: bytes) -> str | None:
    """The voucher type of ``data`` (PDF, JPEG or PNG), or None if it is none of them."""
    tail = data[-_TAIL:]
    if _PDF_HEADER.match(data) and b"%%EOF" in tail:
        return PDF
    if data.startswith(b"\xff\xd8\xff") and len(data) > 4 and b"\xff\xd9" in tail:
        return JPEG
    if data.startswith(_PNG_SIGNATURE) and data[12:16] == b"IHDR" and _PNG_END in tail:
        return PNG
    return None


def check_voucher(data: bytes, filename: str | None, max_bytes: int) -> str:
    """The content type of an acceptable voucher; raises ValidationFailed (field ``file``)
    for an empty, oversized or unrecognised file, or a file name that is a path."""
    check_filename(filename)
    if not data:
        raise ValidationFailed.on("file", "the file is empty")
    if len(data) > max_bytes:
        raise ValidationFailed.on("file", f"the file is larger than {max_bytes} bytes")
    kind = content_type(data)
    if kind is None:
        raise ValidationFailed.on("file", "the file is not a PDF, JPEG or PNG (judged by its content)")
    return kind


def check_filename(filename: str | None) -> None:
    """A plain file name: no directory parts, no drive, no control characters."""
    if not filename:
        return
    if (_NAME_FORBIDDEN.search(filename) or filename.strip() in (".", "..")
            or len(filename) > MAX_NAME):
        raise ValidationFailed.on("file", "the file name must be a plain name, not a path")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
