"""From raw rows to incomes: find the header, map its columns, read every row.

The columns are occurred_on, operator, amount, channel (required), category,
reference, payer and note, named in Chinese or English (日期, 经营主体, 金额, 渠道, 类别,
单号, 付款人, 备注 and the usual variants: 交易日期, 金额(元), 支付方式 ...). Other layouts
name their columns with a mapping {header text: field} (a field of "ignore" drops a
column); a column the file lacks can take a default value for every row. The header is
the first row (among the first 30, so a payment platform's preamble lines are passed
over) that names every required column; columns nobody asked for are ignored.

Each row comes out as :class:`Parsed`: the income it describes, or every problem of
its cells. Blank rows are passed over. Pure: no database, no Flask.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO, Callable, Iterable, Iterator, NamedTuple, Sequence

from ledger.imports.errors import InvalidMapping, RowError, UnreadableFile
from ledger.imports.reading import FileFacts, records
from ledger.imports.values import BadCell, is_blank, read_amount, read_channel, read_date, read_text

FIELDS = ("occurred_on", "operator", "amount", "channel", "category", "reference", "payer", "note")
REQUIRED = ("occurred_on", "operator", "amount", "channel")
IGNORE = "ignore"
NO_DEFAULT = ("amount", "reference")  # the same amount or reference on every row is never meant
HEADER_SCAN = 30

SYNONYMS: dict[str, tuple[str, ...]] = {
    "occurred_on": ("occurred_on", "date", "日期", "交易日期", "收入日期", "收款日期", "业务日期", "营业日期",
                    "交易时间", "收款时间", "支付时间"),
    "operator": ("operator", "merchant", "经营主体", "经营主体代码", "经营者", "商户", "商户名称"),
    "amount": ("amount", "金额", "收入金额", "交易金额", "收款金额", "实收金额", "实收"),
    "channel": ("channel", "payment method", "渠道", "收款渠道", "支付方式", "付款方式", "收款方式"),
    "category": ("category", "类别", "分类", "收入类别", "品类"),
    "reference": ("reference", "ref", "order no", "order number", "单号", "订单号", "交易单号", "流水号",
                  "商户单号", "订单编号"),
    "payer": ("payer", "付款人", "付款方", "交易对方", "客户"),
    "note": ("note", "notes", "memo", "remark", "备注", "说明"),
}
LABELS = {"occurred_on": "日期", "operator": "经营主体", "amount": "金额", "channel": "渠道",
          "category": "类别", "reference": "单号", "payer": "付款人", "note": "备注"}

_READERS: dict[str, Callable[[object], object]] = {
    "occurred_on": read_date,
    "operator": lambda v: read_text(v, max_length=200, required=True, what="an operator"),
    "amount": read_amount,
    "channel": read_channel,
    "category": lambda v: read_text(v, max_length=64),
    "reference": lambda v: read_text(v, max_length=100),
    "payer": lambda v: read_text(v, max_length=200),
    "note": lambda v: read_text(v, max_length=500),
}


def header_key(text: object) -> str:
    """A header cell as compared: NFKC, lower case, single spaces, no unit "(元)" or "*" mark."""
    key = unicodedata.normalize("NFKC", str(text)).lower().replace("_", " ")
    key = re.sub(r"[\s*:]+", " ", key).strip()
    return re.sub(r"\s*\([^()]*\)$", "", key)


_KNOWN = {header_key(name): field for field, names in SYNONYMS.items() for name in names}


@dataclass(frozen=True, slots=True)
class ImportRow:
    row: int
    occurred_on: date
    operator: str  # a code or a name, resolved against the community's operators
    amount: int  # fen > 0
    channel: str
    category: str | None
    reference: str | None
    payer: str | None
    note: str | None


class Parsed(NamedTuple):
    row: int
    value: ImportRow | None  # None when the row has errors
    errors: tuple[RowError, ...]
    cells: dict[str, object]  # the fields that could be read (all of them when value is set)


@dataclass(frozen=True, slots=True)
class Layout:
    header_row: int
    columns: dict[str, int]  # field -> index of its cell
    ignored: tuple[str, ...]  # header texts of the columns not read


# -- mappings given by the user -----------------------------------------------------------

def parse_pairs(items: Iterable[str] | str | None, what: str = "map") -> dict[str, str]:
    """ "金额=amount,日期=occurred_on" (or several such strings) -> {"金额": "amount", ...}."""
    if isinstance(items, str):
        items = [items]
    pairs: dict[str, str] = {}
    for item in items or ():
        for part in (p for p in str(item).split(",") if p.strip()):
            left, sep, right = part.partition("=")
            if not sep or not left.strip() or not right.strip():
                raise InvalidMapping(f"{part.strip()!r} is not NAME=VALUE", what)
            pairs[left.strip()] = right.strip()
    return pairs


def check_mapping(mapping: dict[str, str]) -> dict[str, str]:
    """{header text: field}; the keys compared as headers are."""
    unknown = sorted({f for f in mapping.values() if f not in FIELDS and f != IGNORE})
    if unknown:
        raise InvalidMapping(f"unknown field {', '.join(unknown)}: one of {', '.join(FIELDS)} or {IGNORE}")
    return {header_key(header): field for header, field in mapping.items()}


def check_defaults(defaults: dict[str, str]) -> dict[str, object]:
    """{field: value for every row}; each value is read as its column would be."""
    checked = {}
    for field, value in defaults.items():
        if field not in FIELDS or field in NO_DEFAULT:
            allowed = ", ".join(f for f in FIELDS if f not in NO_DEFAULT)
            raise InvalidMapping(f"no default for {field!r}: one of {allowed}", "default")
        try:
            _READERS[field](value)
        except BadCell as exc:
            raise InvalidMapping(f"default {field}: {exc.message}", "default") from None
        checked[field] = value
    return checked


# -- the header ---------------------------------------------------------------------------

def find_layout(number: int, cells: Sequence[object], mapping: dict[str, str],
                defaults: dict[str, object]) -> tuple[Layout | None, set[str]]:
    """The layout if this row is the header, and the required fields it lacks."""
    columns, ignored, claims = {}, [], {}
    for index, cell in enumerate(cells):
        if is_blank(cell):
            continue
        key = header_key(cell)
        field = mapping.get(key) or (_KNOWN.get(key) if key not in mapping else None)
        if field is None or field == IGNORE:
            ignored.append(str(cell).strip())
            continue
        explicit = key in mapping
        if field in columns and claims[field] >= explicit:
            if claims[field] == explicit:
                raise UnreadableFile(f"row {number}: columns {cells[columns[field]]!r} and {cell!r} both mean "
                                     f"{field}; name one in the mapping (or map one to {IGNORE})")
            ignored.append(str(cell).strip())
            continue
        if field in columns:  # a mapped column wins over one recognised by name
            ignored.append(str(cells[columns[field]]).strip())
        columns[field], claims[field] = index, explicit
    missing = {f for f in REQUIRED if f not in columns and f not in defaults}
    return (None if missing else Layout(number, columns, tuple(ignored))), missing


def _header(rows: Iterator[tuple[int, Sequence[object]]], mapping, defaults) -> Layout:
    best: tuple[int, set[str]] | None = None
    for seen, (number, cells) in enumerate(rows):
        if seen >= HEADER_SCAN:
            break
        if all(is_blank(c) for c in cells):
            continue
        layout, missing = find_layout(number, cells, mapping, defaults)
        if layout is not None:
            return layout
        if best is None or len(missing) < len(best[1]):
            best = (number, missing)
    if best is None:
        raise UnreadableFile("the file has no rows")
    number, missing = best
    wanted = ", ".join(f"{LABELS[f]} ({f})" for f in REQUIRED if f in missing)
    raise UnreadableFile(f"no header row found: row {number} lacks the column(s) {wanted}; rename them "
                         "or give a column mapping such as 交易金额=amount")


# -- rows ---------------------------------------------------------------------------------

def parse_file(stream: BinaryIO, facts: FileFacts, *, mapping: dict[str, str] | None = None,
               defaults: dict[str, str] | None = None) -> tuple[Layout, Iterator[Parsed]]:
    """The layout of the file and its rows (streamed). Raises UnreadableFile or InvalidMapping."""
    mapping = check_mapping(mapping or {})
    defaults = check_defaults(defaults or {})
    rows = records(stream, facts)
    layout = _header(rows, mapping, defaults)
    return layout, _parsed(rows, layout, defaults)


def _parsed(rows, layout: Layout, defaults: dict[str, object]) -> Iterator[Parsed]:
    for number, cells in rows:
        if all(is_blank(c) for c in cells):
            continue
        yield parse_row(number, cells, layout, defaults)


def parse_row(number: int, cells: Sequence[object], layout: Layout, defaults: dict[str, object]) -> Parsed:
    values, errors = {}, []
    for field in FIELDS:
        index = layout.columns.get(field)
        raw = cells[index] if index is not None and index < len(cells) else None
        if is_blank(raw) and field in defaults:
            raw = defaults[field]
        try:
            values[field] = _READERS[field](raw)
        except BadCell as exc:
            errors.append(RowError(number, field, exc.code, exc.message))
    if errors:
        return Parsed(number, None, tuple(errors), values)
    return Parsed(number, ImportRow(number, **values), (), values)
