"""docs/examples/echo_server.py works against a real websockets client."""

from __future__ import annotations

import asyncio
import importlib.util
import random
import socket
import sys
from contextlib import AsyncExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any

from websockets.asyncio.client import connect
from websockets.asyncio.server import ServerConnection, serve

import wsclose
from tests.peers import OP_CLOSE, TIMEOUT, RawClient
from wsclose import Close, CloseCode, Reconnect

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    import pytest

_spec = importlib.util.spec_from_file_location(
    "echo_server", Path(__file__).parent.parent / "docs" / "examples" / "echo_server.py"
)
assert _spec is not None
assert _spec.loader is not None
echo_server = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(echo_server)


async def with_echo_server(body: Callable[[int], Awaitable[None]]) -> list[Close]:
    """Run ``body(port)`` against the example server; return what it reported."""
    reports: list[Close] = []
    server = await asyncio.start_server(
        lambda reader, writer: echo_server.echo(reader, writer, reports.append), "127.0.0.1", 0
    )
    async with server:
        port = server.sockets[0].getsockname()[1]
        await asyncio.wait_for(body(port), 3 * TIMEOUT)
        for _ in range(100):
            if reports:
                break
            await asyncio.sleep(0.01)
    return reports


def test_echo_and_close_with_websockets_client() -> None:
    async def body(port: int) -> None:
        async with connect(f"ws://127.0.0.1:{port}") as client:
            await client.send("hello")
            assert await client.recv() == "hello"
            await client.send(b"\x00\x01" * 100)
            assert await client.recv() == b"\x00\x01" * 100
            await client.send("x" * 70_000)  # a 64-bit length
            assert await client.recv() == "x" * 70_000
            await client.close(CloseCode.AWAY, "bye")
        assert (client.close_code, client.close_reason) == (CloseCode.AWAY, "")

    assert asyncio.run(with_echo_server(body)) == [Close(CloseCode.AWAY, "bye")]


def test_invalid_close_gets_the_reply_code() -> None:
    async def body(port: int) -> None:
        client = await RawClient.connect(port)
        await client.send(OP_CLOSE, b"\x03\xed")
        assert (await client.receive_close()).code == CloseCode.PROTOCOL
        assert await client.wait_eof()
        await client.close()

    (report,) = asyncio.run(with_echo_server(body))
    assert report.code == CloseCode.PROTOCOL
    assert "1005" in report.reason


def test_dropped_connection_is_abnormal() -> None:
    async def body(port: int) -> None:
        client = await RawClient.connect(port)
        await client.close()

    assert asyncio.run(with_echo_server(body)) == [Close(CloseCode.ABNORMAL)]


def test_ping_gets_a_pong() -> None:
    async def body(port: int) -> None:
        client = await RawClient.connect(port)
        await client.send(0x9, b"ping")
        assert await client.receive() == (0xA, b"ping")
        await client.send_close(CloseCode.NORMAL)
        assert await client.receive_close() == (Close(CloseCode.NORMAL), None)
        await client.close()

    assert asyncio.run(with_echo_server(body)) == [Close(CloseCode.NORMAL)]


_spec = importlib.util.spec_from_file_location(
    "reconnect", Path(__file__).parent.parent / "docs" / "examples" / "reconnect.py"
)
assert _spec is not None
assert _spec.loader is not None
reconnect = importlib.util.module_from_spec(_spec)
sys.modules["reconnect"] = reconnect  # dataclasses look their module up
_spec.loader.exec_module(reconnect)


async def scripted_servers(
    script: list[str], count: int, body: Callable[[list[str]], Awaitable[None]]
) -> list[int]:
    """Serve ``script`` (one step a connection) from ``count`` servers; return who served."""
    served: list[int] = []

    async def handler(websocket: ServerConnection) -> None:
        served.append(websocket.local_address[1])
        step = script.pop(0)
        if step == "drop":
            websocket.transport.abort()  # no close frame: the client reports 1006
        elif step.startswith("send "):
            await websocket.send(step.removeprefix("send "))
            await websocket.close()
        else:
            await websocket.close(int(step), "scripted")

    async with AsyncExitStack() as stack:
        servers = [
            await stack.enter_async_context(serve(handler, "127.0.0.1", 0)) for _ in range(count)
        ]
        uris = [f"ws://127.0.0.1:{server.sockets[0].getsockname()[1]}" for server in servers]
        await asyncio.wait_for(body(uris), 3 * TIMEOUT)
        ports = [server.sockets[0].getsockname()[1] for server in servers]
    return [ports.index(port) for port in served]


def test_reconnect_follows_the_advice() -> None:
    sleeps: list[float] = []
    decisions: list[Any] = []  # reconnect.Decision, loaded from a file

    async def fake_sleep(delay: float) -> None:
        sleeps.append(delay)

    async def body(uris: list[str]) -> None:
        decisions.extend(await reconnect.reconnect(uris, sleep=fake_sleep, rng=random.Random(6455)))

    script = ["1012", "1013", "drop", "1000"]
    served = asyncio.run(scripted_servers(script, 2, body))
    assert served == [0, 0, 1, 1]  # after 1013, the other host
    assert [(d.close.code, d.advice.kind) for d in decisions] == [
        (CloseCode.RESTART, Reconnect.RESTART),
        (CloseCode.AGAIN, Reconnect.OTHER_HOST),
        (CloseCode.ABNORMAL, Reconnect.BACKOFF),
        (CloseCode.NORMAL, Reconnect.NEVER),
    ]
    assert decisions[0].close.reason == "scripted"
    draws = random.Random(6455)
    expected = [5 + 25 * draws.random(), 10 * draws.random(), 20 * draws.random()]
    assert sleeps == expected
    assert [d.delay for d in decisions] == [*expected, None]


def test_reconnect_starts_afresh_after_a_message_and_stops_on_1013_alone() -> None:
    messages: list[object] = []
    sleeps: list[float] = []

    async def fake_sleep(delay: float) -> None:
        sleeps.append(delay)

    async def body(uris: list[str]) -> None:
        decisions = await reconnect.reconnect(
            uris, messages.append, sleep=fake_sleep, rng=random.Random(1)
        )
        assert [(d.close.code, d.advice.kind) for d in decisions] == [
            (CloseCode.ERROR, Reconnect.BACKOFF),
            (CloseCode.ERROR, Reconnect.BACKOFF),
            (CloseCode.NORMAL, Reconnect.NEVER),
        ]

    # 1011 twice (attempts 0, 1), then a message and 1000: stop.
    asyncio.run(scripted_servers(["1011", "1011", "send hi"], 1, body))
    draws = random.Random(1)
    assert sleeps == [5 * draws.random(), 10 * draws.random()]
    assert messages == ["hi"]

    sleeps.clear()

    async def alone(uris: list[str]) -> None:
        decisions = await reconnect.reconnect(uris, sleep=fake_sleep, rng=random.Random(1))
        assert [(d.advice.kind, d.delay) for d in decisions] == [(Reconnect.OTHER_HOST, None)]

    asyncio.run(scripted_servers(["1013"], 1, alone))
    assert sleeps == []


def test_reconnect_gives_up_after_its_retries_when_nothing_listens() -> None:
    sleeps: list[float] = []

    async def fake_sleep(delay: float) -> None:
        sleeps.append(delay)

    async def body() -> list[Any]:
        with socket.socket() as sock:  # a port nothing listens on
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        decisions: list[Any] = await reconnect.reconnect(
            [f"ws://127.0.0.1:{port}"], sleep=fake_sleep, rng=random.Random(2), retries=2
        )
        return decisions

    decisions = asyncio.run(asyncio.wait_for(body(), 3 * TIMEOUT))
    assert [d.close for d in decisions] == [Close(CloseCode.ABNORMAL)] * 3
    draws = random.Random(2)
    assert sleeps == [5 * draws.random(), 10 * draws.random()]
    assert decisions[-1].delay is None


def test_reconnect_report_line(capsys: pytest.CaptureFixture[str]) -> None:
    advice = wsclose.advise(1012)
    reconnect.report(reconnect.Decision("ws://h", Close(1012), advice, 7.25))
    reconnect.report(reconnect.Decision("ws://h", Close(1000), wsclose.advise(1000), None))
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"ws://h: 1012 (service restart): {advice}: wait 7.2 s"
    assert lines[1].endswith(": stop")
