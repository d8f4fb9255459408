"""``allow=``: checked once where it is given, by decode, encode and ClosingHandshake."""

from __future__ import annotations

import re
from typing import Callable

import pytest

from wsclose import (
    Action,
    Close,
    CloseCode,
    CloseCodeError,
    ClosingHandshake,
    Role,
    State,
    decode,
    encode,
)
from wsclose import payload as payload_module

Use = Callable[[object], object]

# Each way to give ``allow``: a close payload of a reserved code may come or go.
USES: dict[str, Use] = {
    "decode": lambda allow: decode(b"\x03\xe8", allow),  # type: ignore[arg-type]
    "encode": lambda allow: encode(1000, "", allow),  # type: ignore[arg-type]
    "handshake": lambda allow: ClosingHandshake(Role.SERVER, allow),  # type: ignore[arg-type]
}


@pytest.mark.parametrize("value", [1004, 1016, 2000, 2999])
def test_allow_admits_reserved_codes(value: int) -> None:
    payload = value.to_bytes(2, "big") + b"new"
    for buffer in (payload, bytearray(payload), memoryview(payload)):
        assert decode(buffer, allow={value}) == (value, "new")
        assert decode(buffer[:2], allow=frozenset({value})) == (value, "")
    assert encode(value, "new", allow=[value]) == payload
    assert encode(value, allow=(value,)) == payload[:2]
    assert encode(value, "new", allow=range(value, value + 1)) == payload
    assert decode(payload, allow={value: "a dict's keys"}) == (value, "new")


@pytest.mark.parametrize("value", [1004, 2000])
def test_allow_is_not_remembered(value: int) -> None:
    payload = value.to_bytes(2, "big")
    decode(payload, allow={value})
    encode(value, allow={value})
    with pytest.raises(CloseCodeError):
        decode(payload)
    with pytest.raises(CloseCodeError):
        encode(value)


def test_allow_of_other_codes_is_harmless() -> None:
    assert decode(b"\x03\xe8", allow={2000}) == (1000, "")
    assert decode(b"\x0f\xa0", allow={2000}) == (4000, "")
    with pytest.raises(CloseCodeError):
        decode(b"\x07\xd1", allow={2000})


@pytest.mark.parametrize("use", USES)
@pytest.mark.parametrize(
    ("allow", "message"),
    [
        ({1005}, "allow= may hold only reserved codes (1004, 1016-2999), not 1005"),
        ({1006}, "allow= may hold only reserved codes (1004, 1016-2999), not 1006"),
        ([1015], "allow= may hold only reserved codes (1004, 1016-2999), not 1015"),
        ((999,), "allow= may hold only reserved codes (1004, 1016-2999), not 999"),
        ({5000}, "allow= may hold only reserved codes (1004, 1016-2999), not 5000"),
        ({1000}, "allow= may hold only reserved codes (1004, 1016-2999), not 1000"),
        ({4000}, "allow= may hold only reserved codes (1004, 1016-2999), not 4000"),
        ([-1], "allow= may hold only reserved codes (1004, 1016-2999), not -1"),
        ([10**5000], "allow= may hold only reserved codes (1004, 1016-2999), not a 16610-bit"),
    ],
)
def test_allow_of_a_code_that_is_not_reserved_is_refused_at_once(
    use: str, allow: object, message: str
) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(message)}") as info:
        USES[use](allow)
    assert type(info.value) is ValueError


@pytest.mark.parametrize("use", USES)
@pytest.mark.parametrize(
    ("allow", "message"),
    [
        (None, "allow= must be a collection of close codes, not NoneType"),
        (2000, "allow= must be a collection of close codes, not int"),
        ("2000", "allow= must be a collection of close codes, not str"),
        (b"\x07\xd0", "allow= must be a collection of close codes, not bytes"),
        (bytearray(b"\x07"), "allow= must be a collection of close codes, not bytearray"),
        (memoryview(b"\x07"), "allow= must be a collection of close codes, not memoryview"),
        ({2000.0}, "allow= must hold ints, not a float object"),
        ({True}, "allow= must hold ints, not True"),
        (["2000"], "allow= must hold ints, not '2000'"),
        ([None], "allow= must hold ints, not a NoneType object"),
    ],
)
def test_allow_of_the_wrong_type_is_refused_at_once(use: str, allow: object, message: str) -> None:
    with pytest.raises(TypeError) as info:
        USES[use](allow)
    assert str(info.value) == message


def test_an_iterator_is_read_once_and_kept() -> None:
    codes = iter([2000])
    handshake = ClosingHandshake(Role.SERVER, allow=codes)
    assert handshake.allow == frozenset({2000})
    assert handshake.receive(b"\x07\xd0") == Action(b"\x07\xd0", True, Close(2000))
    generated = (code for code in [1004, 2000])
    assert decode(b"\x07\xd0", allow=generated) == (2000, "")
    assert encode(1004, allow=iter([1004])) == b"\x03\xec"


def test_handshake_refuses_a_bad_allow_before_any_frame() -> None:
    with pytest.raises(ValueError, match="not 1005"):
        ClosingHandshake(Role.SERVER, allow={1005})
    handshake = ClosingHandshake(Role.SERVER)
    assert handshake.receive(b"\x03\xed").send is not None  # 1005 answered with 1002
    assert handshake.state is State.CLOSED


def test_int_subclass_in_allow_counts_by_its_value() -> None:
    class Liar(int):
        def __hash__(self) -> int:
            return hash(1005)

        def __eq__(self, other: object) -> bool:
            return True

    assert decode(b"\x07\xd0", allow=[Liar(2000)]) == (2000, "")
    with pytest.raises(CloseCodeError):
        decode(b"\x03\xed", allow=[Liar(2000)])


def test_handshake_checks_allow_once(monkeypatch: pytest.MonkeyPatch) -> None:
    handshake = ClosingHandshake(Role.SERVER, allow=[2000])
    calls = []
    original = payload_module._check_allow

    def counting(allow: object) -> frozenset[int]:
        calls.append(allow)
        return original(allow)

    monkeypatch.setattr(payload_module, "_check_allow", counting)
    handshake.receive(b"\x07\xd0")
    assert all(type(allow) is payload_module._Allowed for allow in calls)
    assert handshake.sent == Close(2000)
    assert handshake.allow == {2000}
    assert handshake.role is Role.SERVER


def test_the_default_allow_is_not_checked_again(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(allow: object) -> frozenset[int]:
        raise AssertionError(allow)

    monkeypatch.setattr(payload_module, "_check_allow", refuse)
    assert decode(b"\x03\xe8") == (1000, "")
    assert decode(memoryview(b"\x03\xe8x"), ()) == (1000, "x")
    assert encode(1000, "x") == b"\x03\xe8x"
    assert encode(CloseCode.NORMAL, "", ()) == b"\x03\xe8"
    with pytest.raises(AssertionError):
        decode(b"\x03\xe8", [2000])


def _result(code: int, reason: str, *allow: object) -> object:
    """What encode gives: the payload, or the error's type, data and message."""
    try:
        return encode(code, reason, *allow)  # type: ignore[arg-type]
    except (CloseCodeError, ValueError) as err:
        return type(err), err.args, str(err)


@pytest.mark.parametrize("code", [1000, 1005, 1006, 4000, 4998, 999])
@pytest.mark.parametrize("reason", ["", "x", "é" * 61, "x" * 123, "x" * 124, "é" * 62, "a\udc80"])
def test_encode_with_allow_gives_what_encode_without_gives(code: int, reason: str) -> None:
    assert _result(code, reason, [2000]) == _result(code, reason)
    assert _result(code, reason, ()) == _result(code, reason)
