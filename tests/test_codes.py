from __future__ import annotations

import copy
import pickle
from typing import Callable

import pytest

from tests import reference
from tests.test_hostile_input import EvilInt
from wsclose import CloseCode, CodeCategory, codes

NAMED = [
    ("NORMAL", 1000),
    ("AWAY", 1001),
    ("PROTOCOL", 1002),
    ("UNSUPPORTED", 1003),
    ("STATUS", 1005),
    ("ABNORMAL", 1006),
    ("INVALID", 1007),
    ("POLICY", 1008),
    ("SIZE", 1009),
    ("EXTENSION", 1010),
    ("ERROR", 1011),
    ("RESTART", 1012),
    ("AGAIN", 1013),
    ("BAD_GATEWAY", 1014),
    ("TLS", 1015),
    ("UNAUTHORIZED", 3000),
    ("FORBIDDEN", 3003),
    ("TIMEOUT", 3008),
]

WEBSOCKETS_ALIASES = [
    ("NORMAL_CLOSURE", "NORMAL"),
    ("GOING_AWAY", "AWAY"),
    ("PROTOCOL_ERROR", "PROTOCOL"),
    ("UNSUPPORTED_DATA", "UNSUPPORTED"),
    ("NO_STATUS_RCVD", "STATUS"),
    ("ABNORMAL_CLOSURE", "ABNORMAL"),
    ("INVALID_DATA", "INVALID"),
    ("POLICY_VIOLATION", "POLICY"),
    ("MESSAGE_TOO_BIG", "SIZE"),
    ("MANDATORY_EXTENSION", "EXTENSION"),
    ("INTERNAL_ERROR", "ERROR"),
    ("SERVICE_RESTART", "RESTART"),
    ("TRY_AGAIN_LATER", "AGAIN"),
    ("TLS_HANDSHAKE", "TLS"),
]

# code, category, sendable, local-only, reserved, library, private, out of range, browser
CLASS_EDGES = [
    (0, "out-of-range", False, False, False, False, False, True, False),
    (999, "out-of-range", False, False, False, False, False, True, False),
    (1000, "standard", True, False, False, False, False, False, True),
    (1003, "standard", True, False, False, False, False, False, False),
    (1004, "reserved", False, False, True, False, False, False, False),
    (1005, "local-only", False, True, True, False, False, False, False),
    (1006, "local-only", False, True, True, False, False, False, False),
    (1007, "standard", True, False, False, False, False, False, False),
    (1014, "standard", True, False, False, False, False, False, False),
    (1015, "local-only", False, True, True, False, False, False, False),
    (1016, "reserved", False, False, True, False, False, False, False),
    (2999, "reserved", False, False, True, False, False, False, False),
    (3000, "library", True, False, False, True, False, False, True),
    (3999, "library", True, False, False, True, False, False, True),
    (4000, "private", True, False, False, False, True, False, True),
    (4999, "private", True, False, False, False, True, False, True),
    (5000, "out-of-range", False, False, False, False, False, True, False),
    (65535, "out-of-range", False, False, False, False, False, True, False),
]


@pytest.mark.parametrize(("name", "value"), NAMED)
def test_named_member(name: str, value: int) -> None:
    member = CloseCode[name]
    assert member == value
    assert CloseCode(value) is member
    assert member.name == name


def test_iteration_yields_only_named_members() -> None:
    CloseCode(4321)  # creating a pseudo-member must not add it to the members
    assert [(m.name, m.value) for m in CloseCode] == NAMED


@pytest.mark.parametrize(("alias", "name"), WEBSOCKETS_ALIASES)
def test_websockets_alias(alias: str, name: str) -> None:
    assert CloseCode[alias] is CloseCode[name]


def test_aliases_match_websockets() -> None:
    websockets_frames = pytest.importorskip("websockets.frames")
    for alias, name in WEBSOCKETS_ALIASES:
        assert CloseCode[name] == websockets_frames.CloseCode[alias]


@pytest.fixture
def fresh_pseudo_members(monkeypatch: pytest.MonkeyPatch) -> dict[int, CloseCode]:
    """An empty cache of pseudo-members, so that each test builds its own."""
    cache: dict[int, CloseCode] = {}
    monkeypatch.setattr(codes, "_PSEUDO_MEMBERS", cache)
    return cache


@pytest.mark.parametrize("value", [2000, 3001, 4001, 0, 1004, 65535])
def test_pseudo_member(value: int, fresh_pseudo_members: dict[int, CloseCode]) -> None:
    code = CloseCode(value)
    assert fresh_pseudo_members == {value: code}
    assert code.name == str(value)
    assert code.value == value
    assert isinstance(code, CloseCode)
    assert isinstance(code, int)
    assert code == value
    assert hash(code) == hash(value)
    assert CloseCode(value) is code
    assert str(value) in repr(code)
    assert code.name not in CloseCode.__members__
    assert int.__repr__(code.value) == str(value)


@pytest.mark.parametrize("code", [CloseCode.AWAY, CloseCode(4001)])
def test_pickle_and_copy_keep_identity(code: CloseCode) -> None:
    assert pickle.loads(pickle.dumps(code)) is code
    assert copy.deepcopy(code) is code


@pytest.mark.parametrize("value", [-1, 65536, 1 << 40])
def test_outside_16_bits_is_value_error(value: int) -> None:
    with pytest.raises(ValueError, match="not a valid CloseCode"):
        CloseCode(value)


@pytest.mark.parametrize(
    ("value", "name"),
    [
        (1000.0, "float"),
        ("1000", "str"),
        (None, "NoneType"),
        (True, "bool"),
        (b"\x03\xe8", "bytes"),
    ],
)
def test_non_int_is_type_error(value: object, name: str) -> None:
    with pytest.raises(TypeError, match=f"^close code must be an int, not {name}$"):
        CloseCode(value)  # type: ignore[arg-type]


def test_int_subclass_value() -> None:
    class Other(int):
        pass

    assert CloseCode(Other(4002)) is CloseCode(4002)


def test_int_subclass_is_looked_up_by_its_int_value() -> None:
    # EvilInt's hash, == and int() lie: only its int value may count.
    assert CloseCode(EvilInt(4003)) is CloseCode(4003)
    assert CloseCode(EvilInt(1001)) is CloseCode.AWAY


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        ((1000.5,), {"module": None}),
        (("4001",), {"module": None}),
        ((True,), {"module": None}),
        ((1000,), {"module": None}),
        ((1000,), {"qualname": "X"}),
        ((1000, "names"), {}),
        (("NEW", [("A", 1)]), {}),
    ],
)
def test_extra_arguments_are_type_errors(
    args: tuple[object, ...], kwargs: dict[str, object]
) -> None:
    call: Callable[..., object] = CloseCode
    with pytest.raises(TypeError, match=r"^CloseCode\(\) takes exactly one argument: the code$"):
        call(*args, **kwargs)


def test_missing_refuses_what_is_not_an_int() -> None:
    assert CloseCode._missing_("4001") is None
    assert CloseCode._missing_(4001.0) is None
    assert CloseCode._missing_(4001) is CloseCode(4001)


def test_str_and_format_are_the_number() -> None:
    assert str(CloseCode.NORMAL) == "1000"
    assert f"{CloseCode.AWAY}" == "1001"
    assert f"{CloseCode(4001):>6}" == "  4001"
    assert f"{CloseCode.AWAY:x}" == "3e9"


@pytest.mark.parametrize(
    (
        "value",
        "category",
        "sendable",
        "local_only",
        "reserved",
        "library",
        "private",
        "out_of_range",
        "browser",
    ),
    CLASS_EDGES,
)
def test_classification_edges(
    value: int,
    category: str,
    sendable: bool,
    local_only: bool,
    reserved: bool,
    library: bool,
    private: bool,
    out_of_range: bool,
    browser: bool,
) -> None:
    code = CloseCode(value)
    assert code.category == CodeCategory(category)
    assert str(code.category) == category
    assert code.is_sendable is sendable
    assert code.is_local_only is local_only
    assert code.is_reserved is reserved
    assert code.is_library is library
    assert code.is_private is private
    assert code.is_out_of_range is out_of_range
    assert code.is_browser_allowed is browser


def test_classification_of_every_code() -> None:
    for value in range(1 << 16):
        code = CloseCode(value)
        expected = reference.category(value)
        assert code.category.value == expected, value
        assert code.is_sendable is reference.may_send(value), value
        assert code.is_local_only is (expected == "local-only"), value
        assert code.is_reserved is (expected in {"local-only", "reserved"}), value
        assert code.is_library is (expected == "library"), value
        assert code.is_private is (expected == "private"), value
        assert code.is_out_of_range is (expected == "out-of-range"), value
        assert code.is_browser_allowed is (value == 1000 or 3000 <= value <= 4999), value


@pytest.mark.parametrize("code", list(CloseCode))
def test_every_named_member_has_its_own_texts(code: CloseCode) -> None:
    assert code.phrase
    assert code.phrase == code.phrase.strip()
    assert code.description.endswith(".")
    assert code.description[0].isupper()
    others = [m.description for m in CloseCode if m is not code]
    assert code.description not in others


@pytest.mark.parametrize(
    ("value", "phrase"),
    [
        (1000, "normal closure"),
        (1001, "going away"),
        (1005, "no status received"),
        (1004, "reserved"),
        (2000, "reserved"),
        (3001, "library use"),
        (4001, "private use"),
        (999, "out of range"),
        (5000, "out of range"),
    ],
)
def test_phrase(value: int, phrase: str) -> None:
    assert CloseCode(value).phrase == phrase


@pytest.mark.parametrize("value", [1004, 2000, 3001, 4001, 999])
def test_pseudo_member_description_names_its_range(value: int) -> None:
    description = CloseCode(value).description
    assert description.endswith(".")
    assert description != CloseCode(1000).description
