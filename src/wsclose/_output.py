r"""Printing for the command line: safe on any terminal, whatever a peer sent.

Every line goes through :func:`escape`: a character that is a control, format or
separator character (Unicode categories Cc, Cf, Zl, Zp), a lone surrogate (Cs), a
code point this Python does not know (Cn: a newer terminal may give it a meaning),
or that the stream's encoding cannot write, is printed as a JSON ``\uXXXX``
escape. Inside a JSON document such escapes sit only in strings, so the document
stays valid and reads back to the same text.
"""

from __future__ import annotations

import contextlib
import json
import re
import sys
import unicodedata

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from typing import Final, TextIO

__all__ = ["asks_json", "escape", "print_json", "print_line", "print_rows", "usage_error", "warn"]

#: Unicode categories never printed raw: controls, format (bidi) characters, line and
#: paragraph separators, surrogates, unassigned code points.
UNSAFE_CATEGORIES: Final = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Cn"})
#: The width of a row's label in text output.
LABEL_WIDTH: Final = 8

_NOT_PLAIN_ASCII: Final = re.compile(r"[^\x20-\x7e]")


def escape(text: str, encoding: str = "utf-8") -> str:
    r"""``text`` with every unsafe or unwritable character as a ``\uXXXX`` escape.

    >>> escape("bye\u202e\u009b"), escape("caf\u00e9", "ascii"), escape("\U0001f600", "ascii")
    ('bye\\u202e\\u009b', 'caf\\u00e9', '\\ud83d\\ude00')
    """
    return _NOT_PLAIN_ASCII.sub(lambda match: _escape_char(match[0], encoding), text)


def _escape_char(char: str, encoding: str) -> str:
    if unicodedata.category(char) not in UNSAFE_CATEGORIES:
        try:
            char.encode(encoding)
        except UnicodeEncodeError:
            pass
        else:
            return char
    units = char.encode("utf-16-be", "surrogatepass")
    return "".join(f"\\u{units[i : i + 2].hex()}" for i in range(0, len(units), 2))


def print_line(text: str, stream: TextIO | None = None) -> None:
    """Write one escaped line to ``stream`` (default stdout); OSError if it fails."""
    stream = sys.stdout if stream is None else stream
    stream.write(escape(text, getattr(stream, "encoding", None) or "utf-8") + "\n")


def print_rows(rows: Iterable[tuple[str, str]]) -> None:
    """Write ``label value`` lines, the values lined up."""
    for label, value in rows:
        print_line(f"{label:{LABEL_WIDTH}}{value}")


def print_json(value: object) -> None:
    """Write ``value`` as one line of JSON."""
    print_line(json.dumps(value, ensure_ascii=False))


def warn(text: str) -> None:
    """Write ``wsclose: text`` to stderr, if it is open; a failure there is ignored."""
    if sys.stderr is not None:
        with contextlib.suppress(OSError, ValueError):
            print_line(f"wsclose: {text}", sys.stderr)
            sys.stderr.flush()


def asks_json(argv: Sequence[str]) -> bool:
    """True if ``--json`` is among the options of ``argv`` (before any ``--``)."""
    options = argv[: list(argv).index("--")] if "--" in argv else argv
    return "--json" in options


def usage_error(message: str, as_json: bool, error_type: str = "UsageError") -> None:
    """Report an error that exits 2: one line on stderr, or a JSON error document on stdout."""
    if as_json:
        print_json(
            {"error": message, "error_type": error_type, "reply_code": None, "reply_name": None}
        )
    else:
        warn(f"error: {message}")
