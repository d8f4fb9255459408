"""Every ordering of events, up to four, against a plain model of the handshake.

The model states the rules of docs/handshake.md directly (RFC 6455 §7.1.2-§7.1.6):
only this side's own out-of-turn calls raise; anything the peer sends, in any
order, gets an Action; a call that raises leaves the handshake as it was.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Callable, TypeVar, Union

import pytest

from wsclose import (
    Action,
    Close,
    CloseCode,
    CloseFrameError,
    ClosingHandshake,
    HandshakeError,
    Role,
    State,
    decode,
    encode,
    truncate_reason,
)


@dataclass
class Model:
    """The handshake as the docs state it, one plain branch per rule."""

    role: Role
    phase: str = "open"  # open, sent, done (a close frame came), gone (transport)
    sent: Close | None = None
    received: Close | None = None
    error: CloseFrameError | None = None
    report: Close | None = None

    def send(self, code: int, reason: str) -> Action:
        if self.phase != "open":
            raise HandshakeError(State.OPEN, "send a close frame")
        payload = encode(code, reason)
        self.phase, self.sent = "sent", Close(code, reason)
        return Action(payload, False, None)

    def receive(self, payload: object) -> Action:
        if self.phase == "gone":
            raise HandshakeError(State.CLOSED, "receive a close frame")
        if not isinstance(payload, (bytes, bytearray, memoryview)):
            raise TypeError(payload)
        if self.phase == "done":
            return Action(None, self.role is Role.SERVER, self.report)
        try:
            self.received = self.report = decode(payload)
        except CloseFrameError as err:
            self.error = err
            self.report = Close(err.reply_code, truncate_reason(str(err)))
        reply = None
        if self.phase == "open":
            self.sent = self.report if self.error else Close(self.report.code)
            reply = encode(*self.sent)
        self.phase = "done"
        return Action(reply, self.role is Role.SERVER, self.report)

    def lose(self, code: CloseCode) -> Action:
        self.phase = "gone"
        if self.report is None:
            self.report = Close(code)
        return Action(None, True, self.report)


@dataclass(frozen=True)
class Event:
    name: str
    real: Callable[[ClosingHandshake], Action]
    model: Callable[[Model], Action]


def _send(code: int, reason: str = "") -> Event:
    return Event(
        f"send({code},{reason!r})",
        lambda h: h.send(code, reason),
        lambda m: m.send(code, reason),
    )


def _receive(payload: object) -> Event:
    return Event(
        f"receive({payload!r})",
        lambda h: h.receive(payload),  # type: ignore[arg-type]
        lambda m: m.receive(payload),
    )


EVENTS = [
    _send(1000, "bye"),
    _send(1006),  # may not be sent: refused, nothing changes
    _receive(b"\x03\xe9bye"),
    _receive(b""),
    _receive(b"\x03"),  # invalid: answered with 1002
    _receive(b"\x03\xe8\xff"),  # invalid: answered with 1007
    _receive(memoryview(b"\x0f\xa0x")),
    _receive("not a buffer"),  # the stack's bug: TypeError, nothing changes
    Event("transport_lost", ClosingHandshake.transport_lost, lambda m: m.lose(CloseCode.ABNORMAL)),
    Event("tls_failed", ClosingHandshake.tls_failed, lambda m: m.lose(CloseCode.TLS)),
]
MODEL_STATES = {"open": State.OPEN, "sent": State.CLOSE_SENT, "done": State.CLOSED}

Outcome = Union[Action, type]


T = TypeVar("T")


def _outcome(step: Callable[[T], Action], subject: T) -> Outcome:
    try:
        return step(subject)
    except (CloseFrameError, HandshakeError, TypeError) as err:
        return type(err)


def _seen(handshake: ClosingHandshake) -> tuple[object, ...]:
    error = handshake.error
    return (
        handshake.state,
        handshake.sent,
        handshake.received,
        None if error is None else (type(error), error.args),
        handshake.report,
    )


def _modelled(model: Model) -> tuple[object, ...]:
    error = model.error
    return (
        MODEL_STATES.get(model.phase, State.CLOSED),
        model.sent,
        model.received,
        None if error is None else (type(error), error.args),
        model.report,
    )


def _mismatches(role: Role, events: tuple[Event, ...]) -> list[str]:
    handshake, model = ClosingHandshake(role), Model(role)
    found = []
    replies = 0
    for position, event in enumerate(events):
        before = _seen(handshake)
        got = _outcome(event.real, handshake)
        want = _outcome(event.model, model)
        # a call that raises changes nothing
        expected = before if isinstance(want, type) else _modelled(model)
        if got != want or _seen(handshake) != expected:
            found.append(f"{role.name} {[e.name for e in events]} at {position}: {got} != {want}")
            break
        if isinstance(got, Action) and got.send is not None:
            replies += 1
            if replies > 1 or (got.send and decode(got.send).code.is_local_only):
                found.append(f"{role.name} {[e.name for e in events]}: a second or a bad frame")
    return found


ORDERINGS = [
    events for length in range(1, 5) for events in itertools.product(EVENTS, repeat=length)
]


@pytest.mark.parametrize("role", [Role.CLIENT, Role.SERVER])
def test_every_ordering_matches_the_model(role: Role) -> None:
    mismatches = [found for events in ORDERINGS for found in _mismatches(role, events)]
    assert mismatches == []
    assert len(ORDERINGS) == sum(len(EVENTS) ** n for n in range(1, 5))


def test_the_model_can_tell_a_wrong_handshake(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        ClosingHandshake, "_end", lambda self, event, code: Action(None, True, None)
    )
    assert _mismatches(Role.CLIENT, (EVENTS[-2],))
