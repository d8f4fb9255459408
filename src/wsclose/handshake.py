"""The closing handshake of one connection, sans-IO (RFC 6455 §5.5.1, §7.1.2-§7.1.6).

The stack tells a :class:`ClosingHandshake` what happened (it sent a close
frame, received one, lost the transport, failed TLS) and gets back an
:class:`Action`: the close payload to send, whether it may now close the TCP
connection, and the :class:`~wsclose.Close` to report to the application.
"""

from __future__ import annotations

import enum

from .codes import CloseCode
from .errors import CloseFrameError
from .payload import Close, decode, encode, truncate_reason

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Container
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
    #: Both close frames went, or the transport is gone; the result is known.
    CLOSED = "closed"


class _Event:
    """What the stack tells the handshake, in the words an error message uses."""

    SEND = "send a close frame"
    RECEIVE = "receive a close frame"
    LOST = "lose the transport"
    TLS = "fail the TLS handshake"


# What each event does in each state; a pair that is missing is an error (h11's style).
_TRANSITIONS: Final[dict[tuple[State, str], State]] = {
    (State.OPEN, _Event.SEND): State.CLOSE_SENT,
    (State.OPEN, _Event.RECEIVE): State.CLOSED,
    (State.OPEN, _Event.LOST): State.CLOSED,
    (State.OPEN, _Event.TLS): State.CLOSED,
    (State.CLOSE_SENT, _Event.RECEIVE): State.CLOSED,
    (State.CLOSE_SENT, _Event.LOST): State.CLOSED,
    (State.CLOSE_SENT, _Event.TLS): State.CLOSED,
    (State.CLOSED, _Event.LOST): State.CLOSED,
    (State.CLOSED, _Event.TLS): State.CLOSED,
}


class HandshakeError(CloseFrameError):
    """A close frame sent or received out of turn: after one was already sent or received.

    Attributes:
        state: The :class:`State` the handshake was in.
        event: What was attempted, in words ("receive a close frame").
    """

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

    def __str__(self) -> str:
        return f"cannot {self.event} in the closing handshake's {self.state.value} state"


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

    Args:
        role: Whether this side is the client or the server.
        allow: Extra reserved codes to accept, as for :func:`~wsclose.decode`.

    >>> handshake = ClosingHandshake(Role.SERVER)
    >>> send, close_tcp, report = handshake.receive(b"\x03\xe9bye")
    >>> send, close_tcp, str(report)
    (b'\x03\xe9', True, '1001 (going away) bye')
    """

    def __init__(self, role: Role, allow: Container[int] = ()) -> None:
        self.role = role
        self.allow = allow
        self._state = State.OPEN
        #: The close this side sent, if any.
        self.sent: Close | None = None
        #: The close the peer sent, if one came and was valid.
        self.received: Close | None = None
        #: The error the peer's close payload raised, if it was not valid.
        self.error: CloseFrameError | None = None
        #: The close to report to the application, once the handshake is over.
        self.report: Close | None = None

    @property
    def state(self) -> State:
        """Where the handshake stands."""
        return self._state

    def send(self, code: int = CloseCode.NORMAL, reason: str = "") -> Action:
        """Start the closing handshake: return the payload of the close frame to send.

        Raises:
            HandshakeError: A close frame was already sent or received.
            CloseFrameError: The code or reason may not be sent (see :func:`~wsclose.encode`).
        """
        state = self._next(_Event.SEND)
        payload = encode(code, reason, self.allow)
        self.sent = Close(code, reason)
        self._state = state
        return Action(payload, False, None)

    def receive(self, payload: bytes | bytearray | memoryview) -> Action:
        """Take the peer's close frame; return the reply, if one is due, and the report.

        The reply echoes the peer's code (no payload when it had none), or
        carries the error's ``reply_code`` when the payload is not valid.

        Raises:
            HandshakeError: A close frame was already received.
        """
        state = self._next(_Event.RECEIVE)
        try:
            report = self.received = decode(payload, self.allow)
        except CloseFrameError as err:
            self.error = err
            report = Close(err.reply_code, truncate_reason(str(err)))
        payload_out = None
        if self._state is State.OPEN:
            self.sent = report if self.error is not None else Close(report.code)
            payload_out = encode(*self.sent, self.allow)
        self._state = state
        self.report = report
        return Action(payload_out, self.role is Role.SERVER, report)

    def transport_lost(self) -> Action:
        """Take the loss of the transport: report ``ABNORMAL`` unless the handshake ended."""
        return self._end(_Event.LOST, CloseCode.ABNORMAL)

    def tls_failed(self) -> Action:
        """Take a failed TLS handshake: report ``TLS`` (1015) unless the handshake ended."""
        return self._end(_Event.TLS, CloseCode.TLS)

    def _end(self, event: str, code: CloseCode) -> Action:
        self._state = self._next(event)
        if self.report is None:
            self.report = Close(code)
        return Action(None, True, self.report)

    def _next(self, event: str) -> State:
        try:
            return _TRANSITIONS[self._state, event]
        except KeyError:
            raise HandshakeError(self._state, event) from None
