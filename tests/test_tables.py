"""The precomputed tables behind decode and encode say what the rules say."""

from __future__ import annotations

import pytest

from wsclose import Close, CloseCode, decode, encode, payload


def test_tables_hold_sendable_codes_only() -> None:
    for high, row in enumerate(payload._CODES):
        for low, code in enumerate(row):
            value = high << 8 | low
            bare = payload._ROWS[high][low]
            if code is None:
                assert bare is None
                continue
            assert code is CloseCode(value)
            assert code.is_sendable
            assert bare == Close(value)
            assert payload._HEADS[value] == value.to_bytes(2, "big")


def test_tables_start_with_the_named_sendable_codes() -> None:
    for code in CloseCode:
        if code.is_sendable:
            assert payload._CODES[code >> 8][code & 0xFF] is code
    assert payload._HEADS[CloseCode.STATUS] == b""


@pytest.mark.usefixtures("fresh_tables")
@pytest.mark.parametrize("value", [3000, 3456, 4095, 4999])
def test_codes_are_added_as_first_seen(value: int) -> None:
    head = value.to_bytes(2, "big")
    assert decode(head + b"x") == (value, "x")
    assert payload._CODES[value >> 8][value & 0xFF] is CloseCode(value)
    assert payload._ROWS[value >> 8][value & 0xFF] == Close(value)
    assert {CloseCode.STATUS: b"", value: head} == payload._HEADS
    assert sum(code is not None for row in payload._CODES for code in row) == 1
    assert decode(head) is payload._ROWS[value >> 8][value & 0xFF]


@pytest.mark.usefixtures("fresh_tables")
def test_encode_adds_codes_too() -> None:
    assert encode(4321, "x") == b"\x10\xe1x"
    assert payload._HEADS[4321] == b"\x10\xe1"
    assert payload._CODES[4321 >> 8][4321 & 0xFF] is CloseCode(4321)


@pytest.mark.usefixtures("fresh_tables")
def test_allowed_codes_are_not_added() -> None:
    assert decode(b"\x07\xd0", allow={2000}) == (2000, "")
    assert encode(2000, allow={2000}) == b"\x07\xd0"
    assert payload._HEADS == {CloseCode.STATUS: b""}
    assert all(code is None for row in payload._CODES for code in row)
