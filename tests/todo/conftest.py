"""Fixtures of the to-do list: the funds' fixtures, and reading a role's list."""
from __future__ import annotations

import pytest

from tests.funds.conftest import approver, fund_money, funded, make_project, upload  # noqa: F401 (fixtures)

BASE = "/api/v1/communities/fenghe"


@pytest.fixture
def todo():
    """todo(user) -> the user's to-do JSON in fenghe (asserts 200)."""
    def read(user) -> dict:
        r = user.get(f"{BASE}/todo")
        assert r.status_code == 200, r.json
        return r.json
    return read


@pytest.fixture
def counts(todo):
    """counts(user) -> {kind: count} of the user's to-do list."""
    return lambda user: {name: found["count"] for name, found in todo(user)["todo"].items()}
