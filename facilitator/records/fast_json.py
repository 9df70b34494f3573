"""JSON for the record's bulk paths (stored summaries, the JSON export), through orjson.

orjson decodes a stored summary in a fifth of the standard library's time and encodes an
exported meeting in a tenth; an export of years of meetings is mostly that. What orjson
refuses and the standard library takes (a lone surrogate escaped in a string, NaN, an integer
past 64 bits) goes to the standard library, so a summary the store once wrote always reads
back, and an export never fails where it used to succeed.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

_STANDARD = json.JSONEncoder(ensure_ascii=False, check_circular=False, separators=(",", ":"))


def loads(text: str | bytes) -> Any:
    """`text` decoded, as `json.loads` would. (An integer past 64 bits comes back as a float,
    as orjson reads it; no record holds one: a count stops at 9999.)

    Raises:
        ValueError: `text` is not JSON (`json.JSONDecodeError`).
    """
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)  # what orjson refuses: decoded, or the standard error


def dumps(value: Any) -> bytes:
    """`value` as compact JSON in UTF-8: no spaces, non-ASCII characters as they are, C0
    controls escaped; dict keys in their order. The same bytes as the standard library's
    `separators=(",", ":"), ensure_ascii=False` for anything a record holds. Elsewhere the
    same values: a number below 1e-4 spells its exponent without a leading zero (1e-9, not
    1e-09), and NaN, which no record holds, is null rather than the standard library's
    invalid NaN. A lone surrogate stays in the text, encoded with `surrogatepass`."""
    try:
        return orjson.dumps(value)
    except TypeError:  # a lone surrogate, an integer past 64 bits (orjson.JSONEncodeError)
        return _STANDARD.encode(value).encode("utf-8", "surrogatepass")
