"""Servers for the probe's tests, on 127.0.0.1: websockets, aiohttp, the echo example, a broken one.

Each ``*_server`` is an async context manager that yields the server's ws:// URL.
The broken server is correct but for the faults it is given, one a known bug.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import importlib.util
import socket
import struct
from pathlib import Path
from typing import TYPE_CHECKING

from aiohttp import WSMsgType, web
from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import ConnectionClosed

from wsclose import CloseCode, CloseFrameError, ReasonEncodingError, decode_frame, encode

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Awaitable, Callable

    Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
CLOSE, PING, PONG = 0x8, 0x9, 0xA

_spec = importlib.util.spec_from_file_location(
    "echo_server", Path(__file__).parent.parent / "docs" / "examples" / "echo_server.py"
)
assert _spec is not None
assert _spec.loader is not None
echo_example = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(echo_example)

#: The faults the broken server can have, each a bug seen in real stacks.
FAULTS = {
    "echo-1005": "reports an empty close as 1005 and echoes that code on the wire",
    "keep-open": "never closes TCP: waits for the client to",
    "slow-close": "closes TCP 0.3 s after its close frame",
    "accept-bad-utf8": "does not check the reason's UTF-8: answers a bad one with its code",
    "after-close": "keeps reading after its close: answers a second close, pings, messages",
    "drop": "resets TCP (RST) on any close frame, without a reply",
    "mask-reply": "masks its close frame",
    "oversize": "sends a text frame, then a frame header of 2**40 bytes, for any close",
    "flood": "sends 1100 binary frames of 1000 bytes for any close",
    "no-upgrade": "never answers the opening handshake",
    "hostile-reason": "puts bidi and control characters in its close reason",
    "http-error": "answers the opening handshake with 403, control characters in status and body",
}
#: The reason a "hostile-reason" server closes with: a right-to-left override, a C1 CSI, ESC.
HOSTILE_REASON = "\u202eevil\u009b2J\x1b[31m caf\u00e9"
#: The answer of an "http-error" server, control characters in its status line and body.
HTTP_ERROR = (
    b"HTTP/1.1 403 Forbidden\x1b[2J\x9b31m\r\nContent-Type: text/plain\r\n\r\n"
    b"go away \x1b]0;pwned\x07\xe2\x80\xae"
)
SLOW_CLOSE = 0.3
AFTER_CLOSE = 0.1


@contextlib.asynccontextmanager
async def stream_server(handle: Handler) -> AsyncIterator[str]:
    """Serve ``handle`` on an ephemeral port; yield the URL. On exit, end every handler."""
    tasks: set[asyncio.Task[object]] = set()

    async def tracked(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            tasks.add(task)
        try:
            await handle(reader, writer)
        finally:
            writer.close()

    server = await asyncio.start_server(tracked, "127.0.0.1", 0)
    try:
        async with server:
            yield f"ws://127.0.0.1:{server.sockets[0].getsockname()[1]}/"
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


@contextlib.asynccontextmanager
async def websockets_server() -> AsyncIterator[str]:
    """A websockets server that echoes messages."""

    async def handler(connection: ServerConnection) -> None:
        with contextlib.suppress(ConnectionClosed):
            async for message in connection:
                await connection.send(message)

    async with serve(handler, "127.0.0.1", 0) as server:
        yield f"ws://127.0.0.1:{server.sockets[0].getsockname()[1]}/"


@contextlib.asynccontextmanager
async def aiohttp_server() -> AsyncIterator[str]:
    """An aiohttp server that echoes messages."""

    async def handler(request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        async for message in socket:
            if message.type == WSMsgType.TEXT:
                await socket.send_str(message.data)
            elif message.type == WSMsgType.BINARY:
                await socket.send_bytes(message.data)
        return socket

    app = web.Application()
    app.router.add_get("/", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        server = site._server
        assert isinstance(server, asyncio.Server)
        yield f"ws://127.0.0.1:{server.sockets[0].getsockname()[1]}/"
    finally:
        await runner.cleanup()


@contextlib.asynccontextmanager
async def echo_example_server() -> AsyncIterator[str]:
    """docs/examples/echo_server.py, reports discarded."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await echo_example.echo(reader, writer, lambda close: None)

    async with stream_server(handle) as url:
        yield url


SERVERS = {
    "websockets": websockets_server,
    "aiohttp": aiohttp_server,
    "echo example": echo_example_server,
}


def broken_server(*faults: str) -> contextlib.AbstractAsyncContextManager[str]:
    """A server that is right but for ``faults`` (keys of :data:`FAULTS`)."""
    assert set(faults) <= set(FAULTS)
    return stream_server(lambda reader, writer: _broken(reader, writer, set(faults)))


async def _broken(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, faults: set[str]
) -> None:
    try:
        await _accept(reader, writer, faults)
        closed = False
        while True:
            read = _read_frame(reader)
            # After its close, a server with "after-close" reads what came already, then stops.
            opcode, payload, raw = await (asyncio.wait_for(read, AFTER_CLOSE) if closed else read)
            if opcode == CLOSE and (not closed or "after-close" in faults):
                if "drop" in faults:
                    sock = writer.get_extra_info("socket")
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    writer.transport.abort()
                    return
                if "flood" in faults:
                    writer.write(_frame(0x2, b"x" * 1000) * 1100)
                    break
                if "oversize" in faults:
                    writer.write(_frame(0x1, b"x" * 200) + b"\x81\x7f" + struct.pack("!Q", 1 << 40))
                    break
                reply = _reply(raw, faults)
                if "hostile-reason" in faults and reply:
                    reply += HOSTILE_REASON.encode()
                writer.write(_frame(CLOSE, reply, mask="mask-reply" in faults))
                closed = True
                if "after-close" not in faults:
                    break
            elif opcode == PING and (not closed or "after-close" in faults):
                writer.write(_frame(PONG, payload))
            elif opcode in {0x1, 0x2} and (not closed or "after-close" in faults):
                writer.write(_frame(opcode, payload))
        await writer.drain()
        if "keep-open" in faults:
            await reader.read()
        if "slow-close" in faults:
            await asyncio.sleep(SLOW_CLOSE)
    except (asyncio.IncompleteReadError, ConnectionError, asyncio.TimeoutError):
        pass
    writer.close()


async def _accept(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, faults: set[str]
) -> None:
    request = await reader.readuntil(b"\r\n\r\n")
    if "no-upgrade" in faults:
        await reader.read()
        raise ConnectionError
    if "http-error" in faults:
        writer.write(HTTP_ERROR)
        await writer.drain()
        raise ConnectionError
    key = next(
        line.split(b":", 1)[1].strip()
        for line in request.split(b"\r\n")
        if line.lower().startswith(b"sec-websocket-key:")
    )
    accept = base64.b64encode(hashlib.sha1(key + GUID).digest())
    writer.write(
        b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
        b"Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept + b"\r\n\r\n"
    )


async def _read_frame(reader: asyncio.StreamReader) -> tuple[int, bytes, bytes]:
    """One client frame: (opcode, payload, raw bytes); unmasked or with RSV bits: a close."""
    head = await reader.readexactly(2)
    length, extended = head[1] & 0x7F, b""
    if length == 126:
        extended = await reader.readexactly(2)
        (length,) = struct.unpack("!H", extended)
    key = await reader.readexactly(4) if head[1] & 0x80 else b""
    data = await reader.readexactly(length)
    payload = bytes(b ^ key[i % 4] for i, b in enumerate(data)) if key else data
    opcode = head[0] & 0x0F if key and not head[0] & 0x70 else CLOSE
    return opcode, payload, head + extended + key + data


def _reply(raw: bytes, faults: set[str]) -> bytes:
    """The close payload to answer a client's close frame with."""
    try:
        frame = decode_frame(raw)
    except ReasonEncodingError:
        if "accept-bad-utf8" in faults:
            return raw[6:8]
        return encode(CloseCode.INVALID)
    except CloseFrameError as err:
        return encode(err.reply_code)
    if not frame.masked:
        return encode(CloseCode.PROTOCOL)
    if frame.code == CloseCode.STATUS:
        return b"\x03\xed" if "echo-1005" in faults else b""
    return encode(frame.code)


def _frame(opcode: int, payload: bytes, *, mask: bool = False) -> bytes:
    """One server frame, masked if asked (which a server must never do)."""
    size = (
        bytes([len(payload)]) if len(payload) < 126 else b"\x7e" + struct.pack("!H", len(payload))
    )
    if not mask:
        return bytes([0x80 | opcode]) + size + payload
    key = b"\x01\x02\x03\x04"
    masked = bytes(b ^ key[i % 4] for i, b in enumerate(payload))
    return bytes([0x80 | opcode, 0x80 | size[0]]) + size[1:] + key + masked
