"""The ``wsclose`` command: decode, encode and list close codes from a shell."""

from __future__ import annotations

import argparse
import base64
import binascii
import json
import os
import sys
from typing import TYPE_CHECKING, NoReturn

from . import __version__
from .codes import CloseCode
from .errors import CloseFrameError
from .payload import Close, decode, encode, truncate_reason

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["main"]

#: The most input ``decode -`` reads from stdin; a close payload is far smaller.
MAX_STDIN: int = 1 << 20
_HEX_SEPARATORS = str.maketrans("", "", " \t\r\n:-")


class _UsageError(Exception):
    """A bad argument, reported as ``wsclose: error: ...`` with exit code 2."""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors take one line."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except _UsageError as err:
        parser.error(str(err))
    except BrokenPipeError:
        # The reader went away (``wsclose codes | head``): stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="wsclose",
        description="Decode and encode WebSocket close frame payloads (RFC 6455).",
    )
    parser.add_argument("--version", action="version", version=f"wsclose {__version__}")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    dec = commands.add_parser(
        "decode",
        help="decode a close payload given as hex",
        description="Decode a close frame payload. Exit 1 if the peer sent a bad one.",
    )
    dec.add_argument(
        "payload",
        nargs="+",
        metavar="PAYLOAD",
        help='the payload as hex ("03 e8 62 79 65", "03:e8:62"), or - to read stdin',
    )
    dec.add_argument("--base64", action="store_true", help="PAYLOAD is base64, not hex")
    dec.add_argument("--json", action="store_true", help="print JSON")
    dec.set_defaults(run=_decode)

    enc = commands.add_parser(
        "encode",
        help="encode a close code and reason as hex",
        description="Encode a close frame payload and print it as hex.",
    )
    enc.add_argument("code", metavar="CODE", help="a number (1000) or a name (NORMAL)")
    enc.add_argument("reason", nargs="?", default="", metavar="REASON", help="the reason")
    enc.add_argument(
        "--truncate", action="store_true", help="cut a long reason to 123 bytes of UTF-8"
    )
    enc.add_argument("--json", action="store_true", help="print JSON")
    enc.set_defaults(run=_encode)

    codes = commands.add_parser(
        "codes",
        help="list the named close codes",
        description="List the named close codes with their category and meaning.",
    )
    codes.add_argument("--json", action="store_true", help="print JSON")
    codes.set_defaults(run=_codes)
    _add_probe(commands)
    return parser


def _add_probe(commands: argparse._SubParsersAction[_Parser]) -> None:
    """Add ``probe``: wsclose.probe._cli parses its arguments, imported only when it runs."""
    probe = commands.add_parser("probe", help="test a WebSocket server's close handling",
                                add_help=False, prefix_chars="\0")  # fmt: skip
    probe.add_argument("argv", nargs="*")
    probe.set_defaults(run=_probe)


def _probe(args: argparse.Namespace) -> int:
    from .probe._cli import main as probe  # noqa: PLC0415 (no asyncio unless the probe runs)

    return probe(args.argv)


def _decode(args: argparse.Namespace) -> int:
    text = " ".join(args.payload)
    if text == "-":
        text = sys.stdin.read(MAX_STDIN + 1)
        if len(text) > MAX_STDIN:
            raise _UsageError(f"input on stdin is over {MAX_STDIN} characters")
    payload = _parse_base64(text) if args.base64 else _parse_hex(text)
    try:
        close = decode(payload)
    except CloseFrameError as exc:
        return _fail(exc, args.json)
    if args.json:
        _print_json(_close_json(close))
    else:
        _print_close(close)
    return 0


def _parse_hex(text: str) -> bytes:
    digits = text.translate(_HEX_SEPARATORS)
    if digits[:2].lower() == "0x":
        digits = digits[2:]
    try:
        return bytes.fromhex(digits)
    except ValueError:
        raise _UsageError(f"not a hex payload: {_clip(text)!r}") from None


def _parse_base64(text: str) -> bytes:
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError):
        raise _UsageError(f"not a base64 payload: {_clip(text)!r}") from None


def _clip(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def _encode(args: argparse.Namespace) -> int:
    code = _parse_code(args.code)
    reason: str = args.reason
    try:
        if args.truncate:
            reason = truncate_reason(reason)
        payload = encode(code, reason)
    except CloseFrameError as exc:
        return _fail(exc, args.json)
    if args.json:
        _print_json({**_close_json(Close(code, reason)), "hex": payload.hex()})
    else:
        print(payload.hex(" "))
    return 0


def _parse_code(text: str) -> int:
    member = CloseCode.__members__.get(text.upper())
    if member is not None:
        return member
    try:
        value = int(text, 10)
    except ValueError:
        value = -1
    if not 0 <= value <= 0xFFFF:
        raise _UsageError(f"not a close code: {text!r} (a number 0-65535 or a name)")
    return value


def _codes(args: argparse.Namespace) -> int:
    if args.json:
        _print_json([_code_json(code) for code in CloseCode])
        return 0
    print(f"{'code':>5}  {'name':12}  {'class':12}  description")
    for code in CloseCode:
        print(f"{code:5}  {code.name:12}  {code.category!s:12}  {code.description}")
    return 0


def _fail(exc: CloseFrameError, as_json: bool) -> int:
    reply = exc.reply_code
    if as_json:
        _print_json(
            {
                "error": str(exc),
                "error_type": type(exc).__name__,
                "reply_code": int(reply),
                "reply_name": reply.name,
            }
        )
    else:
        print(f"wsclose: {exc}; reply with {reply} ({reply.name})", file=sys.stderr)
    return 1


def _print_close(close: Close) -> None:
    code = close.code
    rows = [
        ("code", str(code)),
        ("name", _name(code) or "-"),
        ("class", str(code.category)),
        ("meaning", code.phrase),
        ("reason", json.dumps(close.reason, ensure_ascii=False)),
    ]
    for label, value in rows:
        print(f"{label:8}{value}")


def _name(code: CloseCode) -> str | None:
    """The code's member name; None for a code without one (a pseudo-member)."""
    return code.name if code.name in CloseCode.__members__ else None


def _code_json(code: CloseCode) -> dict[str, object]:
    return {
        "code": int(code),
        "name": _name(code),
        "category": str(code.category),
        "sendable": code.is_sendable,
        "browser_allowed": code.is_browser_allowed,
        "phrase": code.phrase,
        "description": code.description,
    }


def _close_json(close: Close) -> dict[str, object]:
    return {**_code_json(close.code), "reason": close.reason}


def _print_json(value: object) -> None:
    print(json.dumps(value, ensure_ascii=False))
