"""Where the editor's fields and problems are (no Textual)."""

from __future__ import annotations

from facilitator.agenda import Problem
from facilitator.library.fields import entries_to_fix


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
