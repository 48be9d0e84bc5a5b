"""A worked ledger for the export tests: three operators in their three settlement
kinds, an opening entry, a fund outflow, a reversal, a remittance, a declaration, a
backdated entry and a description that tries formula injection.

seq  date        what                                               public_benefit
 1   2026-01-02  opening: bank 10,000.00 / capital 9,000.00, fund    +1,000.00
 2   2026-02-10  cafe income 1,000.00 (10 %)                            +100.00
 3   2026-02-20  market income 2,000.00 (5 %, operator collects)        +100.00
 4   2026-03-05  cafe income 500.05                                      +50.01
 5   2026-03-06  cafe income 0.05 (March total 500.10: share 0.00)        +0.00
 6   2026-03-10  market income 3,000.00                                 +150.00
 7   2026-03-12  market remits 120.00
 8   2026-03-15  a paid disbursement of project 社区活动经费 300.00       -300.00
 9   2026-03-20  cafe income 200.00                                      +20.00
10   2026-03-21  reversal of seq 9                                       -20.00
11   2026-04-02  canteen declares 2026-Q1 profit 1,000.00 (20 %, min 500) +500.00
12   2026-02-28  backdated: cash withdrawal 50.00 (entered after March)
13   2026-04-10  canteen remits 300.00
14   2026-03-25  "=HYPERLINK(...)" transfer 1.00 bank / other income
"""
from __future__ import annotations

import pytest

from export_downloads import INJECTION
from tests.payments import pay_out


@pytest.fixture
def ledger(officer, make_user, make_operator, post_income):
    base = "/api/v1/communities/fenghe"

    def transfer(day, description, postings, source="transfer"):
        r = officer.post(f"{base}/transactions", json={"occurred_on": day, "description": description,
                                                       "source": source, "postings": postings})
        assert r.status_code == 201, r.json
        return r.json["seq"]

    def ok(r):
        assert r.status_code == 201, r.json
        return r.json

    make_operator("cafe", name="咖啡吧", percent="10")
    make_operator("market", name="共富集市", kind="market", settlement="operator_collects", percent="5")
    make_operator("canteen", name="爱心食堂", kind="canteen", basis="net_profit", period="quarter",
                  minimum="500.00", shares=[{"to": "public_benefit", "percent": "20"}])
    seqs = {}
    seqs["opening"] = transfer("2026-01-02", "期初余额", [
        {"account": "102.basic", "debit": "10000.00"}, {"account": "301", "credit": "9000.00"},
        {"account": "311.public_benefit", "credit": "1000.00"}], source="opening")
    post_income("cafe", "1000.00", "2026-02-10")
    post_income("market", "2000.00", "2026-02-20")
    post_income("cafe", "500.05", "2026-03-05")
    post_income("cafe", "0.05", "2026-03-06")
    post_income("market", "3000.00", "2026-03-10")
    ok(officer.post(f"{base}/remittances", json={"operator": "market", "amount": "120.00", "channel": "bank",
                                                 "occurred_on": "2026-03-12"}))
    pay_out(officer, make_user("approver", "fenghe"), "300.00", "2026-03-15")
    seqs["outflow"] = 8
    income = post_income("cafe", "200.00", "2026-03-20")
    ok(officer.post(f"{base}/incomes/{income['id']}/reversal", json={"reason": "录错", "occurred_on": "2026-03-21"}))
    ok(officer.post(f"{base}/declarations", json={"operator": "canteen", "period": "2026-Q1", "revenue": "5000.00",
                                                  "costs": [{"category": "食材", "amount": "4000.00"}],
                                                  "occurred_on": "2026-04-02"}))
    seqs["backdated"] = transfer("2026-02-28", "取现备用", [
        {"account": "101", "debit": "50.00"}, {"account": "102.basic", "credit": "50.00"}])
    ok(officer.post(f"{base}/remittances", json={"operator": "canteen", "amount": "300.00", "channel": "bank",
                                                 "occurred_on": "2026-04-10"}))
    seqs["injection"] = transfer("2026-03-25", INJECTION, [
        {"account": "102.basic", "debit": "1.00"}, {"account": "521", "credit": "1.00"}])
    assert seqs == {"opening": 1, "outflow": 8, "backdated": 12, "injection": 14}
    return seqs
