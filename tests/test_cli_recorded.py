"""Close frames a real websockets client and server sent, recorded on the wire, through the CLI.

A proxy on 127.0.0.1 records both directions between a websockets client and a
websockets server; the close frames (masked from the client, unmasked from the
server, RFC 6455 §5.1) go through ``python -m wsclose decode`` in a real process,
as a hex argument and as ``xxd`` prints them. tests/captures/recorded.json keeps one
such recording, so the decode is checked even where the peers are not installed.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest
from websockets.asyncio.client import connect
from websockets.asyncio.server import ServerConnection, serve

from tests.peers import TIMEOUT
from tests.test_cli import run
from wsclose import decode_frame

RECORDED = Path(__file__).parent / "captures" / "recorded.json"
HEAD_END = b"\r\n\r\n"
#: (who closes first, code, reason); websockets echoes the code and the reason.
SCENARIOS = [("client", 1000, "bye"), ("server", 1001, "restarting")]


async def _pipe(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, sink: bytearray
) -> None:
    while data := await reader.read(1 << 16):
        sink += data
        writer.write(data)
        await writer.drain()
    writer.close()


async def record(first: str, code: int, reason: str) -> dict[str, bytes]:
    """The close frames each side sent, as recorded between them."""
    sent = {"client": bytearray(), "server": bytearray()}
    pipes: list[asyncio.Future[tuple[None, None]]] = []

    async def handler(connection: ServerConnection) -> None:
        if first == "server":
            await connection.close(code, reason)
        await connection.wait_closed()

    async def proxy(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", port)
        both = asyncio.gather(
            _pipe(reader, up_writer, sent["client"]), _pipe(up_reader, writer, sent["server"])
        )
        pipes.append(both)
        await both

    async with serve(handler, "127.0.0.1", 0) as server:
        port = server.sockets[0].getsockname()[1]
        relay = await asyncio.start_server(proxy, "127.0.0.1", 0)
        async with relay:
            relay_port = relay.sockets[0].getsockname()[1]
            async with connect(f"ws://127.0.0.1:{relay_port}") as client:
                if first == "client":
                    await client.close(code, reason)
                await asyncio.wait_for(client.wait_closed(), TIMEOUT)
            await asyncio.wait_for(pipes[0], TIMEOUT)
    return {side: bytes(data.partition(HEAD_END)[2]) for side, data in sent.items()}


def decode_in_a_process(*argv: str, stdin: bytes = b"") -> str:
    result = subprocess.run(
        [sys.executable, "-m", "wsclose", "decode", *argv],
        input=stdin,
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert (result.returncode, result.stderr) == (0, b"")
    return result.stdout.decode("utf-8")


def expected(side: str, frame: bytes, code: int, reason: str) -> list[str]:
    masked = f"yes, key {frame[2:6].hex(' ')}: client to server" if side == "client" else None
    return [
        f"masked  {masked or 'no: server to client'}",
        f"length  {len(reason.encode()) + 2} bytes of payload",
        f"code    {code}",
        f"reason  {json.dumps(reason)}",
    ]


@pytest.mark.parametrize(("first", "code", "reason"), SCENARIOS)
def test_recorded_frames_decode_in_a_real_process(first: str, code: int, reason: str) -> None:
    frames = asyncio.run(record(first, code, reason))
    assert frames["client"][1] & 0x80  # masked, as a client must
    assert not frames["server"][1] & 0x80
    for side, frame in frames.items():
        assert decode_frame(frame).close == (code, reason)
        lines = decode_in_a_process(frame.hex(" ")).splitlines()
        for line in expected(side, frame, code, reason):
            assert line in lines
        dump = subprocess.run(["xxd"], input=frame, capture_output=True, check=True).stdout
        assert decode_in_a_process("-", stdin=dump).splitlines() == lines


def test_recorded_fixture(capsys: pytest.CaptureFixture[str]) -> None:
    recording = json.loads(RECORDED.read_text(encoding="utf-8"))
    assert recording["peer"].startswith("websockets ")
    for (_, code, reason), frames in zip(SCENARIOS, recording["frames"]):
        for side in ("client", "server"):
            frame = bytes.fromhex(frames[side])
            lines = run(capsys, "decode", frames[side])[0].splitlines()
            for line in expected(side, frame, code, reason):
                assert line in lines


if __name__ == "__main__":
    from websockets.version import version

    RECORDED.write_text(
        json.dumps(
            {
                "peer": f"websockets {version}",
                "frames": [
                    {side: data.hex() for side, data in asyncio.run(record(*case)).items()}
                    for case in SCENARIOS
                ],
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
