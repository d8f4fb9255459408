"""The whole close frame on the wire: header, masking, payload (RFC 6455 §5.2, §5.3, §5.5).

It wraps the payload codec of :mod:`wsclose.payload`: the header and the mask
are checked here, the code and the reason there.
"""

from __future__ import annotations

import os

from .codes import CloseCode
from .errors import CloseFrameError
from .payload import MAX_PAYLOAD_SIZE, Close, decode, encode

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Final

__all__ = ["CloseFrame", "FrameError", "decode_frame", "encode_frame"]

_FIN: Final = 0x80
_RSV_BITS: Final = 0x70
_OPCODE_BITS: Final = 0x0F
_OP_CLOSE: Final = 0x8
#: The first byte of every valid close frame: FIN set, RSV clear, opcode 0x8.
_FIRST_BYTE: Final = _FIN | _OP_CLOSE
_MASK_BIT: Final = 0x80
_LENGTH_BITS: Final = 0x7F
_HEADER_SIZE: Final = 2
_KEY_SIZE: Final = 4
_MASKED_HEADER_SIZE: Final = _HEADER_SIZE + _KEY_SIZE
#: The longest valid close frame: a masked 125-byte payload.
_MAX_FRAME_SIZE: Final = _MASKED_HEADER_SIZE + MAX_PAYLOAD_SIZE
_KEY_BITS: Final = 8 * _KEY_SIZE
#: ``key * _REPEATS[n]``: a key, read as a little-endian int, repeated over n bytes
#: (and up to 3 more); ``_REPEATS[n]`` is 1 + 2**32 + 2**64 + ... (built by shifts:
#: a division of big ints would cost more at import).
_REPEATS: Final = [0]
for _size in range(1, MAX_PAYLOAD_SIZE + 1):
    _last = _REPEATS[-1]
    _REPEATS.append(_last << _KEY_BITS | 1 if _size % _KEY_SIZE == 1 else _last)
#: ``_ONES[n]``: n bytes of 0xFF, to cut a repeated key to n bytes.
_ONES: Final = [(1 << (8 * n)) - 1 for n in range(MAX_PAYLOAD_SIZE + 1)]
_RSV_NAMES: Final = ((0x40, "RSV1"), (0x20, "RSV2"), (0x10, "RSV3"))
_OPCODE_NAMES: Final = {0x0: "continuation", 0x1: "text", 0x2: "binary", 0x9: "ping", 0xA: "pong"}
_LENGTH_FORMS: Final = {126: "16-bit", 127: "64-bit"}

_new: Final = tuple.__new__
_from_bytes: Final = int.from_bytes


class FrameError(CloseFrameError):
    """A close frame whose header is wrong, or whose size does not match it (§5.2, §5.5).

    Its ``reply_code`` is ``PROTOCOL`` (1002).

    Attributes:
        fault: What is wrong: ``"fin"`` (FIN clear), ``"rsv"`` (an RSV bit
            set), ``"opcode"`` (not 0x8), ``"length"`` (the 16- or 64-bit
            length form), ``"truncated"`` or ``"trailing"`` (bytes left over).
        value: The field at fault: the first byte (``fin``), its RSV bits
            (``rsv``), the opcode, the 7-bit length (``length``); for
            ``truncated`` and ``trailing``, the frame's size by its header.
        size: The size in bytes of the data given.
    """

    if TYPE_CHECKING:

        def __init__(self, fault: str, value: int, size: int) -> None: ...

    @property
    def fault(self) -> str:
        """What is wrong, in one word."""
        fault: str = self.args[0]
        return fault

    @property
    def value(self) -> int:
        """The field at fault, or the frame's size by its header."""
        value: int = self.args[1]
        return value

    @property
    def size(self) -> int:
        """The size in bytes of the data given."""
        size: int = self.args[2]
        return size

    _summary = "close frame is malformed"

    def _message(self) -> str:
        fault, value, size = self.args
        return _MESSAGES[fault](value, size)


def _rsv_message(value: int, size: int) -> str:
    bits = ", ".join(name for bit, name in _RSV_NAMES if value & bit)
    return f"close frame has {bits} set: no extension defines them for close frames (RFC 6455 §5.2)"


def _size_message(value: int, size: int) -> str:
    if value > size:
        return f"close frame is truncated: {_bytes(size)} given, its header needs {value}"
    return f"close frame has {_bytes(size - value)} left over: its header says {value}"


def _bytes(count: int) -> str:
    return f"{count} byte" if count == 1 else f"{count} bytes"


_MESSAGES: Final = {
    "fin": lambda value, size: (
        "close frame has FIN clear: control frames are never fragmented (RFC 6455 §5.5)"
    ),
    "rsv": _rsv_message,
    "opcode": lambda value, size: (
        f"close frame expected, but the opcode is {value:#x}"
        f" ({_OPCODE_NAMES.get(value, 'reserved')}), not 0x8 (RFC 6455 §5.2)"
    ),
    "length": lambda value, size: (
        f"close frame uses the {_LENGTH_FORMS.get(value, 'extended')} length form ({value}):"
        " control payloads are at most 125 bytes (RFC 6455 §5.5)"
    ),
    "truncated": _size_message,
    "trailing": _size_message,
}


class CloseFrame(tuple[Close, "bytes | None"]):
    r"""A decoded close frame: its :class:`~wsclose.Close` and its masking key.

    An immutable, hashable pair that unpacks as ``close, key = frame``. A
    masked frame comes from a client, an unmasked one from a server (§5.1, §5.3).

    Args:
        close: The frame's code and reason.
        key: The 4-byte masking key, or None for an unmasked frame.

    Raises:
        TypeError: ``close`` is not a :class:`~wsclose.Close`, or ``key`` not
            ``bytes`` or None.
        ValueError: ``key`` is not 4 bytes long.

    >>> frame = CloseFrame(Close(1000, "bye"), b"\x37\xfa\x21\x3d")
    >>> frame.code, frame.reason, frame.masked
    (<CloseCode.NORMAL: 1000>, 'bye', True)
    """

    __slots__ = ()

    def __new__(cls, close: Close, key: bytes | None = None) -> CloseFrame:
        """Build a close frame value from its close and its key."""
        if not isinstance(close, Close):
            raise TypeError(f"close must be a Close, not {type(close).__name__}")
        if key is not None:
            if not isinstance(key, bytes):
                raise TypeError(f"key must be bytes or None, not {type(key).__name__}")
            if len(key) != _KEY_SIZE:
                raise ValueError(f"key must be {_KEY_SIZE} bytes, not {len(key)}")
        return _new(cls, (close, key))

    @property
    def close(self) -> Close:
        """The frame's code and reason."""
        return self[0]

    @property
    def code(self) -> CloseCode:
        """The close code; ``STATUS`` (1005) when the frame had none."""
        return self[0][0]

    @property
    def reason(self) -> str:
        """The close reason; empty when the frame had none."""
        return self[0][1]

    @property
    def key(self) -> bytes | None:
        """The 4-byte masking key, or None when the frame was not masked."""
        return self[1]

    @property
    def masked(self) -> bool:
        """Whether the frame was masked (True from a client, False from a server)."""
        return self[1] is not None

    def __getnewargs__(self) -> tuple[Close, bytes | None]:
        return self[0], self[1]

    def __repr__(self) -> str:
        return f"CloseFrame(close={self[0]!r}, key={self[1]!r})"

    def __str__(self) -> str:
        if self[1] is None:
            return f"{self[0]} (unmasked)"
        return f"{self[0]} (masked with key {self[1].hex()})"


def _unmask(data: bytes | bytearray, key: bytes) -> bytes:
    """XOR ``data`` (at most 125 bytes) with ``key`` repeated (§5.3); masking is the same."""
    # One big-int XOR, the key repeated by a multiplication: ~20x a loop over the bytes.
    size = len(data)
    mask = _from_bytes(key, "little") * _REPEATS[size]
    return ((_from_bytes(data, "little") ^ mask) & _ONES[size]).to_bytes(size, "little")


def encode_frame(
    code: int = CloseCode.NORMAL,
    reason: str = "",
    mask: bytes | bytearray | memoryview | bool | None = None,
    allow: Iterable[int] = (),
) -> bytes:
    r"""Build one whole close frame (RFC 6455 §5.2, §5.3, §5.5).

    FIN set, RSV clear, opcode 0x8, the 7-bit length, and the payload of
    :func:`~wsclose.encode`; masked when ``mask`` asks for it.

    Args:
        code: The close code, as :func:`~wsclose.encode` takes it.
        reason: The close reason, at most 123 bytes once UTF-8 encoded.
        mask: None or False for an unmasked frame (a server's); True for a
            fresh key from :func:`os.urandom`, as a client must use (§5.3);
            or the 4-byte key itself.
        allow: Extra reserved codes to accept, as :func:`~wsclose.encode` takes them.

    Returns:
        The frame's bytes: 2 + 125 at most unmasked, 6 + 125 masked.

    Raises:
        CloseCodeError: The code may not be sent.
        ReasonLengthError: The reason is over 123 bytes, or given with ``STATUS``.
        ReasonEncodingError: The reason holds a lone surrogate.
        TypeError: ``code``, ``reason`` or ``mask`` has the wrong type.
        ValueError: ``mask`` is not 4 bytes long, or ``allow`` is wrong (as in ``encode``).

    >>> encode_frame(1000, "bye").hex(" ")
    '88 05 03 e8 62 79 65'
    >>> encode_frame(1000, "bye", mask=bytes.fromhex("37fa213d")).hex(" ")
    '88 85 37 fa 21 3d 34 12 43 44 52'
    """
    payload = encode(code, reason, allow)
    if mask is None or mask is False:
        return _UNMASKED_HEADS[len(payload)] + payload
    if mask is True:
        key = os.urandom(_KEY_SIZE)
    elif isinstance(mask, (bytes, bytearray, memoryview)):
        key = bytes(mask)
        if len(key) != _KEY_SIZE:
            raise ValueError(f"mask must be a {_KEY_SIZE}-byte key, not {len(key)} bytes")
    else:
        raise TypeError(
            f"mask must be a {_KEY_SIZE}-byte key, True, False or None, not {type(mask).__name__}"
        )
    return _MASKED_HEADS[len(payload)] + key + _unmask(payload, key)


_UNMASKED_HEADS: Final = [bytes((_FIRST_BYTE, n)) for n in range(MAX_PAYLOAD_SIZE + 1)]
_MASKED_HEADS: Final = [bytes((_FIRST_BYTE, _MASK_BIT | n)) for n in range(MAX_PAYLOAD_SIZE + 1)]


def decode_frame(data: bytes | bytearray | memoryview, allow: Iterable[int] = ()) -> CloseFrame:
    r"""Parse exactly one whole close frame, masked or not (RFC 6455 §5.2, §5.3, §5.5).

    The header is checked in the RFC's order (FIN, RSV, opcode, length, then
    the frame's size); the unmasked payload then goes to :func:`~wsclose.decode`.

    Args:
        data: The frame: ``bytes``, ``bytearray`` or a ``memoryview`` of any
            shape. Data longer than any close frame is rejected from its
            header, without copying it.
        allow: Extra reserved codes to accept, as :func:`~wsclose.decode` takes them.

    Returns:
        The frame's :class:`~wsclose.Close` and its masking key (None if unmasked).

    Raises:
        FrameError: FIN clear, an RSV bit set, an opcode other than 0x8, a
            length of 126 or 127 (the extended forms), a truncated frame, or
            bytes left over after the frame.
        PayloadLengthError: The payload is 1 byte long.
        CloseCodeError: The code may not be sent.
        ReasonEncodingError: The reason is not valid UTF-8.
        TypeError: ``data`` is not a buffer of bytes.

    Every :class:`~wsclose.CloseFrameError` has a ``reply_code`` to close the connection with.

    >>> frame = decode_frame(bytes.fromhex("88 85 37 fa 21 3d 34 12 43 44 52"))
    >>> frame.close, frame.key.hex(), frame.masked
    (Close(code=<CloseCode.NORMAL: 1000>, reason='bye'), '37fa213d', True)
    >>> try:
    ...     decode_frame(bytes.fromhex("08 05 03 e8 62 79 65"))
    ... except FrameError as err:
    ...     print(err.fault, "->", err.reply_code.name)
    fin -> PROTOCOL
    """
    if type(data) is not bytes and type(data) is not bytearray:
        data = _small_bytes(data)
    size = len(data)
    if size < _HEADER_SIZE:
        raise FrameError("truncated", _HEADER_SIZE, size)
    first = data[0]
    second = data[1]
    length = second & _LENGTH_BITS
    start = _MASKED_HEADER_SIZE if second & _MASK_BIT else _HEADER_SIZE
    if first != _FIRST_BYTE or length > MAX_PAYLOAD_SIZE or size != start + length:
        raise _fault(first, second, size)
    if start == _HEADER_SIZE:
        return _new(CloseFrame, (decode(data[_HEADER_SIZE:], allow), None))
    key = bytes(data[_HEADER_SIZE:start])
    return _new(CloseFrame, (decode(_unmask(data[start:], key), allow), key))


def _small_bytes(data: object) -> bytes:
    """Return ``data`` as bytes if it may be a close frame; else raise its fault or TypeError."""
    if isinstance(data, (bytes, bytearray)):
        data = memoryview(data)  # a subclass may override len() or slicing: read its buffer
    elif not isinstance(data, memoryview):
        raise TypeError(
            f"close frame must be bytes, bytearray or memoryview, not {type(data).__name__}"
        )
    size = data.nbytes
    if size <= _MAX_FRAME_SIZE:
        return data.tobytes()
    head = _head(data)
    raise _fault(head[0], head[1], size)


def _head(data: memoryview) -> bytes:
    """The first 2 bytes of more than 131, copying as little as the buffer allows."""
    if data.c_contiguous:
        return data.cast("B")[:_HEADER_SIZE].tobytes()
    # Only the first dimension can be sliced: copy the fewest leading rows that hold 2 bytes.
    row = data.nbytes // len(data)
    return data[: -(-_HEADER_SIZE // row)].tobytes()[:_HEADER_SIZE]


def _fault(first: int, second: int, size: int) -> FrameError:
    """The first fault of a frame's header, in the RFC's order (§5.2, §5.5)."""
    if not first & _FIN:
        return FrameError("fin", first, size)
    if first & _RSV_BITS:
        return FrameError("rsv", first & _RSV_BITS, size)
    if first & _OPCODE_BITS != _OP_CLOSE:
        return FrameError("opcode", first & _OPCODE_BITS, size)
    length = second & _LENGTH_BITS
    if length > MAX_PAYLOAD_SIZE:
        return FrameError("length", length, size)
    end = length + (_MASKED_HEADER_SIZE if second & _MASK_BIT else _HEADER_SIZE)
    return FrameError("truncated" if size < end else "trailing", end, size)
