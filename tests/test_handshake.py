from __future__ import annotations

import pickle
from typing import Callable

import pytest

from wsclose import (
    Action,
    Close,
    CloseCode,
    CloseFrameError,
    ClosingHandshake,
    HandshakeError,
    PayloadLengthError,
    ReasonEncodingError,
    Role,
    State,
    WscloseError,
    decode,
)

Step = Callable[[ClosingHandshake], Action]

ONE_BYTE = "close payload of 1 byte: a code needs 2"
BAD_UTF8 = "close reason is not valid UTF-8: invalid start byte at payload offset 2"
LOCAL_ONLY = "close code 1005 may not be sent on the wire: it is local-only (RFC 6455 §7.4.1)"


def send(code: int, reason: str = "") -> Step:
    return lambda handshake: handshake.send(code, reason)


def receive(payload: bytes) -> Step:
    return lambda handshake: handshake.receive(payload)


lost: Step = ClosingHandshake.transport_lost
tls: Step = ClosingHandshake.tls_failed


def run(role: Role, steps: list[Step]) -> tuple[ClosingHandshake, list[Action]]:
    handshake = ClosingHandshake(role)
    return handshake, [step(handshake) for step in steps]


S, C = Role.SERVER, Role.CLIENT
BYE = Close(1000, "bye")
AWAY = Close(1001, "bye")

# role, steps, the actions they return, the final report
ORDERINGS = [
    pytest.param(
        S,
        [send(1000, "bye"), receive(b"\x03\xe8bye")],
        [Action(b"\x03\xe8bye", False, None), Action(None, True, BYE)],
        BYE,
        id="server closes first",
    ),
    pytest.param(
        C,
        [send(1000, "bye"), receive(b"\x03\xe8bye"), lost],
        [Action(b"\x03\xe8bye", False, None), Action(None, False, BYE), Action(None, True, BYE)],
        BYE,
        id="client closes first, server closes TCP",
    ),
    pytest.param(
        S,
        [receive(b"\x03\xe9bye")],
        [Action(b"\x03\xe9", True, AWAY)],
        AWAY,
        id="peer closes first: echo the code",
    ),
    pytest.param(
        C,
        [receive(b"\x03\xe9bye"), lost],
        [Action(b"\x03\xe9", False, AWAY), Action(None, True, AWAY)],
        AWAY,
        id="server closes first, client waits for TCP",
    ),
    pytest.param(
        S,
        [receive(b"")],
        [Action(b"", True, Close(CloseCode.STATUS))],
        Close(CloseCode.STATUS),
        id="peer closes with no code: empty reply, report 1005",
    ),
    pytest.param(
        S,
        [receive(b"\x0f\xa1private")],
        [Action(b"\x0f\xa1", True, Close(4001, "private"))],
        Close(4001, "private"),
        id="private code echoed",
    ),
    pytest.param(
        S,
        [send(1000, ""), receive(b"\x03\xe9bye")],
        [Action(b"\x03\xe8", False, None), Action(None, True, AWAY)],
        AWAY,
        id="both close at once: no second reply, report theirs",
    ),
    pytest.param(
        S,
        [lost],
        [Action(None, True, Close(CloseCode.ABNORMAL))],
        Close(CloseCode.ABNORMAL),
        id="transport lost while open: 1006",
    ),
    pytest.param(
        C,
        [send(1001, ""), lost],
        [Action(b"\x03\xe9", False, None), Action(None, True, Close(CloseCode.ABNORMAL))],
        Close(CloseCode.ABNORMAL),
        id="transport lost after sending: 1006",
    ),
    pytest.param(
        S,
        [receive(b"\x03\xe9bye"), lost],
        [Action(b"\x03\xe9", True, AWAY), Action(None, True, AWAY)],
        AWAY,
        id="transport lost after the handshake: report kept",
    ),
    pytest.param(
        C,
        [tls],
        [Action(None, True, Close(CloseCode.TLS))],
        Close(CloseCode.TLS),
        id="TLS failure: 1015",
    ),
    pytest.param(
        C,
        [send(1000, ""), tls, lost],
        [
            Action(b"\x03\xe8", False, None),
            Action(None, True, Close(CloseCode.TLS)),
            Action(None, True, Close(CloseCode.TLS)),
        ],
        Close(CloseCode.TLS),
        id="TLS failure after sending, then the transport goes",
    ),
    pytest.param(
        S,
        [receive(b"\x03")],
        [Action(b"\x03\xea" + ONE_BYTE.encode(), True, Close(1002, ONE_BYTE))],
        Close(1002, ONE_BYTE),
        id="invalid: 1 byte, answer 1002",
    ),
    pytest.param(
        S,
        [receive(b"\x03\xed")],
        [Action(b"\x03\xea" + LOCAL_ONLY.encode(), True, Close(1002, LOCAL_ONLY))],
        Close(1002, LOCAL_ONLY),
        id="invalid: code 1005, answer 1002",
    ),
    pytest.param(
        S,
        [receive(b"\x03\xe8\xff")],
        [Action(b"\x03\xef" + BAD_UTF8.encode(), True, Close(1007, BAD_UTF8))],
        Close(1007, BAD_UTF8),
        id="invalid: bad UTF-8, answer 1007",
    ),
    pytest.param(
        C,
        [send(1000, ""), receive(b"\x03\xe8\xff"), lost],
        [
            Action(b"\x03\xe8", False, None),
            Action(None, False, Close(1007, BAD_UTF8)),
            Action(None, True, Close(1007, BAD_UTF8)),
        ],
        Close(1007, BAD_UTF8),
        id="invalid reply to our close: no second frame, report 1007",
    ),
]


@pytest.mark.parametrize(("role", "steps", "actions", "report"), ORDERINGS)
def test_ordering(role: Role, steps: list[Step], actions: list[Action], report: Close) -> None:
    handshake, got = run(role, steps)
    assert got == actions
    assert handshake.report == report
    assert handshake.state is State.CLOSED
    for action in got:
        if action.send:
            assert not decode(action.send).code.is_local_only


@pytest.mark.parametrize(
    ("steps", "state", "event"),
    [
        ([send(1000, "")], "close-sent", "send a close frame"),
        ([receive(b"\x03\xe8")], "closed", "send a close frame"),
        ([lost], "closed", "send a close frame"),
    ],
)
def test_second_send_is_an_error(steps: list[Step], state: str, event: str) -> None:
    handshake, _ = run(Role.SERVER, steps)
    with pytest.raises(HandshakeError) as info:
        handshake.send(1000)
    assert info.value.state.value == state
    assert info.value.event == event
    assert str(info.value) == f"cannot {event} in the closing handshake's {state} state"


@pytest.mark.parametrize(
    ("role", "steps"),
    [
        (C, [receive(b"\x03\xe8")]),
        (S, [receive(b"\x03\xe8")]),
        (C, [send(1000, ""), receive(b"\x03\xe8")]),
        (S, [receive(b"\x03")]),
        (S, [receive(b"\x03\xe8"), receive(b"\x03\xe9")]),
    ],
)
def test_a_second_close_frame_changes_nothing(role: Role, steps: list[Step]) -> None:
    handshake, _ = run(role, steps)
    before = snapshot(handshake)
    for payload in (b"\x03\xe9", b"\x03\xed", b"\x03", b"\xff" * 200, b""):
        assert handshake.receive(payload) == Action(None, role is S, handshake.report)
        assert snapshot(handshake) == before
    with pytest.raises(TypeError, match=r"^close payload must be .*, not str$"):
        handshake.receive("\x03\xe8")  # type: ignore[arg-type]
    assert snapshot(handshake) == before


def test_a_peer_that_sends_two_close_frames_gets_one_reply() -> None:
    handshake = ClosingHandshake(Role.SERVER)
    replies = [handshake.receive(payload).send for payload in (b"\x03\xe8", b"\x03\xe9")]
    assert replies == [b"\x03\xe8", None]


@pytest.mark.parametrize("steps", [[lost], [tls], [receive(b"\x03\xe8"), lost], [send(1000), tls]])
def test_receive_after_the_transport_is_gone_is_an_error(steps: list[Step]) -> None:
    handshake, _ = run(Role.CLIENT, steps)
    before = snapshot(handshake)
    with pytest.raises(
        HandshakeError, match=r"^cannot receive a close frame in the closing"
    ) as info:
        handshake.receive(b"\x03\xe9")
    assert info.value.state is State.CLOSED
    assert snapshot(handshake) == before


def snapshot(handshake: ClosingHandshake) -> tuple[object, ...]:
    """Everything a caller can see of a handshake."""
    error = handshake.error
    return (
        handshake.state,
        handshake.sent,
        handshake.received,
        None if error is None else (type(error), error.args),
        handshake.report,
        handshake.role,
        handshake.allow,
    )


def test_fresh_handshake() -> None:
    handshake = ClosingHandshake(Role.CLIENT)
    assert handshake.state is State.OPEN
    assert (handshake.sent, handshake.received, handshake.error, handshake.report) == (
        None,
        None,
        None,
        None,
    )


def test_sent_received_and_error_are_kept() -> None:
    ours, _ = run(Role.SERVER, [send(4000, "x"), receive(b"\x0f\xa0x")])
    assert (ours.sent, ours.received, ours.error) == (Close(4000, "x"), Close(4000, "x"), None)
    theirs, _ = run(Role.SERVER, [receive(b"\x03\xe9bye")])
    assert (theirs.sent, theirs.received) == (Close(1001), AWAY)
    bad, _ = run(Role.SERVER, [receive(b"\x03\xe8\xff")])
    assert isinstance(bad.error, ReasonEncodingError)
    assert bad.received is None
    assert bad.sent == Close(1007, BAD_UTF8)
    short, _ = run(Role.SERVER, [receive(b"\x03")])
    assert isinstance(short.error, PayloadLengthError)


@pytest.mark.parametrize(("code", "reason"), [(1006, ""), (2000, ""), (1000, "x" * 124)])
def test_send_of_what_may_not_be_sent_changes_nothing(code: int, reason: str) -> None:
    handshake = ClosingHandshake(Role.CLIENT)
    with pytest.raises(CloseFrameError):
        handshake.send(code, reason)
    assert handshake.state is State.OPEN
    assert handshake.sent is None


def test_send_without_a_code_sends_an_empty_payload() -> None:
    handshake = ClosingHandshake(Role.CLIENT)
    assert handshake.send(CloseCode.STATUS) == Action(b"", False, None)
    assert handshake.sent == Close(CloseCode.STATUS)


def test_allow_reaches_decode_and_the_echo() -> None:
    handshake = ClosingHandshake(Role.SERVER, allow={2000})
    assert handshake.receive(b"\x07\xd0new") == Action(b"\x07\xd0", True, Close(2000, "new"))
    sender = ClosingHandshake(Role.SERVER, allow={2000})
    assert sender.send(2000, "x").send == b"\x07\xd0x"


def test_action_value() -> None:
    action = Action(b"\x03\xe8", True, BYE)
    send, close_tcp, report = action
    assert (send, close_tcp, report) == (action.send, action.close_tcp, action.report)
    assert action == Action(b"\x03\xe8", True, BYE)
    assert hash(action) == hash(Action(b"\x03\xe8", True, BYE))
    assert action != Action(b"\x03\xe8", False, BYE)
    assert repr(action) == (
        "Action(send=b'\\x03\\xe8', close_tcp=True, "
        "report=Close(code=<CloseCode.NORMAL: 1000>, reason='bye'))"
    )
    again = pickle.loads(pickle.dumps(action))
    assert again == action
    assert type(again) is Action


def test_handshake_error_pickles() -> None:
    error = HandshakeError(State.CLOSED, "receive a close frame")
    again = pickle.loads(pickle.dumps(error))
    assert (again.state, again.event, str(again)) == (error.state, error.event, str(error))


def test_handshake_error_is_not_a_close_frame_error() -> None:
    error = HandshakeError(State.CLOSED, "send a close frame")
    assert isinstance(error, WscloseError)
    assert isinstance(error, RuntimeError)
    assert not isinstance(error, CloseFrameError)
    assert not isinstance(error, ValueError)
    assert not hasattr(error, "reply_code")


@pytest.mark.parametrize("method", [ClosingHandshake.transport_lost, ClosingHandshake.tls_failed])
def test_transport_events_are_idempotent(method: Callable[[ClosingHandshake], Action]) -> None:
    handshake = ClosingHandshake(Role.CLIENT)
    first = method(handshake)
    assert method(handshake) == first
