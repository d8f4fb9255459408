"""The errors wsclose raises for close payloads and arguments it rejects."""

from __future__ import annotations

from .codes import CloseCode, CodeCategory

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import ClassVar, Final

__all__ = [
    "CloseCodeError",
    "CloseFrameError",
    "PayloadLengthError",
    "ReasonEncodingError",
    "ReasonLengthError",
    "WscloseError",
]

# Each error keeps its data in ``args`` and writes its message only when it is
# read: a rejected frame costs little more than a bare raise (no ``__init__``).
# ``__str__`` never raises, whatever the arguments: when they are not the ones
# documented, the message falls back to a summary and a safe view of ``args``.

#: Ints with more bits than this print as their size: str() of a huge int can raise.
_MAX_PRINTED_BITS: Final = 1024
#: The most characters of a str argument a fallback message shows.
_MAX_PRINTED_CHARS: Final = 60


def _number(value: int) -> str:
    """Write an int in decimal, or its size when it is too big to print safely."""
    value = int.__index__(value)
    bits = value.bit_length()
    if bits <= _MAX_PRINTED_BITS:
        return repr(value)
    return f"a {'negative ' if value < 0 else ''}{bits}-bit number"


def _describe(value: object) -> str:
    """Show any value without calling its own ``__str__``/``__repr__``/``__format__``."""
    kind = type(value)
    if kind is bool:
        return "True" if value else "False"
    if issubclass(kind, int):
        return _number(value)  # type: ignore[arg-type]
    if issubclass(kind, str):
        text = str.__str__(value)
        if len(text) > _MAX_PRINTED_CHARS:
            text = text[:_MAX_PRINTED_CHARS] + "..."
        return repr(text)
    return f"a {kind.__name__} object"


def _plural(count: int, unit: str) -> str:
    """``"1 byte"``, ``"2 bytes"``, ``"a 2000-bit number of bytes"``."""
    if count == 1:
        return f"1 {unit}"
    number = _number(count)
    return f"{number} {unit}s" if number[0] != "a" else f"{number} of {unit}s"


class WscloseError(Exception):
    """Base class of every error wsclose defines: one ``except`` catches them all.

    :class:`CloseFrameError` is for close frames and their parts, which carry a
    ``reply_code``; other subclasses (such as a handshake driven out of turn) do not.
    ``str()`` of any of them never raises, whatever arguments it was built with.
    """

    #: What the error is about, for a message whose arguments are not as documented.
    _summary: ClassVar[str] = "wsclose error"

    def __str__(self) -> str:
        try:
            return self._message()
        except Exception:  # arguments not as documented: say what there is
            if not self.args:
                return self._summary
            return f"{self._summary} ({', '.join(map(_describe, self.args))})"

    def _message(self) -> str:
        """The message, from arguments as documented; may raise if they are not."""
        args = self.args
        if len(args) == 1 and type(args[0]) is str:
            return args[0]
        raise TypeError(args)


class CloseFrameError(WscloseError, ValueError):
    """Base class of every error wsclose raises for a close payload or its parts.

    ``reply_code`` is the code an endpoint that received such a payload closes
    the connection with (RFC 6455 §7.4.1): ``PROTOCOL`` (1002) for a malformed
    frame, ``INVALID`` (1007) for a reason that is not UTF-8. Encode errors carry
    it too: it is what a peer would answer if the payload were sent anyway.
    """

    reply_code: ClassVar[CloseCode] = CloseCode.PROTOCOL
    _summary = "close frame error"


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

    _summary = "close payload of a length that may not be sent"

    def _message(self) -> str:
        (length,) = self.args
        if length == 1:
            return "close payload of 1 byte: a code needs 2"
        return f"close payload of {_plural(length, 'byte')}: the limit is 125"


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

    _summary = "close reason too long to send"

    def _message(self) -> str:
        length, limit = self.args
        size = _plural(length, "byte")
        if limit:
            return f"close reason of {size} in UTF-8: the limit is {_number(limit)}"
        return f"close reason of {size} with code 1005: a reason needs a close code"


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

    _summary = "close code that may not be sent"

    def _message(self) -> str:
        (code,) = self.args
        code = int.__index__(code)
        if 0 <= code <= 0xFFFF:
            why = _WHY.get(CloseCode(code).category, "it is not allowed here")
        else:
            why = "it does not fit in 16 bits"
        return f"close code {_number(code)} may not be sent on the wire: {why}"


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

    _summary = "close reason is not valid UTF-8"

    def _message(self) -> str:
        detail, _, _ = self.args
        return f"close reason is not valid UTF-8: {str.__str__(detail)}"


_WHY = {
    CodeCategory.LOCAL_ONLY: "it is local-only (RFC 6455 §7.4.1)",
    CodeCategory.RESERVED: "it is reserved (RFC 6455 §7.4.2)",
    CodeCategory.OUT_OF_RANGE: "it is outside 1000-4999 (RFC 6455 §7.4.2)",
}
