"""Fuzzing agenda loading: every input ends in a valid agenda or a clean validation error.

A clean error is an `AgendaError` whose text is one printable line per problem, each naming
the file. Anything else raised (a ValueError, a RecursionError, a pydantic error) fails.
The same holds for the editor's `Draft`, for `facilitator validate`, and at the size limit.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import random
import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, Phase, example, find, given, settings
from hypothesis import strategies as st

from facilitator.__main__ import EXIT_BAD_INPUT, EXIT_OK, main
from facilitator.agenda import (
    MAX_FILE_BYTES,
    MAX_MINUTES,
    MAX_SHARE_MINUTES,
    Agenda,
    AgendaError,
    agenda_to_plain,
    agenda_to_toml,
    load_agenda,
    one_line,
    parse_agenda,
    validate_agenda,
)
from facilitator.library.draft import Draft

from ..data import AGENDAS, MARKUP_CORPUS, TUESDAY

pytestmark = [
    pytest.mark.faults,
    # Examples with 10,000-character texts are meant; hypothesis warns about their size.
    pytest.mark.filterwarnings("ignore:Generating overly large repr"),
]

NAME = "fuzzed.toml"
# A problem's own words, without the file's name and the field (both of which can be as
# long as the file makes them): values from the file are shortened, so this stays short.
MAX_MESSAGE = 400

SEEDS = [path.read_bytes() for path in [*sorted(AGENDAS.glob("*.toml")), TUESDAY]]
SEED_DOCUMENTS = [tomllib.loads(seed.decode("utf-8")) for seed in SEEDS]

# Bits of TOML and of agendas, so random text gets past the first character.
TOML_PIECES = [
    "[meeting]\n",
    "[sharing]\n",
    "[closing]\n",
    "[[steps]]\n",
    "[[attendance]]\n",
    "[[closing.resources]]\n",
    "name = ",
    "title = ",
    "minutes = ",
    "start = ",
    "kind = ",
    "id = ",
    "share_minutes = ",
    "warning_seconds = ",
    "script = ",
    " = ",
    "=",
    ".",
    ",",
    "[",
    "]",
    "{",
    "}",
    '"',
    "'",
    '"""',
    "'''",
    "\\",
    "\\u",
    "\\U0010ffff",
    "#",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "\x00",
    "\x1b[2J",
    "\ufeff",
    "\u2028",
    "5",
    "-1",
    "0.5",
    "1e400",
    "nan",
    "-inf",
    "0x",
    "0o7",
    "0b1",
    "1_000",
    "true",
    "1979-05-27T07:32:00Z",
    "1979-05-27",
    "07:32:00",
    '"sharing"',
    '"Welcome"',
]

TYPOS = ["nmae", "titel", "minute", "Minutes", "kidn", "sharemins", "warning", "lable", "ID"]
SCHEMA_KEYS = [
    "meeting",
    "sharing",
    "attendance",
    "steps",
    "closing",
    "name",
    "kind",
    "minutes",
    "start",
    "description",
    "share_minutes",
    "warning_seconds",
    "sound",
    "overtime_reminder_seconds",
    "chime",
    "flash",
    "queue",
    "first_share_first",
    "id",
    "label",
    "title",
    "script",
    "reminder",
    "resources",
    "contact",
    "note",
]
LONG_TEXT = "x" * 10_000


# --------------------------------------------------------------------------- the contract


def key_allowance(value: Any) -> int:
    """How long the keys of a document can make a message: TOML errors quote keys whole."""
    if isinstance(value, dict):
        return sum(10 * len(key) + 4 + key_allowance(item) for key, item in value.items())
    if isinstance(value, list):
        return sum(key_allowance(item) for item in value)
    return 0


def assert_clean(error: AgendaError, name: str, allowance: int = 0) -> None:
    """`error` reads as `facilitator validate` prints it: one line per problem, named."""
    assert error.problems, "an AgendaError must carry at least one problem"
    lines = str(error).split("\n")
    assert lines == [str(problem) for problem in error.problems]
    assert len(set(lines)) == len(lines), f"a problem is reported twice: {lines}"
    prefix = one_line(name) + ": "
    for problem, line in zip(error.problems, lines, strict=True):
        assert line.startswith(prefix), line
        assert line.isprintable(), f"not one printable line: {line!r}"
        assert "Traceback" not in line
        assert problem.message.strip(), line
        assert len(one_line(problem.message)) <= MAX_MESSAGE + allowance, line[:600]
        if problem.field:
            # A value is shown shortened: text to 30 characters, numbers to a few digits.
            assert not re.search(r"\d{28}", problem.message), line


def assert_round_trips(agenda: Agenda) -> None:
    """A valid agenda is written back as TOML that reads as the same agenda."""
    if "\\r\\n" in repr(agenda):
        return  # tomli_w writes "\r\n" in a multi-line string as "\n" (xfail in test_roundtrip)
    assert parse_agenda(agenda_to_toml(agenda).encode("utf-8"), NAME) == agenda


MULTI_LINE_FIELDS = {"description", "script", "reminder"}
BIDI_CONTROLS = [chr(code) for code in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]]


def _texts(value: Any, field: str = "") -> Iterator[tuple[str, str]]:
    """Every text in a plain-value agenda, with the name of the field it is in."""
    if isinstance(value, str):
        yield field, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, key)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item, field)


def assert_safe_to_show(agenda: Agenda) -> None:
    """No text of a valid agenda holds a control a terminal would act on."""
    for field, text in _texts(agenda_to_plain(agenda)):
        multiline = field in MULTI_LINE_FIELDS
        for index, char in enumerate(text):
            code = ord(char)
            if code < 0x20 or 0x7F <= code <= 0x9F or char in BIDI_CONTROLS:
                line_end = char in "\n\t" or text.startswith("\r\n", index)
                assert multiline and line_end, f"{field}: {text!r} holds U+{code:04X}"


def outcome(load: Callable[[], Agenda], name: str, allowance: int) -> Agenda | None:
    """The agenda `load` returns, or None for a clean `AgendaError`; anything else fails."""
    try:
        agenda = load()
    except AgendaError as error:
        assert_clean(error, name, allowance)
        return None
    assert_safe_to_show(agenda)
    assert_round_trips(agenda)
    return agenda


def check_bytes(data: bytes, name: str = NAME) -> Agenda | None:
    # Keys in raw text can be anywhere: allow for all of it to be quoted back.
    return outcome(lambda: parse_agenda(data, name), name, 10 * len(data))


def check_document(document: dict[str, Any]) -> None:
    """Validate `document` as it is, and as the TOML file tomli_w writes of it."""
    allowance = key_allowance(document)
    direct = outcome(lambda: validate_agenda(document, NAME), NAME, allowance)
    data = tomli_w.dumps(document).encode("utf-8")
    read = outcome(lambda: parse_agenda(data, NAME), NAME, allowance)
    assert read == direct
    check_draft(Draft(document, name=NAME), direct)


def check_draft(draft: Draft, expected: Agenda | None) -> None:
    """The editor's draft agrees with `validate`, and its problems are clean lines too."""
    problems = draft.problems()
    agenda = draft.agenda()
    assert (agenda is None) == bool(problems)
    assert agenda == expected
    text = draft.toml_text()  # what the editor's TOML tab shows
    if draft.raw_text is not None:
        assert text == draft.raw_text
    if problems:
        assert_clean(AgendaError(problems), draft.name, 10 * len(text))
    assert draft.minutes_total().words


def check_draft_of_text(text: str, name: str = NAME) -> None:
    """Text typed into the editor's TOML tab: the draft agrees with `validate` of its bytes."""
    expected = check_bytes(text.encode("utf-8", "surrogatepass"), name)
    check_draft(Draft(name=name, raw_text=text), expected)


# --------------------------------------------------------------------------- strategies

# Every character, lone surrogates and controls included.
any_char = st.characters(exclude_categories=())
toml_text_pieces = st.lists(
    st.one_of(st.text(any_char, max_size=8), st.sampled_from(TOML_PIECES)), max_size=30
).map("".join)
file_names = st.one_of(
    st.just(NAME), st.text(st.characters(exclude_categories=["Cs"]), max_size=20)
)

toml_keys = st.one_of(
    st.sampled_from(SCHEMA_KEYS + TYPOS),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=12),
)
offsets = st.integers(-23 * 60 - 59, 23 * 60 + 59).map(
    lambda minutes: dt.timezone(dt.timedelta(minutes=minutes))
)
toml_scalars = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"])),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(),
    st.booleans(),
    st.datetimes(timezones=st.none() | offsets),
    st.dates(),
    st.times(),
)
toml_values = st.recursive(
    toml_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(toml_keys, children, max_size=4)
    ),
    max_leaves=12,
)
toml_documents = st.dictionaries(toml_keys, toml_values, max_size=6)

# Values an agenda's fields get wrong, and the limits they get nearly right.
EDGE_VALUES: list[Any] = [
    0,
    -1,
    0.0,
    -0.0,
    1e-300,
    5e-324,
    float("nan"),
    float("inf"),
    float("-inf"),
    2**63 - 1,
    -(2**63),
    1e308,
    MAX_MINUTES,
    MAX_MINUTES + 1,
    MAX_SHARE_MINUTES,
    MAX_SHARE_MINUTES + 0.5,
    180,
    7200,
    True,
    False,
    "",
    " ",
    "\n",
    "5",
    LONG_TEXT,
    "sharing",
    [],
    {},
    [{}],
    ["Welcome"],
    dt.date(2026, 11, 24),
    dt.time(19, 0),
    dt.datetime(2026, 11, 24, 19, 0),
]
# A copy each time: documents are changed after they are drawn.
wrong_values = st.one_of(st.sampled_from(EDGE_VALUES).map(copy.deepcopy), toml_values)


@dataclass(frozen=True)
class Field:
    """What an agenda key takes: values that pass, and values of the right type that fail."""

    valid: st.SearchStrategy[Any]
    invalid: st.SearchStrategy[Any]
    required: bool = False


def numbers(low: float, high: float, *, low_allowed: bool = False) -> Field:
    """Numbers inside a field's range, and just outside either end of it."""
    return Field(
        valid=st.one_of(
            st.integers(math.ceil(low) if low_allowed else math.floor(low) + 1, int(high)),
            st.floats(low, high, exclude_min=not low_allowed),
            st.sampled_from([high, 1e-9]),
        ),
        invalid=st.one_of(
            st.sampled_from([float("nan"), float("inf"), float("-inf"), 1e308, 2**63 - 1, True]),
            st.integers(int(low) - 2, int(low) - (not low_allowed)),
            st.floats(high, high + 1, exclude_min=True),
        ),
    )


# Control characters and invisible ones are in none of the valid texts (validation refuses
# them); a name of only invisible characters is blank. Text that Rich or Textual would read
# as markup is valid: it is shown as typed.
shown_char = st.characters(exclude_categories=["Cc", "Cs", "Cf"])
shown_text = st.text(shown_char, min_size=1, max_size=20).filter(str.strip)
markup_like = st.lists(
    st.one_of(st.sampled_from(MARKUP_CORPUS), st.text(shown_char, max_size=6)), min_size=1
).map("".join)
# Every C0 and C1 control, and the bidirectional ones; newline and tab only where one line
# is wanted, which `texts` is (the multi-line fields take them).
control_chars = st.one_of(
    st.characters(min_codepoint=0, max_codepoint=0x1F),
    st.characters(min_codepoint=0x7F, max_codepoint=0x9F),
    st.sampled_from(BIDI_CONTROLS),
)


@st.composite
def with_a_control(draw: st.DrawFn) -> str:
    """A text that would pass, with a control character somewhere in it."""
    text = draw(st.one_of(shown_text, markup_like))
    at = draw(st.integers(0, len(text)))
    return text[:at] + draw(control_chars) + text[at:]


# Names that show nothing: spaces, no-break spaces and zero-width characters.
invisible_text = st.text(
    st.sampled_from([" ", "\u00a0", "\u3000", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]),
    min_size=1,
    max_size=4,
)
texts = Field(
    valid=st.one_of(
        shown_text,
        markup_like.filter(str.strip),
        st.sampled_from(["Welcome", "Read [page 58]", "\u00e9", LONG_TEXT]),
    ),
    invalid=st.one_of(
        with_a_control(),
        with_a_control(),
        invisible_text,
        invisible_text,
        st.sampled_from(
            ["", " ", "\t\n", "\u00a0", "\u200b\u200d", "a\r\nb", "Tues\x1bday", "\u202eX"]
        ),
    ),
)
optional_texts = Field(
    valid=st.one_of(texts.valid, st.sampled_from(["", " ", "\u00a0"])), invalid=texts.invalid
)
# A small pool, so that two categories often share an id.
ids = Field(
    valid=st.sampled_from(["attendees", "members", "newcomers", "online", "a1", "x_y"]),
    invalid=st.sampled_from(["shares", "agenda", "started_at", "Members", "1st", "", "a b"]),
    required=True,
)

# A scheduled start: a time of day as "HH:MM", and near misses.
times = Field(
    valid=st.builds("{:02d}:{:02d}".format, st.integers(0, 23), st.integers(0, 59)),
    invalid=st.sampled_from(["7pm", "24:00", "7:00", "19:60", "19:00:00", "", " 19:00", "1900"]),
)


def kinds(*valid: str) -> Field:
    return Field(
        valid=st.sampled_from(valid),
        invalid=st.sampled_from([value.title() for value in valid] + ["share", "", "other"]),
    )


def required(field: Field) -> Field:
    return Field(field.valid, field.invalid, required=True)


SHARE_FIELDS = {
    "share_minutes": numbers(0, MAX_SHARE_MINUTES),
    "warning_seconds": numbers(0, 200, low_allowed=True),
    "sound": kinds("tones", "bell", "off"),
}
FIELDS: dict[str, dict[str, Field]] = {
    "meeting": {
        "name": required(texts),
        "kind": kinds("group", "one-on-one"),
        "minutes": numbers(0, MAX_MINUTES),
        "start": times,
        "description": optional_texts,
    },
    "sharing": {
        **SHARE_FIELDS,
        "overtime_reminder_seconds": numbers(5, 3600, low_allowed=True),
        "chime": Field(st.booleans(), st.nothing()),  # the older spelling of sound
        "flash": Field(st.booleans(), st.nothing()),
        "queue": kinds("first-come", "alternate"),
        "first_share_first": Field(st.booleans(), st.nothing()),
    },
    "attendance": {"id": ids, "label": required(texts)},
    "steps": {
        "title": required(texts),
        "minutes": required(numbers(0, MAX_MINUTES)),
        "kind": kinds("reading", "sharing", "break", "closing"),
        "script": optional_texts,
    },
    "closing": {"reminder": texts},
    "resources": {"name": required(texts), "contact": required(texts), "note": optional_texts},
}


def typo_of(key: str) -> st.SearchStrategy[str]:
    """`key` misspelt: a letter lost, doubled or changed case, or a key from elsewhere."""
    return st.one_of(
        st.integers(0, len(key) - 1).map(lambda i: key[:i] + key[i + 1 :]),
        st.integers(0, len(key) - 1).map(lambda i: key[:i] + key[i] + key[i:]),
        st.just(key.upper()),
        st.sampled_from(SCHEMA_KEYS + TYPOS),
    )


class Maker:
    """Draws one agenda-shaped document, with `faults` chances in 40 of each mistake."""

    def __init__(self, draw: st.DrawFn, faults: int) -> None:
        self.draw = draw
        self.faults = faults

    def fault(self) -> bool:
        return self.faults > 0 and self.draw(st.integers(1, 40)) <= self.faults

    def value(self, field: Field) -> Any:
        if not self.fault():
            return self.draw(field.valid)
        # Mostly the right type with a wrong value; sometimes anything at all.
        return self.draw(st.one_of(field.invalid, field.invalid, wrong_values))

    def table(self, fields: dict[str, Field], **extra: Field) -> Any:
        if self.fault():
            return self.draw(wrong_values)  # e.g. a step that is text, not a table
        result: dict[str, Any] = {}
        for key, field in {**fields, **extra}.items():
            if self.fault() if field.required else self.draw(st.booleans()):
                continue
            result[self.draw(typo_of(key)) if self.fault() else key] = self.value(field)
        if self.fault():
            result[self.draw(toml_keys)] = self.draw(wrong_values)
        return result

    def entries(self, fields: dict[str, Field], most: int, least: int = 0) -> Any:
        if self.fault():
            return self.draw(wrong_values)  # e.g. steps = 3
        count = self.draw(st.integers(0 if self.fault() else least, most))
        return [self.entry(fields) for _ in range(count)]

    def entry(self, fields: dict[str, Field]) -> Any:
        if fields is not FIELDS["steps"]:
            return self.table(fields)
        # Share overrides belong on sharing steps; elsewhere they are a mistake.
        step = self.table(fields)
        if isinstance(step, dict) and (step.get("kind") == "sharing" or self.fault()):
            for key, field in SHARE_FIELDS.items():
                if self.draw(st.booleans()):
                    step[key] = self.value(field)
        return step


@st.composite
def agenda_shaped(draw: st.DrawFn) -> dict[str, Any]:
    """Documents near a valid agenda, wrong in the ways people (and bugs) make them wrong."""
    maker = Maker(draw, draw(st.sampled_from([0, 0, 1, 3, 8, 20])))
    document: dict[str, Any] = {"meeting": maker.table(FIELDS["meeting"])}
    if draw(st.booleans()):
        document["sharing"] = maker.table(FIELDS["sharing"])
    if draw(st.booleans()):
        document["attendance"] = maker.entries(FIELDS["attendance"], 11, least=1)
    document["steps"] = maker.entries(FIELDS["steps"], 5, least=1)
    if draw(st.booleans()):
        closing = maker.table(FIELDS["closing"])
        if isinstance(closing, dict) and draw(st.booleans()):
            closing["resources"] = maker.entries(FIELDS["resources"], 3)
        document["closing"] = closing
    for key in list(document):
        if maker.fault():
            document[draw(typo_of(key))] = document.pop(key)
    if maker.fault():
        document[draw(toml_keys)] = draw(wrong_values)
    return document


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [b""]


_VALUE = re.compile(rb"= *([^\n]*)")


@st.composite
def mutated_files(draw: st.DrawFn) -> bytes:
    """A bundled agenda's bytes, damaged a few times over."""
    data = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(data)))
        mutation = draw(
            st.sampled_from(["delete", "duplicate", "swap", "flip", "insert", "truncate", "value"])
        )
        if mutation == "delete":
            data = data[:at] + data[at + draw(st.integers(1, 64)) :]
        elif mutation == "duplicate":
            lines = _lines(data)
            i = draw(st.integers(0, len(lines) - 1))
            lines.insert(draw(st.integers(0, len(lines))), lines[i])
            data = b"".join(lines)
        elif mutation == "swap":
            lines = _lines(data)
            i, j = (draw(st.integers(0, len(lines) - 1)) for _ in range(2))
            lines[i], lines[j] = lines[j], lines[i]
            data = b"".join(lines)
        elif mutation == "flip" and data:
            at = min(at, len(data) - 1)
            flipped = data[at] ^ draw(st.integers(1, 255))
            data = data[:at] + bytes([flipped]) + data[at + 1 :]
        elif mutation == "insert":
            inserted = draw(
                st.one_of(st.binary(min_size=1, max_size=8), st.sampled_from(TOML_PIECES))
            )
            if isinstance(inserted, str):
                inserted = inserted.encode("utf-8")
            data = data[:at] + inserted + data[at:]
        elif mutation == "truncate":
            data = data[:at]
        elif mutation == "value":
            # A value replaced by another, the syntax around it left whole.
            found = list(_VALUE.finditer(data))
            if found:
                match = draw(st.sampled_from(found))
                value = draw(st.sampled_from(EDGE_VALUES) | toml_scalars)
                written = tomli_w.dumps({"v": value}).removeprefix("v = ").rstrip("\n")
                data = data[: match.start(1)] + written.encode("utf-8") + data[match.end(1) :]
    return data


def _places(value: Any, loc: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Where values sit in a document: every key of every table, every list entry."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*loc, key)
            yield from _places(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield (*loc, index)
            yield from _places(item, (*loc, index))


def _at(document: Any, loc: tuple[Any, ...]) -> Any:
    for part in loc:
        document = document[part]
    return document


@st.composite
def mutated_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A bundled agenda's document with keys dropped, changed, duplicated or added."""
    document: dict[str, Any] = copy.deepcopy(draw(st.sampled_from(SEED_DOCUMENTS)))
    for _ in range(draw(st.integers(1, 4))):
        places = list(_places(document))
        if not places:
            break
        loc = draw(st.sampled_from(places))
        parent = _at(document, loc[:-1])
        key = loc[-1]
        mutation = draw(st.sampled_from(["drop", "set", "duplicate", "add", "move"]))
        if mutation == "drop":
            del parent[key]
        elif mutation == "set":
            parent[key] = draw(wrong_values)
        elif mutation == "duplicate" and isinstance(parent, list):
            parent.insert(key, copy.deepcopy(parent[key]))
        elif mutation == "add" and isinstance(parent, dict):
            parent[draw(toml_keys)] = draw(wrong_values)
        elif mutation == "move":
            # A key written under the wrong table, e.g. `steps` inside [meeting].
            tables = [p for p in places if isinstance(_at(document, p), dict)]
            if tables:
                target = _at(document, draw(st.sampled_from(tables)))
                value = parent[key]
                if value is not target:
                    del parent[key]
                    target[str(key)] = value
    return document


# --------------------------------------------------------------------------- fuzzing


@given(st.binary(), file_names)
@example(b"\xef\xbb\xbf\xef\xbb\xbf[meeting]", NAME)
@example(b"\xff\xfe[\x00m\x00", NAME)
@example(b'[meeting]\nname = "a"\n[[steps]]\ntitle = "b"\nminutes = ' + b"1" * 5000, NAME)
def test_any_bytes(data: bytes, name: str) -> None:
    check_bytes(data, name)


@given(st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"]), toml_text_pieces)
def test_any_text_with_or_without_a_byte_order_mark(bom: bytes, text: str) -> None:
    check_bytes(bom + text.encode("utf-8", "surrogatepass"))


@given(toml_text_pieces, file_names)
@example('[meeting]\nname = "a"\n[[steps]]\ntitle = "b"\nminutes = 0x' + "f" * 4000, NAME)
@example("deep = " + "[" * 300 + "]" * 300, NAME)
def test_any_text_in_the_editor(text: str, name: str) -> None:
    check_draft_of_text(text, name)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@given(st.one_of(mutated_files(), st.binary()))
@example(data=b"deep = " + b"[" * 300 + b"]" * 300)
def test_any_file_opened_in_the_editor(folder: Path, data: bytes) -> None:
    path = folder / NAME
    path.write_bytes(data)
    expected = outcome(lambda: load_agenda(path, NAME), NAME, 10 * len(data))
    try:
        draft = Draft.load(path, NAME)
    except AgendaError as error:
        assert expected is None
        assert_clean(error, NAME)
        return
    check_draft(draft, expected)


@given(toml_documents)
def test_any_toml_document(document: dict[str, Any]) -> None:
    check_document(document)


@given(agenda_shaped())
@example({"meeting": {"name": "a"}, "steps": 3})
@example({"meeting": {"name": "a"}, "steps": ["Welcome"]})
@example({"meeting": {"name": "a"}, "sharing": {"warning_seconds": 1e308}, "steps": []})
def test_agenda_shaped_documents(document: dict[str, Any]) -> None:
    check_document(document)


@given(mutated_files())
def test_damaged_bundled_agendas(data: bytes) -> None:
    check_bytes(data)


@given(mutated_documents())
def test_bundled_agendas_with_damaged_values(document: dict[str, Any]) -> None:
    check_document(document)


@settings(
    max_examples=max(10, settings().max_examples // 5),
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    st.one_of(mutated_files(), toml_text_pieces.map(lambda t: t.encode("utf-8", "surrogatepass"))),
    st.text(st.characters(exclude_categories=["Cs"], exclude_characters="/\0"), max_size=30),
)
def test_validate_command(
    folder: Path, capsys: pytest.CaptureFixture[str], data: bytes, stem: str
) -> None:
    path = folder / f"{stem}.toml"
    path.write_bytes(data)
    shown = one_line(str(path))
    capsys.readouterr()
    try:
        code = main(["validate", str(path)])
    finally:
        path.unlink()
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert code in {EXIT_OK, EXIT_BAD_INPUT}
    if code == EXIT_OK:
        assert err == ""
        assert out.startswith(f"{shown}: ok (") and out.count("\n") == 1, out
        return
    assert out == ""
    lines = err.split("\n")
    assert lines[-1] == "", "every problem line ends with a line break"
    for line in lines[:-1]:
        assert line.startswith(f"{shown}: ") and len(line) > len(shown) + 2, line
        assert line.isprintable(), repr(line)


# --------------------------------------------------------------------------- the size limit

SMALL = b'[meeting]\nname = "Tuesday"\n\n[[steps]]\ntitle = "Welcome"\nminutes = 5\n'


def padded(size: int) -> bytes:
    """A valid agenda of exactly `size` bytes: comment lines after the steps."""
    line = b"# " + b"-" * 97 + b"\n"
    rest = size - len(SMALL)
    return SMALL + line * (rest // len(line)) + b"#" * (rest % len(line))


def test_a_file_at_the_size_limit_loads_and_one_byte_more_is_refused(folder: Path) -> None:
    path = folder / "limit.toml"
    path.write_bytes(padded(MAX_FILE_BYTES))
    agenda = load_agenda(path, NAME)
    assert Draft.load(path, NAME).agenda() == agenda
    path.write_bytes(padded(MAX_FILE_BYTES + 1))
    for load in (load_agenda, Draft.load):
        with pytest.raises(AgendaError) as caught:
            load(path, NAME)
        assert_clean(caught.value, NAME)
        assert "too large" in str(caught.value)


def filled(prefix: bytes, fill: bytes, suffix: bytes = b"") -> bytes:
    """`prefix`, then `fill` over and over, then `suffix`: close to the size limit."""
    times = (MAX_FILE_BYTES - len(prefix) - len(suffix)) // len(fill)
    return prefix + fill * times + suffix


STEP = b'[[steps]]\ntitle = "Welcome"\nminutes = '
HEAD = b'[meeting]\nname = "Tuesday"\n' + STEP + b"5\n"


@pytest.mark.parametrize(
    ("data", "wanted"),
    [
        pytest.param(
            filled(b'[meeting]\nname = "', b"x", b'"\n' + STEP + b"5"), "valid", id="name"
        ),
        pytest.param(filled(HEAD, b"k", b" = 1"), "unknown key", id="unknown-key"),
        pytest.param(
            filled(HEAD + b"script = '''", b"Read this aloud.\n", b"'''"), "valid", id="script"
        ),
        pytest.param(
            filled(HEAD + b"script = '''", b"a\r\n\t\x1b", b"'''"), "syntax", id="control"
        ),
        pytest.param(filled(HEAD + b"deep = ", b"["), "nested too deeply", id="nested-lists"),
        pytest.param(filled(HEAD + b"deep = ", b"{a="), "nested too deeply", id="nested-tables"),
        pytest.param(filled(HEAD + STEP, b"9"), "too long", id="digits"),
        pytest.param(filled(HEAD + STEP + b"0.", b"9"), "valid", id="fraction-digits"),
        pytest.param(filled(HEAD + STEP + b"0x", b"f"), "too long", id="hex-digits"),
        pytest.param(random.Random(0).randbytes(MAX_FILE_BYTES), "binary", id="random-bytes"),
    ],
)
def test_files_near_the_size_limit(data: bytes, wanted: str) -> None:
    assert MAX_FILE_BYTES - 100 < len(data) <= MAX_FILE_BYTES
    longest_line = max(len(line) for line in data.splitlines())
    try:
        agenda = parse_agenda(data, NAME)
    except AgendaError as error:
        assert_clean(error, NAME, 10 * longest_line)
        assert wanted in str(error), str(error)[:300]
    else:
        assert wanted == "valid"
        assert_round_trips(agenda)


def test_a_file_of_25_000_steps(long_mode: bool) -> None:
    if not long_mode:
        pytest.skip("reading and writing back 25,000 steps takes seconds: run with --long")
    data = filled(HEAD, STEP + b"1\n")
    agenda = outcome(lambda: parse_agenda(data, NAME), NAME, 0)
    assert agenda is not None and len(agenda.steps) > 20_000


# --------------------------------------------------------------------------- the fuzzers' reach


def result_of(value: bytes | dict[str, Any]) -> str:
    """ "valid", or the problems reading `value` gives."""
    try:
        if isinstance(value, bytes):
            parse_agenda(value, NAME)
        else:
            validate_agenda(value, NAME)
    except AgendaError as error:
        return str(error)
    return "valid"


@pytest.mark.parametrize(
    ("strategy", "wanted"),
    [
        (agenda_shaped(), "valid"),
        (agenda_shaped(), "duplicate id"),
        (agenda_shaped(), "must be shorter than the share"),
        (agenda_shaped(), "must be a [[steps]] table"),
        (agenda_shaped(), "unknown key; did you mean"),
        (agenda_shaped(), "contains the control character U+00"),
        (agenda_shaped(), "contains the control character U+20"),
        (agenda_shaped(), "only spaces or invisible characters"),
        (agenda_shaped(), "valid, with markup"),
        (mutated_documents(), "valid"),
        (mutated_documents(), "unknown key"),
        (mutated_files(), "valid"),
        (mutated_files(), "TOML syntax error"),
        (mutated_files(), "not UTF-8"),
        (toml_text_pieces.map(str.encode), "steps"),
    ],
)
def test_the_fuzzers_reach_what_they_are_for(strategy: st.SearchStrategy[Any], wanted: str) -> None:
    # Without this, a generator that only ever made one kind of input would pass unnoticed.
    def reaches(value: bytes | dict[str, Any]) -> bool:
        result = result_of(value)
        if wanted == "valid, with markup":
            return result == "valid" and any(markup in repr(value) for markup in ("[/]", "[@"))
        return result == wanted if wanted == "valid" else wanted in result

    # A budget of its own: finding stops at the first example, whatever the profile.
    budget = settings(database=None, phases=[Phase.generate], max_examples=3_000)
    find(strategy, reaches, settings=budget)


def test_a_long_duplicate_id_is_shortened_in_its_message() -> None:
    category = {"id": "a" * 1000, "label": "Attendees"}
    document = {
        "meeting": {"name": "Tuesday"},
        "attendance": [category, category],
        "steps": [{"title": "Welcome", "minutes": 5}],
    }
    with pytest.raises(AgendaError) as caught:
        validate_agenda(document, NAME)
    assert_clean(caught.value, NAME)
