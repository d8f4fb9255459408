"""The close frame payload: a 2-byte code and a UTF-8 reason (RFC 6455 §5.5.1)."""

from __future__ import annotations

from .codes import LIBRARY_CODES, PRIVATE_CODES, RESERVED_CODES, CloseCode
from .errors import (
    CloseCodeError,
    PayloadLengthError,
    ReasonEncodingError,
    ReasonLengthError,
    _describe,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Final

__all__ = [
    "MAX_PAYLOAD_SIZE",
    "MAX_REASON_SIZE",
    "Close",
    "decode",
    "encode",
    "truncate_reason",
]

#: The most bytes a control frame's payload may hold (RFC 6455 §5.5).
MAX_PAYLOAD_SIZE: Final = 125
#: The most bytes of UTF-8 a close reason may hold (125 less the 2-byte code).
MAX_REASON_SIZE: Final = MAX_PAYLOAD_SIZE - 2


class _CloseType(type):
    """Close's metaclass: ``Close(code, reason)`` checks and converts its arguments.

    Close itself keeps tuple's constructor, written in C, so that decode can
    build one from a ready pair through ``type.__call__`` (see ``_build``).
    """

    def __call__(cls, code: int, reason: str = "") -> Close:
        """Build a close value from a code and a reason."""
        _check_types(code, reason)
        close: Close = type.__call__(cls, (CloseCode(code), reason))
        return close


class Close(tuple[CloseCode, str], metaclass=_CloseType):
    """A close frame's code and reason: an immutable, hashable pair.

    It unpacks as ``code, reason = close`` and compares equal to the tuple
    ``(code, reason)``. Building one does not check that it may be sent: that
    is :func:`encode`'s job, and ``Close(CloseCode.ABNORMAL)`` is a fine
    thing to report to an application.

    Args:
        code: The close code, converted to :class:`CloseCode`.
        reason: The close reason.

    Raises:
        TypeError: If ``code`` is not an ``int`` or ``reason`` not a ``str``.
        ValueError: If ``code`` does not fit in 16 bits.

    >>> close = Close(1001, "bye")
    >>> close.code, close.reason
    (<CloseCode.AWAY: 1001>, 'bye')
    >>> print(close)
    1001 (going away) bye
    """

    __slots__ = ()

    if TYPE_CHECKING:

        def __new__(cls, code: int, reason: str = "") -> Close:
            """What type checkers see: the metaclass's ``__call__`` does this."""

    @property
    def code(self) -> CloseCode:
        """The close code; ``STATUS`` (1005) when the frame had none."""
        return self[0]

    @property
    def reason(self) -> str:
        """The close reason; empty when the frame had none."""
        return self[1]

    def __repr__(self) -> str:
        return f"Close(code={self[0]!r}, reason={self[1]!r})"

    def __str__(self) -> str:
        code = self[0]
        text = f"{code} ({code.phrase})"
        return f"{text} {self[1]}" if self[1] else text


#: ``_build((code, reason))`` is a Close of that pair, unchecked: tuple's own
#: constructor, called as ``Close((code, reason))`` would be without the metaclass.
_build: Final[Callable[[tuple[CloseCode, str]], Close]] = type.__call__.__get__(Close)


def _check_types(code: object, reason: object) -> None:
    kind = type(code)
    if not issubclass(kind, int) or kind is bool:
        raise _type_error("close code must be an int", code)
    if not issubclass(type(reason), str):
        raise _type_error("close reason must be a str", reason)


def _type_error(expected: str, value: object) -> TypeError:
    return TypeError(f"{expected}, not {type(value).__name__}")


#: The default ``allow``: no extra code. Tested by identity on the hot paths.
_NO_ALLOW: Final = ()
#: The empty reason, tested by identity: any other empty str takes the longer way.
_EMPTY: Final = ""
#: str's own encoder: applied to a str subclass it ignores the subclass's
#: ``encode``, and applied to anything else it raises TypeError.
_utf8: Final = str.encode


class _Allowed(frozenset[int]):
    """Codes already checked by :func:`_check_allow`: passed on without a second check."""

    __slots__ = ()


def _check_allow(allow: object) -> frozenset[int]:
    """Check an ``allow=`` argument once; return its codes as a frozenset.

    Any iterable of ints (not ``str``, ``bytes`` or ``bool``) is read once, so an
    iterator or generator is copied, not used up by the first frame.

    Raises:
        TypeError: ``allow`` is not an iterable of ints, or is a ``str`` or bytes.
        ValueError: A code is not a reserved one (1004, 1016-2999).
    """
    if type(allow) is _Allowed:
        return allow
    if isinstance(allow, (str, bytes, bytearray, memoryview)):
        raise _type_error("allow= must be a collection of close codes", allow)
    try:
        values = list(allow)  # type: ignore[call-overload]
    except TypeError:
        raise _type_error("allow= must be a collection of close codes", allow) from None
    codes = []
    for value in values:
        kind = type(value)
        if not issubclass(kind, int) or kind is bool:
            raise TypeError(f"allow= must hold ints, not {_describe(value)}")
        code = int.__index__(value)
        if code not in RESERVED_CODES:
            raise ValueError(
                f"allow= may hold only reserved codes (1004, 1016-2999), not {_describe(code)}"
            )
        codes.append(code)
    return _Allowed(codes)


def _bad_reason(err: UnicodeEncodeError) -> ReasonEncodingError:
    return ReasonEncodingError(f"{err.reason} at reason index {err.start}", err.start, err.end)


def _bad_utf8(err: UnicodeDecodeError) -> ReasonEncodingError:
    start = err.start + 2
    return ReasonEncodingError(f"{err.reason} at payload offset {start}", start, err.end + 2)


# decode and encode run on every close frame, so they look codes up in tables
# built once (for decode, two lists indexed by the code's two bytes: faster than
# a dict), build Close with _build (40-50 ns less than tuple.__new__(Close, pair)
# on 3.9-3.13), test a code-only payload first, never call CloseCode, and take
# ``allow`` positionally too (a keyword-only parameter costs ~10% a call). A code
# the tables lack goes to _admit, which applies RFC 6455 §7.4 and adds codes in
# 3000-4999 as they are first seen. tests/reference.py states the rules plainly.
_NO_STATUS: Final = _build((CloseCode.STATUS, ""))
#: ``_CODES[high][low]``: each code that may be sent, by its two bytes, or None.
_CODES: Final[list[list[CloseCode | None]]] = [[None] * 256] * 256
#: ``_ROWS[high][low]``: the code-only Close of the same code, or None.
_ROWS: Final[list[list[Close | None]]] = [[None] * 256] * 256
for _high in {1000 >> 8, *range(3000 >> 8, (4999 >> 8) + 1)}:
    _CODES[_high] = [None] * 256
    _ROWS[_high] = [None] * 256
#: The 2-byte head for each code that may be sent; ``b""`` for STATUS (no code).
_HEADS: Final[dict[int, bytes]] = {CloseCode.STATUS: b""}


#: Every code-only Close in the tables, by code: the one point of truth when
#: threads see a new code at once (``setdefault`` is atomic), so each is unique.
_BARE: Final[dict[int, Close]] = {}


def _remember(code: CloseCode) -> Close:
    """Add a code that may be sent to the tables; return its code-only Close."""
    bare = _BARE.setdefault(code, _build((code, "")))
    _CODES[code >> 8][code & 0xFF] = code
    _ROWS[code >> 8][code & 0xFF] = bare
    _HEADS[code] = code.to_bytes(2, "big")
    return bare


for _code in CloseCode:
    if _code.is_sendable:
        _remember(_code)


def _admit(code: int, allow: frozenset[int] | tuple[()]) -> Close:
    """Return the code-only Close for a code the tables lack, or raise (§7.4.1, §7.4.2).

    ``code`` is an exact int; ``allow`` was checked by :func:`_check_allow`.
    """
    if code in LIBRARY_CODES or code in PRIVATE_CODES:
        return _remember(CloseCode(code))
    if code in allow:
        return _build((CloseCode(code), ""))
    raise CloseCodeError(code)


def decode(payload: bytes | bytearray | memoryview, allow: Iterable[int] = ()) -> Close:
    r"""Parse a close frame's payload (RFC 6455 §5.5, §5.5.1, §7.1.5, §7.1.6, §7.4).

    Args:
        payload: The unmasked payload: ``bytes``, ``bytearray`` or a
            ``memoryview`` of any shape or format, read as its bytes (a
            contiguous view is not copied; the length is checked first).
        allow: Extra reserved codes (1004, 1016-2999) to accept, for codes
            registered after this release: any iterable of ints, read once.

    Returns:
        The code and reason; ``Close(CloseCode.STATUS, "")`` for an empty payload.

    Raises:
        PayloadLengthError: The payload has 1 byte or more than 125.
        CloseCodeError: The code may not be sent: 0-999, 1004-1006, 1015,
            1016-2999 (unless allowed) or 5000-65535.
        ReasonEncodingError: The reason is not valid UTF-8.
        TypeError: The payload is not a buffer of bytes (or is a released
            ``memoryview``), or ``allow`` is not an iterable of ints.
        ValueError: ``allow`` holds a code that is not reserved (only 1004 and
            1016-2999 may be allowed), whatever the payload.

    The first three are :class:`CloseFrameError`: the peer's fault, with a
    ``reply_code`` to close the connection with. TypeError and ValueError are
    the caller's.

    >>> decode(b"\x03\xe8bye")
    Close(code=<CloseCode.NORMAL: 1000>, reason='bye')
    >>> try:
    ...     decode(b"\x03\xed")
    ... except CloseCodeError as err:
    ...     print(err, "->", err.reply_code.name)
    close code 1005 may not be sent on the wire: it is local-only (RFC 6455 §7.4.1) -> PROTOCOL
    """
    if allow is not _NO_ALLOW:
        allow = _check_allow(allow)
    if type(payload) is not bytes and type(payload) is not bytearray:
        return _decode_view(payload, allow)
    size = len(payload)
    if size == 2:
        return _ROWS[payload[0]][payload[1]] or _admit(payload[0] << 8 | payload[1], allow)
    if 2 < size <= MAX_PAYLOAD_SIZE:
        code = _CODES[payload[0]][payload[1]] or _admit(payload[0] << 8 | payload[1], allow)[0]
        try:
            return _build((code, payload[2:].decode()))
        except UnicodeDecodeError as err:
            raise _bad_utf8(err) from err
    if not size:
        return _NO_STATUS
    raise PayloadLengthError(size)


def _decode_view(payload: object, allow: frozenset[int] | tuple[()]) -> Close:
    """:func:`decode` for a memoryview, read in place, or a subclass of bytes or bytearray."""
    try:
        simple = (
            type(payload) is memoryview
            and payload.ndim == 1
            and payload.format == "B"
            and payload.c_contiguous
        )
    except ValueError:  # a released view
        raise TypeError("close payload is a released memoryview") from None
    view: memoryview = payload if simple else _byte_view(payload)  # type: ignore[assignment]
    size = len(view)
    if 2 < size <= MAX_PAYLOAD_SIZE:
        code = _CODES[view[0]][view[1]] or _admit(view[0] << 8 | view[1], allow)[0]
        try:
            return _build((code, str(view[2:], "utf-8")))
        except UnicodeDecodeError as err:
            raise _bad_utf8(err) from err
    if size == 2:
        return _ROWS[view[0]][view[1]] or _admit(view[0] << 8 | view[1], allow)
    if not size:
        return _NO_STATUS
    raise PayloadLengthError(size)


#: Stands for a payload of no bytes, whatever its shape: ``decode`` reads it as empty.
_EMPTY_VIEW: Final = memoryview(b"")


def _byte_view(payload: object) -> memoryview:
    """Return a 1-D view of ``payload``'s bytes, checking its length before any copy.

    Raises:
        PayloadLengthError: The payload has more than 125 bytes (not copied).
        TypeError: ``payload`` is not bytes, a bytearray or a memoryview.
    """
    if type(payload) is memoryview:
        size = payload.nbytes
        if size > MAX_PAYLOAD_SIZE:
            raise PayloadLengthError(size)
        return memoryview(payload.tobytes()) if size else _EMPTY_VIEW
    if isinstance(payload, (bytes, bytearray)):
        return memoryview(payload)
    raise _payload_type_error(payload)


def _payload_type_error(payload: object) -> TypeError:
    return _type_error("close payload must be bytes, bytearray or memoryview", payload)


def encode(code: int = CloseCode.NORMAL, reason: str = "", allow: Iterable[int] = ()) -> bytes:
    r"""Build a close frame's payload (RFC 6455 §5.5, §5.5.1, §7.4).

    ``CloseCode.STATUS`` (1005) stands for "no code" and gives the empty
    payload, so ``encode(*decode(b""))`` is ``b""``. No code or reason is ever
    rewritten: what cannot be sent raises. What ``encode`` returns, ``decode``
    accepts (with the same ``allow``).

    Args:
        code: The close code: a :class:`CloseCode` or an ``int`` (a subclass of
            ``int`` counts by its int value).
        reason: The close reason: a ``str`` (a subclass is encoded as the
            ``str`` it holds, never by its own methods), at most 123 bytes once
            UTF-8 encoded; see :func:`truncate_reason` to fit a longer one.
        allow: Extra reserved codes (1004, 1016-2999) to accept, for codes
            registered after this release: any iterable of ints, read once.

    Returns:
        The code as 2 big-endian bytes, then the reason as UTF-8; ``b""`` for ``STATUS``.

    Raises:
        CloseCodeError: The code may not be sent (local-only, reserved,
            outside 1000-4999).
        ReasonLengthError: The reason is over 123 bytes, or given with ``STATUS``.
        ReasonEncodingError: The reason holds a lone surrogate.
        TypeError: ``code`` is not an ``int`` (or is a ``bool``), ``reason``
            not a ``str``, or ``allow`` not an iterable of ints. Types are
            checked before any value.
        ValueError: ``allow`` holds a code that is not reserved (only 1004 and
            1016-2999 may be allowed), whatever the code.

    >>> encode(CloseCode.AWAY, "bye")
    b'\x03\xe9bye'
    """
    kind = type(code)
    if (kind is not int and kind is not CloseCode) or allow is not _NO_ALLOW:
        return _encode_checked(code, reason, allow)
    try:
        head = _HEADS[code]
    except KeyError:
        return _encode_checked(code, reason, allow)
    if reason is _EMPTY:
        return head
    try:
        payload = head + _utf8(reason)  # str's own encode: a TypeError for any other type
    except UnicodeEncodeError as err:
        raise _bad_reason(err) from err
    except TypeError:
        raise _type_error("close reason must be a str", reason) from None
    if len(payload) > MAX_PAYLOAD_SIZE or not head:
        size = len(payload) - len(head)
        if not size:  # STATUS with an empty str that is not the shared one
            return payload
        raise ReasonLengthError(size, MAX_REASON_SIZE if head else 0)
    return payload


def _encode_checked(code: object, reason: object, allow: object) -> bytes:
    """:func:`encode` for any argument types, a code the tables lack, or an ``allow``."""
    _check_types(code, reason)  # types are reported before values
    number = int.__index__(code)  # type: ignore[arg-type]
    checked = allow if allow is _NO_ALLOW else _check_allow(allow)
    head = _HEADS.get(number)
    if head is None:
        head = _admit(number, checked)[0].to_bytes(2, "big")
    try:
        data = _utf8(reason)  # type: ignore[arg-type]
    except UnicodeEncodeError as err:
        raise _bad_reason(err) from err
    if not data:
        return head
    if len(data) > MAX_REASON_SIZE or not head:
        raise ReasonLengthError(len(data), MAX_REASON_SIZE if head else 0)
    return head + data


def truncate_reason(reason: str, limit: int = MAX_REASON_SIZE) -> str:
    """Return the longest prefix of ``reason`` that fits in ``limit`` UTF-8 bytes.

    The cut falls between code points, never inside one (RFC 6455 §5.5.1).

    Args:
        reason: The reason to fit.
        limit: The most bytes the result may take, from 0 to 123.

    Raises:
        ReasonEncodingError: The reason holds a lone surrogate.
        TypeError: ``reason`` is not a ``str`` or ``limit`` not an ``int``.
        ValueError: ``limit`` is outside 0-123.

    >>> truncate_reason("déjà vu", 4)
    'déj'
    """
    if not isinstance(reason, str):
        raise _type_error("close reason must be a str", reason)
    if not isinstance(limit, int) or isinstance(limit, bool):
        raise _type_error("limit must be an int", limit)
    if not 0 <= limit <= MAX_REASON_SIZE:
        raise ValueError(f"limit must be from 0 to {MAX_REASON_SIZE}, not {limit}")
    try:
        data = _utf8(reason)  # a str subclass is measured as the str it holds
    except UnicodeEncodeError as err:
        raise _bad_reason(err) from err
    if len(data) <= limit:
        return reason
    return data[:limit].decode("utf-8", "ignore")
