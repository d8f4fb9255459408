"""CI runs the README's own commands, and the README names every nox session."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
# The sdist ships the tests and the docs, not the CI script or the noxfile.
pytestmark = pytest.mark.skipif(
    not (ROOT / "noxfile.py").exists(), reason="CI files are not in the sdist"
)


def _development_commands() -> list[str]:
    section = README.split("## Development", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.S)
    return [block.strip() for block in blocks[:2]]


def test_ci_runs_the_readme_set_up_and_test_commands_as_written() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    set_up, test = _development_commands()
    assert set_up.startswith("python3 -m venv .venv")
    assert test == ".venv/bin/python -m pytest"
    assert set_up in script
    assert test in script


def test_readme_names_every_nox_session() -> None:
    noxfile = (ROOT / "noxfile.py").read_text(encoding="utf-8")
    sessions = re.findall(r"@nox\.session(?:\(.*\))?\ndef (\w+)\(", noxfile)
    assert len(sessions) >= 8
    for name in sessions:
        assert f"`{name}" in README, name
