"""The site checker finds the autodoc defects it is meant to find, and no others."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import wsclose

if TYPE_CHECKING:
    from types import ModuleType

ROOT = Path(__file__).parent.parent


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


check_site = _load("check_site", ROOT / "docs" / "check_site.py")


def _entry(kind: str, name: str, body: str) -> str:
    """An autodoc entry as Sphinx writes it (furo theme)."""
    return (
        f'<dl class="py {kind}"><dt class="sig sig-object py" id="{name}">'
        f'<span class="sig-name descname">{name}</span></dt><dd>{body}</dd></dl>'
    )


def _field(name: str, body: str) -> str:
    return (
        f'<dl class="field-list simple"><dt class="field-odd">{name}'
        f'<span class="colon">:</span></dt><dd class="field-odd"><p>{body}</p></dd></dl>'
    )


INT_DOC = "<p>int([x]) -&gt; integer\nint(x, base=10) -&gt; integer</p><p>Convert a number</p>"
PROSE = "Whether the code is reported locally but never sent"


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (_entry("data", "wsclose.MAX", INT_DOC), "wsclose.MAX shows the docstring of int"),
        (
            _entry(
                "exception", "wsclose.E", "<p>Inappropriate argument value (of correct type).</p>"
            ),
            "wsclose.E shows the docstring of ValueError",
        ),
        (
            _entry("property", "wsclose.C.is_x", "<p>1005 (§7.4.1).</p>" + _field("Type", PROSE)),
            f"wsclose.C.is_x: its \"Type\" field holds prose, '{PROSE}'",
        ),
        (
            _entry(
                "attribute",
                "wsclose.K.LOCAL",
                "<p>never sent.</p>" + _field("Type", "1005, 1006 and 1015"),
            ),
            "wsclose.K.LOCAL: its \"Type\" field holds prose, '1005, 1006 and 1015'",
        ),
        (
            _entry(
                "attribute", "wsclose.K.LIB", "<p>for libraries.</p>" + _field("Type", "3000-3999")
            ),
            "wsclose.K.LIB: its \"Type\" field holds prose, '3000-3999'",
        ),
        (
            _entry(
                "class", "wsclose.CloseCode", "<p>A code.</p>" + _field("Return type", "object")
            ),
            'wsclose.CloseCode: a class entry with a "Return type" (object)',
        ),
    ],
)
def test_api_defect_found(page: str, expected: str) -> None:
    defects = check_site.api_defects(f"<html><body>{page}</body></html>", "api.html")
    assert len(defects) == 1
    assert defects[0].startswith(f"api.html: {expected}")


def test_sound_entries_pass() -> None:
    page = "".join(
        [
            _entry(
                "data", "wsclose.MAX", "<p>The most bytes a control frame's payload may hold.</p>"
            ),
            _entry(
                "property",
                "wsclose.C.code",
                "<p>The code.</p>" + _field("Type", "CloseCode | None"),
            ),
            _entry(
                "function",
                "wsclose.decode",
                _field("Parameters", "payload: the bytes; an integer (int) of them")
                + _field("Return type", "tuple[CloseCode, str]"),
            ),
            _entry(
                "class",
                "wsclose.Close",
                "<p>A pair.</p>"
                + _entry("method", "wsclose.Close.f", _field("Return type", "Close")),
            ),
        ]
    )
    assert check_site.api_defects(page) == []


@pytest.mark.parametrize(
    "text",
    [
        "int",
        "CloseCode | None",
        "tuple[int, str]",
        "int or None",
        "Literal['a b']",
        "list of int",
        "...",
    ],
)
def test_type_expressions_are_not_prose(text: str) -> None:
    assert not check_site.is_prose(text)


@pytest.mark.parametrize(
    "text", [PROSE, "1005, 1006 and 1015", "3000-3999", "4000", "reported to applications"]
)
def test_prose_is_prose(text: str) -> None:
    assert check_site.is_prose(text)


def test_builtin_docstrings_are_long_enough_to_be_unmistakable() -> None:
    found = check_site.builtin_docstrings()
    assert {"int", "str", "tuple", "ValueError", "Enum"} <= set(found)
    assert all(len(opening) >= 12 for opening in found.values())


@pytest.fixture
def conf() -> ModuleType:
    pytest.importorskip("sphinx")
    path = list(sys.path)
    try:
        return _load("wsclose_docs_conf", ROOT / "docs" / "conf.py")
    finally:
        sys.path[:] = path


def test_conf_gives_reexported_constants_their_own_comment(conf: ModuleType) -> None:
    lines = (int.__doc__ or "").splitlines()
    conf._own_comment(None, "data", "wsclose.MAX_REASON_SIZE", wsclose.MAX_REASON_SIZE, {}, lines)
    assert lines[0] == "The most bytes of UTF-8 a close reason may hold (125 less the 2-byte code)."
    assert "int([x])" not in "".join(lines)
