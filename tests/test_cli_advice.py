"""The CLI's reconnect advice, and ``--codes``: shipped code sets, users' files, bad files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from tests.test_cli import run, usage_error
from wsclose import GRAPHQL_TRANSPORT_WS, CloseCode, Reconnect, advise, load_code_set
from wsclose.cli import main

if TYPE_CHECKING:
    from pathlib import Path

    from wsclose import CodeDefinition

CHAT = {
    "name": "chat",
    "codes": [
        {
            "code": 4000,
            "name": "Kicked",
            "description": "A moderator removed you.",
            "reconnect": "never",
        },
        {"code": 4001, "name": "Draining", "description": "", "reconnect": "restart"},
    ],
}


@pytest.fixture
def chat(tmp_path: Path) -> str:
    path = tmp_path / "chat.json"
    path.write_text(json.dumps(CHAT, indent=1), encoding="utf-8")
    return str(path)


def joined(out: str, label: str) -> str:
    """The value of a row of text output, its wrapped lines joined."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{label:8}"))
    value = [lines[start][8:]]
    for line in lines[start + 1 :]:
        if not line.startswith(" " * 8):
            break
        value.append(line[8:])
    return " ".join(value)


@pytest.mark.parametrize("code", [*CloseCode, CloseCode(1004), CloseCode(2000), CloseCode(3999),
                                  CloseCode(4999), CloseCode(5000), CloseCode(0)])  # fmt: skip
def test_code_prints_the_advice(capsys: pytest.CaptureFixture[str], code: CloseCode) -> None:
    out, _ = run(capsys, "code", str(int(code)))
    assert joined(out, "advice") == str(advise(code))
    assert all(len(line) <= 80 for line in out.splitlines())
    data = json.loads(run(capsys, "code", "--json", str(int(code)))[0])
    assert data["advice"]["kind"] == advise(code).kind.value
    assert data["advice"]["reason"] == advise(code).reason
    assert "code_set" not in data


@pytest.mark.parametrize(
    ("payload", "kind", "delay"),
    [
        ("03e8", Reconnect.NEVER, None),
        ("03e9", Reconnect.BACKOFF, {"min": 0.0, "max": 90.0}),
        ("03f4", Reconnect.RESTART, {"min": 5.0, "max": 30.0}),
        ("03f5", Reconnect.OTHER_HOST, {"min": 0.0, "max": 90.0}),
        ("0bb8", Reconnect.NEW_CREDENTIALS, None),
        ("0fa0", Reconnect.APPLICATION, None),
        ("", Reconnect.BACKOFF, {"min": 0.0, "max": 90.0}),
    ],
)
def test_decode_prints_the_advice(
    capsys: pytest.CaptureFixture[str], payload: str, kind: Reconnect, delay: object
) -> None:
    data = json.loads(run(capsys, "decode", "--json", payload)[0])
    assert data["advice"] == {
        "kind": kind.value,
        "summary": kind.summary,
        "reason": advise(data["code"]).reason,
        "delay": delay,
    }
    out, _ = run(capsys, "decode", payload)
    assert joined(out, "advice") == str(advise(data["code"]))
    assert out.splitlines()[-1].startswith("reason  ")


@pytest.mark.parametrize("command", [["decode", "1191"], ["decode", "88021191"], ["code", "4497"]])
def test_a_code_the_set_lacks(capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    out, _ = run(capsys, *command, "--codes", "graphql-transport-ws")
    assert "name    -\n" in out
    assert joined(out, "advice") == str(advise(4497))
    data = json.loads(run(capsys, *command, "--codes", "graphql-transport-ws", "--json")[0])
    assert data["code_set"] is None
    assert data["advice"]["kind"] == "application"


@pytest.mark.parametrize("definition", list(GRAPHQL_TRANSPORT_WS), ids=lambda d: d.name)
@pytest.mark.parametrize("command", ["decode", "frame", "code"])
def test_shipped_set(
    capsys: pytest.CaptureFixture[str], definition: CodeDefinition, command: str
) -> None:
    d = definition
    payload = int(d.code).to_bytes(2, "big").hex()
    argv = {
        "decode": ["decode", payload],
        "frame": ["decode", f"8802{payload}"],
        "code": ["code", str(int(d.code))],
    }[command]
    out, _ = run(capsys, *argv, "--codes", "graphql-transport-ws")
    assert f"name    {d.name} (graphql-transport-ws)\n" in out
    assert joined(out, "meaning") == d.description
    assert joined(out, "advice") == str(advise(d.code, GRAPHQL_TRANSPORT_WS))
    assert d.name in joined(out, "advice")
    data = json.loads(run(capsys, *argv, "--codes", "graphql-transport-ws", "--json")[0])
    assert data["code_set"] == {
        "set": "graphql-transport-ws",
        "name": d.name,
        "description": d.description,
    }
    assert data["advice"]["kind"] == d.reconnect.value
    assert data["name"] is None


def test_user_file(capsys: pytest.CaptureFixture[str], chat: str) -> None:
    out, err = run(capsys, "decode", "0fa0 6279 65", "--codes", chat)
    assert err == ""
    assert "name    Kicked (chat)\nclass   private\nmeaning A moderator removed you.\n" in out
    assert joined(out, "advice") == "do not reconnect (chat Kicked: A moderator removed you.)"
    out, _ = run(capsys, "code", "4001", "--codes", chat)
    assert "name    Draining (chat)\n" in out
    assert "meaning private use\n" in out  # no description: the class's phrase
    assert joined(out, "advice").startswith("reconnect after a random 5-30 s (chat Draining)")


@pytest.mark.parametrize(
    ("name", "code"), [("Kicked", 4000), ("Draining", 4001), ("away", 1001), ("KICKED", None)]
)
def test_code_by_a_sets_name(
    capsys: pytest.CaptureFixture[str], chat: str, name: str, code: int | None
) -> None:
    if code is None:
        assert "not a close code: 'KICKED'" in usage_error(capsys, "code", name, "--codes", chat)
    else:
        out, _ = run(capsys, "code", name, "--codes", chat)
        assert out.startswith(f"code    {code}\n")


def test_a_sets_name_comes_before_closecodes(capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = run(capsys, "code", "Unauthorized", "--codes", "graphql-transport-ws")
    assert out.startswith("code    4401\n")
    out, _ = run(capsys, "code", "unauthorized", "--codes", "graphql-transport-ws")
    assert out.startswith("code    3000\n")


#: Bad code-set files: the text, and the "line N: field" the error must name.
BAD_FILES = [
    pytest.param('{"name": "x",\n "codes": [}', "line 2", id="not JSON"),
    pytest.param("[]", "line 1: must be a JSON object", id="not an object"),
    pytest.param('{"name": "x"}', "line 1: codes: is missing", id="no codes"),
    pytest.param(
        '{"name": "x",\n"codes": {}}', "line 2: codes: must be a list", id="codes not a list"
    ),
    pytest.param(
        '{"name": "x", "codes": [\n 3]}', "line 2: codes[0]: must be an object", id="entry"
    ),
    pytest.param(
        '{"name": "x", "codes": [\n{"code": 1000, "name": "A", "description": "",\n'
        '"reconnect": "never"}]}',
        "line 2: codes[0].code: must be in 3000-4999",
        id="code out of range",
    ),
    pytest.param(
        '{"name": "x", "codes": [\n{"code": 4000, "name": "a b", "description": "",\n'
        '"reconnect": "never"}]}',
        "line 2: codes[0].name: must be an identifier",
        id="name",
    ),
    pytest.param(
        '{"name": "x", "codes": [{"code": 4000, "name": "A", "description": "",\n'
        '"reconnect": "often"}]}',
        "line 2: codes[0].reconnect: must be one of never",
        id="reconnect",
    ),
    pytest.param(
        '{"name": "x", "codes": [\n'
        '{"code": 4000, "name": "A", "description": "", "reconnect": "never"},\n'
        '{"code": 4000, "name": "B", "description": "", "reconnect": "never"}]}',
        "line 3: codes[1].code: 4000 is defined twice",
        id="duplicate code",
    ),
    pytest.param(
        '{"name": "x", "codes": [\n{"code": 4000, "name": "A", "description": "",\n'
        '"reconnect": "never", "extra": 1}]}',
        "line 3: codes[0].extra",
        id="unknown key",
    ),
    pytest.param(
        '{"name": "x", "name": "y", "codes": []}',
        "line 1: key 'name' appears twice",
        id="key twice",
    ),
    pytest.param(b"\xff\xfe", "not UTF-8", id="not UTF-8"),
]


@pytest.mark.parametrize(("text", "message"), BAD_FILES)
@pytest.mark.parametrize("command", [["decode", "0fa0"], ["code", "4000"]])
def test_bad_file(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    text: str | bytes,
    message: str,
    command: list[str],
) -> None:
    path = tmp_path / "bad.json"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    err = usage_error(capsys, *command, "--codes", str(path))
    assert err.startswith(f"wsclose: error: argument --codes: {path}: ")
    assert message in err
    assert main([*command, "--codes", str(path), "--json"]) == 2
    out, err = capsys.readouterr()
    assert err == ""
    data = json.loads(out)
    assert data["error_type"] == "UsageError"
    assert message in data["error"]


def test_missing_file_names_the_shipped_sets(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    err = usage_error(capsys, "code", "4000", "--codes", str(tmp_path / "nope.json"))
    assert "cannot read" in err
    assert "(shipped sets: graphql-transport-ws)" in err


def test_an_endless_file_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    err = usage_error(capsys, "code", "4000", "--codes", "/dev/zero")
    assert err == (
        "wsclose: error: argument --codes: /dev/zero: over 1048576 characters: not a code set\n"
    )


def test_the_shipped_name_wins_over_a_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "graphql-transport-ws").write_text("not JSON", encoding="utf-8")
    out, _ = run(capsys, "code", "4401", "--codes", "graphql-transport-ws")
    assert "name    Unauthorized (graphql-transport-ws)\n" in out
    assert load_code_set("graphql-transport-ws") is GRAPHQL_TRANSPORT_WS


def python_m_wsclose(
    *argv: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "wsclose", *argv],
        capture_output=True,
        check=False,
        timeout=60,
        env=env,
    )


def test_real_process_bad_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"name": "x",\n "codes": [{"code": 4000}]}', encoding="utf-8")
    result = python_m_wsclose("decode", "0fa0", "--codes", str(path))
    assert result.returncode == 2
    assert result.stdout == b""
    assert result.stderr.decode() == (
        f"wsclose: error: argument --codes: {path}: line 2: codes[0].name: is missing\n"
    )


def test_real_process_shipped_set_in_ascii(chat: str) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    result = python_m_wsclose("decode", "1131", "--codes", "graphql-transport-ws", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    out = result.stdout.decode("ascii")
    assert "name    Unauthorized (graphql-transport-ws)\n" in out
    assert "advice  do not reconnect (graphql-transport-ws Unauthorized:" in out
    result = python_m_wsclose("code", "--json", "Kicked", "--codes", chat, env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["code_set"]["name"] == "Kicked"
