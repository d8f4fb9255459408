"""What a close means for a client: whether and when to reconnect (RFC 6455 §7.2.3, §7.4).

Pure values: no clock, no sleeping, no sockets. The caller sleeps for the delay
:func:`next_delay` draws, from a random generator it may pass in.
"""

from __future__ import annotations

import enum

from .codes import LIBRARY_CODES, PRIVATE_CODES, CloseCode, CodeCategory
from .payload import Close

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final, Protocol

    from .codesets import CodeSet

    class _Random(Protocol):
        def random(self) -> float: ...


__all__ = [
    "BACKOFF_BASE",
    "BACKOFF_CAP",
    "BACKOFF_FACTOR",
    "RESTART_MAX_DELAY",
    "RESTART_MIN_DELAY",
    "Advice",
    "Reconnect",
    "advise",
    "next_delay",
]

#: Seconds: the first delay is drawn from 0-5 s, "a reasonable initial delay" (RFC 6455 §7.2.3).
BACKOFF_BASE: Final = 5.0
#: Each attempt doubles the ceiling: "truncated binary exponential backoff" (RFC 6455 §7.2.3).
BACKOFF_FACTOR: Final = 2.0
#: Seconds: the ceiling stops growing here, as websockets' ``BACKOFF_MAX_DELAY`` does.
BACKOFF_CAP: Final = 90.0
#: Seconds: the least delay after 1012, "a randomized delay of 5-30 seconds" (ws-rs RESTART).
RESTART_MIN_DELAY: Final = 5.0
#: Seconds: the most delay after 1012 (ws-rs RESTART).
RESTART_MAX_DELAY: Final = 30.0


class Reconnect(str, enum.Enum):
    """How a client should reconnect after a close: the kind of an :class:`Advice`."""

    #: Do not reconnect; the close was final, or would happen again.
    NEVER = "never"
    #: Reconnect after an exponential backoff with full jitter (RFC 6455 §7.2.3).
    BACKOFF = "backoff"
    #: Reconnect after a fresh random 5-30 s on every attempt (1012, ws-rs RESTART).
    RESTART = "restart"
    #: Connect to another host after a backoff, or to this one on a user action (1013).
    OTHER_HOST = "other-host"
    #: Reconnect only with new credentials (3000).
    NEW_CREDENTIALS = "new-credentials"
    #: The application decides; a 3000-4999 code that wsclose gives no meaning.
    APPLICATION = "application"

    def __str__(self) -> str:
        return self.value

    @property
    def summary(self) -> str:
        """What to do, in a few words, such as ``"reconnect after a backoff"``."""
        return _SUMMARIES[self]


_SUMMARIES: Final = {
    Reconnect.NEVER: "do not reconnect",
    Reconnect.BACKOFF: "reconnect after a backoff",
    Reconnect.RESTART: "reconnect after a random 5-30 s",
    Reconnect.OTHER_HOST: "connect to another host, or to this one after a user action",
    Reconnect.NEW_CREDENTIALS: "reconnect only with new credentials",
    Reconnect.APPLICATION: "the application decides",
}


class Advice(tuple[Reconnect, CloseCode, str]):
    """What to do after a close: a kind, the code it is for and why, immutable.

    Build one with :func:`advise`. ``str()`` gives one line for a person.

    >>> advice = advise(1012)
    >>> advice.kind, advice.code
    (<Reconnect.RESTART: 'restart'>, <CloseCode.RESTART: 1012>)
    >>> print(advice)
    reconnect after a random 5-30 s (IANA registry, ws-rs RESTART: the service is restarting)
    """

    __slots__ = ()

    def __new__(cls, kind: Reconnect | str, code: int, reason: str) -> Advice:
        """Build an advice value; :func:`advise` is the usual way."""
        return tuple.__new__(cls, (Reconnect(kind), CloseCode(code), str(reason)))

    @property
    def kind(self) -> Reconnect:
        """How to reconnect, if at all."""
        return self[0]

    @property
    def code(self) -> CloseCode:
        """The close code the advice is for."""
        return self[1]

    @property
    def reason(self) -> str:
        """Why, in one line that names its source."""
        return self[2]

    def __getnewargs__(self) -> tuple[Reconnect, CloseCode, str]:
        return self[0], self[1], self[2]

    def __repr__(self) -> str:
        return f"Advice(kind={self[0]!r}, code={self[1]!r}, reason={self[2]!r})"

    def __str__(self) -> str:
        return f"{_SUMMARIES[self[0]]} ({self[2]})"


_NEVER, _BACKOFF = Reconnect.NEVER, Reconnect.BACKOFF
_RFC, _IANA = "RFC 6455 §7.4.1", "IANA registry"

# The advice for each code with a meaning of its own: (kind, reason).
_NAMED: Final[dict[int, tuple[Reconnect, str]]] = {
    1000: (_NEVER, f"{_RFC}: the purpose of the connection was fulfilled"),
    1001: (_BACKOFF, f"{_RFC}: the server is going down or the page left; a server comes back"),
    1002: (_NEVER, f"{_RFC}: a protocol error happens again on a new connection"),
    1003: (_NEVER, f"{_RFC}: the peer cannot accept this type of data, and will not"),
    1005: (
        _BACKOFF,
        "RFC 6455 §7.1.5: no code was given, so nothing says the close is final; "
        "back off as after 1006 (graphql-ws does too)",
    ),
    1006: (_BACKOFF, "RFC 6455 §7.2.3: after an abnormal closure, back off with random delays"),
    1007: (_NEVER, f"{_RFC}: the same data would be refused again"),
    1008: (_NEVER, f"{_RFC}: the peer's policy refuses this client, and will again"),
    1009: (_NEVER, f"{_RFC}: the same message would be too big again"),
    1010: (_NEVER, f"{_RFC}: the server lacks an extension this client requires"),
    1011: (_BACKOFF, f"{_RFC}: an unexpected condition on the server may pass"),
    1012: (Reconnect.RESTART, f"{_IANA}, ws-rs RESTART: the service is restarting"),
    1013: (
        Reconnect.OTHER_HOST,
        f"{_IANA}, ws-rs AGAIN: the service is overloaded; try another host, "
        "or this one when a user acts",
    ),
    1014: (_BACKOFF, f"{_IANA}: the gateway's upstream failed, and may recover"),
    1015: (_NEVER, f"{_RFC}: a failed TLS handshake (a bad certificate) fails again"),
    3000: (Reconnect.NEW_CREDENTIALS, f"{_IANA}: the request lacked valid authentication"),
    3003: (_NEVER, f"{_IANA}: authenticated but not allowed; it would be refused again"),
    3008: (_BACKOFF, f"{_IANA}: the connection timed out; the next one may not"),
}

# The advice for the other codes, by category: (kind, reason).
_BY_CATEGORY: Final[dict[CodeCategory, tuple[Reconnect, str]]] = {
    CodeCategory.RESERVED: (
        _NEVER,
        "RFC 6455 §7.4.2: a reserved code is a protocol error, which happens again",
    ),
    CodeCategory.LIBRARY: (
        Reconnect.APPLICATION,
        "RFC 6455 §7.4.2: a library or application code; its meaning is theirs",
    ),
    CodeCategory.PRIVATE: (
        Reconnect.APPLICATION,
        "RFC 6455 §7.4.2: a private code; its meaning is agreed between the endpoints",
    ),
    CodeCategory.OUT_OF_RANGE: (
        _NEVER,
        "RFC 6455 §7.4.2: outside 1000-4999, no endpoint may send it; a protocol error",
    ),
}

_new: Final = tuple.__new__
#: The codes an application may define and send: 3000-4999 (RFC 6455 §7.4.2).
APPLICATION_CODES: Final = range(LIBRARY_CODES.start, PRIVATE_CODES.stop)
#: The advice for each named code, and for each 3000-4999 code once advised.
_SEEN: Final = {
    code: _new(Advice, (kind, CloseCode(code), why)) for code, (kind, why) in _NAMED.items()
}
#: The CodeSet class, looked up on first use (codesets imports this module).
_CODE_SET: list[type[CodeSet]] = []


def advise(close: Close | int, codes: CodeSet | None = None) -> Advice:
    """Advise a client whether and how to reconnect after a close.

    Total over every 16-bit code: each named code has advice of its own, the
    others that of their class. A code set (:class:`CodeSet`) gives the advice
    for the 3000-4999 codes it defines, without changing it for anyone else.

    Args:
        close: The close (as :func:`decode` returns it, or as a client reports
            it, 1006 included) or its code.
        codes: An application's code set, consulted first.

    Returns:
        The :class:`Advice`: its kind, the code, and a reason that names its source.

    Raises:
        TypeError: If ``close`` is not a ``Close`` or an ``int``, or ``codes``
            is not a ``CodeSet``.
        ValueError: If the code does not fit in 16 bits.

    >>> advise(1006).kind, advise(Close(1000, "bye")).kind
    (<Reconnect.BACKOFF: 'backoff'>, <Reconnect.NEVER: 'never'>)
    >>> advise(4000).kind.summary
    'the application decides'

    RFC 6455 §7.2.3, §7.4.
    """
    if isinstance(close, Close):
        code: int = close[0]
    elif isinstance(close, int) and not isinstance(close, bool):
        code = close
    else:
        raise TypeError(f"close must be a Close or an int, not {type(close).__name__}")
    if codes is not None:
        if not _CODE_SET:
            from .codesets import CodeSet  # noqa: PLC0415

            _CODE_SET.append(CodeSet)
        if not isinstance(codes, _CODE_SET[0]):
            raise TypeError(f"codes must be a CodeSet, not {type(codes).__name__}")
        found = codes._advice.get(code)
        if found is not None:
            return found
    advice = _SEEN.get(code)
    if advice is not None:
        return advice
    member = CloseCode(code)
    kind, why = _BY_CATEGORY[member.category]
    advice = _new(Advice, (kind, member, why))
    if code in APPLICATION_CODES:  # the codes applications use: keep them, as decode does
        advice = _SEEN.setdefault(code, advice)
    return advice


_DEFAULT_RANDOM: list[_Random] = []


def next_delay(  # noqa: PLR0913 (every default is a documented, overridable knob)
    advice: Advice | Reconnect,
    attempt: int,
    rng: _Random | None = None,
    *,
    base: float = BACKOFF_BASE,
    factor: float = BACKOFF_FACTOR,
    cap: float = BACKOFF_CAP,
    restart: tuple[float, float] = (RESTART_MIN_DELAY, RESTART_MAX_DELAY),
) -> float | None:
    """The seconds to wait before reconnecting, or None not to reconnect by itself.

    Backoff (``BACKOFF``, and ``OTHER_HOST`` towards another host) draws from
    0 up to ``min(cap, base * factor ** attempt)``: exponential backoff with
    full jitter. ``RESTART`` draws a fresh ``uniform(*restart)``, 5-30 s, on
    every attempt. ``NEVER``, ``NEW_CREDENTIALS`` and ``APPLICATION`` give None:
    the application reconnects, if at all, when it has reason to.

    Args:
        advice: The :class:`Advice` (or its :class:`Reconnect` kind).
        attempt: How many reconnects in a row came before this one: 0 first.
        rng: Draws the jitter: anything with ``random()`` (a seeded
            ``random.Random`` repeats its delays); by default a
            ``random.SystemRandom``.
        base: The ceiling of the first delay, in seconds (:data:`BACKOFF_BASE`).
        factor: The ceiling grows by this much each attempt (:data:`BACKOFF_FACTOR`).
        cap: The ceiling grows no higher, in seconds (:data:`BACKOFF_CAP`).
        restart: The least and most seconds after ``RESTART``
            (:data:`RESTART_MIN_DELAY`, :data:`RESTART_MAX_DELAY`).

    Returns:
        The delay in seconds, or None.

    Raises:
        TypeError: If an argument has the wrong type (its name is in the message).
        ValueError: If a number is out of range: a negative ``attempt``, a
            ``base`` or ``cap`` not above 0, a ``factor`` below 1, a ``restart``
            not ordered (its name is in the message).

    >>> import random
    >>> rng = random.Random(6455)
    >>> [round(next_delay(advise(1006), attempt, rng), 2) for attempt in range(4)]
    [0.17, 0.16, 7.31, 16.32]
    >>> 5 <= next_delay(advise(1012), 0, rng) <= 30, next_delay(advise(1000), 0, rng)
    (True, None)

    RFC 6455 §7.2.3.
    """
    kind = advice[0] if isinstance(advice, Advice) else advice
    if not isinstance(kind, Reconnect):
        raise TypeError(f"advice must be an Advice or a Reconnect, not {type(advice).__name__}")
    if not isinstance(attempt, int) or isinstance(attempt, bool):
        raise TypeError(f"attempt must be an int, not {type(attempt).__name__}")
    if attempt < 0:
        raise ValueError(f"attempt must be 0 or more, not {attempt}")
    low, high = _check_restart(restart)
    ceiling = _ceiling(attempt, base, factor, cap)
    if rng is not None and not callable(getattr(rng, "random", None)):
        raise TypeError(f"rng must have a random() method, not be {type(rng).__name__}")
    if kind not in _DELAYED:
        return None
    if rng is None:
        rng = _default_random()
    if kind is Reconnect.RESTART:
        return low + (high - low) * rng.random()
    return ceiling * rng.random()


_DELAYED: Final = frozenset({Reconnect.BACKOFF, Reconnect.RESTART, Reconnect.OTHER_HOST})
_INFINITY: Final = float("inf")


def _number(name: str, value: object) -> float:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise TypeError(f"{name} must be a number, not {type(value).__name__}")
    try:  # a subclass is taken by its value, not by its own __float__
        number = float.__float__(value) if isinstance(value, float) else int.__float__(value)
    except OverflowError:
        number = _INFINITY
    if not -_INFINITY < number < _INFINITY:
        raise ValueError(f"{name} must be finite, not {number}")
    return number


def _ceiling(attempt: int, base: object, factor: object, cap: object) -> float:
    base, factor, cap = _number("base", base), _number("factor", factor), _number("cap", cap)
    if base <= 0:
        raise ValueError(f"base must be above 0, not {base}")
    if factor < 1:
        raise ValueError(f"factor must be 1 or more, not {factor}")
    if cap <= 0:
        raise ValueError(f"cap must be above 0, not {cap}")
    if factor == 1:
        return min(cap, base)
    try:
        return min(cap, base * factor**attempt)
    except OverflowError:  # a float power past 1e308 or of an int too big for a float
        return cap


def _check_restart(restart: object) -> tuple[float, float]:
    if not isinstance(restart, tuple) or len(restart) != 2:
        raise TypeError(f"restart must be a (low, high) tuple, not {type(restart).__name__}")
    low, high = _number("restart", restart[0]), _number("restart", restart[1])
    if not 0 <= low <= high:
        raise ValueError(f"restart must be (low, high) with 0 <= low <= high, not ({low}, {high})")
    return low, high


def _default_random() -> _Random:
    if not _DEFAULT_RANDOM:
        import random  # noqa: PLC0415 (only when a delay is drawn: import wsclose stays fast)

        _DEFAULT_RANDOM.append(random.SystemRandom())
    return _DEFAULT_RANDOM[0]
