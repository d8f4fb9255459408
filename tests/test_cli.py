from __future__ import annotations

import io
import json
import re
import runpy
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from wsclose import CloseCode, advise
from wsclose.cli import MAX_STDIN, main

if TYPE_CHECKING:
    from pathlib import Path


def run(capsys: pytest.CaptureFixture[str], *argv: str, code: int = 0) -> tuple[str, str]:
    assert main(list(argv)) == code
    captured = capsys.readouterr()
    return captured.out, captured.err


def usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1, captured.err
    assert captured.err.startswith("wsclose")
    return captured.err


# --- decode ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["03 e8 62 79 65"],
        ["03", "e8", "62", "79", "65"],
        ["03:e8:62:79:65"],
        ["03E8627965"],
        ["0x03e8627965"],
        ["--base64", "A+hieWU="],
    ],
)
def test_decode_forms(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    out, err = run(capsys, "decode", *argv)
    assert out == (
        "code    1000\nname    NORMAL\nclass   standard\nmeaning normal closure\n"
        "advice  do not reconnect (RFC 6455 §7.4.1: the purpose of the connection was\n"
        '        fulfilled)\nreason  "bye"\n'
    )
    assert err == ""


def test_decode_unnamed_code(capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = run(capsys, "decode", "0f a1")
    assert "code    4001\nname    -\nclass   private\nmeaning private use\n" in out
    assert 'reason  ""' in out


def test_decode_empty_payload(capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = run(capsys, "decode", "")
    assert out.startswith("code    1005\nname    STATUS\nclass   local-only\n")


def stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    """Give the CLI ``data`` on a stdin like the real one (text over bytes)."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="ascii"))


def test_decode_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    stdin(monkeypatch, b"03 e9\n68 69\n")
    out, _ = run(capsys, "decode", "-")
    assert "code    1001" in out
    assert 'reason  "hi"' in out


def test_decode_huge_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin(monkeypatch, b"00" * MAX_STDIN)
    err = usage_error(capsys, "decode", "-")
    assert f"input on stdin is over {MAX_STDIN} bytes" in err


def test_decode_json(capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = run(capsys, "decode", "--json", "03e9c3a9")
    assert json.loads(out) == {
        "code": 1001,
        "name": "AWAY",
        "category": "standard",
        "sendable": True,
        "browser_allowed": False,
        "phrase": "going away",
        "description": CloseCode.AWAY.description,
        "reason": "\u00e9",
        "advice": {
            "kind": "backoff",
            "summary": "reconnect after a backoff",
            "reason": advise(1001).reason,
            "delay": {"min": 0.0, "max": 90.0},
        },
    }


@pytest.mark.parametrize(
    ("payload", "message", "reply"),
    [
        ("03", "close payload of 1 byte: a code needs 2", "1002 (PROTOCOL)"),
        ("03 ed", "close code 1005 may not be sent on the wire", "1002 (PROTOCOL)"),
        ("03 e8 ff", "close reason is not valid UTF-8", "1007 (INVALID)"),
        ("03e8" + "61" * 124, "close payload of 126 bytes: the limit is 125", "1002 (PROTOCOL)"),
    ],
)
def test_decode_bad_payload(
    capsys: pytest.CaptureFixture[str], payload: str, message: str, reply: str
) -> None:
    out, err = run(capsys, "decode", payload, code=1)
    assert out == ""
    assert err.startswith(f"wsclose: {message}")
    assert err.endswith(f"; reply with {reply}\n")
    assert err.count("\n") == 1


def test_decode_bad_payload_json(capsys: pytest.CaptureFixture[str]) -> None:
    out, err = run(capsys, "decode", "--json", "03 e8 ff", code=1)
    assert err == ""
    assert json.loads(out) == {
        "error": "close reason is not valid UTF-8: invalid start byte at payload offset 2",
        "error_type": "ReasonEncodingError",
        "reply_code": 1007,
        "reply_name": "INVALID",
    }


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["decode", "3e8"], "not a hex payload: '3e8'"),
        (["decode", "zz"], "not a hex payload: 'zz'"),
        (["decode", "g" * 100], "not a hex payload: '" + "g" * 37 + "...'"),
        (["decode", "--base64", "A+h"], "not a base64 payload: 'A+h'"),
        (["decode", "--base64", "!!!!"], "not a base64 payload: '!!!!'"),
        (["decode"], "the following arguments are required: PAYLOAD"),
        (["decode", "--nope", "03e8"], "unrecognized arguments: --nope"),
        ([], "the following arguments are required: COMMAND"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
    ],
)
def test_bad_arguments(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    assert message in usage_error(capsys, *argv)


# --- encode ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["1000"], "03 e8"),
        (["1000", "bye"], "03 e8 62 79 65"),
        (["NORMAL", "bye"], "03 e8 62 79 65"),
        (["going_away"], "03 e9"),
        (["4001", "\u00e9"], "0f a1 c3 a9"),
        (["STATUS"], ""),
        (["2000"], None),
    ],
)
def test_encode(capsys: pytest.CaptureFixture[str], argv: list[str], expected: str | None) -> None:
    if expected is None:
        _, err = run(capsys, "encode", *argv, code=1)
        assert err == "wsclose: cannot send close code 2000: it is reserved (RFC 6455 §7.4.2)\n"
    else:
        out, _ = run(capsys, "encode", *argv)
        assert out == expected + "\n"


def test_encode_long_reason(capsys: pytest.CaptureFixture[str]) -> None:
    _, err = run(capsys, "encode", "1000", "\u00e9" * 62, code=1)
    assert err == (
        "wsclose: cannot send this reason: close reason of 124 bytes in UTF-8: the limit is 123;"
        " use --truncate to cut it to 123 bytes\n"
    )
    out, _ = run(capsys, "encode", "--truncate", "1000", "\u00e9" * 62)
    assert out == "03 e8" + " c3 a9" * 61 + "\n"


def test_encode_json(capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = run(capsys, "encode", "--json", "4001", "hi")
    data = json.loads(out)
    assert data["hex"] == "0fa16869"
    assert (data["code"], data["name"], data["reason"], data["category"]) == (
        4001,
        None,
        "hi",
        "private",
    )


@pytest.mark.parametrize("code", ["-1", "65536", "abc", "1e3", ""])
def test_encode_bad_code(capsys: pytest.CaptureFixture[str], code: str) -> None:
    assert f"not a close code: {code!r}" in usage_error(capsys, "encode", code)


# --- codes -----------------------------------------------------------------------------


def test_codes_table(capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = run(capsys, "codes")
    lines = out.splitlines()
    assert lines[0].split() == ["code", "name", "class", "meaning"]
    assert len(lines) == 1 + len(CloseCode)
    assert lines[1].split()[:3] == ["1000", "NORMAL", "standard"]
    assert any(line.split()[:3] == ["1005", "STATUS", "local-only"] for line in lines)


def test_codes_json(capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = run(capsys, "codes", "--json")
    rows = json.loads(out)
    assert [row["code"] for row in rows] == [int(code) for code in CloseCode]
    assert rows[0]["sendable"] is True
    assert rows[0]["browser_allowed"] is True


# --- as a program ----------------------------------------------------------------------


def test_python_dash_m() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "wsclose", "decode", "03 e8 62 79 65"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0
    assert 'reason  "bye"' in result.stdout


def test_main_module_in_process(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "argv", ["wsclose", "encode", "1000"])
    with pytest.raises(SystemExit) as info:
        runpy.run_module("wsclose", run_name="__main__")
    assert info.value.code == 0
    assert capsys.readouterr().out == "03 e8\n"


def test_help_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["--help"], *([command, "--help"] for command in ("decode", "encode", "codes"))):
        with pytest.raises(SystemExit) as info:
            main(argv)
        assert info.value.code == 0
        assert "usage: wsclose" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.startswith("wsclose ")


class _ClosedPipe(io.StringIO):
    """A stdout whose reader has gone away."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        self.fd = fd

    def write(self, text: str) -> int:
        raise BrokenPipeError

    def fileno(self) -> int:
        return self.fd


def test_closed_pipe_is_quiet(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with (tmp_path / "out").open("w") as file:
        monkeypatch.setattr(sys, "stdout", _ClosedPipe(file.fileno()))
        assert main(["codes"]) == 3
    assert capsys.readouterr().err == ""


# --- details the mutation tests asked for ------------------------------------------------

HELP_PHRASES = {
    (): [
        "Decode and encode WebSocket close frames and payloads (RFC 6455).",
        "decode a close frame or payload given as hex",
        "look up one close code",
        "exit codes: 0 success, 1 an invalid frame or payload (or one that cannot be sent),"
        " 2 bad arguments or unreadable input, 3 the output could not be written",
        "encode a close code and reason as hex",
        "list the named close codes",
    ],
    ("decode",): [
        "Exit 1 if the peer sent a bad one.",
        "A first byte 0x88 (or an RSV variant) reads as a whole frame.",
        'hex ("03 e8 62 79 65", "03:e8"), a dump from xxd, hexdump -C, od or Wireshark,'
        " or - to read stdin",
        "PAYLOAD is base64, not hex",
        "read binary bytes from a file, or - for stdin",
        "read a whole close frame",
        "read a close payload only",
        "print JSON",
    ],
    ("encode",): [
        "Encode a close frame payload, or with --frame a whole frame, as hex.",
        "print the whole close frame",
        "with --frame: mask with this 4-byte KEY in hex, or 'random' (as a client must)",
        "a number (1000) or a name (NORMAL)",
        "the reason",
        "cut a long reason to 123 bytes of UTF-8",
        "print JSON",
    ],
    ("code",): [
        "Show what a close code means, who may send it, and where it is defined.",
        "a number (1001) or a name in any case (away), or a name in the --codes set",
        "an application's code set: a shipped one by name",
        "print JSON",
    ],
    ("codes",): [
        "List the named close codes with their class and meaning.",
        "print JSON (with descriptions)",
    ],
}


@pytest.mark.parametrize("command", list(HELP_PHRASES))
def test_help_text(capsys: pytest.CaptureFixture[str], command: tuple[str, ...]) -> None:
    with pytest.raises(SystemExit):
        main([*command, "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for phrase in HELP_PHRASES[command]:
        assert re.search(rf"(?<!\S){re.escape(phrase)}(?!\S)", text), phrase
    assert text.startswith(" ".join(["usage: wsclose", *command]))


def test_help_names_the_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert re.search(r"(?m)^commands:$", capsys.readouterr().out)
    with pytest.raises(SystemExit):
        main(["encode", "--help"])
    assert " CODE [REASON]\n" in capsys.readouterr().out


def test_stdin_is_read_with_a_bound(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    sizes: list[int | None] = []

    class Buffer(io.BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            sizes.append(size)
            return super().read(size)

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(Buffer(b"03 e8")))
    run(capsys, "decode", "-")
    assert sizes == [MAX_STDIN + 1]


def test_text_output_keeps_non_ascii(capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = run(capsys, "decode", "03 e8 c3 a9")
    assert 'reason  "\u00e9"\n' in out
    out, _ = run(capsys, "decode", "--json", "03 e8 c3 a9")
    assert '"reason": "\u00e9"' in out


def test_stdin_of_exactly_the_limit_is_read(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin(monkeypatch, b"00" * (MAX_STDIN // 2))
    _, err = run(capsys, "decode", "-", code=1)
    assert f"close payload of {MAX_STDIN // 2} bytes: the limit is 125" in err


def test_base64_with_spaces(capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = run(capsys, "decode", "--base64", "A+hi", "eWU=")
    assert 'reason  "bye"' in out


@pytest.mark.parametrize(("size", "shown"), [(40, "g" * 40), (41, "g" * 37 + "...")])
def test_bad_input_is_clipped_past_40_characters(
    capsys: pytest.CaptureFixture[str], size: int, shown: str
) -> None:
    assert f"not a hex payload: '{shown}'" in usage_error(capsys, "decode", "g" * size)


@pytest.mark.parametrize("code", ["0", "65535"])
def test_16_bit_codes_reach_encode(capsys: pytest.CaptureFixture[str], code: str) -> None:
    _, err = run(capsys, "encode", code, code=1)
    assert err.startswith(f"wsclose: cannot send close code {code}: it is outside 1000-4999")


def test_encode_error_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    out, err = run(capsys, "encode", "--json", "1005", "why", code=1)
    assert err == ""
    assert json.loads(out) == {
        "error": "cannot send this close frame: close reason of 3 bytes with code 1005:"
        " a reason needs a close code",
        "error_type": "ReasonLengthError",
        "reply_code": 1002,
        "reply_name": "PROTOCOL",
    }


@pytest.mark.parametrize(
    ("argv", "stdin", "code"),
    [
        pytest.param(["decode", "3e8"], "", 2, id="odd-length hex"),
        pytest.param(["decode", "zz"], "", 2, id="not hex"),
        pytest.param(["decode", "--base64", "!!!"], "", 2, id="not base64"),
        pytest.param(["decode", "-"], "ff" * 600_000, 2, id="1.2 MB on stdin"),
        pytest.param(["decode", "-"], "03 ed", 1, id="bad payload on stdin"),
        pytest.param(["decode", "03e8ff"], "", 1, id="bad UTF-8"),
        pytest.param(["encode", "-1"], "", 2, id="code -1"),
        pytest.param(["encode", "65536"], "", 2, id="code 65536"),
        pytest.param(["encode", "abc"], "", 2, id="code abc"),
        pytest.param(["encode", "1005", "why"], "", 1, id="1005 with a reason"),
        pytest.param(["encode"], "", 2, id="no code"),
        pytest.param([], "", 2, id="no command"),
    ],
)
def test_garbage_in_a_real_process(argv: list[str], stdin: str, code: int) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "wsclose", *argv],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == code
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("wsclose")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "text", ["\u017ftatus", "pol\u0131cy", "\uff11\uff10\uff10\uff10", "1_000", "+1000", " 1000 "]
)
def test_code_lookalikes_and_loose_numbers_are_refused(
    capsys: pytest.CaptureFixture[str], text: str
) -> None:
    # str.upper() folds U+017F to S and U+0131 to I; int() takes fullwidth digits and "_".
    err = usage_error(capsys, "code", text)
    assert "not a close code" in err
