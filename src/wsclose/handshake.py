"""The closing handshake of one connection, sans-IO (RFC 6455 §5.5.1, §7.1.2-§7.1.6).

The stack tells a :class:`ClosingHandshake` what happened (it sent a close
frame, received one, lost the transport, failed TLS) and gets back an
:class:`Action`: the close payload to send, whether it may now close the TCP
connection, and the :class:`~wsclose.Close` to report to the application.
"""

from __future__ import annotations

import enum

from .codes import CloseCode
from .errors import CloseFrameError, WscloseError, _describe
from .payload import Close, _check_allow, _payload_type_error, decode, encode, truncate_reason

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Final

__all__ = ["Action", "ClosingHandshake", "HandshakeError", "Role", "State"]


class Role(enum.Enum):
    """Which end of the connection this is; the server closes TCP first (§7.1.1)."""

    CLIENT = "client"
    SERVER = "server"


class State(enum.Enum):
    """Where the closing handshake stands."""

    #: No close frame sent or received.
    OPEN = "open"
    #: This side sent a close frame and waits for the peer's (§7.1.2).
    CLOSE_SENT = "close-sent"
    #: Both close frames went, or the transport is gone: the result is known.
    CLOSED = "closed"


class _Event:
    """What the stack tells the handshake, in the words an error message uses."""

    SEND = "send a close frame"
    RECEIVE = "receive a close frame"
    LOST = "lose the transport"
    TLS = "fail the TLS handshake"


class _Phase:
    """Where the handshake stands, finer than :class:`State`: why it is closed."""

    OPEN = "open"
    CLOSE_SENT = "close-sent"
    #: A close frame came (and ours went): the frames are done, the transport may be up.
    DONE = "done"
    #: The transport is gone, or TLS failed: nothing more can come or go.
    GONE = "gone"


_STATES: Final[dict[str, State]] = {
    _Phase.OPEN: State.OPEN,
    _Phase.CLOSE_SENT: State.CLOSE_SENT,
    _Phase.DONE: State.CLOSED,
    _Phase.GONE: State.CLOSED,
}


# What each event does in each phase; a pair that is missing is this side's own
# out-of-turn call, a HandshakeError (h11's style). A close frame received after
# one already came is the peer's doing: it changes nothing and is not an error.
_TRANSITIONS: Final[dict[tuple[str, str], str]] = {
    (_Phase.OPEN, _Event.SEND): _Phase.CLOSE_SENT,
    (_Phase.OPEN, _Event.RECEIVE): _Phase.DONE,
    (_Phase.OPEN, _Event.LOST): _Phase.GONE,
    (_Phase.OPEN, _Event.TLS): _Phase.GONE,
    (_Phase.CLOSE_SENT, _Event.RECEIVE): _Phase.DONE,
    (_Phase.CLOSE_SENT, _Event.LOST): _Phase.GONE,
    (_Phase.CLOSE_SENT, _Event.TLS): _Phase.GONE,
    (_Phase.DONE, _Event.RECEIVE): _Phase.DONE,
    (_Phase.DONE, _Event.LOST): _Phase.GONE,
    (_Phase.DONE, _Event.TLS): _Phase.GONE,
    (_Phase.GONE, _Event.LOST): _Phase.GONE,
    (_Phase.GONE, _Event.TLS): _Phase.GONE,
}


class HandshakeError(WscloseError, RuntimeError):
    """This side drove the closing handshake out of turn: the stack's bug, not the peer's.

    Raised for a ``send`` after a close frame was sent or received, and for a
    ``receive`` after the transport was lost or TLS failed. It carries no
    ``reply_code``: nothing is to be sent to the peer because of it.

    Attributes:
        state: The :class:`State` the handshake was in.
        event: What was attempted, in words ("send a close frame").
    """

    _summary = "closing handshake called out of turn"

    if TYPE_CHECKING:

        def __init__(self, state: State, event: str) -> None: ...

    @property
    def state(self) -> State:
        """The state the handshake was in."""
        state: State = self.args[0]
        return state

    @property
    def event(self) -> str:
        """What was attempted."""
        event: str = self.args[1]
        return event

    def _message(self) -> str:
        state, event = self.args
        if type(state) is not State:
            raise TypeError(state)
        return f"cannot {str.__str__(event)} in the closing handshake's {state.value} state"


class Action(tuple["bytes | None", bool, "Close | None"]):
    """What the stack does after an event: an immutable triple, as each method returns it.

    It unpacks as ``send, close_tcp, report = action``.

    Attributes:
        send: The payload of a close frame to send now, or None.
        close_tcp: Whether this side may close the TCP connection now: the
            server once both close frames went, either side once the
            transport is gone (§7.1.1). A client that gets False waits for
            the server to close, and may close after a timeout of its own.
        report: The close to report to the application once the handshake is
            over, or None while it is not (§7.1.5, §7.1.6).
    """

    __slots__ = ()

    def __new__(cls, send: bytes | None, close_tcp: bool, report: Close | None) -> Action:
        """Build an action."""
        return tuple.__new__(cls, (send, close_tcp, report))

    @property
    def send(self) -> bytes | None:
        """The payload of a close frame to send now, or None."""
        return self[0]

    @property
    def close_tcp(self) -> bool:
        """Whether this side may close the TCP connection now."""
        return self[1]

    @property
    def report(self) -> Close | None:
        """The close to report to the application, once the handshake is over."""
        return self[2]

    def __getnewargs__(self) -> tuple[bytes | None, bool, Close | None]:
        return self[0], self[1], self[2]

    def __repr__(self) -> str:
        return f"Action(send={self[0]!r}, close_tcp={self[1]}, report={self[2]!r})"


class ClosingHandshake:
    r"""One connection's closing handshake (RFC 6455 §5.5.1, §7.1.2-§7.1.6, §7.4.1).

    The report follows ws-rs: the code of the first close frame received,
    ``STATUS`` (1005) when it had none, ``ABNORMAL`` (1006) when the transport
    was lost before one came, ``TLS`` (1015) when the stack reports a TLS
    failure. Those three are never sent. A payload that is not valid gets an
    answer with the error's ``reply_code`` and is reported as that code.

    What the peer sends never raises: a second (or later) close frame gets
    ``Action(None, close_tcp, report)`` with the report unchanged, and is not
    even decoded. Only this side's own out-of-turn calls raise
    :class:`HandshakeError`: ``send`` after a close frame was sent or
    received, ``receive`` after the transport was lost or TLS failed. A method
    that raises leaves the handshake exactly as it was (``state``, ``sent``,
    ``received``, ``error``, ``report``).

    Args:
        role: Whether this side is the client or the server: a :class:`Role`.
        allow: Extra reserved codes to accept, as for :func:`~wsclose.decode`;
            checked here, once, and kept as a frozenset.

    Raises:
        TypeError: ``role`` is not a :class:`Role`, or ``allow`` is not an
            iterable of ints.
        ValueError: ``allow`` holds a code that is not reserved (1004, 1016-2999).

    >>> handshake = ClosingHandshake(Role.SERVER)
    >>> send, close_tcp, report = handshake.receive(b"\x03\xe9bye")
    >>> send, close_tcp, str(report)
    (b'\x03\xe9', True, '1001 (going away) bye')
    >>> handshake.receive(b"\x03\xe8")  # a second close frame: nothing more to do
    Action(send=None, close_tcp=True, report=Close(code=<CloseCode.AWAY: 1001>, reason='bye'))
    """

    def __init__(self, role: Role, allow: Iterable[int] = ()) -> None:
        if type(role) is not Role:
            raise TypeError(f"role must be Role.CLIENT or Role.SERVER, not {_describe(role)}")
        self._role = role
        self._allow = _check_allow(allow)
        self._phase = _Phase.OPEN
        #: The close this side sent, if any.
        self.sent: Close | None = None
        #: The close the peer sent, if one came and was valid.
        self.received: Close | None = None
        #: The error the peer's close payload raised, if it was not valid.
        self.error: CloseFrameError | None = None
        #: The close to report to the application, once the handshake is over.
        self.report: Close | None = None

    @property
    def role(self) -> Role:
        """Whether this side is the client or the server."""
        return self._role

    @property
    def allow(self) -> frozenset[int]:
        """The extra reserved codes accepted, as checked when the handshake was made."""
        return self._allow

    @property
    def state(self) -> State:
        """Where the handshake stands."""
        return _STATES[self._phase]

    def send(self, code: int = CloseCode.NORMAL, reason: str = "") -> Action:
        """Start the closing handshake: return the payload of the close frame to send.

        Raises:
            HandshakeError: A close frame was already sent or received, or the
                transport is gone.
            CloseFrameError: The code or reason may not be sent (see :func:`~wsclose.encode`).
            TypeError: ``code`` is not an ``int`` or ``reason`` not a ``str``.
        """
        phase = self._next(_Event.SEND)
        payload = encode(code, reason, self._allow)
        self.sent = decode(payload, self._allow)  # exact types, as on the wire
        self._phase = phase
        return Action(payload, False, None)

    def receive(self, payload: bytes | bytearray | memoryview) -> Action:
        """Take the peer's close frame; return the reply, if one is due, and the report.

        The reply echoes the peer's code (no payload when it had none), or
        carries the error's ``reply_code`` when the payload is not valid. A
        close frame after the first is not decoded: nothing to send, the same
        report.

        Raises:
            HandshakeError: The transport was lost or TLS failed before.
            TypeError: ``payload`` is not a buffer of bytes (the stack's bug;
                nothing changes).
        """
        phase = self._next(_Event.RECEIVE)
        close_tcp = self._role is Role.SERVER
        if self._phase is _Phase.DONE:
            if not isinstance(payload, (bytes, bytearray, memoryview)):
                raise _payload_type_error(payload)
            return Action(None, close_tcp, self.report)
        error = None
        try:
            report = received = decode(payload, self._allow)
        except CloseFrameError as err:
            error, received = err, None
            report = Close(err.reply_code, truncate_reason(str(err)))
        sent = self.sent
        reply = None
        if sent is None:
            sent = report if error is not None else Close(report.code)
            reply = encode(*sent, self._allow)
        self.sent, self.received, self.error, self.report = sent, received, error, report
        self._phase = phase
        return Action(reply, close_tcp, report)

    def transport_lost(self) -> Action:
        """Take the loss of the transport: report ``ABNORMAL`` unless the handshake ended."""
        return self._end(_Event.LOST, CloseCode.ABNORMAL)

    def tls_failed(self) -> Action:
        """Take a failed TLS handshake: report ``TLS`` (1015) unless the handshake ended."""
        return self._end(_Event.TLS, CloseCode.TLS)

    def _end(self, event: str, code: CloseCode) -> Action:
        self._phase = self._next(event)
        if self.report is None:
            self.report = Close(code)
        return Action(None, True, self.report)

    def _next(self, event: str) -> str:
        try:
            return _TRANSITIONS[self._phase, event]
        except KeyError:
            raise HandshakeError(_STATES[self._phase], event) from None
