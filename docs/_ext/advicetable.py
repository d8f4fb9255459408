"""A Sphinx extension: the ``reconnectadvice`` directive renders the advice table.

Built from :func:`wsclose.advise` (and a shipped code set, when the directive
names one) at build time, so it cannot drift from the code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from wsclose import (
    BACKOFF_BASE,
    BACKOFF_CAP,
    BACKOFF_FACTOR,
    CODE_SETS,
    RESTART_MAX_DELAY,
    RESTART_MIN_DELAY,
    CloseCode,
    Reconnect,
    advise,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The columns, with their relative widths.
COLUMNS = {"code": 9, "name": 14, "advice": 11, "delay (default)": 16, "why": 50}
#: Rows for ranges of codes without advice of their own: (a code in it, label).
RANGES = [(1004, "1004"), (1016, "1016-2999"), (3001, "other 3000-3999"), (4000, "4000-4999")]
RANGES += [(0, "0-999"), (5000, "5000-65535")]

_BACKOFF = f"0 to {BACKOFF_BASE:g} × {BACKOFF_FACTOR:g}ⁿ s, at most {BACKOFF_CAP:g} s"  # noqa: RUF001
#: The delay :func:`wsclose.next_delay` draws for each kind, with its defaults.
DELAYS = {
    Reconnect.NEVER: "none",
    Reconnect.BACKOFF: _BACKOFF,
    Reconnect.RESTART: f"{RESTART_MIN_DELAY:g}-{RESTART_MAX_DELAY:g} s, every attempt",
    Reconnect.OTHER_HOST: "to another host: as backoff; to this one: none",
    Reconnect.NEW_CREDENTIALS: "none: reconnect when they are at hand",
    Reconnect.APPLICATION: "none",
}


def rows(code_set: str | None = None) -> list[list[str]]:
    """One row a named code, then one a range; or one a code of the named code set."""
    if code_set is not None:
        codes = CODE_SETS[code_set]
        return [_row(str(int(d.code)), d.name, d.reconnect, d.description) for d in codes]
    table = []
    for code in CloseCode:
        advice = advise(code)
        table.append(_row(str(int(code)), code.name, advice.kind, advice.reason))
    for value, label in RANGES:
        advice = advise(value)
        table.append(_row(label, "", advice.kind, advice.reason))
    return table


def _row(label: str, name: str, kind: Reconnect, why: str) -> list[str]:
    return [label, name, kind.value, DELAYS[kind], why]


class ReconnectAdviceDirective(SphinxDirective):
    """``.. reconnectadvice:: [CODE SET]``: the advice table, for every code or a code set."""

    optional_arguments = 1

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
        for cells in rows(self.arguments[0] if self.arguments else None):
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
    app.add_directive("reconnectadvice", ReconnectAdviceDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
