"""Council decisions in tests: the setting for tests about money rather than decisions,
and recording a decision that approves budgets."""
from __future__ import annotations

# A budget threshold no test reaches: for tests of money, not of council decisions.
NO_COUNCIL_NEEDED = {"BUDGET_WITHOUT_DECISION": "100000000.00"}


def decision(projects: dict[str, str], *, decided_on: str = "2026-01-10", body: str = "居民议事会",
             subject: str = "年度项目预算", votes: tuple[int, int, int] = (15, 2, 1), attendance: int = 19) -> dict:
    """The body of POST /decisions approving ``projects`` (code -> budget)."""
    return {"decided_on": decided_on, "body": body, "subject": subject, "votes_for": votes[0],
            "votes_against": votes[1], "abstentions": votes[2], "attendance": attendance,
            "projects": [{"code": code, "budget": budget} for code, budget in projects.items()]}


def approve(officer, projects: dict[str, str], community: str = "fenghe", **fields) -> dict:
    """Record a decision approving ``projects`` (code -> budget); the 201 JSON."""
    r = officer.post(f"/api/v1/communities/{community}/decisions", json=decision(projects, **fields))
    assert r.status_code == 201, r.json
    return r.json
