"""Bounds on what a zip file (an XLSX workbook is one) unpacks to, checked before anything
parses it. A few hundred kilobytes can inflate to gigabytes: a 400 MB cell, a table of
shared strings that fills the memory, a sheet of hundreds of megabytes.

:func:`check_zip` reads the central directory and refuses (413 ``upload_too_large``):
too many members; a member that declares more than it may inflate to (a worksheet, read
row by row, more than a member read whole: shared strings, styles); a total past the
limit; a large member that inflates more than ``ratio`` times its compressed size. Then
it inflates every member once, in chunks, counting what actually comes out: zipfile
never gives more than a member declares (a member whose data go on fails its CRC: 422,
damaged), and in the same pass no text between two tags may be twice ``text_bytes``
long (one huge cell) and no worksheet may hold more than ``rows`` rows. So
nothing that reaches openpyxl holds a huge cell, a huge table or a huge sheet, and a
refusal comes after reading at most the limits, not the bomb.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from typing import BinaryIO, Iterator

from ledger.core.errors import UploadTooLarge, ValidationFailed

MiB = 1 << 20
CHUNK = MiB
_SHEET = re.compile(r"xl/worksheets/[^/]+\.xml")
_PREFIXED_ROW = re.compile(rb"<[A-Za-z_][\w.-]*:row[\s/>]")


@dataclass(frozen=True, slots=True)
class Limits:
    streamed_bytes: int = 128 * MiB  # a worksheet, read row by row
    held_bytes: int = 32 * MiB  # any other member, read whole (shared strings, styles)
    total_bytes: int = 160 * MiB
    ratio: int = 200  # inflated / compressed, for members of more than a MiB (real sheets: 5-50)
    text_bytes: int = 256 * 1024  # a text between two tags (one cell) this long may be refused; twice is
    rows: int = 1_048_576  # rows of a worksheet: Excel's own limit
    members: int = 10_000


# An auditor's workbook checked offline: the journal's sheets run to Excel's row limit.
AUDIT_WORKBOOK = Limits(streamed_bytes=4096 * MiB, held_bytes=512 * MiB, total_bytes=8192 * MiB)


def check_zip(stream: BinaryIO, limits: Limits = Limits()) -> None:
    """Refuse a zip that would unpack past ``limits``; leaves the stream at its start."""
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
            _check_declared(members, limits)
            for member in members:
                _check_inflated(archive, member, limits)
    except (UploadTooLarge, ValidationFailed):
        raise
    except Exception as exc:  # noqa: BLE001 - zipfile and zlib on untrusted bytes: anything means damaged
        raise ValidationFailed.on("file", f"the workbook cannot be read: it is damaged ({exc})") from None
    finally:
        stream.seek(0)


def _check_declared(members: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(members) > limits.members:
        _refuse(f"the file holds {len(members):,} parts, more than {limits.members:,}")
    total = 0
    for member in members:
        allowed = limits.streamed_bytes if _SHEET.fullmatch(member.filename) else limits.held_bytes
        if member.file_size > allowed:
            _refuse(f"{member.filename} would unpack to {_mib(member.file_size)}, more than {_mib(allowed)}")
        if member.file_size > MiB and member.file_size > limits.ratio * max(member.compress_size, 1):
            _refuse(f"{member.filename} would unpack to {member.file_size // max(member.compress_size, 1):,} "
                    f"times its packed size, more than {limits.ratio} times")
        total += member.file_size
    if total > limits.total_bytes:
        _refuse(f"the file would unpack to {_mib(total)}, more than {_mib(limits.total_bytes)}")


def _check_inflated(archive: zipfile.ZipFile, member: zipfile.ZipInfo, limits: Limits) -> None:
    """Inflate one member, counting its bytes, its long texts and (a sheet) its rows."""
    rows, inflated, sheet = 0, 0, bool(_SHEET.fullmatch(member.filename))
    for whole in _segments(archive, member, limits):
        inflated += len(whole)
        if _has_long_text(whole, limits.text_bytes):
            _refuse_text(member, limits)
        if sheet:
            rows += _rows(whole)
            if rows > limits.rows:
                _refuse(f"{member.filename} holds more than {limits.rows:,} rows")
    if inflated != member.file_size:
        raise ValidationFailed.on("file", f"the workbook cannot be read: it is damaged ({member.filename} "
                                          f"does not unpack to the size it declares)")


def _has_long_text(data: bytes, window: int) -> bool:
    """Whether some window of ``window`` bytes, at a multiple of it, holds no '<': true of
    every text of twice the window or more, false of every text shorter than it. A few
    ``find`` calls per megabyte, where a regular expression would visit every byte."""
    return any(data.find(b"<", start, start + window) < 0 for start in range(0, len(data) - window + 1, window))


def _rows(data: bytes) -> int:
    """The <row> tags in a piece of a sheet (``<x:row>`` with a namespace prefix too)."""
    found = data.count(b"<row") - data.count(b"<rowBreaks")
    return found + len(_PREFIXED_ROW.findall(data)) if b":row" in data else found


def _segments(archive: zipfile.ZipFile, member: zipfile.ZipInfo, limits: Limits) -> Iterator[bytes]:
    """The member's bytes in pieces that each end just before a '<', so that no tag is cut;
    a text longer than the limit is refused as soon as it is, never held whole."""
    pending = b""
    with archive.open(member) as source:
        while chunk := source.read(CHUNK):
            data = pending + chunk
            cut = data.rfind(b"<")
            if cut <= 0:
                if len(data) > limits.text_bytes:
                    _refuse_text(member, limits)
                pending = data
                continue
            pending = data[cut:]
            yield data[:cut]
    if pending:
        yield pending


def _refuse_text(member: zipfile.ZipInfo, limits: Limits) -> None:
    _refuse(f"{member.filename} holds a text (a cell) of more than {limits.text_bytes // 1024:,} KiB")


def _refuse(problem: str) -> None:
    raise UploadTooLarge(f"the file is too large once unpacked: {problem}", {"file": [problem]})


def _mib(size: int) -> str:
    return f"{size / MiB:,.1f} MiB" if size >= MiB else f"{size:,} bytes"
