"""What a hostile caller or peer can hand the codec: only documented errors come out.

Subclasses of str, int and bytes with their own methods, look-alikes (UserString,
objects with ``encode``, ``__index__``, ``__len__``, ``__buffer__``), odd buffers
and arbitrary objects from hypothesis.
"""

from __future__ import annotations

import collections
import ctypes
import sys
from typing import Any, Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wsclose import (
    Close,
    CloseCode,
    CloseCodeError,
    CloseFrameError,
    ClosingHandshake,
    HandshakeError,
    PayloadLengthError,
    ReasonEncodingError,
    ReasonLengthError,
    Role,
    WscloseError,
    decode,
    encode,
    truncate_reason,
)


class EvilStr(str):
    """A str whose own methods lie: only str's must be used."""

    def encode(self, encoding: str = "utf-8", errors: str = "strict") -> bytes:
        return b"\xff"

    def __len__(self) -> int:
        return 0

    def __bool__(self) -> bool:
        return False

    def __str__(self) -> str:
        return "lie"


class EvilInt(int):
    """An int whose hash, equality and conversions lie: its int value must be used."""

    def __hash__(self) -> int:
        return hash(1000)

    def __eq__(self, other: object) -> bool:
        return True

    def __index__(self) -> int:
        return 1000

    def __int__(self) -> int:
        return 1000


class EvilBytes(bytes):
    def __len__(self) -> int:
        return 2

    def __getitem__(self, index: object) -> int:  # type: ignore[override]
        return 3


class Encodes:
    def encode(self, *args: object) -> bytes:
        return b"bye"


class Indexes:
    def __index__(self) -> int:
        return 1000


class Sized:
    def __len__(self) -> int:
        return 0


class ArrayLike:
    """Like a numpy array: truth value and encode both refuse."""

    def __bool__(self) -> bool:
        raise ValueError("the truth value of an array is ambiguous")

    def __len__(self) -> int:
        raise ValueError("ambiguous")

    def encode(self) -> bytes:
        raise ValueError("no")


NOT_STR_REASONS = [
    collections.UserString("bye"),
    collections.UserString(""),
    Encodes(),
    Sized(),
    ArrayLike(),
    b"bye",
    bytearray(b""),
    ["b"],
    None,
]


@pytest.mark.parametrize("reason", NOT_STR_REASONS, ids=lambda reason: type(reason).__name__)
@pytest.mark.parametrize("code", [1000, CloseCode.AWAY, 4321, 4999, 1006, 2000, CloseCode.STATUS])
def test_encode_refuses_a_reason_that_is_not_a_str(code: int, reason: object) -> None:
    name = type(reason).__name__
    for _ in range(2):  # the first sight of a code must not change the answer
        with pytest.raises(TypeError, match=f"^close reason must be a str, not {name}$"):
            encode(code, reason)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match=f"^close reason must be a str, not {name}$"):
            encode(code, reason, [2000])  # type: ignore[arg-type]
        encode(code) if code not in (1006, 2000) else None


@pytest.mark.parametrize("code", [1000, 4322, CloseCode.AWAY])
def test_encode_uses_strs_own_encoder_for_a_subclass(code: int) -> None:
    head = int(code).to_bytes(2, "big")
    assert encode(code, EvilStr("bye")) == head + b"bye"
    assert encode(code, EvilStr("")) == head
    assert encode(code, EvilStr("bye"), [2000]) == head + b"bye"
    assert decode(encode(code, EvilStr("é"))) == (code, "é")
    with pytest.raises(ReasonLengthError):
        encode(code, EvilStr("x" * 124))
    with pytest.raises(ReasonEncodingError, match="at reason index 1"):
        encode(code, EvilStr("a\udc80"))
    with pytest.raises(ReasonEncodingError, match="at reason index 1"):
        encode(code, "a\udc80", [2000])
    with pytest.raises(ReasonLengthError, match="close reason of 3 bytes with code 1005"):
        encode(CloseCode.STATUS, EvilStr("bye"))
    assert encode(CloseCode.STATUS, EvilStr("")) == b""


def test_encode_takes_an_int_subclass_by_its_value() -> None:
    assert encode(EvilInt(4001), "x") == b"\x0f\xa1x"
    with pytest.raises(CloseCodeError) as info:
        encode(EvilInt(1006))
    assert type(info.value.code) is int
    assert info.value.code == 1006
    assert Close(EvilInt(4001)) == (CloseCode(4001), "")


def test_encode_of_code_1005_with_one_byte_says_byte() -> None:
    with pytest.raises(ReasonLengthError) as info:
        encode(1005, "x")
    assert str(info.value) == "close reason of 1 byte with code 1005: a reason needs a close code"


def test_encode_of_an_empty_str_that_is_not_the_shared_one() -> None:
    empty = "".join(["a"])[:0]
    assert encode(1000, empty) == b"\x03\xe8"


@pytest.mark.parametrize(
    "view",
    [
        memoryview((ctypes.c_uint8 * 0 * 2)()),  # numpy.zeros((2, 0), numpy.uint8)
        memoryview((ctypes.c_uint8 * 2 * 0)()),
        memoryview((ctypes.c_uint16 * 0 * 3)()),
        memoryview(bytearray(10))[::2][:0],
        memoryview(b"").cast("H"),
    ],
    ids=["2x0", "0x2", "uint16 3x0", "strided", "uint16"],
)
def test_an_empty_view_of_any_shape_is_an_empty_payload(view: memoryview) -> None:
    assert view.nbytes == 0
    assert decode(view) == (CloseCode.STATUS, "")


def test_a_large_strided_view_is_rejected_from_its_size() -> None:
    size = 50_000_000
    view = memoryview(bytearray(size))[::2]
    assert not view.c_contiguous
    with pytest.raises(PayloadLengthError) as info:
        decode(view)
    assert info.value.length == size // 2
    wide = memoryview(bytearray(400)).cast("I")[::2]
    with pytest.raises(PayloadLengthError, match="close payload of 200 bytes"):
        decode(wide)


def test_a_strided_view_of_125_bytes_is_read() -> None:
    view = memoryview(b"\x03\xe8" + b"a" * 123).cast("B")
    strided = memoryview(bytes(byte for pair in zip(view, view) for byte in pair))[::2]
    assert not strided.c_contiguous
    assert decode(strided) == (1000, "a" * 123)


def test_a_released_view_is_a_type_error() -> None:
    view = memoryview(b"\x03\xe8")
    view.release()
    with pytest.raises(TypeError, match=r"^close payload is a released memoryview$"):
        decode(view)


def test_a_bytes_subclass_is_read_as_its_bytes() -> None:
    assert decode(EvilBytes(b"\x0f\xa0bye")) == (4000, "bye")


def test_encoding_error_keeps_its_detail() -> None:
    with pytest.raises(ReasonEncodingError) as info:
        encode(1000, "\udc80")
    assert info.value.detail == "surrogates not allowed at reason index 0"


# --- arbitrary objects -------------------------------------------------------------------


def _view(data: bytes) -> memoryview:
    return memoryview(data)


#: Fresh hostile values: made anew for each example (some are used up or mutable).
FACTORIES: list[Callable[[], object]] = [
    lambda: EvilStr("bye"),
    lambda: EvilStr(""),
    lambda: EvilInt(4001),
    lambda: EvilInt(1006),
    lambda: EvilBytes(b"\x03\xe8x"),
    Encodes,
    Indexes,
    Sized,
    ArrayLike,
    lambda: collections.UserString("x"),
    lambda: memoryview(b"\x03\xe8x").cast("B", (1, 3)),
    lambda: memoryview((ctypes.c_uint8 * 0 * 2)()),
    lambda: memoryview(bytearray(300))[::2],
    lambda: True,
    lambda: 1000.0,
    lambda: float("nan"),
    lambda: 10**5000,
    lambda: -1,
    lambda: Role.SERVER,
    lambda: "server",
    lambda: iter([2000]),
    lambda: {2000},
    lambda: {1005},
    object,
]

hostile = st.one_of(
    st.from_type(type).flatmap(st.from_type),
    st.sampled_from(FACTORIES).map(lambda make: make()),
    st.integers(),
    st.text(),
    st.binary(max_size=200),
    st.builds(bytearray, st.binary(max_size=130)),
    st.binary(max_size=130).map(_view),
    st.lists(st.integers(), max_size=3),
)

#: What each public callable may raise for any arguments: its Raises section.
DOCUMENTED: dict[str, tuple[type[BaseException], ...]] = {
    "encode": (CloseFrameError, TypeError, ValueError),
    "decode": (CloseFrameError, TypeError, ValueError),
    "truncate_reason": (ReasonEncodingError, TypeError, ValueError),
    "Close": (TypeError, ValueError),
    "CloseCode": (TypeError, ValueError),
    "ClosingHandshake": (TypeError, ValueError),
    "send": (CloseFrameError, HandshakeError, TypeError),
    "receive": (HandshakeError, TypeError),
}


def _call(name: str, args: list[object]) -> object:
    calls: dict[str, Callable[..., object]] = {
        "encode": encode,
        "decode": decode,
        "truncate_reason": truncate_reason,
        "Close": Close,
        "CloseCode": CloseCode,
        "ClosingHandshake": ClosingHandshake,
    }
    return calls[name](*args)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(
        ["encode", "decode", "truncate_reason", "Close", "CloseCode", "ClosingHandshake"]
    ),
    args=st.lists(hostile, max_size=3),
)
def test_any_arguments_raise_only_what_is_documented(name: str, args: list[object]) -> None:
    error = _raised(lambda: _call(name, args))
    if error is not None:
        assert isinstance(error, DOCUMENTED[name]), repr(error)
        _check_message(error)


def _raised(call: Callable[[], object]) -> BaseException | None:
    """The exception ``call()`` raises, or None."""
    try:
        call()
    except Exception as err:  # what comes out is checked by the caller
        return err
    return None


def _check_message(error: BaseException) -> None:
    message = str(error)
    assert message
    if isinstance(error, WscloseError):
        assert type(error).__name__ not in message


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(
    code=st.one_of(st.integers(0, 70000), st.integers(3000, 4999).map(EvilInt), hostile),
    reason=st.one_of(st.text(max_size=60), st.text(max_size=60).map(EvilStr), hostile),
)
def test_what_encode_returns_always_decodes(code: Any, reason: Any) -> None:  # noqa: ANN401
    try:
        payload = encode(code, reason)
    except (CloseFrameError, TypeError, ValueError):
        return
    close = decode(payload)
    assert close.reason == str.__str__(reason)
    assert close.code == (int.__index__(code) if payload else CloseCode.STATUS)


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(
    role=st.sampled_from(list(Role)),
    steps=st.lists(
        st.tuples(st.sampled_from(["send", "receive", "lost", "tls"]), hostile, hostile), max_size=5
    ),
)
def test_a_handshake_given_anything_raises_only_what_is_documented(
    role: Role, steps: list[tuple[str, object, object]]
) -> None:
    handshake = ClosingHandshake(role)
    calls: dict[str, Callable[[object, object], object]] = {
        "send": handshake.send,  # type: ignore[dict-item]
        "receive": lambda payload, _: handshake.receive(payload),  # type: ignore[arg-type]
        "lost": lambda *_: handshake.transport_lost(),
        "tls": lambda *_: handshake.tls_failed(),
    }
    for method, first, second in steps:
        before = (handshake.state, handshake.sent, handshake.received, handshake.report)
        error = _raised(lambda: calls[method](first, second))  # noqa: B023
        if error is not None:
            assert isinstance(error, DOCUMENTED[method]), repr(error)
            _check_message(error)
            assert (handshake.state, handshake.sent, handshake.received, handshake.report) == before


@pytest.mark.parametrize("role", ["server", "srever", None, 0, Role, "Role.SERVER"])
def test_role_must_be_a_role(role: object) -> None:
    with pytest.raises(TypeError, match=r"^role must be Role\.CLIENT or Role\.SERVER, not "):
        ClosingHandshake(role)  # type: ignore[arg-type]


def test_role_error_names_the_value() -> None:
    with pytest.raises(TypeError, match=r"not 'server'$"):
        ClosingHandshake("server")  # type: ignore[arg-type]


def test_int_max_str_digits_is_never_hit() -> None:
    for value in (10**5000, -(10**5000)):
        with pytest.raises(CloseFrameError) as info:
            encode(value)
        assert "bit number" in str(info.value)
    assert sys.maxsize  # the module is imported for the limit elsewhere


def test_truncate_reason_measures_a_str_subclass_by_its_str() -> None:
    assert truncate_reason(EvilStr("héllo"), 3) == "hé"
    assert truncate_reason(EvilStr("abc"), 3) == "abc"


def test_handshake_keeps_what_went_on_the_wire() -> None:
    handshake = ClosingHandshake(Role.CLIENT)
    handshake.send(EvilInt(4001), EvilStr("bye"))
    assert handshake.sent == (4001, "bye")
    assert type(handshake.sent.reason) is str
    assert handshake.sent.code is CloseCode(4001)
