from __future__ import annotations

import pickle

import pytest

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
