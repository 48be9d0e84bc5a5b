"""The demo community 风和社区: a year of a real-looking community's business.

A community company runs a café (8 % of gross to the public-benefit fund) and parking
(tiered: 5 % of the first 10,000.00 a month, 10 % above); an outside operator runs the
canteen (it keeps the till; 5 % is owed and remitted monthly); group buying shares 5 %
of quarterly net profit with a 500.00 minimum. Incomes are daily totals per channel
with weekday/weekend patterns and seasons; projects are paid with vouchers through
four-eyes approval and a compound runs under trust-based property management
(ledger/demo/spending.py); council decisions approve the projects' budgets and residents
ask questions (ledger/demo/voice.py); every finished month is closed. Everything
goes through the same services as the API, so the demo's ledger verifies like any other.
"""
from __future__ import annotations

import random
import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from sqlmodel import Session

from ledger.agreements.services import create_agreement
from ledger.auth import services as auth
from ledger.communities.models import Community
from ledger.communities.services import create_community
from ledger.demo import spending, voice
from ledger.core.periods import month_end, next_month, period_key
from ledger.incomes.declarations import declare, remit
from ledger.incomes.services import record_income
from ledger.journal.accounts import find_account
from ledger.closing import close_month
from ledger.journal.balances import balance_at
from ledger.operators.services import create_operator

CODE, NAME = "fenghe", "风和社区"
OFFICER = "officer"

# (code, name, kind, settlement)
OPERATORS = (
    ("cafe", "邻里咖啡吧", "cafe", "community_collects"),
    ("canteen", "爱心食堂", "canteen", "operator_collects"),
    ("parking", "智慧停车", "parking", "community_collects"),
    ("tuangou", "社区团购", "group_buying", "operator_collects"),
)
USERS = (  # username, role, display name
    ("admin", "admin", "系统管理员"),
    ("officer", "officer", "王会计"),
    ("approver", "approver", "李主任"),
    ("auditor", "auditor", "张监事"),
)


@dataclass
class DemoUsers:
    passwords: dict[str, str] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)


@dataclass
class Demo:
    community: Community
    users: DemoUsers
    incomes: int = 0
    months_closed: int = 0


def build(session: Session, *, today: date, vouchers: Path, max_voucher_bytes: int, seed: int = 2026,
          password: str | None = None, months: int = 12) -> Demo:
    """Create the demo community and ``months`` months of activity up to yesterday;
    voucher files go under ``vouchers``."""
    community = create_community(session, CODE, NAME, created_by=auth.SYSTEM_USER)
    users = _users(session, password)
    month = _first_month(today, months)
    _operators_and_agreements(session, community, start=month)
    voice.council(session, community, month, vouchers=vouchers, max_bytes=max_voucher_bytes)
    spending.setup(session, community, start=month)
    demo = Demo(community, users)
    rng = random.Random(seed)
    while month <= today:
        demo.incomes += _month_of_business(session, community, month, today, rng)
        if month_end(month) < today:
            spending.month_spending(session, community, month, rng, vouchers=vouchers, max_bytes=max_voucher_bytes)
            close_month(session, community, month, closed_by=OFFICER, today=today)
            demo.months_closed += 1
        month = next_month(month)
    spending.pending(session, community, vouchers, max_voucher_bytes)
    voice.residents_questions(session, community, today)
    return demo


def _first_month(today: date, months: int) -> date:
    index = today.year * 12 + today.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def _users(session: Session, password: str | None) -> DemoUsers:
    users = DemoUsers()
    for username, role, display in USERS:
        secret = password or secrets.token_urlsafe(9)
        user = auth.create_user(session, username, role, created_by=auth.SYSTEM_USER, password=secret,
                                communities=[] if role == "admin" else [CODE], display_name=display)
        users.passwords[username] = secret
        users.tokens[username] = auth.issue_token(session, user, created_by=auth.SYSTEM_USER, label="demo")
    return users


def _operators_and_agreements(session: Session, community: Community, start: date) -> None:
    for code, name, kind, settlement in OPERATORS:
        create_operator(session, community, code, name, kind, settlement, created_by=OFFICER)
    agreements = (
        {"operator": "cafe", "shares": [{"to": "public_benefit", "percent": "8"}]},
        {"operator": "canteen", "shares": [{"to": "public_benefit", "percent": "5"}]},
        {"operator": "parking", "shares": [{"to": "public_benefit", "tiers": [
            {"up_to": "10000.00", "percent": "5"}, {"up_to": None, "percent": "10"}]}]},
        {"operator": "tuangou", "basis": "net_profit", "period": "quarter", "minimum": "500.00",
         "shares": [{"to": "public_benefit", "percent": "5"}]},
    )
    for body in agreements:
        create_agreement(session, community, {"basis": "gross", "period": "month", "effective_from": start,
                                              "note": "", **body}, created_by=OFFICER)


# Typical daily takings in yuan (weekday, weekend) and how they are paid.
DAILY = {
    "cafe": ((900, 1500), (("wechat", 55), ("alipay", 30), ("cash", 15))),
    "canteen": ((2200, 1300), (("wechat", 60), ("cash", 40))),
    "parking": ((380, 520), (("wechat", 70), ("alipay", 30))),
    "tuangou": ((1600, 2400), (("wechat", 100),)),
}
SEASON = {1: 0.85, 2: 0.7, 3: 0.95, 4: 1.0, 5: 1.05, 6: 1.0, 7: 1.1, 8: 1.1, 9: 1.0, 10: 1.15, 11: 1.0, 12: 1.05}


def _month_of_business(session: Session, community: Community, month: date, today: date,
                       rng: random.Random) -> int:
    posted, day = 0, month
    while day <= month_end(month) and day < today:
        for operator, ((weekday, weekend), channels) in DAILY.items():
            base = (weekend if day.weekday() >= 5 else weekday) * SEASON[day.month]
            for channel, share in channels:
                fen = int(base * share * rng.uniform(0.75, 1.25))  # whole fen of a day's takings
                record_income(session, community, {"operator": operator, "occurred_on": day, "amount": fen,
                                                   "channel": channel}, created_by=OFFICER)
                posted += 1
        posted += spending.compound_income(session, community, day, rng)
        day += timedelta(days=1)
    if month_end(month) < today:
        _month_end(session, community, month, rng)
    return posted


def _month_end(session: Session, community: Community, month: date, rng: random.Random) -> None:
    """The canteen remits what it owes; at a quarter's end group buying declares its profit."""
    last = month_end(month)
    owed = balance_at(session, community, find_account(session, community, "112.canteen"), last)
    if owed > 0:
        remit(session, community, {"operator": "canteen", "occurred_on": last, "amount": owed, "channel": "bank",
                                   "reference": f"食堂回款 {month:%Y-%m}"}, created_by=OFFICER)
    if month.month % 3 == 0:
        revenue = rng.randint(120_000_00, 160_000_00)
        costs = [{"category": "采购", "amount": int(revenue * 0.82)}, {"category": "人工", "amount": 9_000_00}]
        declare(session, community, {"operator": "tuangou", "period": period_key(month, "quarter"),
                                     "revenue": revenue, "costs": costs},
                occurred_on=last + timedelta(days=1), created_by=OFFICER)  # declared once the quarter is over
