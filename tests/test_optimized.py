"""The library's promises hold under ``python -O``, which strips ``assert`` statements.

No ``assert`` guards behaviour in src, and the fuzz targets and oracles check
with explicit ``if``/``raise``; this runs the tests of those promises in a
``python -O`` process to show it. (CI also runs the whole suite once under -O.)
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The tests of what the library and the fuzz targets promise, run again under -O.
PROMISES = [
    "tests/test_payload.py",
    "tests/test_codes.py",
    "tests/test_errors.py",
    "tests/test_allow.py",
    "tests/test_tables.py",
    "tests/test_handshake.py",
    "tests/test_handshake_orderings.py",
    "tests/test_fuzz_targets.py",
    "tests/test_frame.py",
    "tests/test_advice.py",
    "tests/test_codesets.py",
    "tests/test_hostile_input.py",
    "tests/test_hostile_api.py",
]
#: Code that must hold under -O: no ``assert`` statement may appear in it.
NO_ASSERTS = [
    *sorted((ROOT / "src" / "wsclose").rglob("*.py")),
    ROOT / "tests" / "fuzz" / "targets.py",
    ROOT / "tests" / "reference.py",
    ROOT / "tests" / "helpers.py",
]


def test_promises_hold_under_python_dash_o() -> None:
    command = [sys.executable, "-O", "-m", "pytest", *PROMISES]
    # pytest warns that -O strips asserts outside test modules: that is the point here
    command += ["-W", "ignore::pytest.PytestConfigWarning"]
    command += ["-p", "no:cacheprovider", "--no-cov", "-q", "-x"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert " passed" in result.stdout
    assert " failed" not in result.stdout


def test_python_dash_o_strips_asserts() -> None:
    code = "import sys; assert False; print(sys.flags.optimize)"
    command = [sys.executable, "-O", "-c", code]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.stdout.strip() == "1"


def test_no_assert_statement_guards_behaviour() -> None:
    for path in NO_ASSERTS:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        asserts = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Assert)]
        assert asserts == [], f"{path.relative_to(ROOT)}: assert at lines {asserts}"
