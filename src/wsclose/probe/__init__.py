"""A conformance probe for a WebSocket server's close handling (RFC 6455 §5.5, §7).

It runs the close cases of the Autobahn Testsuite (case 7) and more against a
``ws://`` URL, a fresh connection per case, and reports per case what the
server did and a verdict: OK, NON-STRICT or FAILED; :func:`serve_probe` runs
them against clients. It is the one part of wsclose that does I/O (asyncio,
standard library only); ``import wsclose`` never imports it.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from ._connection import ProbeError, parse_url
from ._run import CLOSE_THRESHOLD, CONCURRENCY, TIMEOUT, TOTAL_TIMEOUT, check_options, run_case
from ._serve import serve_probe
from .cases import CASES, Case, Expect, select
from .report import Report, Result, Verdict, to_json, to_junit, to_text

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "CASES",
    "CLOSE_THRESHOLD",
    "CONCURRENCY",
    "TIMEOUT",
    "TOTAL_TIMEOUT",
    "Case",
    "Expect",
    "ProbeError",
    "Report",
    "Result",
    "Verdict",
    "probe",
    "run_probe",
    "serve_probe",
    "to_json",
    "to_junit",
    "to_text",
]


async def probe(  # noqa: PLR0913 (keyword-only options, as the CLI has them)
    url: str,
    *,
    timeout: float = TIMEOUT,
    total_timeout: float = TOTAL_TIMEOUT,
    close_threshold: float = CLOSE_THRESHOLD,
    cases: Iterable[str] | None = None,
    concurrency: int = CONCURRENCY,
) -> Report:
    """Run the close cases against the WebSocket server at ``url``; contact nothing else.

    Args:
        url: ``ws://HOST[:PORT]/PATH``.
        timeout: Seconds each wait of a case may take.
        total_timeout: Seconds the whole run may take; cases still running then FAIL.
        close_threshold: Seconds after its close frame within which the server
            should close TCP (the ``close-timing`` case).
        cases: Case ids, Autobahn ids or ``*`` patterns (see :func:`select`); None for all.
        concurrency: How many cases run at once.

    Returns:
        The report, one result a case in the table's order.

    Raises:
        ProbeError: A bad URL, argument or case pattern, or no case could
            connect and upgrade (the server is down, or not a WebSocket server).
    """
    target = parse_url(url)
    check_options(timeout, total_timeout, close_threshold, concurrency)
    chosen = select(cases)
    loop = asyncio.get_running_loop()
    start = loop.time()
    slots = asyncio.Semaphore(concurrency)

    async def one(case: Case) -> Result:
        async with slots:
            return await run_case(case, target, timeout, close_threshold)

    tasks = [asyncio.ensure_future(one(case)) for case in chosen]
    await asyncio.wait(tasks, timeout=total_timeout)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    results = tuple(
        task.result()
        if not task.cancelled()
        else Result(case, Verdict.FAILED, f"not finished within {total_timeout:g} s")
        for case, task in zip(chosen, tasks)
    )
    if not any(result.connected for result in results):
        raise ProbeError(results[0].did)
    return Report(url, results, loop.time() - start)


def run_probe(  # noqa: PLR0913 (the same options as probe())
    url: str,
    *,
    timeout: float = TIMEOUT,
    total_timeout: float = TOTAL_TIMEOUT,
    close_threshold: float = CLOSE_THRESHOLD,
    cases: Iterable[str] | None = None,
    concurrency: int = CONCURRENCY,
) -> Report:
    """Run :func:`probe` in a new event loop and return its report, for code that is not async.

    >>> run_probe("http://example.com/")
    Traceback (most recent call last):
    ...
    wsclose.probe._connection.ProbeError: not a ws://HOST[:PORT]/PATH URL: 'http://example.com/'
    """
    return asyncio.run(
        probe(
            url,
            timeout=timeout,
            total_timeout=total_timeout,
            close_threshold=close_threshold,
            cases=cases,
            concurrency=concurrency,
        )
    )
