"""The ``wsclose`` command: decode, encode and look up close codes from a shell.

Exit codes: 0 success; 1 the input is not a valid close frame or payload, or the
code and reason cannot be sent; 2 bad arguments or unreadable input; 3 the output
could not be written (stdout closed or failing).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
from typing import TYPE_CHECKING, NoReturn

from . import __version__
from ._capture import (
    CaptureError,
    as_text,
    clip,
    parse_base64,
    parse_hex,
    read_file,
    read_stream,
)
from ._output import asks_json, print_json, print_line, print_rows, usage_error, warn
from ._views import (
    KEY_SIZE,
    WIDTH,
    advice_json,
    advice_rows,
    close_json,
    close_rows,
    code_details,
    code_json,
    code_rows,
    defined_json,
    error_json,
    frame_json,
    frame_rows,
    member_name,
    received_error,
    send_error,
)
from .advice import advise
from .codes import CloseCode
from .codesets import CodeSetError, load_code_set
from .errors import CloseFrameError
from .frame import decode_frame, encode_frame
from .payload import Close, decode, encode, truncate_reason

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import Final

    from .codesets import CodeSet

__all__ = ["main"]

#: The most input ``decode`` reads from stdin or a file; a close frame is far smaller.
MAX_STDIN: Final = 1 << 20
#: Exit codes.
EXIT_OK: Final = 0
EXIT_INVALID: Final = 1
EXIT_USAGE: Final = 2
EXIT_OUTPUT: Final = 3
#: A close frame's first byte, and the bits that must match it: FIN and opcode 0x8,
#: whatever the RSV bits (RFC 6455 §5.2). A payload starting so would have a code
#: of at least 0x8800 (34816), outside 1000-4999, so the two readings never overlap.
FRAME_FIRST_BYTE: Final = 0x88
FRAME_FIRST_BYTE_MASK: Final = 0x8F

_DECIMAL_CODE: Final = re.compile(r"\s*[0-9]{4}\s*")


class _UsageError(Exception):
    """A bad argument or unreadable input: exit 2 with a one-line message."""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are reported by :func:`main`, in one line."""

    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)


if TYPE_CHECKING:
    _Commands = argparse._SubParsersAction[_Parser]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit code."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if sys.stdout is None:
        warn("error: stdout is closed")
        return EXIT_OUTPUT
    as_json = asks_json(argv)
    try:
        try:
            args = _parser().parse_args(argv)
            status = int(args.run(args))
        except _UsageError as err:
            usage_error(str(err), as_json)
            status = EXIT_USAGE
        sys.stdout.flush()
    except OSError as err:
        return _output_failed(err)
    return status


def _output_failed(err: OSError) -> int:
    """Report a failed write to stdout, unless the reader went away (``| head``)."""
    if not isinstance(err, BrokenPipeError):
        warn(f"error: cannot write the output: {err.strerror or err}")
    # The interpreter flushes stdout again at exit: let that write go nowhere.
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return EXIT_OUTPUT


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="wsclose",
        description="Decode and encode WebSocket close frames and payloads (RFC 6455).",
        epilog="exit codes: 0 success, 1 an invalid frame or payload (or one that cannot be"
        " sent), 2 bad arguments or unreadable input, 3 the output could not be written",
    )
    parser.add_argument("--version", action="version", version=f"wsclose {__version__}")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")
    for add_command in COMMANDS:
        add_command(commands)
    return parser


# --- decode ------------------------------------------------------------------------------


def _add_decode(commands: _Commands) -> None:
    dec = commands.add_parser(
        "decode",
        help="decode a close frame or payload given as hex",
        description="Decode a close frame or payload, as hex, a hex dump, base64 or raw bytes. "
        "A first byte 0x88 (or an RSV variant) reads as a whole frame. "
        "Exit 1 if the peer sent a bad one.",
    )
    dec.add_argument(
        "inputs",
        nargs="+",
        metavar="PAYLOAD",
        help='hex ("03 e8 62 79 65", "03:e8"), a dump from xxd, hexdump -C, od or Wireshark, '
        "or - to read stdin",
    )
    form = dec.add_mutually_exclusive_group()
    form.add_argument("--base64", action="store_true", help="PAYLOAD is base64, not hex")
    form.add_argument(
        "--raw", action="store_true", help="read binary bytes from a file, or - for stdin"
    )
    reading = dec.add_mutually_exclusive_group()
    reading.add_argument("--frame", action="store_true", help="read a whole close frame")
    reading.add_argument("--payload", action="store_true", help="read a close payload only")
    _add_codes_option(dec)
    dec.add_argument("--json", action="store_true", help="print JSON")
    dec.set_defaults(run=_decode)


def _decode(args: argparse.Namespace) -> int:
    data = _read_input(args)
    as_frame = args.frame or (not args.payload and _looks_like_frame(data))
    try:
        frame = decode_frame(data) if as_frame else None
        close = decode(data) if frame is None else frame.close
    except CloseFrameError as exc:
        return _failed(exc, args.json)
    codes: CodeSet | None = args.codes
    if args.json:
        extra = {} if frame is None else {"frame": frame_json(frame, len(data))}
        print_json({**extra, **close_json(close), **_advice_json(close.code, codes)})
    else:
        print_rows(
            close_rows(close, codes) if frame is None else frame_rows(frame, len(data), codes)
        )
    return EXIT_OK


def _add_codes_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--codes",
        type=_code_set,
        metavar="SET",
        help="an application's code set: a shipped one by name (graphql-transport-ws), "
        "or a JSON file (see the docs: Reconnecting after a close)",
    )


def _code_set(name_or_path: str) -> CodeSet:
    """The ``--codes`` argument: a shipped set's name, else a file's path."""
    try:
        return load_code_set(name_or_path)
    except CodeSetError as err:
        raise argparse.ArgumentTypeError(f"{name_or_path}: {err}") from None


def _advice_json(code: CloseCode, codes: CodeSet | None) -> dict[str, object]:
    """The JSON of the advice, and of the code's definition in ``codes`` if given."""
    defined = {} if codes is None else {"code_set": defined_json(code, codes)}
    return {**defined, "advice": advice_json(advise(code, codes))}


def _looks_like_frame(data: bytes) -> bool:
    return data[:1] != b"" and data[0] & FRAME_FIRST_BYTE_MASK == FRAME_FIRST_BYTE


def _read_input(args: argparse.Namespace) -> bytes:
    sources: list[str] = args.inputs
    if "-" in sources and len(sources) > 1:
        raise _UsageError("'-' reads stdin: give either '-' or hex arguments, not both")
    if args.raw and len(sources) > 1:
        raise _UsageError("--raw reads one file, or - for stdin")
    try:
        if sources == ["-"]:
            data = read_stream(None if sys.stdin is None else sys.stdin.buffer, MAX_STDIN)
            if args.raw:
                return data
            text = as_text(data)
        elif args.raw:
            return read_file(sources[0], MAX_STDIN)
        else:
            text = " ".join(sources)
            if not args.base64:
                _note_decimal(text)
        return parse_base64(text) if args.base64 else parse_hex(text)
    except CaptureError as err:
        raise _UsageError(str(err)) from None


def _note_decimal(text: str) -> None:
    """Say how ``1000`` was read: as hex bytes, which is what ``decode`` takes."""
    if _DECIMAL_CODE.fullmatch(text) and member_name(CloseCode(int(text))) is not None:
        digits = text.strip()
        warn(
            f'note: read "{digits}" as the hex bytes {digits[:2]} {digits[2:]};'
            f" to look up close code {digits}, run: wsclose code {digits}"
        )


def _failed(exc: CloseFrameError, as_json: bool, *, sending: bool = False) -> int:
    """Report what ``decode`` (a peer's fault) or ``encode`` (``sending``) refused: exit 1."""
    if as_json:
        print_json(error_json(exc, send_error(exc) if sending else str(exc)))
    else:
        warn(send_error(exc) if sending else received_error(exc))
    return EXIT_INVALID


# --- encode ------------------------------------------------------------------------------


def _add_encode(commands: _Commands) -> None:
    enc = commands.add_parser(
        "encode",
        help="encode a close code and reason as hex",
        description="Encode a close frame payload, or with --frame a whole frame, as hex.",
    )
    enc.add_argument("code", metavar="CODE", help="a number (1000) or a name (NORMAL)")
    enc.add_argument("reason", nargs="?", default="", metavar="REASON", help="the reason")
    enc.add_argument(
        "--truncate", action="store_true", help="cut a long reason to 123 bytes of UTF-8"
    )
    enc.add_argument("--frame", action="store_true", help="print the whole close frame")
    enc.add_argument(
        "--mask",
        metavar="KEY",
        help="with --frame: mask with this 4-byte KEY in hex, or 'random' (as a client must)",
    )
    enc.add_argument("--json", action="store_true", help="print JSON")
    enc.set_defaults(run=_encode)


def _encode(args: argparse.Namespace) -> int:
    code = _parse_code(args.code)
    mask = _parse_mask(args.mask, args.frame)
    reason: str = args.reason
    try:
        if args.truncate:
            reason = truncate_reason(reason)
        payload = encode(code, reason)
        frame = encode_frame(code, reason, mask=mask) if args.frame else None
    except CloseFrameError as exc:
        return _failed(exc, args.json, sending=True)
    if args.json:
        extra = {} if frame is None else {"frame": frame.hex()}
        print_json({**close_json(Close(code, reason)), "hex": payload.hex(), **extra})
    else:
        print_line((payload if frame is None else frame).hex(" "))
    return EXIT_OK


def _parse_mask(text: str | None, frame: bool) -> bytes | bool | None:
    if text is None:
        return None
    if not frame:
        raise _UsageError("--mask needs --frame")
    if text.lower() == "random":
        return True
    try:
        key = parse_hex(text)
    except CaptureError:
        key = b""
    if len(key) != KEY_SIZE:
        raise _UsageError(f"not a masking key: {text!r} (4 bytes in hex, or 'random')")
    return key


# --- code and codes ----------------------------------------------------------------------


def _add_code(commands: _Commands) -> None:
    code = commands.add_parser(
        "code",
        help="look up one close code",
        description="Show what a close code means, who may send it, and where it is defined.",
    )
    code.add_argument(
        "code",
        metavar="CODE",
        help="a number (1001) or a name in any case (away), or a name in the --codes set",
    )
    _add_codes_option(code)
    code.add_argument("--json", action="store_true", help="print JSON")
    code.set_defaults(run=_code)


def _code(args: argparse.Namespace) -> int:
    codes: CodeSet | None = args.codes
    code = CloseCode(_parse_code(args.code, codes))
    if args.json:
        print_json({**code_details(code), **_advice_json(code, codes)})
    else:
        print_rows(code_rows(code, codes))
        print_rows(advice_rows(advise(code, codes)))
    return EXIT_OK


def _add_codes(commands: _Commands) -> None:
    codes = commands.add_parser(
        "codes",
        help="list the named close codes",
        description="List the named close codes with their class and meaning.",
    )
    codes.add_argument("--json", action="store_true", help="print JSON (with descriptions)")
    codes.set_defaults(run=_codes)


def _codes(args: argparse.Namespace) -> int:
    if args.json:
        print_json([code_json(code) for code in CloseCode])
        return EXIT_OK
    print_line(f"{'code':>5}  {'name':12}  {'class':12}  meaning")
    for code in CloseCode:
        print_line(clip(f"{code:5}  {code.name:12}  {code.category!s:12}  {code.phrase}", WIDTH))
    return EXIT_OK


def _parse_code(text: str, codes: CodeSet | None = None) -> int:
    for defined in codes or ():
        if defined.name == text:  # as the set spells it: before CloseCode's names
            return defined.code
    if not text.isascii():  # str.upper() folds lookalikes (U+017F to "S")
        raise _UsageError(f"not a close code: {text!r} (a number 0-65535 or a name)")
    member = CloseCode.__members__.get(text.upper())
    if member is not None:
        return member
    value = int(text) if text.isdigit() else -1
    if not 0 <= value <= 0xFFFF:
        raise _UsageError(f"not a close code: {text!r} (a number 0-65535 or a name)")
    return value


# --- shared by the commands --------------------------------------------------------------


def _add_probe(commands: _Commands) -> None:
    """Add ``probe``: wsclose.probe._cli parses its arguments, imported only when it runs."""
    probe = commands.add_parser("probe", help="test a WebSocket server's close handling",
                                add_help=False, prefix_chars="\0")  # fmt: skip
    probe.add_argument("argv", nargs="*")
    probe.set_defaults(run=_probe)


def _probe(args: argparse.Namespace) -> int:
    from .probe._cli import main as probe  # noqa: PLC0415 (no asyncio unless the probe runs)

    return probe(args.argv)


#: Each adds one subcommand; a new one is a function here and a line in this tuple.
COMMANDS: Final[tuple[Callable[[_Commands], None], ...]] = (
    _add_decode,
    _add_encode,
    _add_code,
    _add_codes,
    _add_probe,
)
