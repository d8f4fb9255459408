"""One connection of the probe: the opening handshake and raw frames (RFC 6455 §4.1, §5.2)."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import os
import struct
from typing import TYPE_CHECKING, Final, NamedTuple
from urllib.parse import urlsplit

from .. import __version__
from ..errors import WscloseError

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "Connection",
    "Frame",
    "ProbeError",
    "Target",
    "accept_key",
    "build_frame",
    "parse_url",
    "read_key",
    "switching",
]

CONTINUATION: Final = 0x0
TEXT: Final = 0x1
BINARY: Final = 0x2
CLOSE: Final = 0x8
PING: Final = 0x9
PONG: Final = 0xA
#: The names a report gives the opcodes (RFC 6455 §5.2, §11.8).
OPCODE_NAMES: Final = {
    CONTINUATION: "continuation",
    TEXT: "text",
    BINARY: "binary",
    CLOSE: "close",
    PING: "ping",
    PONG: "pong",
}

_FIN: Final = 0x80
_MASK: Final = 0x80
_RSV_SHIFT: Final = 4
_RSV_BITS: Final = 0x70
_OPCODE_BITS: Final = 0x0F
_LENGTH_BITS: Final = 0x7F
_LENGTH_16: Final = 126
_LENGTH_64: Final = 127
_KEY_SIZE: Final = 4
#: The bytes of the random nonce in ``Sec-WebSocket-Key`` (§4.1).
_NONCE_SIZE: Final = 16
_GUID: Final = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
_DEFAULT_PORT: Final = 80
_HTTP_OK: Final = "101"
#: The most bytes of HTTP response head the probe reads.
MAX_HEAD: Final = 16 * 1024
#: The most payload bytes the probe reads on one connection; a close test needs far less.
MAX_RECEIVED: Final = 1 << 20


class ProbeError(WscloseError):
    """The probe cannot run: a bad URL or argument, or no WebSocket connection to the server.

    The message is ``args[0]``.
    """

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "the probe cannot run"


class Target(NamedTuple):
    """Where the probe connects: host, port, and the request target of the upgrade."""

    host: str
    port: int
    path: str
    authority: str


def parse_url(url: str) -> Target:
    """Split a ``ws://HOST[:PORT]/PATH`` URL; raise :class:`ProbeError` for anything else."""
    parts = urlsplit(url)
    if parts.scheme == "wss":
        raise ProbeError(
            f"{url}: wss:// is not supported; probe the server's plain ws:// port "
            "(TLS changes nothing in the closing handshake)"
        )
    try:
        port = parts.port
    except ValueError:
        port = -1
    if parts.scheme != "ws" or not parts.hostname or port == -1:
        raise ProbeError(f"not a ws://HOST[:PORT]/PATH URL: {url!r}")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    authority = parts.netloc.rpartition("@")[2]
    return Target(parts.hostname, port or _DEFAULT_PORT, path, authority)


def build_frame(
    opcode: int, payload: bytes, *, fin: bool = True, rsv: int = 0, mask: bool = True
) -> bytes:
    r"""One frame, header bits as given, masked with a fresh key unless ``mask`` is False (§5.2).

    >>> build_frame(0x8, b"\x03\xe8", mask=False)
    b'\x88\x02\x03\xe8'
    """
    first = (_FIN if fin else 0) | rsv << _RSV_SHIFT | opcode
    flag = _MASK if mask else 0
    if len(payload) < _LENGTH_16:
        head = bytes([first, flag | len(payload)])
    else:
        head = bytes([first, flag | _LENGTH_16]) + struct.pack("!H", len(payload))
    if not mask:
        return head + payload
    key = os.urandom(_KEY_SIZE)
    return head + key + _unmask(payload, key)


def _unmask(data: bytes, key: bytes) -> bytes:
    return bytes(byte ^ key[i % _KEY_SIZE] for i, byte in enumerate(data))


class Frame(NamedTuple):
    """A frame read from the server, with its raw bytes for :func:`wsclose.decode_frame`."""

    fin: bool
    rsv: int
    opcode: int
    masked: bool
    payload: bytes
    raw: bytes

    @property
    def name(self) -> str:
        """The opcode's name, or ``opcode 0x3`` for a reserved one."""
        return OPCODE_NAMES.get(self.opcode, f"opcode {self.opcode:#x}")


class Connection:
    """A client connection after the opening handshake: raw writes, frame reads."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        #: Payload bytes read so far.
        self.received = 0

    @classmethod
    async def open(cls, target: Target, timeout: float) -> Connection:
        """Connect and upgrade, each step within ``timeout`` seconds (§4.1, §4.2.2).

        Raises:
            ProbeError: The connection or the upgrade failed.
        """
        try:
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection(target.host, target.port, limit=MAX_HEAD), timeout
            )
        except (OSError, asyncio.TimeoutError) as err:
            raise ProbeError(f"cannot connect to {target.authority}: {_why(err)}") from None
        connection = cls(reader, writer)
        try:
            await asyncio.wait_for(connection._upgrade(target), timeout)
        except ProbeError:
            connection.abort()
            raise
        except (
            OSError,
            asyncio.TimeoutError,
            asyncio.IncompleteReadError,
            asyncio.LimitOverrunError,
        ) as err:
            connection.abort()
            raise ProbeError(f"no WebSocket upgrade from {target.authority}: {_why(err)}") from None
        return connection

    async def _upgrade(self, target: Target) -> None:
        key = base64.b64encode(os.urandom(_NONCE_SIZE))
        self.writer.write(
            f"GET {target.path} HTTP/1.1\r\nHost: {target.authority}\r\n"
            "Upgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key.decode()}\r\nSec-WebSocket-Version: 13\r\n"
            f"User-Agent: wsclose-probe/{__version__}\r\n\r\n".encode()
        )
        head = (await self.reader.readuntil(b"\r\n\r\n")).decode("latin-1")
        status, *lines = head.split("\r\n")
        headers = _headers(lines)
        accept = accept_key(key)
        if status.split(" ")[1:2] != [_HTTP_OK]:
            raise ProbeError(f"no WebSocket upgrade from {target.authority}: {status!r}")
        if headers.get("sec-websocket-accept") != accept:
            raise ProbeError(
                f"wrong Sec-WebSocket-Accept from {target.authority}: "
                f"{headers.get('sec-websocket-accept')!r}, not {accept!r} (RFC 6455 §4.1)"
            )

    async def send(self, data: bytes, timeout: float) -> None:
        """Write ``data`` and wait, at most ``timeout`` seconds, for it to drain."""
        self.writer.write(data)
        await asyncio.wait_for(self.writer.drain(), timeout)

    async def read_frame(self) -> Frame:
        """Read one frame of any kind.

        Raises:
            asyncio.IncompleteReadError: The server closed TCP.
            ConnectionError: The connection was reset.
            ProbeError: The payloads read would pass :data:`MAX_RECEIVED` bytes.
        """
        read = self.reader.readexactly
        head = await read(2)
        length = head[1] & _LENGTH_BITS
        extended = b""
        if length == _LENGTH_16:
            extended = await read(2)
            (length,) = struct.unpack("!H", extended)
        elif length == _LENGTH_64:
            extended = await read(8)
            (length,) = struct.unpack("!Q", extended)
        self.received += length
        if self.received > MAX_RECEIVED:
            raise ProbeError(f"over {MAX_RECEIVED} bytes: more than a close test reads")
        masked = bool(head[1] & _MASK)
        key = await read(_KEY_SIZE) if masked else b""
        data = await read(length)
        payload = _unmask(data, key) if masked else data
        return Frame(
            bool(head[0] & _FIN),
            (head[0] & _RSV_BITS) >> _RSV_SHIFT,
            head[0] & _OPCODE_BITS,
            masked,
            payload,
            head + extended + key + data,
        )

    def abort(self) -> None:
        """Drop the connection at once, without waiting."""
        self.writer.transport.abort()


async def read_key(reader: asyncio.StreamReader) -> bytes | None:
    """Read a client's opening handshake (§4.2.1); return its ``Sec-WebSocket-Key``, if any.

    Raises:
        asyncio.IncompleteReadError: The client closed the connection first.
        asyncio.LimitOverrunError: The request head is over :data:`MAX_HEAD` bytes.
    """
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
    key = _headers(head.split("\r\n")[1:]).get("sec-websocket-key")
    return None if key is None else key.encode("latin-1")


def switching(key: bytes) -> bytes:
    """The server's answer to an opening handshake with ``key`` (§4.2.2)."""
    return (
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Accept: {accept_key(key)}\r\n\r\n"
    ).encode()


def accept_key(key: bytes) -> str:
    """The ``Sec-WebSocket-Accept`` value for a ``Sec-WebSocket-Key`` (§4.2.2).

    >>> accept_key(b"dGhlIHNhbXBsZSBub25jZQ==")
    's3pPLMBiTxaQ9kYGzzhZRbK+xOo='
    """
    return base64.b64encode(hashlib.sha1(key + _GUID).digest()).decode()


def _headers(lines: Iterable[str]) -> dict[str, str]:
    headers: dict[str, str] = {}
    for line in lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return headers


def _why(err: BaseException) -> str:
    if isinstance(err, asyncio.TimeoutError):
        return "no answer in time"
    if isinstance(err, asyncio.IncompleteReadError):
        return "the server closed the connection"
    return str(err) or type(err).__name__
