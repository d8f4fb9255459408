"""Reconnect advice: a decision and a cited reason for every code, and the delay schedule."""

from __future__ import annotations

import math
import pickle
import random
import subprocess
import sys
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wsclose import (
    BACKOFF_BASE,
    BACKOFF_CAP,
    BACKOFF_FACTOR,
    GRAPHQL_TRANSPORT_WS,
    RESTART_MAX_DELAY,
    RESTART_MIN_DELAY,
    Advice,
    Close,
    CloseCode,
    CodeCategory,
    Reconnect,
    advise,
    next_delay,
)

NEVER, BACKOFF, RESTART = Reconnect.NEVER, Reconnect.BACKOFF, Reconnect.RESTART
OTHER_HOST, NEW_CREDENTIALS, APPLICATION = (
    Reconnect.OTHER_HOST,
    Reconnect.NEW_CREDENTIALS,
    Reconnect.APPLICATION,
)

# Every named code: its advice, and the source its reason must cite.
NAMED = [
    (1000, NEVER, "RFC 6455 §7.4.1"),
    (1001, BACKOFF, "RFC 6455 §7.4.1"),
    (1002, NEVER, "RFC 6455 §7.4.1"),
    (1003, NEVER, "RFC 6455 §7.4.1"),
    (1005, BACKOFF, "RFC 6455 §7.1.5"),
    (1006, BACKOFF, "RFC 6455 §7.2.3"),
    (1007, NEVER, "RFC 6455 §7.4.1"),
    (1008, NEVER, "RFC 6455 §7.4.1"),
    (1009, NEVER, "RFC 6455 §7.4.1"),
    (1010, NEVER, "RFC 6455 §7.4.1"),
    (1011, BACKOFF, "RFC 6455 §7.4.1"),
    (1012, RESTART, "ws-rs RESTART"),
    (1013, OTHER_HOST, "ws-rs AGAIN"),
    (1014, BACKOFF, "IANA registry"),
    (1015, NEVER, "RFC 6455 §7.4.1"),
    (3000, NEW_CREDENTIALS, "IANA registry"),
    (3003, NEVER, "IANA registry"),
    (3008, BACKOFF, "IANA registry"),
]

# Each class of unnamed codes, at its edges: the advice and the source cited.
CLASSES = [
    (0, NEVER, CodeCategory.OUT_OF_RANGE),
    (999, NEVER, CodeCategory.OUT_OF_RANGE),
    (1004, NEVER, CodeCategory.RESERVED),
    (1016, NEVER, CodeCategory.RESERVED),
    (2999, NEVER, CodeCategory.RESERVED),
    (3001, APPLICATION, CodeCategory.LIBRARY),
    (3999, APPLICATION, CodeCategory.LIBRARY),
    (4000, APPLICATION, CodeCategory.PRIVATE),
    (4999, APPLICATION, CodeCategory.PRIVATE),
    (5000, NEVER, CodeCategory.OUT_OF_RANGE),
    (65535, NEVER, CodeCategory.OUT_OF_RANGE),
]


def test_the_table_names_every_named_code() -> None:
    assert [code for code, _, _ in NAMED] == [int(code) for code in CloseCode]


@pytest.mark.parametrize(("code", "kind", "source"), NAMED)
def test_named_code(code: int, kind: Reconnect, source: str) -> None:
    advice = advise(code)
    assert (advice.kind, advice.code) == (kind, code)
    assert advice.reason.startswith(source) or f", {source}:" in advice.reason
    assert advise(Close(code, "reason")) == advice
    assert advise(CloseCode(code)) is advice


@pytest.mark.parametrize(("code", "kind", "category"), CLASSES)
def test_code_class(code: int, kind: Reconnect, category: CodeCategory) -> None:
    advice = advise(code)
    assert CloseCode(code).category is category
    assert (advice.kind, advice.code) == (kind, code)
    assert advice.reason.startswith("RFC 6455 §7.4.2: ")


def test_local_only_codes_are_decided() -> None:
    assert {code: advise(code).kind for code in (1005, 1006, 1015)} == {
        1005: BACKOFF,
        1006: BACKOFF,
        1015: NEVER,
    }
    assert "no code was given" in advise(1005).reason


def test_advise_is_total_over_16_bits() -> None:
    kinds: set[Reconnect] = set()
    for code in range(1 << 16):
        advice = advise(code)
        assert type(advice) is Advice
        assert advice.code == code
        assert advice.reason.startswith(("RFC 6455 §", "IANA registry"))
        assert "\n" not in advice.reason
        kinds.add(advice.kind)
    assert kinds == set(Reconnect)


class MyInt(int):
    pass


@pytest.mark.parametrize("value", [MyInt(1012), CloseCode.RESTART, Close(1012), Close(1012, "x")])
def test_int_subclasses_and_closes(value: int) -> None:
    assert advise(value).kind is RESTART
    assert type(advise(value).code) is CloseCode


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (True, TypeError, "close must be a Close or an int, not bool"),
        ("1000", TypeError, "not str"),
        (1000.0, TypeError, "not float"),
        ((1000, ""), TypeError, "not tuple"),
        (None, TypeError, "not NoneType"),
        (-1, ValueError, "-1 is not a valid CloseCode"),
        (1 << 16, ValueError, "65536 is not a valid CloseCode"),
    ],
)
def test_advise_refuses(value: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        advise(value)  # type: ignore[arg-type]


def test_advise_refuses_codes_that_are_not_a_code_set() -> None:
    with pytest.raises(TypeError, match="codes must be a CodeSet, not dict"):
        advise(4400, codes={4400: NEVER})  # type: ignore[arg-type]


def test_code_set_advice_comes_first_and_falls_through() -> None:
    assert advise(4400).kind is APPLICATION
    advice = advise(4400, codes=GRAPHQL_TRANSPORT_WS)
    assert advice.kind is NEVER
    assert advice.reason.startswith("graphql-transport-ws BadRequest: ")
    assert advise(1012, codes=GRAPHQL_TRANSPORT_WS) is advise(1012)
    assert advise(4001, codes=GRAPHQL_TRANSPORT_WS).kind is APPLICATION


def test_advice_value() -> None:
    advice = advise(1013)
    kind, code, reason = advice
    assert (kind, code, reason) == (advice.kind, advice.code, advice.reason)
    assert advice == (OTHER_HOST, 1013, reason)
    assert hash(advice) == hash((OTHER_HOST, 1013, reason))
    assert pickle.loads(pickle.dumps(advice)) == advice
    assert type(pickle.loads(pickle.dumps(advice))) is Advice
    assert repr(advice) == (
        f"Advice(kind=<Reconnect.OTHER_HOST: 'other-host'>, "
        f"code=<CloseCode.AGAIN: 1013>, reason={reason!r})"
    )
    assert str(advice) == f"connect to another host, or to this one after a user action ({reason})"
    with pytest.raises(AttributeError):
        advice.kind = NEVER  # type: ignore[misc]
    with pytest.raises(AttributeError):
        advice.extra = 1  # type: ignore[attr-defined]


def test_advice_constructor_checks_its_fields() -> None:
    assert Advice("never", 1000, "why") == (NEVER, CloseCode.NORMAL, "why")
    with pytest.raises(ValueError, match="'sometimes' is not a valid Reconnect"):
        Advice("sometimes", 1000, "why")
    with pytest.raises(TypeError, match="close code must be an int"):
        Advice(NEVER, "1000", "why")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kind", "summary"),
    [
        (NEVER, "do not reconnect"),
        (BACKOFF, "reconnect after a backoff"),
        (RESTART, "reconnect after a random 5-30 s"),
        (OTHER_HOST, "connect to another host, or to this one after a user action"),
        (NEW_CREDENTIALS, "reconnect only with new credentials"),
        (APPLICATION, "the application decides"),
    ],
)
def test_kind_summary(kind: Reconnect, summary: str) -> None:
    assert kind.summary == summary
    assert str(kind) == kind.value
    assert Reconnect(kind.value) is kind


def test_defaults_are_the_documented_ones() -> None:
    assert (BACKOFF_BASE, BACKOFF_FACTOR, BACKOFF_CAP) == (5.0, 2.0, 90.0)
    assert (RESTART_MIN_DELAY, RESTART_MAX_DELAY) == (5.0, 30.0)


# The schedule.

attempts = st.integers(min_value=0, max_value=10**6) | st.integers(min_value=0)
seeds = st.integers(min_value=0, max_value=2**64)


def reference_ceiling(attempt: int, base: float, factor: float, cap: float) -> float:
    """The backoff ceiling, computed with logarithms instead of powers."""
    if factor == 1 or math.log(cap / base) / math.log(factor) >= attempt:
        return min(cap, base * factor**attempt)
    return cap


# No timed assertions: a slow, loaded machine is not a failure.
untimed = settings(deadline=None)


@untimed
@given(attempt=attempts, seed=seeds)
def test_backoff_delay_is_within_its_bounds(attempt: int, seed: int) -> None:
    delay = next_delay(advise(1006), attempt, random.Random(seed))
    assert delay is not None
    ceiling = reference_ceiling(attempt, BACKOFF_BASE, BACKOFF_FACTOR, BACKOFF_CAP)
    assert 0 <= delay <= ceiling <= BACKOFF_CAP
    assert next_delay(OTHER_HOST, attempt, random.Random(seed)) == delay


@untimed
@given(
    attempt=attempts,
    seed=seeds,
    base=st.floats(min_value=1e-3, max_value=1e3),
    factor=st.floats(min_value=1, max_value=10),
    cap=st.floats(min_value=1e-3, max_value=1e4),
)
def test_cap_holds_for_any_parameters(
    attempt: int, seed: int, base: float, factor: float, cap: float
) -> None:
    delay = next_delay(BACKOFF, attempt, random.Random(seed), base=base, factor=factor, cap=cap)
    assert delay is not None
    assert 0 <= delay <= min(cap, reference_ceiling(attempt, base, factor, cap))


@untimed
@given(attempt=attempts, seed=seeds)
def test_restart_delay_is_always_5_to_30_seconds(attempt: int, seed: int) -> None:
    delay = next_delay(advise(1012), attempt, random.Random(seed))
    assert delay is not None
    assert RESTART_MIN_DELAY <= delay <= RESTART_MAX_DELAY


@untimed
@given(seed=seeds, low=st.floats(0, 100), width=st.floats(0, 100))
def test_restart_bounds_are_overridable(seed: int, low: float, width: float) -> None:
    delay = next_delay(RESTART, 3, random.Random(seed), restart=(low, low + width))
    assert delay is not None
    assert low <= delay <= low + width


@untimed
@given(seed=seeds)
def test_same_seed_same_sequence(seed: int) -> None:
    kinds = [advise(code) for code in (1006, 1012, 1013, 1001, 1012, 3008)]

    def sequence() -> list[float | None]:
        rng = random.Random(seed)
        return [next_delay(advice, attempt, rng) for attempt, advice in enumerate(kinds)]

    assert sequence() == sequence()


def test_delays_follow_the_documented_formula() -> None:
    draws = random.Random(7)
    expected = [
        5 * draws.random(),  # attempt 0: 0-5 s
        10 * draws.random(),  # attempt 1: 0-10 s
        5 + 25 * draws.random(),  # RESTART: 5-30 s, every time
        90 * draws.random(),  # attempt 9: 5 * 2**9 capped at 90 s
    ]
    rng = random.Random(7)
    actual = [
        next_delay(advise(1006), 0, rng),
        next_delay(advise(1011), 1, rng),
        next_delay(advise(1012), 8, rng),
        next_delay(advise(1014), 9, rng),
    ]
    assert actual == expected


@pytest.mark.parametrize("code", [1000, 1002, 1015, 3000, 3003, 4000, 1004, 0])
def test_no_automatic_reconnect_gives_none(code: int) -> None:
    rng = random.Random(1)
    assert next_delay(advise(code), 0, rng) is None
    assert rng.random() == random.Random(1).random()  # nothing drawn


def test_default_random_draws_within_bounds() -> None:
    delays = [next_delay(advise(1006), 2) for _ in range(50)]
    assert all(delay is not None and 0 <= delay <= 20 for delay in delays)
    assert len(set(delays)) > 1
    restart = next_delay(RESTART, 0)
    assert restart is not None
    assert 5 <= restart <= 30


def test_default_random_from_threads() -> None:
    results: list[float | None] = []

    def draw() -> None:
        results.extend(next_delay(RESTART, attempt) for attempt in range(100))

    threads = [threading.Thread(target=draw) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 400
    assert all(delay is not None and 5 <= delay <= 30 for delay in results)


def test_huge_attempts_stay_capped() -> None:
    rng = random.Random(3)
    for attempt in (1023, 1024, 1100, 10**6, 10**400):
        delay = next_delay(BACKOFF, attempt, rng)
        assert delay is not None
        assert 0 <= delay <= BACKOFF_CAP
    assert next_delay(BACKOFF, 10**400, random.Random(3), factor=1) == 5 * random.Random(3).random()


class FixedRandom:
    def __init__(self, value: float) -> None:
        self.value = value

    def random(self) -> float:
        return self.value


def test_any_object_with_random_will_do() -> None:
    assert next_delay(BACKOFF, 2, FixedRandom(0.5)) == 10.0
    assert next_delay(RESTART, 2, FixedRandom(0.5)) == 17.5
    assert next_delay(BACKOFF, 2, random.SystemRandom()) is not None


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"advice": 1006}, TypeError, "advice must be an Advice or a Reconnect, not int"),
        ({"advice": "backoff"}, TypeError, "advice must be an Advice or a Reconnect, not str"),
        ({"advice": (BACKOFF, 1006, "")}, TypeError, "advice must be .*, not tuple"),
        ({"attempt": 1.0}, TypeError, "attempt must be an int, not float"),
        ({"attempt": True}, TypeError, "attempt must be an int, not bool"),
        ({"attempt": "1"}, TypeError, "attempt must be an int, not str"),
        ({"attempt": -1}, ValueError, "attempt must be 0 or more, not -1"),
        ({"rng": 42}, TypeError, "rng must have a random\\(\\) method, not be int"),
        ({"rng": random}, None, ""),
        ({"base": "5"}, TypeError, "base must be a number, not str"),
        ({"base": True}, TypeError, "base must be a number, not bool"),
        ({"base": 0}, ValueError, "base must be above 0, not 0.0"),
        ({"base": -1.0}, ValueError, "base must be above 0"),
        ({"base": math.nan}, ValueError, "base must be finite, not nan"),
        ({"base": math.inf}, ValueError, "base must be finite, not inf"),
        ({"base": 10**400}, ValueError, "base must be finite, not inf"),
        ({"cap": 10**5000}, ValueError, "cap must be finite, not inf"),
        ({"factor": 0.5}, ValueError, "factor must be 1 or more, not 0.5"),
        ({"factor": None}, TypeError, "factor must be a number, not NoneType"),
        ({"cap": 0.0}, ValueError, "cap must be above 0, not 0.0"),
        ({"cap": -math.inf}, ValueError, "cap must be finite"),
        ({"restart": [5, 30]}, TypeError, "restart must be a \\(low, high\\) tuple, not list"),
        ({"restart": (5, 30, 60)}, TypeError, "restart must be a \\(low, high\\) tuple"),
        ({"restart": (5, "30")}, TypeError, "restart must be a number, not str"),
        ({"restart": (30, 5)}, ValueError, "with 0 <= low <= high, not \\(30.0, 5.0\\)"),
        ({"restart": (-1, 5)}, ValueError, "restart must be \\(low, high\\)"),
        ({"restart": (0, math.inf)}, ValueError, "restart must be finite"),
    ],
)
@pytest.mark.parametrize("kind", [BACKOFF, NEVER])
def test_next_delay_refuses_bad_arguments(
    kwargs: dict[str, object], error: type[Exception] | None, message: str, kind: Reconnect
) -> None:
    call: dict[str, object] = {"advice": kind, "attempt": 0, "rng": random.Random(0), **kwargs}
    if error is None:
        next_delay(**call)  # type: ignore[arg-type]
        return
    with pytest.raises(error, match=message):
        next_delay(**call)  # type: ignore[arg-type]


def test_import_stays_light() -> None:
    code = (
        "import sys, wsclose; "
        "print(sorted({'random', 'json', 'typing', 'asyncio'} & set(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_advice_under_python_dash_o() -> None:
    code = (
        "import random, wsclose\n"
        "print(wsclose.advise(1012).kind)\n"
        "try:\n"
        "    wsclose.next_delay(wsclose.Reconnect.BACKOFF, -1)\n"
        "except ValueError as err:\n"
        "    print(err)\n"
        "print(wsclose.next_delay(wsclose.advise(1012), 0, random.Random(1)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-O", "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines() == [
        "restart",
        "attempt must be 0 or more, not -1",
        str(5 + 25 * random.Random(1).random()),
    ]


def test_advice_for_application_codes_is_the_same_from_threads() -> None:
    results: list[list[Advice]] = []

    def advise_all() -> None:
        results.append([advise(code) for code in range(3000, 5000)])

    threads = [threading.Thread(target=advise_all) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 4
    for advices in results[1:]:
        assert all(a is b for a, b in zip(advices, results[0]))
    assert [advice.code for advice in results[0]] == list(range(3000, 5000))
