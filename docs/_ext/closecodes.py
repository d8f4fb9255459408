"""A Sphinx extension: the ``closecodes`` directive renders the close-code table.

The table is built from :class:`wsclose.CloseCode` at build time, so it cannot
drift from the code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from wsclose import CloseCode
from wsclose._views import source

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The columns, with their relative widths: the meaning gets the room.
COLUMNS = {
    "code": 11,
    "name": 20,
    "class": 10,
    "may be sent": 13,
    "meaning": 36,
    "source": 10,
}
#: What an empty cell shows, as in the README's table.
NONE = "\N{EN DASH}"
#: Ranges of codes without names of their own: (a code in it, first, last).
RANGES = [(0, 0, 999), (1004, 1004, 1004), (1016, 1016, 2999), (3001, 3000, 3999)]
RANGES += [(4000, 4000, 4999), (5000, 5000, 65535)]


def rows() -> list[list[str]]:
    """A row a named code and a row a range of unnamed ones, in numeric order.

    A range row comes after the named codes inside it (3000-3999 after 3008).
    Cells: code, name, websockets alias, class, may be sent, meaning, source.
    """
    aliases: dict[int, str] = {}
    for name, member in CloseCode.__members__.items():
        if name != member.name:
            aliases[member] = name
    keyed = [
        (int(code), _row(str(int(code)), code, code.name, aliases.get(code, NONE)))
        for code in CloseCode
    ]
    for value, first, last in RANGES:
        inside = [int(code) for code in CloseCode if first <= code <= last]
        label = str(first) if first == last else f"{first}-{last}"
        keyed.append((max([first, *inside]), _row(label, CloseCode(value), NONE, NONE)))
    keyed.sort(key=lambda pair: (pair[0], pair[1][1] == NONE))
    return [row for _, row in keyed]


def _row(label: str, code: CloseCode, name: str, alias: str) -> list[str]:
    if not code.is_sendable:
        sent = "no"
    elif code.is_browser_allowed:
        sent = "yes, browsers too"
    else:
        sent = "yes"
    return [label, name, alias, str(code.category), sent, code.description, source(code)]


class CloseCodesDirective(SphinxDirective):
    """``.. closecodes::``: the table of close codes."""

    def run(self) -> list[nodes.Node]:
        """Build the table node."""
        table = nodes.table(classes=["closecodes", "colwidths-given"])
        group = nodes.tgroup(cols=len(COLUMNS))
        table += group
        for width in COLUMNS.values():
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        head += self._row(list(COLUMNS))
        group += head
        body = nodes.tbody()
        for code, name, alias, *rest in rows():
            body += self._row([code, name, *rest], alias)
        group += body
        return [table]

    @staticmethod
    def _row(cells: list[str], alias: str | None = None) -> nodes.row:
        """One row; the websockets alias, if any, goes under the name."""
        row = nodes.row()
        for index, text in enumerate(cells):
            entry = nodes.entry()
            entry += nodes.paragraph(text=text)
            if index == 1 and alias not in {None, NONE}:
                entry += nodes.paragraph(text=alias, classes=["alias"])
            row += entry
        return row


def setup(app: Sphinx) -> dict[str, object]:
    """Register the directive."""
    app.add_directive("closecodes", CloseCodesDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
