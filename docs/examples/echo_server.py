"""A minimal WebSocket echo server on raw asyncio sockets, closing with wsclose.

It frames by hand (RFC 6455 §5.2) and leaves the closing handshake to
:class:`wsclose.ClosingHandshake`: reply to the client's close frame, close TCP
first as a server must (§7.1.1), and report the close code. Run it with
``python docs/examples/echo_server.py [PORT]``; tests/test_examples.py runs it
against a websockets client.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import struct
import sys
from typing import Callable

from wsclose import Close, ClosingHandshake, Role

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
CONTINUATION, TEXT, BINARY, CLOSE, PING, PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA


async def read_frame(reader: asyncio.StreamReader) -> tuple[int, int, bytes]:
    """Read one client frame: (FIN bit, opcode, unmasked payload)."""
    first, second = await reader.readexactly(2)
    length = second & 0x7F
    if length == 126:
        (length,) = struct.unpack("!H", await reader.readexactly(2))
    elif length == 127:
        (length,) = struct.unpack("!Q", await reader.readexactly(8))
    mask = await reader.readexactly(4) if second & 0x80 else b"\0\0\0\0"
    data = await reader.readexactly(length)
    payload = bytes(byte ^ mask[i % 4] for i, byte in enumerate(data))
    return first & 0x80, first & 0x0F, payload


def frame(opcode: int, payload: bytes, fin: int = 0x80) -> bytes:
    """One unmasked server frame."""
    if len(payload) < 126:
        return bytes([fin | opcode, len(payload)]) + payload
    if len(payload) < 1 << 16:
        return bytes([fin | opcode, 126]) + struct.pack("!H", len(payload)) + payload
    return bytes([fin | opcode, 127]) + struct.pack("!Q", len(payload)) + payload


async def upgrade(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Answer the opening handshake (§4.2.2)."""
    request = await reader.readuntil(b"\r\n\r\n")
    headers = dict(line.split(b":", 1) for line in request.split(b"\r\n")[1:] if b":" in line)
    key = {name.strip().lower(): value.strip() for name, value in headers.items()}[
        b"sec-websocket-key"
    ]
    accept = base64.b64encode(hashlib.sha1(key + GUID).digest())
    writer.write(
        b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
        b"Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept + b"\r\n\r\n"
    )


async def echo(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    on_close: Callable[[Close], None] = print,
) -> None:
    """Serve one connection: echo messages until the closing handshake ends."""
    handshake = ClosingHandshake(Role.SERVER)
    try:
        await upgrade(reader, writer)
        while True:
            fin, opcode, payload = await read_frame(reader)
            if opcode == CLOSE:
                action = handshake.receive(payload)
                if action.send is not None:
                    writer.write(frame(CLOSE, action.send))
                break
            if opcode == PING:
                writer.write(frame(PONG, payload))
            elif opcode in (CONTINUATION, TEXT, BINARY):
                writer.write(frame(opcode, payload, fin))
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        action = handshake.transport_lost()
    if action.close_tcp:  # always so for a server: it closes TCP first (§7.1.1)
        writer.close()
    if action.report is not None:
        on_close(action.report)


async def main(port: int) -> None:
    """Serve on 127.0.0.1:port until interrupted."""
    server = await asyncio.start_server(echo, "127.0.0.1", port)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 8765))
