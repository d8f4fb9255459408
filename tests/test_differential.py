"""wsclose against websockets and wsproto on every 16-bit code and a set of reasons.

Any disagreement must be one listed in tests/differences.py, with the RFC section
that says wsclose is right; anything else that differs fails.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Callable, Union

import pytest
from aiohttp._websocket.reader_py import WebSocketReader as AiohttpReader
from aiohttp.http_websocket import WebSocketError as AiohttpError
from websockets.exceptions import ProtocolError
from websockets.frames import Close as WebsocketsClose
from wsproto.frame_protocol import Frame, FrameProtocol, Opcode, ParseFailed

from tests.differences import BY_KEY, DIFFERENCES
from wsclose import CloseFrameError, decode, encode

Outcome = Union[tuple[int, str], bytes, str]
REJECT = "reject"

REASON_BYTES = {
    "empty": b"",
    "ASCII": b"bye",
    "multi-byte": "\u00e9\u20ac\U0001d11e".encode(),
    "123 bytes": ("\u00e9" * 61 + "a").encode(),
    "124 bytes": ("\u00e9" * 62).encode(),
    "invalid UTF-8": b"ok\xff",
    "encoded surrogate": b"\xed\xa0\x80",
}
REASON_TEXTS = {
    key: value.decode()
    for key, value in REASON_BYTES.items()
    if key not in {"invalid UTF-8", "encoded surrogate"}
}
_WSPROTO = FrameProtocol(client=False, extensions=[])


class _AiohttpQueue:
    """Where aiohttp's reader puts the message it parsed."""

    message: tuple[object, ...] = ()

    def feed_data(self, message: tuple[object, ...], size: int) -> None:
        self.message = message


_AIOHTTP_QUEUE = _AiohttpQueue()
# aiohttp 3.14 added decode_text; 3.12 and 3.13 (the last on Python 3.9) lack it.
_AIOHTTP_OPTIONS = (
    {"decode_text": True} if "decode_text" in inspect.signature(AiohttpReader).parameters else {}
)
_AIOHTTP = AiohttpReader(_AIOHTTP_QUEUE, 1 << 20, False, **_AIOHTTP_OPTIONS)  # type: ignore[arg-type]


def wsclose_decode(payload: bytes) -> Outcome:
    try:
        code, reason = decode(payload)
    except CloseFrameError:
        return REJECT
    return int(code), reason


def websockets_decode(payload: bytes) -> Outcome:
    try:
        close = WebsocketsClose.parse(payload)
    except (ProtocolError, UnicodeDecodeError):
        return REJECT
    return int(close.code), close.reason


def wsproto_decode(payload: bytes) -> Outcome:
    try:
        frame = _WSPROTO._process_close(Frame(Opcode.CLOSE, payload, True, True))
    except ParseFailed:
        return REJECT
    assert isinstance(frame.payload, tuple)
    code, reason = frame.payload
    return int(code), str(reason)


def aiohttp_decode(payload: bytes) -> Outcome:
    try:
        _AIOHTTP._handle_frame(True, 0x8, payload, 0)
    except AiohttpError:
        return REJECT
    _, code, reason = _AIOHTTP_QUEUE.message[:3]
    assert isinstance(code, int)
    assert isinstance(reason, str)
    return int(code), reason


def wsclose_encode(code: int, reason: str) -> Outcome:
    try:
        return encode(code, reason)
    except CloseFrameError:
        return REJECT


def websockets_encode(code: int, reason: str) -> Outcome:
    try:
        return WebsocketsClose(code, reason).serialize()
    except ProtocolError:
        return REJECT


def expected_decode_difference(
    peer: str, code: int, reason: str, ours: Outcome, theirs: Outcome
) -> str | None:
    """Which listed difference explains a disagreement on decoding, if any does."""
    reason_text = REASON_TEXTS.get(reason)
    if reason == "124 bytes" and ours == REJECT and theirs != REJECT:
        return f"{peer}-parse-126"
    if peer == "wsproto" and code == 1014 and theirs == REJECT and ours != REJECT:
        return "wsproto-parse-1014"
    if peer == "aiohttp" and code == 1006 and ours == REJECT and theirs == (1006, reason_text):
        return "aiohttp-parse-1006"
    if peer == "aiohttp" and code >= 5000 and ours == REJECT and theirs == (code, reason_text):
        return "aiohttp-parse-5000"
    return None


def expected_encode_difference(
    code: int, reason: str, ours: Outcome, theirs: Outcome
) -> str | None:
    """Which listed difference explains a disagreement on encoding, if any does."""
    if reason == "124 bytes" and ours == REJECT and isinstance(theirs, bytes):
        return "websockets-serialize-124" if len(theirs) == 126 else None
    if code == 1005 and reason == "empty" and (ours, theirs) == (b"", REJECT):
        return "websockets-serialize-1005"
    return None


PEERS: dict[str, Callable[[bytes], Outcome]] = {
    "websockets": websockets_decode,
    "wsproto": wsproto_decode,
    "aiohttp": aiohttp_decode,
}


@pytest.mark.parametrize("peer", PEERS)
def test_decode_agrees_with_peer_but_for_listed_differences(peer: str) -> None:
    theirs_of = PEERS[peer]
    seen: set[str] = set()
    for code in range(1 << 16):
        head = code.to_bytes(2, "big")
        for reason, tail in REASON_BYTES.items():
            ours, theirs = wsclose_decode(head + tail), theirs_of(head + tail)
            if ours == theirs:
                continue
            key = expected_decode_difference(peer, code, reason, ours, theirs)
            assert key is not None, (peer, code, reason, ours, theirs)
            assert BY_KEY[key].peer == peer
            seen.add(key)
    assert wsclose_decode(b"\x03") == theirs_of(b"\x03") == REJECT
    if theirs_of(b"") == (0, ""):
        seen.add("aiohttp-parse-empty")
    else:
        assert wsclose_decode(b"") == theirs_of(b"")
    assert seen == {d.key for d in DIFFERENCES if d.peer == peer and "-parse-" in d.key}


def test_encode_agrees_with_websockets_but_for_listed_differences() -> None:
    seen: set[str] = set()
    for code in range(1 << 16):
        for reason, text in REASON_TEXTS.items():
            ours, theirs = wsclose_encode(code, text), websockets_encode(code, text)
            if ours == theirs:
                continue
            key = expected_encode_difference(code, reason, ours, theirs)
            assert key is not None, (code, reason, ours, theirs)
            seen.add(key)
    assert seen == {d.key for d in DIFFERENCES if "-serialize-" in d.key}


def test_every_difference_has_its_reason() -> None:
    for difference in DIFFERENCES:
        assert difference.rfc.startswith("§")
        assert difference.wsclose != difference.theirs


def test_docs_list_every_difference() -> None:
    page = (Path(__file__).parent.parent / "docs" / "peers.md").read_text(encoding="utf-8")
    for difference in DIFFERENCES:
        row = (
            f"| {difference.peer} | {difference.what} | {difference.wsclose} "
            f"| {difference.theirs} | {difference.rfc} |"
        )
        assert row in page, row
