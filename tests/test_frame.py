"""Whole close frames: encode_frame, decode_frame, CloseFrame, FrameError (RFC 6455 §5.2-§5.5)."""

from __future__ import annotations

import array
import os
import pickle
import tracemalloc
from typing import Callable, Union

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from websockets.exceptions import ProtocolError
from websockets.frames import Close as WebsocketsClose
from websockets.frames import Frame, Opcode
from websockets.streams import StreamReader

from tests import reference
from tests.cases import INVALID
from wsclose import (
    MAX_REASON_SIZE,
    Close,
    CloseCode,
    CloseCodeError,
    CloseFrame,
    CloseFrameError,
    FrameError,
    PayloadLengthError,
    ReasonEncodingError,
    ReasonLengthError,
    decode,
    decode_frame,
    encode,
    encode_frame,
)

Key = Union[bytes, None]
Mask = Union[bytes, bytearray, memoryview, bool, None]
#: The masking key of RFC 6455 §5.7's examples.
RFC_KEY = bytes.fromhex("37fa213d")

sendable_codes = st.one_of(
    st.sampled_from([code for code in CloseCode if code.is_sendable]),
    st.integers(3000, 4999),
)
fitting_reasons = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"]), max_size=MAX_REASON_SIZE
).filter(lambda reason: len(reason.encode()) <= MAX_REASON_SIZE)
keys = st.one_of(st.none(), st.binary(min_size=4, max_size=4))


def outcome(data: object) -> object:
    """What decode_frame gave, in the terms of reference.decode_frame."""
    try:
        frame = decode_frame(data)  # type: ignore[arg-type]
    except FrameError as err:
        return f"FrameError {err.fault}"
    except CloseFrameError as err:
        return type(err).__name__
    return (int(frame.code), frame.reason), frame.key


def websockets_parse(data: bytes, *, masked: bool) -> tuple[int, str]:
    """websockets' Frame.parse and Close.parse on one whole frame, fed as its connections do."""
    reader = StreamReader()
    reader.feed_data(data)
    reader.feed_eof()
    parser = Frame.parse(reader.read_exact, mask=masked)
    with pytest.raises(StopIteration) as stop:
        next(parser)
    frame = stop.value.value
    assert isinstance(frame, Frame)
    assert frame.opcode is Opcode.CLOSE
    assert not reader.buffer
    close = WebsocketsClose.parse(frame.data)
    return close.code, close.reason


# Valid close frames, from the issue's captures and RFC 6455 §5.7's key.
VALID = [
    ("88 00", CloseCode.STATUS, "", None),
    ("88 02 03 e8", CloseCode.NORMAL, "", None),
    ("88 05 03 e8 62 79 65", CloseCode.NORMAL, "bye", None),
    ("88 85 37 fa 21 3d 34 12 43 44 52", CloseCode.NORMAL, "bye", RFC_KEY),
    ("88 80 37 fa 21 3d", CloseCode.STATUS, "", RFC_KEY),
    ("88 82 00 00 00 00 03 e9", CloseCode.AWAY, "", b"\x00\x00\x00\x00"),
    ("88 84 ff ff ff ff f0 5f 3c 56", 4000, "\u00e9", b"\xff\xff\xff\xff"),
    ("88 7d 0f a0" + " 61" * 123, 4000, "a" * 123, None),
    ("88 fd 37 fa 21 3d 38 5a" + reference.mask(b"\x0f\xa0" + b"a" * 123, RFC_KEY)[2:].hex(), 4000,
     "a" * 123, RFC_KEY),
]  # fmt: skip


@pytest.mark.parametrize(("hex_frame", "code", "reason", "key"), VALID)
def test_valid_frame(hex_frame: str, code: int, reason: str, key: Key) -> None:
    data = bytes.fromhex(hex_frame)
    frame = decode_frame(data)
    assert frame == (Close(code, reason), key)
    assert (frame.close, frame.code, frame.reason, frame.key) == ((code, reason), code, reason, key)
    assert frame.masked is (key is not None)
    assert encode_frame(code, reason, mask=key) == data
    assert reference.decode_frame(data) == ((code, reason), key)


@pytest.mark.parametrize(("hex_frame", "code", "reason", "key"), VALID)
def test_websockets_parses_the_valid_frames_alike(
    hex_frame: str, code: int, reason: str, key: Key
) -> None:
    assert websockets_parse(bytes.fromhex(hex_frame), masked=key is not None) == (code, reason)


# Every header fault, in the order the header is checked, with the full message.
HEADER_FAULTS = [
    ("", "truncated", 2, "close frame is truncated: 0 bytes given, its header needs 2"),
    ("88", "truncated", 2, "close frame is truncated: 1 byte given, its header needs 2"),
    ("08 02 03 e8", "fin", 0x08,
     "close frame has FIN clear: control frames are never fragmented (RFC 6455 §5.5)"),
    ("78 7f", "fin", 0x78,
     "close frame has FIN clear: control frames are never fragmented (RFC 6455 §5.5)"),
    ("c8 02 03 e8", "rsv", 0x40,
     "close frame has RSV1 set: no extension defines them for close frames (RFC 6455 §5.2)"),
    ("a8 02 03 e8", "rsv", 0x20,
     "close frame has RSV2 set: no extension defines them for close frames (RFC 6455 §5.2)"),
    ("f1 ff", "rsv", 0x70,
     "close frame has RSV1, RSV2, RSV3 set: no extension defines them for close frames"
     " (RFC 6455 §5.2)"),
    ("83 02 03 e8", "opcode", 0x3,
     "close frame expected, but the opcode is 0x3 (reserved), not 0x8 (RFC 6455 §5.2)"),
    ("8f 7e", "opcode", 0xF,
     "close frame expected, but the opcode is 0xf (reserved), not 0x8 (RFC 6455 §5.2)"),
    ("88 7e 00 7e" + " 00" * 126, "length", 126,
     "close frame uses the 16-bit length form (126): control payloads are at most 125 bytes"
     " (RFC 6455 §5.5)"),
    ("88 fe", "length", 126,
     "close frame uses the 16-bit length form (126): control payloads are at most 125 bytes"
     " (RFC 6455 §5.5)"),
    ("88 7f 00 00 00 00 00 00 00 02 03 e8", "length", 127,
     "close frame uses the 64-bit length form (127): control payloads are at most 125 bytes"
     " (RFC 6455 §5.5)"),
    ("88 05 03 e8 62 79", "truncated", 7,
     "close frame is truncated: 6 bytes given, its header needs 7"),
    ("88 85 37 fa", "truncated", 11,
     "close frame is truncated: 4 bytes given, its header needs 11"),
    ("88 80 37 fa 21", "truncated", 6,
     "close frame is truncated: 5 bytes given, its header needs 6"),
    ("88 02 03 e8 00", "trailing", 4, "close frame has 1 byte left over: its header says 4"),
    ("88 00 88 00", "trailing", 2, "close frame has 2 bytes left over: its header says 2"),
    ("88 80 37 fa 21 3d 00 00", "trailing", 6,
     "close frame has 2 bytes left over: its header says 6"),
]  # fmt: skip


@pytest.mark.parametrize(("hex_frame", "fault", "value", "message"), HEADER_FAULTS)
def test_header_fault(hex_frame: str, fault: str, value: int, message: str) -> None:
    data = bytes.fromhex(hex_frame)
    with pytest.raises(FrameError) as info:
        decode_frame(data)
    error = info.value
    assert (error.fault, error.value, error.size) == (fault, value, len(data))
    assert str(error) == message
    assert error.reply_code is CloseCode.PROTOCOL
    assert reference.decode_frame(data) == f"FrameError {fault}"


# The frames of RFC 6455 §5.7 that are not close frames, each with the fault it is.
RFC_EXAMPLES = [
    pytest.param("81 05 48 65 6c 6c 6f", "opcode", 0x1, id="text"),
    pytest.param("81 85 37 fa 21 3d 7f 9f 4d 51 58", "opcode", 0x1, id="masked text"),
    pytest.param("01 03 48 65 6c", "fin", 0x01, id="first fragment"),
    pytest.param("80 02 6c 6f", "opcode", 0x0, id="last fragment"),
    pytest.param("89 05 48 65 6c 6c 6f", "opcode", 0x9, id="ping"),
    pytest.param("8a 85 37 fa 21 3d 7f 9f 4d 51 58", "opcode", 0xA, id="masked pong"),
    pytest.param("82 7e 01 00" + " 00" * 256, "opcode", 0x2, id="256 B binary"),
    pytest.param("82 7f 00 00 00 00 00 01 00 00" + " 00" * 65536, "opcode", 0x2, id="64 KiB"),
]


@pytest.mark.parametrize(("hex_frame", "fault", "value"), RFC_EXAMPLES)
def test_rfc_examples_are_not_close_frames(hex_frame: str, fault: str, value: int) -> None:
    data = bytes.fromhex(hex_frame)
    with pytest.raises(FrameError) as info:
        decode_frame(data)
    assert (info.value.fault, info.value.value) == (fault, value)
    assert ("(text)" in str(info.value)) is (value == 0x1 and fault == "opcode")


def test_fin_is_checked_before_rsv_and_opcode() -> None:
    assert outcome(b"\x71\x00") == "FrameError fin"
    assert outcome(b"\xf1\x00") == "FrameError rsv"
    assert outcome(b"\x81\xff") == "FrameError opcode"


@pytest.mark.parametrize("data", [b"\x08\x02\x03\xe8", b"\xc8\x02\x03\xe8", b"\x88\x7e\x00\x02"])
def test_websockets_also_rejects_fin_rsv_and_length_faults(data: bytes) -> None:
    with pytest.raises(ProtocolError):
        websockets_parse(data + b"\x00" * 2, masked=False)
    assert outcome(data) in {"FrameError fin", "FrameError rsv", "FrameError length"}


PAYLOAD_FAULTS = [param for param in INVALID if len(param.values[0]) <= 125]  # type: ignore[arg-type]


@pytest.mark.parametrize("payload", PAYLOAD_FAULTS)
@pytest.mark.parametrize("key", [None, RFC_KEY], ids=["unmasked", "masked"])
def test_payload_faults_are_decodes(payload: bytes, key: Key) -> None:
    with pytest.raises(CloseFrameError) as expected:
        decode(payload)
    with pytest.raises(CloseFrameError) as info:
        decode_frame(reference.frame(payload, key))
    assert type(info.value) is type(expected.value)
    assert info.value.args == expected.value.args
    assert not isinstance(info.value, FrameError)


def test_allow_goes_to_the_payload_codec() -> None:
    data = encode_frame(2000, "x", mask=RFC_KEY, allow={2000})
    assert data == reference.frame(b"\x07\xd0x", RFC_KEY)
    assert decode_frame(data, {2000}).close == (2000, "x")
    with pytest.raises(CloseCodeError):
        decode_frame(data)
    with pytest.raises(CloseCodeError):
        encode_frame(2000, "x", RFC_KEY)


BYE = bytes.fromhex("88 85 37 fa 21 3d 34 12 43 44 52")


class Bytes(bytes):
    pass


class ByteArray(bytearray):
    pass


class Liar(bytes):
    """A bytes subclass whose len() and slicing lie: its buffer is what counts."""

    def __len__(self) -> int:
        return 7

    def __getitem__(self, index: object) -> int:  # type: ignore[override]
        return 0x88


def _rows(data: bytes, width: int) -> memoryview:
    """A 2-D view whose every other row, from the first, holds ``data`` (non-contiguous)."""
    rows = [data[i : i + width] for i in range(0, len(data), width)]
    padded = b"".join(row + b"\xee" * width for row in rows)
    return memoryview(padded).cast("B", (len(padded) // width, width))[::2]


#: A masked frame of 12 bytes (1000 "ok!!"), to shape as 3 rows of 4.
OK = encode_frame(1000, "ok!!", mask=RFC_KEY)

# The masked 'bye' frame (11 bytes) and OK in every buffer decode_frame takes.
BUFFERS = [
    pytest.param(BYE, id="bytes"),
    pytest.param(bytearray(BYE), id="bytearray"),
    pytest.param(Bytes(BYE), id="bytes subclass"),
    pytest.param(ByteArray(BYE), id="bytearray subclass"),
    pytest.param(Liar(BYE), id="bytes subclass that lies"),
    pytest.param(memoryview(BYE), id="memoryview"),
    pytest.param(memoryview(bytearray(BYE)), id="writable memoryview"),
    pytest.param(memoryview(b"xx" + BYE + b"yy")[2:-2], id="slice"),
    pytest.param(memoryview(bytes(b for pair in zip(BYE, bytes(11)) for b in pair))[::2],
                 id="non-contiguous"),
    pytest.param(memoryview(OK).cast("B", (3, 4)), id="2-D"),
    pytest.param(_rows(OK, 4), id="2-D non-contiguous"),
    pytest.param(memoryview(OK).cast("i"), id="int format"),
    pytest.param(memoryview(array.array("b", OK)), id="signed bytes"),
]  # fmt: skip


@pytest.mark.parametrize("data", BUFFERS)
def test_every_buffer(data: bytes | bytearray | memoryview) -> None:
    raw = data.tobytes() if isinstance(data, memoryview) else bytes(data)
    assert raw in {BYE, OK}
    frame = decode_frame(data)
    assert type(frame.key) is bytes
    assert frame == ((1000, "bye" if raw == BYE else "ok!!"), RFC_KEY)


@pytest.mark.parametrize(
    ("data", "name"),
    [("88 00", "str"), (0x8800, "int"), ([0x88, 0], "list"), (None, "NoneType"),
     (array.array("B", b"\x88\x00"), "array")],
)  # fmt: skip
def test_decode_frame_wrong_type(data: object, name: str) -> None:
    with pytest.raises(
        TypeError, match=f"close frame must be bytes, bytearray or memoryview, not {name}"
    ):
        decode_frame(data)  # type: ignore[arg-type]


BIG = 10 << 20


@pytest.mark.parametrize(
    ("make", "fault"),
    [
        pytest.param(lambda: b"\x88\x00" + bytes(BIG), "trailing", id="bytes"),
        pytest.param(lambda: Bytes(b"\x88\x00" + bytes(BIG)), "trailing", id="bytes subclass"),
        pytest.param(lambda: Liar(b"\x98\x00" + bytes(BIG)), "rsv", id="lying subclass"),
        pytest.param(lambda: bytearray(b"\x08\x00" + bytes(BIG)), "fin", id="bytearray"),
        pytest.param(lambda: memoryview(b"\xc8\x00" + bytes(BIG)), "rsv", id="memoryview"),
        pytest.param(
            lambda: memoryview(b"\x88\x7e\x00\x00" + bytes(BIG)).cast("I"), "length", id="ints"
        ),
        pytest.param(lambda: memoryview(b"\x81\x00" + bytes(BIG))[::2], "opcode", id="strided"),
        pytest.param(lambda: _rows(b"\x88\x80" + bytes(BIG - 2), 1024), "trailing", id="2-D rows"),
        pytest.param(
            lambda: memoryview(b"\x98\x00" * BIG).cast("B", (BIG * 2, 1))[::2],
            "rsv",
            id="1-byte rows",
        ),
    ],
)
def test_long_input_is_rejected_from_its_header_without_a_copy(
    make: Callable[[], bytes | bytearray | memoryview], fault: str
) -> None:
    data = make()
    tracemalloc.start()
    try:
        with pytest.raises(FrameError) as info:
            decode_frame(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert info.value.fault == fault
    assert info.value.size > BIG // 2
    assert peak < 64 << 10


ENCODED = [
    (1000, "", None, "88 02 03 e8"),
    (1000, "bye", None, "88 05 03 e8 62 79 65"),
    (1000, "bye", False, "88 05 03 e8 62 79 65"),
    (1000, "bye", RFC_KEY, "88 85 37 fa 21 3d 34 12 43 44 52"),
    (1000, "bye", bytearray(RFC_KEY), "88 85 37 fa 21 3d 34 12 43 44 52"),
    (1000, "bye", memoryview(b"\0" + RFC_KEY)[1:], "88 85 37 fa 21 3d 34 12 43 44 52"),
    (1000, "bye", memoryview(RFC_KEY).cast("i"), "88 85 37 fa 21 3d 34 12 43 44 52"),
    (CloseCode.STATUS, "", None, "88 00"),
    (CloseCode.STATUS, "", RFC_KEY, "88 80 37 fa 21 3d"),
]


@pytest.mark.parametrize(("code", "reason", "mask", "hex_frame"), ENCODED)
def test_encode_frame(code: int, reason: str, mask: Mask, hex_frame: str) -> None:
    assert encode_frame(code, reason, mask).hex(" ") == hex_frame


def test_encode_frame_defaults_to_an_unmasked_normal_close() -> None:
    assert encode_frame() == b"\x88\x02\x03\xe8"


def test_mask_true_draws_a_key_from_urandom(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[int] = []

    def urandom(size: int) -> bytes:
        asked.append(size)
        return RFC_KEY

    monkeypatch.setattr(os, "urandom", urandom)
    assert encode_frame(1000, "bye", mask=True) == BYE
    assert asked == [4]


def test_mask_true_gives_a_fresh_key_each_time() -> None:
    keys = {decode_frame(encode_frame(mask=True)).key for _ in range(8)}
    assert len(keys) == 8


@pytest.mark.parametrize(
    ("mask", "error", "message"),
    [
        ("abcd", TypeError, "mask must be a 4-byte key, True, False or None, not str"),
        (1, TypeError, "not int"),
        (0, TypeError, "not int"),
        ([1, 2, 3, 4], TypeError, "not list"),
        (b"abc", ValueError, "mask must be a 4-byte key, not 3 bytes"),
        (b"abcde", ValueError, "mask must be a 4-byte key, not 5 bytes"),
        (b"", ValueError, "not 0 bytes"),
        (memoryview(b"abcdefgh").cast("i"), ValueError, "not 8 bytes"),
    ],
)
def test_bad_mask(mask: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        encode_frame(1000, "bye", mask)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("code", "reason"),
    [(1005, "x"), (1006, ""), (999, ""), (1000, "a" * 124), (1000, "\ud800"), ("1000", "")],
)
@pytest.mark.parametrize("mask", [None, RFC_KEY, True])
def test_encode_frame_validates_as_encode(code: object, reason: str, mask: Key | bool) -> None:
    with pytest.raises((CloseFrameError, TypeError)) as expected:
        encode(code, reason)  # type: ignore[arg-type]
    with pytest.raises((CloseFrameError, TypeError)) as info:
        encode_frame(code, reason, mask)  # type: ignore[arg-type]
    assert type(info.value) is type(expected.value)
    assert str(info.value) == str(expected.value)


def test_close_frame_value() -> None:
    frame = CloseFrame(Close(1000, "bye"), RFC_KEY)
    close, key = frame
    assert (close, key) == ((1000, "bye"), RFC_KEY)
    assert frame == decode_frame(BYE)
    assert hash(frame) == hash(decode_frame(BYE))
    assert CloseFrame(Close(1000)) == (Close(1000), None)
    assert not CloseFrame(Close(1000)).masked
    assert repr(frame) == (
        "CloseFrame(close=Close(code=<CloseCode.NORMAL: 1000>, reason='bye'), key=b'7\\xfa!=')"
    )
    assert str(frame) == "1000 (normal closure) bye (masked with key 37fa213d)"
    assert str(CloseFrame(Close(1001))) == "1001 (going away) (unmasked)"
    with pytest.raises(AttributeError):
        frame.key = None  # type: ignore[misc]


@pytest.mark.parametrize("frame", [decode_frame(BYE), decode_frame(b"\x88\x00")])
def test_close_frame_pickles(frame: CloseFrame) -> None:
    again = pickle.loads(pickle.dumps(frame))
    assert type(again) is CloseFrame
    assert again == frame


@pytest.mark.parametrize(
    ("close", "key", "error", "message"),
    [
        ((1000, "bye"), None, TypeError, "close must be a Close, not tuple"),
        (Close(1000), "abcd", TypeError, "key must be bytes or None, not str"),
        (Close(1000), bytearray(4), TypeError, "key must be bytes or None, not bytearray"),
        (Close(1000), b"abc", ValueError, "key must be 4 bytes, not 3"),
    ],
)
def test_close_frame_wrong_arguments(
    close: object, key: object, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        CloseFrame(close, key)  # type: ignore[arg-type]


FRAME_ERRORS = [FrameError(fault, value, 3) for fault, value in
                [("fin", 8), ("rsv", 0x10), ("opcode", 1), ("opcode", 0xA), ("length", 127),
                 ("truncated", 7), ("trailing", 2)]]  # fmt: skip


@pytest.mark.parametrize("error", FRAME_ERRORS, ids=lambda error: error.fault)
def test_frame_error_carries_its_data_and_pickles(error: FrameError) -> None:
    assert isinstance(error, CloseFrameError)
    assert isinstance(error, ValueError)
    assert error.reply_code is CloseCode.PROTOCOL
    again = pickle.loads(pickle.dumps(error))
    assert (type(again), again.args, str(again)) == (FrameError, error.args, str(error))
    assert (again.fault, again.value, again.size) == error.args
    assert str(error).startswith("close frame ")
    assert "FrameError" not in str(error)


@pytest.mark.parametrize(
    "args", [(), ("nonsense", 1, 2), ("rsv", "x", 2), ("truncated", None, None), (None,)]
)
def test_frame_error_str_never_raises(args: tuple[object, ...]) -> None:
    assert str(FrameError(*args)).startswith("close frame is malformed")  # type: ignore[arg-type]


@given(code=sendable_codes, reason=fitting_reasons, key=keys)
@example(code=1000, reason="", key=None)
@example(code=4999, reason="\U0001d11e" * 30 + "abc", key=b"\xff" * 4)
def test_decode_frame_inverts_encode_frame(code: int, reason: str, key: Key) -> None:
    data = encode_frame(code, reason, mask=key)
    assert data == reference.frame(encode(code, reason), key)
    frame = decode_frame(data)
    assert frame.close == (code, reason)
    assert frame.key == key
    assert decode_frame(bytearray(data)) == decode_frame(memoryview(data)) == frame
    assert websockets_parse(data, masked=key is not None) == (code, reason)


@given(code=sendable_codes, reason=fitting_reasons, key=keys, data=st.data())
def test_every_bit_flip_decodes_right_or_raises(
    code: int, reason: str, key: Key, data: st.DataObject
) -> None:
    frame = encode_frame(code, reason, mask=key)
    bit = data.draw(st.integers(0, len(frame) * 8 - 1))
    flipped = bytearray(frame)
    flipped[bit // 8] ^= 1 << (bit % 8)
    assert outcome(bytes(flipped)) == reference.decode_frame(bytes(flipped))


@pytest.mark.parametrize("key", [None, RFC_KEY], ids=["unmasked", "masked"])
def test_every_bit_flip_of_a_frame(key: Key) -> None:
    frame = encode_frame(1000, "bye", mask=key)
    for bit in range(len(frame) * 8):
        flipped = bytearray(frame)
        flipped[bit // 8] ^= 1 << (bit % 8)
        result = outcome(bytes(flipped))
        assert result == reference.decode_frame(bytes(flipped)), bit
        assert result != ((1000, "bye"), key), bit


@given(data=st.binary(max_size=140))
@example(data=b"")
@example(data=b"\x88\x81\x00\x00\x00\x00\x03")
def test_any_bytes_decode_or_raise_a_close_frame_error(data: bytes) -> None:
    assert outcome(data) == reference.decode_frame(data)


def layout(data: bytes, name: str) -> memoryview:
    """``data`` as a memoryview of the named shape and contiguity."""
    if not data:
        return memoryview(data)  # a memoryview cast cannot have a 0 in its shape
    width = next((w for w in (4, 3, 2) if len(data) % w == 0), 1)
    interleaved = bytes(b for byte in data for b in (byte, 0xEE))
    views = {
        "1-D": lambda: memoryview(data),
        "strided": lambda: memoryview(interleaved)[::2],
        "rows": lambda: memoryview(data).cast("B", (len(data) // width, width)),
        "strided rows": lambda: _rows(data, width),
        "1-byte rows": lambda: memoryview(interleaved).cast("B", (len(interleaved), 1))[::2],
    }
    return views[name]()


@given(
    data=st.one_of(
        st.binary(max_size=300),
        st.tuples(
            st.sampled_from([BYE, OK, b"\x88\x00", b"\x08\x00", b"\x88\x7e"]),
            st.binary(max_size=200),
        ).map(b"".join),
    ),
    name=st.sampled_from(["1-D", "strided", "rows", "strided rows", "1-byte rows"]),
)
def test_any_bytes_in_any_buffer_layout(data: bytes, name: str) -> None:
    view = layout(data, name)
    assert view.tobytes() == data
    assert outcome(view) == reference.decode_frame(data)


@given(second=st.integers(0, 255), rest=st.binary(max_size=135))
def test_any_close_header_decodes_or_raises_a_close_frame_error(second: int, rest: bytes) -> None:
    data = bytes([0x88, second]) + rest
    assert outcome(data) == reference.decode_frame(data)
    assert outcome(memoryview(data)) == reference.decode_frame(data)


def test_payload_errors_keep_their_classes() -> None:
    assert outcome(b"\x88\x01\x03") == PayloadLengthError.__name__
    assert outcome(b"\x88\x02\x03\xed") == CloseCodeError.__name__
    assert outcome(b"\x88\x03\x03\xe8\xff") == ReasonEncodingError.__name__
    with pytest.raises(ReasonLengthError):
        encode_frame(1005, "x")


@pytest.mark.parametrize("key", [None, b"\x37\xfa\x21\x3d"])
def test_allow_reaches_the_payload_of_a_frame_masked_or_not(key: bytes | None) -> None:
    frame = encode_frame(2000, "x", key, allow=[2000])
    assert decode_frame(frame, allow=[2000]).close == (2000, "x")
    with pytest.raises(CloseCodeError):
        decode_frame(frame)
