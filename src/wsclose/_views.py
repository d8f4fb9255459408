"""What the CLI shows about a code, a close, a frame or an error: rows for text, dicts for JSON."""

from __future__ import annotations

import json
import textwrap

from ._output import LABEL_WIDTH
from .advice import BACKOFF_CAP, RESTART_MAX_DELAY, RESTART_MIN_DELAY, Reconnect, advise
from .codes import CloseCode
from .errors import CloseCodeError, ReasonLengthError
from .frame import FrameError
from .payload import MAX_REASON_SIZE

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

    from .advice import Advice
    from .codesets import CodeSet
    from .errors import CloseFrameError
    from .frame import CloseFrame
    from .payload import Close

__all__ = [
    "advice_json",
    "advice_rows",
    "close_json",
    "close_rows",
    "code_details",
    "code_json",
    "code_rows",
    "defined_json",
    "error_json",
    "frame_json",
    "frame_rows",
    "member_name",
    "received_error",
    "send_error",
    "source",
]

#: The width the text output keeps to.
WIDTH: Final = 80
#: The opcode of a close frame (RFC 6455 §5.5.1).
OPCODE_CLOSE: Final = 0x8
#: The bytes of a frame header before the key and payload (RFC 6455 §5.2).
FRAME_HEADER: Final = 2
#: The size of a masking key (RFC 6455 §5.3).
KEY_SIZE: Final = 4
#: The codes RFC 6455 defines or reserves by number (§7.4.1); other named codes are IANA's.
RFC_CODES: Final = frozenset({*range(1000, 1012), 1015})

Rows = list[tuple[str, str]]


def member_name(code: CloseCode) -> str | None:
    """The code's member name; None for a code without one (a pseudo-member)."""
    return code.name if code.name in CloseCode.__members__ else None


def code_json(code: CloseCode) -> dict[str, object]:
    """A code as ``wsclose codes --json`` lists it."""
    return {
        "code": int(code),
        "name": member_name(code),
        "category": str(code.category),
        "sendable": code.is_sendable,
        "browser_allowed": code.is_browser_allowed,
        "phrase": code.phrase,
        "description": code.description,
    }


def code_details(code: CloseCode) -> dict[str, object]:
    """A code as ``wsclose code --json`` shows it: its aliases and where it is defined, too."""
    return {**code_json(code), "aliases": _aliases(code), "source": source(code)}


def code_rows(code: CloseCode, codes: CodeSet | None = None) -> Rows:
    """A code as ``wsclose code`` shows it, wrapped to :data:`WIDTH` columns.

    A code set that defines the code gives its name and meaning.
    """
    return [
        ("code", str(code)),
        ("name", _name(code, codes)),
        ("aliases", ", ".join(_aliases(code)) or "-"),
        ("class", str(code.category)),
        *_wrapped("meaning", _meaning(code, codes)),
        *_wrapped("about", code.description),
        ("send", "yes: may be sent" if code.is_sendable else "no: never sent on the wire"),
        ("browser", "yes" if code.is_browser_allowed else "no: WebSocket.close() refuses it"),
        ("source", source(code)),
    ]


def _aliases(code: CloseCode) -> list[str]:
    names = CloseCode.__members__.items()
    return [name for name, member in names if member is code and name != code.name]


def source(code: CloseCode) -> str:
    """Where the code is defined: RFC 6455 §7.4.1, the IANA registry, or a §7.4.2 range."""
    if code in RFC_CODES:
        return "RFC 6455 §7.4.1"
    if member_name(code) is not None:
        return "IANA registry"
    return "RFC 6455 §7.4.2"


def close_json(close: Close) -> dict[str, object]:
    """A decoded close: its code as :func:`code_json` shows it, and the reason."""
    return {**code_json(close.code), "reason": close.reason}


def close_rows(close: Close, codes: CodeSet | None = None) -> Rows:
    """A decoded close, the advice after it; the reason as a JSON string (the printer escapes it).

    A code set that defines the code gives its name, meaning and advice.
    """
    code = close.code
    return [
        ("code", str(code)),
        ("name", _name(code, codes)),
        ("class", str(code.category)),
        *_wrapped("meaning", _meaning(code, codes)),
        *advice_rows(advise(close, codes)),
        ("reason", json.dumps(close.reason, ensure_ascii=False)),
    ]


def _name(code: CloseCode, codes: CodeSet | None) -> str:
    if codes is not None:
        defined = codes.get(code)
        if defined is not None:
            return f"{defined.name} ({codes.name})"
    return member_name(code) or "-"


def _meaning(code: CloseCode, codes: CodeSet | None) -> str:
    defined = None if codes is None else codes.get(code)
    return code.phrase if defined is None or not defined.description else defined.description


def _wrapped(label: str, text: str) -> Rows:
    """``text`` in lines that fit :data:`WIDTH` columns, the first one labelled."""
    lines = textwrap.wrap(text, WIDTH - LABEL_WIDTH) or [""]
    return [(label if i == 0 else "", line) for i, line in enumerate(lines)]


def defined_json(code: int, codes: CodeSet) -> dict[str, object] | None:
    """The code's definition in ``codes``: the set's name, the code's name and meaning; or None."""
    defined = codes.get(code)
    if defined is None:
        return None
    return {"set": codes.name, "name": defined.name, "description": defined.description}


def advice_rows(advice: Advice) -> Rows:
    """What a client should do after the close, wrapped to :data:`WIDTH` columns."""
    return _wrapped("advice", str(advice))


#: The least and most seconds :func:`wsclose.next_delay` draws for each kind, by default.
DELAY_BOUNDS: Final = {
    Reconnect.BACKOFF: (0.0, BACKOFF_CAP),
    Reconnect.OTHER_HOST: (0.0, BACKOFF_CAP),
    Reconnect.RESTART: (RESTART_MIN_DELAY, RESTART_MAX_DELAY),
}


def advice_json(advice: Advice) -> dict[str, object]:
    """The advice: its kind, what to do, why, and the bounds of its delays (None: no delay)."""
    bounds = DELAY_BOUNDS.get(advice.kind)
    return {
        "kind": advice.kind.value,
        "summary": advice.kind.summary,
        "reason": advice.reason,
        "delay": None if bounds is None else {"min": bounds[0], "max": bounds[1]},
    }


def frame_json(frame: CloseFrame, size: int) -> dict[str, object]:
    """The header of a ``size``-byte frame ``decode_frame`` accepted: FIN set, RSV 0, opcode 8."""
    key = frame.key
    return {
        "fin": True,
        "rsv": 0,
        "opcode": OPCODE_CLOSE,
        "masked": frame.masked,
        "key": None if key is None else key.hex(),
        "direction": _direction(frame),
        "length": _payload_length(frame, size),
    }


def frame_rows(frame: CloseFrame, size: int, codes: CodeSet | None = None) -> Rows:
    """A decoded frame: its header, then its close as :func:`close_rows` shows it."""
    key = frame.key
    masked = "no" if key is None else f"yes, key {key.hex(' ')}"
    return [
        ("frame", f"FIN 1, RSV 0, opcode 0x{OPCODE_CLOSE:x} (close)"),
        ("masked", f"{masked}: {_direction(frame)}"),
        ("length", f"{_payload_length(frame, size)} bytes of payload"),
        *close_rows(frame.close, codes),
    ]


def _direction(frame: CloseFrame) -> str:
    """Who sent the frame: clients mask every frame, servers none (RFC 6455 §5.1)."""
    return "client to server" if frame.masked else "server to client"


def _payload_length(frame: CloseFrame, size: int) -> int:
    return size - FRAME_HEADER - (KEY_SIZE if frame.masked else 0)


def received_error(exc: CloseFrameError) -> str:
    """What ``decode`` says of a frame or payload a peer should not have sent."""
    reply = exc.reply_code
    return f"{exc}; reply with {reply} ({reply.name})"


def send_error(exc: CloseFrameError) -> str:
    """What ``encode`` says to a sender of what may not be sent."""
    if isinstance(exc, CloseCodeError):
        return f"cannot send close code {exc.code}: {str(exc).partition(': ')[2]}"
    if isinstance(exc, ReasonLengthError) and exc.limit:
        return (
            f"cannot send this reason: {exc}; use --truncate to cut it to {MAX_REASON_SIZE} bytes"
        )
    return f"cannot send this close frame: {exc}"


def error_json(exc: CloseFrameError, message: str) -> dict[str, object]:
    """An invalid frame or payload, or a close that cannot be sent, and what was said of it."""
    reply = exc.reply_code
    return {
        "error": message,
        "error_type": type(exc).__name__,
        "reply_code": int(reply),
        "reply_name": reply.name,
        **({"fault": exc.fault} if isinstance(exc, FrameError) else {}),
    }
