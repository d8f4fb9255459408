"""Reading captures: hex and every dump format, from fixtures the real tools printed."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.captures.make_captures import PAYLOADS, TOOLS, wireshark
from wsclose._capture import CaptureError, clip, parse_base64, parse_hex

CAPTURES = Path(__file__).parent / "captures"
FORMATS = [*TOOLS, "wireshark", "wireshark-ascii", "wireshark-stream"]
#: Inline forms: plain hex as people type it.
FORMS: dict[str, Callable[[bytes], str]] = {
    "hex": bytes.hex,
    "spaced": lambda data: data.hex(" "),
    "colons": lambda data: data.hex(":"),
    "dashes": lambda data: data.hex("-"),
    "upper": lambda data: data.hex(" ").upper(),
    "0x-each": lambda data: " ".join(f"0x{byte:02x}" for byte in data),
    "0x-once": lambda data: "0x" + data.hex(),
    "c-array": lambda data: ", ".join(f"0x{byte:02X}" for byte in data),
}
#: od without offsets cannot say how many lines its "*" left out.
LOSSY = {("repeat", "od-An")}


@pytest.mark.parametrize("name", list(PAYLOADS))
@pytest.mark.parametrize("form", FORMATS)
def test_fixture(name: str, form: str) -> None:
    text = (CAPTURES / f"{name}.{form}").read_text(encoding="ascii")
    if (name, form) in LOSSY:
        with pytest.raises(CaptureError, match=r"repeated lines \('\*'\)"):
            parse_hex(text)
    else:
        assert parse_hex(text) == PAYLOADS[name]


@pytest.mark.parametrize("name", list(PAYLOADS))
@pytest.mark.parametrize("form", list(FORMS))
def test_typed_hex(name: str, form: str) -> None:
    assert parse_hex(FORMS[form](PAYLOADS[name])) == PAYLOADS[name]


@given(st.binary(max_size=300), st.booleans())
def test_any_bytes_through_the_wireshark_layout(data: bytes, ascii_column: bool) -> None:
    assert parse_hex(wireshark(data, ascii_column=ascii_column)) == data


@given(st.binary(max_size=300), st.sampled_from(list(FORMS)))
def test_any_bytes_as_typed_hex(data: bytes, form: str) -> None:
    assert parse_hex(FORMS[form](data)) == data


def test_fixtures_are_what_the_generator_writes() -> None:
    for name, data in PAYLOADS.items():
        dump = (CAPTURES / f"{name}.wireshark-ascii").read_text(encoding="ascii")
        assert dump == wireshark(data, ascii_column=True)


@pytest.mark.parametrize(
    "text",
    [
        "00000000: 6162 6364 6566 3132  abcdef12",
        "00000000  61 62 63 64 65 66 31 32                           |abcdef12|\n00000008",
        "0000000 61 62 63 64 65 66 31 32  >abcdef12<\n0000010",
        "0000   61 62 63 64 65 66 31 32                           abcdef12",
        "0000   61 62 63 64 65 66 31 32   abcdef12",
    ],
    ids=["xxd", "hexdump -C", "od -z", "wireshark (padded)", "wireshark"],
)
def test_an_ascii_column_of_hex_digits_is_not_data(text: str) -> None:
    assert parse_hex(text) == b"abcdef12"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", b""),
        ("  \n", b""),
        ("0000", b"\x00\x00"),  # a bare offset-like token is hex, not an empty dump
        ("03e8 6279 65", b"\x03\xe8bye"),  # xxd's groups without offsets
        ("00000010: 6279 65  bye", b"bye"),  # a dump cut from the middle
        ("00000010  62 79 65                                |bye|", b"bye"),
        ("0000   03 e8\n\n0002   62 79 65", b"\x03\xe8bye"),  # blank lines are skipped
    ],
)
def test_edge_forms(text: str, expected: bytes) -> None:
    assert parse_hex(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("zz", "not a hex payload: 'zz'"),
        ("3e8", "not a hex payload: '3e8'"),
        ("0000   03 e8\n62 79", "line 2 of the dump has no offset: '62 79'"),
        ("0000   03 e8\n0003   62", "the dump's offsets do not match its bytes"),
        ("0000   61\n0009   62", "the dump's offsets do not match its bytes"),
        ("0000   61 62\n*", "the dump's offsets do not match its bytes"),
        ("0000   61 62\n*\n0003   61", "the dump's offsets do not match its bytes"),
        ("0000   61 zz", "not a hex payload: '0000   61 zz'"),
        ("03 e8\n*", "repeated lines ('*')"),
    ],
)
def test_bad_text(text: str, message: str) -> None:
    with pytest.raises(CaptureError) as info:
        parse_hex(text)
    assert message in str(info.value)
    assert isinstance(info.value, ValueError)


def test_base64() -> None:
    assert parse_base64("A+hi\neWU=") == b"\x03\xe8bye"
    with pytest.raises(CaptureError, match="not a base64 payload: '!!!!'"):
        parse_base64("!!!!")


def test_clip_and_bare_error() -> None:
    assert clip("x" * 40) == "x" * 40
    assert clip("x" * 41) == "x" * 37 + "..."
    assert clip("abcdef", 5) == "ab..."
    assert str(CaptureError()) == "not a capture"
