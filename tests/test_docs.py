"""The README's command-line examples give the output they show."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from wsclose.cli import main

ROOT = Path(__file__).parent.parent


def console_examples(path: Path) -> list[tuple[list[str], str]]:
    """Each ``$ wsclose ...`` line of the ```console blocks, with the output shown under it."""
    examples: list[tuple[list[str], str]] = []
    for block in re.findall(r"```console\n(.*?)```", path.read_text(encoding="utf-8"), re.S):
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, output = chunk.partition("\n")
            examples.append((shlex.split(command, comments=True), output))
    return examples


EXAMPLES = console_examples(ROOT / "README.md")


def test_readme_has_console_examples() -> None:
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize(("argv", "output"), EXAMPLES, ids=[" ".join(a) for a, _ in EXAMPLES])
def test_readme_console_example(
    capsys: pytest.CaptureFixture[str], argv: list[str], output: str
) -> None:
    assert argv[0] == "wsclose"
    main(argv[1:])
    captured = capsys.readouterr()
    assert captured.out + captured.err == output
