"""The close frame payload: a 2-byte code and a UTF-8 reason (RFC 6455 §5.5.1)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, Union

from .codes import LIBRARY_CODES, LOCAL_ONLY_CODES, PRIVATE_CODES, PROTOCOL_CODES, CloseCode
from .errors import (
    CloseCodeError,
    PayloadLengthError,
    ReasonEncodingError,
    ReasonLengthError,
)

if TYPE_CHECKING:
    from collections.abc import Container

__all__ = [
    "MAX_PAYLOAD_SIZE",
    "MAX_REASON_SIZE",
    "BytesLike",
    "Close",
    "decode",
    "encode",
    "truncate_reason",
]

#: The most bytes a control frame's payload may hold (RFC 6455 §5.5).
MAX_PAYLOAD_SIZE: Final = 125
#: The most bytes of UTF-8 a close reason may hold: 125 less the 2-byte code.
MAX_REASON_SIZE: Final = MAX_PAYLOAD_SIZE - 2

#: What :func:`decode` reads: any contiguous buffer of bytes.
BytesLike = Union[bytes, bytearray, memoryview]


class Close(tuple[CloseCode, str]):
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

    def __new__(cls, code: int, reason: str = "") -> Close:
        """Build a close value from a code and a reason."""
        _check_types(code, reason)
        return tuple.__new__(cls, (CloseCode(code), reason))

    @property
    def code(self) -> CloseCode:
        """The close code; ``STATUS`` (1005) when the frame had none."""
        return self[0]

    @property
    def reason(self) -> str:
        """The close reason; empty when the frame had none."""
        return self[1]

    def __getnewargs__(self) -> tuple[CloseCode, str]:
        return self[0], self[1]

    def __repr__(self) -> str:
        return f"Close(code={self[0]!r}, reason={self[1]!r})"

    def __str__(self) -> str:
        code = self[0]
        text = f"{code} ({code.phrase})"
        return f"{text} {self[1]}" if self[1] else text


_new: Final = tuple.__new__


def _check_types(code: object, reason: object) -> None:
    if not isinstance(code, int) or isinstance(code, bool):
        raise TypeError(f"close code must be an int, not {type(code).__name__}")
    if not isinstance(reason, str):
        raise TypeError(f"close reason must be a str, not {type(reason).__name__}")


def _sendable(code: int, allow: Container[int]) -> CloseCode:
    """Return ``code`` as a CloseCode if it may be sent, else raise (§7.4.1, §7.4.2)."""
    value = int(code)
    if value in LIBRARY_CODES or value in PRIVATE_CODES:
        return CloseCode(value)
    if value in allow:
        if value in PROTOCOL_CODES and value not in LOCAL_ONLY_CODES:
            return CloseCode(value)
        raise ValueError(f"allow= may hold only reserved codes (1004, 1016-2999), not {value}")
    raise CloseCodeError(value)


def _utf8(reason: str) -> bytes:
    try:
        return reason.encode("utf-8")
    except UnicodeEncodeError as err:
        raise ReasonEncodingError(
            f"{err.reason} at reason index {err.start}", err.start, err.end
        ) from err


# The hot paths below look codes up in these tables instead of calling
# CloseCode: codes sent in 3000-4999 are added as first seen.
_NO_STATUS: Final = _new(Close, (CloseCode.STATUS, ""))
_BARE: Final[dict[int, Close]] = {
    code: _new(Close, (code, "")) for code in CloseCode if code.is_sendable
}
_HEADS: Final[dict[int, bytes]] = {code: code.to_bytes(2, "big") for code in _BARE}
_HEADS[CloseCode.STATUS] = b""


def decode(payload: BytesLike, *, allow: Container[int] = ()) -> Close:
    r"""Parse a close frame's payload (RFC 6455 §5.5, §5.5.1, §7.1.5, §7.1.6, §7.4).

    Args:
        payload: The unmasked payload: ``bytes``, ``bytearray`` or a
            ``memoryview`` of bytes, which is not copied.
        allow: Extra reserved codes (1004, 1016-2999) to accept, for codes
            registered after this release.

    Returns:
        The code and reason; ``Close(CloseCode.STATUS, "")`` for an empty payload.

    Raises:
        PayloadLengthError: The payload has 1 byte or more than 125.
        CloseCodeError: The code may not be sent: 0-999, 1004-1006, 1015,
            1016-2999 (unless allowed) or 5000-65535.
        ReasonEncodingError: The reason is not valid UTF-8.
        TypeError: The payload is not a buffer of bytes.
        ValueError: ``allow`` holds a local-only code, and the payload has it.

    Every :class:`CloseFrameError` has a ``reply_code`` to close the connection with.

    >>> decode(b"\x03\xe8bye")
    Close(code=<CloseCode.NORMAL: 1000>, reason='bye')
    >>> try:
    ...     decode(b"\x03\xed")
    ... except CloseCodeError as err:
    ...     print(err, "->", err.reply_code.name)
    close code 1005 may not be sent on the wire: it is local-only (RFC 6455 §7.4.1) -> PROTOCOL
    """
    kind = type(payload)
    if kind is not bytes and kind is not bytearray:
        payload = _byte_view(payload)
    size = len(payload)
    if size > 2:
        if size > MAX_PAYLOAD_SIZE:
            raise PayloadLengthError(size)
        bare = _BARE.get(payload[0] << 8 | payload[1])
        if bare is None:
            bare = _admit(payload[0] << 8 | payload[1], allow)
        try:
            return _new(Close, (bare[0], str(payload[2:], "utf-8")))
        except UnicodeDecodeError as err:
            raise _bad_utf8(err) from err
    if size == 2:
        bare = _BARE.get(payload[0] << 8 | payload[1])
        return _admit(payload[0] << 8 | payload[1], allow) if bare is None else bare
    if size == 0:
        return _NO_STATUS
    raise PayloadLengthError(size)


def _byte_view(payload: object) -> BytesLike:
    """Return ``payload`` as bytes-like with one byte per item, or raise TypeError."""
    if isinstance(payload, memoryview):
        if not payload.c_contiguous:
            return payload.tobytes()
        return payload if payload.format == "B" and payload.ndim == 1 else payload.cast("B")
    if isinstance(payload, (bytes, bytearray)):
        return payload
    raise TypeError(
        f"close payload must be bytes, bytearray or memoryview, not {type(payload).__name__}"
    )


def _admit(code: int, allow: Container[int]) -> Close:
    bare = _new(Close, (_sendable(code, allow), ""))
    if code in PROTOCOL_CODES:
        return bare
    return _BARE.setdefault(code, bare)


def _bad_utf8(err: UnicodeDecodeError) -> ReasonEncodingError:
    start, end = err.start + 2, err.end + 2
    bad = bytes(err.object[err.start : err.end]).hex(" ")
    return ReasonEncodingError(f"{err.reason} {bad} at payload offset {start}", start, end)


def encode(code: int = CloseCode.NORMAL, reason: str = "", *, allow: Container[int] = ()) -> bytes:
    r"""Build a close frame's payload (RFC 6455 §5.5, §5.5.1, §7.4).

    ``CloseCode.STATUS`` (1005) stands for "no code" and gives the empty
    payload, so ``encode(*decode(b"")) == b""``. No code or reason is ever
    rewritten: what cannot be sent raises.

    Args:
        code: The close code: a :class:`CloseCode` or an ``int``.
        reason: The close reason, at most 123 bytes once UTF-8 encoded; see
            :func:`truncate_reason` to fit a longer one.
        allow: Extra reserved codes (1004, 1016-2999) to accept, for codes
            registered after this release.

    Returns:
        The payload: the code as 2 big-endian bytes, then the reason as UTF-8.

    Raises:
        CloseCodeError: The code may not be sent (local-only, reserved,
            outside 1000-4999).
        ReasonLengthError: The reason is over 123 bytes, or given with ``STATUS``.
        ReasonEncodingError: The reason holds a lone surrogate.
        TypeError: ``code`` is not an ``int`` or ``reason`` not a ``str``.
        ValueError: ``allow`` holds a local-only code, and ``code`` is it.

    >>> encode(CloseCode.AWAY, "bye")
    b'\x03\xe9bye'
    """
    kind = type(code)
    if (kind is not CloseCode and kind is not int) or type(reason) is not str:
        _check_types(code, reason)
    head = _HEADS.get(code)
    if head is None:
        head = _head(code, allow)
    if not reason:
        return head
    data = _utf8(reason)
    if len(data) > MAX_REASON_SIZE or not head:
        raise ReasonLengthError(len(data), MAX_REASON_SIZE if head else 0)
    return head + data


def _head(code: int, allow: Container[int]) -> bytes:
    head = _sendable(code, allow).to_bytes(2, "big")
    if code in PROTOCOL_CODES:
        return head
    return _HEADS.setdefault(code, head)


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
        raise TypeError(f"close reason must be a str, not {type(reason).__name__}")
    if not isinstance(limit, int) or isinstance(limit, bool):
        raise TypeError(f"limit must be an int, not {type(limit).__name__}")
    if not 0 <= limit <= MAX_REASON_SIZE:
        raise ValueError(f"limit must be from 0 to {MAX_REASON_SIZE}, not {limit}")
    data = _utf8(reason)
    if len(data) <= limit:
        return reason
    return data[:limit].decode("utf-8", "ignore")
