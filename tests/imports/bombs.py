"""XLSX workbooks that unpack to far more than they weigh, built in memory a megabyte at a
time: the uncompressed content never exists whole, on disk or in memory."""
from __future__ import annotations

import io
import struct
import zipfile
from typing import Callable, Iterable

MiB = 1 << 20
HEADER = ["日期", "经营主体", "金额", "渠道"]

_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        '</Types>'),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="xl/workbook.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
        '</Relationships>'),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="收款" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
        '<Relationship Id="rId2" Target="sharedStrings.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
        '</Relationships>'),
}
_SHEET_START = b'<?xml version="1.0" encoding="UTF-8"?><worksheet ' \
               b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
_SHEET_END = b"</sheetData></worksheet>"


def cell(text: str) -> bytes:
    return b'<c t="inlineStr"><is><t>' + text.encode() + b"</t></is></c>"


def header_row() -> bytes:
    return b"<row>" + b"".join(cell(h) for h in HEADER) + b"</row>"


def workbook(sheet: Iterable[bytes], strings: Iterable[bytes] = (b"<si><t>x</t></si>",), *,
             zip64: bool = True) -> bytes:
    """An XLSX whose first sheet's rows and shared strings come from the iterables, each
    piece written (deflated) as it comes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in _PARTS.items():
            archive.writestr(name, text)
        _stream(archive, "xl/worksheets/sheet1.xml", zip64, [_SHEET_START, header_row()], sheet, [_SHEET_END])
        _stream(archive, "xl/sharedStrings.xml", zip64,
                [b'<?xml version="1.0" encoding="UTF-8"?><sst '
                 b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'], strings, [b"</sst>"])
    return buffer.getvalue()


def _stream(archive: zipfile.ZipFile, name: str, zip64: bool, *parts: Iterable[bytes]) -> None:
    with archive.open(name, "w", force_zip64=zip64) as member:
        for part in parts:
            for piece in part:
                member.write(piece)


def repeated(piece: bytes, total: int) -> Callable[[], Iterable[bytes]]:
    """``piece`` over and over, ``total`` bytes in all, a megabyte per write."""
    block = piece * max(1, MiB // len(piece))
    def pieces() -> Iterable[bytes]:
        written = 0
        while written < total:
            yield block
            written += len(block)
    return pieces


def huge_cell(size: int) -> bytes:
    """One row whose payer cell holds ``size`` bytes of text."""
    return workbook([b"<row>" + cell("2026-03-05") + cell("cafe") + cell("1.00") + b'<c t="inlineStr"><is><t>',
                     *repeated(b"A", size)(), b"</t></is></c></row>"])


def strings_bomb(size: int) -> bytes:
    """A table of shared strings that unpacks to ``size`` bytes of tiny distinct-looking texts."""
    return workbook([b"<row>" + cell("2026-03-05") + b"</row>"], repeated(b"<si><t>x</t></si>", size)())


def sheet_bomb(size: int) -> bytes:
    """A sheet of ``size`` bytes of identical rows."""
    return workbook(repeated(b"<row>" + cell("2026-03-05") + cell("cafe") + cell("1.00") + cell("现金") + b"</row>",
                             size)())


def lying_about(data: bytes, name: str, size: int) -> bytes:
    """The same zip (written without ZIP64), but ``name`` declares ``size`` bytes unpacked,
    in its local header and in its central directory entry."""
    encoded, patched = name.encode(), bytearray(data)
    for signature, size_at, name_length_at, name_at in ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46)):
        start = patched.find(signature)
        while start >= 0:
            length = struct.unpack_from("<H", patched, start + name_length_at)[0]
            if patched[start + name_at:start + name_at + length] == encoded:
                struct.pack_into("<I", patched, start + size_at, size)
            start = patched.find(signature, start + 4)
    return bytes(patched)
