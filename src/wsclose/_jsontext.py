"""JSON text parsed with where each value starts, so that code-set errors name a line.

Imported by :func:`wsclose.parse_code_set` when it runs, never by ``import wsclose``.
"""

from __future__ import annotations

import json
import json.decoder
import json.scanner
import re

from .codesets import CodeSetError

#: The deepest nesting read; a code set needs 3 levels (the pure-Python parser recurses).
MAX_DEPTH: Final = 64
_TOKENS: Final = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Final

    _Scan = Callable[[str, int], tuple[object, int]]


def json_type(value: object) -> str:
    """How JSON names the type of a parsed value: ``"an object"``, ``"null"``."""
    names = {
        dict: "an object",
        list: "a list",
        str: "a string",
        bool: "a boolean",
        type(None): "null",
    }
    return names.get(type(value), "a number")


class _Duplicate(Exception):
    """A key found twice in one JSON object."""


class Document:
    """JSON text parsed with the position of every value, for errors that give the line."""

    def __init__(self, text: str) -> None:
        self.text = text
        # id(container) -> (start index, {key or item index: value start index})
        self.spans: dict[int, tuple[int, dict[object, int]]] = {}
        self._keep: list[object] = []

    def parse(self) -> object:
        """Parse the text; a syntax error or a key given twice is a CodeSetError."""
        decoder = json.JSONDecoder(object_pairs_hook=_no_duplicates)
        # The pure-Python scanner, with its object and array parsers wrapped to
        # note where each value starts (the C scanner takes no such hooks).
        parse_object, parse_array = (
            vars(json.decoder)["JSONObject"],
            vars(json.decoder)["JSONArray"],
        )

        def on_object(
            s_and_end: tuple[str, int], strict: bool, scan_once: _Scan, *rest: object
        ) -> tuple[object, int]:
            starts: list[int] = []
            try:
                result, end = parse_object(s_and_end, strict, _recording(scan_once, starts), *rest)
            except _Duplicate as err:
                raise CodeSetError(
                    f"key {err.args[0]!r} appears twice", None, self.line_at(starts[-1])
                ) from None
            return self._remember(result, s_and_end[1] - 1, dict(zip(result, starts))), end

        def on_array(s_and_end: tuple[str, int], scan_once: _Scan) -> tuple[object, int]:
            starts: list[int] = []
            result, end = parse_array(s_and_end, _recording(scan_once, starts))
            return self._remember(result, s_and_end[1] - 1, dict(enumerate(starts))), end

        too_deep = _too_deep(self.text)
        if too_deep is not None:
            raise CodeSetError(
                f"nested more than {MAX_DEPTH} levels deep", None, self.line_at(too_deep)
            )
        vars(decoder).update(parse_object=on_object, parse_array=on_array)
        vars(decoder)["scan_once"] = vars(json.scanner)["py_make_scanner"](decoder)
        try:
            return decoder.decode(self.text)
        except json.JSONDecodeError as err:
            raise CodeSetError(
                f"not JSON: {err.msg} (column {err.colno})", None, err.lineno
            ) from None
        except CodeSetError:
            raise
        except ValueError as err:  # a number too long for int() (sys.set_int_max_str_digits)
            raise CodeSetError(f"not JSON this parser can read: {err}", None) from None

    def _remember(self, container: object, start: int, starts: dict[object, int]) -> object:
        self.spans[id(container)] = (start, starts)
        self._keep.append(container)
        return container

    def line_at(self, index: int) -> int:
        """The line of an index into the text, from 1."""
        return self.text.count("\n", 0, index) + 1

    def line(self, container: object, key: object = None) -> int:
        """The line of ``container[key]``, or of the container if no key is given or found."""
        start, starts = self.spans.get(id(container), (0, {}))
        return self.line_at(starts.get(key, start))

    def locate(self, top: dict[str, object], field: str | None) -> int:
        """The line of a field path such as ``codes[2].name`` in the document ``top``."""
        head, _, rest = (field or "").partition(".")
        if not head.startswith("codes["):
            return self.line(top, head)
        codes = top["codes"]
        index = int(head[len("codes[") : -1])
        entry = codes[index] if isinstance(codes, list) else None
        return self.line(entry, rest) if rest else self.line(codes, index)

    def check_keys(
        self,
        mapping: dict[str, object],
        field: str | None,
        *,
        required: tuple[str, ...],
        allowed: tuple[str, ...],
    ) -> None:
        """Refuse a missing or an unknown key, naming it and its line."""
        prefix = f"{field}." if field else ""
        for key in mapping:
            if key not in allowed:
                raise CodeSetError(
                    f"unknown key; allowed: {', '.join(allowed)}",
                    f"{prefix}{key}",
                    self.line(mapping, key),
                )
        for key in required:
            if key not in mapping:
                raise CodeSetError("is missing", f"{prefix}{key}", self.line(mapping))


def _recording(scan_once: _Scan, starts: list[int]) -> _Scan:
    def scan(text: str, index: int) -> tuple[object, int]:
        starts.append(index)
        return scan_once(text, index)

    return scan


def _no_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            raise _Duplicate(key)
        seen.add(key)
    return dict(pairs)


def _too_deep(text: str) -> int | None:
    """Where the text first nests deeper than MAX_DEPTH, outside strings, or None."""
    depth = 0
    for token in _TOKENS.finditer(text):
        bracket = token.group()
        if bracket in ("[", "{"):
            depth += 1
            if depth > MAX_DEPTH:
                return token.start()
        elif bracket in ("]", "}"):
            depth -= 1
    return None
