"""The CLI's input: stdin or a file, read with a bound, and text as capture tools print it.

The codec never imports this module. :func:`parse_hex` detects the format:

- plain hex, spaced or not, with ``:``, ``-`` or ``,`` between bytes and ``0x`` in
  front (``xxd -p``, ``od -An -tx1`` and Wireshark's "Copy as Hex Stream" are plain hex);
- dumps whose lines start with an offset: ``xxd``, ``hexdump -C``, ``od -tx1``,
  Wireshark's "Copy as Hex Dump" (with or without its ASCII column).

In a dump, offsets and ASCII columns are never read as data: the offsets must
match the bytes (in hex, octal as ``od`` prints them, or decimal), and a ``*`` line
(repeated lines left out) is filled in from them.
"""

from __future__ import annotations

import base64
import binascii
import re

from .errors import WscloseError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import BinaryIO, Final

__all__ = [
    "CaptureError",
    "as_text",
    "clip",
    "parse_base64",
    "parse_hex",
    "read_file",
    "read_stream",
]

#: The longest input an error message repeats; longer input is cut with "...".
CLIP: Final = 40
#: The bases a dump's offsets may be written in: hex (xxd, hexdump, Wireshark), octal (od).
OFFSET_BASES: Final = (16, 8, 10)

_SEPARATORS: Final = re.compile(r"[\s:,\-]+")
_HEX_PREFIX: Final = re.compile(r"^0[xX]")
# A dump line: an offset of 4 or more hex digits, then ":" (xxd) or a space.
_DUMP_LINE: Final = re.compile(r"\s*([0-9A-Fa-f]{4,})(:?)(?:\s+(.*))?")
# Where a dump's ASCII column starts: "|" (hexdump -C), ">" (od -z), else a wide gap.
_HEXDUMP_TEXT: Final = re.compile(r"\s+\|.*\|$")
_OD_TEXT: Final = re.compile(r"\s+>.*<$")
_XXD_GAP: Final = re.compile(r"\s{2,}")
_WIDE_GAP: Final = re.compile(r"\s{3,}")
_REPEAT: Final = "*"


class CaptureError(WscloseError, ValueError):
    """Text that is not hex, a hex dump or base64, as the message says."""

    _summary = "not a capture"


def clip(text: str, width: int = CLIP) -> str:
    """``text``, cut to ``width`` characters, for an error message or a table.

    >>> clip("03 e8"), clip("g" * 41)[-5:]
    ('03 e8', 'gg...')
    """
    return text if len(text) <= width else text[: width - 3] + "..."


def read_stream(stream: BinaryIO | None, limit: int) -> bytes:
    """Up to ``limit`` bytes from ``stream`` (stdin's buffer; None if it is closed).

    Raises:
        CaptureError: the stream is closed, fails, or holds more than ``limit`` bytes.
    """
    if stream is None:
        raise CaptureError("stdin is closed: give the payload as an argument")
    try:
        data = stream.read(limit + 1)
    except (OSError, ValueError) as err:
        raise CaptureError(f"cannot read stdin: {err}") from None
    if len(data) > limit:
        raise CaptureError(f"input on stdin is over {limit} bytes")
    return data


def read_file(path: str, limit: int) -> bytes:
    """Up to ``limit`` bytes from the file at ``path``.

    Raises:
        CaptureError: the file cannot be read, or holds more than ``limit`` bytes.
    """
    try:
        with open(path, "rb") as file:
            data = file.read(limit + 1)
    except OSError as err:
        raise CaptureError(f"cannot read {path!r}: {err.strerror or err}") from None
    if len(data) > limit:
        raise CaptureError(f"{path!r} is over {limit} bytes")
    return data


def as_text(data: bytes) -> str:
    """``data`` read from stdin as UTF-8 text (a byte-order mark is dropped).

    Raises:
        CaptureError: ``data`` is binary, not text.
    """
    try:
        return data.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError as err:
        raise CaptureError(
            f"input on stdin is not text (byte 0x{data[err.start]:02x} at offset {err.start}):"
            " give hex, or --raw to read binary bytes"
        ) from None


def parse_base64(text: str) -> bytes:
    r"""The bytes of base64 ``text``; spaces and line breaks are ignored.

    >>> parse_base64("A+hi eWU=")
    b'\x03\xe8bye'

    Raises:
        CaptureError: ``text`` is not base64.
    """
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError):
        raise CaptureError(f"not a base64 payload: {clip(text)!r}") from None


def parse_hex(text: str) -> bytes:
    r"""The bytes of ``text``: hex, or a dump from ``xxd``, ``hexdump -C``, ``od`` or Wireshark.

    >>> parse_hex("03:e8:62:79:65")
    b'\x03\xe8bye'
    >>> parse_hex("00000000: 03e8 6279 65                                ..bye")
    b'\x03\xe8bye'

    Raises:
        CaptureError: ``text`` is neither, or a dump's offsets do not match its bytes.
    """
    lines = [line.rstrip() for line in text.splitlines() if line.strip()]
    if lines and _is_dump(lines[0]):
        return _parse_dump(lines)
    if _REPEAT in lines:
        raise CaptureError(
            "the dump left out repeated lines ('*') and has no offsets to restore them:"
            " dump with offsets, or with od -v"
        )
    return _hex_bytes(_SEPARATORS.split(text.strip()), text)


def _is_dump(first: str) -> bool:
    match = _DUMP_LINE.fullmatch(first)
    if match is None:
        return False
    offset, colon, rest = match.groups()
    # An offset of zeros, a colon (xxd) or a "|" column (hexdump -C) marks a dump.
    return bool(colon) or (rest is not None and (not offset.strip("0") or rest.endswith("|")))


def _hex_bytes(tokens: list[str], text: str) -> bytes:
    digits = "".join(_HEX_PREFIX.sub("", token) for token in tokens)
    try:
        return bytes.fromhex(digits)
    except ValueError:
        raise CaptureError(f"not a hex payload: {clip(text)!r}") from None


def _parse_dump(lines: list[str]) -> bytes:
    rows: list[tuple[str, bytes] | None] = []
    for number, line in enumerate(lines, 1):
        if line.strip() == _REPEAT:
            rows.append(None)
            continue
        match = _DUMP_LINE.fullmatch(line)
        if match is None:
            raise CaptureError(f"line {number} of the dump has no offset: {clip(line.strip())!r}")
        offset, colon, rest = match.groups()
        rows.append((offset, _dump_row(rest or "", xxd=bool(colon), line=line)))
    for base in OFFSET_BASES:
        data = _join_rows(rows, base)
        if data is not None:
            return data
    raise CaptureError("the dump's offsets do not match its bytes")


def _dump_row(rest: str, *, xxd: bool, line: str) -> bytes:
    """The bytes of one dump line, its offset taken off and its ASCII column left out."""
    rest = _OD_TEXT.sub("", _HEXDUMP_TEXT.sub("", rest))
    rest = (_XXD_GAP if xxd else _WIDE_GAP).split(rest, maxsplit=1)[0]
    return _hex_bytes(rest.split(), line.strip())


def _join_rows(rows: list[tuple[str, bytes] | None], base: int) -> bytes | None:
    """The dump's bytes if every offset, read in ``base``, matches them; else None."""
    data = b""
    previous = b""
    start: int | None = None
    repeat = False
    for row in rows:
        if row is None:
            repeat = True
            continue
        try:
            offset = int(row[0], base)
        except ValueError:
            return None
        if start is None:
            start = offset
        missing = offset - start - len(data)
        if repeat and previous and missing > 0 and missing % len(previous) == 0:
            data += previous * (missing // len(previous))
            missing = 0
        if missing:
            return None
        data += row[1]
        previous, repeat = row[1], False
    return None if repeat else data
