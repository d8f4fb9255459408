"""wsclose against a real websockets server, over real sockets on 127.0.0.1.

Each test starts a websockets server on an ephemeral port and talks to it with
the raw client of tests/peers.py, whose close payloads come from wsclose.
"""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING, Optional

import pytest
from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import ConnectionClosed
from websockets.frames import Close as WebsocketsClose

from tests.cases import INVALID, REASONS, SENDABLE, case_id
from tests.peers import OP_CLOSE, OP_TEXT, TIMEOUT, RawClient
from wsclose import Close, CloseCode, CloseFrameError, ClosingHandshake, Role, decode, encode

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

CASES = [(code, reason) for code in SENDABLE for reason in REASONS]


Received = Optional[tuple[int, str]]


async def serve_and_run(body: Callable[[int, asyncio.Queue[Received]], Awaitable[None]]) -> None:
    """Run ``body(port, closes)`` against a websockets server; ``closes`` gets what it received.

    The server closes with the code and reason of a text message "close [code, reason]".
    """
    closes: asyncio.Queue[Received] = asyncio.Queue()

    async def handler(connection: ServerConnection) -> None:
        try:
            async for message in connection:
                assert isinstance(message, str)
                code, reason = json.loads(message.removeprefix("close "))
                await connection.close(code, reason)
        except ConnectionClosed:
            pass
        await connection.wait_closed()
        received = connection.protocol.close_rcvd
        await closes.put(None if received is None else (received.code, received.reason))

    async with serve(handler, "127.0.0.1", 0) as server:
        port = server.sockets[0].getsockname()[1]
        await asyncio.wait_for(body(port, closes), 3 * TIMEOUT)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_websockets_server_receives_what_encode_sent(case: tuple[int, str]) -> None:
    code, reason = case

    async def body(port: int, closes: asyncio.Queue[Received]) -> None:
        client = await RawClient.connect(port)
        await client.send_close(code, reason)
        echo = await client.receive_close()
        assert echo == (Close(code, reason), None)  # websockets echoes, unmasked (§5.1)
        assert await client.wait_eof()  # the server closes TCP first (RFC 6455 §7.1.1)
        await client.close()
        assert await asyncio.wait_for(closes.get(), TIMEOUT) == (code, reason)

    asyncio.run(serve_and_run(body))


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_decode_reads_what_websockets_sent(case: tuple[int, str]) -> None:
    code, reason = case

    async def body(port: int, closes: asyncio.Queue[Received]) -> None:
        client = await RawClient.connect(port)
        await client.send(OP_TEXT, ("close " + json.dumps([code, reason])).encode())
        assert await client.receive_close() == (Close(code, reason), None)
        await client.close()
        await asyncio.wait_for(closes.get(), TIMEOUT)

    asyncio.run(serve_and_run(body))


def test_websockets_server_reports_no_status_for_an_empty_payload() -> None:
    async def body(port: int, closes: asyncio.Queue[Received]) -> None:
        client = await RawClient.connect(port)
        await client.send_close(CloseCode.STATUS)
        assert (await client.receive_close()).close == (CloseCode.STATUS, "")
        await client.close()
        assert await asyncio.wait_for(closes.get(), TIMEOUT) == (CloseCode.STATUS, "")

    asyncio.run(serve_and_run(body))


@pytest.mark.parametrize("payload", INVALID)
def test_websockets_answers_invalid_payloads_with_the_reply_code(payload: bytes) -> None:
    with pytest.raises(CloseFrameError) as info:
        decode(payload)

    async def body(port: int, closes: asyncio.Queue[Received]) -> None:
        client = await RawClient.connect(port)
        await client.send(OP_CLOSE, payload)
        answer = await client.receive_close()
        assert answer.code == info.value.reply_code
        await client.close()
        await asyncio.wait_for(closes.get(), TIMEOUT)

    asyncio.run(serve_and_run(body))


@pytest.mark.parametrize("case", [(1000, ""), (1001, "bye"), (4000, "\u00e9" * 61 + "a")])
def test_handshake_helper_closes_first_against_websockets(case: tuple[int, str]) -> None:
    code, reason = case

    async def body(port: int, closes: asyncio.Queue[Received]) -> None:
        handshake = ClosingHandshake(Role.CLIENT)
        client = await RawClient.connect(port)
        action = handshake.send(code, reason)
        assert action.send is not None
        await client.send_close(*decode(action.send))
        action = handshake.receive(encode(*(await client.receive_close()).close))
        assert (action.send, action.close_tcp) == (None, False)  # a client waits for the server
        assert await client.wait_eof()
        action = handshake.transport_lost()
        assert action.report == (code, reason)
        await client.close()
        assert await asyncio.wait_for(closes.get(), TIMEOUT) == (code, reason)

    asyncio.run(serve_and_run(body))


@pytest.mark.parametrize("case", [(1001, "going"), (1011, ""), (3999, "\U0001d11e" * 30 + "abc")])
def test_handshake_helper_answers_websockets(case: tuple[int, str]) -> None:
    code, reason = case

    async def body(port: int, closes: asyncio.Queue[Received]) -> None:
        handshake = ClosingHandshake(Role.CLIENT)
        client = await RawClient.connect(port)
        await client.send(OP_TEXT, ("close " + json.dumps([code, reason])).encode())
        action = handshake.receive(encode(*(await client.receive_close()).close))
        assert action.report == (code, reason)
        assert action.send == encode(code)
        await client.send_close(*decode(action.send))
        assert await client.wait_eof()
        assert handshake.transport_lost().report == Close(code, reason)
        await client.close()
        assert await asyncio.wait_for(closes.get(), TIMEOUT) == (code, "")

    asyncio.run(serve_and_run(body))


def test_handshake_helper_answers_an_invalid_close_from_a_raw_peer() -> None:
    handshake = ClosingHandshake(Role.SERVER)
    action = handshake.receive(b"\x03\xe8\xff")
    assert action.send is not None
    assert decode(action.send).code == CloseCode.INVALID


# Where websockets parts from RFC 6455; each pin fails if websockets changes.


def test_websockets_serializes_reasons_over_123_bytes() -> None:
    # websockets: Close.serialize() makes a 126-byte payload; wsclose.encode refuses.
    assert len(WebsocketsClose(1000, "x" * 124).serialize()) == 126
    with pytest.raises(CloseFrameError):
        encode(1000, "x" * 124)


def test_websockets_lets_unicode_decode_error_escape() -> None:
    # websockets: Close.parse raises a bare UnicodeDecodeError; wsclose raises its own error.
    with pytest.raises(UnicodeDecodeError):
        WebsocketsClose.parse(b"\x03\xe8\xff")
    with pytest.raises(CloseFrameError):
        decode(b"\x03\xe8\xff")
