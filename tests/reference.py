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


def mask(payload: bytes, key: bytes) -> bytes:
    """XOR each byte with the key's byte at its index modulo 4 (RFC 6455 §5.3)."""
    return bytes(byte ^ key[index % 4] for index, byte in enumerate(payload))


def frame(payload: bytes, key: bytes | None = None) -> bytes:
    """A whole close frame (§5.2): FIN, opcode 8, the MASK bit and key if any, the payload."""
    if key is None:
        return bytes([0b1000_1000, len(payload)]) + payload
    return bytes([0b1000_1000, 0b1000_0000 | len(payload)]) + key + mask(payload, key)


def frame_fault(data: bytes) -> str | None:
    """The first fault of a close frame's header (§5.2, §5.5), in the order checked, or None."""
    if len(data) < 2:
        return "truncated"
    fin = data[0] >> 7
    rsv = (data[0] >> 4) & 0b111
    opcode = data[0] & 0b1111
    masked = data[1] >> 7
    length = data[1] & 0b111_1111
    end = (6 if masked else 2) + length
    checks = [
        ("fin", not fin),
        ("rsv", rsv != 0),
        ("opcode", opcode != 8),
        ("length", length > 125),
        ("truncated", len(data) < end),
        ("trailing", len(data) > end),
    ]
    return next((fault for fault, bad in checks if bad), None)


def decode_frame(data: bytes) -> object:
    """Return ``((code, reason), key)``, ``"FrameError <fault>"`` or the payload error's name."""
    fault = frame_fault(data)
    if fault is not None:
        return f"FrameError {fault}"
    key = data[2:6] if data[1] >> 7 else None
    payload = data[2:] if key is None else mask(data[6:], key)
    result = decode(payload)
    return result if isinstance(result, str) else (result, key)
