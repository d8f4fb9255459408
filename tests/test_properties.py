from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from tests import reference
from tests.helpers import outcome
from wsclose import (
    MAX_REASON_SIZE,
    Close,
    CloseCode,
    CloseFrameError,
    decode,
    encode,
    truncate_reason,
)

sendable_codes = st.one_of(
    st.sampled_from([code for code in CloseCode if code.is_sendable]),
    st.integers(3000, 4999),
)
no_surrogates = st.characters(blacklist_categories=["Cs"])
fitting_reasons = st.text(alphabet=no_surrogates, max_size=MAX_REASON_SIZE).filter(
    lambda reason: len(reason.encode()) <= MAX_REASON_SIZE
)
any_text = st.text(alphabet=st.characters(), max_size=200)


@given(code=sendable_codes, reason=fitting_reasons)
def test_decode_inverts_encode(code: int, reason: str) -> None:
    payload = encode(code, reason)
    assert decode(payload) == (code, reason)
    assert decode(memoryview(payload)) == (code, reason)
    assert decode(bytearray(payload)) == (code, reason)


@given(payload=st.binary(max_size=130))
@example(b"")
@example(b"\x03")
@example(b"\x03\xe8\xed\xa0\x80")
def test_any_bytes_decode_or_raise_the_documented_error(payload: bytes) -> None:
    result = outcome(decode, payload)
    assert result == reference.decode(payload)
    if isinstance(result, Close):
        assert encode(*result) == payload


@given(reason=st.binary(max_size=123))
def test_private_code_with_any_reason_bytes(reason: bytes) -> None:
    payload = b"\x0f\xa0" + reason
    assert outcome(decode, payload) == reference.decode(payload)


@given(code=st.integers(-(1 << 17), 1 << 17), reason=any_text)
def test_any_arguments_encode_or_raise_the_documented_error(code: int, reason: str) -> None:
    result = outcome(encode, code, reason)
    assert result == reference.encode(code, reason)
    if isinstance(result, bytes):
        assert decode(result) == ((code, reason) if result else (CloseCode.STATUS, ""))


@given(reason=st.text(alphabet=no_surrogates), limit=st.integers(0, MAX_REASON_SIZE))
def test_truncate_reason_fits_and_is_a_prefix(reason: str, limit: int) -> None:
    cut = truncate_reason(reason, limit)
    assert reason.startswith(cut)
    assert len(cut.encode()) <= limit
    if cut != reason:
        assert len(reason[: len(cut) + 1].encode()) > limit


anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(1 << 20), 1 << 20),
    st.floats(allow_nan=False),
    st.text(max_size=10),
    st.binary(max_size=10),
    st.lists(st.integers(0, 255), max_size=4),
    st.tuples(st.integers(0, 255)),
    st.builds(bytearray, st.binary(max_size=10)),
    st.binary(max_size=10).map(lambda data: memoryview(data)),  # noqa: PLW0108
)


def is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@given(value=anything)
def test_decode_of_any_value(value: object) -> None:
    try:
        result = decode(value)  # type: ignore[arg-type]
    except CloseFrameError:
        assert isinstance(value, (bytes, bytearray, memoryview))
    except TypeError:
        assert not isinstance(value, (bytes, bytearray, memoryview))
    else:
        assert isinstance(result, Close)


@given(code=anything, reason=anything)
def test_encode_of_any_values(code: object, reason: object) -> None:
    try:
        result = encode(code, reason)  # type: ignore[arg-type]
    except CloseFrameError:
        assert is_int(code)
        assert isinstance(reason, str)
    except TypeError:
        assert not (is_int(code) and isinstance(reason, str))
    else:
        assert isinstance(result, bytes)


@given(code=anything, reason=anything)
def test_close_of_any_values(code: object, reason: object) -> None:
    try:
        close = Close(code, reason)  # type: ignore[arg-type]
    except TypeError:
        assert not (is_int(code) and isinstance(reason, str))
    except ValueError:
        assert is_int(code)
        assert not 0 <= code <= 0xFFFF  # type: ignore[operator]
    else:
        assert close == (code, reason)


@given(value=anything)
def test_close_code_of_any_value(value: object) -> None:
    try:
        code = CloseCode(value)  # type: ignore[arg-type]
    except TypeError:
        assert not is_int(value)
    except ValueError:
        assert is_int(value)
    else:
        assert code == value


@given(reason=anything, limit=anything)
def test_truncate_reason_of_any_values(reason: object, limit: object) -> None:
    try:
        result = truncate_reason(reason, limit)  # type: ignore[arg-type]
    except TypeError:
        assert not (isinstance(reason, str) and is_int(limit))
    except CloseFrameError:
        assert isinstance(reason, str)  # a lone surrogate
    except ValueError:
        assert is_int(limit)
        assert not 0 <= limit <= MAX_REASON_SIZE  # type: ignore[operator]
    else:
        assert isinstance(reason, str)
        assert reason.startswith(result)
