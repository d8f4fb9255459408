from __future__ import annotations

import pickle
import sys
from typing import NoReturn

import pytest
from hypothesis import given
from hypothesis import strategies as st

import wsclose
from wsclose import (
    CloseCode,
    CloseCodeError,
    CloseFrameError,
    PayloadLengthError,
    ReasonEncodingError,
    ReasonLengthError,
)

ERRORS = [
    (PayloadLengthError(1), CloseCode.PROTOCOL, {"length": 1}),
    (PayloadLengthError(126), CloseCode.PROTOCOL, {"length": 126}),
    (ReasonLengthError(200, 123), CloseCode.PROTOCOL, {"length": 200, "limit": 123}),
    (ReasonLengthError(3, 0), CloseCode.PROTOCOL, {"length": 3, "limit": 0}),
    (CloseCodeError(1005), CloseCode.PROTOCOL, {"code": 1005}),
    (CloseCodeError(70000), CloseCode.PROTOCOL, {"code": 70000}),
    (ReasonEncodingError("invalid start byte ff", 2, 3), CloseCode.INVALID, {"start": 2, "end": 3}),
]


@pytest.mark.parametrize(("error", "reply", "data"), ERRORS)
def test_error_carries_its_data(
    error: CloseFrameError, reply: CloseCode, data: dict[str, int]
) -> None:
    assert isinstance(error, CloseFrameError)
    assert isinstance(error, ValueError)
    assert error.reply_code is reply
    for name, value in data.items():
        assert getattr(error, name) == value


@pytest.mark.parametrize(("error", "reply", "data"), ERRORS)
def test_error_pickles(error: CloseFrameError, reply: CloseCode, data: dict[str, int]) -> None:
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error)
    assert str(again) == str(error)
    for name, value in data.items():
        assert getattr(again, name) == value


@pytest.mark.parametrize(("error", "reply", "data"), ERRORS)
def test_message_does_not_repeat_class_name(
    error: CloseFrameError, reply: CloseCode, data: dict[str, int]
) -> None:
    assert type(error).__name__ not in str(error)
    assert str(error).startswith("close ")


def test_base_error_pickles() -> None:
    again = pickle.loads(pickle.dumps(CloseFrameError("close frame is bad")))
    assert str(again) == "close frame is bad"
    assert again.reply_code is CloseCode.PROTOCOL


def test_every_error_is_exported() -> None:
    errors = {
        name
        for name in wsclose.__all__
        if isinstance(getattr(wsclose, name), type)
        and issubclass(getattr(wsclose, name), Exception)
    }
    assert errors == {
        "WscloseError",
        "CloseFrameError",
        "PayloadLengthError",
        "ReasonLengthError",
        "CloseCodeError",
        "ReasonEncodingError",
        "HandshakeError",
        "CodeSetError",
        "FrameError",
    }


@pytest.mark.parametrize(
    ("code", "why"),
    [
        (0, "it is outside 1000-4999"),
        (65535, "it is outside 1000-4999"),
        (-1, "it does not fit in 16 bits"),
        (65536, "it does not fit in 16 bits"),
        (1004, "it is reserved"),
        (1000, "it is not allowed here"),
    ],
)
def test_close_code_error_says_why(code: int, why: str) -> None:
    assert str(CloseCodeError(code)).startswith(
        f"close code {code} may not be sent on the wire: {why}"
    )


def test_one_base_for_every_error() -> None:
    for name in wsclose.__all__:
        value = getattr(wsclose, name)
        if isinstance(value, type) and issubclass(value, BaseException):
            assert issubclass(value, wsclose.WscloseError), name
    assert not issubclass(wsclose.WscloseError, ValueError)


ERROR_CLASSES = [
    value
    for value in vars(wsclose).values()
    if isinstance(value, type) and issubclass(value, wsclose.WscloseError)
]


@pytest.mark.parametrize(
    ("error_class", "args", "message"),
    [
        (CloseCodeError, (10**5000,), "close code a 16610-bit number may not be sent on the wire"),
        (CloseCodeError, (-(10**5000),), "close code a negative 16610-bit number may not be sent"),
        (CloseCodeError, (1 << 1024,), "close code a 1025-bit number may not"),
        (CloseCodeError, ((1 << 1024) - 1,), f"close code {(1 << 1024) - 1} may not"),
        (
            PayloadLengthError,
            (10**5000,),
            "close payload of a 16610-bit number of bytes: the limit",
        ),
        (
            ReasonLengthError,
            (10**5000, 123),
            "close reason of a 16610-bit number of bytes in UTF-8",
        ),
        (ReasonLengthError, (124,), "close reason too long to send (124)"),
        (ReasonLengthError, (), "close reason too long to send"),
        (ReasonLengthError, (1, 2, 3), "close reason too long to send (1, 2, 3)"),
        (PayloadLengthError, (), "close payload of a length that may not be sent"),
        (PayloadLengthError, ("126",), "close payload of a length that may not be sent ('126')"),
        (CloseCodeError, (), "close code that may not be sent"),
        (CloseCodeError, (1000.5,), "close code that may not be sent (a float object)"),
        (ReasonEncodingError, ("bad",), "close reason is not valid UTF-8 ('bad')"),
        (
            ReasonEncodingError,
            (b"x", 1, 2),
            "close reason is not valid UTF-8 (a bytes object, 1, 2)",
        ),
        (CloseFrameError, (), "close frame error"),
        (CloseFrameError, ("x" * 100,), "x" * 100),
        (CloseFrameError, (1, 2), "close frame error (1, 2)"),
        (wsclose.WscloseError, (None,), "wsclose error (a NoneType object)"),
        (wsclose.WscloseError, (False, True), "wsclose error (False, True)"),
        (wsclose.HandshakeError, ("closed", "send"), "closing handshake called out of turn"),
    ],
)
def test_error_with_odd_arguments_still_prints(
    error_class: type[Exception], args: tuple[object, ...], message: str
) -> None:
    assert str(error_class(*args)).startswith(message)


def test_long_str_argument_is_cut_in_the_fallback() -> None:
    assert str(CloseFrameError("y" * 100, 1)) == f"close frame error ('{'y' * 60}...', 1)"


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (PayloadLengthError(1), "close payload of 1 byte: a code needs 2"),
        (PayloadLengthError(126), "close payload of 126 bytes: the limit is 125"),
        (
            ReasonLengthError(1, 0),
            "close reason of 1 byte with code 1005: a reason needs a close code",
        ),
        (
            ReasonLengthError(2, 0),
            "close reason of 2 bytes with code 1005: a reason needs a close code",
        ),
        (ReasonLengthError(1, 123), "close reason of 1 byte in UTF-8: the limit is 123"),
        (ReasonLengthError(124, 123), "close reason of 124 bytes in UTF-8: the limit is 123"),
    ],
)
def test_counts_agree_in_number(error: Exception, message: str) -> None:
    assert str(error) == message


def test_huge_int_prints_under_a_low_digit_limit() -> None:
    limit = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else 0
    if not limit:
        pytest.skip("no int-to-str digit limit on this Python")
    sys.set_int_max_str_digits(640)
    try:
        assert str(CloseCodeError(10**700)).startswith("close code a 2326-bit number")
        assert str(CloseCodeError(10**300)) == (
            f"close code {10**300} may not be sent on the wire: it does not fit in 16 bits"
        )
    finally:
        sys.set_int_max_str_digits(limit)


class Hostile:
    """Raises from every method a message could call."""

    def _fail(self, *args: object) -> NoReturn:
        raise RuntimeError("hostile")

    __str__ = __repr__ = __format__ = __eq__ = __lt__ = __index__ = __int__ = _fail
    __bool__ = __len__ = __hash__ = __iter__ = _fail


class HostileInt(int):
    __str__ = __repr__ = __format__ = __eq__ = __lt__ = __index__ = Hostile._fail


class HostileStr(str):
    __str__ = __repr__ = __format__ = __len__ = __getitem__ = Hostile._fail


any_arg = st.one_of(
    st.integers(),
    st.integers(min_value=10**4000, max_value=10**6000),
    st.text(),
    st.binary(),
    st.none(),
    st.floats(),
    st.booleans(),
    st.sampled_from(list(wsclose.State)),
    st.builds(Hostile),
    st.integers().map(HostileInt),
    st.text().map(HostileStr),
    st.from_type(type).flatmap(st.from_type),
)


@given(error_class=st.sampled_from(ERROR_CLASSES), args=st.lists(any_arg, max_size=4))
def test_every_error_prints_whatever_its_arguments(
    error_class: type[Exception], args: list[object]
) -> None:
    error = error_class(*args)
    message = str(error)
    assert isinstance(message, str)
    # the name may come from the arguments themselves (a str that spells it), never from the class
    assert error_class.__name__ not in message or error_class.__name__ in repr(args)
