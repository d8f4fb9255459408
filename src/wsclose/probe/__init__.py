"""A conformance probe for a WebSocket server's close handling (RFC 6455 §5.5, §7).

It runs the close cases of the Autobahn Testsuite (case 7) and more against a
``ws://`` URL, a fresh connection per case, and reports per case what the
server did and a verdict: OK, NON-STRICT or FAILED. It is the one part of
wsclose that does I/O (asyncio, standard library only); ``import wsclose``
never imports it.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Final

from ._connection import ProbeError, parse_url
from ._run import run_case
from .cases import CASES, Case, Expect, select
from .report import Report, Result, Verdict, to_json, to_junit, to_text

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "CASES",
    "Case",
    "Expect",
    "ProbeError",
    "Report",
    "Result",
    "Verdict",
    "probe",
    "run_probe",
    "to_json",
    "to_junit",
    "to_text",
]

#: Seconds each wait of a case may take: connect, upgrade, the close frame, the TCP close.
TIMEOUT: Final = 2.0
#: Seconds the whole run may take.
TOTAL_TIMEOUT: Final = 60.0
#: Seconds the server may take to close TCP after its close frame before close-timing flags it.
CLOSE_THRESHOLD: Final = 0.5
#: Cases run at once, each on its own connection.
CONCURRENCY: Final = 8


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
    for name, value in (("timeout", timeout), ("total_timeout", total_timeout)):
        if not value > 0:
            raise ProbeError(f"{name} must be over 0 seconds, not {value!r}")
    if not close_threshold >= 0:
        raise ProbeError(f"close_threshold must be 0 seconds or more, not {close_threshold!r}")
    if concurrency < 1:
        raise ProbeError(f"concurrency must be 1 or more, not {concurrency!r}")
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
