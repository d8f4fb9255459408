"""Running one case: connect, send, watch what the server does, judge it."""

from __future__ import annotations

import asyncio
import contextlib
import enum
from typing import TYPE_CHECKING, Final, NamedTuple

from ..codes import CloseCode
from ..errors import CloseFrameError
from ..frame import decode_frame, encode_frame
from ._connection import CLOSE, MAX_RECEIVED, Connection, Frame, ProbeError, build_frame
from .cases import AFTER, Expect
from .report import Result, Verdict

if TYPE_CHECKING:
    from ..payload import Close
    from ._connection import Target
    from .cases import Case, Send

__all__ = [
    "CLOSE_THRESHOLD",
    "CONCURRENCY",
    "TIMEOUT",
    "TOTAL_TIMEOUT",
    "Ending",
    "Observation",
    "check_options",
    "frame_bytes",
    "judge",
    "observe",
    "run_case",
]

#: Seconds each wait of a case may take: connect, upgrade, the close frame, the TCP close.
TIMEOUT: Final = 2.0
#: Seconds the whole run may take.
TOTAL_TIMEOUT: Final = 60.0
#: Seconds the server may take to close TCP after its close frame before close-timing flags it.
CLOSE_THRESHOLD: Final = 0.5
#: Cases run at once, each on its own connection.
CONCURRENCY: Final = 8

_MS: Final = 1000
#: The longest reason a report quotes in full.
_CLIP: Final = 40
#: The most bytes of a bad close payload a report shows.
_HEX_BYTES: Final = 16
_MIB: Final = f"{MAX_RECEIVED >> 20} MiB"


class Ending(enum.Enum):
    """How the connection ended, seen from the probe."""

    EOF = "closed TCP"
    RESET = "reset the connection"
    TIMEOUT = "kept TCP open"
    OVERSIZE = "sent too much"


class Observation(NamedTuple):
    """What the server sent, and how and when the connection ended."""

    frames: tuple[Frame, ...]
    ending: Ending
    #: Seconds from the server's first close frame to the end of the connection.
    close_delay: float | None


def check_options(
    timeout: float, total_timeout: float, close_threshold: float = 0.0, concurrency: int = 1
) -> None:
    """Raise :class:`ProbeError` for a wait that is not over 0 seconds, or a bad threshold."""
    for name, value in (("timeout", timeout), ("total_timeout", total_timeout)):
        if not value > 0:
            raise ProbeError(f"{name} must be over 0 seconds, not {value!r}")
    if not close_threshold >= 0:
        raise ProbeError(f"close_threshold must be 0 seconds or more, not {close_threshold!r}")
    if concurrency < 1:
        raise ProbeError(f"concurrency must be 1 or more, not {concurrency!r}")


async def run_case(case: Case, target: Target, timeout: float, threshold: float) -> Result:
    """Run ``case`` on a fresh connection to ``target``; every wait is at most ``timeout``."""
    try:
        connection = await Connection.open(target, timeout)
    except ProbeError as err:
        return Result(case, Verdict.FAILED, f"no connection: {err}", connected=False)
    try:
        # The server may fail the connection before it reads all: what it did tells.
        with contextlib.suppress(OSError, asyncio.TimeoutError):
            await connection.send(b"".join(map(frame_bytes, case.frames)), timeout)
        observation = await observe(connection, timeout)
    finally:
        connection.abort()
    return judge(case, observation, timeout, threshold)


def frame_bytes(send: Send, *, server: bool = False) -> bytes:
    """The bytes of ``send``; the probe as a ``server`` flips the mask (its frames are unmasked)."""
    mask = send.mask is not server
    if send.close is not None:
        return encode_frame(*send.close, mask=mask)
    return build_frame(send.opcode, send.payload, fin=send.fin, rsv=send.rsv, mask=mask)


async def observe(
    connection: Connection, timeout: float, linger: float | None = None
) -> Observation:
    """Read frames until the peer ends the connection or ``timeout`` passes without it.

    The peer gets ``timeout`` seconds for its close frame, then ``linger``
    seconds more (default ``timeout``) to close TCP.
    """
    loop = asyncio.get_running_loop()
    frames: list[Frame] = []
    closed_at: float | None = None
    deadline = loop.time() + timeout
    ending: Ending | None = None
    # No continue/break: Python 3.9 reports no line event for them, and coverage misses them.
    while ending is None:
        try:
            frame = await asyncio.wait_for(connection.read_frame(), deadline - loop.time())
        except asyncio.IncompleteReadError:
            ending = Ending.EOF
        except asyncio.TimeoutError:  # before OSError: from 3.11 it is builtins.TimeoutError
            ending = Ending.TIMEOUT
        except OSError:
            ending = Ending.RESET
        except ProbeError:
            ending = Ending.OVERSIZE
        else:
            frames.append(frame)
            if frame.opcode == CLOSE and closed_at is None:
                closed_at = loop.time()
                deadline = closed_at + (timeout if linger is None else linger)
    delay = None if closed_at is None or ending is Ending.TIMEOUT else loop.time() - closed_at
    return Observation(tuple(frames), ending, delay)


class _Findings(list[tuple[Verdict, str]]):
    """The faults found in one case, each with the verdict it earns."""

    def fail(self, note: str) -> None:
        self.append((Verdict.FAILED, note))

    def lenient(self, note: str) -> None:
        self.append((Verdict.NON_STRICT, note))

    def verdict(self) -> Verdict:
        return max((verdict for verdict, _ in self), key=_RANK.index, default=Verdict.OK)


_RANK: Final = [Verdict.OK, Verdict.NON_STRICT, Verdict.FAILED]


def judge(
    case: Case, observation: Observation, timeout: float, threshold: float, *, client: bool = False
) -> Result:
    """The verdict on what the peer did in ``case``, with a note for each fault.

    A ``client`` must mask its frames, and it is the server's turn to close TCP.
    """
    frames, ending, delay = observation
    closes = [frame for frame in frames if frame.opcode == CLOSE]
    cut = frames.index(closes[0]) if closes else len(frames)
    after = [frame.name for frame in frames[:cut] if frame.payload == AFTER]
    after += [frame.name for frame in frames[cut + 1 :]]
    after += [f"over {_MIB} of frames"] * (ending is Ending.OVERSIZE and bool(closes))
    findings = _Findings()
    reply = None
    if closes:
        reply = _check_reply(case, closes[0], findings, client=client)
        late = f"kept TCP open {timeout:g} s after its close frame: it closes TCP first (§7.1.1)"
        if client:
            delay = None  # the probe is the server: closing TCP is its turn (§7.1.1)
        elif ending is Ending.TIMEOUT and case.timed:
            findings.fail(late)
        elif ending is Ending.TIMEOUT:
            findings.lenient(late)
        elif case.timed and delay is not None and delay > threshold:
            findings.lenient(
                f"took {_ms(delay)} to close TCP after its close frame, "
                f"over the {_ms(threshold)} threshold (§7.1.1)"
            )
    elif case.expect is Expect.ECHO or ending not in {Ending.EOF, Ending.RESET}:
        findings.fail(_no_close(case, ending, timeout))
    if after:
        findings.fail(f"sent {', '.join(after)} after the close: nothing may follow (§5.5.1)")
    notes = tuple(note for _, note in findings)
    return Result(case, findings.verdict(), _did(observation), notes, reply, delay)


def _check_reply(case: Case, frame: Frame, findings: _Findings, *, client: bool) -> Close | None:
    try:
        decoded = decode_frame(frame.raw)
    except CloseFrameError as err:
        findings.fail(f"its close frame is not valid: {err}")
        return None
    if decoded.masked and not client:
        findings.fail("its close frame is masked: a server never masks (§5.1)")
    if client and not decoded.masked:
        findings.fail("its close frame is not masked: a client always masks (§5.1)")
    code = int(decoded.code)
    if code in case.codes:
        pass
    elif case.expect is Expect.ECHO:
        findings.lenient(f"answered {code}: echoing the code is typical (§5.5.1)")
    elif code in case.lenient:
        findings.lenient(
            f"answered {code}: took a code RFC 6455 does not define; 1002 is strict (§7.4.2)"
        )
    else:
        findings.fail(f"answered {code}, so took what it must refuse ({case.rfc})")
    return decoded.close


def _no_close(case: Case, ending: Ending, timeout: float) -> str:
    if ending is Ending.TIMEOUT:
        what = "fail the connection" if case.expect is Expect.FAIL else "send a close frame"
        return f"did not {what} within {timeout:g} s (§5.5.1, §7.1.7)"
    return f"{ending.value} without a close frame: a close frame needs one back (§5.5.1)"


def _did(observation: Observation) -> str:
    frames, ending, delay = observation
    words = [_frame_words(frame) for frame in frames]
    if ending is Ending.OVERSIZE:
        words.append(f"frames over {_MIB}")
    else:
        words.append(ending.value + (f" after {_ms(delay)}" if delay is not None else ""))
    return ", then ".join(words)


def _frame_words(frame: Frame) -> str:
    if frame.opcode != CLOSE:
        return frame.name
    try:
        close = decode_frame(frame.raw).close
    except CloseFrameError:
        return f"close {frame.payload[:_HEX_BYTES].hex(' ')} (not valid)"
    if close.code == CloseCode.STATUS:
        return "close (no code)"
    reason = close.reason if len(close.reason) <= _CLIP else close.reason[: _CLIP - 3] + "..."
    return f"close {int(close.code)}" + (f" {reason!r}" if reason else "")


def _ms(seconds: float) -> str:
    return f"{seconds * _MS:.0f} ms"
