"""``--serve``: the probe as a server, against websockets and aiohttp clients and raw ones."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import functools
import os
import re
import socket
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import aiohttp
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import WebSocketException

from wsclose import encode
from wsclose.probe import ProbeError, Report, Verdict, serve_probe, to_text
from wsclose.probe._cli import main
from wsclose.probe._serve import client_cases, parse_address

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

OK, NON_STRICT, FAILED = Verdict.OK, Verdict.NON_STRICT, Verdict.FAILED
COUNT = len(client_cases())

#: Every verdict that is not OK, per client library.
EXPECTED = {
    "websockets": {},
    "aiohttp": {
        "bad-code-1006": FAILED,  # tests/differences.py: aiohttp-parse-1006
        "bad-code-5000": NON_STRICT,
        "bad-code-65535": NON_STRICT,
        "masked-close": FAILED,  # RFC 6455 §5.1: a client must fail a masked frame
    },
}


async def websockets_client(url: str) -> None:
    with contextlib.suppress(WebSocketException, OSError, asyncio.TimeoutError):
        async with connect(url, open_timeout=5, close_timeout=2) as client:
            async for _ in client:
                pass


async def aiohttp_client(url: str) -> None:
    async with aiohttp.ClientSession() as session:
        try:
            async with session.ws_connect(url) as client:
                async for _ in client:
                    pass
        except (aiohttp.ClientError, asyncio.TimeoutError):
            pass


CLIENTS: dict[str, Callable[[str], Awaitable[None]]] = {
    "websockets": websockets_client,
    "aiohttp": aiohttp_client,
}


async def run_against(
    client: Callable[[str], Awaitable[None]], count: int = COUNT, **options: object
) -> Report:
    """Serve the cases; run ``count`` clients at once once the probe listens."""
    listening: asyncio.Future[str] = asyncio.get_running_loop().create_future()
    serving = asyncio.ensure_future(
        serve_probe("127.0.0.1", 0, ready=lambda url, _: listening.set_result(url), **options)  # type: ignore[arg-type]
    )
    url = await listening
    await asyncio.gather(*(client(url) for _ in range(count)))
    return await serving


@functools.cache
def client_reports() -> dict[str, Report]:
    """The report on each client library, run once for the tests here."""
    return {
        name: asyncio.run(run_against(client, total_timeout=20)) for name, client in CLIENTS.items()
    }


@pytest.mark.parametrize("name", CLIENTS)
def test_clients(name: str) -> None:
    report = client_reports()[name]
    assert report.peer == "client"
    assert {r.case.id: r.verdict for r in report.results if r.verdict is not OK} == EXPECTED[name]
    line = next(line for line in to_text(report).splitlines() if line.startswith("code-1000 "))
    assert "; client: close 1000, then " in line


def test_docs_client_table_is_what_the_probe_finds() -> None:
    reports = client_reports()
    lines = ["| case | " + " | ".join(reports) + " |", "|---|" + "---|" * len(reports)]
    for index, case in enumerate(client_cases()):
        cells = [str(report.results[index].verdict) for report in reports.values()]
        if set(cells) != {"OK"}:
            lines.append(f"| `{case.id}` | " + " | ".join(cells) + " |")
    page = (Path(__file__).parent.parent / "docs" / "probe.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- clients: start -->\n(.*?)\n<!-- clients: end -->", page, re.S)
    assert block
    assert block.group(1) == "\n".join(lines)


def test_client_cases_flip_the_unmasked_case() -> None:
    ids = [case.id for case in client_cases()]
    assert "masked-close" in ids
    assert "unmasked-close" not in ids
    assert "close-timing" not in ids
    assert len(ids) == 58


async def raw_handshake(
    url: str, headers: str
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    port = int(url.rsplit(":", 1)[1].rstrip("/"))
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"GET / HTTP/1.1\r\nHost: x\r\n{headers}\r\n".encode())
    return reader, writer


def key_header() -> str:
    return (
        f"Upgrade: websocket\r\nSec-WebSocket-Key: {base64.b64encode(os.urandom(16)).decode()}\r\n"
    )


def test_unmasked_replies_no_key_extra_connections_and_silence() -> None:
    async def run() -> tuple[Report, list[bytes]]:
        answers: list[bytes] = []
        listening: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        serving = asyncio.ensure_future(
            serve_probe(
                "127.0.0.1",
                0,
                timeout=0.5,
                total_timeout=1.5,
                cases=["code-1000", "code-1001", "length-0"],
                ready=lambda url, _: listening.set_result(url),
            )
        )
        url = await listening
        # Not a WebSocket request: 400, and it takes no case.
        reader, writer = await raw_handshake(url, "")
        answers.append(await reader.read())
        writer.close()
        # A request head that never ends: no case either.
        reader, writer = await raw_handshake(url, "X: y")
        writer.close()
        # code-1000: the client answers with an unmasked close frame.
        reader, writer = await raw_handshake(url, key_header())
        await reader.readuntil(b"\r\n\r\n")
        await reader.readexactly(4)
        writer.write(b"\x88\x02" + encode(1000))
        answers.append(await reader.read())
        writer.close()
        # code-1001: a client that says nothing.
        reader, writer = await raw_handshake(url, key_header())
        answers.append(await reader.read())
        writer.close()
        report = await serving
        return report, answers

    report, answers = asyncio.run(run())
    assert answers[0] == b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
    first, second, third = report.results
    assert (first.verdict, first.notes) == (
        FAILED,
        ("its close frame is not masked: a client always masks (§5.1)",),
    )
    assert first.did == "close 1000, then kept TCP open"  # waiting for the server, as it should
    assert (second.verdict, second.notes) == (
        FAILED,
        ("did not send a close frame within 0.5 s (§5.5.1, §7.1.7)",),
    )
    assert (third.verdict, third.did, third.connected) == (
        FAILED,
        "no client connection came for it",
        False,
    )


def test_a_connection_while_the_last_case_runs_gets_503() -> None:
    async def run() -> tuple[Report, bytes]:
        listening: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        serving = asyncio.ensure_future(
            serve_probe(
                "127.0.0.1",
                0,
                timeout=0.3,
                cases=["code-1001"],
                ready=lambda url, _: listening.set_result(url),
            )
        )
        url = await listening
        reader, writer = await raw_handshake(url, key_header())
        await reader.readuntil(b"\r\n\r\n")
        assert await reader.readexactly(4) == b"\x88\x02" + encode(1001)
        late_reader, late_writer = await raw_handshake(url, key_header())
        answer = await late_reader.read()
        late_writer.close()
        writer.close()
        return await serving, answer

    report, answer = asyncio.run(run())
    assert answer == b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n"
    assert report.results[0].verdict is FAILED


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("127.0.0.1", "not a HOST:PORT to serve on: '127.0.0.1'"),
        (":80", "not a HOST:PORT to serve on: ':80'"),
        ("h:x", "not a HOST:PORT to serve on: 'h:x'"),
        ("h:65536", "not a HOST:PORT to serve on: 'h:65536'"),
    ],
)
def test_parse_address_refuses(text: str, message: str) -> None:
    with pytest.raises(ProbeError) as info:
        parse_address(text)
    assert str(info.value) == message


def test_a_busy_port_is_a_probe_error() -> None:
    async def run() -> None:
        with socket.socket() as busy:
            busy.bind(("127.0.0.1", 0))
            busy.listen()
            await serve_probe("127.0.0.1", busy.getsockname()[1], total_timeout=1)

    with pytest.raises(ProbeError, match=r"cannot serve on 127\.0\.0\.1:\d+: "):
        asyncio.run(run())


def test_bad_times_are_refused() -> None:
    with pytest.raises(ProbeError, match="timeout must be over 0 seconds, not 0"):
        asyncio.run(serve_probe("127.0.0.1", 0, timeout=0))


def test_ipv6_urls_have_brackets() -> None:
    async def run() -> list[str]:
        urls: list[str] = []
        await serve_probe(
            "::1", 0, total_timeout=0.05, cases=["code-1000"], ready=lambda url, _: urls.append(url)
        )
        return urls

    if not socket.has_ipv6:
        pytest.skip("no IPv6")
    (url,) = asyncio.run(run())
    assert url.startswith("ws://[::1]:")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_cli_serve(capsys: pytest.CaptureFixture[str]) -> None:
    port = free_port()
    status: list[int] = []
    argv = ["--serve", f"127.0.0.1:{port}", "--case", "code-1000", "--total-timeout", "10"]
    thread = threading.Thread(target=lambda: status.append(main(argv)))
    thread.start()

    async def client() -> None:
        for _ in range(200):
            try:
                await websockets_client_strict(f"ws://127.0.0.1:{port}/")
            except OSError:
                await asyncio.sleep(0.02)
            else:
                return

    asyncio.run(client())
    thread.join(10)
    assert status == [0]
    out, err = capsys.readouterr()
    assert (
        err == f"wsclose: serving 1 cases on ws://127.0.0.1:{port}/: connect the client 1 times\n"
    )
    assert out.startswith("code-1000  OK          sent close 1000; ")


async def websockets_client_strict(url: str) -> None:
    async with connect(url, open_timeout=5, close_timeout=2) as client:
        with contextlib.suppress(WebSocketException):
            async for _ in client:
                pass


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["ws://h/", "--serve", "h:1"], "give the server's URL (ws://HOST:PORT/PATH), or --serve"),
        (["--serve", "nowhere"], "not a HOST:PORT to serve on: 'nowhere'"),
    ],
)
def test_cli_serve_usage(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    assert main(argv) == 2
    assert capsys.readouterr().err.startswith(f"wsclose: error: {message}")
