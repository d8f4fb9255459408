"""``wsclose probe``: the command line of the conformance probe.

Every line goes through :mod:`wsclose._output`, as the other commands' do: what
the server sent (a close reason, its HTTP answer) is escaped, output never fails
on the terminal's encoding, and with ``--json`` errors are JSON on stdout.
"""

from __future__ import annotations

import argparse
import asyncio
from typing import TYPE_CHECKING, Final, NoReturn

from .._output import asks_json, print_line, usage_error, warn
from . import CLOSE_THRESHOLD, TIMEOUT, TOTAL_TIMEOUT, ProbeError, run_probe
from ._serve import parse_address, serve_probe
from .cases import CASES
from .report import to_json, to_junit, to_text

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["add_parser", "main"]

EXIT_PASSED: Final = 0
EXIT_FAILED: Final = 1
EXIT_USAGE: Final = 2

_DESCRIPTION: Final = (
    "Run the close-handling cases of the Autobahn Testsuite (case 7) and more against a "
    "WebSocket server, one connection a case, and print what the server did and a verdict "
    "per case: OK, NON-STRICT or FAILED. Exit 0 if no case FAILED (NON-STRICT passes, as in "
    "Autobahn, unless --strict), 1 if one did, 2 for bad arguments or no connection."
)


class _UsageError(Exception):
    """A bad argument: exit 2 with a one-line message."""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are reported by :func:`main`, in one line."""

    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)


def add_parser(commands: argparse._SubParsersAction[_Parser]) -> argparse.ArgumentParser:
    """Add the ``probe`` command to ``commands`` (the subparsers of ``wsclose``)."""
    parser = commands.add_parser(
        "probe", help="test a WebSocket server's close handling", description=_DESCRIPTION
    )
    parser.add_argument("url", nargs="?", metavar="URL", help="the server: ws://HOST:PORT/PATH")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--junit", metavar="FILE", help="also write a JUnit XML report to FILE")
    parser.add_argument(
        "--timeout",
        type=_seconds,
        default=TIMEOUT,
        metavar="S",
        help=f"seconds each wait of a case may take (default {TIMEOUT:g})",
    )
    parser.add_argument(
        "--total-timeout",
        type=_seconds,
        default=TOTAL_TIMEOUT,
        metavar="S",
        help=f"seconds the whole run may take (default {TOTAL_TIMEOUT:g})",
    )
    parser.add_argument(
        "--close-threshold",
        type=_seconds,
        default=CLOSE_THRESHOLD,
        metavar="S",
        help="seconds the server may take to close TCP after its close frame "
        f"before close-timing flags it (default {CLOSE_THRESHOLD:g})",
    )
    parser.add_argument(
        "--case",
        action="append",
        metavar="ID",
        help="run only this case: an id, an Autobahn id (7.9.5) or a pattern (bad-code-*); "
        "repeat for more",
    )
    parser.add_argument(
        "--serve",
        metavar="HOST:PORT",
        help="test clients instead: serve the cases on HOST:PORT, the next case to each "
        "connection, until all ran or --total-timeout passed",
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 on NON-STRICT too")
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    parser.set_defaults(run=_run)
    return parser


def main(argv: Sequence[str]) -> int:
    """Run ``wsclose probe`` with the arguments after ``probe``; return the exit code.

    Output goes to ``sys.stdout``; a failure to write it raises OSError, which
    :func:`wsclose.cli.main` reports (exit 3).
    """
    parser = _Parser(prog="wsclose")
    add_parser(parser.add_subparsers(parser_class=_Parser))
    try:
        args = parser.parse_args(["probe", *argv])
    except _UsageError as err:
        usage_error(str(err), asks_json(argv))
        return EXIT_USAGE
    status: int = args.run(args)
    return status


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}")
    return value


def _run(args: argparse.Namespace) -> int:
    if args.list:
        for case in CASES:
            print_line(f"{case.id:20}  {case.autobahn or '-':7}  {case.rfc:16}  {case.title}")
        return EXIT_PASSED
    if (args.url is None) == (args.serve is None):
        usage_error("give the server's URL (ws://HOST:PORT/PATH), or --serve HOST:PORT", args.json)
        return EXIT_USAGE
    try:
        if args.serve is None:
            report = run_probe(
                args.url,
                timeout=args.timeout,
                total_timeout=args.total_timeout,
                close_threshold=args.close_threshold,
                cases=args.case,
            )
        else:
            host, port = parse_address(args.serve)
            report = asyncio.run(
                serve_probe(
                    host,
                    port,
                    timeout=args.timeout,
                    total_timeout=args.total_timeout,
                    cases=args.case,
                    ready=_announce,
                )
            )
    except ProbeError as err:
        usage_error(str(err), args.json, "ProbeError")
        return EXIT_USAGE
    if args.junit:
        try:
            with open(args.junit, "w", encoding="utf-8") as file:
                file.write(to_junit(report))
        except OSError as err:
            usage_error(f"cannot write {args.junit}: {err.strerror or err}", args.json)
            return EXIT_USAGE
    # One print_line a line: it escapes line breaks, and everything a server sent.
    for line in (to_json(report) if args.json else to_text(report)).split("\n"):
        print_line(line)
    return EXIT_PASSED if report.passed(strict=args.strict) else EXIT_FAILED


def _announce(url: str, count: int) -> None:
    warn(f"serving {count} cases on {url}: connect the client {count} times")
