"""The fuzz targets hold on their seed corpus, on every test run (atheris or not)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

from tests.fuzz import targets
from tests.fuzz.make_seeds import seeds
from wsclose import ClosingHandshake

CORPUS = Path(__file__).parent / "fuzz" / "corpus"
TARGETS: dict[str, Callable[[bytes], None]] = {
    "decode": targets.check_decode,
    "encode": targets.check_encode,
    "handshake": targets.check_handshake,
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
    with pytest.raises(AssertionError):
        targets.check_decode(b"\x03\xed")


def test_handshake_target_catches_a_handshake_that_never_ends(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ClosingHandshake, "_next", lambda self, event: self.state)
    with pytest.raises(AssertionError):
        targets.check_handshake(b"\x00\x01\x02\x03\xe8\x01\x02\x03\xe8")
