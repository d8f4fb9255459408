"""The README's command-line examples give the output they show."""

from __future__ import annotations

import importlib
import io
import re
import shlex
import sys
from pathlib import Path

import pytest

from wsclose import GRAPHQL_TRANSPORT_WS, CloseCode, Reconnect, advise
from wsclose.cli import main

ROOT = Path(__file__).parent.parent


#: A here-document on a command line: ``$ wsclose decode - <<EOF``, its lines, then ``EOF``.
HEREDOC = re.compile(r"\s*<<\s*'?(\w+)'?\s*$")


def console_examples(path: Path) -> list[tuple[list[str], str | None, str]]:
    """Each ``$ wsclose ...`` line of the ```console blocks: argv, stdin, the output shown."""
    examples: list[tuple[list[str], str | None, str]] = []
    for block in re.findall(r"```console\n(.*?)```", path.read_text(encoding="utf-8"), re.S):
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, output = chunk.partition("\n")
            stdin = None
            heredoc = HEREDOC.search(command)
            if heredoc:
                command = command[: heredoc.start()]
                stdin, output = re.split(rf"^{heredoc[1]}\n", output, maxsplit=1, flags=re.M)
            examples.append((shlex.split(command, comments=True), stdin, output))
    return examples


EXAMPLES = [
    *console_examples(ROOT / "README.md"),
    *console_examples(ROOT / "docs" / "cli.md"),
    *console_examples(ROOT / "docs" / "reconnect.md"),
]


def test_readme_and_cli_page_have_console_examples() -> None:
    assert len(EXAMPLES) >= 6


@pytest.mark.parametrize(
    ("argv", "stdin", "output"), EXAMPLES, ids=[" ".join(a) for a, _, _ in EXAMPLES]
)
def test_readme_console_example(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    stdin: str | None,
    output: str,
) -> None:
    assert argv[0] == "wsclose"
    assert (stdin is None) == ("-" not in argv)
    monkeypatch.chdir(ROOT)  # the examples name files under docs/examples
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode())))
    main(argv[1:])
    captured = capsys.readouterr()
    assert captured.out + captured.err == output


def test_conformance_map_names_tests_that_exist() -> None:
    page = (ROOT / "docs" / "conformance.md").read_text(encoding="utf-8")
    named = re.findall(r"`(tests/[\w/]+\.py)::(\w+)`", page)
    assert len(named) >= 13
    for path, name in named:
        source = (ROOT / path).read_text(encoding="utf-8")
        assert re.search(rf"^def {name}\(", source, re.M), f"{path}::{name}"


def test_code_table_has_every_code_and_alias() -> None:
    pytest.importorskip("sphinx")
    sys.path.insert(0, str(ROOT / "docs" / "_ext"))
    try:
        closecodes = importlib.import_module("closecodes")
    finally:
        sys.path.remove(str(ROOT / "docs" / "_ext"))
    rows = closecodes.rows()
    named = [row for row in rows if row[1] != closecodes.NONE]
    assert [row[:2] for row in named] == [[str(int(code)), code.name] for code in CloseCode]
    aliases = {name for name, member in CloseCode.__members__.items() if name != member.name}
    assert {row[2] for row in rows if row[2] != closecodes.NONE} == aliases
    assert all(cell for row in rows for cell in row)  # an empty cell shows a dash
    assert all(len(row) == len(closecodes.COLUMNS) + 1 for row in rows)  # alias under name
    assert {row[6] for row in rows} == {"RFC 6455 §7.4.1", "RFC 6455 §7.4.2", "IANA registry"}
    numbers = [f"{number}" for number in [*range(1000, 1016)] if number != 1004]
    assert [row[0] for row in rows] == [
        "0-999",
        *numbers[:4],
        "1004",
        *numbers[4:],
        "1016-2999",
        "3000",
        "3003",
        "3008",
        "3000-3999",
        "4000-4999",
        "5000-65535",
    ]


def test_advice_table_is_advise() -> None:
    pytest.importorskip("sphinx")
    sys.path.insert(0, str(ROOT / "docs" / "_ext"))
    try:
        advicetable = importlib.import_module("advicetable")
    finally:
        sys.path.remove(str(ROOT / "docs" / "_ext"))
    rows = advicetable.rows()
    named = [row for row in rows if row[1]]
    assert [row[:2] for row in named] == [[str(int(code)), code.name] for code in CloseCode]
    for row in named:
        advice = advise(int(row[0]))
        assert row[2:] == [advice.kind.value, advicetable.DELAYS[advice.kind], advice.reason]
    ranges = [row for row in rows if not row[1]]
    assert [row[0] for row in ranges] == [label for _, label in advicetable.RANGES]
    assert {row[2] for row in rows} == {kind.value for kind in Reconnect}
    assert set(advicetable.DELAYS) == set(Reconnect)
    graphql = advicetable.rows("graphql-transport-ws")
    assert [(int(row[0]), row[1], row[2]) for row in graphql] == [
        (int(d.code), d.name, d.reconnect.value) for d in GRAPHQL_TRANSPORT_WS
    ]
    assert all(len(row) == len(advicetable.COLUMNS) for row in rows + graphql)
