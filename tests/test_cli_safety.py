"""The CLI's promises at the edges, in process: escaping, closed and failing streams, JSON."""

from __future__ import annotations

import io
import json
import sys
import unicodedata
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.test_cli import run, usage_error
from wsclose import encode
from wsclose._output import UNSAFE_CATEGORIES, escape
from wsclose.cli import main

if TYPE_CHECKING:
    from pathlib import Path

#: Characters a peer may put in a reason to fool a terminal or a reader, and how they print.
HOSTILE = {
    "\x1b": "\\u001b",  # ESC (C0); json.dumps writes it so already
    "\x7f": "\\u007f",  # DEL
    "\x9b": "\\u009b",  # CSI (C1)
    "\u202e": "\\u202e",  # RIGHT-TO-LEFT OVERRIDE (Cf)
    "\u2066": "\\u2066",  # LEFT-TO-RIGHT ISOLATE (Cf)
    "\u200b": "\\u200b",  # ZERO WIDTH SPACE (Cf)
    "\ufeff": "\\ufeff",  # BOM (Cf)
    "\u2028": "\\u2028",  # LINE SEPARATOR (Zl)
    "\u2029": "\\u2029",  # PARAGRAPH SEPARATOR (Zp)
    "\U000e0001": "\\udb40\\udc01",  # LANGUAGE TAG (Cf), outside the BMP
    "\ufffe": "\\ufffe",  # a noncharacter (Cn)
}


@pytest.mark.parametrize(
    ("char", "shown"), list(HOSTILE.items()), ids=[hex(ord(c)) for c in HOSTILE]
)
def test_hostile_reason_is_escaped(
    capsys: pytest.CaptureFixture[str], char: str, shown: str
) -> None:
    payload = encode(1000, f"a{char}b").hex()
    out, _ = run(capsys, "decode", payload)
    assert out.endswith(f'reason  "a{shown}b"\n')
    assert char not in out
    out, _ = run(capsys, "decode", "--json", payload)
    assert char not in out
    assert json.loads(out)["reason"] == f"a{char}b"


def test_printable_text_stays(capsys: pytest.CaptureFixture[str]) -> None:
    reason = 'caf\u00e9 \u20ac \u05e9\u05dc\u05d5\u05dd \U0001f600 "q" \\'
    out, _ = run(capsys, "decode", encode(1000, reason).hex())
    assert out.endswith(f"reason  {json.dumps(reason, ensure_ascii=False)}\n")


class Stream(io.TextIOWrapper):
    """A stdout in a given encoding, strict as a real one."""

    def __init__(self, encoding: str) -> None:
        super().__init__(io.BytesIO(), encoding=encoding)

    def text(self) -> str:
        self.flush()
        buffer = self.buffer
        assert isinstance(buffer, io.BytesIO)
        return buffer.getvalue().decode(self.encoding)


@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "cp1252", "utf-8"])
def test_output_fits_the_encoding(monkeypatch: pytest.MonkeyPatch, encoding: str) -> None:
    reason = "\u20ac\u00e9\u9ce5\x9b"
    payload = encode(1000, reason).hex()
    for argv in (
        ["decode", payload],
        ["decode", "--json", payload],
        ["encode", "--json", "1000", reason],
    ):
        stream = Stream(encoding)
        monkeypatch.setattr(sys, "stdout", stream)
        assert main(argv) == 0
        text = stream.text()
        if "--json" in argv:
            assert json.loads(text)["reason"] == reason
        else:
            assert text.endswith('"\n')
            assert "\\u009b" in text
            assert ("\\u20ac" in text) == (encoding in {"ascii", "latin-1"})


def test_errors_fit_the_encoding(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = Stream("ascii")
    monkeypatch.setattr(sys, "stderr", stream)
    assert main(["decode", "\u20ac\x9b"]) == 2
    assert stream.text() == "wsclose: error: not a hex payload: '\\u20ac\\x9b'\n"


def test_escape() -> None:
    assert escape("plain ascii ~") == "plain ascii ~"
    assert escape("\t\n") == "\\u0009\\u000a"
    assert escape("\udcff") == "\\udcff"
    assert escape("\u00e9", "latin-1") == "\u00e9"
    assert escape("\u0100", "latin-1") == "\\u0100"


@given(st.text(), st.sampled_from(["ascii", "latin-1", "cp1252", "utf-8"]))
def test_escaped_json_reads_back(text: str, encoding: str) -> None:
    document = escape(json.dumps({"reason": text}, ensure_ascii=False), encoding)
    document.encode(encoding)
    assert json.loads(document) == {"reason": text}
    assert not {unicodedata.category(char) for char in document} & UNSAFE_CATEGORIES


# --- closed and failing streams ---------------------------------------------------------------


def test_closed_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", None)
    err = usage_error(capsys, "decode", "-")
    assert err == "wsclose: error: stdin is closed: give the payload as an argument\n"


def test_closed_stdout(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdout", None)
    assert main(["codes"]) == 3
    assert capsys.readouterr().err == "wsclose: error: stdout is closed\n"


def test_closed_stdout_and_stderr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    assert main(["codes"]) == 3


class Full(io.StringIO):
    """A stdout on a full disk."""

    def write(self, text: str) -> int:
        raise OSError(28, "No space left on device")


def test_failing_stdout(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdout", Full())
    assert main(["codes"]) == 3
    assert capsys.readouterr().err == (
        "wsclose: error: cannot write the output: No space left on device\n"
    )


def test_failing_flush(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    class Unflushable(io.StringIO):
        def flush(self) -> None:
            raise OSError("flush failed")

    monkeypatch.setattr(sys, "stdout", Unflushable())
    assert main(["encode", "1000"]) == 3
    assert capsys.readouterr().err == "wsclose: error: cannot write the output: flush failed\n"


def test_failing_stderr_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stderr", Full())
    assert main(["decode", "zz"]) == 2


# --- JSON consumers always get JSON ------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["decode", "--json", "zz"], "not a hex payload: 'zz'"),
        (["decode", "--json"], "the following arguments are required: PAYLOAD"),
        (["decode", "--json", "--nope", "03e8"], "unrecognized arguments: --nope"),
        (["code", "--json", "nope"], "not a close code: 'nope'"),
        (["encode", "--json", "1000", "--mask", "x"], "--mask needs --frame"),
        (["--json"], "the following arguments are required: COMMAND"),
    ],
)
def test_usage_errors_as_json(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.err == ""
    data = json.loads(captured.out)
    assert data == {
        "error": data["error"],
        "error_type": "UsageError",
        "reply_code": None,
        "reply_name": None,
    }
    assert message in data["error"]


def test_json_after_double_dash_is_a_reason(capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = run(capsys, "encode", "1000", "--", "--json")
    assert out == "03 e8 2d 2d 6a 73 6f 6e\n"
    err = usage_error(capsys, "code", "--", "--json")
    assert "not a close code: '--json'" in err
