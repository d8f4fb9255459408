"""docs/examples/echo_server.py works against a real websockets client."""

from __future__ import annotations

import asyncio
import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING

from websockets.asyncio.client import connect

from tests.peers import OP_CLOSE, TIMEOUT, RawClient
from wsclose import Close, CloseCode

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

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
