"""A raw WebSocket client for the interop tests, on wsclose's own close frames.

Its close frames are wsclose's: :func:`wsclose.encode_frame` builds them (masked, as
a client's must be, §5.3) and :func:`wsclose.decode_frame` reads the server's, so
the frames reach real peers byte for byte. Other frames (text, ping) and close
payloads that wsclose refuses to build (sent on purpose to see how a peer answers)
are framed by hand, and only as far as the tests need (§4.1 handshake, §5.2).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import os
import struct

from wsclose import CloseCode, CloseFrame, decode_frame, encode_frame

OP_TEXT = 0x1
OP_CLOSE = 0x8
GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
TIMEOUT = 10.0


def frame(opcode: int, payload: bytes) -> bytes:
    """One final frame of any opcode and payload, masked as a client's (§5.2, §5.3).

    For the frames encode_frame does not build: other opcodes, and close payloads
    that wsclose refuses. Lengths over 125 use 16 bits.
    """
    length = (
        bytes([0x80 | len(payload)])
        if len(payload) <= 125
        else struct.pack("!BH", 0xFE, len(payload))
    )
    key = os.urandom(4)
    return (
        bytes([0x80 | opcode]) + length + key + bytes(b ^ key[i % 4] for i, b in enumerate(payload))
    )


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
        """Send one masked frame framed by hand: not a close frame wsclose can build."""
        self.writer.write(frame(opcode, payload))
        await self.writer.drain()

    async def send_close(self, code: int = CloseCode.NORMAL, reason: str = "") -> None:
        """Send a close frame built by wsclose, masked with a fresh key."""
        self.writer.write(encode_frame(code, reason, mask=True))
        await self.writer.drain()

    async def receive_frame(self) -> bytes:
        """Read one whole frame from the server, header and all, as the wire carried it."""
        head = await asyncio.wait_for(self.reader.readexactly(2), TIMEOUT)
        length = head[1] & 0x7F
        if length == 126:
            head += await self.reader.readexactly(2)
            (length,) = struct.unpack("!H", head[2:])
        return head + await asyncio.wait_for(self.reader.readexactly(length), TIMEOUT)

    async def receive(self) -> tuple[int, bytes]:
        """Read one unmasked frame from the server: (opcode, payload)."""
        data = await self.receive_frame()
        return data[0] & 0x0F, data[4:] if data[1] & 0x7F == 126 else data[2:]

    async def receive_close(self) -> CloseFrame:
        """Read frames until a close frame; return it as decode_frame reads it."""
        while True:
            data = await self.receive_frame()
            if data[0] & 0x0F == OP_CLOSE:
                return decode_frame(data)

    async def wait_eof(self) -> bool:
        """Wait for the server to close TCP; True once it has."""
        data = await asyncio.wait_for(self.reader.read(), TIMEOUT)
        return data == b""

    async def close(self) -> None:
        """Close this side of the TCP connection."""
        self.writer.close()
        with contextlib.suppress(ConnectionError):
            await self.writer.wait_closed()
