"""Tables of cases the interop tests share."""

from __future__ import annotations

import pytest

#: A code from each edge of each sendable class (RFC 6455 §7.4.1, §7.4.2, IANA).
SENDABLE = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014]
SENDABLE += [3000, 3999, 4000, 4999]
#: Reasons of 0, 1 and 123 bytes, the long ones of 2-, 3- and 4-byte characters.
REASONS = ["", "a", "\u00e9" * 61 + "a", "\u20ac" * 41, "\U0001d11e" * 30 + "abc"]
#: Payloads a peer must refuse, each with what is wrong with it.
INVALID = [
    pytest.param(b"\x03", id="1 byte"),
    pytest.param(b"\x03\xe7", id="code 999"),
    pytest.param(b"\x03\xec", id="code 1004"),
    pytest.param(b"\x03\xed", id="code 1005"),
    pytest.param(b"\x03\xee", id="code 1006"),
    pytest.param(b"\x03\xf7", id="code 1015"),
    pytest.param(b"\x07\xd0", id="code 2000"),
    pytest.param(b"\x13\x88", id="code 5000"),
    pytest.param(b"\x03\xe8" + b"a" * 124, id="126 bytes"),
    pytest.param(b"\x03\xe8\xff", id="invalid UTF-8"),
    pytest.param(b"\x03\xe8\xed\xa0\x80", id="encoded surrogate"),
    pytest.param(b"\x03\xe8\xc0\xaf", id="overlong"),
]


def case_id(case: tuple[int, str]) -> str:
    """A test id for a (code, reason) case: the code and the reason's length in bytes."""
    return f"{case[0]}-{len(case[1].encode())}B"
