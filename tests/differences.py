"""Where wsclose and its peers disagree, and why wsclose is right.

The differential tests (tests/test_differential.py) check that these are the only
disagreements over every 16-bit code and a set of reasons; docs/peers.md shows
the same rows, and a test keeps the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Difference:
    """One way a peer's result differs from wsclose's for the same input."""

    key: str
    peer: str
    what: str
    wsclose: str
    theirs: str
    rfc: str


DIFFERENCES = [
    Difference(
        key="websockets-parse-126",
        peer="websockets",
        what="`Close.parse` of a 126-byte payload (a 124-byte reason)",
        wsclose="`PayloadLengthError`",
        theirs="parsed",
        rfc="§5.5: a control frame's payload is at most 125 bytes",
    ),
    Difference(
        key="websockets-serialize-124",
        peer="websockets",
        what="`Close(code, reason).serialize()` of a 124-byte reason",
        wsclose="`ReasonLengthError`",
        theirs="a 126-byte payload",
        rfc="§5.5: a control frame's payload is at most 125 bytes",
    ),
    Difference(
        key="websockets-serialize-1005",
        peer="websockets",
        what="serializing 1005 with no reason",
        wsclose="`b''`: no code on the wire, which the receiver reports as 1005",
        theirs="`ProtocolError`",
        rfc="§7.1.5: a close frame with no code is reported as 1005",
    ),
    Difference(
        key="wsproto-parse-1014",
        peer="wsproto",
        what="`_process_close` of code 1014 (bad gateway)",
        wsclose="accepted",
        theirs="`ParseFailed`, 1002",
        rfc="§7.4.2 and the IANA registry: 1014 is registered",
    ),
    Difference(
        key="aiohttp-parse-empty",
        peer="aiohttp",
        what="a close frame with an empty payload",
        wsclose="code 1005 (`STATUS`)",
        theirs="code 0",
        rfc="§7.1.5: a close frame with no code is reported as 1005",
    ),
    Difference(
        key="aiohttp-parse-1006",
        peer="aiohttp",
        what="code 1006 (abnormal closure) from the peer",
        wsclose="`CloseCodeError`, 1002",
        theirs="accepted",
        rfc="§7.4.1: 1006 MUST NOT be set in a close frame",
    ),
    Difference(
        key="aiohttp-parse-5000",
        peer="aiohttp",
        what="codes 5000-65535 from the peer",
        wsclose="`CloseCodeError`, 1002",
        theirs="accepted",
        rfc="§7.4.2: codes are defined up to 4999 only; websockets and wsproto refuse these too",
    ),
    Difference(
        key="aiohttp-parse-126",
        peer="aiohttp",
        what="close parsing of a 126-byte payload (a 124-byte reason)",
        wsclose="`PayloadLengthError`",
        theirs="parsed (its frame reader rejects such frames earlier)",
        rfc="§5.5: a control frame's payload is at most 125 bytes",
    ),
    Difference(
        key="wsproto-parse-126",
        peer="wsproto",
        what="`_process_close` of a 126-byte payload (a 124-byte reason)",
        wsclose="`PayloadLengthError`",
        theirs="parsed (its frame reader rejects such frames earlier)",
        rfc="§5.5: a control frame's payload is at most 125 bytes",
    ),
]

BY_KEY = {difference.key: difference for difference in DIFFERENCES}
