"""Fuzz one wsclose target with atheris (libFuzzer): ``python -m tests.fuzz.fuzz TARGET ...``.

TARGET is decode, encode, handshake or frame; the other arguments go to libFuzzer
(corpus folders, ``-max_total_time=N``). tests/fuzz/run.py runs them all.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["wsclose", "tests"]):
    from tests.fuzz import targets

TARGETS = {
    "decode": targets.check_decode,
    "encode": targets.check_encode,
    "handshake": targets.check_handshake,
    "frame": targets.check_frame,
}


def main() -> None:
    """Fuzz the target named by the first argument."""
    target = TARGETS[sys.argv[1]]
    atheris.Setup([sys.argv[0], *sys.argv[2:]], target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
