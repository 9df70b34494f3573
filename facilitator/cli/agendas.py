"""`facilitator validate`, `new` and `agendas`: checking, creating and listing agendas."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from ..agenda import Agenda, AgendaError, load_agenda, one_line
from ..words.i18n import _, ngettext
from ..words.meeting import kind_words
from . import EXIT_BAD_INPUT, EXIT_OK, Refused
from .running import load


def agenda_warnings(agenda: Agenda) -> list[str]:
    """What is odd but allowed, one line each: steps that add up to more than the meeting's
    minutes; a closing step with steps after it."""
    warnings: list[str] = []
    minutes = agenda.meeting.minutes
    if minutes is not None and agenda.planned_minutes > minutes:
        warnings.append(
            _(
                "meeting.minutes: the steps add up to {planned} minutes, more than "
                "the meeting's {minutes}; the meeting is planned as {minutes} minutes"
            ).format(planned=f"{agenda.planned_minutes:g}", minutes=f"{minutes:g}")
        )
    last = len(agenda.steps) - 1
    for index, step in enumerate(agenda.steps[:last]):
        if step.kind == "closing":
            after = last - index
            warnings.append(
                ngettext(
                    'steps[{index}].kind: a "closing" step with {count} step after it; '
                    "the close is usually last (move it, or give it another kind)",
                    'steps[{index}].kind: a "closing" step with {count} steps after it; '
                    "the close is usually last (move it, or give it another kind)",
                    after,
                ).format(index=index, count=after)
            )
    return warnings


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
            count = len(agenda.steps)
            summary = ngettext(
                "{file}: ok ({meeting}, {count} step)",
                "{file}: ok ({meeting}, {count} steps)",
                count,
            ).format(file=name, meeting=agenda.meeting.name, count=count)
            print(one_line(summary))
            for warning in agenda_warnings(agenda):
                line = _("warning: {file}: {warning}").format(file=name, warning=warning)
                print(one_line(line), file=sys.stderr)
    return EXIT_BAD_INPUT if bad else EXIT_OK


def new(name: str, template: str) -> int:
    """`facilitator new`: create an agenda from a template; exit 2 if it exists."""
    from ..library.agendas import AgendaExists, new_agenda

    try:
        template_path, agenda = load(template)
        path = new_agenda(name, agenda, _text_of(template_path))
    except Refused as refused:
        print(refused, file=sys.stderr)
        return EXIT_BAD_INPUT
    except (AgendaExists, ValueError) as error:
        line = _("facilitator new: {problem}; nothing was changed").format(problem=error)
        print(one_line(line), file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as error:
        line = _("facilitator new: cannot write the agenda: {problem}").format(problem=error)
        print(one_line(line), file=sys.stderr)
        return EXIT_BAD_INPUT
    print(one_line(str(path)))
    return EXIT_OK


def _text_of(path: Path) -> str | None:
    """A template's text, for its comments to be kept (None: they cannot be)."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


# What a meeting's kind is called in `facilitator agendas`.
def agendas_table() -> list[str]:
    """Every agenda as a line: name, kind, length, steps and where it lives."""
    from rich.cells import cell_len

    from ..library.agendas import list_agendas

    rows = [(_("NAME"), _("KIND"), _("MINUTES"), _("STEPS"), _("WHERE"))]
    notes: set[int] = set()  # the rows that say why the agenda above them is invalid
    for entry in list_agendas():
        # File names come from the file system: any byte but / may be in them.
        shown = one_line(str(entry.file.path))
        where = (_("bundled") if entry.file.bundled else _("yours")) + f"  {shown}"
        agenda = entry.agenda
        if agenda is None:
            count = len(entry.problems)
            note = ngettext(
                "({count} problem: facilitator validate {file})",
                "({count} problems: facilitator validate {file})",
                count,
            ).format(count=count, file=shown)
            rows.append((one_line(entry.file.path.stem), _("invalid"), "-", "-", where))
            notes.add(len(rows))
            rows.append((f"  {note}", "", "", "", ""))
            continue
        rows.append(
            (
                one_line(agenda.meeting.name),
                kind_words(agenda.meeting.kind),
                f"{agenda.length_minutes:g}",
                str(len(agenda.steps)),
                where,
            )
        )
    # Columns line up in terminal cells: a CJK name is twice as wide as its length.
    widths = [max(cell_len(row[i]) for row in rows if row[1] or i == 0) for i in range(4)]
    lines = []
    for n, row in enumerate(rows):
        if n in notes:
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
