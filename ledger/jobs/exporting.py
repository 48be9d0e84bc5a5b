"""The work of the export jobs and of chain verification. Each writes exactly what the
direct download writes, through the same functions, and counts its progress."""
from __future__ import annotations

from datetime import date

from ledger import db
from ledger.communities.models import Community
from ledger.core.periods import parse_month
from ledger.exports import services as exports
from ledger.exports.downloads import XLSX
from ledger.jobs.runner import Run
from ledger.journal import chain


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def audit_workbook(run: Run) -> None:
    start, end, lang = _day(run.params["from"]), _day(run.params["to"]), run.params["lang"]
    with exports.read_snapshot(run.app) as session:
        community = session.get(Community, run.job.community_id)
        run.progress.total = exports.audit_lines(session, community, start, end)
        with run.output(f"audit-{community.code}-{start.isoformat()}-{end.isoformat()}.xlsx", XLSX) as handle:
            summary = exports.write_audit_workbook(session, community, handle, start=start, end=end, lang=lang,
                                                   generated_by=run.job.created_by, progress=run.progress.add)
    with db.unit_of_work(run.app) as session:
        run.finish(session, {"transactions": summary.transactions, "postings": summary.postings,
                             "outside": summary.outside, "sheets": summary.sheets})


def journal_csv(run: Run) -> None:
    start, end, lang = _day(run.params.get("from")), _day(run.params.get("to")), run.params["lang"]
    with exports.read_snapshot(run.app) as session:
        community = session.get(Community, run.job.community_id)
        code = community.code
        run.progress.total = exports.journal_lines(session, community, start=start, end=end)
    span = "-".join(d.isoformat() for d in (start, end) if d) or "all"
    with run.output(f"journal-{code}-{span}.csv", "text/csv") as handle:
        for chunk in exports.journal_csv_chunks(run.app, code, start=start, end=end, lang=lang,
                                                progress=run.progress.add):
            handle.write(chunk)
    with db.unit_of_work(run.app) as session:
        run.finish(session, {"postings": run.progress.done})


def disclosure_workbook(run: Run) -> None:
    from ledger.trust.api import disclosure_file

    run.progress.total = 1
    with exports.read_snapshot(run.app) as session:
        community = session.get(Community, run.job.community_id)
        body, name = disclosure_file(session, community, run.params["compound"], parse_month(run.params["month"]),
                                     run.params["lang"])
    with run.output(name, XLSX) as handle:
        handle.write(body)
    run.progress.add(1)
    with db.unit_of_work(run.app) as session:
        run.finish(session)


def chain_verification(run: Run) -> None:
    """Recompute every hash of the community's chain (a read: nothing is written)."""
    with exports.read_snapshot(run.app) as session:
        community = session.get(Community, run.job.community_id)
        head = chain.head(session, community)
        head_seq, head_hash = head.seq, head.hash
        run.progress.total = head_seq
        broken = chain.verify(session, community, seen=lambda: run.progress.add(1))
    with db.unit_of_work(run.app) as session:
        run.finish(session, {"ok": broken is None, "seq": broken.seq if broken else None,
                             "reason": broken.reason if broken else None, "head_seq": head_seq,
                             "head_hash": head_hash})
