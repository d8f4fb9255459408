"""The probe's cases: what each sends, what RFC 6455 requires, which Autobahn case it mirrors.

The Autobahn Testsuite's case 7 ("close handling") is the model: the same codes
and payloads, the same expectations, plus cases it does not have (1012-1015,
reasons on every valid code, more bad UTF-8, binary after close, a fragmented,
an unmasked close and the time the server takes to close TCP).
"""

from __future__ import annotations

import enum
import fnmatch
import struct
from typing import TYPE_CHECKING, Final, NamedTuple

from ..codes import CloseCode
from ..payload import MAX_REASON_SIZE, encode
from ._connection import BINARY, CLOSE, PING, TEXT, ProbeError

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["CASES", "Case", "Expect", "Send", "select"]


class Expect(enum.Enum):
    """What the server must do with what a case sends."""

    #: Answer with a close frame that echoes the code (or 1000, or no code), then close TCP.
    ECHO = "echo"
    #: Fail the connection, with a close frame with an error code (1002) or TCP closed at once.
    FAIL = "fail"


class Send(NamedTuple):
    """One frame the probe sends; ``close`` set: a valid close that wsclose encodes itself."""

    opcode: int
    payload: bytes = b""
    fin: bool = True
    rsv: int = 0
    mask: bool = True
    close: tuple[int, str] | None = None


class Case(NamedTuple):
    """One case: what is sent, what the server must do, and where that rule is written.

    Attributes:
        id: A short name (``code-1000``), for ``--case``.
        title: What the case does, in a sentence.
        autobahn: The Autobahn Testsuite cases it mirrors (``7.3.3, 7.7.1``), or ``""``.
        rfc: The sections of RFC 6455 that set the rule.
        sent: What is sent, in a few words.
        frames: The frames, written in one go after the opening handshake.
        expect: What the server must do.
        codes: The reply codes that are right (1005: a close frame with no code).
        lenient: Reply codes that pass but are not strict (NON-STRICT).
        timed: Whether the time to close TCP is judged against the threshold.

    >>> (case,) = select(["bad-code-1006"])
    >>> case.autobahn, case.sent, case.requires
    ('7.9.5', 'close 1006', 'fail: close 1002, or drop TCP')
    """

    id: str
    title: str
    autobahn: str
    rfc: str
    sent: str
    frames: tuple[Send, ...]
    expect: Expect
    codes: frozenset[int]
    lenient: frozenset[int] = frozenset()
    timed: bool = False

    @property
    def requires(self) -> str:
        """What RFC 6455 requires of the server, in a few words."""
        codes = sorted(self.codes - {CloseCode.STATUS}, key=lambda code: (code == _NORMAL, code))
        words = " or ".join(map(str, codes))
        if CloseCode.STATUS in self.codes:
            words += " (or no code)"
        if self.expect is Expect.FAIL:
            return f"fail: close {words}, or drop TCP"
        return f"close {words}, then close TCP" + (" at once" if self.timed else "")


#: Valid codes a server must accept and echo (§7.4.1, §7.4.2, IANA), and Autobahn's 7.7.x.
VALID: Final = {
    1000: "7.7.1", 1001: "7.7.2", 1002: "7.7.3", 1003: "7.7.4", 1007: "7.7.5", 1008: "7.7.6",
    1009: "7.7.7", 1010: "7.7.8", 1011: "7.7.9", 1012: "", 1013: "", 1014: "",
    3000: "7.7.10", 3999: "7.7.11", 4000: "7.7.12", 4999: "7.7.13",
}  # fmt: skip
#: Codes that may never be sent (§7.4.1, §7.4.2), and Autobahn's 7.9.x and 7.13.x.
FORBIDDEN: Final = {
    0: "7.9.1", 999: "7.9.2", 1004: "7.9.3", 1005: "7.9.4", 1006: "7.9.5", 1015: "",
    1016: "7.9.6", 1100: "7.9.7", 2000: "7.9.8", 2999: "7.9.9", 5000: "7.13.1", 65535: "7.13.2",
}  # fmt: skip
#: Codes over 4999 are not defined (§7.4.2): Autobahn lets a server accept them.
UNDEFINED_FROM: Final = 5000
#: The reason the probe sends with valid codes.
REASON: Final = "wsclose probe"
#: Autobahn 7.5.1's reason: "κόσμε", an encoded surrogate (U+D800), "edited".
SURROGATE: Final = b"\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xed\xa0\x80edited"
#: The payloads sent after a close, to tell a reply to them from other frames.
AFTER: Final = b"wsclose probe: after the close"

_NORMAL: Final = int(CloseCode.NORMAL)
_PROTOCOL: Final = frozenset({int(CloseCode.PROTOCOL)})
_UTF8_ERRORS: Final = frozenset({int(CloseCode.PROTOCOL), int(CloseCode.INVALID)})


def _close(code: int, reason: str = "") -> Send:
    return Send(CLOSE, encode(code, reason), close=(code, reason))


def _raw_close(payload: bytes, *, fin: bool = True, rsv: int = 0, mask: bool = True) -> Send:
    return Send(CLOSE, payload, fin, rsv, mask)


def _echo(code: int) -> frozenset[int]:
    return frozenset({code, _NORMAL, int(CloseCode.STATUS)})


def _valid_cases() -> Iterable[Case]:
    for code, autobahn in VALID.items():
        name = CloseCode(code).name
        for reason, also in (("", "7.3.3"), (REASON, "7.3.4")):
            yield Case(
                f"code-{code}" + ("-reason" if reason else ""),
                f"close with valid code {code} ({name})" + (" and a reason" if reason else ""),
                f"{also}, {autobahn}" if code == _NORMAL else autobahn,
                "§5.5.1, §7.4",
                f"close {code}" + (f" {reason!r}" if reason else ""),
                (_close(code, reason),),
                Expect.ECHO,
                _echo(code),
            )


def _forbidden_cases() -> Iterable[Case]:
    for code, autobahn in FORBIDDEN.items():
        undefined = code >= UNDEFINED_FROM
        yield Case(
            f"bad-code-{code}",
            f"close with code {code}, which may not be sent",
            autobahn,
            "§7.4.2" if undefined else "§7.4.1, §7.4.2",
            f"close {code}",
            (_raw_close(struct.pack("!H", code)),),
            Expect.FAIL,
            _PROTOCOL,
            frozenset({code, _NORMAL}) if undefined else frozenset(),
        )


def _other_cases() -> Iterable[Case]:
    after = "close 1000, then "
    yield from (
        Case("length-0", "close with an empty payload", "7.3.1", "§5.5.1, §7.1.5",
             "close, no payload", (_close(CloseCode.STATUS),), Expect.ECHO,
             frozenset({_NORMAL, int(CloseCode.STATUS)})),
        Case("length-1", "close with a 1-byte payload", "7.3.2", "§5.5.1",
             "close, payload b'a'", (_raw_close(b"a"),), Expect.FAIL, _PROTOCOL),
        Case("length-125", "close with a reason of 123 bytes, the most", "7.3.5", "§5.5",
             "close 1000, 123-byte reason", (_close(_NORMAL, "*" * MAX_REASON_SIZE),),
             Expect.ECHO, _echo(_NORMAL)),
        Case("length-126", "close with a 126-byte payload (16-bit length)", "7.3.6", "§5.5",
             "close 1000, 124-byte reason",
             (_raw_close(encode(_NORMAL) + b"*" * (MAX_REASON_SIZE + 1)),),
             Expect.FAIL, _PROTOCOL),
        Case("utf8-surrogate", "close with an encoded surrogate in the reason", "7.5.1",
             "§5.5.1, §8.1", "close 1000, reason with ED A0 80",
             (_raw_close(encode(_NORMAL) + SURROGATE),), Expect.FAIL, _UTF8_ERRORS),
        Case("utf8-invalid", "close with a reason that is not UTF-8", "", "§5.5.1, §8.1",
             "close 1000, reason b'bye\\xff'", (_raw_close(encode(_NORMAL) + b"bye\xff"),),
             Expect.FAIL, _UTF8_ERRORS),
        Case("utf8-overlong", "close with an overlong encoding in the reason", "", "§5.5.1, §8.1",
             "close 1000, reason C0 AF", (_raw_close(encode(_NORMAL) + b"\xc0\xaf"),),
             Expect.FAIL, _UTF8_ERRORS),
        Case("two-closes", "two close frames: the second is ignored", "7.1.2", "§5.5.1",
             after + "an empty close", (_close(_NORMAL), _raw_close(b"")), Expect.ECHO,
             _echo(_NORMAL)),
        Case("ping-after-close", "a ping after the close: no pong", "7.1.3", "§5.5.1",
             after + "ping", (_close(_NORMAL), Send(PING, AFTER)), Expect.ECHO, _echo(_NORMAL)),
        Case("text-after-close", "a text message after the close: ignored", "7.1.4", "§5.5.1",
             after + "text", (_close(_NORMAL), Send(TEXT, AFTER)), Expect.ECHO, _echo(_NORMAL)),
        Case("binary-after-close", "a binary message after the close: ignored", "", "§5.5.1",
             after + "binary", (_close(_NORMAL), Send(BINARY, AFTER)), Expect.ECHO,
             _echo(_NORMAL)),
        Case("fragmented-close", "a close frame with FIN clear", "", "§5.4, §5.5",
             "close 1000, FIN clear", (_raw_close(encode(_NORMAL), fin=False),),
             Expect.FAIL, _PROTOCOL),
        Case("rsv-close", "a close frame with RSV = 7", "3.7", "§5.2",
             "close 1000, RSV bits 7", (_raw_close(encode(_NORMAL), rsv=7),),
             Expect.FAIL, _PROTOCOL),
        Case("unmasked-close", "an unmasked close frame from the client", "", "§5.1, §5.3",
             "close 1000, not masked", (_raw_close(encode(_NORMAL), mask=False),),
             Expect.FAIL, _PROTOCOL),
        Case("close-timing", "the time the server takes to close TCP after its close frame",
             "", "§7.1.1", "close 1000", (_close(_NORMAL),), Expect.ECHO, _echo(_NORMAL),
             timed=True),
    )  # fmt: skip


#: Every case, in the order the report lists them.
CASES: Final[tuple[Case, ...]] = (*_valid_cases(), *_forbidden_cases(), *_other_cases())


def select(patterns: Iterable[str] | None) -> tuple[Case, ...]:
    """The cases whose id or Autobahn case matches one of ``patterns`` (``*`` wildcards).

    Args:
        patterns: Case ids (``code-1000``), Autobahn ids (``7.9.5``) or patterns
            (``bad-code-*``); None for every case.

    Raises:
        ProbeError: A pattern matches no case.

    >>> [case.id for case in select(["7.7.1", "7.9.5", "length-12*"])]
    ['code-1000', 'code-1000-reason', 'bad-code-1006', 'length-125', 'length-126']
    """
    if patterns is None:
        return CASES
    patterns = list(patterns)
    if not patterns:
        raise ProbeError("no case chosen")
    for pattern in patterns:
        if not any(_matches(case, pattern) for case in CASES):
            raise ProbeError(f"no case matches {pattern!r} (see wsclose probe --list)")
    return tuple(case for case in CASES if any(_matches(case, p) for p in patterns))


def _matches(case: Case, pattern: str) -> bool:
    names = [case.id, *case.autobahn.split(", ")] if case.autobahn else [case.id]
    return any(fnmatch.fnmatchcase(name, pattern) for name in names)
