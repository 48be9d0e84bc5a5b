"""Plain journal data for the writer tests: transactions chained exactly as the ledger
chains them, without a database."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from io import BytesIO

from openpyxl import load_workbook

from ledger.core.chain import GENESIS, ChainRecord, chain_hash
from reports import audit_workbook
from reports.model import Contribution, Cover, FundLine, FundStatement, ShareRate, TrialLine


@dataclass(frozen=True)
class Posting:
    line_no: int
    account: str
    account_name: str
    amount: int


@dataclass(frozen=True)
class Tx:
    seq: int
    occurred_on: date
    description: str
    source: str
    reverses: int | None
    created_at: datetime
    created_by: str
    hash: str
    postings: tuple[Posting, ...]


def chain(specs: list[tuple[str, list[tuple[str, int]]]], *, start_seq: int = 1, previous: str = GENESIS,
          first_day: date = date(2026, 3, 1), community: str = "fenghe") -> list[Tx]:
    """Transactions from (description, [(account, signed fen)]) specs, one day apart."""
    txs = []
    for offset, (description, lines) in enumerate(specs):
        seq = start_seq + offset
        day = first_day + timedelta(days=offset)
        created = datetime(2026, 4, 1, 8, 0, 0, 123456, tzinfo=timezone.utc) + timedelta(seconds=seq)
        record = ChainRecord(seq, community, day, description, "transfer", None, created, "officer1",
                             tuple(lines))
        previous = chain_hash(previous, record)
        postings = tuple(Posting(i, code, f"科目 {code}", amount) for i, (code, amount) in enumerate(lines, 1))
        txs.append(Tx(seq, day, description, "transfer", None, created, "officer1", previous, postings))
    return txs


def simple_chain(count: int, **kwargs) -> list[Tx]:
    return chain([(f"转账 {i}", [("102.basic", 100 * i + 1), ("311.public_benefit", -(100 * i + 1))])
                  for i in range(1, count + 1)], **kwargs)


def cover_for(txs: list[Tx], *, previous: str = GENESIS, start: date | None = None,
              end: date | None = None) -> Cover:
    debit = sum(p.amount for tx in txs for p in tx.postings if p.amount > 0)
    return Cover("fenghe", "风和社区", start or (txs[0].occurred_on if txs else date(2026, 3, 1)),
                 end or (txs[-1].occurred_on if txs else date(2026, 3, 31)),
                 datetime(2026, 4, 2, tzinfo=timezone.utc), "auditor1", "test",
                 txs[0].seq if txs else None, txs[-1].seq if txs else None, previous,
                 txs[-1].hash if txs else previous, txs[-1].seq if txs else 0, txs[-1].hash if txs else previous,
                 debit, debit, 0)


TRIAL = [TrialLine("102.basic", "银行存款-基本户", "asset", 100000, 30201, 5000, 125201),
         TrialLine("311.public_benefit", "公积公益金-公益金", "equity", -100000, 5000, 30201, -125201)]
FUNDS = [FundStatement("public_benefit", "公益金", 100000,
                       (FundLine("inflow", "咖啡吧 (cafe)", 30201), FundLine("outflow", "转账 · 102.basic", 5000)),
                       125201)]
CONTRIBUTIONS = [Contribution("cafe", "咖啡吧", "community_collects", 1, None, "2026-03", "gross", 302010,
                              ShareRate("public_benefit", Decimal("10")), None, 30201, 30201, 30201, 0)]


def write(txs: list[Tx], cover: Cover | None = None, *, lang: str = "zh", max_rows: int | None = None,
          trial=TRIAL, funds=FUNDS, contributions=CONTRIBUTIONS, trial_parents=()) -> bytes:
    buffer = BytesIO()
    kwargs = {"max_rows": max_rows} if max_rows else {}
    audit_workbook(buffer, cover=cover or cover_for(txs), transactions=txs, trial=trial, funds=funds,
                   contributions=contributions, lang=lang, trial_parents=trial_parents, **kwargs)
    return buffer.getvalue()


def open_book(data: bytes, **kwargs):
    return load_workbook(BytesIO(data), **kwargs)


__all__ = ["Tx", "Posting", "chain", "simple_chain", "cover_for", "write", "open_book", "replace"]
