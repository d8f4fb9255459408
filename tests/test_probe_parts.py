"""The probe's parts: URLs, the opening handshake, judging, case choice, the command line."""

from __future__ import annotations

import asyncio
import contextlib
import json
import queue
import threading
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

import pytest

from tests.probe_servers import broken_server, stream_server
from wsclose import encode_frame
from wsclose.cli import main as wsclose_main
from wsclose.probe import CASES, ProbeError, Report, Result, Verdict, probe, run_probe
from wsclose.probe._cli import main
from wsclose.probe._connection import Connection, Frame, Target, parse_url
from wsclose.probe._run import Ending, Observation, judge
from wsclose.probe.cases import AFTER, select

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

BY_ID = {case.id: case for case in CASES}


@pytest.mark.parametrize(
    ("url", "target"),
    [
        ("ws://127.0.0.1:8765/", ("127.0.0.1", 8765, "/", "127.0.0.1:8765")),
        ("ws://example.com", ("example.com", 80, "/", "example.com")),
        ("ws://user@[::1]:9/chat?room=1", ("::1", 9, "/chat?room=1", "[::1]:9")),
    ],
)
def test_parse_url(url: str, target: tuple[str, int, str, str]) -> None:
    assert parse_url(url) == target


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("wss://example.com/", "wss://example.com/: wss:// is not supported; probe the"),
        ("http://example.com/", "not a ws://HOST[:PORT]/PATH URL: 'http://example.com/'"),
        ("ws:///path", "not a ws://HOST[:PORT]/PATH URL: 'ws:///path'"),
        ("ws://host:99999/", "not a ws://HOST[:PORT]/PATH URL: 'ws://host:99999/'"),
        ("example.com:80", "not a ws://HOST[:PORT]/PATH URL: 'example.com:80'"),
    ],
)
def test_parse_url_refuses(url: str, message: str) -> None:
    with pytest.raises(ProbeError) as info:
        parse_url(url)
    assert str(info.value).startswith(message)


def test_probe_error_str_never_raises() -> None:
    assert str(ProbeError()) == "the probe cannot run"
    assert str(ProbeError("no")) == "no"


# The opening handshake, against servers that get it wrong.

ACCEPT_WRONG = b"HTTP/1.1 101 Switching Protocols\r\nSec-WebSocket-Accept: AAAA\r\n\r\n"


async def answer(text: bytes, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await reader.readuntil(b"\r\n\r\n")
    writer.write(text)
    await writer.drain()
    await reader.read()
    writer.close()


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (
            b"HTTP/1.1 404 Not Found\r\n\r\n",
            "no WebSocket upgrade from {}: 'HTTP/1.1 404 Not Found'",
        ),
        (b"garbage\r\n\r\n", "no WebSocket upgrade from {}: 'garbage'"),
        (ACCEPT_WRONG, "wrong Sec-WebSocket-Accept from {}: 'AAAA', not "),
        (b"HTTP/1.1 101 OK\r\n", "no WebSocket upgrade from {}: the server closed the connection"),
        (b"HTTP/1.1 101 OK\r\nX: " + b"x" * 20_000, "no WebSocket upgrade from {}: Separator"),
    ],
)
def test_bad_upgrades(reply: bytes, message: str) -> None:
    async def run() -> None:
        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            if reply.endswith(b"\r\n\r\n"):
                await answer(reply, reader, writer)
            else:
                await reader.readuntil(b"\r\n\r\n")
                writer.write(reply)
                writer.close()

        async with stream_server(handle) as url:
            target = parse_url(url)
            with pytest.raises(ProbeError) as info:
                await Connection.open(target, 2.0)
            assert str(info.value).startswith(message.format(target.authority))

    asyncio.run(run())


def test_a_reset_is_reported_by_the_os_message() -> None:
    async def run() -> None:
        with pytest.raises(ProbeError, match=r"cannot connect to 127\.0\.0\.1:1: .+"):
            await Connection.open(Target("127.0.0.1", 1, "/", "127.0.0.1:1"), 2.0)

    asyncio.run(run())


# Judging what a server did, from made-up observations.


def server_frame(opcode: int, payload: bytes) -> Frame:
    raw = bytes([0x80 | opcode, len(payload)]) + payload
    return Frame(True, 0, opcode, False, payload, raw)


def close_frame(code: int) -> Frame:
    raw = encode_frame(code)
    return Frame(True, 0, 0x8, False, raw[2:], raw)


def test_another_valid_code_is_non_strict() -> None:
    result = judge(BY_ID["code-1001"], Observation((close_frame(1011),), Ending.EOF, 0.01), 2, 1)
    assert (result.verdict, result.notes) == (
        Verdict.NON_STRICT,
        ("answered 1011: echoing the code is typical (§5.5.1)",),
    )
    assert result.did == "close 1011, then closed TCP after 10 ms"


def test_a_reply_to_what_came_after_the_close_fails_even_before_the_close() -> None:
    frames = (server_frame(0xA, AFTER), close_frame(1000))
    result = judge(BY_ID["ping-after-close"], Observation(frames, Ending.EOF, 0.0), 2, 1)
    assert result.verdict is Verdict.FAILED
    assert result.notes == ("sent pong after the close: nothing may follow (§5.5.1)",)


def test_other_frames_before_the_close_are_fine() -> None:
    frames = (server_frame(0x1, b"welcome"), server_frame(0x3, b""), close_frame(1000))
    result = judge(BY_ID["code-1000"], Observation(frames, Ending.EOF, 0.0), 2, 1)
    assert result.verdict is Verdict.OK
    assert result.did.startswith("text, then opcode 0x3, then close 1000, then closed TCP")


@pytest.mark.parametrize(
    ("case", "note"),
    [
        ("code-1000", "did not send a close frame within 2 s (§5.5.1, §7.1.7)"),
        ("bad-code-1005", "did not fail the connection within 2 s (§5.5.1, §7.1.7)"),
    ],
)
def test_silence_fails(case: str, note: str) -> None:
    result = judge(BY_ID[case], Observation((), Ending.TIMEOUT, None), 2, 1)
    assert (result.verdict, result.notes, result.did) == (Verdict.FAILED, (note,), "kept TCP open")


def test_too_much_after_the_close_fails() -> None:
    observation = Observation((close_frame(1000),), Ending.OVERSIZE, 0.0)
    result = judge(BY_ID["code-1000"], observation, 2, 1)
    assert result.notes == (
        "sent over 1 MiB of frames after the close: nothing may follow (§5.5.1)",
    )
    assert result.did == "close 1000, then frames over 1 MiB"


# Choosing cases, and the probe's arguments.


def test_select() -> None:
    assert select(None) == CASES
    assert [case.id for case in select(["7.13.*", "bad-code-6*"])] == [
        "bad-code-5000",
        "bad-code-65535",
    ]
    assert len(select(["code-*"])) == 32
    with pytest.raises(ProbeError, match="no case chosen"):
        select([])
    with pytest.raises(ProbeError, match="no case matches 'nope'"):
        select(["code-1000", "nope"])


def test_every_case_is_tied_to_the_rfc_and_named_once() -> None:
    assert len({case.id for case in CASES}) == len(CASES)
    assert all(case.rfc.startswith("§") for case in CASES)
    autobahn = {tag for case in CASES for tag in case.autobahn.split(", ") if tag}
    case7 = {f"7.7.{n}" for n in range(1, 14)} | {f"7.9.{n}" for n in range(1, 10)}
    case7 |= {"7.1.2", "7.1.3", "7.1.4", "7.5.1", "7.13.1", "7.13.2"}
    case7 |= {f"7.3.{n}" for n in range(1, 7)}
    assert autobahn == case7 | {"3.7"}


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"timeout": 0}, "timeout must be over 0 seconds, not 0"),
        ({"total_timeout": float("nan")}, "total_timeout must be over 0 seconds, not nan"),
        ({"close_threshold": -1}, "close_threshold must be 0 seconds or more, not -1"),
        ({"concurrency": 0}, "concurrency must be 1 or more, not 0"),
    ],
)
def test_bad_options(options: dict[str, float], message: str) -> None:
    with pytest.raises(ProbeError, match=message):
        run_probe("ws://127.0.0.1:1/", **options)  # type: ignore[arg-type]


def test_passed_is_strict_on_request() -> None:
    case = CASES[0]
    report = Report(
        "ws://x/", (Result(case, Verdict.OK, ""), Result(case, Verdict.NON_STRICT, "")), 0
    )
    assert report.passed()
    assert not report.passed(strict=True)
    assert Report("ws://x/", (Result(case, Verdict.FAILED, ""),), 0).passed() is False


# The command line, against a server in another thread (the CLI runs its own loop).


@contextlib.contextmanager
def served(*faults: str) -> Iterator[str]:
    """The broken server with ``faults``, in a thread of its own; yields the URL."""
    ready: queue.Queue[tuple[str, asyncio.AbstractEventLoop, asyncio.Event]] = queue.Queue()

    async def serve() -> None:
        stop = asyncio.Event()
        async with broken_server(*faults) as url:
            ready.put((url, asyncio.get_running_loop(), stop))
            await stop.wait()

    thread = threading.Thread(target=asyncio.run, args=(serve(),))
    thread.start()
    url, loop, stop = ready.get(timeout=10)
    try:
        yield url
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(10)


def test_cli_all_ok(capsys: pytest.CaptureFixture[str]) -> None:
    with served() as url:
        assert main([url, "--case", "length-*", "--case", "7.9.5"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split()[:2] for line in out[:5]] == [
        ["bad-code-1006", "OK"],
        ["length-0", "OK"],
        ["length-1", "OK"],
        ["length-125", "OK"],
        ["length-126", "OK"],
    ]
    assert out[5].startswith(f"5 cases against {url}: 5 OK, 0 NON-STRICT, 0 FAILED (")


def test_cli_json_and_junit(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    junit = tmp_path / "probe.xml"
    with served("accept-bad-utf8") as url:
        status = main([url, "--json", "--junit", str(junit), "--case", "utf8-*", "--timeout", "1"])
    assert status == 1
    data = json.loads(capsys.readouterr().out)
    assert data["summary"] == {"OK": 0, "NON-STRICT": 0, "FAILED": 3}
    assert ET.parse(junit).getroot().get("failures") == "3"


def test_cli_strict(capsys: pytest.CaptureFixture[str]) -> None:
    with served("keep-open") as url:
        options = [url, "--case", "code-1000", "--timeout", "0.2"]
        assert main(options) == 0
        assert main([*options, "--strict"]) == 1
    assert "NON-STRICT" in capsys.readouterr().out


def test_cli_junit_unwritable(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with served() as url:
        assert main([url, "--case", "code-1000", "--junit", str(tmp_path)]) == 2
    assert capsys.readouterr().err.startswith(f"wsclose: error: cannot write {tmp_path}: ")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            [],
            "wsclose: error: give the server's URL (ws://HOST:PORT/PATH), or --serve HOST:PORT\n",
        ),
        (["wss://h/"], "wsclose: error: wss://h/: wss:// is not supported; probe the"),
        (["ws://h/", "--case", "x"], "wsclose: error: no case matches 'x'"),
    ],
)
def test_cli_usage_errors(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert main(argv) == 2
    assert capsys.readouterr().err.startswith(message)


@pytest.mark.parametrize("value", ["x", "-1", "inf", "nan"])
def test_cli_refuses_bad_seconds(capsys: pytest.CaptureFixture[str], value: str) -> None:
    assert main(["ws://h/", "--timeout", value]) == 2
    assert capsys.readouterr().err == (
        f"wsclose: error: argument --timeout: not a number of seconds: {value!r}\n"
    )


def test_cli_lists_the_cases_through_wsclose(capsys: pytest.CaptureFixture[str]) -> None:
    assert wsclose_main(["probe", "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(CASES)
    assert lines[0].split() == [
        "code-1000",
        "7.3.3,",
        "7.7.1",
        "§5.5.1,",
        "§7.4",
        "close",
        "with",
        "valid",
        "code",
        "1000",
        "(NORMAL)",
    ]


def test_cli_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        wsclose_main(["probe", "--help"])
    assert info.value.code == 0
    assert "Exit 0 if no case FAILED" in capsys.readouterr().out


def test_probe_contacts_only_the_address_given() -> None:
    async def run() -> list[str]:
        peers: list[str] = []

        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            peers.append(writer.get_extra_info("sockname")[0])
            writer.close()

        async with stream_server(handle) as url:
            with pytest.raises(ProbeError):
                await probe(url, cases=["code-1000", "length-0"])
        return peers

    assert asyncio.run(run()) == ["127.0.0.1", "127.0.0.1"]
