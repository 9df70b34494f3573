"""`facilitator validate`, `new` and `agendas`: checking, creating and listing agendas."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from ..agenda import Agenda, AgendaError, load_agenda, one_line
from ..words import plural
from . import EXIT_BAD_INPUT, EXIT_OK, Refused
from .running import load


def overfull_warning(agenda: Agenda) -> str | None:
    """What is odd but allowed: steps that add up to more than the meeting's minutes."""
    minutes = agenda.meeting.minutes
    if minutes is None or agenda.planned_minutes <= minutes:
        return None
    return (
        f"meeting.minutes: the steps add up to {agenda.planned_minutes:g} minutes, more than "
        f"the meeting's {minutes:g}; the meeting is planned as {minutes:g} minutes"
    )


def validate(files: Sequence[str]) -> int:
    """`facilitator validate`: one line per problem, exit 2 if any file is bad."""
    bad = 0
    for name in files:
        try:
            agenda = load_agenda(Path(name), name)
        except AgendaError as error:
            bad += 1
            for problem in error.problems:
                print(problem, file=sys.stderr)
        else:
            summary = f"{name}: ok ({agenda.meeting.name}, {plural(len(agenda.steps), 'step')})"
            print(one_line(summary))
            warning = overfull_warning(agenda)
            if warning:
                print(one_line(f"warning: {name}: {warning}"), file=sys.stderr)
    return EXIT_BAD_INPUT if bad else EXIT_OK


def new(name: str, template: str) -> int:
    """`facilitator new`: create an agenda from a template; exit 2 if it exists."""
    from ..library import AgendaExists, new_agenda

    try:
        _, agenda = load(template)
        path = new_agenda(name, agenda)
    except Refused as refused:
        print(refused, file=sys.stderr)
        return EXIT_BAD_INPUT
    except (AgendaExists, ValueError) as error:
        print(one_line(f"facilitator new: {error}; nothing was changed"), file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as error:
        print(one_line(f"facilitator new: cannot write the agenda: {error}"), file=sys.stderr)
        return EXIT_BAD_INPUT
    print(one_line(str(path)))
    return EXIT_OK


def agendas_table() -> list[str]:
    """Every agenda as a line: name, kind, length, steps and where it lives."""
    from rich.cells import cell_len

    from ..library import list_agendas

    rows = [("NAME", "KIND", "MINUTES", "STEPS", "WHERE")]
    for entry in list_agendas():
        # File names come from the file system: any byte but / may be in them.
        shown = one_line(str(entry.file.path))
        where = f"{'bundled' if entry.file.bundled else 'yours'}  {shown}"
        agenda = entry.agenda
        if agenda is None:
            problems = plural(len(entry.problems), "problem")
            rows.append((one_line(entry.file.path.stem), "invalid", "-", "-", where))
            rows.append((f"  ({problems}: facilitator validate {shown})", "", "", "", ""))
            continue
        rows.append(
            (
                one_line(agenda.meeting.name),
                agenda.meeting.kind,
                f"{agenda.length_minutes:g}",
                str(len(agenda.steps)),
                where,
            )
        )
    # Columns line up in terminal cells: a CJK name is twice as wide as its length.
    widths = [max(cell_len(row[i]) for row in rows if row[1] or i == 0) for i in range(4)]
    lines = []
    for row in rows:
        if not row[1] and row[0].startswith("  ("):
            lines.append(row[0])
            continue
        cells = [row[i] + " " * (widths[i] - cell_len(row[i])) for i in range(4)] + [row[4]]
        lines.append("  ".join(cells).rstrip())
    return lines


def agendas() -> int:
    """`facilitator agendas`: every agenda with its name, kind, length, steps and place."""
    for line in agendas_table():
        print(line)
    return EXIT_OK
