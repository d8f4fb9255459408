"""The probe against real servers on 127.0.0.1: each verdict, per case, as a table."""

from __future__ import annotations

import asyncio
import functools
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.differences import BY_KEY
from tests.probe_servers import FAULTS, SERVERS, SLOW_CLOSE, broken_server
from wsclose.probe import CASES, ProbeError, Report, Verdict, probe, to_json, to_junit, to_text
from wsclose.probe.cases import AFTER

ROOT = Path(__file__).parent.parent
OK, NON_STRICT, FAILED = Verdict.OK, Verdict.NON_STRICT, Verdict.FAILED

#: Every verdict that is not OK, per server; the docs table shows the same.
EXPECTED: dict[str, dict[str, Verdict]] = {
    "websockets": {},
    "aiohttp": {
        "bad-code-1006": FAILED,  # tests/differences.py: aiohttp-parse-1006
        "bad-code-5000": NON_STRICT,  # aiohttp-parse-5000; Autobahn 7.13.1: informational
        "bad-code-65535": NON_STRICT,  # aiohttp-parse-5000; Autobahn 7.13.2
        "unmasked-close": FAILED,  # RFC 6455 §5.1: a server must fail an unmasked frame
    },
    "echo example": {
        # It reads frames by hand and checks only the close payload.
        "fragmented-close": FAILED,
        "rsv-close": FAILED,
        "unmasked-close": FAILED,
    },
}


def verdicts(report: Report) -> dict[str, Verdict]:
    """The verdicts that are not OK, by case id."""
    return {result.case.id: result.verdict for result in report.results if result.verdict is not OK}


@functools.cache
def server_reports() -> dict[str, Report]:
    """The probe's report on each real server, run once for all the tests here."""

    async def run() -> dict[str, Report]:
        reports = {}
        for name, server in SERVERS.items():
            async with server() as url:
                reports[name] = await probe(url, close_threshold=2.0)
        return reports

    return asyncio.run(run())


@pytest.mark.parametrize("server", SERVERS)
def test_verdicts_on_real_servers(server: str) -> None:
    report = server_reports()[server]
    assert [result.case for result in report.results] == list(CASES)
    assert verdicts(report) == EXPECTED[server]
    assert all(result.connected for result in report.results)


def test_aiohttp_deviations_are_the_known_ones() -> None:
    # Those the probe can see on the wire: 1006 and 5000-65535 accepted.
    assert BY_KEY["aiohttp-parse-1006"].theirs == "accepted"
    assert BY_KEY["aiohttp-parse-5000"].theirs == "accepted"
    report = server_reports()["aiohttp"]
    replies = {result.case.id: result.reply for result in report.results}
    assert replies["bad-code-1006"] == (1000, "")
    assert replies["bad-code-5000"] == (1000, "")


def results_table(reports: dict[str, Report]) -> str:
    """The docs page's results table: one row a case, one column a server."""
    names = list(reports)
    lines = [
        "| case | " + " | ".join(names) + " |",
        "|---|" + "---|" * len(names),
    ]
    for index, case in enumerate(CASES):
        cells = [str(reports[name].results[index].verdict) for name in names]
        lines.append(f"| `{case.id}` | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def cases_table() -> str:
    """The docs page's table of cases, from the case table."""
    lines = ["| case | Autobahn | RFC 6455 | sends | requires |", "|---|---|---|---|---|"]
    lines.extend(
        f"| `{case.id}` | {case.autobahn or '-'} | {case.rfc} | {case.sent} | {case.requires} |"
        for case in CASES
    )
    return "\n".join(lines)


def docs_block(name: str) -> str:
    page = (ROOT / "docs" / "probe.md").read_text(encoding="utf-8")
    match = re.search(rf"<!-- {name}: start -->\n(.*?)\n<!-- {name}: end -->", page, re.S)
    assert match, name
    return match.group(1)


def test_docs_results_table_is_what_the_probe_finds() -> None:
    assert docs_block("results") == results_table(server_reports())


def test_docs_cases_table_is_the_case_table() -> None:
    assert docs_block("cases") == cases_table()


# The broken server: each fault, alone, is caught by the cases meant for it.

BROKEN = [
    ((), {}, {}),
    (("echo-1005",), {}, {"length-0": FAILED}),
    (
        ("accept-bad-utf8",),
        {},
        {"utf8-surrogate": FAILED, "utf8-invalid": FAILED, "utf8-overlong": FAILED},
    ),
    (
        ("after-close",),
        {},
        {
            "two-closes": FAILED,
            "ping-after-close": FAILED,
            "text-after-close": FAILED,
            "binary-after-close": FAILED,
        },
    ),
    (
        ("keep-open",),
        {"timeout": 0.3},
        {case.id: FAILED if case.id == "close-timing" else NON_STRICT for case in CASES},
    ),
    (
        ("slow-close",),
        {"timeout": 5 * SLOW_CLOSE, "close_threshold": 0.1},
        {"close-timing": NON_STRICT},
    ),
    (("drop",), {}, {case.id: FAILED for case in CASES if case.expect.value == "echo"}),
    (("mask-reply",), {}, {case.id: FAILED for case in CASES}),
    (("oversize",), {}, {case.id: FAILED for case in CASES}),
    (("flood",), {"cases": ["code-1000", "length-1"]}, {"code-1000": FAILED, "length-1": FAILED}),
    (("hostile-reason",), {}, {}),
]


@pytest.mark.parametrize(
    ("faults", "options", "expected"), BROKEN, ids=[" ".join(b[0]) or "none" for b in BROKEN]
)
def test_broken_server(
    faults: tuple[str, ...], options: dict[str, object], expected: dict[str, Verdict]
) -> None:
    async def run() -> Report:
        async with broken_server(*faults) as url:
            return await probe(url, concurrency=len(CASES), **{"close_threshold": 2.0, **options})  # type: ignore[arg-type]

    assert verdicts(asyncio.run(run())) == expected


def test_every_fault_is_tested() -> None:
    tested = {fault for faults, _, _ in BROKEN for fault in faults}
    assert tested | {"no-upgrade", "http-error"} == set(FAULTS)


def test_notes_name_the_fault() -> None:
    async def run() -> dict[str, str]:
        async with broken_server("echo-1005", "after-close") as url:
            report = await probe(url, cases=["length-0", "ping-after-close"])
        return {result.case.id: " ".join(result.notes) for result in report.results}

    notes = asyncio.run(run())
    assert "close code 1005" in notes["length-0"]
    assert "sent pong after the close" in notes["ping-after-close"]


def test_a_server_that_never_upgrades_is_a_probe_error() -> None:
    async def run() -> None:
        async with broken_server("no-upgrade") as url:
            await probe(url, timeout=0.2, cases=["code-1000", "length-0"])

    with pytest.raises(ProbeError, match=r"no WebSocket upgrade .*: no answer in time"):
        asyncio.run(run())


def test_a_refused_connection_is_a_probe_error() -> None:
    async def run() -> None:
        async with broken_server() as url:
            pass
        await probe(url, cases=["code-1000"])

    with pytest.raises(ProbeError, match=r"cannot connect to 127\.0\.0\.1:"):
        asyncio.run(run())


def test_the_overall_limit_ends_the_run() -> None:
    async def run() -> Report:
        async with broken_server("keep-open") as url:
            return await probe(url, timeout=5.0, total_timeout=0.3, cases=["code-1000*"])

    report = asyncio.run(run())
    assert [result.verdict for result in report.results] == [FAILED] * 2
    assert all(result.did == "not finished within 0.3 s" for result in report.results)
    assert report.duration < 5.0


# The reports.


def broken_report() -> Report:
    async def run() -> Report:
        async with broken_server("after-close") as url:
            return await probe(url, cases=["code-1000", "length-125", "ping-after-close"])

    return asyncio.run(run())


def test_text_report() -> None:
    lines = to_text(broken_report()).splitlines()
    assert re.fullmatch(
        r"code-1000         OK          sent close 1000; requires close 1000 \(or no code\), "
        r"then close TCP \(§5.5.1, §7.4\); server: close 1000, then closed TCP after \d+ ms",
        lines[0],
    )
    assert lines[1].startswith("length-125        OK          sent close 1000, 123-byte reason;")
    assert lines[2].startswith("ping-after-close  FAILED      sent close 1000, then ping; ")
    assert re.search(r"server: close 1000, then pong, then closed TCP after \d+ ms$", lines[2])
    assert lines[3] == " " * 30 + "- sent pong after the close: nothing may follow (§5.5.1)"
    assert re.fullmatch(
        r"3 cases against ws://127.0.0.1:\d+/: 2 OK, 0 NON-STRICT, 1 FAILED \(\d\.\d s\)", lines[4]
    )


def test_long_reasons_are_clipped() -> None:
    (result,) = [r for r in server_reports()["websockets"].results if r.case.id == "length-125"]
    assert result.did.startswith("close 1000 '" + "*" * 37 + "...', then closed TCP after ")
    assert result.reply == (1000, "*" * 123)


def test_json_report() -> None:
    report = broken_report()
    data = json.loads(to_json(report))
    assert data["url"] == report.url
    assert data["summary"] == {"OK": 2, "NON-STRICT": 0, "FAILED": 1}
    first, _, third = data["results"]
    assert first["id"] == "code-1000"
    assert first["autobahn"] == "7.3.3, 7.7.1"
    assert (first["verdict"], first["reply_code"], first["reply_reason"]) == ("OK", 1000, "")
    assert third["notes"] == ["sent pong after the close: nothing may follow (§5.5.1)"]


def test_junit_report() -> None:
    suite = ET.fromstring(to_junit(broken_report()))
    assert suite.tag == "testsuite"
    assert (suite.get("tests"), suite.get("failures")) == ("3", "1")
    names = [case.get("name") for case in suite]
    assert names[2] == "ping-after-close: a ping after the close: no pong"
    failure = suite[2].find("failure")
    assert failure is not None
    assert failure.get("message") == "sent pong after the close: nothing may follow (§5.5.1)"
    assert suite[0].find("failure") is None
    assert (suite[0].findtext("system-out") or "").startswith("OK: sent close 1000;")


def test_after_close_payload_is_ours() -> None:
    assert AFTER.startswith(b"wsclose probe")


def test_import_wsclose_does_not_import_the_probe() -> None:
    code = (
        "import sys, wsclose, wsclose.cli; "
        "print(sorted(m for m in sys.modules"
        " if m.split('.')[0] == 'asyncio' or m.startswith('wsclose.probe')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "[]\n"
