"""A populated community for the public pages, and a live server with a browser.

The demo ledger (every figure below is worked out by hand in the tests):

    seq date        what                                        to the 公益金
     1  2026-01-02  opening balance into the fund                 1000.00 (other inflow)
     2  2026-01-05  咖啡吧 income 100.00 (10 %)                      10.00
     3  2026-01-06  停车场 income 2000.00 (operator collects;        150.00
                    5 % up to 1000, 10 % above, monthly)
     4  2026-01-20  咖啡吧 income 200.00 (Jan total 300 -> 30.00)    20.00
     5  2026-01-25  爱心食堂 income 500.00 (8 % until February)      40.00
        -- January closed --
     6  2026-02-03  停车场 income 500.00 (new month: 5 %)            25.00
     7  2026-02-10  reversal of seq 4 (Jan total back to 100)      -20.00
     8  2026-02-15  the fund pays 300.00 out (no project)         (outflow 300.00)
        -- February closed --
     9  2026-03-05  爱心食堂 income 1000.00 (12 % from March)      120.00
    10  2026-03-08  咖啡吧 income 50.00                               5.00

The incomes carry private values (a payer's name, a phone number, a plate number, a
flat number, a reference), and the reversal a reason naming a person, that no public page
or public JSON may show.
"""
from __future__ import annotations

from dataclasses import dataclass

from tests.payments import pay_out

PRIVATE = ("欧阳铁柱", "13812345678", "138-1234-5678", "浙A12345", "3栋2单元501室", "REF-PRIVATE-7731",
           "秘密备注", "司马秘书")
YEAR = "2026"


@dataclass
class Demo:
    community: str
    income_ids: dict[int, int]  # seq -> income id


def populate(api, approver, community: str = "fenghe") -> Demo:
    """Build the demo ledger through the API, as an officer (and an approver) would."""
    base = f"/api/v1/communities/{community}"

    def post(path, body, status=201):
        response = api.post(base + path, json=body)
        assert response.status_code == status, (path, response.json)
        return response.json

    post("/operators", {"code": "cafe", "name": "咖啡吧", "kind": "cafe", "settlement": "community_collects"})
    post("/operators", {"code": "park", "name": "停车场", "kind": "parking", "settlement": "operator_collects"})
    post("/operators", {"code": "canteen", "name": "爱心食堂", "kind": "canteen", "settlement": "community_collects"})
    post("/agreements", {"operator": "cafe", "effective_from": "2020-01-01",
                         "shares": [{"to": "public_benefit", "percent": "10"}]})
    post("/agreements", {"operator": "park", "effective_from": "2025-06-01", "shares": [{"to": "public_benefit", "tiers": [
        {"up_to": "1000.00", "percent": "5"}, {"up_to": None, "percent": "10"}]}]})
    post("/agreements", {"operator": "canteen", "effective_from": "2026-01-01",
                         "shares": [{"to": "public_benefit", "percent": "8"}]})
    post("/agreements", {"operator": "canteen", "effective_from": "2026-03-01",
                         "shares": [{"to": "public_benefit", "percent": "12"}]})
    ids = {}

    def income(seq, operator, amount, day, channel="wechat", **private):
        body = {"operator": operator, "amount": amount, "occurred_on": day, "channel": channel, **private}
        answer = post("/incomes", body)
        assert answer["transaction_seq"] == seq
        ids[seq] = answer["id"]

    post("/transactions", {"occurred_on": "2026-01-02", "description": "期初公益金", "source": "opening",
                           "postings": [{"account": "102.basic", "debit": "1000.00"},
                                        {"account": "311.public_benefit", "credit": "1000.00"}]})
    income(2, "cafe", "100.00", "2026-01-05", payer="欧阳铁柱", note="3栋2单元501室")
    income(3, "park", "2000.00", "2026-01-06", channel="cash", reference="浙A12345", payer="13812345678")
    income(4, "cafe", "200.00", "2026-01-20", note="电话 138-1234-5678", reference="REF-PRIVATE-7731")
    income(5, "canteen", "500.00", "2026-01-25", payer="欧阳铁柱 13812345678")
    post("/periods/2026-01/close", {})
    income(6, "park", "500.00", "2026-02-03", reference="浙A12345")
    post(f"/incomes/{ids[4]}/reversal", {"reason": "录入错误, 经手人司马秘书核对", "occurred_on": "2026-02-10"})
    pay_out(api, approver, "300.00", "2026-02-15", community=community, project=None, payee="李四",
            purpose="楼道灯维修")
    post("/periods/2026-02/close", {})
    income(9, "canteen", "1000.00", "2026-03-05", note="秘密备注")
    income(10, "cafe", "50.00", "2026-03-08", payer="13812345678")
    return Demo(community, ids)
