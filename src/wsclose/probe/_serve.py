"""``--serve``: the cases against WebSocket clients, one connection a case, in order.

The probe as a server sends what it sends as a client, unmasked, but for
``masked-close`` (the server's frame is masked: a client must fail it, §5.1).
The client's reply is judged by the same rules, with its frames masked.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING, Final

from ._connection import Connection, ProbeError, read_key, switching
from ._run import TIMEOUT, TOTAL_TIMEOUT, check_options, frame_bytes, judge, observe
from .cases import select
from .report import Report, Result, Verdict

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from .cases import Case

__all__ = ["client_cases", "parse_address", "serve_probe"]

#: Seconds the probe keeps reading after a client's close frame, for frames that should not come.
LINGER: Final = 0.1
_MAX_PORT: Final = 0xFFFF
_BAD_REQUEST: Final = b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
_UNAVAILABLE: Final = b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n"


def client_cases(patterns: Iterable[str] | None = None) -> tuple[Case, ...]:
    """The cases for clients: those of :func:`select` but the timing one, as a server sends them.

    >>> [case.id for case in client_cases(["*masked-close", "close-timing", "length-0"])]
    ['length-0', 'masked-close']
    """
    cases = []
    for case in select(patterns):
        if case.timed:
            continue
        if case.id == "unmasked-close":
            case = case._replace(  # noqa: PLW2901 (the same case, seen from the other side)
                id="masked-close",
                title="a masked close frame from the server",
                sent="close 1000, masked",
            )
        cases.append(case)
    return tuple(cases)


def parse_address(text: str) -> tuple[str, int]:
    """Split ``HOST:PORT`` (``[::1]:9001`` for IPv6); raise :class:`ProbeError` if it is not one.

    >>> parse_address("127.0.0.1:9001"), parse_address("[::1]:0")
    (('127.0.0.1', 9001), ('::1', 0))
    """
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit() or int(port) > _MAX_PORT:
        raise ProbeError(f"not a HOST:PORT to serve on: {text!r}")
    return host.strip("[]"), int(port)


async def serve_probe(  # noqa: PLR0913 (keyword-only options, as the CLI has them)
    host: str,
    port: int,
    *,
    timeout: float = TIMEOUT,
    total_timeout: float = TOTAL_TIMEOUT,
    cases: Iterable[str] | None = None,
    ready: Callable[[str, int], None] = lambda url, count: None,
) -> Report:
    """Serve the client cases on ``host:port``, the next case to each connection.

    Args:
        host: The address to listen on.
        port: The port; 0 for any free one.
        timeout: Seconds each wait of a case may take.
        total_timeout: Seconds to wait for the client to run every case.
        cases: Case ids or patterns, as for :func:`select`.
        ready: Called with the URL and the number of cases once the probe listens.

    Returns:
        A report with a result a case; a case no connection came for FAILED.

    Raises:
        ProbeError: A bad option or case pattern, or the address cannot be served.
    """
    check_options(timeout, total_timeout)
    pending = list(client_cases(cases))
    chosen = tuple(pending)
    results: dict[str, Result] = {}
    done = asyncio.Event()
    loop = asyncio.get_running_loop()
    start = loop.time()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            key = await asyncio.wait_for(read_key(reader), timeout)
            if key is None:
                writer.write(_BAD_REQUEST)
            elif not pending:
                writer.write(_UNAVAILABLE)
            else:
                writer.write(switching(key))
                case = pending.pop(0)
                results[case.id] = await _run(case, Connection(reader, writer), timeout)
                if len(results) == len(chosen):
                    done.set()
        except (
            OSError,
            asyncio.TimeoutError,
            asyncio.IncompleteReadError,
            asyncio.LimitOverrunError,
        ):
            pass  # not a WebSocket client: its connection takes no case
        finally:
            writer.close()  # the server closes TCP (§7.1.1)

    try:
        server = await asyncio.start_server(handle, host, port)
    except OSError as err:
        raise ProbeError(f"cannot serve on {host}:{port}: {err.strerror or err}") from None
    async with server:
        bound = server.sockets[0].getsockname()[1]
        url = f"ws://{host if ':' not in host else f'[{host}]'}:{bound}/"
        ready(url, len(chosen))
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(done.wait(), total_timeout)
    never = "no client connection came for it"
    return Report(
        url,
        tuple(
            results.get(case.id) or Result(case, Verdict.FAILED, never, connected=False)
            for case in chosen
        ),
        loop.time() - start,
        "client",
    )


async def _run(case: Case, connection: Connection, timeout: float) -> Result:
    data = b"".join(frame_bytes(send, server=True) for send in case.frames)
    with contextlib.suppress(OSError, asyncio.TimeoutError):
        await connection.send(data, timeout)
    observation = await observe(connection, timeout, LINGER)
    return judge(case, observation, timeout, 0.0, client=True)
