"""A raw WebSocket client for the interop tests: it frames and masks by hand.

It does only what the tests need (RFC 6455 §4.1 opening handshake, §5.2 framing,
§5.3 masking), so that wsclose's payloads reach real peers byte for byte.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import os
import struct

OP_TEXT = 0x1
OP_CLOSE = 0x8
GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
TIMEOUT = 10.0


def frame(opcode: int, payload: bytes, *, mask: bool) -> bytes:
    """One final frame; masked as a client must (§5.3). Lengths over 125 use 16 bits."""
    head = bytes([0x80 | opcode])
    flag = 0x80 if mask else 0
    if len(payload) <= 125:
        head += bytes([flag | len(payload)])
    else:
        head += bytes([flag | 126]) + struct.pack("!H", len(payload))
    if not mask:
        return head + payload
    key = os.urandom(4)
    return head + key + bytes(b ^ key[i % 4] for i, b in enumerate(payload))


def parse_frame(data: bytes) -> tuple[int, bytes, bytes]:
    """Split one unmasked frame off ``data``: (opcode, payload, the rest)."""
    opcode, length = data[0] & 0x0F, data[1] & 0x7F
    start = 2
    if length == 126:
        (length,) = struct.unpack("!H", data[2:4])
        start = 4
    return opcode, data[start : start + length], data[start + length :]


def accept_key(key: str) -> str:
    """The Sec-WebSocket-Accept value for a Sec-WebSocket-Key (§4.2.2)."""
    return base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()


class RawClient:
    """A client on a real socket that sends frames built by hand."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    @classmethod
    async def connect(cls, port: int) -> RawClient:
        """Open a connection to 127.0.0.1:port and do the opening handshake."""
        reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), TIMEOUT)
        key = base64.b64encode(os.urandom(16)).decode()
        writer.write(
            (
                "GET / HTTP/1.1\r\n"
                f"Host: 127.0.0.1:{port}\r\n"
                "Upgrade: websocket\r\n"
                "Connection: Upgrade\r\n"
                f"Sec-WebSocket-Key: {key}\r\n"
                "Sec-WebSocket-Version: 13\r\n\r\n"
            ).encode()
        )
        response = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), TIMEOUT)
        if not response.startswith(b"HTTP/1.1 101") or accept_key(key).encode() not in response:
            raise ConnectionError(f"no WebSocket upgrade: {response!r}")
        return cls(reader, writer)

    async def send(self, opcode: int, payload: bytes) -> None:
        """Send one masked frame."""
        self.writer.write(frame(opcode, payload, mask=True))
        await self.writer.drain()

    async def receive(self) -> tuple[int, bytes]:
        """Read one frame from the server: (opcode, payload)."""
        first, second = await asyncio.wait_for(self.reader.readexactly(2), TIMEOUT)
        length = second & 0x7F
        if length == 126:
            (length,) = struct.unpack("!H", await self.reader.readexactly(2))
        payload = await asyncio.wait_for(self.reader.readexactly(length), TIMEOUT)
        return first & 0x0F, payload

    async def receive_close(self) -> bytes:
        """Read frames until a close frame; return its payload."""
        while True:
            opcode, payload = await self.receive()
            if opcode == OP_CLOSE:
                return payload

    async def wait_eof(self) -> bool:
        """Wait for the server to close TCP; True once it has."""
        data = await asyncio.wait_for(self.reader.read(), TIMEOUT)
        return data == b""

    async def close(self) -> None:
        """Close this side of the TCP connection."""
        self.writer.close()
        with contextlib.suppress(ConnectionError):
            await self.writer.wait_closed()
