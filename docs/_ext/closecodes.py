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

#: The columns, with their relative widths.
COLUMNS = {
    "code": 9,
    "name": 12,
    "websockets alias": 16,
    "class": 9,
    "may be sent": 6,
    "browser may send": 7,
    "meaning": 30,
    "source": 11,
}
#: Rows for ranges of codes without names of their own.
RANGES = [(1004, "1004"), (1016, "1016-2999"), (3001, "3000-3999"), (4000, "4000-4999")]
RANGES += [(0, "0-999"), (5000, "5000-65535")]


def rows() -> list[list[str]]:
    """One row a named code, then one a range of unnamed codes."""
    aliases: dict[int, str] = {}
    for name, member in CloseCode.__members__.items():
        if name != member.name:
            aliases[member] = name
    table = [_row(str(int(code)), code, code.name, aliases.get(code, "")) for code in CloseCode]
    table += [_row(label, CloseCode(value), "", "") for value, label in RANGES]
    return table


def _row(label: str, code: CloseCode, name: str, alias: str) -> list[str]:
    return [
        label,
        name,
        alias,
        str(code.category),
        "yes" if code.is_sendable else "no",
        "yes" if code.is_browser_allowed else "no",
        code.description,
        source(code),
    ]


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
        for cells in rows():
            body += self._row(cells)
        group += body
        return [table]

    @staticmethod
    def _row(cells: list[str]) -> nodes.row:
        row = nodes.row()
        for text in cells:
            entry = nodes.entry()
            entry += nodes.paragraph(text=text)
            row += entry
        return row


def setup(app: Sphinx) -> dict[str, object]:
    """Register the directive."""
    app.add_directive("closecodes", CloseCodesDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
