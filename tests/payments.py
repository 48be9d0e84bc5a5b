"""Paying money out of a fund the only way there is: a project, a draft with a voucher,
submitted by one person, approved by another, paid."""
from __future__ import annotations

from io import BytesIO

from tests.funds.samples import pdf_bytes


def pay_out(officer, approver, amount: str, on: str, *, community: str = "fenghe", project: str | None = "outlay",
            name: str = "社区活动经费", fund: str = "public_benefit", budget: str | None = None,
            payee: str = "张三", purpose: str = "活动") -> dict:
    """Pay ``amount`` out of ``fund`` dated ``on``, for ``project`` (created when new) or, with
    ``project=None``, straight from the fund; the paid disbursement."""
    base = f"/api/v1/communities/{community}"
    if project is not None and officer.get(f"{base}/projects/{project}").status_code == 404:
        created = officer.post(f"{base}/projects", json={"code": project, "name": name, "purpose": purpose,
                                                         "budget": budget or amount, "fund": fund})
        assert created.status_code == 201, created.json
    target = {"project": project} if project is not None else {"fund": fund}
    draft = officer.post(f"{base}/disbursements", json={**target, "amount": amount, "payee": payee,
                                                        "purpose": purpose})
    assert draft.status_code == 201, draft.json
    ident = draft.json["id"]
    voucher = officer.post(f"{base}/disbursements/{ident}/vouchers", content_type="multipart/form-data",
                           data={"file": (BytesIO(pdf_bytes(f"voucher {ident}")), "voucher.pdf")})
    assert voucher.status_code == 201, voucher.json
    for actor, step, body in ((officer, "submit", {}), (approver, "approve", {}),
                              (officer, "pay", {"occurred_on": on, "channel": "bank"})):
        r = actor.post(f"{base}/disbursements/{ident}/{step}", json=body)
        assert r.status_code == 200, (step, r.json)
    return r.json
