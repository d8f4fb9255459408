"""Application code sets: names, meanings and reconnect advice for 3000-4999 (RFC 6455 §7.4.2).

A code set gives its own codes a name, a description and a :class:`Reconnect`
kind. Pass it to :func:`advise` (``codes=``): the global :class:`CloseCode`
does not change for anyone else.
"""

from __future__ import annotations

import keyword
import os
import types

from .advice import APPLICATION_CODES, Advice, Reconnect
from .codes import CloseCode
from .errors import WscloseError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping
    from typing import Final

__all__ = [
    "CODE_SETS",
    "GRAPHQL_TRANSPORT_WS",
    "CodeDefinition",
    "CodeSet",
    "CodeSetError",
    "load_code_set",
    "parse_code_set",
]


class CodeSetError(WscloseError, ValueError):
    """A code set that is not valid: the field, and the line of its JSON file.

    Attributes:
        detail: What is wrong.
        field: Where: ``"name"``, ``"codes[2].reconnect"``; None for the file itself.
        line: The line in the JSON text, from 1; None for a set built in Python.
    """

    if TYPE_CHECKING:

        def __init__(self, detail: str, field: str | None, line: int | None = None) -> None: ...

    @property
    def detail(self) -> str:
        """What is wrong."""
        detail: str = self.args[0] if self.args else ""
        return detail

    @property
    def field(self) -> str | None:
        """The field at fault, as a path into the set."""
        field: str | None = self.args[1] if len(self.args) > 1 else None
        return field

    @property
    def line(self) -> int | None:
        """The line of the JSON text at fault, from 1."""
        line: int | None = self.args[2] if len(self.args) > 2 else None
        return line

    _summary = "code set is not valid"

    def _message(self) -> str:
        detail, field, line = (*self.args, None)[:3] if len(self.args) == 2 else self.args
        where = [] if line is None else [f"line {int.__index__(line)}"]
        where += [] if field is None else [str.__str__(field)]
        return ": ".join([*where, str.__str__(detail)])


class CodeDefinition(tuple[CloseCode, str, str, Reconnect]):
    """One code of a code set: the code, its name, its description and its advice.

    >>> GRAPHQL_TRANSPORT_WS.get(4408)
    CodeDefinition(code=4408, name='ConnectionInitialisationTimeout', ...)
    """

    __slots__ = ()

    def __new__(
        cls, code: int, name: str, description: str, reconnect: Reconnect | str
    ) -> CodeDefinition:
        """Check and build one definition.

        Raises:
            CodeSetError: If a field is not valid; ``field`` names it.
        """
        return _definition(code, name, description, reconnect, "")

    @property
    def code(self) -> CloseCode:
        """The code, in 3000-4999."""
        return self[0]

    @property
    def name(self) -> str:
        """The code's name in the set, an identifier."""
        return self[1]

    @property
    def description(self) -> str:
        """What the code means, in one line."""
        return self[2]

    @property
    def reconnect(self) -> Reconnect:
        """How a client should reconnect after it."""
        return self[3]

    def __getnewargs__(self) -> tuple[CloseCode, str, str, Reconnect]:
        return self[0], self[1], self[2], self[3]

    def __repr__(self) -> str:
        return (
            f"CodeDefinition(code={int(self[0])}, name={self[1]!r}, "
            f"description={self[2]!r}, reconnect={self[3]!r})"
        )


class CodeSet:
    """An application's close codes, with names, descriptions and reconnect advice.

    Only codes an application may send (3000-4999) are allowed, each once, with
    names that are Python identifiers, each once. A set is immutable; pass it
    to :func:`advise` as ``codes=``.

    Args:
        name: The set's name, such as a subprotocol: ``"graphql-transport-ws"``.
        codes: The definitions: :class:`CodeDefinition` values or
            ``(code, name, description, reconnect)`` tuples.
        source: Where the codes are specified (a URL, a document).

    Raises:
        CodeSetError: If the set is not valid; ``field`` says where
            (``"codes[1].name"``).

    >>> from wsclose import advise
    >>> app = CodeSet("chat", [(4000, "Kicked", "A moderator removed the user.", "never")])
    >>> app.get(4000).name, advise(4000, codes=app).kind
    ('Kicked', <Reconnect.NEVER: 'never'>)

    RFC 6455 §7.4.2.
    """

    __slots__ = ("_advice", "_by_code", "_name", "_source")

    def __init__(
        self, name: str, codes: Iterable[tuple[int, str, str, Reconnect | str]], source: str = ""
    ) -> None:
        self._name = _one_line(name, "name", empty=False)
        self._source = _one_line(source, "source", empty=True)
        self._by_code: dict[int, CodeDefinition] = {}
        seen: dict[str, int] = {}
        given: object = codes
        if isinstance(given, (str, bytes)) or not hasattr(given, "__iter__"):
            raise CodeSetError(f"must be a list of codes, not {type(codes).__name__}", "codes")
        for index, entry in enumerate(codes):
            field = f"codes[{index}]"
            if not isinstance(entry, tuple) or len(entry) != len(_FIELDS):
                raise CodeSetError(
                    f"must be (code, name, description, reconnect), not {_shown(entry)}", field
                )
            definition = _definition(*entry, field=field)
            if definition.code in self._by_code:
                raise CodeSetError(f"{int(definition.code)} is defined twice", f"{field}.code")
            if definition.name in seen:
                raise CodeSetError(
                    f"{definition.name!r} names {seen[definition.name]} already", f"{field}.name"
                )
            seen[definition.name] = definition.code
            self._by_code[definition.code] = definition
        self._by_code = dict(sorted(self._by_code.items()))
        self._advice: dict[int, Advice] = {
            code: tuple.__new__(Advice, (d.reconnect, d.code, _reason(self._name, d)))
            for code, d in self._by_code.items()
        }

    @property
    def name(self) -> str:
        """The set's name."""
        return self._name

    @property
    def source(self) -> str:
        """Where the codes are specified."""
        return self._source

    def get(self, code: int) -> CodeDefinition | None:
        """The definition of ``code`` in this set, or None."""
        return self._by_code.get(code)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __iter__(self) -> Iterator[CodeDefinition]:
        return iter(self._by_code.values())

    def __len__(self) -> int:
        return len(self._by_code)

    def __repr__(self) -> str:
        return f"<CodeSet {self._name!r}: {len(self._by_code)} codes>"


def _reason(set_name: str, definition: CodeDefinition) -> str:
    reason = f"{set_name} {definition.name}"
    return f"{reason}: {definition.description}" if definition.description else reason


def _shown(value: object) -> str:
    """A short repr of a value being refused, whatever it is."""
    try:
        text = repr(value)
    except Exception:  # a hostile __repr__, an int too long to print
        return f"<{type(value).__name__}>"
    return text if len(text) <= _SHOWN else f"{text[: _SHOWN - 3]}..."


_SHOWN: Final = 40
#: The most characters :func:`load_code_set` reads; 2000 codes fit in far less.
MAX_FILE_SIZE: Final = 1 << 20
_FIELDS: Final = ("code", "name", "description", "reconnect")
_KIND_VALUES: Final = tuple(kind.value for kind in Reconnect)


def _one_line(value: object, field: str, *, empty: bool) -> str:
    if not isinstance(value, str):
        raise CodeSetError(f"must be a string, not {type(value).__name__}", field)
    if not value and not empty:
        raise CodeSetError("must not be empty", field)
    if "\n" in value or "\r" in value:
        raise CodeSetError("must be one line", field)
    return str(value)


def _definition(
    code: object, name: object, description: object, reconnect: object, field: str
) -> CodeDefinition:
    prefix = f"{field}." if field else ""
    if not isinstance(code, int) or isinstance(code, bool):
        raise CodeSetError(f"must be an integer, not {type(code).__name__}", f"{prefix}code")
    code = int.__index__(code)  # an int subclass counts by its value, not its own __eq__
    if code not in APPLICATION_CODES:
        raise CodeSetError(
            f"must be in 3000-4999, the codes an application may send, not {_shown(code)}",
            f"{prefix}code",
        )
    name = _one_line(name, f"{prefix}name", empty=False)
    if not name.isidentifier() or keyword.iskeyword(name):
        raise CodeSetError(f"must be an identifier, not {_shown(name)}", f"{prefix}name")
    description = _one_line(description, f"{prefix}description", empty=True)
    if not isinstance(reconnect, str) or reconnect not in _KIND_VALUES:
        raise CodeSetError(
            f"must be one of {', '.join(_KIND_VALUES)}, not {_shown(reconnect)}",
            f"{prefix}reconnect",
        )
    kind = Reconnect(reconnect)
    return tuple.__new__(CodeDefinition, (CloseCode(code), name, description, kind))


def parse_code_set(text: str) -> CodeSet:
    r"""Read a code set from JSON text.

    The text holds one object: ``name`` (a string), ``source`` (a string,
    optional) and ``codes``, a list of objects with ``code`` (3000-4999),
    ``name`` (an identifier), ``description`` (one line) and ``reconnect``
    (a :class:`Reconnect` value: ``"never"``, ``"backoff"``, ...). No other
    keys are allowed, and no key twice.

    Args:
        text: The JSON text.

    Returns:
        The :class:`CodeSet`.

    Raises:
        TypeError: If ``text`` is not a ``str``.
        CodeSetError: If the text is not JSON or not a valid set; ``line`` and
            ``field`` say where.

    >>> chat = parse_code_set('''{"name": "chat", "codes": [
    ...     {"code": 4000, "name": "Kicked", "description": "Removed.", "reconnect": "never"}]}''')
    >>> chat.get(4000).reconnect
    <Reconnect.NEVER: 'never'>
    >>> parse_code_set('{"name": "chat",\n "codes": [{"code": 1000}]}')
    Traceback (most recent call last):
      ...
    wsclose.codesets.CodeSetError: line 2: codes[0].name: is missing
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    from ._jsontext import Document, json_type  # noqa: PLC0415 (imports json: only when used)

    document = Document(text)
    top = document.parse()
    if not isinstance(top, dict):
        raise CodeSetError(
            "must be a JSON object", None, document.line_at(len(text) - len(text.lstrip()))
        )
    document.check_keys(top, None, required=("name", "codes"), allowed=("name", "source", "codes"))
    codes = top["codes"]
    if not isinstance(codes, list):
        raise CodeSetError(
            f"must be a list, not {json_type(codes)}", "codes", document.line(top, "codes")
        )
    entries = []
    for index, entry in enumerate(codes):
        field = f"codes[{index}]"
        if not isinstance(entry, dict):
            raise CodeSetError(
                f"must be an object, not {json_type(entry)}", field, document.line(codes, index)
            )
        document.check_keys(entry, field, required=_FIELDS, allowed=_FIELDS)
        entries.append(tuple(entry[key] for key in _FIELDS))
    try:
        return CodeSet(top["name"], entries, top.get("source", ""))
    except CodeSetError as err:
        raise CodeSetError(err.detail, err.field, document.locate(top, err.field)) from None


def load_code_set(name_or_path: str | os.PathLike[str]) -> CodeSet:
    """A shipped code set by name, or a code set from a JSON file.

    Args:
        name_or_path: The name of a set in :data:`CODE_SETS`
            (``"graphql-transport-ws"``), or the path of a JSON file in the
            format :func:`parse_code_set` reads, in UTF-8 (a byte order mark is skipped).

    Returns:
        The :class:`CodeSet`.

    Raises:
        TypeError: If ``name_or_path`` is not a ``str`` or a path.
        CodeSetError: If the file cannot be read or is over
            ``MAX_FILE_SIZE`` (2**20) characters (``line`` and ``field`` are None),
            or is not a valid set (they say where).

    >>> load_code_set("graphql-transport-ws") is GRAPHQL_TRANSPORT_WS
    True
    """
    if isinstance(name_or_path, str) and name_or_path in CODE_SETS:
        return CODE_SETS[name_or_path]
    if not isinstance(name_or_path, (str, os.PathLike)):
        raise TypeError(f"name_or_path must be a str or a path, not {type(name_or_path).__name__}")
    try:
        with open(name_or_path, encoding="utf-8-sig") as file:
            text = file.read(MAX_FILE_SIZE + 1)
    except OSError as err:
        known = ", ".join(CODE_SETS)
        why = err.strerror or type(err).__name__
        path = os.fspath(name_or_path)
        raise CodeSetError(f"cannot read {path!r}: {why} (shipped sets: {known})", None) from None
    except UnicodeDecodeError as err:
        raise CodeSetError(f"not UTF-8: {err.reason} at byte {err.start}", None) from None
    if len(text) > MAX_FILE_SIZE:
        raise CodeSetError(f"over {MAX_FILE_SIZE} characters: not a code set", None)
    return parse_code_set(text)


_GRAPHQL_CODES: Final = [
    (4004, "BadResponse", "The client could not read a server message; fatal.", "never"),
    (4005, "InternalClientError", "The client failed; fatal.", "never"),
    (4400, "BadRequest", "The server could not read a client message; fatal.", "never"),
    (
        4401,
        "Unauthorized",
        "An operation came before the connection was acknowledged; fatal.",
        "never",
    ),
    (4403, "Forbidden", "The server refused; retried, as access may be granted later.", "backoff"),
    (
        4406,
        "SubprotocolNotAcceptable",
        "The server does not speak graphql-transport-ws; fatal.",
        "never",
    ),
    (4408, "ConnectionInitialisationTimeout", "No ConnectionInit in time; retried.", "backoff"),
    (4409, "SubscriberAlreadyExists", "An operation id was already in use; fatal.", "never"),
    (4429, "TooManyInitialisationRequests", "ConnectionInit came twice; fatal.", "never"),
    (4499, "Terminated", "The client dropped a stuck socket; retried.", "backoff"),
    (4500, "InternalServerError", "The server failed; fatal.", "never"),
    (4504, "ConnectionAcknowledgementTimeout", "No ConnectionAck in time; retried.", "backoff"),
]

#: The GraphQL over WebSocket Protocol's codes, with the advice its reference
#: client (graphql-ws) follows: fatal codes are ``NEVER``, retried ones ``BACKOFF``.
GRAPHQL_TRANSPORT_WS: Final = CodeSet(
    "graphql-transport-ws",
    _GRAPHQL_CODES,
    "GraphQL over WebSocket Protocol (graphql-ws PROTOCOL.md); "
    "its reference client's retry rules (graphql-ws src/client.ts)",
)

#: The code sets wsclose ships, by name: what :func:`load_code_set` looks up first.
CODE_SETS: Final[Mapping[str, CodeSet]] = types.MappingProxyType(
    {GRAPHQL_TRANSPORT_WS.name: GRAPHQL_TRANSPORT_WS}
)
