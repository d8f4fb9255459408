"""Codes first seen by several threads at once give one and the same value to all."""

from __future__ import annotations

import sys
import threading
from typing import TYPE_CHECKING

import pytest

from wsclose import Close, CloseCode, codes, decode, encode, payload

if TYPE_CHECKING:
    from collections.abc import Iterator

THREADS = 8
FRESH = range(3000, 5000, 7)  # codes in 3000-4999, each new to the emptied tables


@pytest.fixture
def busy_switching() -> Iterator[None]:
    """Switch threads as often as the interpreter can, to make races likely."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(interval)


@pytest.mark.usefixtures("fresh_tables", "busy_switching")
def test_threads_racing_on_new_codes_get_identical_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(codes, "_PSEUDO_MEMBERS", {})
    barrier = threading.Barrier(THREADS)
    results: list[list[Close]] = [[] for _ in range(THREADS)]

    def work(index: int) -> None:
        barrier.wait()
        for value in FRESH:
            if index % 2:
                encode(value)  # encode adds codes to the tables too
            results[index].append(decode(value.to_bytes(2, "big")))

    threads = [threading.Thread(target=work, args=(index,)) for index in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for position, value in enumerate(FRESH):
        seen = {id(result[position]) for result in results}
        assert len(seen) == 1, value
        close = results[0][position]
        assert close is decode(value.to_bytes(2, "big"))
        assert close.code is CloseCode(value)
        assert close == (value, "")
    assert len(payload._BARE) == len(FRESH)
