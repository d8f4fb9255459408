"""The fuzz targets hold on their seed corpus, on every test run (atheris or not)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

from tests.fuzz import targets
from tests.fuzz.make_seeds import seeds
from wsclose import CloseCode, ClosingHandshake, FrameError, HandshakeError, decode_frame

CORPUS = Path(__file__).parent / "fuzz" / "corpus"
TARGETS: dict[str, Callable[[bytes], None]] = {
    "decode": targets.check_decode,
    "encode": targets.check_encode,
    "handshake": targets.check_handshake,
    "frame": targets.check_frame,
}


@pytest.mark.parametrize("name", TARGETS)
def test_target_holds_on_its_seed_corpus(name: str) -> None:
    files = sorted((CORPUS / name).iterdir())
    assert files
    for path in files:
        TARGETS[name](path.read_bytes())


@pytest.mark.parametrize("name", TARGETS)
def test_committed_corpus_has_every_seed(name: str) -> None:
    committed = {path.read_bytes() for path in (CORPUS / name).iterdir()}
    assert set(seeds()[name]) <= committed


def test_targets_catch_a_broken_decoder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(targets, "decode", lambda payload: (1000, ""))
    with pytest.raises(targets.Finding):
        targets.check_decode(b"\x03\xed")


def test_handshake_target_catches_a_handshake_that_never_ends(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ClosingHandshake, "_next", lambda self, event: self._phase)
    with pytest.raises(targets.Finding):
        targets.check_handshake(b"\x00\x01\x02\x03\xe8\x01\x02\x03\xe8")


def test_handshake_target_catches_an_error_for_the_peers_second_frame(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(self: ClosingHandshake, payload: bytes) -> None:
        raise HandshakeError(self.state, "receive a close frame")

    monkeypatch.setattr(ClosingHandshake, "receive", refuse)
    with pytest.raises(targets.Finding, match="HandshakeError for the peer's frame"):
        targets.check_handshake(b"\x00\x01\x02\x03\xe8")


def test_encode_target_catches_a_broken_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(targets, "encode", lambda code, reason: b"\x03\xe8")
    with pytest.raises(targets.Finding):
        targets.check_encode(b"\x00\x03\xedx")


def test_frame_target_catches_a_broken_frame_decoder(monkeypatch: pytest.MonkeyPatch) -> None:
    empty = decode_frame(b"\x88\x00")
    monkeypatch.setattr(targets, "decode_frame", lambda data: empty)
    with pytest.raises(targets.Finding):
        targets.check_frame(b"\x08\x02\x03\xe8")


def test_frame_target_catches_a_broken_frame_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(targets, "encode_frame", lambda *args: b"\x88\x02\x03\xe9")
    with pytest.raises(targets.Finding):
        targets.check_frame(b"\x88\x02\x03\xe8")


def test_frame_target_catches_a_frame_error_with_another_reply_code(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(FrameError, "reply_code", CloseCode.INVALID)
    with pytest.raises(targets.Finding):
        targets.check_frame(b"\x08\x02\x03\xe8")
