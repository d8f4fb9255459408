"""wsclose against websockets and wsproto on every 16-bit code and a set of reasons.

Any disagreement must be one listed in tests/differences.py, with the RFC section
that says wsclose is right; anything else that differs fails.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Union

import pytest
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
    if reason == "124 bytes" and ours == REJECT and theirs != REJECT:
        return f"{peer}-parse-126"
    if peer == "wsproto" and code == 1014 and theirs == REJECT and ours != REJECT:
        return "wsproto-parse-1014"
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
    for payload in (b"", b"\x03"):
        assert wsclose_decode(payload) == theirs_of(payload)
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
