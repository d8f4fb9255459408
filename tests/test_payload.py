from __future__ import annotations

import pickle
import sys
from typing import NoReturn

import pytest

from tests import reference
from tests.helpers import outcome
from wsclose import (
    MAX_PAYLOAD_SIZE,
    MAX_REASON_SIZE,
    Close,
    CloseCode,
    CloseCodeError,
    CloseFrameError,
    PayloadLengthError,
    ReasonEncodingError,
    ReasonLengthError,
    decode,
    encode,
    truncate_reason,
)
from wsclose import payload as payload_module

E_ACUTE = "\u00e9"  # 2 bytes in UTF-8
EURO = "\u20ac"  # 3 bytes
CLEF = "\U0001d11e"  # 4 bytes


def roundtrip(code: int, reason: str, payload: bytes) -> None:
    """Encode and compare bytes, then decode those bytes and compare values."""
    assert encode(code, reason) == payload
    for buffer in (payload, bytearray(payload), memoryview(payload)):
        close = decode(buffer)
        assert close == (code, reason)
        assert type(close) is Close
        assert type(close.code) is CloseCode
        assert type(close.reason) is str


# --- valid payloads --------------------------------------------------------------------

VALID = [
    pytest.param(1000, "", b"\x03\xe8", id="code only"),
    pytest.param(1000, "bye", b"\x03\xe8bye", id="code and reason"),
    pytest.param(1003, "", b"\x03\xeb", id="1003 last of the first block"),
    pytest.param(1007, "", b"\x03\xef", id="1007 first after the local-only"),
    pytest.param(1014, "gw", b"\x03\xf6gw", id="1014 bad gateway"),
    pytest.param(3000, "", b"\x0b\xb8", id="3000 first library code"),
    pytest.param(3999, "x", b"\x0f\x9fx", id="3999 last library code"),
    pytest.param(4000, "", b"\x0f\xa0", id="4000 first private code"),
    pytest.param(4999, "x", b"\x13\x87x", id="4999 last private code"),
    pytest.param(1000, "a" * 123, b"\x03\xe8" + b"a" * 123, id="123-byte ASCII reason"),
    pytest.param(
        1000, E_ACUTE * 61 + "a", b"\x03\xe8" + E_ACUTE.encode() * 61 + b"a", id="2-byte chars"
    ),
    pytest.param(1000, EURO * 41, b"\x03\xe8" + EURO.encode() * 41, id="3-byte chars, 123 bytes"),
    pytest.param(
        1000, CLEF * 30 + "abc", b"\x03\xe8" + CLEF.encode() * 30 + b"abc", id="4-byte chars"
    ),
    pytest.param(1001, "\x00", b"\x03\xe9\x00", id="NUL is valid UTF-8"),
]


@pytest.mark.parametrize(("code", "reason", "payload"), VALID)
def test_valid_payload_roundtrips(code: int, reason: str, payload: bytes) -> None:
    roundtrip(code, reason, payload)


def test_empty_payload_is_no_status() -> None:
    assert decode(b"") == (CloseCode.STATUS, "")
    assert decode(bytearray()) == (CloseCode.STATUS, "")
    assert decode(memoryview(b"")) == (CloseCode.STATUS, "")
    assert encode(CloseCode.STATUS) == b""
    assert encode(*decode(b"")) == b""


def test_encode_defaults_to_normal() -> None:
    assert encode() == b"\x03\xe8"


def test_encode_accepts_foreign_int_enum() -> None:
    websockets_frames = pytest.importorskip("websockets.frames")
    assert encode(websockets_frames.CloseCode.GOING_AWAY, "x") == b"\x03\xe9x"


@pytest.mark.parametrize("payload", [b"\x03\xe8", b"\x0f\xa1", b"\x0b\xb8"])
def test_code_only_payloads_share_one_close(payload: bytes) -> None:
    first = decode(payload)
    assert decode(payload) is first
    assert decode(memoryview(payload)) is first
    assert decode(bytearray(payload)) is first


def _fail(*args: object) -> NoReturn:
    raise AssertionError(f"the slow path was taken: {args}")


def test_bytes_and_byte_views_take_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    decode_view = payload_module._decode_view
    monkeypatch.setattr(payload_module, "_decode_view", _fail)
    monkeypatch.setattr(payload_module, "_check_types", _fail)
    assert decode(b"\x03\xe8bye") == (1000, "bye")
    assert decode(bytearray(b"\x03\xe8bye")) == (1000, "bye")
    assert encode(1000, "bye") == b"\x03\xe8bye"
    assert encode(CloseCode.AWAY) == b"\x03\xe9"
    monkeypatch.setattr(payload_module, "_decode_view", decode_view)
    monkeypatch.setattr(payload_module, "_byte_view", _fail)
    assert decode(memoryview(b"\x03\xe8bye")) == (1000, "bye")


def test_decoded_code_is_the_cached_member() -> None:
    assert decode(b"\x03\xe8").code is CloseCode.NORMAL
    assert decode(b"\x0f\xa1x").code is CloseCode(4001)
    assert decode(b"\x0f\xa1").code is CloseCode(4001)


# --- invalid payloads ------------------------------------------------------------------

INVALID = [
    pytest.param(b"\x03", PayloadLengthError, 1002, id="1 byte"),
    pytest.param(b"\x03\xe8" + b"a" * 124, PayloadLengthError, 1002, id="126 bytes"),
    pytest.param(b"\x03\xed" + b"a" * 124, PayloadLengthError, 1002, id="126 bytes, bad code"),
    pytest.param(b"\x03\xe8" + b"\xff" * 124, PayloadLengthError, 1002, id="126 bytes, bad UTF-8"),
    pytest.param(b"\x00\x00", CloseCodeError, 1002, id="code 0"),
    pytest.param(b"\x03\xe7", CloseCodeError, 1002, id="code 999"),
    pytest.param(b"\x03\xec", CloseCodeError, 1002, id="code 1004"),
    pytest.param(b"\x03\xed", CloseCodeError, 1002, id="code 1005"),
    pytest.param(b"\x03\xeebye", CloseCodeError, 1002, id="code 1006"),
    pytest.param(b"\x03\xf7", CloseCodeError, 1002, id="code 1015"),
    pytest.param(b"\x03\xf8", CloseCodeError, 1002, id="code 1016"),
    pytest.param(b"\x0b\xb7", CloseCodeError, 1002, id="code 2999"),
    pytest.param(b"\x13\x88", CloseCodeError, 1002, id="code 5000"),
    pytest.param(b"\xff\xff", CloseCodeError, 1002, id="code 65535"),
    pytest.param(b"\x03\xed\xff", CloseCodeError, 1002, id="bad code before bad UTF-8"),
    pytest.param(b"\x03\xe8\xff", ReasonEncodingError, 1007, id="invalid start byte"),
    pytest.param(b"\x03\xe8\xc3", ReasonEncodingError, 1007, id="truncated 2-byte char"),
    pytest.param(b"\x03\xe8\xc0\xaf", ReasonEncodingError, 1007, id="overlong slash"),
    pytest.param(b"\x03\xe8\xe0\x80\xaf", ReasonEncodingError, 1007, id="overlong 3 bytes"),
    pytest.param(b"\x03\xe8\xed\xa0\x80", ReasonEncodingError, 1007, id="encoded surrogate"),
    pytest.param(b"\x03\xe8\xf4\x90\x80\x80", ReasonEncodingError, 1007, id="above U+10FFFF"),
    pytest.param(b"\x03\xe8ok\x80", ReasonEncodingError, 1007, id="lone continuation"),
    pytest.param(
        b"\x03\xe8" + b"a" * 122 + b"\xc3", ReasonEncodingError, 1007, id="cut char at 125"
    ),
]


@pytest.mark.parametrize(("payload", "error", "reply"), INVALID)
def test_invalid_payload(payload: bytes, error: type[CloseFrameError], reply: int) -> None:
    for buffer in (payload, bytearray(payload), memoryview(payload)):
        with pytest.raises(error) as info:
            decode(buffer)
        assert info.value.reply_code == reply
        assert type(info.value.reply_code) is CloseCode
        assert reference.decode(payload) == error.__name__


@pytest.mark.parametrize("size", [0, 1, 2, 3, 125, 126, 127, 1 << 16])
def test_every_length_edge(size: int) -> None:
    payload = (b"\x03\xe8" + b"a" * size)[:size]
    assert outcome(decode, payload) == reference.decode(payload)


@pytest.mark.parametrize("size", [1, 126, 1 << 16])
def test_length_error_data_for_every_buffer(size: int) -> None:
    payload = bytes(size)
    for buffer in (payload, bytearray(payload), memoryview(payload)):
        with pytest.raises(PayloadLengthError) as info:
            decode(buffer)
        assert info.value.length == size


def test_length_error_data() -> None:
    with pytest.raises(PayloadLengthError, match="close payload of 1 byte: a code needs 2") as one:
        decode(b"\x03")
    assert one.value.length == 1
    with pytest.raises(PayloadLengthError, match="126 bytes: the limit is 125") as big:
        decode(bytes(126))
    assert big.value.length == 126


def test_code_error_data() -> None:
    with pytest.raises(CloseCodeError, match="close code 1005 may not be sent") as info:
        decode(b"\x03\xed")
    assert info.value.code == 1005
    assert "local-only" in str(info.value)


def test_utf8_error_data() -> None:
    with pytest.raises(ReasonEncodingError) as info:
        decode(b"\x03\xe8ok\xff!")
    assert (info.value.start, info.value.end) == (4, 5)
    assert "invalid start byte at payload offset 4" in str(info.value)
    assert isinstance(info.value.__cause__, UnicodeDecodeError)


def test_decode_of_every_code() -> None:
    for value in range(1 << 16):
        payload = value.to_bytes(2, "big") + b"r"
        assert outcome(decode, payload) == reference.decode(payload), value


def test_encode_of_every_code() -> None:
    for value in range(-1, (1 << 16) + 1):
        assert outcome(encode, value, "r") == reference.encode(value, "r"), value


# --- buffers ---------------------------------------------------------------------------


def test_memoryview_reason_is_decoded_in_place() -> None:
    data = bytearray(b"\x03\xe8hello")
    view = memoryview(data)
    assert decode(view) == (1000, "hello")
    data[2:] = b"HELLO"
    assert decode(view) == (1000, "HELLO")


def test_memoryview_slice_of_larger_buffer() -> None:
    frame = b"\x88\x05\x03\xe8bye-trailing"
    assert decode(memoryview(frame)[2:7]) == (1000, "bye")


def test_memoryview_of_other_formats_reads_bytes() -> None:
    data = memoryview(b"\x03\xe8by")
    assert decode(data.cast("b")) == (1000, "by")
    assert decode(data.cast("H")) == (1000, "by")
    assert decode(data.cast("c")) == (1000, "by")  # type: ignore[arg-type]  # typed for bytes


def test_memoryview_of_signed_bytes_reads_unsigned_codes() -> None:
    data = memoryview(b"\x07\xd0xy")
    assert decode(data.cast("b"), allow={2000}) == (2000, "xy")
    assert decode(data[:2].cast("b"), allow={2000}) == (2000, "")
    assert decode(data.cast("H"), allow={2000}) == (2000, "xy")
    assert decode(data.cast("c")[:2], allow={2000}) == (2000, "")  # type: ignore[arg-type]


def test_non_contiguous_memoryview_of_other_formats() -> None:
    view = memoryview(b"\x03\xe8\x00\x00by\x00\x00").cast("H")[::2]
    assert not view.c_contiguous
    assert decode(view) == (1000, "by")


def test_multidimensional_memoryview_reads_bytes() -> None:
    view = memoryview(b"\x03\xe8by").cast("B", (2, 2))
    assert decode(view) == (1000, "by")


def test_non_contiguous_memoryview() -> None:
    view = memoryview(b"\x03\x00\xe8\x00b\x00y\x00e\x00")[::2]
    assert not view.c_contiguous
    assert decode(view) == (1000, "bye")


def test_bytes_subclass() -> None:
    class Frame(bytes):
        pass

    assert decode(Frame(b"\x03\xe8x")) == (1000, "x")


@pytest.mark.parametrize(
    ("payload", "name"),
    [(None, "NoneType"), ("\x03\xe8", "str"), (1000, "int"), ([3, 232], "list"), ((3,), "tuple")],
)
def test_decode_wrong_type(payload: object, name: str) -> None:
    message = f"^close payload must be bytes, bytearray or memoryview, not {name}$"
    with pytest.raises(TypeError, match=message):
        decode(payload)  # type: ignore[arg-type]


# --- encode ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "match"),
    [
        (1006, "close code 1006 may not be sent on the wire: it is local-only"),
        (1015, "close code 1015 may not be sent on the wire: it is local-only"),
        (1004, "close code 1004 may not be sent on the wire: it is reserved"),
        (2999, "close code 2999 may not be sent on the wire: it is reserved"),
        (999, "close code 999 may not be sent on the wire: it is outside 1000-4999"),
        (5000, "close code 5000 may not be sent on the wire: it is outside 1000-4999"),
        (-1, "close code -1 may not be sent on the wire: it does not fit in 16 bits"),
        (65536, "close code 65536 may not be sent on the wire: it does not fit in 16 bits"),
    ],
)
def test_encode_unsendable_code(code: int, match: str) -> None:
    with pytest.raises(CloseCodeError, match=match) as info:
        encode(code, "x")
    assert info.value.code == code
    assert info.value.reply_code == CloseCode.PROTOCOL


def test_encode_status_with_reason() -> None:
    with pytest.raises(ReasonLengthError, match="a reason needs a close code") as info:
        encode(CloseCode.STATUS, "why")
    assert (info.value.length, info.value.limit) == (3, 0)


@pytest.mark.parametrize(
    ("reason", "length"),
    [
        ("a" * 124, 124),
        (E_ACUTE * 62, 124),
        (E_ACUTE * 61 + "ab", 124),
        (EURO * 41 + "a", 124),
        (CLEF * 31, 124),
        (CLEF * 30 + "abcd", 124),
        ("a" * 1000, 1000),
    ],
)
def test_encode_reason_too_long(reason: str, length: int) -> None:
    with pytest.raises(ReasonLengthError, match=f"{length} bytes in UTF-8: the limit is 123") as e:
        encode(1000, reason)
    assert (e.value.length, e.value.limit) == (length, MAX_REASON_SIZE)


def test_encode_lone_surrogate() -> None:
    with pytest.raises(ReasonEncodingError, match="surrogates not allowed at reason index 2") as e:
        encode(1000, "ab\ud800c")
    assert (e.value.start, e.value.end) == (2, 3)
    assert e.value.reply_code == CloseCode.INVALID
    assert isinstance(e.value.__cause__, UnicodeEncodeError)


class _Code(int):
    """An int subclass: encode takes its checked way, not its fast one."""


@pytest.mark.parametrize("code", [_Code(1000), 1000])
@pytest.mark.parametrize("allow", [(), [2000]])
def test_encode_lone_surrogate_on_every_path(code: int, allow: list[int]) -> None:
    with pytest.raises(ReasonEncodingError, match="surrogates not allowed at reason index 1") as e:
        encode(code, "a\udc80", allow)
    assert (e.value.start, e.value.end) == (1, 2)
    assert isinstance(e.value.__cause__, UnicodeEncodeError)


@pytest.mark.parametrize(
    ("code", "reason", "match"),
    [
        (1000.0, "", "close code must be an int, not float"),
        ("1000", "", "close code must be an int, not str"),
        (None, "", "close code must be an int, not NoneType"),
        (True, "", "close code must be an int, not bool"),
        (1000, b"bye", "close reason must be a str, not bytes"),
        (1000, None, "close reason must be a str, not NoneType"),
        (1000, b"", "close reason must be a str, not bytes"),
        (1000, 0, "close reason must be a str, not int"),
        (0, None, "close reason must be a str, not NoneType"),
        (4321, b"x", "close reason must be a str, not bytes"),
        (2000, 1.5, "close reason must be a str, not float"),
    ],
)
def test_encode_wrong_type(code: object, reason: object, match: str) -> None:
    with pytest.raises(TypeError, match=f"^{match}$"):
        encode(code, reason)  # type: ignore[arg-type]


# --- Close -----------------------------------------------------------------------------


def test_close_value() -> None:
    close = Close(1001, "bye")
    assert close.code is CloseCode.AWAY
    assert close.reason == "bye"
    code, reason = close
    assert (code, reason) == (1001, "bye")
    assert close == (1001, "bye")
    assert hash(close) == hash((1001, "bye"))
    assert {close: 1}[Close(CloseCode.AWAY, "bye")] == 1
    assert Close(1000) == (1000, "")
    assert sys.getsizeof(close) == sys.getsizeof((1, 2))
    assert not hasattr(close, "__dict__")


def test_close_is_immutable() -> None:
    close = Close(1000)
    with pytest.raises(AttributeError):
        close.code = CloseCode.AWAY  # type: ignore[misc]
    with pytest.raises(AttributeError):
        close.extra = 1  # type: ignore[attr-defined]


def test_close_repr_and_str() -> None:
    assert repr(Close(1000, "bye")) == "Close(code=<CloseCode.NORMAL: 1000>, reason='bye')"
    assert str(Close(1001, "Bye!")) == "1001 (going away) Bye!"
    assert str(Close(1005)) == "1005 (no status received)"
    assert str(Close(4001, "x")) == "4001 (private use) x"


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
@pytest.mark.parametrize("close", [Close(1000, "bye"), Close(4001), Close(CloseCode.ABNORMAL)])
def test_close_pickles(close: Close, protocol: int) -> None:
    again = pickle.loads(pickle.dumps(close, protocol))
    assert again == close
    assert type(again) is Close
    assert again.code is close.code


def test_close_is_built_by_tuples_constructor() -> None:
    # decode builds a Close with no Python code run: Close keeps tuple's __new__,
    # and only a call of the class itself goes through the checking metaclass.
    assert "__new__" not in vars(Close)
    built = payload_module._build((CloseCode.NORMAL, "bye"))
    assert type(built) is Close
    assert built == (1000, "bye")
    assert decode(b"\x03\xe8bye") == built


def test_close_subclass_is_built_and_checked() -> None:
    class Mine(Close):
        __slots__ = ()

    mine = Mine(1001, "bye")
    assert type(mine) is Mine
    assert mine.code is CloseCode.AWAY
    with pytest.raises(TypeError, match="close code must be an int, not float"):
        Mine(1001.0)  # type: ignore[arg-type]


def test_close_holds_any_16_bit_code() -> None:
    assert Close(CloseCode.ABNORMAL).code.is_local_only
    with pytest.raises(ValueError, match="not a valid CloseCode"):
        Close(70000)


@pytest.mark.parametrize(
    ("code", "reason", "message"),
    [
        (1000.0, "", "close code must be an int, not float"),
        (True, "", "close code must be an int, not bool"),
        (1000, None, "close reason must be a str, not NoneType"),
        (1000, b"x", "close reason must be a str, not bytes"),
    ],
)
def test_close_wrong_type(code: object, reason: object, message: str) -> None:
    with pytest.raises(TypeError, match=f"^{message}$"):
        Close(code, reason)  # type: ignore[arg-type]


# --- truncate_reason -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reason", "limit", "expected"),
    [
        ("", 123, ""),
        ("bye", 123, "bye"),
        ("a" * 123, 123, "a" * 123),
        ("a" * 124, 123, "a" * 123),
        (E_ACUTE * 62, 123, E_ACUTE * 61),
        ("a" + E_ACUTE * 62, 123, "a" + E_ACUTE * 61),
        (EURO * 42, 123, EURO * 41),
        ("a" + EURO * 42, 123, "a" + EURO * 40),
        (CLEF * 31, 123, CLEF * 30),
        ("abc" + CLEF * 31, 123, "abc" + CLEF * 30),
        ("d\u00e9j\u00e0 vu", 4, "d\u00e9j"),
        ("d\u00e9j\u00e0 vu", 2, "d"),
        ("anything", 0, ""),
    ],
)
def test_truncate_reason(reason: str, limit: int, expected: str) -> None:
    assert truncate_reason(reason, limit) == expected
    assert encode(1000, truncate_reason(reason)) == b"\x03\xe8" + truncate_reason(reason).encode()


@pytest.mark.parametrize(
    ("reason", "limit", "error", "match"),
    [
        ("x", -1, ValueError, "limit must be from 0 to 123, not -1"),
        ("x", 124, ValueError, "limit must be from 0 to 123, not 124"),
        ("x", 1.5, TypeError, "limit must be an int, not float"),
        ("x", True, TypeError, "limit must be an int, not bool"),
        (b"x", 3, TypeError, "close reason must be a str, not bytes"),
        ("\udc80", 3, ReasonEncodingError, "surrogates not allowed"),
    ],
)
def test_truncate_reason_bad_arguments(
    reason: object, limit: object, error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        truncate_reason(reason, limit)  # type: ignore[arg-type]


def test_limits() -> None:
    assert (MAX_PAYLOAD_SIZE, MAX_REASON_SIZE) == (125, 123)
