"""Every public callable, given anything: only its documented errors come out.

tests/test_hostile_input.py covers the payload codec and the handshake; this file
covers the rest of ``wsclose.__all__`` (whole frames, reconnect advice, code sets,
the enums and the error classes) and checks that no export is left out of either.
"""

from __future__ import annotations

import ctypes
import math
import os
import random
import tempfile
from pathlib import Path
from typing import Any, Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import wsclose
from tests.test_hostile_input import (
    DOCUMENTED as PAYLOAD_DOCUMENTED,
)
from tests.test_hostile_input import (
    EvilBytes,
    EvilInt,
    EvilStr,
    hostile,
)
from wsclose import (
    Advice,
    Close,
    CloseCode,
    CloseCodeError,
    CloseFrame,
    CloseFrameError,
    CodeCategory,
    CodeDefinition,
    CodeSet,
    CodeSetError,
    FrameError,
    HandshakeError,
    PayloadLengthError,
    ReasonEncodingError,
    ReasonLengthError,
    Reconnect,
    Role,
    State,
    WscloseError,
    advise,
    decode_frame,
    encode_frame,
    next_delay,
    parse_code_set,
)


class EvilFloat(float):
    """A float whose conversions lie: its float value must be used, or it is refused."""

    def __float__(self) -> float:
        return 1.0

    def __lt__(self, other: object) -> bool:
        return True


class Buffer:
    """An object with ``__buffer__`` (PEP 688): not a bytes type the codec takes."""

    def __buffer__(self, flags: int) -> memoryview:
        return memoryview(b"\x88\x02\x03\xe8")


class Random:
    """An rng whose ``random()`` is outside [0, 1)."""

    def __init__(self, value: float) -> None:
        self.value = value

    def random(self) -> float:
        return self.value


def _view(data: bytes) -> memoryview:
    return memoryview(data)


#: Where the files of arbitrary bytes go: removed when the tests end.
SCRATCH = tempfile.TemporaryDirectory(prefix="wsclose-hostile-")


def _path(data: bytes) -> Path:
    """A temporary file holding ``data``."""
    handle, name = tempfile.mkstemp(suffix=".json", dir=SCRATCH.name)
    with os.fdopen(handle, "wb") as file:
        file.write(data)
    return Path(name)


#: More hostile values for the frame, advice and code-set APIs.
MORE: list[Callable[[], object]] = [
    lambda: EvilFloat(0.5),
    lambda: float("inf"),
    lambda: float("-inf"),
    lambda: -0.0,
    lambda: 1e308,
    lambda: 10**400,
    Buffer,
    lambda: Random(1.5),
    lambda: Random(float("nan")),
    lambda: random.Random(1),
    lambda: memoryview(b"\x88\x82\x00\x00\x00\x00\x03\xe8").cast("B", (2, 4)),
    lambda: memoryview(bytearray(400))[::2],
    lambda: memoryview((ctypes.c_uint16 * 3 * 100)())[::3],
    lambda: memoryview(b"\x88\x02\x03\xe8").cast("H"),
    lambda: b"\x37\xfa\x21\x3d",
    lambda: bytearray(b"\x37\xfa\x21"),
    lambda: EvilBytes(b"\x37\xfa\x21\x3d"),
    lambda: Close(1000, "bye"),
    lambda: advise(1012),
    lambda: Reconnect.RESTART,
    lambda: "restart",
    lambda: (4000, "Kicked", "Removed.", "never"),
    lambda: [(4000, "Kicked", "Removed.", "never")],
    lambda: [(4000, "Kicked", "Removed.", "never")] * 2,
    lambda: iter([(4000, "Kicked", "Removed.", "never")]),
    lambda: wsclose.GRAPHQL_TRANSPORT_WS,
    lambda: "graphql-transport-ws",
    lambda: '{"name": "x", "codes": []}',
    lambda: "[" * 100 + "]" * 100,
    lambda: _path(b'{"name": "x", "codes": []}'),
    lambda: _path(b"\xff\xfe"),
    lambda: Path("/nonexistent/wsclose"),
    lambda: Path("/"),
    lambda: (1.0, 0.5),
    lambda: (float("nan"), 1.0),
    lambda: (1, 2, 3),
]

anything = st.one_of(
    hostile,
    st.sampled_from(MORE).map(lambda make: make()),
    st.floats(),
    st.binary(max_size=140).map(_path),
)

#: What each public callable may raise for any arguments, from its docstring.
TABLE: dict[str, tuple[type[BaseException], ...]] = {
    "encode_frame": (CloseFrameError, TypeError, ValueError),
    "decode_frame": (CloseFrameError, TypeError, ValueError),
    "CloseFrame": (TypeError, ValueError),
    "advise": (TypeError, ValueError),
    "next_delay": (TypeError, ValueError),
    "Advice": (TypeError, ValueError),
    "CodeSet": (CodeSetError, TypeError),
    "CodeDefinition": (CodeSetError, TypeError),
    "parse_code_set": (CodeSetError, TypeError),
    "load_code_set": (CodeSetError, TypeError),
    "Action": (TypeError, ValueError),
    "CodeCategory": (TypeError, ValueError),
    "Reconnect": (TypeError, ValueError),
    "Role": (TypeError, ValueError),
    "State": (TypeError, ValueError),
}
#: The error classes: any arguments build one (its data stays in ``args``), which prints.
ERRORS: list[type[WscloseError]] = [
    WscloseError,
    CloseFrameError,
    CloseCodeError,
    PayloadLengthError,
    ReasonLengthError,
    ReasonEncodingError,
    FrameError,
    HandshakeError,
    CodeSetError,
]
#: The handshake's methods are covered by test_hostile_input through ClosingHandshake.
COVERED = set(TABLE) | set(PAYLOAD_DOCUMENTED) | {error.__name__ for error in ERRORS}


def test_every_public_callable_is_in_a_hostile_table() -> None:
    public = {name for name in wsclose.__all__ if callable(getattr(wsclose, name))}
    assert public - COVERED == set()
    assert COVERED - {"send", "receive"} <= public


def test_every_public_error_class_is_in_the_error_table() -> None:
    exported = [getattr(wsclose, name) for name in wsclose.__all__]
    errors = {
        value for value in exported if isinstance(value, type) and issubclass(value, Exception)
    }
    assert errors == set(ERRORS)


def _raised(call: Callable[[], object]) -> BaseException | None:
    try:
        call()
    except Exception as err:  # what comes out is checked by the caller
        return err
    return None


def _check(name: str, args: list[object]) -> object:
    """Call ``name`` with ``args``; fail if anything undocumented comes out."""
    result: list[object] = []
    error = _raised(lambda: result.append(getattr(wsclose, name)(*args)))
    if error is not None:
        assert isinstance(error, TABLE[name]), f"{name}{tuple(args)!r}: {error!r}"
        message = str(error)
        assert message
        if isinstance(error, WscloseError):
            assert type(error).__name__ not in message
        return None
    return result[0]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(name=st.sampled_from(sorted(TABLE)), args=st.lists(anything, max_size=4))
def test_any_arguments_raise_only_what_is_documented(name: str, args: list[object]) -> None:
    _check(name, args)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(error=st.sampled_from(ERRORS), args=st.lists(anything, max_size=4))
def test_an_error_built_from_anything_prints(error: type[WscloseError], args: list[object]) -> None:
    try:
        value = error(*args)
    except TypeError:  # the wrong number of arguments for a subclass's __init__
        return
    assert value.args == tuple(args)
    message = str(value)
    assert isinstance(message, str)
    assert error.__name__ not in message or error.__name__ in repr(args)
    if isinstance(value, CloseFrameError):
        assert value.reply_code in {CloseCode.PROTOCOL, CloseCode.INVALID}


# --- what encodes decodes back -------------------------------------------------------------

codes = st.one_of(st.integers(0, 70000), st.integers(3000, 4999).map(EvilInt), anything)
reasons = st.one_of(st.text(max_size=60), st.text(max_size=60).map(EvilStr), anything)
masks = st.one_of(
    st.none(),
    st.booleans(),
    st.binary(min_size=4, max_size=4),
    st.binary(min_size=4, max_size=4).map(bytearray),
    st.binary(min_size=4, max_size=4).map(_view),
    anything,
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(code=codes, reason=reasons, mask=masks)
def test_what_encode_frame_returns_always_decodes_back(
    code: Any,  # noqa: ANN401
    reason: Any,  # noqa: ANN401
    mask: Any,  # noqa: ANN401
) -> None:
    try:
        frame = encode_frame(code, reason, mask)
    except (CloseFrameError, TypeError, ValueError):
        return
    decoded = decode_frame(frame)
    assert decoded.masked == (mask is not None and mask is not False)
    if isinstance(mask, (bytes, bytearray, memoryview)):
        assert decoded.key == bytes(mask)
    assert decoded.reason == str.__str__(reason)
    empty = len(frame) in {2, 6}
    assert decoded.code == (CloseCode.STATUS if empty else int.__index__(code))
    assert decode_frame(bytearray(frame)) == decoded
    assert decode_frame(memoryview(frame)) == decoded


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(data=st.binary(max_size=140))
def test_what_decode_frame_returns_encodes_back(data: bytes) -> None:
    error = _raised(lambda: decode_frame(data))
    if error is not None:
        assert isinstance(error, CloseFrameError), repr(error)
        assert error.reply_code in {CloseCode.PROTOCOL, CloseCode.INVALID}
        return
    frame = decode_frame(data)
    assert encode_frame(frame.code, frame.reason, frame.key) == data
    assert CloseFrame(frame.close, frame.key) == frame


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(close=st.one_of(st.integers(-10, 70000), st.builds(Close, st.integers(1000, 4999))))
def test_advice_is_always_for_the_code_it_was_given(close: Any) -> None:  # noqa: ANN401
    advice = _check("advise", [close])
    if advice is None:
        return
    assert isinstance(advice, Advice)
    assert advice.code == (close[0] if isinstance(close, Close) else close)
    assert Advice(*advice) == advice


@pytest.mark.parametrize(
    "delay",
    [float("nan"), float("inf"), float("-inf"), 10**400, True, "1", None],
    ids=repr,
)
@pytest.mark.parametrize("knob", ["base", "factor", "cap"])
def test_a_delay_knob_that_is_not_a_finite_number_is_refused(knob: str, delay: object) -> None:
    with pytest.raises((TypeError, ValueError), match=f"^{knob} must be "):
        next_delay(Reconnect.BACKOFF, 0, random.Random(1), **{knob: delay})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "restart",
    [(float("nan"), 1.0), (1.0, float("inf")), (2.0, 1.0), (-1.0, 1.0), (1,), "ab", None],
    ids=repr,
)
def test_a_restart_range_that_is_not_finite_and_ordered_is_refused(restart: object) -> None:
    with pytest.raises((TypeError, ValueError), match="must be"):
        next_delay(Reconnect.RESTART, 0, random.Random(1), restart=restart)  # type: ignore[arg-type]


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    kind=st.sampled_from(list(Reconnect)),
    attempt=st.one_of(st.integers(0, 10**6), st.just(10**400)),
    draw=st.floats(0.0, 1.0, exclude_max=True),
)
def test_a_delay_is_finite_and_within_its_bounds(
    kind: Reconnect, attempt: int, draw: float
) -> None:
    delay = next_delay(kind, attempt, Random(draw))
    if kind not in {Reconnect.BACKOFF, Reconnect.RESTART, Reconnect.OTHER_HOST}:
        assert delay is None
        return
    assert delay is not None
    assert math.isfinite(delay)
    assert 0 <= delay <= max(wsclose.BACKOFF_CAP, wsclose.RESTART_MAX_DELAY)


@pytest.mark.parametrize("knob", ["base", "factor", "cap"])
def test_a_float_subclass_is_taken_by_its_float_value(knob: str) -> None:
    plain = next_delay(Reconnect.BACKOFF, 1, Random(0.5), **{knob: 1.5})  # type: ignore[arg-type]
    evil = next_delay(Reconnect.BACKOFF, 1, Random(0.5), **{knob: EvilFloat(1.5)})  # type: ignore[arg-type]
    assert evil == plain
    low = next_delay(Reconnect.RESTART, 0, Random(0.0), restart=(EvilFloat(2.5), 3.0))
    assert low == 2.5


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(data=st.binary(max_size=200))
def test_a_file_of_any_bytes_loads_or_is_a_code_set_error(data: bytes) -> None:
    path = _path(data)
    try:
        for name in (path, str(path)):
            loaded = _check("load_code_set", [name])
            if loaded is not None:
                assert isinstance(loaded, CodeSet)
                assert parse_code_set(data.decode("utf-8")).name == loaded.name
    finally:
        path.unlink()


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    code=st.one_of(st.integers(2990, 5010), st.integers(3000, 4999).map(EvilInt), anything),
    name=st.one_of(st.from_regex(r"\A[A-Za-z_][A-Za-z0-9_]{0,10}\Z"), st.text(max_size=5)),
    description=st.one_of(st.text(max_size=20), st.text(max_size=5).map(EvilStr), anything),
    reconnect=st.one_of(st.sampled_from(list(Reconnect)), st.sampled_from(["never", "now"])),
)
def test_a_definition_that_builds_round_trips_through_a_code_set(
    code: Any,  # noqa: ANN401
    name: Any,  # noqa: ANN401
    description: Any,  # noqa: ANN401
    reconnect: Any,  # noqa: ANN401
) -> None:
    definition = _check("CodeDefinition", [code, name, description, reconnect])
    if definition is None:
        return
    assert isinstance(definition, CodeDefinition)
    assert type(definition.name) is str
    assert type(definition.description) is str
    codes = CodeSet("app", [definition])
    assert codes.get(int(definition.code)) == definition
    assert advise(definition.code, codes).kind is definition.reconnect


def test_enums_refuse_what_they_do_not_hold() -> None:
    values: list[object] = [None, [], "nope", 10**400, float("nan")]
    for enum in (CodeCategory, Reconnect, Role, State):
        for value in values:
            with pytest.raises(ValueError, match="is not a valid"):
                enum(value)


def test_a_definition_takes_an_int_subclass_by_its_value() -> None:
    # Found by hypothesis: EvilInt(1006) passed the range check by its lying __eq__.
    definition = CodeDefinition(EvilInt(4000), "A", "", "never")
    assert type(definition.code) is CloseCode
    assert int(definition.code) == 4000
    with pytest.raises(CodeSetError, match="must be in 3000-4999"):
        CodeDefinition(EvilInt(1006), "A", "", "never")
