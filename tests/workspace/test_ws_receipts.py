"""Where the officer gets a payer's receipt: right after recording the income, and on the
income's page later, the same link both times."""
from __future__ import annotations

import re
from html import unescape

DESK = "/w/fenghe/incomes"


def receipt_links(html: str) -> list[str]:
    return [unescape(link) for link in re.findall(r'<a href="([^"]+)" data-testid="receipt-link"', html)]


def test_the_officer_prints_the_same_receipt_now_and_later(clerk, cafe, client):
    recorded = clerk.post(DESK, {"operator": "cafe", "amount": "20.00", "occurred_on": "2026-03-05",
                                 "channel": "wechat", "payer": "王小明"})
    assert recorded.status_code == 303
    desk = clerk.get(recorded.location).get_data(as_text=True)
    [now] = receipt_links(desk)
    income = re.search(r"/w/fenghe/incomes/(\d+)", desk).group(1)
    [later] = receipt_links(clerk.get(f"/w/fenghe/incomes/{income}").get_data(as_text=True))
    assert now == later and re.search(r"/c/fenghe/receipts/1\?t=[0-9a-f]{32}$", now)
    receipt = client.get(now.removeprefix("http://localhost"))  # a payer, not signed in
    assert receipt.status_code == 200
    assert "20.00" in receipt.get_data(as_text=True) and "王小明" not in receipt.get_data(as_text=True)
