"""Masking personal data for public display (张*, 138****8888).

Pure functions over text. A name keeps only its first character; a phone-like run of
digits keeps at most its first three and last four digits; nothing else of a person
is ever shown. They work on Chinese and Latin text alike and on phone numbers written
inside other text ("联系 138-1234-8888"), with spaces or hyphens between the digits.
"""
from __future__ import annotations

import re

MASK = "*"
# A run of digits, possibly split by single spaces or hyphens: 13812348888, 138-1234-8888.
_DIGIT_RUN = re.compile(r"\d(?:[ \-]?\d)*")
# Fewer digits than this are not a phone number ("3月", "2号楼") and stay as written.
PHONE_MIN_DIGITS = 7
# From this many digits on, the first three and last four stay visible (138****8888).
PHONE_SHOWN_FROM = 11
_HEAD, _TAIL = 3, 4
# A date written with hyphens (2026-03-05) is not a phone number.
_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")


def mask_name(text: str) -> str:
    """The first character of a name and one asterisk: "张三丰" -> "张*", "" -> ""."""
    stripped = (text or "").strip()
    return stripped[0] + MASK if stripped else ""


def _is_phone(run: str) -> bool:
    return sum(ch.isdigit() for ch in run) >= PHONE_MIN_DIGITS and not _DATE.fullmatch(run)


def _mask_run(run: str) -> str:
    if not _is_phone(run):
        return run
    digits = sum(ch.isdigit() for ch in run)
    keep_head, keep_tail = (_HEAD, _TAIL) if digits >= PHONE_SHOWN_FROM else (0, 0)
    out, seen = [], 0
    for ch in run:
        if ch.isdigit():
            seen += 1
            visible = seen <= keep_head or seen > digits - keep_tail
            out.append(ch if visible else MASK)
        else:
            out.append(ch)
    return "".join(out)


def mask_phones(text: str) -> str:
    """Mask every phone-like run of digits inside ``text``; everything else stays.

    Eleven digits or more keep the first three and last four (138****8888); seven to
    ten digits are masked entirely; shorter runs (house numbers, "3月保洁") and dates
    written 2026-03-05 are left alone. The length of the text never changes.
    """
    return _DIGIT_RUN.sub(lambda m: _mask_run(m.group()), text or "")


def mask_person(text: str) -> str:
    """A person as the public may see them: the name's first character, then each phone
    number masked: "张三 13812348888" -> "张* 138****8888"; "Li Wei" -> "L*"."""
    text = text or ""
    phones = [_mask_run(m.group()) for m in _DIGIT_RUN.finditer(text) if _is_phone(m.group())]
    rest = _DIGIT_RUN.sub(lambda m: " " if _is_phone(m.group()) else m.group(), text)
    return " ".join(part for part in [mask_name(rest), *phones] if part)


REVERSAL_TITLE = "冲销 #{seq}"


def reversal_title(reversed_seq: int | None) -> str:
    """The neutral description of a reversal: "冲销 #12"."""
    return REVERSAL_TITLE.format(seq=reversed_seq) if reversed_seq is not None else "冲销"


def public_description(source: str, description: str, reversed_seq: int | None) -> str:
    """A transaction's description as the public reads it. A reversal's description holds
    the reason an officer typed (which may name people): the public reads only
    "冲销 #N"; officers and auditors read the description as stored and hashed."""
    return reversal_title(reversed_seq) if source == "reversal" else description
