"""`facilitator [AGENDA]` and `facilitator edit`: find the agenda, run the app, say goodbye."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ..agenda import one_line
from ..words.i18n import N_, _
from ..words.reasons import reason_of
from . import EXIT_BAD_INPUT, EXIT_FROZEN, EXIT_OK, Refused
from .terminal import print_to_terminal

if TYPE_CHECKING:
    from ..agenda import Agenda
    from ..room.state import RoomPageOptions
    from ..words.goodbye import Outcome


NO_TERMINAL = N_(
    "facilitator needs a terminal to run a meeting or edit an agenda; "
    "validate, export and agendas work without one"
)
SAVED = N_("The meeting is saved: run facilitator again to resume it.")
NOT_SAVED = N_("The meeting could not be saved.")


def has_terminal() -> bool:
    """True when standard input and output are a terminal the app can draw on and read."""
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):  # closed, or replaced by something that is no file
        return False


def find_agenda(name: str) -> Path:
    """The file of an agenda given as a path, as the file name of a bundled or saved agenda
    (with or without `.toml`), or as its meeting's name in any case (`facilitator agendas`).
    """
    from ..library.agendas import agendas_named
    from ..system.paths import resolve_agenda

    try:
        path = resolve_agenda(name)
        named = [] if path is not None else agendas_named(name)
    except OSError as error:
        # e.g. a name too long for the file system, or a folder we may not enter.
        reason = reason_of(error)
        problem = _("{name}: cannot be opened: {reason}").format(name=name, reason=reason)
        raise Refused(one_line(problem)) from None
    if len(named) > 1:
        files = ", ".join(file.path.name for file in named)
        raise Refused(
            one_line(
                _(
                    "{name}: {count} agendas have this meeting name ({files}); give a file name"
                ).format(name=name, count=len(named), files=files)
            )
        )
    if named:
        return named[0].path
    if path is None:
        close = _closest_agenda(name)
        if close is not None:
            raise Refused(
                one_line(
                    _('{name}: no such file or agenda name; did you mean "{close}"?').format(
                        name=name, close=close
                    )
                )
            )
        raise Refused(
            one_line(
                _(
                    "{name}: no such file or agenda name (give a .toml file, a name such as "
                    "open-discussion, or a meeting's name as facilitator agendas lists it)"
                ).format(name=name)
            )
        )
    return path


def _closest_agenda(name: str) -> str | None:
    """The agenda `name` was most likely meant to be: a file's stem or a meeting's name."""
    from ..agenda.names import closest_name
    from ..library.agendas import list_agendas

    try:
        entries = list_agendas()
    except OSError:
        return None
    names = [entry.file.stem for entry in entries]
    names += [entry.agenda.meeting.name for entry in entries if entry.agenda is not None]
    return closest_name(name, names)


def load(name: str) -> tuple[Path, Agenda]:
    """Find and load an agenda; its problems, one per line, if it is not valid."""
    from ..agenda import AgendaError, load_agenda
    from ..system.paths import checked_agendas_dir

    path = find_agenda(name)
    # A file given by path is named as given; a bundled or saved one by its full path.
    given = path == Path(name).expanduser()
    try:
        return path, load_agenda(path, name if given else str(path), checked=checked_agendas_dir())
    except AgendaError as error:
        raise Refused(str(error)) from None


def run(
    agenda_name: str | None, edit: bool = False, room_page: RoomPageOptions | None = None
) -> int:
    """Open the picker, the meeting screen of `agenda_name`, or (`edit`) its editor; serve
    the room page as `room_page` says."""
    agenda = None
    path = None
    if agenda_name is not None:
        try:
            # The editor opens an agenda with problems too: that is how they get fixed.
            if edit:
                path = find_agenda(agenda_name)
            else:
                path, agenda = load(agenda_name)
        except Refused as refused:
            print(refused, file=sys.stderr)
            return EXIT_BAD_INPUT
    if not has_terminal():
        print(_(NO_TERMINAL), file=sys.stderr)
        return EXIT_BAD_INPUT

    from ..app import build_app

    app = build_app(agenda, path, edit=path if edit else None, room_page=room_page, frozen=frozen)
    try:
        outcome = app.run()
    finally:
        if app.store is not None:
            app.store.close()
    if outcome is not None:
        say_goodbye(outcome)
    return app.return_code or EXIT_OK


def say_goodbye(outcome: Outcome, output: TextIO | None = None) -> None:
    """What the terminal is told once the app has ended: whether the meeting is saved, the
    changes that could not be, and the closing reminder of a meeting left running.

    When the terminal has gone (a hang-up, a closed window), only what could not be saved
    is written, on standard error, which may still lead somewhere (a log file).
    """
    if outcome.agenda is None:
        return
    if outcome.hung_up:
        if outcome.unsaved:
            print_to_terminal(_(NOT_SAVED) + "\n" + outcome.unsaved, sys.stderr)
        return
    said = []
    running = outcome.status == "running"
    if running:
        # Left while the meeting ran: the reminder still closes it.
        said.append(_(SAVED) if outcome.saved else _(NOT_SAVED))
    elif not outcome.saved and (outcome.status == "ended" or outcome.unsaved):
        # Its last changes never reached the disk (stopped before a retry worked).
        said.append(_(NOT_SAVED))
    if outcome.unsaved:
        said.append(outcome.unsaved)
    if running:
        said.append(closing_text(outcome.agenda))
    if said:
        print_to_terminal("\n\n".join(said), output)


def frozen(outcome: Outcome, seconds: float) -> None:
    """The app stopped answering with a meeting on screen (see `watchdog`): say so, say
    goodbye as on a SIGTERM, and end the process, whose loop cannot end it."""
    from ..words.goodbye import frozen_words

    print_to_terminal(frozen_words(seconds), sys.__stdout__)
    say_goodbye(outcome, sys.__stdout__)
    os._exit(EXIT_FROZEN)


def closing_text(agenda: Agenda) -> str:
    """The closing reminder and resources, wrapped for the terminal."""
    import shutil
    import textwrap

    from ..agenda import DEFAULT_REMINDER
    from ..words.meeting import resource_text

    width = min(88, shutil.get_terminal_size().columns)
    reminder = agenda.closing.reminder
    if reminder == DEFAULT_REMINDER:  # the app's own words, not the agenda's: in its language
        reminder = _(DEFAULT_REMINDER)
    lines = textwrap.wrap(reminder, width)
    for resource in agenda.closing.resources:
        lines += textwrap.wrap(
            resource_text(resource), width, initial_indent="- ", subsequent_indent="  "
        )
    # A meeting resumed from the store kept its agenda as it was then: escape, never trust.
    return "\n".join(one_line(line) for line in lines)
