"""What must hold of a ledger after load or faults, checked straight from the database."""
from __future__ import annotations

import math
from fractions import Fraction

from sqlalchemy import func, select, text

from ledger import create_app, db
from ledger.agreements.models import Agreement, SplitAccumulator
from ledger.agreements.services import terms_of
from ledger.auth.access import find_community
from ledger.incomes.models import Income, SplitLine
from ledger.journal.chain import verify


def check_ledger(url: str, instance: str, community: str = "fenghe") -> dict:
    """Assert the invariants; return counts for the caller's own checks."""
    app = create_app({"DATABASE_URL": url, "INSTANCE_DIR": instance, "SECRET_KEY": "check"})
    with app.app_context(), db.unit_of_work(app, write=False) as session:
        target = find_community(community)
        broken = verify(session, target)
        assert broken is None, f"chain breaks at {broken}"
        count, top = session.execute(text(
            "select count(*), coalesce(max(seq), 0) from journal_transaction where community_id = :c"),
            {"c": target.id}).one()
        assert count == top, f"seq has gaps: {count} transactions, max seq {top}"
        partial = session.execute(text(
            "select t.seq from journal_transaction t left join posting p on p.transaction_id = t.id "
            "where t.community_id = :c group by t.id, t.seq having count(p.id) < 2 or sum(p.amount) <> 0"),
            {"c": target.id}).all()
        assert not partial, f"transactions that are not whole and balanced: {partial[:10]}"
        assert session.execute(text("select coalesce(sum(amount), 0) from posting where community_id = :c"),
                               {"c": target.id}).scalar_one() == 0, "the trial balance does not sum to zero"
        _check_period_exact(session, target.id)
        incomes = session.execute(select(func.count(Income.id), func.coalesce(func.sum(Income.amount), 0))
                                  .where(Income.community_id == target.id)).one()
    db.engine(app).dispose()
    return {"transactions": count, "incomes": incomes[0], "income_total": int(incomes[1])}


def _check_period_exact(session, community_id: int) -> None:
    """Every (agreement, period, share) posted exactly round_half_up(f(period total))."""
    posted = {(a, p, pos): int(t) for a, p, pos, t in session.execute(
        select(SplitLine.agreement_id, SplitLine.period_key, SplitLine.position, func.sum(SplitLine.amount))
        .where(SplitLine.community_id == community_id, SplitLine.position >= 0)
        .group_by(SplitLine.agreement_id, SplitLine.period_key, SplitLine.position))}
    live = {(a, p): int(t) for a, p, t in session.execute(
        select(Income.agreement_id, Income.period_key, func.sum(Income.amount))
        .where(Income.community_id == community_id, Income.agreement_id.is_not(None),
               ~Income.transaction_id.in_(select(text("reverses_id from journal_transaction where reverses_id is not null"))))
        .group_by(Income.agreement_id, Income.period_key))}
    for (agreement_id, period), total in live.items():
        agreement = session.get(Agreement, agreement_id)
        accumulated = session.execute(select(SplitAccumulator.total).where(
            SplitAccumulator.agreement_id == agreement_id, SplitAccumulator.period_key == period)).scalar_one()
        assert accumulated == total, f"accumulator {agreement_id}/{period}: {accumulated} != incomes {total}"
        for position, share in enumerate(terms_of(session, agreement).shares):
            expected = math.floor(Fraction(share.exact(total)) + Fraction(1, 2))
            assert posted.get((agreement_id, period, position), 0) == expected, (agreement_id, period, position)
