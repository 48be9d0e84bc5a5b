"""A committed import locks and stores the chain head and each accumulator once for the
whole file: what it leaves must equal what posting the rows one by one would leave."""
from sqlalchemy import func, select

from ledger import db
from ledger.agreements.models import SplitAccumulator
from ledger.communities.models import Community
from ledger.incomes.models import Income
from ledger.journal.chain import verify
from ledger.journal.models import ChainHead, JournalTransaction

from import_rows import csv_bytes

ROWS = [f"2026-{3 + i % 2:02d}-{1 + i % 20:02d},{'canteen' if i % 3 == 0 else 'cafe'},{1 + i}.05,现金,,R-{i},,"
        for i in range(30)]


def _state(app):
    with app.app_context(), db.unit_of_work(app, write=False) as session:
        community = session.execute(select(Community).where(Community.code == "fenghe")).scalar_one()
        head = session.get(ChainHead, community.id)
        last = session.execute(select(func.max(JournalTransaction.seq), func.count()).where(
            JournalTransaction.community_id == community.id)).one()
        totals = dict(((a, k), t) for a, k, t in session.execute(select(
            SplitAccumulator.agreement_id, SplitAccumulator.period_key, SplitAccumulator.total)))
        sums = dict(((a, k), t) for a, k, t in session.execute(select(
            Income.agreement_id, Income.period_key, func.sum(Income.amount)).group_by(
            Income.agreement_id, Income.period_key)))
        return verify(session, community), (head.seq, head.hash), last, totals, sums


def test_the_head_and_the_accumulators_are_stored_once_the_file_is_posted(shop, run_import, app, post_income):
    post_income("cafe", "0.05", "2026-03-01")  # the accumulator row exists before the import
    outcome, report = run_import(csv_bytes(*ROWS), commit=True)
    assert outcome.committed and report.errors == [] and outcome.rows == 30
    after = post_income("cafe", "0.05", "2026-03-02")  # continues from the stored head and total
    broken, (seq, _), (last_seq, count), totals, sums = _state(app)
    assert broken is None
    assert seq == last_seq == count == 32 and after["transaction_seq"] == 32
    assert totals == sums and len(totals) == 4  # two operators, two months
    march_cafe = 5 + sum(100 * (1 + i) + 5 for i in range(30) if i % 2 == 0 and i % 3) + 5
    assert march_cafe in totals.values()


def test_a_refused_file_leaves_the_head_and_the_accumulators_untouched(shop, run_import, app, post_income):
    post_income("cafe", "1.00", "2026-03-01")
    before = _state(app)
    bad = ROWS[:5] + ["2026-03-05,nobody,5.00,现金,,R-X,,"]
    outcome, report = run_import(csv_bytes(*bad), commit=True)
    assert not outcome.committed and [e.code for e in report.errors] == ["unknown_operator"]
    assert _state(app) == before


def test_every_accumulator_is_locked_before_the_chain_head(shop, run_import, app, monkeypatch):
    # An income locks its accumulator, then the head; an import holding the head while it
    # waited for an accumulator could wait for such an income forever (a deadlock).
    from ledger.imports import services

    locked_first = []
    real = services.holding_head

    def noting(session, community):
        locked_first.append(set(session.info["ledger.held_totals"]))
        return real(session, community)

    monkeypatch.setattr(services, "holding_head", noting)
    outcome, _ = run_import(csv_bytes(*ROWS), commit=True)
    assert outcome.committed
    *_, sums = _state(app)
    assert locked_first == [set(sums)] and len(sums) == 4
