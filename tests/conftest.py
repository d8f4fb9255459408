"""Test collection settings and shared fixtures."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from wsclose import Close, CloseCode, payload

# CI runs the property tests on a fixed seed, so that a landing is judged on the code,
# not on the draw; runs elsewhere draw fresh examples, and what they find becomes a test.
settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

# The fuzz targets and the helpers check with assert: keep those under python -O too.
pytest.register_assert_rewrite("tests.fuzz.targets", "tests.helpers")

# The atheris entry point imports atheris, which only the fuzzing run installs.
collect_ignore = ["fuzz/fuzz.py"]


@pytest.fixture
def fresh_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    """Empty tables but for their rows, as at import before any code was added."""
    rows = {1000 >> 8, *range(3000 >> 8, (4999 >> 8) + 1)}
    empty_codes: list[CloseCode | None] = [None] * 256
    empty_rows: list[Close | None] = [None] * 256
    monkeypatch.setattr(
        payload, "_CODES", [[None] * 256 if high in rows else empty_codes for high in range(256)]
    )
    monkeypatch.setattr(
        payload, "_ROWS", [[None] * 256 if high in rows else empty_rows for high in range(256)]
    )
    monkeypatch.setattr(payload, "_HEADS", {CloseCode.STATUS: b""})
    monkeypatch.setattr(payload, "_BARE", {})
