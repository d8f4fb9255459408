"""The errors wsclose raises for close payloads and arguments it rejects."""

from __future__ import annotations

from typing import ClassVar

from .codes import CloseCode, CodeCategory

__all__ = [
    "CloseCodeError",
    "CloseFrameError",
    "PayloadLengthError",
    "ReasonEncodingError",
    "ReasonLengthError",
]


class CloseFrameError(ValueError):
    """Base class of every error wsclose raises for a close payload or its parts.

    ``reply_code`` is the code an endpoint that received such a payload closes
    the connection with (RFC 6455 §7.4.1): ``PROTOCOL`` (1002) for a malformed
    frame, ``INVALID`` (1007) for a reason that is not UTF-8. Encode errors carry
    it too: it is what a peer would answer if the payload were sent anyway.
    """

    reply_code: ClassVar[CloseCode] = CloseCode.PROTOCOL

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self._init_args: tuple[object, ...] = (message,)

    def __reduce__(self) -> tuple[type[CloseFrameError], tuple[object, ...]]:
        return type(self), self._init_args


class PayloadLengthError(CloseFrameError):
    """A close payload of 1 byte, or of more than 125 bytes (RFC 6455 §5.5, §5.5.1).

    Attributes:
        length: The payload's length in bytes.
    """

    def __init__(self, length: int) -> None:
        if length == 1:
            message = "close payload of 1 byte: a code needs 2"
        else:
            message = f"close payload of {length} bytes: the limit is 125"
        super().__init__(message)
        self._init_args = (length,)
        self.length = length


class ReasonLengthError(CloseFrameError):
    """A reason too long to send: over 123 UTF-8 bytes, or any with no code (§5.5.1).

    Attributes:
        length: The reason's length in bytes, as UTF-8.
        limit: The most bytes the reason may have: 123, or 0 with ``STATUS`` (1005).
    """

    def __init__(self, length: int, limit: int) -> None:
        if limit:
            message = f"close reason of {length} bytes in UTF-8: the limit is {limit}"
        else:
            message = f"close reason of {length} bytes with code 1005: a reason needs a close code"
        super().__init__(message)
        self._init_args = (length, limit)
        self.length = length
        self.limit = limit


class CloseCodeError(CloseFrameError):
    """A close code that may not be sent in a close frame (RFC 6455 §7.4.1, §7.4.2).

    Attributes:
        code: The code, as given or as read from the payload.
    """

    def __init__(self, code: int) -> None:
        why = _WHY[CloseCode(code).category] if 0 <= code <= 65535 else "it does not fit in 16 bits"
        super().__init__(f"close code {code} may not be sent on the wire: {why}")
        self._init_args = (code,)
        self.code = code


class ReasonEncodingError(CloseFrameError):
    """A reason that is not valid UTF-8 (RFC 6455 §5.5.1, §8.1).

    Its ``reply_code`` is ``INVALID`` (1007).

    Attributes:
        start: Where the bad data starts: a byte offset in the payload when
            decoding, a character index in the reason when encoding.
        end: Where the bad data ends, in the same unit.
    """

    reply_code: ClassVar[CloseCode] = CloseCode.INVALID

    def __init__(self, detail: str, start: int, end: int) -> None:
        super().__init__(f"close reason is not valid UTF-8: {detail}")
        self._init_args = (detail, start, end)
        self.start = start
        self.end = end


_WHY = {
    CodeCategory.LOCAL_ONLY: "it is local-only (RFC 6455 §7.4.1)",
    CodeCategory.RESERVED: "it is reserved (RFC 6455 §7.4.2)",
    CodeCategory.OUT_OF_RANGE: "it is outside 1000-4999 (RFC 6455 §7.4.2)",
}
