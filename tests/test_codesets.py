"""Application code sets: validation, the JSON loader's errors, the shipped graphql-transport-ws."""

from __future__ import annotations

import json
import os
import pickle
import re
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wsclose import (
    CODE_SETS,
    GRAPHQL_TRANSPORT_WS,
    CloseCode,
    CodeDefinition,
    CodeSet,
    CodeSetError,
    Reconnect,
    WscloseError,
    advise,
    load_code_set,
    parse_code_set,
)

if TYPE_CHECKING:
    from pathlib import Path

NEVER, BACKOFF = Reconnect.NEVER, Reconnect.BACKOFF

# graphql-ws src/client.ts: shouldRetryConnectOrThrow throws (no retry) on these,
# and retries 4403, 4408, 4504 and 4499 ("might grant access", "might not time out").
GRAPHQL = [
    (4004, "BadResponse", NEVER),
    (4005, "InternalClientError", NEVER),
    (4400, "BadRequest", NEVER),
    (4401, "Unauthorized", NEVER),
    (4403, "Forbidden", BACKOFF),
    (4406, "SubprotocolNotAcceptable", NEVER),
    (4408, "ConnectionInitialisationTimeout", BACKOFF),
    (4409, "SubscriberAlreadyExists", NEVER),
    (4429, "TooManyInitialisationRequests", NEVER),
    (4499, "Terminated", BACKOFF),
    (4500, "InternalServerError", NEVER),
    (4504, "ConnectionAcknowledgementTimeout", BACKOFF),
]


def test_graphql_transport_ws_is_the_reference_clients() -> None:
    assert [(int(d.code), d.name, d.reconnect) for d in GRAPHQL_TRANSPORT_WS] == GRAPHQL
    assert GRAPHQL_TRANSPORT_WS.name == "graphql-transport-ws"
    assert "graphql-ws" in GRAPHQL_TRANSPORT_WS.source
    assert CODE_SETS == {"graphql-transport-ws": GRAPHQL_TRANSPORT_WS}
    for code, name, kind in GRAPHQL:
        advice = advise(code, codes=GRAPHQL_TRANSPORT_WS)
        assert (advice.kind, advice.code) == (kind, code)
        assert advice.reason.startswith(f"graphql-transport-ws {name}: ")


def test_code_sets_are_read_only() -> None:
    with pytest.raises(TypeError):
        CODE_SETS["mine"] = GRAPHQL_TRANSPORT_WS  # type: ignore[index]
    with pytest.raises(AttributeError):
        GRAPHQL_TRANSPORT_WS.name = "other"  # type: ignore[misc]
    assert CloseCode(4400).name == "4400"  # the global enum is untouched


def test_code_set_interface() -> None:
    codes = CodeSet(
        "chat",
        [(4001, "Banned", "Banned.", "never"), CodeDefinition(3500, "Moved", "", BACKOFF)],
        source="https://example.com/chat",
    )
    assert len(codes) == 2
    assert [d.code for d in codes] == [3500, 4001]  # by code
    assert 4001 in codes
    assert 4002 not in codes
    assert "4001" not in codes
    assert codes.get(4002) is None
    definition = codes.get(4001)
    assert definition == (4001, "Banned", "Banned.", NEVER)
    assert definition is not None
    assert (definition.code, definition.name, definition.description) == (4001, "Banned", "Banned.")
    assert definition.reconnect is NEVER
    assert type(definition.code) is CloseCode
    assert repr(codes) == "<CodeSet 'chat': 2 codes>"
    assert codes.source == "https://example.com/chat"
    assert repr(definition) == (
        "CodeDefinition(code=4001, name='Banned', description='Banned.', "
        "reconnect=<Reconnect.NEVER: 'never'>)"
    )
    assert pickle.loads(pickle.dumps(definition)) == definition
    assert type(pickle.loads(pickle.dumps(definition))) is CodeDefinition
    assert str(advise(4001, codes=codes)) == "do not reconnect (chat Banned: Banned.)"
    assert advise(3500, codes=codes).reason == "chat Moved"
    assert CodeSet("empty", []).get(4000) is None
    assert CodeSet("gen", (d for d in codes)).get(3500) == codes.get(3500)


GOOD = (4000, "Kicked", "Removed.", "never")


@pytest.mark.parametrize(
    ("name", "codes", "field", "detail"),
    [
        ("", [GOOD], "name", "must not be empty"),
        (None, [GOOD], "name", "must be a string, not NoneType"),
        ("two\nlines", [GOOD], "name", "must be one line"),
        ("x", "4000", "codes", "must be a list of codes, not str"),
        ("x", 4000, "codes", "must be a list of codes, not int"),
        (
            "x",
            [[4000, "A", "", "never"]],
            "codes[0]",
            "must be \\(code, name, description, reconnect\\)",
        ),
        ("x", [(4000, "A", "")], "codes[0]", "must be \\(code, name, description, reconnect\\)"),
        ("x", [GOOD, ("4001", "A", "", "never")], "codes[1].code", "must be an integer, not str"),
        ("x", [(True, "A", "", "never")], "codes[0].code", "must be an integer, not bool"),
        ("x", [(2999, "A", "", "never")], "codes[0].code", "must be in 3000-4999"),
        ("x", [(5000, "A", "", "never")], "codes[0].code", "not 5000"),
        ("x", [(1000, "A", "", "never")], "codes[0].code", "the codes an application may send"),
        ("x", [GOOD, (4000, "B", "", "never")], "codes[1].code", "4000 is defined twice"),
        (
            "x",
            [GOOD, (4001, "Kicked", "", "never")],
            "codes[1].name",
            "'Kicked' names 4000 already",
        ),
        ("x", [(4000, "not one", "", "never")], "codes[0].name", "must be an identifier"),
        ("x", [(4000, "1st", "", "never")], "codes[0].name", "must be an identifier, not '1st'"),
        ("x", [(4000, "class", "", "never")], "codes[0].name", "must be an identifier"),
        ("x", [(4000, "", "", "never")], "codes[0].name", "must not be empty"),
        ("x", [(4000, 7, "", "never")], "codes[0].name", "must be a string, not int"),
        ("x", [(4000, "A", None, "never")], "codes[0].description", "must be a string"),
        ("x", [(4000, "A", "a\r\nb", "never")], "codes[0].description", "must be one line"),
        ("x", [(4000, "A", "", "maybe")], "codes[0].reconnect", "must be one of never, backoff,"),
        ("x", [(4000, "A", "", ["never"])], "codes[0].reconnect", "not \\['never'\\]"),
    ],
)
def test_code_set_validation(name: object, codes: object, field: str, detail: str) -> None:
    with pytest.raises(CodeSetError, match=detail) as caught:
        CodeSet(name, codes)  # type: ignore[arg-type]
    assert caught.value.field == field
    assert caught.value.line is None
    assert str(caught.value).startswith(f"{field}: ")


class Hostile:
    def __repr__(self) -> str:
        raise RuntimeError("no repr")


@pytest.mark.parametrize(
    ("entry", "field", "detail"),
    [
        (
            (10**5000, "A", "", "never"),
            "codes[0].code",
            "not <int>",
        ),
        ((4000, "A", "", Hostile()), "codes[0].reconnect", "not <Hostile>"),
        (
            (4000, "A", "", "x" * 100),
            "codes[0].reconnect",
            "not 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...$",
        ),
        (Hostile(), "codes[0]", "not <Hostile>"),
    ],
)
def test_refused_values_are_shown_safely(entry: object, field: str, detail: str) -> None:
    with pytest.raises(CodeSetError, match=re.escape(detail).replace("\\$", "$")) as caught:
        CodeSet("x", [entry])  # type: ignore[list-item]
    assert caught.value.field == field


def test_source_is_checked() -> None:
    with pytest.raises(CodeSetError, match="must be a string, not int") as caught:
        CodeSet("x", [GOOD], source=1)  # type: ignore[arg-type]
    assert caught.value.field == "source"


def test_code_definition_alone_names_the_bare_field() -> None:
    with pytest.raises(CodeSetError) as caught:
        CodeDefinition(4000, "A", "", "often")
    assert caught.value.field == "reconnect"


def test_code_set_error() -> None:
    error = CodeSetError("is missing", "codes[1].name", 7)
    assert isinstance(error, WscloseError)
    assert isinstance(error, ValueError)
    assert (error.detail, error.field, error.line) == ("is missing", "codes[1].name", 7)
    assert str(error) == "line 7: codes[1].name: is missing"
    copy = pickle.loads(pickle.dumps(error))
    assert (type(copy), copy.args) == (CodeSetError, error.args)
    assert str(CodeSetError("not JSON", None, 3)) == "line 3: not JSON"
    assert str(CodeSetError("bad", "name")) == "name: bad"
    assert str(CodeSetError()) == "code set is not valid"  # type: ignore[call-arg]
    # never raises, whatever it holds
    assert str(CodeSetError(1, 2, 3)) == "code set is not valid (1, 2, 3)"  # type: ignore[arg-type]
    assert "CodeSetError" not in str(error)


# The JSON loader: each bad document, the line and the field it names.
CHAT = {
    "name": "chat",
    "source": "https://example.com/chat",
    "codes": [
        {"code": 4000, "name": "Kicked", "description": "Removed.", "reconnect": "never"},
        {"code": 4001, "name": "Busy", "description": "Try later.", "reconnect": "backoff"},
    ],
}


def test_load_a_good_file(tmp_path: Path) -> None:
    path = tmp_path / "chat.json"
    path.write_text(json.dumps(CHAT, indent=2), encoding="utf-8")
    for name in (path, str(path)):
        codes = load_code_set(name)
        assert [(d.code, d.name, d.reconnect) for d in codes] == [
            (4000, "Kicked", NEVER),
            (4001, "Busy", BACKOFF),
        ]
        assert (codes.name, codes.source) == ("chat", "https://example.com/chat")
    assert parse_code_set('{"name": "x", "codes": []}').source == ""


def test_shipped_sets_by_name() -> None:
    assert load_code_set("graphql-transport-ws") is GRAPHQL_TRANSPORT_WS


def lines(*rows: str) -> str:
    return "\n".join(rows)


ENTRY = '{"code": 4000, "name": "A", "description": "", "reconnect": "never"}'

BAD = [
    ("", 1, None, "not JSON: Expecting value"),
    ("{", 1, None, "not JSON: Expecting property name enclosed in double quotes"),
    (lines('{"name": "x",', '  "codes": [', "    1,,", "]}"), 3, None, "not JSON"),
    ("[]", 1, None, "must be a JSON object"),
    ("\n\n42", 3, None, "must be a JSON object"),
    (lines("{", '  "codes": []', "}"), 1, "name", "is missing"),
    (lines("{", '  "name": "x"', "}"), 1, "codes", "is missing"),
    (
        lines("{", '  "name": "x",', '  "codes": [],', '  "nmae": "y"', "}"),
        4,
        "nmae",
        "unknown key",
    ),
    (
        lines("{", '  "name": "x",', '  "codes": {}', "}"),
        3,
        "codes",
        "must be a list, not an object",
    ),
    (lines('{"name": "x",', '"codes":', '  "none"}'), 3, "codes", "must be a list, not a string"),
    (lines('{"name": 5,', '"codes": []}'), 1, "name", "must be a string, not int"),
    (lines('{"codes": [],', '"name": ""}'), 2, "name", "must not be empty"),
    (lines('{"name": "x", "codes": [],', '"source": null}'), 2, "source", "must be a string"),
    (
        lines('{"name": "x", "codes": [', ENTRY + ",", "  true", "]}"),
        3,
        "codes[1]",
        "not a boolean",
    ),
    (lines('{"name": "x", "codes": [', "  null]}"), 2, "codes[0]", "must be an object, not null"),
    (
        lines('{"name": "x", "codes": [', "  [4000]]}"),
        2,
        "codes[0]",
        "must be an object, not a list",
    ),
    (
        lines('{"name": "x", "codes": [', "  4000]}"),
        2,
        "codes[0]",
        "must be an object, not a number",
    ),
    (
        lines('{"name": "x", "codes": [', '  {"code": 4000,', '   "name": "A"}]}'),
        2,
        "codes[0].description",
        "is missing",
    ),
    (
        lines(
            '{"name": "x", "codes": [',
            "  {",
            '    "code": 4000, "name": "A", "description": "",',
            '    "reconnect": "never",',
            '    "advice": "never"',
            "  }]}",
        ),
        5,
        "codes[0].advice",
        "unknown key; allowed: code, name, description, reconnect",
    ),
    (
        lines(
            '{"name": "x", "codes": [',
            "  " + ENTRY + ",",
            '  {"code": 4001, "name": "B", "description": "",',
            '   "reconnect": "sometimes"}]}',
        ),
        4,
        "codes[1].reconnect",
        "must be one of never, backoff, restart, other-host, new-credentials, application",
    ),
    (
        lines(
            '{"name": "x", "codes": [',
            "  " + ENTRY + ",",
            '  {"code": 4000,',
            '   "name": "B", "description": "", "reconnect": "never"}]}',
        ),
        3,
        "codes[1].code",
        "4000 is defined twice",
    ),
    (
        lines(
            '{"name": "x", "codes": [',
            '  {"code": 1000, "name": "A", "description": "", "reconnect": "never"}]}',
        ),
        2,
        "codes[0].code",
        "must be in 3000-4999",
    ),
    (
        lines(
            '{"name": "x", "codes": [',
            '  {"code": 4000.5, "name": "A", "description": "", "reconnect": "never"}]}',
        ),
        2,
        "codes[0].code",
        "must be an integer, not float",
    ),
    (
        lines(
            '{"name": "x", "codes": [',
            '  {"code": 4000, "description": "",',
            '   "name": "not an identifier", "reconnect": "never"}]}',
        ),
        3,
        "codes[0].name",
        "must be an identifier",
    ),
    (lines('{"name": "x",', '"codes": [],', '"name": "y"}'), 3, None, "key 'name' appears twice"),
    (
        lines('{"name": "x", "codes": [', '  {"code": 4000,', '   "code": 4001}]}'),
        3,
        None,
        "key 'code' appears twice",
    ),
    ("[" * 100_000 + "]" * 100_000, 1, None, "nested more than 64 levels deep"),
    ('{"name": "x",\n "codes": [\n' + "[" * 64 + "]" * 64 + "]}", 3, None, "more than 64 levels"),
]


@pytest.mark.parametrize(("text", "line", "field", "detail"), BAD)
def test_json_loader_errors(text: str, line: int | None, field: str | None, detail: str) -> None:
    with pytest.raises(CodeSetError) as caught:
        parse_code_set(text)
    error = caught.value
    assert (error.line, error.field) == (line, field)
    assert detail in error.detail
    where = [f"line {line}"] if line is not None else []
    assert str(error) == ": ".join([*where, *([field] if field else []), error.detail])


def test_brackets_in_strings_do_not_nest() -> None:
    description = "[{" * 100
    text = json.dumps(
        {
            "name": "x",
            "codes": [
                {"code": 4000, "name": "A", "description": description, "reconnect": "never"}
            ],
        }
    )
    assert parse_code_set(text).get(4000) == (4000, "A", description, NEVER)
    with pytest.raises(CodeSetError, match="codes\\[0\\]: must be an object, not a list"):
        parse_code_set('{"name": "x", "codes": [' + "[" * 61 + "]" * 61 + "]}")


def test_json_loader_refuses_bytes() -> None:
    with pytest.raises(TypeError, match="text must be a str, not bytes"):
        parse_code_set(b"{}")  # type: ignore[arg-type]


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(
        CodeSetError, match=r"cannot read .*missing\.json.*shipped sets: graphql"
    ) as caught:
        load_code_set(tmp_path / "missing.json")
    assert (caught.value.line, caught.value.field) == (None, None)
    with pytest.raises(CodeSetError, match="cannot read"):
        load_code_set(tmp_path)
    latin = tmp_path / "latin.json"
    latin.write_bytes('{"name": "caf\u00e9"}'.encode("latin-1"))
    with pytest.raises(CodeSetError, match="not UTF-8: invalid continuation byte at byte 13"):
        load_code_set(latin)
    with pytest.raises(CodeSetError, match="cannot read 'graphql-ws'"):
        load_code_set("graphql-ws")
    with pytest.raises(TypeError, match="name_or_path must be a str or a path, not int"):
        load_code_set(3)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="not bytes"):
        load_code_set(b"chat.json")  # type: ignore[arg-type]


def test_a_file_with_a_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "crlf.json"
    text = json.dumps(CHAT, indent=1).replace("\n", "\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert load_code_set(path).get(4001) == (4001, "Busy", "Try later.", BACKOFF)
    path.write_bytes(b"\xef\xbb\xbf" + text.replace('"never"', '"nope"').encode("utf-8"))
    with pytest.raises(CodeSetError) as caught:
        load_code_set(path)
    assert (caught.value.line, caught.value.field) == (9, "codes[0].reconnect")


def test_a_number_too_long_is_a_code_set_error() -> None:
    with pytest.raises(CodeSetError):
        parse_code_set('{"name": "x", "codes": [{"code": ' + "1" * 5000 + "}]}")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=8,
)
entries = st.fixed_dictionaries(
    {
        "code": st.integers(2990, 5010) | json_values,
        "name": st.sampled_from(["A", "B", "not one", ""]) | json_values,
        "description": st.text() | json_values,
        "reconnect": st.sampled_from([kind.value for kind in Reconnect]) | json_values,
    },
    optional={"extra": json_values},
)
documents = st.fixed_dictionaries(
    {"name": st.text() | json_values, "codes": st.lists(entries, max_size=4) | json_values},
    optional={"source": st.text() | json_values, "nmae": json_values},
)


# No timed assertions: a slow, loaded machine is not a failure.
untimed = settings(deadline=None)


@untimed
@given(text=st.text() | documents.map(json.dumps) | json_values.map(json.dumps))
def test_any_text_gives_a_set_or_a_code_set_error(text: str) -> None:
    errors: list[CodeSetError] = []
    try:
        parse_code_set(text)
    except CodeSetError as error:  # anything else fails the test
        errors.append(error)
    for caught in errors:
        assert caught.line is None or 1 <= caught.line <= text.count("\n") + 1
        assert str(caught)


sets = st.dictionaries(st.integers(3000, 4999), st.sampled_from(list(Reconnect)), max_size=30).map(
    lambda kinds: CodeSet(
        "generated", [(code, f"C{code}", f"code {code}", kind) for code, kind in kinds.items()]
    )
)


@untimed
@given(codes=sets, indent=st.none() | st.integers(0, 4))
def test_json_round_trip(codes: CodeSet, indent: int | None) -> None:
    document = {
        "name": codes.name,
        "codes": [
            {"code": d.code, "name": d.name, "description": d.description, "reconnect": d.reconnect}
            for d in codes
        ],
    }
    assert list(parse_code_set(json.dumps(document, indent=indent))) == list(codes)


@untimed
@given(codes=sets, code=st.integers(0, 65535))
def test_a_set_decides_its_codes_only(codes: CodeSet, code: int) -> None:
    advice = advise(code, codes=codes)
    definition = codes.get(code)
    if definition is None:
        assert advice == advise(code)
    else:
        assert (advice.kind, advice.code) == (definition.reconnect, code)
        assert advice.reason == f"generated C{code}: code {code}"


def test_a_file_read_under_any_locale(tmp_path: Path) -> None:
    path = tmp_path / "chat.json"
    document = dict(CHAT, name="caf\u00e9")
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    code = f"import wsclose; print(ascii(wsclose.load_code_set({str(path)!r}).name))"
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": "ascii"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.strip() == "'caf\\xe9'"
