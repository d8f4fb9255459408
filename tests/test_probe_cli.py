"""``wsclose probe`` keeps the CLI's promises: escaped server text, any encoding, no traceback."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

import pytest

from tests.probe_servers import HOSTILE_REASON
from tests.test_probe_parts import served
from wsclose._output import UNSAFE_CATEGORIES
from wsclose.cli import main

if TYPE_CHECKING:
    from pathlib import Path

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_OUTPUT = 0, 1, 2, 3
#: The raw characters the hostile server sends, none of which may reach a terminal.
RAW = ("\u202e", "\u009b", "\x1b", "\x07")


def unsafe(text: str) -> list[str]:
    """The characters of ``text`` that a terminal must never get raw (line ends aside)."""
    return [
        char for char in text if char != "\n" and unicodedata.category(char) in UNSAFE_CATEGORIES
    ]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_text_escapes_the_servers_reason(capsys: pytest.CaptureFixture[str]) -> None:
    with served("hostile-reason") as url:
        assert main(["probe", url, "--case", "code-1000"]) == EXIT_OK
    out, err = capsys.readouterr()
    assert err == ""
    assert unsafe(out) == []
    assert "close 1000 '\\u202eevil\\x9b2J\\x1b[31m caf\u00e9'" in out


def test_json_escapes_the_servers_reason(capsys: pytest.CaptureFixture[str]) -> None:
    with served("hostile-reason") as url:
        assert main(["probe", url, "--case", "code-1000", "--json"]) == EXIT_OK
    out, err = capsys.readouterr()
    assert err == ""
    assert unsafe(out) == []
    assert "\\u202e" in out
    assert "\\u009b" in out
    (result,) = json.loads(out)["results"]
    assert result["reply_reason"] == HOSTILE_REASON


def test_junit_of_a_hostile_reason_is_xml(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    junit = tmp_path / "probe.xml"
    with served("hostile-reason") as url:
        assert main(["probe", url, "--case", "code-1000", "--junit", str(junit)]) == EXIT_OK
    capsys.readouterr()
    (case,) = ET.parse(junit).getroot()
    assert "\\u202eevil" in "".join(case.itertext())


@pytest.mark.parametrize("as_json", [False, True])
def test_the_servers_http_error_is_escaped(
    capsys: pytest.CaptureFixture[str], as_json: bool
) -> None:
    with served("http-error") as url:
        status = main(["probe", url, "--case", "code-1000", *(["--json"] * as_json)])
    assert status == EXIT_USAGE
    out, err = capsys.readouterr()
    assert unsafe(out + err) == []
    if as_json:
        assert err == ""
        data = json.loads(out)
        assert data["error_type"] == "ProbeError"
        assert data["reply_code"] is None
        assert "403 Forbidden\\x1b[2J\\x9b31m" in data["error"]
    else:
        assert out == ""
        assert err.count("\n") == 1
        assert err.startswith("wsclose: error: no connection: no WebSocket upgrade from 127.0.0.1:")
        assert "403 Forbidden\\x1b[2J\\x9b31m" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--timeout", "x"], "argument --timeout: not a number of seconds: 'x'"),
        ([], "give the server's URL (ws://HOST:PORT/PATH), or --serve HOST:PORT"),
        (["ws://h/", "--case", "nope"], "no case matches 'nope'"),
        (["ws://h/", "--bogus"], "unrecognized arguments: --bogus"),
    ],
)
def test_json_usage_errors_are_json_on_stdout(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert main(["probe", *argv, "--json"]) == EXIT_USAGE
    out, err = capsys.readouterr()
    assert err == ""
    data = json.loads(out)
    assert message in data["error"]
    assert data["error_type"] in {"UsageError", "ProbeError"}
    assert main(["probe", *argv]) == EXIT_USAGE
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("wsclose: error: ")
    assert message in err


def test_junit_unwritable_with_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with served() as url:
        argv = ["probe", url, "--case", "code-1000", "--junit", str(tmp_path), "--json"]
        assert main(argv) == EXIT_USAGE
    data = json.loads(capsys.readouterr().out)
    assert data["error"].startswith(f"cannot write {tmp_path}: ")


# --- in a real process -------------------------------------------------------------------


def probe_process(
    *argv: str, shell: str = "", ascii_only: bool = True
) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m wsclose probe argv``, its output ASCII; ``shell`` adds redirections."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    if ascii_only:
        env["PYTHONIOENCODING"] = "ascii"
    command = [sys.executable, "-m", "wsclose", "probe", *argv]
    if shell:
        command = ["sh", "-c", f'"$@" {shell}', "sh", *command]
    return subprocess.run(command, capture_output=True, env=env, check=False, timeout=60)


def check(result: subprocess.CompletedProcess[bytes], status: int) -> tuple[str, str]:
    """Assert the exit code, at most one line on stderr, no traceback; return out and err."""
    out = result.stdout.decode("ascii")
    err = result.stderr.decode("ascii")
    assert "Traceback" not in err
    assert result.returncode == status, err
    assert err.count("\n") <= 1, err
    return out, err


def test_process_in_ascii() -> None:
    with served("hostile-reason") as url:
        text = probe_process(url, "--case", "code-1000")
        as_json = probe_process(url, "--case", "code-1000", "--json")
    out, err = check(text, EXIT_OK)
    assert err == ""
    assert "\\u202eevil\\x9b2J\\x1b[31m caf\\u00e9" in out
    out, err = check(as_json, EXIT_OK)
    assert err == ""
    assert json.loads(out)["results"][0]["reply_reason"] == HOSTILE_REASON


@pytest.mark.parametrize(
    ("shell", "message"),
    [(">&-", "wsclose: error: stdout is closed\n"), (">/dev/full", "No space left on device")],
)
def test_process_with_stdout_closed_or_failing(shell: str, message: str) -> None:
    with served() as url:
        result = probe_process(url, "--case", "code-1000", shell=shell)
    _, err = check(result, EXIT_OUTPUT)
    assert message in err


@pytest.mark.parametrize("as_json", [False, True])
def test_process_refused_port(as_json: bool) -> None:
    port = free_port()
    result = probe_process(f"ws://127.0.0.1:{port}/", *(["--json"] * as_json))
    out, err = check(result, EXIT_USAGE)
    if as_json:
        assert err == ""
        assert json.loads(out)["error"].startswith(
            f"no connection: cannot connect to 127.0.0.1:{port}: "
        )
    else:
        assert out == ""
        assert err.startswith(
            f"wsclose: error: no connection: cannot connect to 127.0.0.1:{port}: "
        )
        assert err.endswith("\n")


def test_process_help_in_ascii() -> None:
    out, err = check(probe_process("--help"), EXIT_OK)
    assert "Exit 0 if no case FAILED" in out
    assert err == ""
