"""wsclose against wsproto's WSConnection, driven in memory (no socket needed)."""

from __future__ import annotations

import pytest
from wsproto import ConnectionType, WSConnection
from wsproto.connection import ConnectionState
from wsproto.events import AcceptConnection, CloseConnection, Request

from tests.cases import INVALID, REASONS, case_id
from tests.cases import SENDABLE as ALL_SENDABLE
from tests.peers import OP_CLOSE, frame
from wsclose import (
    Close,
    CloseCode,
    CloseFrame,
    CloseFrameError,
    ClosingHandshake,
    Role,
    decode,
    decode_frame,
    encode,
    encode_frame,
    truncate_reason,
)

# wsproto's CloseReason has no 1014, so it refuses that code (see the pins below).
SENDABLE = [code for code in ALL_SENDABLE if code != 1014]
CASES = [(code, reason) for code in SENDABLE for reason in REASONS]


def connected() -> tuple[WSConnection, WSConnection]:
    """A wsproto client and server, past the opening handshake."""
    client = WSConnection(ConnectionType.CLIENT)
    server = WSConnection(ConnectionType.SERVER)
    server.receive_data(client.send(Request(host="localhost", target="/")))
    assert isinstance(next(server.events()), Request)
    client.receive_data(server.send(AcceptConnection()))
    assert isinstance(next(client.events()), AcceptConnection)
    return client, server


def received_close(server: WSConnection, data: bytes) -> CloseConnection:
    """Feed the server a whole masked close frame; return the CloseConnection it reports."""
    server.receive_data(data)
    (event,) = list(server.events())
    assert isinstance(event, CloseConnection)
    return event


def sent_close(server: WSConnection, code: int, reason: str) -> CloseFrame:
    """The close frame wsproto's server sends for (code, reason), as decode_frame reads it."""
    return decode_frame(server.send(CloseConnection(code, reason)))


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_wsproto_receives_what_encode_sent(case: tuple[int, str]) -> None:
    code, reason = case
    _, server = connected()
    event = received_close(server, encode_frame(code, reason, mask=True))
    assert (event.code, event.reason) == (code, reason)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_decode_reads_what_wsproto_sent(case: tuple[int, str]) -> None:
    code, reason = case
    _, server = connected()
    assert sent_close(server, code, reason) == (Close(code, reason), None)


@pytest.mark.parametrize("payload", INVALID)
def test_wsproto_answers_invalid_payloads_with_the_reply_code(payload: bytes) -> None:
    with pytest.raises(CloseFrameError) as info:
        decode(payload)
    _, server = connected()
    assert received_close(server, frame(OP_CLOSE, payload)).code == info.value.reply_code


@pytest.mark.parametrize("case", [(1000, ""), (1001, "bye"), (4000, "\u00e9" * 61 + "a")])
def test_handshake_helper_closes_first_against_wsproto(case: tuple[int, str]) -> None:
    code, reason = case
    handshake = ClosingHandshake(Role.CLIENT)
    _, server = connected()
    action = handshake.send(code, reason)
    assert action.send is not None
    event = received_close(server, encode_frame(*decode(action.send), mask=True))
    assert (event.code, event.reason) == (code, reason)
    reply = decode_frame(server.send(event.response()))
    assert handshake.receive(encode(*reply.close)).report == (code, reason)
    assert server.state is ConnectionState.CLOSED


@pytest.mark.parametrize("case", [(1001, "going"), (1011, ""), (3999, "x")])
def test_handshake_helper_answers_wsproto(case: tuple[int, str]) -> None:
    code, reason = case
    handshake = ClosingHandshake(Role.CLIENT)
    _, server = connected()
    action = handshake.receive(encode(*sent_close(server, code, reason).close))
    assert action.report == Close(code, reason)
    assert action.send is not None
    event = received_close(server, encode_frame(*decode(action.send), mask=True))
    assert (event.code, event.reason) == (code, "")
    assert server.state is ConnectionState.CLOSED


# Where wsproto parts from RFC 6455 (and from wsclose); each pin fails if wsproto changes.


def test_wsproto_rejects_1014() -> None:
    # wsproto: 1014 (bad gateway, IANA) is "unknown reserved"; wsclose accepts it.
    _, server = connected()
    assert received_close(server, encode_frame(1014, mask=True)).code == CloseCode.PROTOCOL
    assert decode(b"\x03\xf6") == (CloseCode.BAD_GATEWAY, "")


@pytest.mark.parametrize("code", [1005, 1006, 1015])
def test_wsproto_rewrites_local_only_codes_to_1000(code: int) -> None:
    # wsproto: close(1005/1006/1015) given as an int sends 1000. wsclose.encode
    # refuses 1006 and 1015, and sends no code at all for 1005.
    _, server = connected()
    assert sent_close(server, code, "").close == (1000, "")
    if code == CloseCode.STATUS:
        assert encode(code) == b""
    else:
        with pytest.raises(CloseFrameError):
            encode(code)


def test_wsproto_truncates_long_reasons_silently() -> None:
    # wsproto: a 124-byte reason is cut to 123 bytes without a word; wsclose raises,
    # and truncate_reason does the same cut when asked.
    _, server = connected()
    reason = "\u00e9" * 62
    assert sent_close(server, 1000, reason).close == (1000, truncate_reason(reason))
    with pytest.raises(CloseFrameError):
        encode(1000, reason)
