"""wsclose: a sans-IO codec for the WebSocket close frame (RFC 6455 §5.5.1, §7.4)."""

from __future__ import annotations

from .codes import CloseCode, CodeCategory
from .errors import (
    CloseCodeError,
    CloseFrameError,
    PayloadLengthError,
    ReasonEncodingError,
    ReasonLengthError,
    WscloseError,
)
from .frame import CloseFrame, FrameError, decode_frame, encode_frame
from .handshake import Action, ClosingHandshake, HandshakeError, Role, State
from .payload import (
    MAX_PAYLOAD_SIZE,
    MAX_REASON_SIZE,
    Close,
    decode,
    encode,
    truncate_reason,
)

__all__ = [
    "MAX_PAYLOAD_SIZE",
    "MAX_REASON_SIZE",
    "Action",
    "Close",
    "CloseCode",
    "CloseCodeError",
    "CloseFrame",
    "CloseFrameError",
    "ClosingHandshake",
    "CodeCategory",
    "FrameError",
    "HandshakeError",
    "PayloadLengthError",
    "ReasonEncodingError",
    "ReasonLengthError",
    "Role",
    "State",
    "WscloseError",
    "decode",
    "decode_frame",
    "encode",
    "encode_frame",
    "truncate_reason",
]

__version__ = "0.1.0"
