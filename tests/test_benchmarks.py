"""benchmarks/run_all.py merges the versions' results and marks each target: no timing here."""
# ruff: noqa: RUF001  # the tables print the multiplication sign and en dashes

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
if not (BENCHMARKS / "run_all.py").exists():
    pytest.skip("the benchmarks are not in the sdist", allow_module_level=True)

# The benchmarks are scripts, not a package: import run_all.py as they run it.
sys.path.insert(0, str(BENCHMARKS))
run_all = importlib.import_module("run_all")


def results(python: str, rows: list[tuple[str, float | None, dict[str, float]]]) -> dict[str, Any]:
    return {
        "python": python,
        "implementation": "CPython",
        "machine": "a CPU",
        "peers": {"websockets": "1.0", "wsproto": "2.0"},
        "repeat": 3,
        "number": 4,
        "rows": [{"name": name, "target": target, "ns": ns} for name, target, ns in rows],
        "notes": ["- a note"],
    }


def test_summary_marks_targets_per_version() -> None:
    runs = {
        "3.9": results(
            "3.9.1",
            [
                ("decode", 1.6, {"wsclose": 100.0, "websockets": 150.0}),
                ("view", None, {"wsclose": 50.0}),
            ],
        ),
        "3.13": results("3.13.0", [("decode", 1.6, {"wsclose": 100.0, "websockets": 160.0})]),
    }
    lines = run_all.summary(runs)
    assert lines[0] == "| case | target | 3.9 | 3.13 |"
    assert lines[2] == "| decode | ≥1.6× | 100 ns, 1.50× ✗ | 100 ns, 1.60× ✓ |"
    assert lines[3] == "| view | – | 50 ns |  |"


def test_page_has_each_versions_table_and_notes() -> None:
    runs = {"3.11": results("3.11.7", [("encode", 2.0, {"wsclose": 10.0, "websockets": 25.0})])}
    text = run_all.page(runs, "python benchmarks/run_all.py")
    assert "### Python 3.11.7 (CPython)" in text
    assert "| encode | 10 | 25 (2.50) | – | – |" in text
    assert "- machine: a CPU" in text
    assert "3.11: websockets 1.0, wsproto 2.0" in text
    assert "made by `python benchmarks/run_all.py`" in text
    assert text.endswith("- a note\n")
