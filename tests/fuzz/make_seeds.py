"""Write the seed corpus, RFC 6455's edge cases: ``python -m tests.fuzz.make_seeds``."""

from __future__ import annotations

import hashlib
from pathlib import Path

CORPUS = Path(__file__).parent / "corpus"
EDGE_CODES = [0, 999, 1000, 1003, 1004, 1005, 1006, 1007, 1014, 1015, 1016, 2999, 3000]
EDGE_CODES += [3999, 4000, 4999, 5000, 65535]
REASONS = [
    b"",
    b"bye",
    ("\u00e9" * 61 + "a").encode(),
    ("\u00e9" * 62).encode(),
    ("\U0001d11e" * 30 + "abc").encode(),
    b"\xff",
    b"\xc3",
    b"\xc0\xaf",
    b"\xed\xa0\x80",
    b"\xf4\x90\x80\x80",
]


def seeds() -> dict[str, list[bytes]]:
    """The seed inputs of each target."""
    decode = [b"", b"\x03", bytes(125), bytes(126), b"\x03\xe8" + b"a" * 124]
    decode += [code.to_bytes(2, "big") + reason for code in EDGE_CODES for reason in REASONS]
    encode = [
        code.to_bytes(3, "big", signed=True) + reason for code in EDGE_CODES for reason in REASONS
    ]
    encode += [(-1).to_bytes(3, "big", signed=True), (70000).to_bytes(3, "big", signed=True)]
    handshake = [
        b"\x00\x00\x03\xe8\x01\x02\x03\xe8",  # server sends 1000, receives 1000
        b"\x01\x01\x03\x03\xe9a\x02",  # client receives 1001 "a", transport lost
        b"\x00\x01\x01\x03",  # receives 1 byte
        b"\x01\x02\x01\x00\x03",  # lost, then a late close, then TLS
        b"\x00\x00\x03\xed\x00\x03\xe8",  # send 1005 (empty payload), send again
    ]
    return {"decode": decode, "encode": encode, "handshake": handshake}


def main() -> None:
    """Write each seed as a file named for its hash, as libFuzzer does."""
    for target, inputs in seeds().items():
        folder = CORPUS / target
        folder.mkdir(parents=True, exist_ok=True)
        for data in inputs:
            (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


if __name__ == "__main__":
    main()
