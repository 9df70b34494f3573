"""A new agenda made from a template keeps the template's guiding comments."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from facilitator.agenda import load_agenda, parse_agenda
from facilitator.library.agendas import new_agenda, renamed_text
from facilitator.system.paths import bundled_agendas_dir

TEMPLATE = """\
# How to use this agenda: a line the group reads.

[meeting]  # the meeting
  name = "Tuesday"   # its name
kind = "group"

[[steps]]
title = "Welcome"
minutes = 5

[[closing.resources]]
name = "not the meeting's"
contact = "555"
"""


def renamed(text: str, name: str) -> bytes | None:
    agenda = parse_agenda(text.encode("utf-8"))
    return renamed_text(text, replace(agenda, meeting=replace(agenda.meeting, name=name)))


def test_only_the_meetings_name_changes_and_every_comment_stays() -> None:
    data = renamed(TEMPLATE, 'Holiday [x] "Meeting"')
    assert data is not None
    expected = TEMPLATE.replace(
        '  name = "Tuesday"   # its name', '  name = "Holiday [x] \\"Meeting\\""'
    )
    assert data.decode("utf-8") == expected
    assert parse_agenda(data).meeting.name == 'Holiday [x] "Meeting"'


@pytest.mark.parametrize(
    "text",
    [
        '# a comment\nmeeting.name = "Tuesday"\n[[steps]]\ntitle = "W"\nminutes = 5\n',
        '[meeting]\nname = """\nTuesday"""\n[[steps]]\ntitle = "W"\nminutes = 5\n',
    ],
)
def test_a_name_not_on_a_line_of_its_own_is_not_changed_in_the_text(text: str) -> None:
    assert renamed(text, "Holiday") is None


@pytest.mark.parametrize("stem", ["open-discussion", "reunion-abierta", "peer-check-in"])
def test_a_bundled_templates_comments_are_in_the_new_agenda(data_dir: Path, stem: str) -> None:
    source = bundled_agendas_dir() / f"{stem}.toml"
    text = source.read_text(encoding="utf-8")
    template = load_agenda(source)
    path = new_agenda("Holiday Meeting", template, text)
    written = path.read_text(encoding="utf-8")
    comments = [line for line in text.splitlines() if line.lstrip().startswith("#")]
    assert comments and all(line in written.splitlines() for line in comments)
    agenda = load_agenda(path)
    assert agenda == replace(template, meeting=replace(template.meeting, name="Holiday Meeting"))
