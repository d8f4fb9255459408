"""Time wsclose against websockets, wsproto and an unvalidated floor, in one process.

Run ``python benchmarks/bench_close.py`` (``--quick`` for a smoke run,
``--markdown FILE`` to write the table, ``--json FILE`` for ``run_all.py``). Every
implementation does the same work on the same payload, interleaved, and the best
of several repeats is kept. Nothing here asserts a timing: the table is the result.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import timeit
import tracemalloc
from dataclasses import dataclass, field
from importlib.metadata import version
from typing import TYPE_CHECKING, Callable

import websockets.exceptions
import websockets.frames
import wsproto.frame_protocol as wsproto_frames

import wsclose

if TYPE_CHECKING:
    from collections.abc import Generator

PEERS = ("wsclose", "websockets", "wsproto", "floor")
_WSPROTO = wsproto_frames.FrameProtocol(client=False, extensions=[])
_WSPROTO_ERRORS = (wsproto_frames.ParseFailed,)
_WEBSOCKETS_ERRORS = (websockets.exceptions.ProtocolError, UnicodeDecodeError)


def floor_decode(payload: bytes) -> tuple[int, str]:
    """The least work any decoder does: no checks at all."""
    return int.from_bytes(payload[:2], "big"), payload[2:].decode()


def floor_encode(code: int, reason: str) -> bytes:
    """The least work any encoder does: no checks at all."""
    return code.to_bytes(2, "big") + reason.encode()


def floor_decode_frame(data: bytes) -> tuple[int, str]:
    """The least work a frame decoder does: unmask if masked, no checks at all."""
    if not data[1] & 0x80:
        return floor_decode(data[2:])
    size = len(data) - 6
    key = int.from_bytes((data[2:6] * 32)[:size], "big")
    return floor_decode((int.from_bytes(data[6:], "big") ^ key).to_bytes(size, "big"))


def floor_encode_frame(code: int, reason: str, key: bytes | None) -> bytes:
    """The least work a frame encoder does: no checks at all."""
    payload = floor_encode(code, reason)
    if key is None:
        return bytes((0x88, len(payload))) + payload
    mask = int.from_bytes((key * 32)[: len(payload)], "big")
    masked = (int.from_bytes(payload, "big") ^ mask).to_bytes(len(payload), "big")
    return bytes((0x88, 0x80 | len(payload))) + key + masked


class _Bytes:
    """The cheapest ``read_exact`` websockets' ``Frame.parse`` can be given: a cursor."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.start = 0

    def read_exact(self, size: int) -> Generator[None, None, bytes]:
        yield from ()
        start = self.start
        self.start = start + size
        return self.data[start : start + size]


def websockets_decode_frame(data: bytes, mask: bool) -> websockets.frames.Close:
    """websockets' ``Frame.parse`` (header, C unmasking, checks), then ``Close.parse``."""
    parser = websockets.frames.Frame.parse(_Bytes(data).read_exact, mask=mask)
    try:
        next(parser)
    except StopIteration as stop:
        frame = stop.value
        if not isinstance(frame, websockets.frames.Frame):
            raise TypeError(frame) from None
        close: websockets.frames.Close = websockets.frames.Close.parse(frame.data)
        return close
    raise RuntimeError("Frame.parse wants more bytes")


def websockets_encode_frame(code: int, reason: str, mask: bool) -> bytes:
    """websockets' close frame: ``Close.serialize``, then ``Frame.serialize``."""
    payload = websockets.frames.Close(code, reason).serialize()
    return websockets.frames.Frame(websockets.frames.Opcode.CLOSE, payload).serialize(mask=mask)


def wsproto_decode_frame(data: bytes, decoder: wsproto_frames.FrameDecoder) -> object:
    """wsproto's frame decoder (header, unmasking, checks), then its close-payload parsing.

    ``FrameProtocol.received_frames`` stops for good after a close frame, so the
    bench drives the two steps it chains.
    """
    decoder.receive_bytes(data)
    frame = decoder.process_buffer()
    if frame is None:
        raise RuntimeError("wsproto wants more bytes")
    return _WSPROTO._process_close(frame).payload


def wsproto_decode(frame: wsproto_frames.Frame) -> object:
    """wsproto's close-payload parsing, on a frame built once outside the loop."""
    return _WSPROTO._process_close(frame)


def wsproto_encode(code: int, reason: str) -> bytearray:
    """wsproto's close frame: header and payload, its one public way to encode."""
    return _WSPROTO.close(code, reason)


#: The least ratio over websockets each kind of row aims for (issue 14).
DECODE_TARGET = 1.6
ENCODE_TARGET = 2.0
REJECT_TARGET = 1.0


@dataclass
class Case:
    """One line of the table: the same work, done by each peer that can do it.

    ``target`` is the least ratio of websockets' time over wsclose's the row aims
    for, or None when it has none (websockets cannot do that work, say).
    """

    name: str
    statements: dict[str, str]
    namespace: dict[str, object] = field(default_factory=dict)
    target: float | None = None


def _decode_case(name: str, payload: bytes | bytearray | memoryview, *, valid: bool) -> Case:
    raw = bytes(payload)
    frame = wsproto_frames.Frame(wsproto_frames.Opcode.CLOSE, raw, True, True)
    calls = {
        "wsclose": "decode(p)",
        "websockets": "ws_parse(raw)",
        "wsproto": "wsproto_decode(frame)",
        "floor": "floor_decode(p)",
    }
    if not isinstance(payload, bytes):
        # websockets and wsproto take bytes only; the floor shows what a copy costs.
        del calls["websockets"], calls["wsproto"]
        calls["floor"] = (
            "floor_decode(bytes(p))" if isinstance(payload, memoryview) else calls["floor"]
        )
    if valid:
        statements = calls
    else:
        statements = {peer: _guarded(call, peer) for peer, call in calls.items() if peer != "floor"}
    namespace: dict[str, object] = {
        "decode": wsclose.decode,
        "ws_parse": websockets.frames.Close.parse,
        "wsproto_decode": wsproto_decode,
        "floor_decode": floor_decode,
        "p": payload,
        "raw": raw,
        "frame": frame,
        "wsclose_errors": wsclose.CloseFrameError,
        "websockets_errors": _WEBSOCKETS_ERRORS,
        "wsproto_errors": _WSPROTO_ERRORS,
    }
    target = (DECODE_TARGET if valid else REJECT_TARGET) if "websockets" in calls else None
    return Case(name, statements, namespace, target)


def _guarded(call: str, peer: str) -> str:
    return f"try:\n    {call}\nexcept {peer}_errors:\n    pass"


def _encode_case(
    name: str, code: int, reason: str, *, valid: bool, target: float = ENCODE_TARGET
) -> Case:
    calls = {
        "wsclose": "encode(c, r)",
        "websockets": "WsClose(c, r).serialize()",
        "wsproto": "wsproto_encode(c, r)",
        "floor": "floor_encode(c, r)",
    }
    if valid:
        statements = calls
    else:
        # wsproto rewrites or truncates what it cannot send instead of raising.
        statements = {peer: _guarded(calls[peer], peer) for peer in ("wsclose", "websockets")}
    namespace: dict[str, object] = {
        "encode": wsclose.encode,
        "WsClose": websockets.frames.Close,
        "wsproto_encode": wsproto_encode,
        "floor_encode": floor_encode,
        "c": code,
        "r": reason,
        "wsclose_errors": wsclose.CloseFrameError,
        "websockets_errors": _WEBSOCKETS_ERRORS,
    }
    return Case(name, statements, namespace, target if valid else REJECT_TARGET)


def _advise_case(name: str, close: object, codes: wsclose.CodeSet | None = None) -> Case:
    # No peer turns a close code into reconnect advice: wsclose is timed alone.
    namespace: dict[str, object] = {"advise": wsclose.advise, "c": close, "s": codes}
    return Case(name, {"wsclose": "advise(c, s)"}, namespace)


def _frame_decode_case(name: str, code: int, reason: str, *, masked: bool) -> Case:
    data = wsclose.encode_frame(code, reason, mask=masked)
    statements = {
        "wsclose": "decode_frame(f)",
        "websockets": "ws_decode_frame(f, masked)",
        "wsproto": "wsproto_decode_frame(f, decoder)",
        "floor": "floor_decode_frame(f)",
    }
    namespace: dict[str, object] = {
        "decode_frame": wsclose.decode_frame,
        "ws_decode_frame": websockets_decode_frame,
        "wsproto_decode_frame": wsproto_decode_frame,
        "floor_decode_frame": floor_decode_frame,
        "f": data,
        "masked": masked,
        # A server reads masked frames, a client unmasked ones.
        "decoder": wsproto_frames.FrameDecoder(client=not masked, extensions=[]),
    }
    return Case(name, statements, namespace)


def _frame_encode_case(name: str, code: int, reason: str, *, masked: bool) -> Case:
    statements = {
        "wsclose": "encode_frame(c, r, masked)",
        "websockets": "ws_encode_frame(c, r, masked)",
        "wsproto": "wsproto_close(c, r)",
        "floor": "floor_encode_frame(c, r, urandom(4) if masked else None)",
    }
    namespace: dict[str, object] = {
        "encode_frame": wsclose.encode_frame,
        "ws_encode_frame": websockets_encode_frame,
        # wsproto masks a client's frames, not a server's.
        "wsproto_close": wsproto_frames.FrameProtocol(client=masked, extensions=[]).close,
        "floor_encode_frame": floor_encode_frame,
        "urandom": os.urandom,
        "c": code,
        "r": reason,
        "masked": masked,
    }
    return Case(name, statements, namespace)


ASCII_123 = "a" * 123
TWO_BYTE_123 = "\u00e9" * 61 + "a"


def strided(size: int) -> memoryview:
    """A non-contiguous view of ``size`` bytes: every other byte of a buffer twice as long."""
    return memoryview(bytes(2 * size))[::2]


def cases() -> list[Case]:
    """The table's rows, in order."""
    bye = b"\x03\xe8bye"
    full = b"\x03\xe8" + ASCII_123.encode()
    wide = b"\x03\xe8" + TWO_BYTE_123.encode()
    return [
        _decode_case("decode empty", b"", valid=True),
        _decode_case("decode 1000", b"\x03\xe8", valid=True),
        _decode_case("decode 1000 'bye'", bye, valid=True),
        _decode_case("decode 123 B ASCII", full, valid=True),
        _decode_case("decode 123 B 2-byte chars", wide, valid=True),
        _decode_case("decode 4000 'bye'", b"\x0f\xa0bye", valid=True),
        _decode_case("decode bytearray 'bye'", bytearray(bye), valid=True),
        _decode_case("decode memoryview 'bye'", memoryview(bye), valid=True),
        _decode_case("decode bytearray 123 B", bytearray(full), valid=True),
        _decode_case("decode memoryview 123 B", memoryview(full), valid=True),
        _decode_case("reject 1 byte", b"\x03", valid=False),
        _decode_case("reject code 1005", b"\x03\xed", valid=False),
        _decode_case("reject 126 B", b"\x03\xe8" + b"a" * 124, valid=False),
        _decode_case("reject 64 KiB", b"\x03\xe8" + b"a" * 65534, valid=False),
        _decode_case("reject bad UTF-8", b"\x03\xe8" + b"a" * 120 + b"\xff", valid=False),
        # memoryviews: the length is read before any copy, even of a strided view.
        _decode_case("reject 126 B memoryview", memoryview(b"\x03\xe8" + b"a" * 124), valid=False),
        _decode_case("reject 64 KiB memoryview", memoryview(bytes(65536)), valid=False),
        _decode_case("reject 126 B strided memoryview", strided(126), valid=False),
        _decode_case("reject 64 KiB strided memoryview", strided(65536), valid=False),
        _encode_case("encode 1000", 1000, "", valid=True),
        _encode_case("encode 1000 'bye'", 1000, "bye", valid=True),
        _encode_case("encode 123 B ASCII", 1000, ASCII_123, valid=True),
        # The UTF-8 codec's own time is the same for every peer: a lower target.
        _encode_case("encode 123 B 2-byte chars", 1000, TWO_BYTE_123, valid=True, target=1.6),
        _encode_case("encode 4000 'bye'", 4000, "bye", valid=True),
        _encode_case("encode CloseCode.AWAY 'bye'", wsclose.CloseCode.AWAY, "bye", valid=True),
        _encode_case("reject encode 1005", 1005, "bye", valid=False),
        _frame_decode_case("decode_frame masked 125 B", 1000, ASCII_123, masked=True),
        _frame_decode_case("decode_frame masked 'bye'", 1000, "bye", masked=True),
        _frame_decode_case("decode_frame unmasked 'bye'", 1000, "bye", masked=False),
        _frame_decode_case("decode_frame unmasked 125 B", 1000, ASCII_123, masked=False),
        _frame_encode_case("encode_frame masked 'bye'", 1000, "bye", masked=True),
        _frame_encode_case("encode_frame masked 125 B", 1000, ASCII_123, masked=True),
        _frame_encode_case("encode_frame unmasked 'bye'", 1000, "bye", masked=False),
        _advise_case("advise 1006", 1006),
        _advise_case("advise Close(1012, 'bye')", wsclose.Close(1012, "bye")),
        _advise_case("advise 4321 (unnamed)", 4321),
        _advise_case("advise 4401, graphql-transport-ws", 4401, wsclose.GRAPHQL_TRANSPORT_WS),
    ]


def measure(case: Case, repeat: int, number: int) -> dict[str, float]:
    """Best time per call in ns for each peer, the peers interleaved in every repeat.

    Many short repeats find the moments the shared machine leaves us alone; the
    empty loop's best time is taken off each peer's.
    """
    timers = {
        peer: timeit.Timer(stmt, globals=case.namespace) for peer, stmt in case.statements.items()
    }
    empty = timeit.Timer("pass")
    best = dict.fromkeys(timers, float("inf"))
    loop = float("inf")
    for _ in range(repeat):
        loop = min(loop, empty.timeit(number))
        for peer, timer in timers.items():
            best[peer] = min(best[peer], timer.timeit(number))
    return {peer: (time - loop) / number * 1e9 for peer, time in best.items()}


def import_time(module: str, runs: int) -> float:
    """Best cumulative import time of ``module`` in µs, from ``python -X importtime``."""
    best = float("inf")
    for _ in range(runs):
        result = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", f"import {module}"],
            capture_output=True,
            text=True,
            check=True,
        )
        pattern = rf"import time:\s+\d+ \|\s+(\d+) \|\s*{re.escape(module)}$"
        match = re.search(pattern, result.stderr, re.MULTILINE)
        if match is None:
            raise RuntimeError(f"no import time for {module}:\n{result.stderr}")
        best = min(best, float(match.group(1)))
    return best


def allocated(func: Callable[[], object]) -> int:
    """Bytes allocated by one call of ``func`` that are still alive after it."""
    func()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        kept = func()
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    del kept
    return after - before


def render(rows: list[tuple[str, dict[str, float]]], extras: list[str]) -> str:
    """The results as a Markdown table, ratios being the peer's time over wsclose's."""
    lines = [
        "| case | wsclose ns | websockets ns (×) | wsproto ns (×) | floor ns (×) |",
        "|---|--:|--:|--:|--:|",
    ]
    for name, times in rows:
        ours = times["wsclose"]
        cells = [f"{ours:.0f}"]
        for peer in PEERS[1:]:
            theirs = times.get(peer)
            cells.append("–" if theirs is None else f"{theirs:.0f} ({theirs / ours:.2f})")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join([*lines, "", *extras])


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few loops: check it runs")
    parser.add_argument("--markdown", metavar="FILE", help="also write the table to FILE")
    parser.add_argument("--json", metavar="FILE", help="also write the results to FILE as JSON")
    parser.add_argument("--repeat", type=int, default=200, help="repeats; the best is kept")
    parser.add_argument("--number", type=int, default=2_000, help="calls in each repeat")
    args = parser.parse_args(argv)
    repeat, number, imports = (2, 100, 1) if args.quick else (args.repeat, args.number, 15)

    all_cases = cases()
    rows = [(case.name, measure(case, repeat, number)) for case in all_cases]
    ours, theirs = import_time("wsclose", imports), import_time("websockets.frames", imports)
    view = memoryview(b"\x03\xe8" + ASCII_123.encode())
    close = wsclose.decode(view)
    machine = machine_line()
    extras = [
        f"- import: `import wsclose` {ours:.0f} µs, `import websockets.frames` {theirs:.0f} µs "
        f"(×{theirs / ours:.1f}), best of {imports} runs of `python -X importtime`.",
        f"- size: `sys.getsizeof(Close)` {sys.getsizeof(close)} B, "
        f"a 2-tuple {sys.getsizeof((1, 2))} B.",
        f"- `decode(memoryview(123 B payload))` keeps {allocated(lambda: wsclose.decode(view))} B "
        f"alive: the `Close` ({sys.getsizeof(close)} B) and its reason "
        f"({sys.getsizeof(close.reason)} B); nothing else is copied.",
        f"- ratio: the peer's time over wsclose's (higher is better for wsclose). "
        f"{'Quick mode: ' if args.quick else ''}best of {repeat} × {number} calls, "
        "net of the empty loop.",
        f"- Python {platform.python_version()} ({platform.python_implementation()}), "
        f"{machine}, websockets {websockets.version.version}, wsproto {version('wsproto')}.",
    ]
    table = render(rows, extras)
    print(table)
    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as file:
            file.write(table + "\n")
    if args.json:
        results = {
            "python": platform.python_version(),
            "implementation": platform.python_implementation(),
            "machine": machine,
            "peers": {"websockets": websockets.version.version, "wsproto": version("wsproto")},
            "quick": args.quick,
            "repeat": repeat,
            "number": number,
            "rows": [
                {"name": name, "target": case.target, "ns": times}
                for case, (name, times) in zip(all_cases, rows)
            ],
            "notes": extras[:3],
        }
        with open(args.json, "w", encoding="utf-8") as file:
            json.dump(results, file, ensure_ascii=False, indent=1)
    return 0


def machine_line() -> str:
    """The CPU as /proc/cpuinfo names it, with its family, model, clock and core count."""
    fields: dict[str, str] = {}
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as file:
            for line in file:
                key, _, value = line.partition(":")
                fields.setdefault(key.strip(), value.strip())
    except OSError:
        pass
    name = fields.get("model name") or platform.processor() or platform.machine()
    details = [
        f"family {fields['cpu family']} model {fields['model']}"
        if "cpu family" in fields and "model" in fields
        else "",
        f"{float(fields['cpu MHz']) / 1000:.2f} GHz" if "cpu MHz" in fields else "",
        f"{os.cpu_count()} cores",
    ]
    return f"{name} ({', '.join(detail for detail in details if detail)})"


if __name__ == "__main__":
    sys.exit(main())
