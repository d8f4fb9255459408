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
    key = b"\x37\xfa\x21\x3d"
    frame = [b"", b"\x88", b"\x88\x00", b"\x88\x80" + key, b"\x88\x02\x03\xe8\x00"]
    frame += [bytes([first, 2]) + b"\x03\xe8" for first in (0x08, 0xC8, 0xA8, 0x98, 0x81, 0x89)]
    frame += [b"\x88\x7e\x00\x02\x03\xe8", b"\x88\x7f" + bytes(7) + b"\x02\x03\xe8"]
    frame += [b"\x88\x01\x03", b"\x88\x81" + key + b"\x34", b"\x88\x85" + key]
    frame += [b"\x88\x7d" + b"\x03\xe8" + b"a" * 123, b"\x88\xfd" + key + bytes(125)]
    for code in EDGE_CODES:
        for reason in REASONS[:2] + REASONS[5:7]:
            payload = code.to_bytes(2, "big") + reason
            frame.append(bytes([0x88, len(payload)]) + payload)
            masked = bytes(byte ^ key[index % 4] for index, byte in enumerate(payload))
            frame.append(bytes([0x88, 0x80 | len(payload)]) + key + masked)
    return {"decode": decode, "encode": encode, "handshake": handshake, "frame": frame}


def main() -> None:
    """Write each seed as a file named for its hash, as libFuzzer does."""
    for target, inputs in seeds().items():
        folder = CORPUS / target
        folder.mkdir(parents=True, exist_ok=True)
        for data in inputs:
            (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


if __name__ == "__main__":
    main()
