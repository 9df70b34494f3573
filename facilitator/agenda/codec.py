"""Agendas as plain dicts and JSON, and back, for the store and the checked cache.

Only for agendas validated before: reading back does not check them again.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from ..words.i18n import _
from .problems import AgendaError, Problem
from .values import (
    Agenda,
    AttendanceCategory,
    Closing,
    MeetingDetails,
    Resource,
    Sharing,
    Step,
    sharing_without_chime,
)


def agenda_to_plain(agenda: Agenda) -> dict[str, Any]:
    """The agenda as plain dicts, lists and values, every key included (see `agenda_from_plain`)."""
    return {
        "meeting": asdict(agenda.meeting),
        "sharing": asdict(agenda.sharing),
        "attendance": [asdict(category) for category in agenda.attendance],
        "steps": [asdict(step) for step in agenda.steps],
        "closing": {
            "reminder": agenda.closing.reminder,
            "resources": [asdict(resource) for resource in agenda.closing.resources],
        },
    }


def agenda_from_plain(data: dict[str, Any]) -> Agenda:
    """An agenda from what `agenda_to_plain` gave, without checking it again.

    Only for what was validated before (by `schema.validate`); anything else goes through
    `validate_agenda`.

    Raises:
        KeyError, TypeError: `data` does not have the agenda's shape.
    """
    closing = data["closing"]
    return Agenda(
        meeting=MeetingDetails(**data["meeting"]),
        # Meetings stored before `sound` say `chime`.
        sharing=Sharing(**sharing_without_chime(data["sharing"])),
        attendance=tuple(AttendanceCategory(**item) for item in data["attendance"]),
        steps=tuple(Step(**item) for item in data["steps"]),
        closing=Closing(
            reminder=closing["reminder"],
            resources=tuple(Resource(**item) for item in closing["resources"]),
        ),
    )


def agenda_to_json(agenda: Agenda) -> str:
    """The agenda as compact JSON, every key included (the store keeps one per meeting)."""
    return json.dumps(agenda_to_plain(agenda), separators=(",", ":"), ensure_ascii=False)


def agenda_from_json(text: str, name: str = "<stored agenda>") -> Agenda:
    """Read back what `agenda_to_json` wrote.

    Not validated again: only validated agendas are written (the store keeps the one each
    meeting ran on), and reading thousands of meetings back must not wait for the validator.

    Raises:
        AgendaError: the text is not JSON of the shape `agenda_to_json` writes.
    """
    try:
        return agenda_from_plain(json.loads(text))
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        reason = f"{type(error).__name__}: {error}"
        problem = _("is not an agenda as stored ({reason})").format(reason=reason)
        raise AgendaError([Problem(name, problem)]) from None
