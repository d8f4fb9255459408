"""The CLI on whole frames, captures, raw bytes, and code look-ups (issue 12)."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from tests.captures.make_captures import PAYLOADS
from tests.test_cli import run, stdin, usage_error
from wsclose import CloseCode, advise, decode_frame
from wsclose.cli import MAX_STDIN, main

CAPTURES = Path(__file__).parent / "captures"
NEVER = (
    "advice  do not reconnect (RFC 6455 §7.4.1: the purpose of the connection was\n"
    "        fulfilled)\n"
)
BYE = (
    f"code    1000\nname    NORMAL\nclass   standard\nmeaning normal closure\n{NEVER}"
    'reason  "bye"\n'
)
SERVER = "frame   FIN 1, RSV 0, opcode 0x8 (close)\nmasked  no: server to client\n"
CLIENT = (
    "frame   FIN 1, RSV 0, opcode 0x8 (close)\nmasked  yes, key 37 fa 21 3d: client to server\n"
)

# --- whole frames ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["88 05 03 e8 62 79 65"], SERVER + "length  5 bytes of payload\n" + BYE),
        (["88 85 37 fa 21 3d 34 12 43 44 52"], CLIENT + "length  5 bytes of payload\n" + BYE),
        (
            ["8800"],
            SERVER
            + "length  0 bytes of payload\ncode    1005\nname    STATUS\nclass   local-only\n"
            "meaning no status received\nadvice  reconnect after a backoff (RFC 6455 §7.1.5: no"
            " code was given, so\n        nothing says the close is final; back off as after"
            ' 1006 (graphql-ws does\n        too))\nreason  ""\n',
        ),
        (["--frame", "880503e8627965"], SERVER + "length  5 bytes of payload\n" + BYE),
        (["--payload", "03e8627965"], BYE),
    ],
)
def test_decode_frame(capsys: pytest.CaptureFixture[str], argv: list[str], expected: str) -> None:
    out, err = run(capsys, "decode", *argv)
    if "1005" in expected:
        expected = expected.replace("NORMAL", "STATUS").replace("standard", "local-only")
        expected = expected.replace("normal closure", "no status received").replace("bye", "")
    assert (out, err) == (expected, "")


@pytest.mark.parametrize(
    ("hex_", "fault", "message"),
    [
        ("08 02 03 e8", "fin", "FIN clear"),
        ("c8 02 03 e8", "rsv", "RSV1"),
        ("a8 02 03 e8", "rsv", "RSV2"),
        ("98 02 03 e8", "rsv", "RSV3"),
        ("88 7e 00 02 03 e8", "length", "126"),
        ("88 05 03 e8", "truncated", ""),
        ("88 02 03 e8 00", "trailing", ""),
    ],
)
def test_decode_bad_frame_header(
    capsys: pytest.CaptureFixture[str], hex_: str, fault: str, message: str
) -> None:
    argv = ["--frame", hex_] if fault == "fin" else [hex_]
    out, err = run(capsys, "decode", *argv, code=1)
    assert out == ""
    assert err.startswith("wsclose: close frame")
    assert message in err
    assert err.endswith("; reply with 1002 (PROTOCOL)\n")
    out, _ = run(capsys, "decode", "--json", *argv, code=1)
    data = json.loads(out)
    assert (data["error_type"], data["fault"], data["reply_code"]) == ("FrameError", fault, 1002)


def test_a_payload_starting_like_a_frame_is_out_of_range(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Every first byte a frame may have would make a code of 0x8800 or more.
    assert all(CloseCode(byte << 8).is_out_of_range for byte in range(0x88, 0x100, 0x10))
    _, err = run(capsys, "decode", "--payload", "88 05", code=1)
    assert "close code 34821" in err


def test_decode_frame_json(capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = run(capsys, "decode", "--json", "88 85 37 fa 21 3d 34 12 43 44 52")
    data = json.loads(out)
    assert data["frame"] == {
        "fin": True,
        "rsv": 0,
        "opcode": 8,
        "masked": True,
        "key": "37fa213d",
        "direction": "client to server",
        "length": 5,
    }
    assert (data["code"], data["reason"]) == (1000, "bye")
    out, _ = run(capsys, "decode", "--json", "880503e8627965")
    assert json.loads(out)["frame"]["key"] is None


def test_payload_errors_inside_a_frame(capsys: pytest.CaptureFixture[str]) -> None:
    _, err = run(capsys, "decode", "88 03 03 e8 ff", code=1)
    assert err.endswith("; reply with 1007 (INVALID)\n")


def test_force_options_exclude_each_other(capsys: pytest.CaptureFixture[str]) -> None:
    assert "not allowed with" in usage_error(capsys, "decode", "--frame", "--payload", "03e8")
    assert "not allowed with" in usage_error(capsys, "decode", "--raw", "--base64", "-")


# --- captures through the CLI ------------------------------------------------------------


@pytest.mark.parametrize("form", ["xxd", "hexdump-C", "od", "wireshark-ascii", "xxd-p"])
@pytest.mark.parametrize("name", ["server-frame", "client-frame", "bye"])
def test_decode_a_capture_on_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, name: str, form: str
) -> None:
    stdin(monkeypatch, (CAPTURES / f"{name}.{form}").read_bytes())
    out, err = run(capsys, "decode", "-")
    assert out.endswith(BYE)
    assert ("masked" in out) == name.endswith("frame")
    assert err == ""


def test_decode_a_capture_as_an_argument(capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = run(capsys, "decode", (CAPTURES / "client-frame.xxd").read_text())
    assert out.startswith(CLIENT)


def test_bad_dump(capsys: pytest.CaptureFixture[str]) -> None:
    err = usage_error(capsys, "decode", "0000   03 e8\n0009   62")
    assert "the dump's offsets do not match its bytes" in err


def test_utf8_bom_and_text_on_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin(monkeypatch, b"\xef\xbb\xbf03 e8 62 79 65\n")
    out, _ = run(capsys, "decode", "-")
    assert out == BYE


# --- raw bytes -----------------------------------------------------------------------------


def test_raw_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "frame.bin"
    path.write_bytes(PAYLOADS["client-frame"])
    out, _ = run(capsys, "decode", "--raw", str(path))
    assert out.startswith(CLIENT)
    path.write_bytes(PAYLOADS["bye"])
    out, _ = run(capsys, "decode", "--raw", str(path))
    assert out == BYE


def test_raw_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    stdin(monkeypatch, PAYLOADS["server-frame"])
    out, _ = run(capsys, "decode", "--raw", "-")
    assert out.startswith(SERVER)


def test_raw_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "missing"
    assert f"cannot read {str(missing)!r}: No such file" in usage_error(
        capsys, "decode", "--raw", str(missing)
    )
    big = tmp_path / "big"
    big.write_bytes(b"\0" * (MAX_STDIN + 1))
    assert f"{str(big)!r} is over {MAX_STDIN} bytes" in usage_error(
        capsys, "decode", "--raw", str(big)
    )
    assert "--raw reads one file" in usage_error(capsys, "decode", "--raw", str(big), str(big))


def test_binary_stdin_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin(monkeypatch, b"\x03\xe8\xff\xfe")
    err = usage_error(capsys, "decode", "-")
    assert "input on stdin is not text (byte 0xe8 at offset 1)" in err
    assert "--raw" in err


def test_unreadable_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    class Broken(io.BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            raise OSError(5, "Input/output error")

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(Broken()))
    assert "cannot read stdin: [Errno 5] Input/output error" in usage_error(capsys, "decode", "-")


@pytest.mark.parametrize("argv", [["-", "03e8"], ["03e8", "-"], ["-", "-"], ["--raw", "-", "x"]])
def test_stdin_mixed_with_arguments(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    err = usage_error(capsys, "decode", *argv)
    assert "'-' reads stdin: give either '-' or hex arguments, not both" in err


# --- decimal input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "noted", "status"), [("1000", True, 0), ("3008", True, 1), ("1004", False, 0)]
)
def test_four_decimal_digits(
    capsys: pytest.CaptureFixture[str], text: str, noted: bool, status: int
) -> None:
    out, err = run(capsys, "decode", text, code=status)
    assert out == ("" if status else run(capsys, "decode", "--payload", f"0x{text}")[0])
    note = (
        f'wsclose: note: read "{text}" as the hex bytes {text[:2]} {text[2:]};'
        f" to look up close code {text}, run: wsclose code {text}\n"
    )
    assert err.startswith(note) == noted
    assert ("close code 12296" in err) == bool(status)


def test_decimal_note_with_json_and_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out, err = run(capsys, "decode", "--json", "1000")
    assert json.loads(out)["code"] == 4096
    assert "wsclose code 1000" in err
    stdin(monkeypatch, b"1000\n")
    _, err = run(capsys, "decode", "-")
    assert err == ""


# --- wsclose code ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["1001", "AWAY", "away", "going_away", "GOING_AWAY", "Going_Away"])
def test_code(capsys: pytest.CaptureFixture[str], text: str) -> None:
    out, err = run(capsys, "code", text)
    assert out == (
        "code    1001\n"
        "name    AWAY\n"
        "aliases GOING_AWAY\n"
        "class   standard\n"
        "meaning going away\n"
        "about   The endpoint is going away, such as a server shutting down or a browser\n"
        "        leaving the page.\n"
        "send    yes: may be sent\n"
        "browser no: WebSocket.close() refuses it\n"
        "source  RFC 6455 §7.4.1\n"
        "advice  reconnect after a backoff (RFC 6455 §7.4.1: the server is going down or\n"
        "        the page left; a server comes back)\n"
    )
    assert err == ""


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        ("1000", ["name    NORMAL", "aliases NORMAL_CLOSURE", "browser yes"]),
        ("1005", ["class   local-only", "send    no: never sent on the wire"]),
        ("1004", ["name    -", "aliases -", "class   reserved", "source  RFC 6455 §7.4.1"]),
        ("1012", ["name    RESTART", "source  IANA registry"]),
        ("timeout", ["code    3008", "source  IANA registry", "browser yes"]),
        ("4001", ["class   private", "send    yes: may be sent", "source  RFC 6455 §7.4.2"]),
        ("0", ["class   out-of-range", "source  RFC 6455 §7.4.2"]),
    ],
)
def test_code_rows(capsys: pytest.CaptureFixture[str], text: str, rows: list[str]) -> None:
    lines = run(capsys, "code", text)[0].splitlines()
    for row in rows:
        assert row in lines
    assert all(len(line) <= 80 for line in lines)


def test_code_json(capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = run(capsys, "code", "--json", "going_away")
    assert json.loads(out) == {
        "code": 1001,
        "name": "AWAY",
        "aliases": ["GOING_AWAY"],
        "category": "standard",
        "sendable": True,
        "browser_allowed": False,
        "phrase": "going away",
        "description": CloseCode.AWAY.description,
        "source": "RFC 6455 §7.4.1",
        "advice": {
            "kind": "backoff",
            "summary": "reconnect after a backoff",
            "reason": advise(1001).reason,
            "delay": {"min": 0.0, "max": 90.0},
        },
    }


@pytest.mark.parametrize("text", ["nope", "65536", "-1", "1e3", "0x3e8"])
def test_unknown_code(capsys: pytest.CaptureFixture[str], text: str) -> None:
    assert f"not a close code: {text!r}" in usage_error(capsys, "code", text)


# --- encode --frame --------------------------------------------------------------------------


def test_encode_frame(capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = run(capsys, "encode", "--frame", "NORMAL", "bye")
    assert out == "88 05 03 e8 62 79 65\n"
    out, _ = run(capsys, "encode", "--frame", "--mask", "37:fa:21:3d", "1000", "bye")
    assert out == "88 85 37 fa 21 3d 34 12 43 44 52\n"


def test_encode_frame_random_mask(capsys: pytest.CaptureFixture[str]) -> None:
    frames = set()
    for _ in range(2):
        out, _ = run(capsys, "encode", "--frame", "--mask", "RANDOM", "1001", "hi")
        frames.add(bytes.fromhex(out))
    assert len(frames) == 2
    for frame in frames:
        assert decode_frame(frame).masked
        assert decode_frame(frame).close == (1001, "hi")


def test_encode_frame_json(capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = run(capsys, "encode", "--json", "--frame", "--mask", "37fa213d", "1000", "bye")
    data = json.loads(out)
    assert (data["hex"], data["frame"]) == ("03e8627965", "888537fa213d3412434452")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--mask", "random", "1000"], "--mask needs --frame"),
        (["--frame", "--mask", "37fa21", "1000"], "not a masking key: '37fa21'"),
        (["--frame", "--mask", "zz", "1000"], "not a masking key: 'zz'"),
    ],
)
def test_bad_mask(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    assert message in usage_error(capsys, "encode", *argv)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["1004"], "cannot send close code 1004: it is reserved (RFC 6455 §7.4.2)"),
        (["1006"], "cannot send close code 1006: it is local-only (RFC 6455 §7.4.1)"),
        (["--frame", "999"], "cannot send close code 999: it is outside 1000-4999"),
        (["1005", "x"], "cannot send this close frame: close reason of 1 byte"),
        (["--truncate", "1005", "x" * 200], "cannot send this close frame:"),
        (["1000", "\udcff"], "cannot send this close frame: close reason is not valid UTF-8"),
    ],
)
def test_encode_errors_speak_to_a_sender(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    out, err = run(capsys, "encode", *argv, code=1)
    assert out == ""
    assert err.startswith(f"wsclose: {message}")
    assert "reply" not in err
    assert err.count("\n") == 1


# --- codes -----------------------------------------------------------------------------------


def test_codes_fit_80_columns(capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = run(capsys, "codes")
    lines = out.splitlines()
    assert all(len(line) <= 80 for line in lines), max(lines, key=len)
    assert lines[1] == " 1000  NORMAL        standard      normal closure"
    out, _ = run(capsys, "codes", "--json")
    assert json.loads(out)[0]["description"] == CloseCode.NORMAL.description


def test_long_table_lines_are_cut(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(CloseCode, "phrase", property(lambda self: "x" * 100))
    lines = run(capsys, "codes")[0].splitlines()
    assert {len(line) for line in lines[1:]} == {80}
    assert lines[1].endswith("x...")


def test_main_reads_sys_argv(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "argv", ["wsclose", "code", "1000"])
    assert main() == 0
    assert capsys.readouterr().out.startswith("code    1000\n")
