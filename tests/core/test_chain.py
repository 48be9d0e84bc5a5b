"""The hash chain: canonical JSON as DESIGN.md section 5 describes it, and its verification."""
import hashlib
import json
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, strategies as st

from ledger.core.chain import (
    GENESIS, ChainRecord, canonical_json, chain_hash, find_break, format_timestamp, hashes, parse_timestamp,
)

UTC = timezone.utc
RECORD = ChainRecord(
    seq=1, community="fenghe", occurred_on=date(2026, 1, 5), description="咖啡吧 1月营业收入",
    source="income", reverses=None, created_at=datetime(2026, 1, 5, 2, 3, 4, 5, tzinfo=UTC),
    created_by="alice",
    postings=(("311.public_benefit", -1235), ("102.wechat", 12345), ("501.cafe", -11110)),
)
# Written out by hand from DESIGN.md: sorted keys, no spaces, UTF-8, postings sorted by code.
RECORD_JSON = (
    '{"community":"fenghe","created_at":"2026-01-05T02:03:04.000005Z","created_by":"alice",'
    '"description":"咖啡吧 1月营业收入","occurred_on":"2026-01-05",'
    '"postings":[["102.wechat","123.45"],["311.public_benefit","-12.35"],["501.cafe","-111.10"]],'
    '"reverses":null,"seq":1,"source":"income"}'
)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_genesis_is_64_zeros():
    assert GENESIS == "0000000000000000000000000000000000000000000000000000000000000000"


def test_canonical_json_of_a_worked_example():
    assert canonical_json(RECORD) == RECORD_JSON.encode("utf-8")


def test_canonical_json_keys_are_sorted_and_compact():
    text = canonical_json(RECORD).decode()
    assert list(json.loads(text)) == sorted(json.loads(text))
    assert ", " not in text and ": " not in text


def test_first_hash_chains_from_genesis():
    assert chain_hash(GENESIS, RECORD) == sha256_hex(("0" * 64 + RECORD_JSON).encode())


def test_second_hash_chains_from_the_first():
    second = replace(RECORD, seq=2, source="reversal", reverses=1, description="冲销 #1: 录错",
                     postings=tuple((code, -fen) for code, fen in RECORD.postings))
    first_hash = chain_hash(GENESIS, RECORD)
    second_json = canonical_json(second).decode()
    assert '"reverses":1' in second_json and '"seq":2' in second_json
    assert chain_hash(first_hash, second) == sha256_hex((first_hash + second_json).encode())


@given(st.permutations(RECORD.postings))
def test_postings_order_does_not_matter(postings):
    assert chain_hash(GENESIS, replace(RECORD, postings=tuple(postings))) == chain_hash(GENESIS, RECORD)


def test_postings_on_one_account_sort_by_amount():
    record = replace(RECORD, postings=(("101", 500), ("101", -200), ("301", -300)))
    assert json.loads(canonical_json(record))["postings"] == [["101", "-2.00"], ["101", "5.00"], ["301", "-3.00"]]


@pytest.mark.parametrize("change", [
    {"seq": 2},
    {"community": "hexie"},
    {"occurred_on": date(2026, 1, 6)},
    {"description": "咖啡吧 1月营业收入 "},
    {"source": "transfer"},
    {"reverses": 7},
    {"created_at": datetime(2026, 1, 5, 2, 3, 4, 6, tzinfo=UTC)},
    {"created_by": "bob"},
    {"postings": (("311.public_benefit", -1236), ("102.wechat", 12346), ("501.cafe", -11110))},
    {"postings": (("311", -1235), ("102.wechat", 12345), ("501.cafe", -11110))},
    {"postings": (("102.wechat", 12345), ("501.cafe", -12345))},
])
def test_every_field_is_hashed(change):
    assert chain_hash(GENESIS, replace(RECORD, **change)) != chain_hash(GENESIS, RECORD)


def test_previous_hash_is_hashed():
    assert chain_hash("1" * 64, RECORD) != chain_hash(GENESIS, RECORD)


@pytest.mark.parametrize("moment, text", [
    (datetime(2026, 1, 5, 2, 3, 4, tzinfo=UTC), "2026-01-05T02:03:04.000000Z"),
    (datetime(2026, 1, 5, 10, 3, 4, 120000, tzinfo=timezone(timedelta(hours=8))), "2026-01-05T02:03:04.120000Z"),
    (datetime(2026, 1, 1, 7, 0, tzinfo=timezone(timedelta(hours=8))), "2025-12-31T23:00:00.000000Z"),
    (datetime(2026, 1, 5, 2, 3, 4, 999999), "2026-01-05T02:03:04.999999Z"),  # naive means UTC
])
def test_format_timestamp(moment, text):
    assert format_timestamp(moment) == text


def test_timestamp_round_trip():
    moment = datetime(2026, 3, 1, 0, 0, 0, 1, tzinfo=UTC)
    assert parse_timestamp(format_timestamp(moment)) == moment


def _chain(n: int) -> list[tuple[ChainRecord, str]]:
    records = [replace(RECORD, seq=i, description=f"entry {i}") for i in range(1, n + 1)]
    return list(zip(records, hashes(records)))


def test_hashes_chain_each_record_on_the_previous():
    pairs = _chain(3)
    previous = GENESIS
    for record, digest in pairs:
        assert digest == sha256_hex(previous.encode() + canonical_json(record))
        previous = digest


def test_an_intact_chain_verifies():
    assert find_break(_chain(5)) is None
    assert find_break([]) is None


@pytest.mark.parametrize("position", [0, 2, 4])
def test_a_changed_record_breaks_at_its_seq(position):
    pairs = _chain(5)
    record, digest = pairs[position]
    pairs[position] = (replace(record, description="changed"), digest)
    assert find_break(pairs).seq == record.seq


@pytest.mark.parametrize("position", [0, 3])
def test_a_changed_hash_breaks_at_its_seq(position):
    pairs = _chain(5)
    record, _ = pairs[position]
    pairs[position] = (record, "f" * 64)
    assert find_break(pairs).seq == record.seq


def test_a_missing_seq_breaks_where_it_is_missing():
    pairs = _chain(5)
    del pairs[2]
    found = find_break(pairs)
    assert found.seq == 3 and "missing" in found.reason


def test_verification_can_resume_from_a_known_link():
    pairs = _chain(5)
    assert find_break(pairs[2:], start_seq=3, previous=pairs[1][1]) is None
    assert find_break(pairs[2:], start_seq=3, previous=GENESIS).seq == 3
