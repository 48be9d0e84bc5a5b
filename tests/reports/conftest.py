"""Fixtures of the writer tests (helpers live in audit_books.py)."""
from __future__ import annotations

import pytest


@pytest.fixture
def tmp_book(tmp_path):
    """tmp_book(data) -> a path holding the workbook bytes."""
    def save(data: bytes, name: str = "audit.xlsx"):
        path = tmp_path / name
        path.write_bytes(data)
        return path
    return save

