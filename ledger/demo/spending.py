"""The demo's money going out, and its trust-managed compound.

Projects of the public-benefit fund (elderly meals, the children's reading room,
stairwell lighting) are paid through the whole four-eyes path: drafted and submitted
by the officer, approved by the approver, paid with a PDF voucher attached. The
compound 和园小区 runs under trust-based property management: its fees (10 % to the
property company as remuneration, the rest to the owners' trust fund), parking,
advertising and venue income, and its monthly expenses paid from the trust fund.
"""
from __future__ import annotations

import random
from datetime import date
from pathlib import Path

from sqlmodel import Session

from ledger.communities.models import Community
from ledger.core.journal import Entry, Line
from ledger.core.money import parse_percent
from ledger.core.periods import month_end
from ledger.disbursements import services as disbursements
from ledger.disbursements.vouchers import attach_voucher
from ledger.funds.services import find_fund, fund_balance
from ledger.incomes.services import record_income
from ledger.journal.accounts import find_account
from ledger.journal.balances import balance_at
from ledger.journal.services import post_entry
from ledger.projects.services import create_project
from ledger.trust.services import create_compound

OFFICER, APPROVER = "officer", "approver"
COMPOUND, COMPOUND_NAME = "heyuan", "和园小区"
# code, name, purpose, budget (fen)
PROJECTS = (
    ("elderly_meals", "老年助餐", "为社区 70 岁以上老人提供每日午餐补贴", 48_000_00),
    ("reading_room", "儿童阅览室", "购置图书、书架，延长周末开放时间", 20_000_00),
    ("stair_lights", "楼道照明改造", "老旧楼道更换声控节能灯", 12_000_00),
)
# project, payee, purpose, amount (fen), months when paid (1-12; None = every month)
PAYMENTS = (
    ("elderly_meals", "爱心食堂 0571-88881234", "老年助餐补贴", 3_200_00, None),
    ("reading_room", "新华书店 13857112345", "少儿图书采购", 4_860_00, (3, 9)),
    ("reading_room", "王师傅 13912345678", "书架制作", 2_300_00, (4,)),
    ("stair_lights", "明亮电器 13600001111", "声控节能灯及安装", 7_450_00, (6,)),
)
# trust expenses: item, payee, monthly amount (fen)
TRUST_EXPENSES = (
    ("工资社保", "和园物业项目部", 30_000_00), ("保洁", "洁美保洁 13588889999", 8_000_00),
    ("绿化", "青青园林", 3_000_00), ("秩序维护", "和园物业项目部", 6_000_00),
    ("水电能耗", "国网电力", 4_200_00), ("办公", "办公用品店", 350_00),
)


def setup(session: Session, community: Community, start: date) -> None:
    for code, name, purpose, budget in PROJECTS:
        create_project(session, community, {"code": code, "name": name, "purpose": purpose, "budget": budget,
                                            "fund": "public_benefit"}, created_by=OFFICER)
    create_compound(session, community, {"code": COMPOUND, "name": COMPOUND_NAME, "effective_from": start,
                                         "remuneration_percent": parse_percent("10")}, created_by=OFFICER)


def compound_income(session: Session, community: Community, day: date, rng: random.Random) -> int:
    """The compound's takings of one day: parking daily, fees, ads and venue on their days."""
    items = [("停车", rng.randint(420_00, 780_00), "wechat")]
    if day.day == 5:
        items.append(("物业费", rng.randint(56_000_00, 64_000_00), "bank"))
    if day.day == 15 and day.month % 3 == 1:
        items.append(("广告", 6_000_00, "bank"))
    if day.weekday() == 5 and rng.random() < 0.3:
        items.append(("场地", rng.randint(200_00, 800_00), "wechat"))
    for item, amount, channel in items:
        record_income(session, community, {"operator": COMPOUND, "occurred_on": day, "amount": amount,
                                           "channel": channel, "category": item}, created_by=OFFICER)
    return len(items)


def month_spending(session: Session, community: Community, month: date, rng: random.Random, *,
                   vouchers: Path, max_bytes: int) -> None:
    """Pay the month's project costs, trust expenses and the property company's remuneration."""
    paid_on = month_end(month)
    public_benefit = find_fund(session, community, "public_benefit")
    for project, payee, purpose, amount, months in PAYMENTS:
        # A payment the fund cannot cover yet waits for a later year, as an officer would.
        if (months is None or month.month in months) and fund_balance(session, community, public_benefit) >= amount:
            _pay(session, community, {"project": project, "amount": amount, "payee": payee, "purpose": purpose},
                 paid_on, vouchers, max_bytes)
    for item, payee, amount in TRUST_EXPENSES:
        _pay(session, community, {"fund": COMPOUND, "item": item, "amount": int(amount * rng.uniform(0.95, 1.05)),
                                  "payee": payee, "purpose": f"{month:%Y年%m月}{item}"}, paid_on, vouchers, max_bytes)
    _pay_remuneration(session, community, paid_on)


def pending(session: Session, community: Community, vouchers: Path, max_bytes: int) -> None:
    """Work waiting in the current month: one disbursement to approve, one to pay."""
    waiting = disbursements.create_disbursement(session, community, {
        "project": "reading_room", "amount": 1_280_00, "payee": "新华书店 13857112345",
        "purpose": "绘本补充采购"}, created_by=OFFICER)
    _attach(session, community, waiting.id, vouchers, max_bytes)
    disbursements.submit(session, community, waiting.id, by=OFFICER)
    to_pay = disbursements.create_disbursement(session, community, {
        "fund": COMPOUND, "item": "维修", "amount": 2_600_00, "payee": "李师傅 13700001234",
        "purpose": "3 号楼水泵维修"}, created_by=OFFICER)
    disbursements.submit(session, community, to_pay.id, by=OFFICER)
    disbursements.approve(session, community, to_pay.id, by=APPROVER)


def _pay(session: Session, community: Community, body: dict, day: date, vouchers: Path, max_bytes: int) -> None:
    draft = disbursements.create_disbursement(session, community, body, created_by=OFFICER)
    disbursements.submit(session, community, draft.id, by=OFFICER)
    disbursements.approve(session, community, draft.id, by=APPROVER)
    _attach(session, community, draft.id, vouchers, max_bytes)
    disbursements.pay(session, community, draft.id, by=OFFICER, occurred_on=day)


def _attach(session: Session, community: Community, disbursement_id: int, vouchers: Path, max_bytes: int) -> None:
    attach_voucher(session, community, disbursement_id, receipt_pdf(f"Voucher for disbursement {disbursement_id}"),
                   f"voucher-{disbursement_id}.pdf", root=vouchers, max_bytes=max_bytes, created_by=OFFICER)


def _pay_remuneration(session: Session, community: Community, day: date) -> None:
    """Pay the property company what the month's fees earned it."""
    account = find_account(session, community, f"211.{COMPOUND}.remuneration")
    owed = -balance_at(session, community, account, day)
    if owed > 0:
        post_entry(session, community, Entry(day, f"支付{COMPOUND_NAME}物业酬金", "transfer",
                                             (Line(account.code, owed), Line("102.basic", -owed))),
                   created_by=OFFICER)


def receipt_pdf(text: str) -> bytes:
    """A small, valid one-page PDF showing ``text`` (ASCII)."""
    stream = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
