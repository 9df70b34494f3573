"""The editor's working copy of an agenda (no Textual): edits, checks, saving."""

from __future__ import annotations

import errno
import os
import shutil
import textwrap
from pathlib import Path

import pytest

from facilitator.__main__ import validate
from facilitator.agenda import (
    DEFAULT_REMINDER,
    AgendaError,
    load_agenda,
    parse_agenda,
    validate_agenda,
)
from facilitator.library.draft import Draft, DraftError, MinutesTotal, field_name, number_from_text
from facilitator.library.saving import Saved, YoursExists
from facilitator.system.paths import user_agendas_dir

from ..data import AGENDAS, TUESDAY

BUNDLED = AGENDAS / "open-discussion.toml"


def user_copy(source: Path = TUESDAY, name: str = "tuesday.toml") -> Path:
    """A user's agenda, copied from `source`."""
    folder = user_agendas_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    shutil.copyfile(source, path)
    return path


def save(draft: Draft) -> Saved:
    """Save `draft` the way the editor does: plan, write (in its worker), record."""
    plan = draft.plan_save()
    backup = plan.write()
    return draft.saved(plan, backup)


def validate_lines(path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """What `facilitator validate PATH` prints for a bad file, one problem a line."""
    capsys.readouterr()
    assert validate([str(path)]) == 2
    return capsys.readouterr().err.splitlines()


# ------------------------------------------------------------------ loading


def test_a_valid_agenda_loads_with_every_default_filled_in() -> None:
    draft = Draft.load(TUESDAY)
    assert draft.problems() == []
    assert not draft.dirty
    assert draft.raw_text is None
    # tuesday.toml has no meeting kind and no step kinds for two steps: shown as defaults.
    assert draft.get(("meeting", "kind")) == "group"
    assert draft.get(("steps", 0, "kind")) == "reading"
    assert draft.agenda() == load_agenda(TUESDAY)


@pytest.mark.parametrize(("chime", "sound"), [(False, "off"), (True, "tones")])
def test_the_older_chime_is_shown_as_the_sound_it_means(chime: bool, sound: str) -> None:
    draft = Draft({"meeting": {"name": "M"}, "sharing": {"chime": chime, "flash": True}})
    assert draft.get(("sharing", "sound")) == sound
    assert draft.get(("sharing", "chime")) is None
    assert draft.get(("sharing", "flash")) is True
    assert "chime" not in draft.toml_text()
    assert not draft.dirty


def test_a_bundled_agenda_is_known_as_bundled() -> None:
    draft = Draft.load(BUNDLED)
    assert draft.bundled
    assert draft.had_comments  # the bundled files start with comments
    assert not draft.warn_before_saving  # they are never rewritten, so nothing to warn of
    assert not Draft.load(user_copy()).bundled


def test_an_unreadable_file_gives_the_validate_message(tmp_path: Path) -> None:
    with pytest.raises(AgendaError) as missing:
        Draft.load(tmp_path / "gone.toml")
    assert [str(p) for p in missing.value.problems] == ["gone.toml: no such file"]
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"[meeting]\x00\x01")
    with pytest.raises(AgendaError) as bad:
        Draft.load(binary)
    assert "binary file" in str(bad.value)
    latin = tmp_path / "latin.toml"
    latin.write_bytes('[meeting]\nname = "Caf\xe9"\n'.encode("latin-1"))
    with pytest.raises(AgendaError) as not_utf8:
        Draft.load(latin)
    assert "not UTF-8 text" in str(not_utf8.value)


def test_an_empty_file_opens_as_an_empty_agenda(tmp_path: Path) -> None:
    path = tmp_path / "empty.toml"
    path.write_text("\n")
    draft = Draft.load(path)
    assert draft.raw_text is None
    fields = {p.field for p in draft.problems()}
    assert fields == {"meeting", "steps"}


# ------------------------------------------------------------------ editing


def test_set_changes_a_value_and_marks_the_draft_dirty() -> None:
    draft = Draft.load(TUESDAY)
    draft.set(("meeting", "name"), "Thursday Group")
    assert draft.dirty
    assert draft.agenda() is not None
    assert draft.agenda().meeting.name == "Thursday Group"  # type: ignore[union-attr]
    # Back to what the file says: nothing to save.
    draft.set(("meeting", "name"), "Tuesday Night Open Discussion")
    assert not draft.dirty


def test_set_none_removes_a_key_and_missing_tables_are_made() -> None:
    draft = Draft({"steps": [{"title": "One", "minutes": 5}]})
    draft.set(("meeting", "name"), "New")
    assert draft.get(("meeting",)) == {"name": "New"}
    draft.set(("meeting", "minutes"), 60)
    draft.set(("meeting", "minutes"), None)
    assert draft.get(("meeting", "minutes")) is None
    assert draft.agenda() is not None


def test_set_refuses_to_go_through_a_value_that_is_not_a_table() -> None:
    draft = Draft({"meeting": "Tuesday", "steps": [5]})
    with pytest.raises(DraftError, match="meeting is not a table"):
        draft.set(("meeting", "name"), "x")
    with pytest.raises(DraftError, match=r"steps\[0\] is not a table"):
        draft.set(("steps", 0, "title"), "x")
    with pytest.raises(DraftError, match=r"steps\[3\] does not exist"):
        draft.set(("steps", 3, "title"), "x")


def test_add_remove_and_move_steps() -> None:
    draft = Draft.load(TUESDAY)

    def titles() -> list[str]:
        return [s["title"] for s in draft.entries("steps")]

    assert titles() == ["Welcome", "Shares", "Break", "Close"]
    index = draft.add("steps", after=1)
    assert index == 2
    assert titles() == ["Welcome", "Shares", "New step", "Break", "Close"]
    assert draft.problems() == []  # a new step is valid as it is
    assert draft.move("steps", 2, -1) == 1
    assert titles() == ["Welcome", "New step", "Shares", "Break", "Close"]
    assert draft.move("steps", 1, -5) == 0  # kept within the list
    assert draft.move("steps", 0, 99) == 4
    assert titles() == ["Welcome", "Shares", "Break", "Close", "New step"]
    draft.remove("steps", 0)
    assert titles() == ["Shares", "Break", "Close", "New step"]
    assert draft.add("steps") == 4  # no `after`: at the end
    with pytest.raises(DraftError):
        draft.remove("steps", 9)


def test_removing_every_step_is_a_problem_not_an_error() -> None:
    draft = Draft({"meeting": {"name": "M"}, "steps": [{"title": "Only", "minutes": 1}]})
    draft.remove("steps", 0)
    assert [str(p) for p in draft.problems()] == [
        "new agenda: steps: needs at least one step: add a [[steps]] table"
    ]


def test_categories_get_fresh_ids_and_stop_at_nine() -> None:
    draft = Draft.load(TUESDAY)  # three categories
    ids = []
    for _ in range(6):
        index = draft.add("attendance")
        ids.append(draft.entries("attendance")[index]["id"])
    assert len(set(ids)) == 6
    assert draft.problems() == []
    with pytest.raises(DraftError, match="at most 9 categories"):
        draft.add("attendance")
    assert len(draft.entries("attendance")) == 9


def test_a_new_resource_asks_for_its_contact() -> None:
    draft = Draft.load(TUESDAY)
    index = draft.add("resources", after=0)
    assert index == 1
    assert draft.problems_by_field() == {"closing.resources[1].contact": ["must not be empty"]}
    draft.set(("closing", "resources", 1, "contact"), "Call 111")
    assert draft.problems() == []
    assert draft.move("resources", 1, 1) == 2


def test_lists_that_are_not_lists_are_left_alone() -> None:
    draft = Draft({"meeting": {"name": "M"}, "steps": "all of them"})
    assert draft.entries("steps") == []
    with pytest.raises(DraftError, match="steps is not a list"):
        draft.add("steps")


def test_number_fields_keep_what_is_not_a_number() -> None:
    assert number_from_text("") is None
    assert number_from_text("  ") is None
    assert number_from_text("5") == 5 and isinstance(number_from_text("5"), int)
    assert number_from_text("2.5") == 2.5
    assert number_from_text("-3") == -3
    assert number_from_text("five") == "five"


def test_minutes_total_in_words() -> None:
    assert MinutesTotal(58, 60).words == "steps add up to 58 of 60 planned minutes · 2 unplanned"
    assert MinutesTotal(60, 60).words == "steps add up to 60 of 60 planned minutes"
    assert MinutesTotal(62.5, 60).words == "steps add up to 62.5 of 60 planned minutes · 2.5 over"
    assert MinutesTotal(20, None).words == "steps add up to 20 minutes (no planned length)"
    assert [MinutesTotal(58, 60).state, MinutesTotal(61, 60).state] == ["under", "over"]


def test_minutes_total_counts_the_steps_that_have_numbers() -> None:
    draft = Draft.load(TUESDAY)
    assert (draft.minutes_total().steps, draft.minutes_total().planned) == (20, 20)
    draft.set(("steps", 0, "minutes"), "abc")
    draft.set(("steps", 1, "minutes"), -5)
    draft.set(("meeting", "minutes"), 10**400)  # far too large: not a planned length
    assert (draft.minutes_total().steps, draft.minutes_total().planned) == (6, None)


# ------------------------------------------------------------------ problems


INVALID_DOCUMENTS = {
    "negative-minutes": """
        [meeting]
        name = "M"
        minuts = 60
        [[steps]]
        title = "A"
        minutes = -5
        kind = "shares"
        """,
    "types": """
        [meeting]
        name = "   "
        minutes = "sixty"
        [sharing]
        share_minutes = 0.25
        chime = "yes"
        [[attendance]]
        id = "a"
        label = "A"
        [[attendance]]
        id = "a"
        label = ""
        [[steps]]
        title = "Talk"
        minutes = 5
        share_minutes = 2
        """,
    "chime-and-sound": """
        [meeting]
        name = "M"
        [sharing]
        chime = false
        sound = "bell"
        [[steps]]
        title = "Shares"
        minutes = 20
        kind = "sharing"
        sound = "loud"
        """,
    "no-steps": """
        steps = []
        [meeting]
        kind = "one-to-one"
        """,
    "top-level-in-table": """
        [meeting]
        name = "M"
        steps = 3
        [[closing.resources]]
        name = "Line"
        """,
}


@pytest.mark.parametrize("name", sorted(INVALID_DOCUMENTS))
def test_problems_are_the_lines_validate_prints(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / f"{name}.toml"
    path.write_text(textwrap.dedent(INVALID_DOCUMENTS[name]))
    draft = Draft.load(path, str(path))
    lines = [str(p) for p in draft.problems()]
    assert lines  # every one of these documents is invalid
    assert lines == validate_lines(path, capsys)


def test_problems_after_edits_are_those_of_the_saved_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "edited.toml"
    draft = Draft.load(TUESDAY, str(path))
    draft.set(("steps", 1, "minutes"), "twelve")
    draft.set(("steps", 2, "share_minutes"), 2)
    draft.set(("attendance", 1, "id"), "attendees")
    draft.set(("closing", "reminder"), "")
    path.write_text(draft.toml_text())
    assert [str(p) for p in draft.problems()] == validate_lines(path, capsys)
    # The duplicate id is found once the fields are right: the model checks across last.
    assert set(draft.problems_by_field()) == {
        "steps[1].minutes",
        "steps[2].share_minutes",
        "closing.reminder",
    }
    draft.set(("steps", 1, "minutes"), 12)
    draft.set(("steps", 2, "share_minutes"), None)
    draft.set(("closing", "reminder"), "Look after yourselves.")
    path.write_text(draft.toml_text())
    assert [str(p) for p in draft.problems()] == validate_lines(path, capsys)
    assert set(draft.problems_by_field()) == {"attendance[1].id"}


def test_field_names_are_those_of_problems() -> None:
    assert field_name(("steps", 3, "minutes")) == "steps[3].minutes"
    assert field_name(("closing", "resources", 0, "contact")) == "closing.resources[0].contact"


def test_a_syntax_error_keeps_the_text_to_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "broken.toml"
    text = '# our meeting\n[meeting]\nname = "Tuesday\n\n[[steps]]\ntitle = "A"\nminutes = 5\n'
    path.write_text(text)
    draft = Draft.load(path, str(path))
    assert draft.raw_text == text
    assert draft.toml_text() == text
    assert draft.had_comments
    assert [str(p) for p in draft.problems()] == validate_lines(path, capsys)
    assert draft.problems()[0].line == 3
    assert draft.agenda() is None
    with pytest.raises(DraftError, match="syntax error"):
        draft.set(("meeting", "name"), "x")
    with pytest.raises(AgendaError):
        save(draft)
    draft.set_raw_text(text.replace('"Tuesday\n', '"Tuesday"\n'))
    assert draft.raw_text is None
    assert draft.problems() == []
    assert draft.get(("meeting", "name")) == "Tuesday"
    assert draft.dirty
    draft.set_raw_text("[meeting")  # broken again: held as text
    assert draft.raw_text == "[meeting"
    assert draft.problems()[0].message.startswith("TOML syntax error")


# ------------------------------------------------------------------ saving


def test_save_keeps_the_previous_version_as_a_backup() -> None:
    path = user_copy()
    path.chmod(0o600)
    original = path.read_bytes()
    draft = Draft.load(path)
    draft.set(("meeting", "name"), "Thursday Group")
    draft.set(("steps", 0, "minutes"), 2.5)
    saved = save(draft)
    assert saved.path == path
    assert saved.backup == path.with_name("tuesday.toml.bak")
    assert saved.backup.read_bytes() == original
    assert saved.copied_from is None
    assert saved.dropped_comments  # tuesday.toml starts with a comment
    assert not draft.dirty
    agenda = load_agenda(path)
    assert agenda.meeting.name == "Thursday Group"
    assert agenda.steps[0].minutes == 2.5
    assert agenda == draft.agenda()
    first_save = path.read_bytes()
    draft.set(("meeting", "name"), "Friday Group")
    second = save(draft)
    assert second.backup is not None and second.backup.read_bytes() == first_save
    assert not second.dropped_comments  # gone with the first save
    assert load_agenda(path).meeting.name == "Friday Group"
    assert (path.stat().st_mode & 0o777) == 0o600
    assert (second.backup.stat().st_mode & 0o777) == 0o600


def test_a_bundled_agenda_is_never_modified() -> None:
    before = BUNDLED.read_bytes()
    mtime = BUNDLED.stat().st_mtime_ns
    draft = Draft.load(BUNDLED)
    draft.set(("meeting", "name"), "Our Open Discussion")
    saved = save(draft)
    assert saved.copied_from == BUNDLED
    # Under the bundled one's file name: it takes that agenda's place.
    assert saved.path == user_agendas_dir() / BUNDLED.name
    assert saved.backup is None
    assert saved.dropped_comments
    assert load_agenda(saved.path).meeting.name == "Our Open Discussion"
    # Later saves go to the copy, with a backup there.
    draft.set(("steps", 0, "minutes"), 4)
    again = save(draft)
    assert again.path == saved.path
    assert again.copied_from is None
    assert again.backup == saved.path.with_name(saved.path.name + ".bak")
    assert BUNDLED.read_bytes() == before
    assert BUNDLED.stat().st_mtime_ns == mtime
    assert not list(BUNDLED.parent.glob("*.bak"))


def test_a_bundled_agenda_saved_over_your_own_asks_first() -> None:
    first = save(Draft.load(BUNDLED))
    mine = first.path.read_bytes()
    draft = Draft.load(BUNDLED)
    draft.set(("meeting", "name"), "Ours")
    with pytest.raises(YoursExists) as refused:
        save(draft)
    assert refused.value.path == first.path
    assert first.path.read_bytes() == mine
    copy = draft.plan_save(as_copy=True)
    assert copy.target == first.path.with_name("open-discussion-copy.toml") and copy.new_file
    plan = draft.plan_save(overwrite=True)
    saved = draft.saved(plan, plan.write())
    assert saved.path == first.path
    assert saved.backup is not None and saved.backup.read_bytes() == mine
    assert load_agenda(first.path).meeting.name == "Ours"


def test_a_new_agenda_is_saved_among_the_users() -> None:
    draft = Draft(
        {
            "meeting": {"name": "Thursday Group", "minutes": 60},
            "steps": [
                {"title": "Welcome", "minutes": 5, "kind": "reading"},
                {"title": "Sharing round", "minutes": 45, "kind": "sharing"},
                {"title": "Closing", "minutes": 10, "kind": "closing"},
            ],
        }
    )
    assert draft.path is None and not draft.dirty
    assert draft.problems() == []
    saved = save(draft)
    assert saved.path == user_agendas_dir() / "thursday-group.toml"
    assert draft.path == saved.path
    assert load_agenda(saved.path).meeting.name == "Thursday Group"


def test_an_invalid_draft_is_not_saved() -> None:
    path = user_copy()
    before = path.read_bytes()
    draft = Draft.load(path)
    draft.set(("steps", 0, "minutes"), 0)
    with pytest.raises(AgendaError) as error:
        save(draft)
    assert "steps[0].minutes: must be greater than 0 (got 0)" in str(error.value)
    assert path.read_bytes() == before
    assert not path.with_name("tuesday.toml.bak").exists()


@pytest.mark.parametrize("failing", ["backup", "agenda"])
def test_a_failed_save_leaves_the_file_as_it_was(
    failing: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = user_copy()
    before = path.read_bytes()
    draft = Draft.load(path)
    draft.set(("meeting", "name"), "Changed")
    real_replace = os.replace

    def full_disk(source: str, target: str | Path) -> None:
        if (Path(target).suffix == ".bak") == (failing == "backup"):
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError, match="No space left"):
        save(draft)
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == (
        ["tuesday.toml"] if failing == "backup" else ["tuesday.toml", "tuesday.toml.bak"]
    )
    assert draft.dirty  # still unsaved: the editor can try again
    assert draft.path == path
    monkeypatch.setattr(os, "replace", real_replace)
    save(draft)
    assert load_agenda(path).meeting.name == "Changed"


def test_changes_made_while_the_file_is_written_stay_unsaved() -> None:
    draft = Draft.load(user_copy())
    draft.set(("meeting", "name"), "One")
    plan = draft.plan_save()
    draft.set(("meeting", "name"), "Two")  # typed while a worker writes the file
    draft.saved(plan, plan.write())
    assert draft.dirty
    assert load_agenda(plan.target).meeting.name == "One"


@pytest.mark.parametrize(
    ("text", "comments"),
    [
        ('[meeting]\nname = "M" # the name\n', True),
        ('# about\n[meeting]\nname = "M"\n', True),
        ('[meeting]\nname = "Group #4"\n', False),
        ('[meeting]\nname = "M"\n[[steps]]\nscript = """\n# A heading\n"""\n', False),
    ],
)
def test_comments_are_noticed_before_the_first_save(text: str, comments: bool) -> None:
    folder = user_agendas_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "m.toml"
    path.write_text(text + '[[steps]]\ntitle = "T"\nminutes = 1\n' if "steps" not in text else text)
    draft = Draft.load(path)
    assert draft.had_comments is comments
    assert draft.warn_before_saving is comments


def test_the_saved_text_reads_back_as_the_same_agenda() -> None:
    draft = Draft.load(BUNDLED)
    agenda = draft.agenda()
    assert agenda is not None
    assert parse_agenda(draft.toml_text().encode()) == agenda


def test_an_agenda_in_a_language_and_without_closing_gets_its_reminder_in_that_language() -> None:
    """As `validate` gives it: the editor fills in the reminder nobody wrote in the
    meeting's own language, so what it shows, checks and saves is the same agenda."""
    document = {
        "meeting": {"name": "Martes", "language": "es"},
        "steps": [{"title": "Bienvenida", "minutes": 5}],
    }
    draft = Draft(document, name="martes.toml")
    expected = validate_agenda(document, "martes.toml")
    assert draft.agenda() == expected
    assert expected.closing.reminder.startswith("El apoyo entre pares complementa")
    assert draft.document["closing"]["reminder"] == expected.closing.reminder
    english = Draft({**document, "meeting": {"name": "Tuesday"}}, name="tuesday.toml")
    assert english.document["closing"]["reminder"] == DEFAULT_REMINDER


@pytest.mark.parametrize(
    ("sharing", "steps_sound", "asked"),
    [
        ({}, None, True),  # sound is tones unless the agenda says otherwise
        ({"sound": "off"}, None, False),
        ({"sound": "off"}, "tones", True),  # one step sounds
        ({"sound": "off", "overtime_reminder_seconds": 60}, None, True),  # set: kept in sight
        ({"sound": "bell"}, "off", True),
    ],
)
def test_the_overtime_tones_are_asked_for_where_a_share_can_sound(
    sharing: dict[str, object], steps_sound: str | None, asked: bool
) -> None:
    step: dict[str, object] = {"title": "Shares", "minutes": 20, "kind": "sharing"}
    if steps_sound is not None:
        step["sound"] = steps_sound
    document = {"meeting": {"name": "Tuesday"}, "sharing": sharing, "steps": [step]}
    assert Draft(document).asks_overtime_tones() is asked


# ------------------------------------------------------------------ documents and checks


def test_a_change_makes_a_new_document_and_the_one_before_stays_as_it_was() -> None:
    """A check in a worker reads the draft as it was, and saving copies nothing."""
    draft = Draft.load(TUESDAY)
    before = draft.document
    steps = before["steps"]
    shown = [dict(step) for step in steps]
    draft.set(("steps", 1, "minutes"), 9)
    draft.add("steps", after=0)
    draft.move("steps", 1, 2)
    draft.remove("steps", 0)
    draft.set(("meeting", "name"), "Changed")
    assert before["steps"] is steps and [dict(step) for step in steps] == shown
    assert before["meeting"]["name"] == "Tuesday Night Open Discussion"
    assert draft.document is not before
    # What did not change is shared, not copied: step 3 ("Close") is the same table.
    assert draft.document["steps"][-1] is steps[-1]


def test_a_check_is_of_the_draft_as_it_was_when_asked() -> None:
    draft = Draft.load(TUESDAY)
    check = draft.check()
    draft.set(("steps", 0, "minutes"), -5)  # typed while the check runs
    draft.checked(check.run())
    assert not draft.is_checked
    assert draft.last_problems() == []  # what the check found: of the draft before
    later = draft.check()
    problems = draft.problems()  # checks the draft as it is now
    assert [p.field for p in problems] == ["steps[0].minutes"]
    assert draft.is_checked
    draft.checked(check.run())  # an older check's result does not replace a newer one
    assert draft.last_problems() == problems
    draft.checked(later.run())
    assert draft.last_problems() == problems and draft.is_checked


def test_a_valid_check_holds_the_agenda_that_is_saved() -> None:
    draft = Draft.load(user_copy())
    result = draft.check().run()
    assert result.problems == () and result.agenda == load_agenda(TUESDAY)
    draft.checked(result)
    plan = draft.plan_save()
    assert plan.agenda is result.agenda  # not checked again to be saved
    assert plan.document is draft.document  # nor copied


def test_setting_the_value_there_is_no_change() -> None:
    draft = Draft.load(TUESDAY)
    version = draft.version
    draft.set(("meeting", "name"), "Tuesday Night Open Discussion")
    draft.set(("meeting", "start"), None)  # not there: removing it is no change
    assert draft.version == version and not draft.dirty
    draft.set(("steps", 0, "minutes"), 2.0)  # 2 is not 2.0: the file would say 2.0
    assert draft.version == version + 1 and isinstance(draft.get(("steps", 0, "minutes")), float)


def test_a_file_without_a_hash_sign_is_not_scanned_for_comments(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def scan(text: str) -> bool:
        raise AssertionError("scanned")

    monkeypatch.setattr("facilitator.library.draft.has_comments", scan)
    path = user_copy(AGENDAS / "open-discussion.toml", "plain.toml")
    path.write_text(path.read_text().replace("#", ""))
    assert not Draft.load(path).had_comments
