"""Balance at a date and trial balance: a long journal against a short one.

Two communities' journals with the same monthly volume (``PER_MONTH`` transactions a
month, every month but the last closed with its snapshots) differ only in length: 10,000
transactions against 1,000,000 at full scale. Ours is the call on the long journal,
the baseline the same call on the short one; the design keeps the ratio near 1 (aim
<= 1.5), because a balance is "last snapshot + postings since", never a scan of history.

Measured, as the API calls them: ``ledger.journal.balances.balance_at`` of the bank
account and of the public-benefit fund on a recent day, and ``trial_balance`` of the
recent (open) month. Each result is checked against a full recompute over all postings.
"""
from __future__ import annotations

from sqlalchemy import func, select

from benchmarks import ledgers, support

SCALES = ("tiny", "small", "full")
PER_MONTH = 5000
REPEAT = 15


def _calls(session, journal: ledgers.Journal) -> dict[str, object]:
    """The calls to time on this journal, after checking their answers against a full recompute."""
    from ledger.communities.models import Community
    from ledger.journal.balances import balance_at, trial_balance
    from ledger.journal.models import Account, Posting
    day, month = journal.recent_day, journal.last_month
    community = session.execute(select(Community).where(Community.code == journal.code)).scalar_one()
    accounts = {code: session.execute(select(Account).where(Account.community_id == community.id,
                                                            Account.code == code)).scalar_one()
                for code in ("102.wechat", "311.public_benefit")}
    for account in accounts.values():
        full = session.execute(select(func.coalesce(func.sum(Posting.amount), 0)).where(
            Posting.account_id == account.id, Posting.occurred_on <= day)).scalar_one()
        if balance_at(session, community, account, day) != full:
            raise AssertionError(f"balance of {account.code} differs from a full recompute")
    rows = trial_balance(session, community, month, day)
    if sum(r.closing for r in rows) != 0 or not rows:
        raise AssertionError("the trial balance does not balance")
    calls = {f"balance_at {code}": (lambda a=account: balance_at(session, community, a, day))
             for code, account in accounts.items()}
    calls["trial_balance of the month"] = lambda: trial_balance(session, community, month, day)
    return calls


def measure(database: support.Database, short: int, long: int, per_month: int) -> list[dict]:
    """Both journals in one database, each call timed on the short and the long one in turn."""
    from ledger import db
    label = database.backend
    journals = [ledgers.build(database, f"b{size}", size, per_month=per_month) for size in (short, long)]
    support.progress(f"balances [{label}]: timing on {short:,} and {long:,} transactions in turn")
    app = database.app()
    with app.app_context(), db.unit_of_work(app, write=False) as session:
        calls = [_calls(session, journal) for journal in journals]
        figures = {name: support.medians_in_turn((calls[0][name], calls[1][name]), repeat=REPEAT)
                   for name in calls[0]}
    db.engine(app).dispose()
    return [support.row(f"{name} [{label}] at {long:,} vs {short:,} tx", on_long * 1000, on_short * 1000, "ms",
                        note=f"aim ratio <= 1.5; {per_month:,} tx a month, months closed; median of {REPEAT}, "
                             f"the two journals in turn")
            for name, (on_short, on_long) in figures.items()]


def run(scale: str) -> list[dict]:
    per_month = support.sized(scale, tiny=500, small=PER_MONTH, full=PER_MONTH)
    short = support.sized(scale, tiny=1000, small=10_000, full=10_000)
    long = support.sized(scale, tiny=2000, small=100_000, full=1_000_000)
    chosen, skipped = support.backends("balances")
    rows = []
    for backend in chosen:
        with support.database(backend, "balances") as database:
            rows += measure(database, short, long, per_month)
    return rows + skipped


if __name__ == "__main__":
    support.main(run)
