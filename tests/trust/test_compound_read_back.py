"""A compound read back answers what its creation answered."""
from __future__ import annotations

from tests.trust.conftest import BASE


def test_a_compound_reads_back_its_agreements(make_compound, client):
    made = make_compound("xingfuli", "幸福里", remuneration_percent="8.5")
    assert len(made["agreements"]) == 2
    assert client.get(f"{BASE}/compounds/xingfuli").json["agreements"] == made["agreements"]
    assert [c["agreements"] for c in client.get(f"{BASE}/compounds").json] == [made["agreements"]]
