"""The fuzz targets, as plain functions of bytes: atheris drives them in
tests/fuzz/fuzz.py, and tests/test_fuzz_targets.py runs them on the seed corpus.

Each raises :class:`Finding` (or lets an undocumented exception escape) when
wsclose misbehaves; documented errors are part of the contract, not findings.
The checks are explicit ``if``/``raise``, never ``assert``: they hold under
``python -O`` too.
"""

from __future__ import annotations

from tests import reference
from tests.helpers import outcome
from wsclose import (
    Close,
    CloseCode,
    CloseFrameError,
    ClosingHandshake,
    FrameError,
    HandshakeError,
    Role,
    State,
    decode,
    decode_frame,
    encode,
    encode_frame,
)

REPLY_CODES = {CloseCode.PROTOCOL, CloseCode.INVALID}


class Finding(Exception):
    """wsclose broke a promise the target checks."""


def check(ok: bool, *detail: object) -> None:
    """Raise :class:`Finding` with ``detail`` unless ``ok``."""
    if not ok:
        raise Finding(*detail)


def check_decode(data: bytes) -> None:
    """Any bytes decode as the RFC says, alike for every buffer type, and re-encode stably."""
    result = outcome(decode, data)
    check(result == reference.decode(data), (data, result))
    check(outcome(decode, bytearray(data)) == result)
    check(outcome(decode, memoryview(data)) == result)
    if isinstance(result, Close):
        again = encode(*result)
        check(again == data)
        check(decode(again) == result)
    else:
        try:
            decode(data)
        except CloseFrameError as err:
            check(err.reply_code in REPLY_CODES)
            check(bool(str(err)))


def check_encode(data: bytes) -> None:
    """Any code (24-bit, signed) and reason (with lone surrogates) encode as the RFC says."""
    code = int.from_bytes(data[:3], "big", signed=True)
    reason = data[3:].decode("utf-8", "surrogateescape")
    result = outcome(encode, code, reason)
    check(result == reference.encode(code, reason), (code, reason, result))
    if isinstance(result, bytes):
        check(decode(result) == ((code, reason) if result else (CloseCode.STATUS, "")))


def frame_outcome(data: bytes | bytearray | memoryview) -> object:
    """What ``decode_frame`` gives, in the terms of ``reference.decode_frame``."""
    try:
        frame = decode_frame(data)
    except FrameError as err:
        check(err.reply_code == CloseCode.PROTOCOL, err)
        check(bool(str(err)), err)
        return f"FrameError {err.fault}"
    except CloseFrameError as err:
        check(err.reply_code in REPLY_CODES, err)
        return type(err).__name__
    return (int(frame.code), frame.reason), frame.key


def check_frame(data: bytes) -> None:
    """Any bytes decode as a whole close frame as the RFC says (§5.2, §5.3, §5.5), and back.

    Alike for every buffer type; a frame that decodes encodes again to the same
    bytes with its own key (or none), and every payload encodes to a frame that
    decodes to it, masked with the first 4 bytes as key and unmasked.
    """
    result = frame_outcome(data)
    check(result == reference.decode_frame(data), (data, result))
    check(frame_outcome(bytearray(data)) == result)
    check(frame_outcome(memoryview(data)) == result)
    if not isinstance(result, str):
        frame = decode_frame(data)
        check(encode_frame(frame.code, frame.reason, frame.key) == data, data)
    close = outcome(decode, data)
    if isinstance(close, Close):
        for key in (None, data[:4].ljust(4, b"\0")):
            again = decode_frame(encode_frame(*close, key))
            check(again.close == close and again.key == key, (data, key, again))


def check_handshake(data: bytes) -> None:
    """Any run of events keeps the handshake's promises (RFC 6455 §7.1.2-§7.1.6).

    Byte 0 picks the role; then each byte picks an event: 0 send (a code from the
    next two bytes), 1 receive (a payload whose length is the next byte), 2 lose
    the transport, 3 fail TLS.
    """
    if not data:
        return
    handshake = ClosingHandshake(Role.CLIENT if data[0] & 1 else Role.SERVER)
    sent = 0
    report = None
    gone = False  # the transport was lost or TLS failed
    position = 1
    while position < len(data):
        event = data[position] & 3
        position += 1
        before = (handshake.state, handshake.sent, handshake.received, handshake.report)
        try:
            if event == 0:
                code = int.from_bytes(data[position : position + 2], "big")
                position += 2
                action = handshake.send(code)
            elif event == 1:
                size = data[position] if position < len(data) else 0
                payload = data[position + 1 : position + 1 + size]
                position += 1 + size
                action = handshake.receive(payload)
            elif event == 2:
                action = handshake.transport_lost()
            else:
                action = handshake.tls_failed()
        except HandshakeError as err:
            # only this side's own calls out of turn: a send after a close, a receive once gone
            check(event == 0 or (event == 1 and gone), "HandshakeError for the peer's frame")
            check(err.state is handshake.state)
            check(before == (handshake.state, handshake.sent, handshake.received, handshake.report))
            continue
        except CloseFrameError:
            check(event == 0, "a CloseFrameError out of receive")
            check(before == (handshake.state, handshake.sent, handshake.received, handshake.report))
            continue
        gone = gone or event >= 2
        if action.send is not None:
            sent += 1
            check(action.send == b"" or decode(action.send).code.is_sendable)
        check(sent <= 1, "a second close frame")
        if report is not None:
            check(action.report == report, "the report changed")
        report = action.report
        if report is not None:
            check(handshake.state is State.CLOSED)
            check(handshake.report == report)
