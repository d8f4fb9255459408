"""wsclose: a sans-IO codec for the WebSocket close frame (RFC 6455 §5.5.1, §7.4)."""

from __future__ import annotations

from .advice import (
    BACKOFF_BASE,
    BACKOFF_CAP,
    BACKOFF_FACTOR,
    RESTART_MAX_DELAY,
    RESTART_MIN_DELAY,
    Advice,
    Reconnect,
    advise,
    next_delay,
)
from .codes import CloseCode, CodeCategory
from .codesets import (
    CODE_SETS,
    GRAPHQL_TRANSPORT_WS,
    CodeDefinition,
    CodeSet,
    CodeSetError,
    load_code_set,
    parse_code_set,
)
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
    "BACKOFF_BASE",
    "BACKOFF_CAP",
    "BACKOFF_FACTOR",
    "CODE_SETS",
    "GRAPHQL_TRANSPORT_WS",
    "MAX_PAYLOAD_SIZE",
    "MAX_REASON_SIZE",
    "RESTART_MAX_DELAY",
    "RESTART_MIN_DELAY",
    "Action",
    "Advice",
    "Close",
    "CloseCode",
    "CloseCodeError",
    "CloseFrame",
    "CloseFrameError",
    "ClosingHandshake",
    "CodeCategory",
    "CodeDefinition",
    "CodeSet",
    "CodeSetError",
    "FrameError",
    "HandshakeError",
    "PayloadLengthError",
    "ReasonEncodingError",
    "ReasonLengthError",
    "Reconnect",
    "Role",
    "State",
    "WscloseError",
    "advise",
    "decode",
    "decode_frame",
    "encode",
    "encode_frame",
    "load_code_set",
    "next_delay",
    "parse_code_set",
    "truncate_reason",
]

__version__ = "0.1.0"
