"""The probe's results and their reports: text for people, JSON, JUnit XML for CI."""

from __future__ import annotations

import enum
import json
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from ..payload import Close
    from .cases import Case

__all__ = ["Report", "Result", "Verdict", "to_json", "to_junit", "to_text"]


class Verdict(str, enum.Enum):
    """A case's verdict, in the Autobahn Testsuite's words.

    >>> str(Verdict.NON_STRICT), Verdict("FAILED") is Verdict.FAILED
    ('NON-STRICT', True)
    """

    #: The server did what RFC 6455 requires.
    OK = "OK"
    #: Allowed, but not what the RFC asks for first (a different valid code, TCP closed late).
    NON_STRICT = "NON-STRICT"
    #: The server broke a rule of RFC 6455.
    FAILED = "FAILED"

    def __str__(self) -> str:
        return self.value


class Result(NamedTuple):
    """What one case found.

    Attributes:
        case: The case.
        verdict: OK, NON-STRICT or FAILED.
        did: What the server did, in a few words.
        notes: Why the verdict is not OK, one sentence a fault, with its RFC section.
        reply: The server's close frame, decoded; None if none came or it was not valid.
        close_delay: Seconds from the server's close frame to its TCP close, if both came.
        connected: False if the opening handshake failed.
    """

    case: Case
    verdict: Verdict
    did: str
    notes: tuple[str, ...] = ()
    reply: Close | None = None
    close_delay: float | None = None
    connected: bool = True


class Report(NamedTuple):
    """Every result of one run of the probe against one URL, in the case table's order.

    Attributes:
        url: The URL probed.
        results: One :class:`Result` a case.
        duration: Seconds the run took.
        peer: What was probed: ``"server"``, or ``"client"`` for ``--serve``.
    """

    url: str
    results: tuple[Result, ...]
    duration: float
    peer: str = "server"

    def tally(self, verdict: Verdict) -> int:
        """How many cases got ``verdict``."""
        return sum(result.verdict is verdict for result in self.results)

    def passed(self, *, strict: bool = False) -> bool:
        """True if no case FAILED (nor was NON-STRICT, with ``strict``), as Autobahn counts."""
        bad = {Verdict.FAILED, Verdict.NON_STRICT} if strict else {Verdict.FAILED}
        return not any(result.verdict in bad for result in self.results)

    def summary(self) -> str:
        """One line: how many cases got each verdict.

        >>> Report("ws://127.0.0.1:8765/", (), 0.25).summary()
        '0 cases against ws://127.0.0.1:8765/: 0 OK, 0 NON-STRICT, 0 FAILED (0.2 s)'
        """
        counts = ", ".join(f"{self.tally(verdict)} {verdict}" for verdict in Verdict)
        cases = "1 case" if len(self.results) == 1 else f"{len(self.results)} cases"
        return f"{cases} against {self.url}: {counts} ({self.duration:.1f} s)"


def to_text(report: Report) -> str:
    """One line per case (id, verdict, what was sent, what is required, what the server did)."""
    width = max((len(result.case.id) for result in report.results), default=0)
    lines = []
    for result in report.results:
        case = result.case
        lines.append(
            f"{case.id:{width}}  {result.verdict!s:10}  sent {case.sent}; "
            f"requires {case.requires} ({case.rfc}); {report.peer}: {result.did}"
        )
        lines.extend(f"{'':{width}}  {'':10}  - {note}" for note in result.notes)
    lines.append(report.summary())
    return "\n".join(lines)


def as_dict(result: Result) -> dict[str, object]:
    """A result as plain JSON values."""
    case = result.case
    return {
        "id": case.id,
        "title": case.title,
        "autobahn": case.autobahn or None,
        "rfc": case.rfc,
        "sent": case.sent,
        "requires": case.requires,
        "verdict": str(result.verdict),
        "did": result.did,
        "notes": list(result.notes),
        "reply_code": None if result.reply is None else int(result.reply.code),
        "reply_reason": None if result.reply is None else result.reply.reason,
        "close_delay": result.close_delay,
    }


def to_json(report: Report) -> str:
    """The report as one JSON object: url, summary counts, results."""
    return json.dumps(
        {
            "url": report.url,
            "peer": report.peer,
            "duration": round(report.duration, 3),
            "summary": {str(verdict): report.tally(verdict) for verdict in Verdict},
            "results": [as_dict(result) for result in report.results],
        },
        ensure_ascii=False,
    )


def to_junit(report: Report) -> str:
    """The report as JUnit XML: one testcase a case, FAILED as a failure."""
    suite = ET.Element(
        "testsuite",
        name=f"wsclose probe {report.url}",
        tests=str(len(report.results)),
        failures=str(report.tally(Verdict.FAILED)),
        errors="0",
        skipped="0",
        time=f"{report.duration:.3f}",
    )
    for result in report.results:
        case = result.case
        element = ET.SubElement(
            suite, "testcase", classname="wsclose.probe", name=f"{case.id}: {case.title}"
        )
        text = f"{result.verdict}: sent {case.sent}; requires {case.requires}; "
        text += f"{report.peer}: {result.did}"
        text = "\n".join([text, *result.notes])
        if result.verdict is Verdict.FAILED:
            failure = ET.SubElement(element, "failure", message="; ".join(result.notes))
            failure.text = text
        else:
            ET.SubElement(element, "system-out").text = text
    return ET.tostring(suite, encoding="unicode", xml_declaration=True)
