"""Projects, payments and a trust-property compound on top of the demo ledger
(tests/public/demo_ledger.py), all in April 2026 (an open month):

    seq date        what                                            figures
    11  2026-04-03  pay 400.00 for 楼道灯改造 (voucher PNG)           公益金 out 400.00
    12  2026-04-05  兰园 物业费 3000.00 (10 % remuneration)           trust fund +2700.00, remuneration 300.00
    13  2026-04-10  pay 200.00 for 楼道灯改造 (voucher PDF)           公益金 out 200.00
    14  2026-04-12  兰园 停车 500.00                                   trust fund +500.00
    15  2026-04-20  兰园 pays 保洁 800.00 (voucher PNG)                trust fund -800.00
        and 150.00 for 共享花园, approved but not paid: shown nowhere.

Payees, notes and payers carry private values (PRIVATE) that no public page, public
JSON or public download may show; a payee appears only masked (MASKED).
"""
from __future__ import annotations

import io

from tests.funds.samples import pdf_bytes, png_bytes

PRIVATE = ("王小明", "13987654321", "私下备注王家亲戚", "李建国", "现金另付备注", "业主周杰伦", "5栋101室",
           "浙B88888", "洁美保洁公司", "13700001111", "回扣备注", "赵铁牛")
MASKED = {"lights": ["李*", "王* 139****4321"], "lanyuan": ["洁* 137****1111"]}


def populate_projects(officer, approver, community: str = "fenghe") -> None:
    base = f"/api/v1/communities/{community}"

    def post(api, path, body=None, status=(200, 201)):
        response = api.post(base + path, json=body if body is not None else {})
        assert response.status_code in status, (path, response.json)
        return response.json

    def disburse(body, day=None, voucher=None):
        made = post(officer, "/disbursements", body)
        post(officer, f"/disbursements/{made['id']}/submit")
        post(approver, f"/disbursements/{made['id']}/approve", {})
        if day is not None:
            upload = officer.client.post(f"{base}/disbursements/{made['id']}/vouchers",
                                         data={"file": (io.BytesIO(voucher), "voucher.bin")},
                                         headers={"Authorization": f"Bearer {officer.token}"})
            assert upload.status_code == 201, upload.json
            post(officer, f"/disbursements/{made['id']}/pay", {"occurred_on": day})

    def income(operator, amount, day, category, **private):
        post(officer, "/incomes", {"operator": operator, "amount": amount, "occurred_on": day,
                                   "channel": "bank", "category": category, **private})

    post(officer, "/projects", {"code": "lights", "name": "楼道灯改造", "purpose": "更换老旧楼道灯，报修电话 13911112222",
                                "budget": "1000.00", "fund": "public_benefit"})
    post(officer, "/projects", {"code": "garden", "name": "共享花园", "purpose": "屋顶共享花园",
                                "budget": "500.00", "fund": "public_benefit"})
    post(officer, "/compounds", {"code": "lanyuan", "name": "兰园", "remuneration_percent": "10",
                                 "effective_from": "2026-01-01"})
    disburse({"project": "lights", "amount": "400.00", "payee": "王小明 13987654321", "purpose": "购买LED灯具",
              "note": "私下备注王家亲戚"}, "2026-04-03", png_bytes())
    income("lanyuan", "3000.00", "2026-04-05", "物业费", payer="业主周杰伦", note="5栋101室")
    disburse({"project": "lights", "amount": "200.00", "payee": "李建国", "purpose": "安装人工费",
              "note": "现金另付备注"}, "2026-04-10", pdf_bytes())
    income("lanyuan", "500.00", "2026-04-12", "停车", reference="浙B88888")
    disburse({"fund": "lanyuan", "item": "保洁", "amount": "800.00", "payee": "洁美保洁公司 13700001111",
              "purpose": "4月保洁服务", "note": "回扣备注"}, "2026-04-20", png_bytes(3, 3))
    disburse({"project": "garden", "amount": "150.00", "payee": "赵铁牛", "purpose": "花苗"})
