"""A plain statement of RFC 6455's close-frame rules, to check wsclose against.

Written from the RFC text (§5.5, §5.5.1, §7.4.1, §7.4.2), sharing no code with
wsclose: slow and obvious on purpose.
"""

from __future__ import annotations

from typing import Union

#: 1000-1003 and 1007-1011 (RFC 6455 §7.4.1), 1012-1014 (IANA).
STANDARD = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014}
LOCAL_ONLY = {1005, 1006, 1015}

Outcome = Union[tuple[int, str], str]


def may_send(code: int) -> bool:
    """Whether RFC 6455 lets an endpoint put ``code`` in a close frame."""
    return code in STANDARD or 3000 <= code <= 4999


def category(code: int) -> str:
    if code in STANDARD:
        return "standard"
    if code in LOCAL_ONLY:
        return "local-only"
    if 1000 <= code <= 2999:
        return "reserved"
    if 3000 <= code <= 3999:
        return "library"
    if 4000 <= code <= 4999:
        return "private"
    return "out-of-range"


def decode(payload: bytes) -> Outcome:
    """Return ``(code, reason)``, or the name of the error wsclose must raise."""
    if len(payload) == 0:
        return (1005, "")
    if len(payload) == 1 or len(payload) > 125:
        return "PayloadLengthError"
    code = payload[0] * 256 + payload[1]
    if not may_send(code):
        return "CloseCodeError"
    try:
        return (code, payload[2:].decode("utf-8"))
    except UnicodeDecodeError:
        return "ReasonEncodingError"


def encode(code: int, reason: str) -> bytes | str:
    """Return the payload, or the name of the error wsclose must raise."""
    if code == 1005 and reason == "":
        return b""
    if code != 1005 and not may_send(code):
        return "CloseCodeError"
    try:
        data = reason.encode("utf-8")
    except UnicodeEncodeError:
        return "ReasonEncodingError"
    if code == 1005 or len(data) > 123:
        return "ReasonLengthError"
    return bytes([code // 256, code % 256]) + data
