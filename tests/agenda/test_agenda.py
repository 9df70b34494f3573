"""Agenda validation: every problem is one line naming the file, the field and the fix."""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

import pytest

from facilitator.agenda import (
    DEFAULT_REMINDER,
    MAX_CATEGORIES,
    MAX_FILE_BYTES,
    Agenda,
    AgendaError,
    load_agenda,
)

from ..data import AGENDAS
from ..hints import RefuseFilesIn

BUNDLED = sorted(AGENDAS.glob("*.toml"))
FILE = "tuesday.toml"

MEETING = '[meeting]\nname = "Tuesday"\n'
STEP = '[[steps]]\ntitle = "Welcome"\nminutes = 5\n'
MINIMAL = MEETING + STEP


def write(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / FILE
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def load(tmp_path: Path, content: str | bytes) -> Agenda:
    return load_agenda(write(tmp_path, content), FILE)


def problems(tmp_path: Path, content: str | bytes) -> list[str]:
    """The lines `facilitator validate` would print for `content`."""
    with pytest.raises(AgendaError) as caught:
        load_agenda(write(tmp_path, content), FILE)
    lines = [str(problem) for problem in caught.value.problems]
    assert lines, "an AgendaError must carry at least one problem"
    assert str(caught.value) == "\n".join(lines)
    for line in lines:
        assert line.startswith(f"{FILE}: "), line
        assert line.isprintable(), f"not one printable line: {line!r}"
        assert "Traceback" not in line
    return lines


def only_problem(tmp_path: Path, content: str | bytes) -> str:
    lines = problems(tmp_path, content)
    assert len(lines) == 1, lines
    return lines[0]


def field_of(line: str) -> str:
    """`steps[3].minutes` from `tuesday.toml: steps[3].minutes: message`."""
    return line.removeprefix(f"{FILE}: ").split(": ", 1)[0]


def steps(*extra: str) -> str:
    """Several steps; each argument adds its lines to one step."""
    return "".join(STEP + lines for lines in extra)


# --------------------------------------------------------------------------- valid agendas


def test_there_are_bundled_agendas() -> None:
    assert len(BUNDLED) > 0


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.stem)
def test_bundled_agenda_is_valid_and_complete(path: Path) -> None:
    agenda = load_agenda(path)
    assert agenda.meeting.name
    assert agenda.steps[-1].kind == "closing"
    assert agenda.closing.reminder.strip()
    spanish = (agenda.meeting.language or "").startswith("es")
    assert ("profesional" if spanish else "professional") in agenda.closing.reminder
    assert len(agenda.closing.resources) >= 1
    for resource in agenda.closing.resources:
        assert resource.name and resource.contact
    if agenda.meeting.minutes is not None:
        assert agenda.planned_minutes == agenda.meeting.minutes


SPANISH = [AGENDAS / "reunion-abierta.toml", AGENDAS / "encuentro-individual.toml"]
ENGLISH = [AGENDAS / "open-discussion.toml", AGENDAS / "peer-check-in.toml"]
# Words of the English templates that no Spanish text has: one left behind is untranslated.
ENGLISH_WORDS = re.compile(
    r"\b(welcome|share|shares|sharing|meeting|opening|closing|readings?|newcomers?|attendees"
    r"|online|in person|facilitator|please|thank|minutes|silence|announcements|collection"
    r"|topic|week|goals?|safety|steps?|emergency|support|helpline|lifeline|call|text"
    r"|the|and|you|your|with|this|that)\b",
    re.IGNORECASE,
)
REGIONS = {"Estados Unidos", "México", "España"}


def shown_texts(agenda: Agenda) -> list[str]:
    """Every text of an agenda that a meeting shows or reads aloud."""
    texts = [agenda.meeting.name, agenda.meeting.description or "", agenda.closing.reminder]
    texts += [category.label for category in agenda.attendance]
    texts += [text for step in agenda.steps for text in (step.title, step.script or "")]
    for resource in agenda.closing.resources:
        texts += [resource.name, resource.contact, resource.note or ""]
    return texts


def english_words(agenda: Agenda) -> set[str]:
    return {m.lower() for text in shown_texts(agenda) for m in ENGLISH_WORDS.findall(text)}


def test_the_spanish_agendas_are_bundled() -> None:
    assert set(SPANISH) <= set(BUNDLED)
    assert load_agenda(SPANISH[1]).meeting.kind == "one-on-one"


@pytest.mark.parametrize("path", SPANISH, ids=lambda path: path.stem)
def test_a_spanish_agenda_is_spanish_throughout(path: Path) -> None:
    agenda = load_agenda(path)
    assert agenda.meeting.language == "es"
    # Its own reminder, written in the file, not the default the app would give it.
    written = tomllib.loads(path.read_text(encoding="utf-8"))["closing"]["reminder"]
    assert written.strip() == agenda.closing.reminder.strip()
    assert "complementa el tratamiento profesional" in agenda.closing.reminder
    assert "no lo sustituye" in agenda.closing.reminder
    regions = [
        found.group(1)
        for resource in agenda.closing.resources
        if (found := re.search(r"\(([^()]+)\)$", resource.note or ""))
    ]
    assert len(regions) >= 2 and set(regions) <= REGIONS
    assert english_words(agenda) == set()


@pytest.mark.parametrize("path", ENGLISH, ids=lambda path: path.stem)
def test_the_english_check_finds_english(path: Path) -> None:
    assert {"welcome", "the", "you"} <= english_words(load_agenda(path))


def test_minimal_agenda_gets_defaults(tmp_path: Path) -> None:
    agenda = load(tmp_path, MINIMAL)
    assert agenda.meeting.name == "Tuesday"
    assert agenda.meeting.kind == "group"
    assert agenda.sharing.share_minutes == 3
    assert agenda.sharing.warning_seconds == 30
    assert agenda.sharing.sound == "tones"
    assert agenda.sharing.overtime_reminder_seconds is None
    assert agenda.sharing.queue == "first-come"
    assert agenda.sharing.first_share_first is False
    assert agenda.steps[0].sound is None
    assert agenda.sound(0) == "tones"
    assert [(c.id, c.label) for c in agenda.attendance] == [("attendees", "Attendees")]
    assert agenda.steps[0].kind == "reading"
    assert agenda.closing.reminder == DEFAULT_REMINDER
    assert "professional" in agenda.closing.reminder
    assert agenda.closing.resources == ()


def test_sharing_step_uses_sharing_defaults_and_overrides(tmp_path: Path) -> None:
    text = MEETING + steps(
        'kind = "sharing"\n', 'kind = "sharing"\nshare_minutes = 1\nwarning_seconds = 10\n'
    )
    agenda = load(tmp_path, text)
    assert (agenda.share_seconds(0), agenda.warning_seconds(0)) == (180, 30)
    assert (agenda.share_seconds(1), agenda.warning_seconds(1)) == (60, 10)


def test_a_sharing_step_may_sound_otherwise(tmp_path: Path) -> None:
    text = (
        MEETING
        + steps('kind = "sharing"\n', 'kind = "sharing"\nsound = "off"\n')
        + '[sharing]\nsound = "bell"\novertime_reminder_seconds = 60\n'
    )
    agenda = load(tmp_path, text)
    assert (agenda.sound(0), agenda.sound(1)) == ("bell", "off")
    assert agenda.steps[1].sound == "off"
    assert agenda.sharing.overtime_reminder_seconds == 60


@pytest.mark.parametrize(("chime", "sound"), [("false", "off"), ("true", "tones")])
def test_the_older_chime_is_read_as_the_sound_it_means(
    tmp_path: Path, chime: str, sound: str
) -> None:
    agenda = load(tmp_path, MINIMAL + f"[sharing]\nchime = {chime}\nflash = true\n")
    assert agenda.sharing.sound == sound
    assert agenda.sharing.flash is True
    assert agenda.sound(0) == sound


@pytest.mark.parametrize("queue", ["first-come", "alternate"])
def test_the_share_queue_takes_its_order_from_sharing(tmp_path: Path, queue: str) -> None:
    agenda = load(tmp_path, MINIMAL + f'[sharing]\nqueue = "{queue}"\nfirst_share_first = true\n')
    assert agenda.sharing.queue == queue
    assert agenda.sharing.first_share_first is True


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    agenda = load(tmp_path, b"\xef\xbb\xbf" + MINIMAL.encode("utf-8"))
    assert agenda.meeting.name == "Tuesday"


def test_windows_line_endings_are_accepted(tmp_path: Path) -> None:
    agenda = load(tmp_path, MINIMAL.replace("\n", "\r\n"))
    assert agenda.steps[0].title == "Welcome"


def test_fractions_are_allowed(tmp_path: Path) -> None:
    text = (
        MEETING
        + "[sharing]\nshare_minutes = 2.5\nwarning_seconds = 12.5\n"
        + steps('kind = "sharing"\n', 'kind = "sharing"\nshare_minutes = 1.5\n')
        + '[[steps]]\ntitle = "Short"\nminutes = 0.5\n'
    )
    agenda = load(tmp_path, text)
    assert agenda.sharing.share_minutes == 2.5
    assert agenda.share_seconds(0) == 150
    assert agenda.share_seconds(1) == 90
    assert agenda.warning_seconds(1) == 12.5
    assert agenda.steps[2].minutes == 0.5


def test_limits_themselves_are_allowed(tmp_path: Path) -> None:
    categories = "".join(
        f'[[attendance]]\nid = "c{i}"\nlabel = "C{i}"\n' for i in range(MAX_CATEGORIES)
    )
    text = (
        MEETING
        + "[sharing]\nshare_minutes = 120\nwarning_seconds = 0\n"
        + categories
        + '[[steps]]\ntitle = "All day"\nminutes = 1440\n'
    )
    agenda = load(tmp_path, text)
    assert len(agenda.attendance) == MAX_CATEGORIES
    assert agenda.steps[0].minutes == 1440


@pytest.mark.parametrize("start", ["00:00", "07:05", "19:00", "23:59"])
def test_a_scheduled_start_is_a_time_of_day(tmp_path: Path, start: str) -> None:
    text = f'[meeting]\nname = "Tuesday"\nstart = "{start}"\n' + STEP
    assert load(tmp_path, text).meeting.start == start


def test_a_meeting_needs_no_scheduled_start(tmp_path: Path) -> None:
    assert load(tmp_path, MINIMAL).meeting.start is None


def test_unicode_text_is_kept(tmp_path: Path) -> None:
    agenda = load(tmp_path, '[meeting]\nname = "Café · Grupo de apoyo ☕"\n' + STEP)
    assert agenda.meeting.name == "Café · Grupo de apoyo ☕"


# --------------------------------------------------------------------------- syntax and bytes


@pytest.mark.parametrize(
    ("text", "line", "column", "fragment"),
    [
        pytest.param('[meeting\nname = "x"\n', 1, 9, "]", id="unclosed-table-header"),
        pytest.param('[meeting]\nname = "Tuesday\n' + STEP, 2, 16, "", id="unclosed-string"),
        pytest.param(MINIMAL + "title = 'Again'\n", 6, 16, "overwrite", id="duplicate-key"),
        pytest.param(MINIMAL + "\n\nminutes 5\n", 8, 9, "", id="missing-equals-late-line"),
        pytest.param("[meeting]\nname = ", 2, 8, "at the end of the file", id="end-of-file"),
    ],
)
def test_toml_syntax_error_names_line_and_column(
    tmp_path: Path, text: str, line: int, column: int, fragment: str
) -> None:
    problem = only_problem(tmp_path, text)
    assert problem.startswith(f"{FILE}: line {line}, column {column}: TOML syntax error: ")
    assert fragment.lower() in problem.lower()


@pytest.mark.parametrize("content", [b"", b"   \n\t\n\n"], ids=["empty", "whitespace-only"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    problem = only_problem(tmp_path, content)
    assert problem.startswith(f"{FILE}: the file is empty")
    assert "[meeting]" in problem and "[[steps]]" in problem


@pytest.mark.parametrize(
    ("content", "line", "column", "byte"),
    [
        pytest.param('[meeting]\nname = "Caf\xe9"\n'.encode("latin-1"), 2, 12, "e9", id="latin-1"),
        # Columns count characters, not bytes: "é" is two bytes but one column.
        pytest.param(
            b'[meeting]\nname = "\xc3\xa9\xc3\xa9 \xff"\n', 2, 12, "ff", id="after-multibyte"
        ),
        pytest.param(b"\xff" + MINIMAL.encode(), 1, 1, "ff", id="first-byte"),
    ],
)
def test_bytes_that_are_not_utf8(
    tmp_path: Path, content: bytes, line: int, column: int, byte: str
) -> None:
    problem = only_problem(tmp_path, content)
    assert problem.startswith(f"{FILE}: line {line}, column {column}: not UTF-8 text")
    assert f"0x{byte}" in problem
    assert "UTF-8 encoding" in problem


@pytest.mark.parametrize(
    "content",
    [
        b"[meeting]\x00name",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        bytes(range(256)),
    ],
    ids=["nul-in-text", "png", "all-bytes"],
)
def test_binary_file(tmp_path: Path, content: bytes) -> None:
    assert only_problem(tmp_path, content) == (
        f"{FILE}: is a binary file, not a TOML agenda (UTF-8 text)"
    )


def test_utf16_file_is_named_as_such(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, MINIMAL.encode("utf-16"))
    assert problem == f"{FILE}: is saved as UTF-16 text; save the file with UTF-8 encoding"


def test_deep_nesting_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, MINIMAL + "deep = " + "[" * 100_000 + "\n")
    assert "nested too deeply" in problem


# --------------------------------------------------------------------------- the model

CASES = [
    # Missing required keys.
    pytest.param(
        STEP, "meeting", "missing required key; expected a [meeting] table", id="missing-meeting"
    ),
    pytest.param(
        "[meeting]\n" + STEP,
        "meeting.name",
        "missing required key; expected the meeting",
        id="missing-meeting-name",
    ),
    pytest.param(
        MEETING,
        "steps",
        "missing required key; expected a list of [[steps]] tables",
        id="missing-steps",
    ),
    pytest.param(
        MEETING + "[[steps]]\nminutes = 5\n",
        "steps[0].title",
        "missing required key; expected the step's title",
        id="missing-title",
    ),
    pytest.param(
        MEETING + STEP + '[[steps]]\ntitle = "Close"\n',
        "steps[1].minutes",
        "missing required key; expected planned length in minutes",
        id="missing-minutes",
    ),
    pytest.param(
        MINIMAL + '[[closing.resources]]\nname = "Helpline"\n',
        "closing.resources[0].contact",
        "missing required key; expected how to reach it",
        id="missing-contact",
    ),
    pytest.param(
        MINIMAL + '[[attendance]]\nid = "online"\n',
        "attendance[0].label",
        "missing required key",
        id="missing-label",
    ),
    # Wrong types.
    pytest.param(
        MEETING + '[[steps]]\ntitle = "Welcome"\nminutes = "5"\n',
        "steps[0].minutes",
        'must be a number (got text "5")',
        id="string-for-number",
    ),
    pytest.param(
        MEETING + "[[steps]]\ntitle = 5\nminutes = 5\n",
        "steps[0].title",
        "must be text in quotes (got 5)",
        id="number-for-string",
    ),
    pytest.param(
        MEETING + '[[steps]]\ntitle = "Welcome"\nminutes = true\n',
        "steps[0].minutes",
        "must be a number (got true)",
        id="bool-for-number",
    ),
    pytest.param(
        MINIMAL + '[sharing]\nchime = "yes"\n',
        "sharing.chime",
        'must be true or false (got text "yes")',
        id="yes-for-bool",
    ),
    pytest.param(
        MINIMAL + "[sharing]\nshare_minutes = [3]\n",
        "sharing.share_minutes",
        "must be a number (got a list)",
        id="list-for-number",
    ),
    pytest.param(
        "[meeting]\nname = 2026-11-24\n" + STEP,
        "meeting.name",
        "must be text in quotes (got a date/time 2026-11-24)",
        id="date-for-string",
    ),
    pytest.param(
        'meeting = "Tuesday"\n' + STEP,
        "meeting",
        'must be a [meeting] table (got text "Tuesday")',
        id="meeting-as-string",
    ),
    pytest.param(
        'closing = "Be well"\n' + MINIMAL,
        "closing",
        'must be a [closing] table (got text "Be well")',
        id="closing-as-string",
    ),
    pytest.param(
        'steps = ["Welcome"]\n' + MEETING,
        "steps[0]",
        'must be a [[steps]] table (got text "Welcome")',
        id="step-as-string",
    ),
    pytest.param(
        MINIMAL + '[closing]\nresources = ["988"]\n',
        "closing.resources[0]",
        'must be a [[closing.resources]] table (got text "988")',
        id="resource-as-string",
    ),
    pytest.param(
        MINIMAL + "[closing]\nreminder = 5\n",
        "closing.reminder",
        "must be text in quotes (got 5)",
        id="number-for-reminder",
    ),
    # Unknown keys: a suggestion when close, the allowed keys when not.
    pytest.param(
        MINIMAL + "minuts = 5\n",
        "steps[0].minuts",
        'unknown key; did you mean "minutes"? (allowed: kind, minutes, script, '
        "share_minutes, sound, title, warning_seconds)",
        id="minuts",
    ),
    pytest.param(
        MINIMAL + 'scirpt = "Hello"\n',
        "steps[0].scirpt",
        'unknown key; did you mean "script"?',
        id="scirpt",
    ),
    pytest.param(
        '[meeting]\nname = "Tuesday"\nnmae = "x"\n' + STEP,
        "meeting.nmae",
        'unknown key; did you mean "name"?',
        id="meeting-nmae",
    ),
    pytest.param(
        MINIMAL + "[sharing]\nshare_minute = 2\n",
        "sharing.share_minute",
        'unknown key; did you mean "share_minutes"? (allowed: first_share_first, flash, '
        "overtime_reminder_seconds, queue, share_minutes, sound, warning_seconds)",
        id="sharing-share_minute",
    ),
    pytest.param(
        MINIMAL + '[[attendance]]\nid = "a"\nlabel = "A"\nlable = "A"\n',
        "attendance[0].lable",
        'unknown key; did you mean "label"?',
        id="lable",
    ),
    pytest.param(
        MINIMAL + '[closing]\nremindr = "Take care"\n',
        "closing.remindr",
        'unknown key; did you mean "reminder"?',
        id="remindr",
    ),
    pytest.param(
        MINIMAL + '[[closing.resources]]\nname = "A"\ncontact = "1"\nnotes = "x"\n',
        "closing.resources[0].notes",
        'unknown key; did you mean "note"?',
        id="notes",
    ),
    pytest.param(
        'colour = "blue"\n' + MINIMAL,
        "colour",
        "unknown key (allowed: attendance, closing, meeting, sharing, steps)",
        id="far-top-level",
    ),
    pytest.param(
        MINIMAL + 'colour = "blue"\n',
        "steps[0].colour",
        "unknown key (allowed: kind, minutes, script, share_minutes, sound, title, "
        "warning_seconds)",
        id="far-in-step",
    ),
    pytest.param(
        MINIMAL + '[closing]\nhotline = "988"\n',
        "closing.hotline",
        "unknown key (allowed: reminder, resources)",
        id="far-in-closing",
    ),
    pytest.param(
        MINIMAL + '"two words" = 1\n', 'steps[0]."two words"', "unknown key", id="quoted-key"
    ),
    # A top-level key written after a [table] header lands inside that table.
    pytest.param(
        STEP + '[meeting]\nname = "Tuesday"\nsharing = 3\n',
        "meeting.sharing",
        '"sharing" belongs at the top level: move it above the first [table] header',
        id="top-level-key-in-table",
    ),
    # Unknown kinds, with a suggestion when close.
    pytest.param(
        MINIMAL + 'kind = "shareing"\n',
        "steps[0].kind",
        'must be one of "reading", "sharing", "break", "closing" (got text "shareing");'
        ' did you mean "sharing"?',
        id="step-kind-typo",
    ),
    pytest.param(
        MINIMAL + 'kind = "Closing"\n',
        "steps[0].kind",
        'did you mean "closing"?',
        id="step-kind-capital",
    ),
    pytest.param(
        '[meeting]\nname = "Tuesday"\nkind = "one-to-one"\n' + STEP,
        "meeting.kind",
        'must be one of "group", "one-on-one" (got text "one-to-one"); did you mean "one-on-one"?',
        id="meeting-kind-typo",
    ),
    pytest.param(
        '[meeting]\nname = "Tuesday"\nkind = "webinar"\n' + STEP,
        "meeting.kind",
        'must be one of "group", "one-on-one" (got text "webinar")',
        id="meeting-kind-far",
    ),
    # Minutes that make no sense.
    pytest.param(
        MEETING + '[[steps]]\ntitle = "A"\nminutes = 0\n',
        "steps[0].minutes",
        "must be greater than 0 (got 0)",
        id="zero-minutes",
    ),
    pytest.param(
        MEETING + '[[steps]]\ntitle = "A"\nminutes = -5\n',
        "steps[0].minutes",
        "must be greater than 0 (got -5)",
        id="negative-minutes",
    ),
    pytest.param(
        MEETING + '[[steps]]\ntitle = "A"\nminutes = 1441\n',
        "steps[0].minutes",
        "must be at most 1440 (got 1441)",
        id="over-a-day",
    ),
    pytest.param(
        MEETING + '[[steps]]\ntitle = "A"\nminutes = 1e9\n',
        "steps[0].minutes",
        "must be at most 1440 (got 1000000000)",
        id="absurd",
    ),
    pytest.param(
        MEETING + '[[steps]]\ntitle = "A"\nminutes = inf\n',
        "steps[0].minutes",
        "must be a finite number (got inf)",
        id="inf",
    ),
    pytest.param(
        MEETING + '[[steps]]\ntitle = "A"\nminutes = -inf\n',
        "steps[0].minutes",
        "must be a finite number (got -inf)",
        id="minus-inf",
    ),
    pytest.param(
        MEETING + '[[steps]]\ntitle = "A"\nminutes = nan\n',
        "steps[0].minutes",
        "must be a finite number (got nan)",
        id="nan",
    ),
    pytest.param(
        MEETING + '[[steps]]\ntitle = "A"\nminutes = ' + "9" * 400 + "\n",
        "steps[0].minutes",
        "is far too large a number (got a 400-digit number)",
        id="400-digit-integer",
    ),
    pytest.param(
        '[meeting]\nname = "Tuesday"\nminutes = inf\n' + STEP,
        "meeting.minutes",
        "must be a finite number (got inf)",
        id="meeting-minutes-inf",
    ),
    pytest.param(
        '[meeting]\nname = "Tuesday"\nminutes = 0\n' + STEP,
        "meeting.minutes",
        "must be greater than 0 (got 0)",
        id="meeting-minutes-zero",
    ),
    pytest.param(
        '[meeting]\nname = "Tuesday"\nstart = "7pm"\n' + STEP,
        "meeting.start",
        'must be a time of day as "HH:MM", e.g. "19:00" (got text "7pm")',
        id="meeting-start-words",
    ),
    pytest.param(
        '[meeting]\nname = "Tuesday"\nstart = "24:00"\n' + STEP,
        "meeting.start",
        'must be a time of day as "HH:MM", e.g. "19:00" (got text "24:00")',
        id="meeting-start-past-midnight",
    ),
    pytest.param(
        '[meeting]\nname = "Tuesday"\nstart = "7:00"\n' + STEP,
        "meeting.start",
        'must be a time of day as "HH:MM", e.g. "19:00" (got text "7:00")',
        id="meeting-start-one-digit-hour",
    ),
    pytest.param(
        '[meeting]\nname = "Tuesday"\nstart = 19:00:00\n' + STEP,
        "meeting.start",
        "must be text in quotes (got a date/time 19:00:00)",
        id="meeting-start-toml-time",
    ),
    pytest.param(
        MINIMAL + "[sharing]\nshare_minutes = 0\n",
        "sharing.share_minutes",
        "must be greater than 0 (got 0)",
        id="share-zero",
    ),
    pytest.param(
        MINIMAL + "[sharing]\nshare_minutes = 121\n",
        "sharing.share_minutes",
        "must be at most 120 (got 121)",
        id="share-too-long",
    ),
    pytest.param(
        MINIMAL + "[sharing]\nwarning_seconds = -1\n",
        "sharing.warning_seconds",
        "must be 0 or more (got -1)",
        id="negative-warning",
    ),
    pytest.param(
        MINIMAL + 'kind = "sharing"\nshare_minutes = nan\n',
        "steps[0].share_minutes",
        "must be a finite number (got nan)",
        id="step-share-nan",
    ),
    # How a share sounds.
    pytest.param(
        MINIMAL + '[sharing]\nsound = "loud"\n',
        "sharing.sound",
        'must be one of "tones", "bell", "off" (got text "loud")',
        id="sound-unknown",
    ),
    pytest.param(
        MINIMAL + '[sharing]\nsound = "Bell"\n',
        "sharing.sound",
        'must be one of "tones", "bell", "off" (got text "Bell"); did you mean "bell"?',
        id="sound-capital",
    ),
    pytest.param(
        MINIMAL + "[sharing]\nsound = false\n",
        "sharing.sound",
        'must be one of "tones", "bell", "off" (got false)',
        id="sound-bool",
    ),
    pytest.param(
        MINIMAL + 'kind = "sharing"\nsound = "tone"\n',
        "steps[0].sound",
        'must be one of "tones", "bell", "off" (got text "tone"); did you mean "tones"?',
        id="step-sound-typo",
    ),
    pytest.param(
        MINIMAL + '[sharing]\nchime = false\nsound = "bell"\n',
        "sharing.chime",
        'use sound = "tones" | "bell" | "off" instead; chime and sound cannot both be set',
        id="chime-and-sound",
    ),
    pytest.param(
        MINIMAL + '[sharing]\nchime = "yes"\nsound = "off"\n',
        "sharing.chime",
        'must be true or false (got text "yes")',
        id="yes-for-chime-beside-sound",
    ),
    # The share queue's order.
    pytest.param(
        MINIMAL + '[sharing]\nqueue = "turns"\n',
        "sharing.queue",
        'must be one of "first-come", "alternate" (got text "turns")',
        id="queue-unknown",
    ),
    pytest.param(
        MINIMAL + '[sharing]\nqueue = "Alternate"\n',
        "sharing.queue",
        'must be one of "first-come", "alternate" (got text "Alternate"); '
        'did you mean "alternate"?',
        id="queue-capital",
    ),
    pytest.param(
        MINIMAL + "[sharing]\nqueue = true\n",
        "sharing.queue",
        'must be one of "first-come", "alternate" (got true)',
        id="queue-bool",
    ),
    pytest.param(
        MINIMAL + '[sharing]\nfirst_share_first = "yes"\n',
        "sharing.first_share_first",
        'must be true or false (got text "yes")',
        id="first-share-first-text",
    ),
    pytest.param(
        MINIMAL + 'kind = "sharing"\nqueue = "alternate"\n',
        "steps[0].queue",
        "unknown key",
        id="queue-on-a-step",
    ),
    pytest.param(
        MINIMAL + "[sharing]\novertime_reminder_seconds = 4\n",
        "sharing.overtime_reminder_seconds",
        "must be 5 or more (got 4)",
        id="overtime-reminder-too-often",
    ),
    pytest.param(
        MINIMAL + "[sharing]\novertime_reminder_seconds = 3601\n",
        "sharing.overtime_reminder_seconds",
        "must be at most 3600 (got 3601)",
        id="overtime-reminder-too-rare",
    ),
    pytest.param(
        MINIMAL + '[sharing]\novertime_reminder_seconds = "60"\n',
        "sharing.overtime_reminder_seconds",
        'must be a number (got text "60")',
        id="overtime-reminder-text",
    ),
    pytest.param(
        MINIMAL + 'kind = "sharing"\novertime_reminder_seconds = 60\n',
        "steps[0].overtime_reminder_seconds",
        "unknown key",
        id="overtime-reminder-on-a-step",
    ),
    # Share keys on a step that has no shares.
    pytest.param(
        MINIMAL + "share_minutes = 2\n",
        "steps[0].share_minutes",
        'only allowed on a step with kind = "sharing" (this step is "reading")',
        id="share-minutes-on-reading",
    ),
    pytest.param(
        MINIMAL + 'kind = "break"\nwarning_seconds = 10\n',
        "steps[0].warning_seconds",
        'only allowed on a step with kind = "sharing" (this step is "break")',
        id="warning-on-break",
    ),
    pytest.param(
        MINIMAL + 'sound = "off"\n',
        "steps[0].sound",
        'only allowed on a step with kind = "sharing" (this step is "reading")',
        id="sound-on-reading",
    ),
    # A warning as long as the share, or longer.
    pytest.param(
        MINIMAL + "[sharing]\nshare_minutes = 1\nwarning_seconds = 60\n",
        "sharing.warning_seconds",
        "must be shorter than the share (60 seconds) (got 60)",
        id="sharing-warning-equal",
    ),
    pytest.param(
        MINIMAL + "[sharing]\nshare_minutes = 1\nwarning_seconds = 90\n",
        "sharing.warning_seconds",
        "must be shorter than the share (60 seconds) (got 90)",
        id="sharing-warning-longer",
    ),
    pytest.param(
        MEETING + steps("", "", 'kind = "sharing"\nwarning_seconds = 180\n'),
        "steps[2].warning_seconds",
        "the warning (180 s) must be shorter than the share (180 s)",
        id="step-warning-equal",
    ),
    pytest.param(
        MEETING + steps('kind = "sharing"\nshare_minutes = 1\nwarning_seconds = 75\n'),
        "steps[0].warning_seconds",
        "the warning (75 s) must be shorter than the share (60 s)",
        id="step-warning-longer",
    ),
    pytest.param(
        MEETING + steps('kind = "sharing"\nshare_minutes = 0.25\n'),
        "steps[0].share_minutes",
        "the warning (30 s) must be shorter than the share (15 s)",
        id="step-share-shorter-than-sharing-warning",
    ),
    # Attendance categories.
    pytest.param(
        MINIMAL + '[[attendance]]\nid = "online"\nlabel = "Online"\n'
        '[[attendance]]\nid = "online"\nlabel = "Zoom"\n',
        "attendance[1].id",
        'duplicate id "online" (already used by attendance[0]); each category needs its own id',
        id="duplicate-id",
    ),
    pytest.param(
        MINIMAL + '[[attendance]]\nid = "Online"\nlabel = "Online"\n',
        "attendance[0].id",
        "must be a lowercase identifier: letters a-z, digits and _, starting with a letter"
        ' (got text "Online")',
        id="uppercase-id",
    ),
    pytest.param(
        MINIMAL + '[[attendance]]\nid = "new comers"\nlabel = "New"\n',
        "attendance[0].id",
        "must be a lowercase identifier: letters a-z, digits and _, "
        'starting with a letter (got text "new comers")',
        id="id-with-space",
    ),
    pytest.param(
        MINIMAL + '[[attendance]]\nid = "1st"\nlabel = "First"\n',
        "attendance[0].id",
        "starting with a letter",
        id="id-starts-with-digit",
    ),
    pytest.param(
        MINIMAL
        + "".join(f'[[attendance]]\nid = "c{i}"\nlabel = "C"\n' for i in range(MAX_CATEGORIES + 1)),
        "attendance",
        "at most 9 categories are allowed (keys 1-9) (got 10)",
        id="ten-categories",
    ),
    pytest.param(
        "attendance = []\n" + MINIMAL, "attendance", "needs at least 1 entry", id="no-categories"
    ),
    # Steps that are no list of steps.
    pytest.param(
        "steps = []\n" + MEETING,
        "steps",
        "needs at least one step: add a [[steps]] table",
        id="no-steps",
    ),
    pytest.param(
        MEETING + '[steps]\ntitle = "Welcome"\nminutes = 5\n',
        "steps",
        "must be a list of [[steps]] tables (got a table)",
        id="steps-table",
    ),
    pytest.param(
        'steps = "Welcome"\n' + MEETING,
        "steps",
        'must be a list of [[steps]] tables (got text "Welcome")',
        id="steps-string",
    ),
    # Empty text.
    pytest.param(
        '[meeting]\nname = ""\n' + STEP, "meeting.name", "must not be empty", id="empty-name"
    ),
    pytest.param(
        MEETING + '[[steps]]\ntitle = ""\nminutes = 5\n',
        "steps[0].title",
        "must not be empty",
        id="empty-title",
    ),
    pytest.param(
        MINIMAL + '[closing]\nreminder = ""\n',
        "closing.reminder",
        "must not be empty",
        id="empty-reminder",
    ),
    pytest.param(
        '[meeting]\nname = "   "\n' + STEP, "meeting.name", "must not be blank", id="blank-name"
    ),
    pytest.param(
        MEETING + STEP + '[[attendance]]\nid = "shares"\nlabel = "Shares"\n',
        "attendance[0].id",
        '"shares" is a column of the attendance export',
        id="reserved-id",
    ),
    pytest.param(
        MEETING + '[[steps]]\ntitle = "\t "\nminutes = 5\n',
        "steps[0].title",
        "must not be blank",
        id="blank-title",
    ),
    pytest.param(
        MINIMAL + '[[closing.resources]]\nname = "X"\ncontact = " "\n',
        "closing.resources[0].contact",
        "must not be blank",
        id="blank-contact",
    ),
]


@pytest.mark.parametrize(("text", "field", "message"), CASES)
def test_problem_names_field_and_says_what_is_wrong(
    tmp_path: Path, text: str, field: str, message: str
) -> None:
    problem = only_problem(tmp_path, text)
    assert field_of(problem) == field, problem
    assert problem.startswith(f"{FILE}: {field}: "), problem
    assert message in problem


def test_exact_line_for_negative_minutes_with_zero_based_index(tmp_path: Path) -> None:
    text = MEETING + steps("", "", "") + '[[steps]]\ntitle = "Close"\nminutes = -5\n'
    assert only_problem(tmp_path, text) == (
        "tuesday.toml: steps[3].minutes: must be greater than 0 (got -5)"
    )


def test_far_unknown_key_has_no_suggestion(tmp_path: Path) -> None:
    assert "did you mean" not in only_problem(tmp_path, MINIMAL + 'colour = "blue"\n')


def test_misspelt_required_key_reports_both_the_gap_and_the_typo(tmp_path: Path) -> None:
    text = MEETING + '[[steps]]\ntitle = "Welcome"\nminuts = 5\n'
    lines = problems(tmp_path, text)
    assert sorted(field_of(line) for line in lines) == ["steps[0].minutes", "steps[0].minuts"]
    assert any('did you mean "minutes"?' in line for line in lines)


def test_misspelt_meeting_table(tmp_path: Path) -> None:
    lines = problems(tmp_path, '[meting]\nname = "Tuesday"\n' + STEP)
    assert lines == [
        f"{FILE}: meeting: missing required key; expected a [meeting] table",
        f'{FILE}: meting: unknown key; did you mean "meeting"? '
        "(allowed: attendance, closing, meeting, sharing, steps)",
    ]


def test_several_problems_give_several_lines(tmp_path: Path) -> None:
    text = (
        '[meeting]\nname = ""\nkind = "grop"\n'
        '[[steps]]\ntitle = "Welcome"\nminutes = 0\n'
        '[[steps]]\nminutes = "ten"\n'
    )
    assert problems(tmp_path, text) == [
        f"{FILE}: meeting.name: must not be empty",
        f'{FILE}: meeting.kind: must be one of "group", "one-on-one" (got text "grop"); '
        'did you mean "group"?',
        f"{FILE}: steps[0].minutes: must be greater than 0 (got 0)",
        f"{FILE}: steps[1].title: missing required key; expected the step's title",
        f'{FILE}: steps[1].minutes: must be a number (got text "ten")',
    ]


def test_every_cross_check_problem_is_reported(tmp_path: Path) -> None:
    text = (
        MEETING
        + steps(
            'kind = "sharing"\nwarning_seconds = 200\n',
            'kind = "sharing"\nwarning_seconds = 300\n',
        )
        + '[[attendance]]\nid = "a"\nlabel = "A"\n[[attendance]]\nid = "a"\nlabel = "A"\n'
        + '[[attendance]]\nid = "b"\nlabel = "B"\n[[attendance]]\nid = "b"\nlabel = "B"\n'
    )
    assert [field_of(line) for line in problems(tmp_path, text)] == [
        "attendance[1].id",
        "attendance[3].id",
        "steps[0].warning_seconds",
        "steps[1].warning_seconds",
    ]


def test_the_limits_of_the_overtime_reminder_are_allowed(tmp_path: Path) -> None:
    for seconds in (5, 3600, 7.5):
        text = MINIMAL + f"[sharing]\novertime_reminder_seconds = {seconds}\n"
        assert load(tmp_path, text).sharing.overtime_reminder_seconds == seconds


def test_chime_beside_sound_is_one_line_and_the_rest_still_shows(tmp_path: Path) -> None:
    text = MINIMAL + '[sharing]\nchime = true\nsound = "tones"\nwarning_seconds = 999\n'
    assert [field_of(line) for line in problems(tmp_path, text)] == [
        "sharing.chime",
        "sharing.warning_seconds",
    ]


def test_both_share_keys_on_a_reading_step(tmp_path: Path) -> None:
    lines = problems(tmp_path, MINIMAL + "share_minutes = 2\nwarning_seconds = 10\n")
    assert [field_of(line) for line in lines] == [
        "steps[0].share_minutes",
        "steps[0].warning_seconds",
    ]


@pytest.mark.parametrize(
    "text",
    [
        MEETING + '[[steps]]\ntitle = "A"\nminutes = "5\\n\\u001b[31mred"\n',
        MINIMAL + '"bad\\nkey\\u001b[2J" = 1\n',
        '[meeting]\nname = "Tuesday"\nkind = """\nsharing\n"""\n' + STEP,
    ],
    ids=["value", "key", "multi-line-string"],
)
def test_values_from_the_file_cannot_break_the_line(tmp_path: Path, text: str) -> None:
    problem = only_problem(tmp_path, text)  # asserts one printable line
    assert "\\n" in problem
    assert "\x1b" not in problem


# --------------------------------------------------------------------------- file problems


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.toml"
    with pytest.raises(AgendaError) as caught:
        load_agenda(path)
    assert str(caught.value) == f"{path}: no such file"


def test_display_name_is_used_in_messages(tmp_path: Path) -> None:
    with pytest.raises(AgendaError) as caught:
        load_agenda(tmp_path / "nope.toml", "nope.toml")
    assert str(caught.value) == "nope.toml: no such file"


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "agendas.toml"
    folder.mkdir()
    with pytest.raises(AgendaError) as caught:
        load_agenda(folder)
    assert str(caught.value) == f"{folder}: is a folder, not an agenda file (.toml)"


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read any file"
)
def test_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL)
    path.chmod(0)
    try:
        with pytest.raises(AgendaError) as caught:
            load_agenda(path)
    finally:
        path.chmod(0o600)
    assert str(caught.value) == f"{path}: cannot be read: permission denied"


def test_permission_denied_even_when_running_as_root(
    tmp_path: Path, refuse_files_in: RefuseFilesIn
) -> None:
    path = write(tmp_path, MINIMAL)
    refuse_files_in(path.parent)
    with pytest.raises(AgendaError) as caught:
        load_agenda(path, FILE)
    assert str(caught.value) == f"{FILE}: cannot be read: permission denied"


def test_huge_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    with path.open("wb") as handle:
        handle.write(MINIMAL.encode())
        handle.write(b"# padding\n" * (MAX_FILE_BYTES // 10 + 1))
    with pytest.raises(AgendaError) as caught:
        load_agenda(path)
    assert re.fullmatch(
        rf"{re.escape(str(path))}: is too large for an agenda \(more than [\d,]+ bytes\)",
        str(caught.value),
    )


# --------------------------------------------------------------------------- control characters

# Every kind of character a terminal acts on: C0 (escape, bell, NUL, a lone carriage return),
# DEL and C1 (the one-byte CSI), and the bidirectional controls that reorder what is shown.
CONTROLS = ["\x1b", "\x07", "\x00", "\r", "\x7f", "\x9b", "\u202a", "\u202e", "\u2066", "\u2069"]

# Where each field is, as TOML, with `{}` for the value; and whether it may hold lines.
TEXT_FIELDS = {
    "meeting.name": ('[meeting]\nname = "{}"\n' + STEP, False),
    "meeting.description": ('[meeting]\nname = "T"\ndescription = "{}"\n' + STEP, True),
    "steps[0].title": (MEETING + '[[steps]]\ntitle = "{}"\nminutes = 5\n', False),
    "steps[0].script": (MEETING + '[[steps]]\ntitle = "W"\nminutes = 5\nscript = "{}"\n', True),
    "attendance[0].label": (MINIMAL + '[[attendance]]\nid = "a"\nlabel = "{}"\n', False),
    "closing.reminder": (MINIMAL + '[closing]\nreminder = "{}"\n', True),
    "closing.resources[0].contact": (
        MINIMAL + '[[closing.resources]]\nname = "Line"\ncontact = "{}"\n',
        False,
    ),
    "closing.resources[0].note": (
        MINIMAL + '[[closing.resources]]\nname = "Line"\ncontact = "988"\nnote = "{}"\n',
        False,
    ),
}


def toml_escape(char: str) -> str:
    return f"\\u{ord(char):04X}"


@pytest.mark.parametrize("field", sorted(TEXT_FIELDS))
@pytest.mark.parametrize("char", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
def test_control_characters_are_refused_in_every_text(
    tmp_path: Path, field: str, char: str
) -> None:
    template, _ = TEXT_FIELDS[field]
    line = only_problem(tmp_path, template.format("Tues" + toml_escape(char) + "day"))
    assert line == (f"{FILE}: {field}: contains the control character U+{ord(char):04X}; remove it")


@pytest.mark.parametrize("field", sorted(TEXT_FIELDS))
def test_newlines_and_tabs_are_text_only_where_there_are_lines(tmp_path: Path, field: str) -> None:
    template, multiline = TEXT_FIELDS[field]
    for char in ("\n", "\t"):
        content = template.format("one" + toml_escape(char) + "two")
        if multiline:
            load(tmp_path, content)  # valid
        else:
            assert only_problem(tmp_path, content).endswith(
                f"contains the control character U+{ord(char):04X}; remove it"
            )


def test_a_windows_line_end_is_a_line_end(tmp_path: Path) -> None:
    template, _ = TEXT_FIELDS["steps[0].script"]
    agenda = load(tmp_path, template.format("one\\r\\ntwo"))
    assert agenda.steps[0].script == "one\r\ntwo"


@pytest.mark.parametrize(
    "invisible",
    ["\u200b", "\u200b\u200d", "\u2060 \u200c", "\ufeff", " \u00ad "],
    ids=["zero-width-space", "joiner", "word-joiner", "bom", "soft-hyphen"],
)
@pytest.mark.parametrize(
    "field",
    ["meeting.name", "steps[0].title", "attendance[0].label", "closing.resources[0].contact"],
)
def test_a_name_of_invisible_characters_is_blank(
    tmp_path: Path, field: str, invisible: str
) -> None:
    template, _ = TEXT_FIELDS[field]
    value = "".join(toml_escape(char) if char != " " else " " for char in invisible)
    line = only_problem(tmp_path, template.format(value))
    assert line == f"{FILE}: {field}: must not be blank (only spaces or invisible characters)"


def test_invisible_characters_beside_visible_ones_are_kept(tmp_path: Path) -> None:
    agenda = load(tmp_path, '[meeting]\nname = "Caf\\u00e9\\u200b Group"\n' + STEP)
    assert agenda.meeting.name == "Caf\u00e9\u200b Group"
