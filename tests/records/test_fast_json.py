"""The record's JSON (`records.fast_json`): orjson's speed, the standard library's answers."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.records.fast_json import dumps, loads
from facilitator.records.report import StepReport, Summary

STANDARD = json.JSONEncoder(ensure_ascii=False, check_circular=False, separators=(",", ":"))

texts = st.text(st.characters(codec="utf-8"))  # what a UTF-8 file can hold: no lone surrogate
record_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(-1e9, 1e9).map(lambda minutes: round(minutes, 2))  # as an export rounds them
    | texts,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=12,
)


@given(record_values)
def test_written_as_the_standard_library_writes_it(value: object) -> None:
    assert dumps(value) == STANDARD.encode(value).encode("utf-8")


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_any_number_is_written_as_the_same_number(number: float) -> None:
    # Only a tiny or huge one's exponent is spelt differently (1e-9, not 1e-09).
    assert json.loads(dumps([number])) == [number]


@given(record_values)
def test_read_as_the_standard_library_reads_it(value: object) -> None:
    text = json.dumps(value)  # as the store writes a summary: ASCII, non-ASCII escaped
    assert loads(text) == json.loads(text)
    assert loads(text.encode()) == json.loads(text)


@pytest.mark.parametrize(
    "value",
    ["caf\udce9", {"title": "\ud800"}, 2**70, [-(2**64)]],
    ids=["lone-surrogate", "in-a-dict", "big-int", "big-negative"],
)
def test_what_orjson_refuses_to_write_the_standard_library_writes(value: object) -> None:
    assert dumps(value) == STANDARD.encode(value).encode("utf-8", "surrogatepass")


@pytest.mark.parametrize("text", ['"\\ud800"', '{"a":"\\udc00x"}', "NaN", "[1e400]"])
def test_what_orjson_refuses_to_read_the_standard_library_reads(text: str) -> None:
    read, expected = loads(text), json.loads(text)
    assert repr(read) == repr(expected)  # NaN is not equal to itself; its repr is


@pytest.mark.parametrize("text", ["", "{", '{"a":1,}', "[1] x", "\ud800"])
def test_what_is_not_json_raises_the_standard_error(text: str) -> None:
    with pytest.raises(json.JSONDecodeError):
        loads(text)


def test_a_summary_with_a_title_no_utf8_can_hold_reads_back() -> None:
    # A step's title from a file name that is not UTF-8 holds a lone surrogate; the store
    # keeps it escaped, which orjson will not read.
    step = StepReport("caf\udce9", "reading", 60.0, 61.5, 0, None, None, 0.0)
    summary = Summary(60.0, 61.5, 0, {"newcomers": 1}, (step,))
    assert "\\udce9" in summary.to_json()
    assert Summary.from_json(summary.to_json()) == summary
    assert math.isclose(Summary.from_json(summary.to_json()).steps[0].actual_seconds, 61.5)
