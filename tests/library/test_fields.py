"""Where the editor's fields and problems are (no Textual)."""

from __future__ import annotations

import dataclasses
from typing import get_args

import pytest

from facilitator.agenda import MeetingDetails, Problem, QueueOrder, Sharing
from facilitator.library.fields import FIELDS, entries_to_fix


def test_the_entries_to_fix_are_those_a_problem_is_in() -> None:
    problems = [
        Problem("a.toml", "x", "steps[3].minutes"),
        Problem("a.toml", "x", "steps[12]"),
        Problem("a.toml", "x", "steps"),  # the list as a whole: no entry of it
        Problem("a.toml", "x", "closing.resources[0].contact"),
        Problem("a.toml", "x", "meeting.name"),
    ]
    assert entries_to_fix(problems) == {
        "steps": frozenset({3, 12}),
        "attendance": frozenset(),
        "resources": frozenset({0}),
    }


@pytest.mark.parametrize(("table", "values"), [("meeting", MeetingDetails), ("sharing", Sharing)])
def test_every_key_of_the_meeting_tab_has_a_field(table: str, values: type) -> None:
    edited = {spec.keys for spec in FIELDS.values() if spec.section is None}
    missing = {(table, f.name) for f in dataclasses.fields(values)} - edited
    assert missing == set()


def test_the_queue_is_chosen_in_words_a_facilitator_reads() -> None:
    queue = FIELDS["edit-sharing-queue"]
    assert (queue.keys, queue.kind) == (("sharing", "queue"), "choice")
    assert queue.choices == get_args(QueueOrder) == ("first-come", "alternate")
    assert [queue.choice_words(choice) for choice in queue.choices] == [
        "first-come: who joined first shares first",
        "alternate: the room and online take turns",
    ]
    assert queue.value("alternate") == "alternate"


def test_first_share_first_is_a_switch() -> None:
    spec = FIELDS["edit-sharing-first-share-first"]
    assert (spec.keys, spec.kind, spec.tab) == (("sharing", "first_share_first"), "bool", "meeting")
    assert spec.value(True) is True and spec.value(False) is False
