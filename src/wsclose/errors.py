"""The errors wsclose raises for close payloads and arguments it rejects."""

from __future__ import annotations

from .codes import CloseCode, CodeCategory

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import ClassVar

__all__ = [
    "CloseCodeError",
    "CloseFrameError",
    "PayloadLengthError",
    "ReasonEncodingError",
    "ReasonLengthError",
    "WscloseError",
]

# Each error keeps its data in ``args`` and writes its message only when it is
# read: a rejected frame costs little more than a bare raise.


class WscloseError(Exception):
    """Base class of every error wsclose defines: one ``except`` catches them all.

    :class:`CloseFrameError` is for close frames and their parts, which carry a
    ``reply_code``; other subclasses (such as a handshake driven out of turn) do not.
    """


class CloseFrameError(WscloseError, ValueError):
    """Base class of every error wsclose raises for a close payload or its parts.

    ``reply_code`` is the code an endpoint that received such a payload closes
    the connection with (RFC 6455 §7.4.1): ``PROTOCOL`` (1002) for a malformed
    frame, ``INVALID`` (1007) for a reason that is not UTF-8. Encode errors carry
    it too: it is what a peer would answer if the payload were sent anyway.
    """

    reply_code: ClassVar[CloseCode] = CloseCode.PROTOCOL


class PayloadLengthError(CloseFrameError):
    """A close payload of 1 byte, or of more than 125 bytes (RFC 6455 §5.5, §5.5.1).

    Attributes:
        length: The payload's length in bytes.
    """

    if TYPE_CHECKING:

        def __init__(self, length: int) -> None: ...

    @property
    def length(self) -> int:
        """The payload's length in bytes."""
        length: int = self.args[0]
        return length

    def __str__(self) -> str:
        if self.length == 1:
            return "close payload of 1 byte: a code needs 2"
        return f"close payload of {self.length} bytes: the limit is 125"


class ReasonLengthError(CloseFrameError):
    """A reason too long to send: over 123 UTF-8 bytes, or any with no code (§5.5.1).

    Attributes:
        length: The reason's length in bytes, as UTF-8.
        limit: The most bytes the reason may have: 123, or 0 with ``STATUS`` (1005).
    """

    if TYPE_CHECKING:

        def __init__(self, length: int, limit: int) -> None: ...

    @property
    def length(self) -> int:
        """The reason's length in bytes, as UTF-8."""
        length: int = self.args[0]
        return length

    @property
    def limit(self) -> int:
        """The most bytes the reason may have."""
        limit: int = self.args[1]
        return limit

    def __str__(self) -> str:
        if self.limit:
            return f"close reason of {self.length} bytes in UTF-8: the limit is {self.limit}"
        return f"close reason of {self.length} bytes with code 1005: a reason needs a close code"


class CloseCodeError(CloseFrameError):
    """A close code that may not be sent in a close frame (RFC 6455 §7.4.1, §7.4.2).

    Attributes:
        code: The code, as given or as read from the payload.
    """

    if TYPE_CHECKING:

        def __init__(self, code: int) -> None: ...

    @property
    def code(self) -> int:
        """The code, as given or as read from the payload."""
        code: int = self.args[0]
        return code

    def __str__(self) -> str:
        code = self.code
        if 0 <= code <= 0xFFFF:
            why = _WHY.get(CloseCode(code).category, "it is not allowed here")
        else:
            why = "it does not fit in 16 bits"
        return f"close code {code} may not be sent on the wire: {why}"


class ReasonEncodingError(CloseFrameError):
    """A reason that is not valid UTF-8 (RFC 6455 §5.5.1, §8.1).

    Its ``reply_code`` is ``INVALID`` (1007).

    Attributes:
        detail: What is wrong, as the UTF-8 codec says it.
        start: Where the bad data starts: a byte offset in the payload when
            decoding, a character index in the reason when encoding.
        end: Where the bad data ends, in the same unit.
    """

    reply_code: ClassVar[CloseCode] = CloseCode.INVALID

    if TYPE_CHECKING:

        def __init__(self, detail: str, start: int, end: int) -> None: ...

    @property
    def detail(self) -> str:
        """What is wrong, as the UTF-8 codec says it."""
        detail: str = self.args[0]
        return detail

    @property
    def start(self) -> int:
        """Where the bad data starts."""
        start: int = self.args[1]
        return start

    @property
    def end(self) -> int:
        """Where the bad data ends."""
        end: int = self.args[2]
        return end

    def __str__(self) -> str:
        return f"close reason is not valid UTF-8: {self.detail}"


_WHY = {
    CodeCategory.LOCAL_ONLY: "it is local-only (RFC 6455 §7.4.1)",
    CodeCategory.RESERVED: "it is reserved (RFC 6455 §7.4.2)",
    CodeCategory.OUT_OF_RANGE: "it is outside 1000-4999 (RFC 6455 §7.4.2)",
}
