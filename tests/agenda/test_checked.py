"""Agendas validated once are read back without the validator; the rules stay the same.

The schema (pydantic) is the slowest thing to import at start-up, so an agenda whose exact
bytes were validated before is read from the data directory instead. These tests hold the
shortcut to what full validation gives, and the plain values to the schema's keys.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import Any

import pytest

from facilitator import agenda as plain
from facilitator.agenda import AgendaError, agenda_from_json, agenda_to_json, load_agenda, schema
from facilitator.agenda import checked as checked_cache

from ..data import TUESDAY

PAIRS = [
    (plain.MeetingDetails, schema.MeetingTable),
    (plain.Sharing, schema.SharingTable),
    (plain.AttendanceCategory, schema.AttendanceTable),
    (plain.Step, schema.StepTable),
    (plain.Resource, schema.ResourceTable),
    (plain.Closing, schema.ClosingTable),
    (plain.Agenda, schema.AgendaDocument),
]


def _default(field: dataclasses.Field[Any]) -> Any:
    if field.default is not dataclasses.MISSING:
        return field.default
    if field.default_factory is not dataclasses.MISSING:
        return field.default_factory()
    return "required"


@pytest.mark.parametrize(("runtime", "model"), PAIRS, ids=lambda c: c.__name__)
def test_plain_values_have_the_schemas_keys_and_defaults(runtime: type, model: Any) -> None:
    fields = {f.name: f for f in dataclasses.fields(runtime)}
    # Older spellings (`chime`) are read by the schema, never kept: the values lack them.
    current = {key: info for key, info in model.model_fields.items() if not info.exclude}
    assert set(fields) == set(current)
    for key, info in current.items():
        if info.is_required():
            expected: Any = "required"
        else:
            expected = info.get_default(call_default_factory=True)
        got = _default(fields[key])
        # The schema's defaults are its own models; compare them as plain values.
        if hasattr(expected, "model_dump"):
            expected = expected.model_dump()
            got = dataclasses.asdict(got)
        elif isinstance(expected, tuple) and expected and hasattr(expected[0], "model_dump"):
            expected = [item.model_dump() for item in expected]
            got = [dataclasses.asdict(item) for item in got]
        assert got == expected, f"{runtime.__name__}.{key}"


def test_a_validated_agenda_is_made_of_plain_values() -> None:
    agenda = load_agenda(TUESDAY)
    assert type(agenda) is plain.Agenda
    assert all(type(step) is plain.Step for step in agenda.steps)
    assert type(agenda.closing.resources[0]) is plain.Resource


@pytest.mark.parametrize("damage", ["{", "[]", "{}", '{"meeting": {"name": "M"}}', '"x"'])
def test_json_round_trip_and_damage(damage: str) -> None:
    agenda = load_agenda(TUESDAY)
    assert agenda_from_json(agenda_to_json(agenda)) == agenda
    with pytest.raises(AgendaError, match="is not an agenda as stored"):
        agenda_from_json(damage)


@pytest.mark.parametrize(("chime", "sound"), [(False, "off"), (True, "tones")])
def test_an_agenda_stored_before_sound_reads_its_chime_as_a_sound(chime: bool, sound: str) -> None:
    agenda = load_agenda(TUESDAY)
    stored = plain.agenda_to_plain(agenda)
    del stored["sharing"]["sound"], stored["sharing"]["overtime_reminder_seconds"]
    stored["sharing"]["chime"] = chime  # as meetings were stored before
    read = agenda_from_json(json.dumps(stored))
    assert read.sharing.sound == sound
    assert read.steps == agenda.steps


def test_a_meeting_stored_before_the_queue_keys_reads_their_defaults() -> None:
    agenda = load_agenda(TUESDAY)
    stored = plain.agenda_to_plain(agenda)
    del stored["sharing"]["queue"], stored["sharing"]["first_share_first"]
    read = agenda_from_json(json.dumps(stored))
    assert (read.sharing.queue, read.sharing.first_share_first) == ("first-come", False)
    assert read == agenda


def test_the_queue_keys_are_stored_and_read_back() -> None:
    agenda = load_agenda(TUESDAY)
    sharing = dataclasses.replace(agenda.sharing, queue="alternate", first_share_first=True)
    changed = dataclasses.replace(agenda, sharing=sharing)
    stored = json.loads(agenda_to_json(changed))["sharing"]
    assert (stored["queue"], stored["first_share_first"]) == ("alternate", True)
    assert agenda_from_json(agenda_to_json(changed)) == changed


def test_a_change_to_the_rules_validates_again(monkeypatch: pytest.MonkeyPatch) -> None:
    data = TUESDAY.read_bytes()
    before = checked_cache.key_of(data)
    read_bytes = Path.read_bytes

    def edited(path: Path) -> bytes:
        source = read_bytes(path)
        return source + b"\n# a new rule\n" if path.name == "schema.py" else source

    monkeypatch.setattr(Path, "read_bytes", edited)
    checked_cache._rules_digest.cache_clear()
    try:
        after = checked_cache.key_of(data)
    finally:
        monkeypatch.undo()
        checked_cache._rules_digest.cache_clear()
    assert before is not None and after is not None
    assert after != before


def test_the_second_load_reads_the_checked_copy(tmp_path: Path) -> None:
    checked = tmp_path / "data" / "cache" / "checked"
    first = load_agenda(TUESDAY, checked=checked)
    remembered = list(checked.iterdir())
    assert len(remembered) == 1
    for folder in (checked, checked.parent, checked.parent.parent):
        assert os.stat(folder).st_mode & 0o777 == 0o700, folder
    assert os.stat(remembered[0]).st_mode & 0o777 == 0o600
    assert load_agenda(TUESDAY, checked=checked) == first
    assert list(checked.iterdir()) == remembered


def test_a_changed_file_is_validated_again(tmp_path: Path) -> None:
    checked = tmp_path / "checked"
    path = tmp_path / "a.toml"
    path.write_bytes(TUESDAY.read_bytes())
    load_agenda(path, checked=checked)
    path.write_text(TUESDAY.read_text().replace("\nminutes = 2\n", "\nminutes = -2\n", 1))
    with pytest.raises(AgendaError, match="must be greater than 0"):
        load_agenda(path, checked=checked)


@pytest.mark.parametrize(
    "damage", [b"", b"{", b"[]", b'{"meeting": 1}', b"\xff\xfe", b'{"steps": "x"}']
)
def test_a_damaged_checked_copy_is_ignored(tmp_path: Path, damage: bytes) -> None:
    checked = tmp_path / "checked"
    expected = load_agenda(TUESDAY, checked=checked)
    (copy,) = checked.iterdir()
    copy.write_bytes(damage)
    assert load_agenda(TUESDAY, checked=checked) == expected


def test_a_checked_folder_that_cannot_be_written_changes_nothing(tmp_path: Path) -> None:
    blocked = tmp_path / "a file"
    blocked.write_text("not a folder")
    assert load_agenda(TUESDAY, checked=blocked / "checked") == load_agenda(TUESDAY)


def test_problems_are_reported_the_same_and_never_remembered(tmp_path: Path) -> None:
    checked = tmp_path / "checked"
    path = tmp_path / "bad.toml"
    path.write_text('[meeting]\nname = ""\n')
    with pytest.raises(AgendaError) as first:
        load_agenda(path, checked=checked)
    with pytest.raises(AgendaError) as again:
        load_agenda(path, checked=checked)
    assert str(first.value) == str(again.value)
    assert not checked.exists() or not list(checked.iterdir())


def test_only_the_newest_checked_agendas_are_kept(tmp_path: Path) -> None:
    checked = tmp_path / "checked"
    for number in range(checked_cache.KEEP + 5):
        path = tmp_path / f"a{number}.toml"
        path.write_text(f'[meeting]\nname = "M{number}"\n[[steps]]\ntitle = "T"\nminutes = 1\n')
        load_agenda(path, checked=checked)
    assert len(list(checked.iterdir())) == checked_cache.KEEP
