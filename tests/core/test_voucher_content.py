"""Voucher types are judged by content: real files pass, files that lie do not."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.core.errors import ValidationFailed
from ledger.core.vouchers import JPEG, PDF, PNG, check_filename, check_voucher, content_type
from tests.funds.samples import jpeg_bytes, pdf_bytes, png_bytes

LIMIT = 10 * 1024 * 1024


@pytest.mark.parametrize(("make", "kind"), [(pdf_bytes, PDF), (png_bytes, PNG), (jpeg_bytes, JPEG)])
def test_real_files_are_recognised(make, kind):
    assert content_type(make()) == kind
    assert check_voucher(make(), "收据.bin", LIMIT) == kind  # the name does not matter


LIARS = {
    "text named .pdf": b"just some text pretending to be a pdf\n",
    "html named .png": b"<html><script>alert(1)</script></html>",
    "pdf header without an end": b"%PDF-1.4\n<script>alert(1)</script>",
    "png signature then html": b"\x89PNG\r\n\x1a\n<html><body>hi</body></html>",
    "jpeg start without an end": b"\xff\xd8\xff\xe0" + b"\x00" * 40,
    "a windows program": b"MZ\x90\x00" + b"\x00" * 60,
    "a zip archive": b"PK\x03\x04" + b"\x00" * 60,
    "a gif": b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
    "truncated png": png_bytes()[:-12],
}


@pytest.mark.parametrize("name", sorted(LIARS))
def test_files_that_lie_about_their_type_are_refused(name):
    assert content_type(LIARS[name]) is None
    with pytest.raises(ValidationFailed) as refused:
        check_voucher(LIARS[name], "receipt.pdf", LIMIT)
    assert "file" in refused.value.errors


def test_empty_and_oversized_files_are_refused():
    with pytest.raises(ValidationFailed, match="empty"):
        check_voucher(b"", "a.pdf", LIMIT)
    data = pdf_bytes()
    assert check_voucher(data, "a.pdf", len(data)) == PDF
    with pytest.raises(ValidationFailed, match="larger"):
        check_voucher(data, "a.pdf", len(data) - 1)


@pytest.mark.parametrize("name", ["../etc/passwd", "a/b.pdf", "..\\x.pdf", "C:\\x.pdf", "c:x.pdf", "..", ".",
                                  "bad\x00name.pdf", "line\nbreak.pdf", "x" * 201])
def test_a_path_or_a_strange_name_is_refused(name):
    with pytest.raises(ValidationFailed):
        check_filename(name)


@pytest.mark.parametrize("name", [None, "", "收据 2026-03.pdf", "receipt.final.PDF", "..hidden.png"])
def test_plain_names_pass(name):
    check_filename(name)


@given(st.binary(max_size=64))
def test_random_bytes_are_not_vouchers_unless_they_carry_both_markers(data):
    kind = content_type(data)
    if kind == PDF:
        assert data.startswith(b"%PDF-") and b"%%EOF" in data
    elif kind == JPEG:
        assert data.startswith(b"\xff\xd8\xff") and b"\xff\xd9" in data
    elif kind == PNG:
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and b"IEND" in data
