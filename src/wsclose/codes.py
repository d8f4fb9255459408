"""Close status codes and how RFC 6455 classifies them (§7.4)."""

from __future__ import annotations

import enum

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

__all__ = ["CloseCode", "CodeCategory"]

#: Codes reserved for this protocol, its revisions and extensions (§7.4.2).
PROTOCOL_CODES: Final = range(1000, 3000)
#: Codes for libraries, frameworks and applications, registered with IANA (§7.4.2).
LIBRARY_CODES: Final = range(3000, 4000)
#: Codes for private use, never registered (§7.4.2).
PRIVATE_CODES: Final = range(4000, 5000)
#: Every value a close frame's 2-byte code field can hold (§5.5.1).
ALL_CODES: Final = range(1 << 16)
#: Codes reported to applications but never sent in a close frame (§7.4.1).
LOCAL_ONLY_CODES: Final = frozenset({1005, 1006, 1015})
#: Codes kept for future revisions of the protocol: 1004 and 1016-2999 (§7.4.2).
RESERVED_CODES: Final = frozenset({1004, *range(1016, PROTOCOL_CODES.stop)})
#: Codes the WHATWG WebSocket standard lets a page pass to ``WebSocket.close()``.
BROWSER_CODES: Final = frozenset({1000, *LIBRARY_CODES, *PRIVATE_CODES})


class CodeCategory(str, enum.Enum):
    """Where a close code stands in RFC 6455 §7.4.

    Every 16-bit code falls in exactly one category.
    """

    #: Defined by RFC 6455 §7.4.1 or registered with IANA in 1000-2999; may be sent.
    STANDARD = "standard"
    #: 1005, 1006 and 1015: reported to applications, never sent (§7.4.1).
    LOCAL_ONLY = "local-only"
    #: 1004 and 1016-2999: kept for future revisions of the protocol (§7.4.2).
    RESERVED = "reserved"
    #: 3000-3999: for libraries, frameworks and applications, registered with IANA.
    LIBRARY = "library"
    #: 4000-4999: for private use.
    PRIVATE = "private"
    #: 0-999 and 5000-65535: not used by the protocol (§7.4.2).
    OUT_OF_RANGE = "out-of-range"

    def __str__(self) -> str:
        return self.value


_SENDABLE_CATEGORIES: Final = frozenset(
    {CodeCategory.STANDARD, CodeCategory.LIBRARY, CodeCategory.PRIVATE}
)
_RESERVED_CATEGORIES: Final = frozenset({CodeCategory.LOCAL_ONLY, CodeCategory.RESERVED})


if TYPE_CHECKING:
    _CloseCodeType = enum.EnumMeta  # type checkers keep their enum support
else:

    class _CloseCodeType(enum.EnumMeta):
        """Takes one int: ``CloseCode(1000.0)`` and ``CloseCode(1000, module=None)`` are TypeErrors.

        The enum has members, so the functional API's extra arguments can never
        apply; an int subclass is looked up by its int value, never its own hash.
        """

        def __call__(cls, value: object, *args: object, **kwargs: object) -> object:
            if args or kwargs:
                raise TypeError("CloseCode() takes exactly one argument: the code")
            kind = type(value)
            if kind is not int and kind is not cls:
                if not issubclass(kind, int) or kind is bool:
                    raise TypeError(f"close code must be an int, not {kind.__name__}")
                value = int.__index__(value)  # type: ignore[arg-type]
            return super().__call__(value)


class CloseCode(enum.IntEnum, metaclass=_CloseCodeType):
    """A close status code (RFC 6455 §7.4), total over 16 bits.

    Member names follow the Rust crate ws-rs; the names websockets uses are
    aliases of the same members. ``CloseCode(n)`` returns a ``CloseCode`` for
    every ``0 <= n <= 65535``: codes without a name are cached pseudo-members,
    equal to their number, identical on every call. Iteration yields only the
    named members.

    >>> CloseCode(1001), CloseCode.GOING_AWAY is CloseCode.AWAY
    (<CloseCode.AWAY: 1001>, True)
    >>> CloseCode(4001) == 4001, CloseCode(4001) is CloseCode(4001)
    (True, True)
    >>> CloseCode(4001).category, CloseCode(1005).is_sendable
    (<CodeCategory.PRIVATE: 'private'>, False)
    """

    #: 1000: the purpose of the connection has been fulfilled.
    NORMAL = 1000
    #: 1001: the endpoint is going away (server shutting down, page left).
    AWAY = 1001
    #: 1002: the endpoint saw a protocol error.
    PROTOCOL = 1002
    #: 1003: the endpoint received a type of data it cannot accept.
    UNSUPPORTED = 1003
    #: 1005: local-only; the close frame carried no status code.
    STATUS = 1005
    #: 1006: local-only; the connection dropped without a close frame.
    ABNORMAL = 1006
    #: 1007: a message's data did not match its type (bad UTF-8 in text).
    INVALID = 1007
    #: 1008: a message violated the endpoint's policy.
    POLICY = 1008
    #: 1009: a message was too big to process.
    SIZE = 1009
    #: 1010: the client needed an extension the server did not negotiate.
    EXTENSION = 1010
    #: 1011: the server met an unexpected condition.
    ERROR = 1011
    #: 1012: the service is restarting (IANA).
    RESTART = 1012
    #: 1013: the service is overloaded; try again later (IANA).
    AGAIN = 1013
    #: 1014: a gateway or proxy received an invalid upstream response (IANA).
    BAD_GATEWAY = 1014
    #: 1015: local-only; the TLS handshake failed.
    TLS = 1015
    #: 3000: the request lacked valid authentication (IANA).
    UNAUTHORIZED = 3000
    #: 3003: the request was authenticated but is not allowed (IANA).
    FORBIDDEN = 3003
    #: 3008: the connection timed out (IANA).
    TIMEOUT = 3008

    NORMAL_CLOSURE = 1000
    GOING_AWAY = 1001
    PROTOCOL_ERROR = 1002
    UNSUPPORTED_DATA = 1003
    NO_STATUS_RCVD = 1005
    ABNORMAL_CLOSURE = 1006
    INVALID_DATA = 1007
    POLICY_VIOLATION = 1008
    MESSAGE_TOO_BIG = 1009
    MANDATORY_EXTENSION = 1010
    INTERNAL_ERROR = 1011
    SERVICE_RESTART = 1012
    TRY_AGAIN_LATER = 1013
    TLS_HANDSHAKE = 1015

    @classmethod
    def _missing_(cls, value: object) -> CloseCode | None:
        if type(value) is not int or value not in ALL_CODES:
            return None  # the metaclass passes only ints: this is for direct calls
        cached = _PSEUDO_MEMBERS.get(value)
        if cached is not None:
            return cached
        member = int.__new__(cls, value)
        member._name_ = str(value)
        member._value_ = value
        return _PSEUDO_MEMBERS.setdefault(value, member)

    def __str__(self) -> str:
        return int.__repr__(self)

    def __format__(self, format_spec: str) -> str:
        return int.__format__(self, format_spec)

    @property
    def category(self) -> CodeCategory:
        """The code's :class:`CodeCategory` (RFC 6455 §7.4.1, §7.4.2)."""
        value = self._value_
        if value in PROTOCOL_CODES:
            if value in LOCAL_ONLY_CODES:
                return CodeCategory.LOCAL_ONLY
            if value in _MEANINGS:
                return CodeCategory.STANDARD
            return CodeCategory.RESERVED
        if value in LIBRARY_CODES:
            return CodeCategory.LIBRARY
        if value in PRIVATE_CODES:
            return CodeCategory.PRIVATE
        return CodeCategory.OUT_OF_RANGE

    @property
    def is_sendable(self) -> bool:
        """Whether the code may be sent in a close frame (RFC 6455 §7.4)."""
        return self.category in _SENDABLE_CATEGORIES

    @property
    def is_local_only(self) -> bool:
        """Whether the code is reported locally but never sent: 1005, 1006, 1015 (§7.4.1)."""
        return self in LOCAL_ONLY_CODES

    @property
    def is_reserved(self) -> bool:
        """Whether RFC 6455 reserves the code: 1004, 1016-2999 and the local-only codes."""
        return self.category in _RESERVED_CATEGORIES

    @property
    def is_library(self) -> bool:
        """Whether the code is in 3000-3999, registered with IANA by libraries (§7.4.2)."""
        return self._value_ in LIBRARY_CODES

    @property
    def is_private(self) -> bool:
        """Whether the code is in 4000-4999, for private use (§7.4.2)."""
        return self._value_ in PRIVATE_CODES

    @property
    def is_out_of_range(self) -> bool:
        """Whether the code is outside 1000-4999, which the protocol leaves unused (§7.4.2)."""
        return self.category is CodeCategory.OUT_OF_RANGE

    @property
    def is_browser_allowed(self) -> bool:
        """Whether a page may pass the code to ``WebSocket.close()`` (WHATWG WebSockets)."""
        return self in BROWSER_CODES

    @property
    def phrase(self) -> str:
        """A short name for the code, as in the IANA registry: ``"going away"``."""
        meaning = _MEANINGS.get(self)
        return _CATEGORY_TEXTS[self.category][0] if meaning is None else meaning[0]

    @property
    def description(self) -> str:
        """One sentence on what the code means (RFC 6455 §7.4.1, IANA registry)."""
        meaning = _MEANINGS.get(self)
        return _CATEGORY_TEXTS[self.category][1] if meaning is None else meaning[1]


_PSEUDO_MEMBERS: dict[int, CloseCode] = {}

# Codes with a meaning of their own: (phrase, description).
_MEANINGS: Final[dict[int, tuple[str, str]]] = {
    1000: (
        "normal closure",
        "The purpose for which the connection was established has been fulfilled.",
    ),
    1001: (
        "going away",
        "The endpoint is going away, such as a server shutting down or a browser leaving the page.",
    ),
    1002: ("protocol error", "The endpoint is closing because of a protocol error."),
    1003: (
        "unsupported data",
        "The endpoint received a type of data it cannot accept, such as binary "
        "data on a text-only connection.",
    ),
    1005: (
        "no status received",
        "The close frame carried no status code; reported locally, never sent.",
    ),
    1006: (
        "abnormal closure",
        "The connection was lost without a close frame; reported locally, never sent.",
    ),
    1007: (
        "invalid frame payload data",
        "The endpoint received data inconsistent with its message type, such as "
        "invalid UTF-8 in a text message.",
    ),
    1008: (
        "policy violation",
        "The endpoint received a message that violates its policy.",
    ),
    1009: (
        "message too big",
        "The endpoint received a message too big for it to process.",
    ),
    1010: (
        "mandatory extension",
        "The client needed an extension that the server did not negotiate.",
    ),
    1011: (
        "internal error",
        "The server met an unexpected condition that kept it from fulfilling the request.",
    ),
    1012: (
        "service restart",
        "The service is restarting; the client may reconnect.",
    ),
    1013: (
        "try again later",
        "The service is temporarily overloaded; the client may reconnect later.",
    ),
    1014: (
        "bad gateway",
        "A gateway or proxy received an invalid response from the upstream server.",
    ),
    1015: (
        "TLS handshake failure",
        "The TLS handshake failed; reported locally, never sent.",
    ),
    3000: ("unauthorized", "The endpoint requires authentication that was not given."),
    3003: ("forbidden", "The endpoint is authenticated but not allowed to proceed."),
    3008: ("timeout", "The endpoint timed out waiting for the other side."),
}

# Texts for codes without a meaning of their own, by category.
_CATEGORY_TEXTS: Final[dict[CodeCategory, tuple[str, str]]] = {
    CodeCategory.RESERVED: (
        "reserved",
        "Reserved by RFC 6455 for future revisions of the protocol; not to be sent.",
    ),
    CodeCategory.LIBRARY: (
        "library use",
        "For libraries, frameworks and applications, registered with IANA.",
    ),
    CodeCategory.PRIVATE: (
        "private use",
        "For private use by applications; its meaning is agreed between the endpoints.",
    ),
    CodeCategory.OUT_OF_RANGE: (
        "out of range",
        "Outside 1000-4999, which RFC 6455 leaves unused; not to be sent.",
    ),
}
