"""The command line: argument parsing, exit codes, nothing else."""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from . import __version__

if TYPE_CHECKING:
    from .agenda import Agenda

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_BROKEN_PIPE = 141  # what a shell reports for a command stopped by SIGPIPE

USAGE = """\
facilitator [AGENDA]          run a meeting (no AGENDA: choose one from a list)
       facilitator validate FILE...  check agenda files, one line per problem
       facilitator export [OPTIONS]  meetings as CSV or JSON (facilitator export --help)
       facilitator new NAME [--from AGENDA]  a new agenda of your own, from a template
       facilitator agendas           list the bundled agendas and yours
       facilitator edit AGENDA       edit an agenda (a bundled one is saved as a copy)"""


def _main_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="facilitator",
        usage=USAGE,
        description="Run a peer-support meeting from a TOML agenda: steps, share timers, "
        "anonymous attendance tallies and a closing resource reminder.",
        epilog="AGENDA is a .toml file or the name of a bundled or saved agenda "
        "(e.g. open-discussion). Data directory: FACILITATOR_DATA_DIR overrides the default.",
    )
    parser.add_argument("agenda", nargs="?", metavar="AGENDA", help="agenda file or name")
    parser.add_argument("--version", action="version", version=f"facilitator {__version__}")
    return parser


def _validate_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="facilitator validate",
        description="Check agenda files. Prints one line per problem; exits 2 if any file "
        "is bad, 0 if all are valid.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="agenda files (.toml)")
    return parser


class _OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, like every other problem we report."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _export_parser() -> argparse.ArgumentParser:
    parser = _OneLineParser(
        prog="facilitator export",
        description="Write the meetings kept in the data directory as CSV (one line per "
        "meeting, one column per attendance category) or JSON (with each step's planned "
        "and actual minutes). Counts only: no names are ever stored. Without -o the export "
        "goes to standard output.",
        epilog="Exits 2 on a bad date or a file that cannot be written. Data directory: "
        "FACILITATOR_DATA_DIR overrides the default.",
    )
    parser.add_argument(
        "--format", choices=("csv", "json"), default="csv", help="csv (default) or json"
    )
    parser.add_argument(
        "--since", metavar="YYYY-MM-DD", help="only meetings that started on or after this day"
    )
    parser.add_argument(
        "--until", metavar="YYYY-MM-DD", help="only meetings that started on or before this day"
    )
    parser.add_argument(
        "--agenda",
        metavar="NAME",
        help="only this agenda: its file name without .toml, or its meeting name",
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE (readable by you only)"
    )
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")
    return parser


class _Refused(Exception):
    """A problem with the command's input; the message is the one line to print."""


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _day(option: str, text: str | None) -> date | None:
    """The date given to `option`, which must be YYYY-MM-DD."""
    if text is None:
        return None
    from .agenda import one_line

    problem = f"{option} {one_line(text)}: not a date; give YYYY-MM-DD, e.g. 2026-03-05"
    if not _DATE.fullmatch(text):
        raise _Refused(problem)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _Refused(problem) from None


def _check_output(text: str, force: bool) -> Path:
    """The -o path, refused early when it cannot be what we write."""
    from .agenda import one_line

    path = Path(text).expanduser()
    shown = f"-o {one_line(text)}"
    if path.is_dir():
        raise _Refused(f"{shown}: is a folder; give a file name, such as meetings.csv")
    if not force and os.path.lexists(path):
        raise _Refused(f"{shown}: already exists; add --force to replace it")
    if not path.parent.is_dir():
        raise _Refused(
            f"{shown}: no such folder {one_line(str(path.parent))}; "
            "give a file in an existing folder"
        )
    return path


def _write_failure(text: str, error: OSError) -> str:
    """One line saying why the -o file could not be written."""
    from .agenda import one_line

    shown = f"-o {one_line(text)}"
    if isinstance(error, FileExistsError):
        return f"{shown}: already exists; add --force to replace it"
    if isinstance(error, IsADirectoryError):
        return f"{shown}: is a folder; give a file name, such as meetings.csv"
    if isinstance(error, PermissionError):
        return (
            f"{shown}: cannot be written: permission denied; "
            "give a file in a folder you can write to"
        )
    if isinstance(error, FileNotFoundError | NotADirectoryError):
        return f"{shown}: no such folder; give a file in an existing folder"
    reason = error.strerror or str(error)
    return f"{shown}: cannot be written: {one_line(reason)}"


def export(options: argparse.Namespace) -> int:
    """`facilitator export`: meetings as CSV or JSON, to standard output or a file."""
    import sqlite3

    from .agenda import one_line
    from .engine import wall_clock
    from .export import export_rows, to_csv, to_json
    from .files import atomic_write
    from .paths import data_dir
    from .store import open_store

    try:
        since = _day("--since", options.since)
        until = _day("--until", options.until)
        if since is not None and until is not None and since > until:
            raise _Refused(
                f"--since {since} is after --until {until}; give a --since on or before --until"
            )
        output = _check_output(options.output, options.force) if options.output else None
    except _Refused as refusal:
        print(refusal, file=sys.stderr)
        return EXIT_BAD_INPUT

    opened = open_store(data_dir(), wall_clock)
    if opened.notice:
        print(one_line(opened.notice), file=sys.stderr)
    if opened.store is None:
        return EXIT_BAD_INPUT
    try:
        steps = options.format == "json"  # CSV has no column for the step timings
        rows = export_rows(opened.store, since, until, options.agenda, steps=steps)
    except (sqlite3.Error, ValueError, KeyError, TypeError) as error:
        reason = (str(error).splitlines() or [type(error).__name__])[0]
        print(
            one_line(f"{opened.store.path}: the meetings could not be read: {reason}"),
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    finally:
        opened.store.close()
    text = to_json(rows) if options.format == "json" else to_csv(rows)
    data = text.encode("utf-8")

    if output is None:
        return _write_stdout(data)
    try:
        atomic_write(output, data, overwrite=options.force)
    except OSError as error:
        print(_write_failure(options.output, error), file=sys.stderr)
        return EXIT_BAD_INPUT
    return EXIT_OK


def _write_stdout(data: bytes) -> int:
    """Write bytes as they are (UTF-8 whatever the locale); a closed pipe is not a crash."""
    try:
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:
            sys.stdout.write(data.decode("utf-8"))
            sys.stdout.flush()
        else:
            buffer.write(data)
            buffer.flush()
    except BrokenPipeError:
        # e.g. `facilitator export | head`: the reader has what it wanted.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    return EXIT_OK


def validate(files: Sequence[str]) -> int:
    """`facilitator validate`: one line per problem, exit 2 if any file is bad."""
    from .agenda import AgendaError, load_agenda, one_line

    bad = 0
    for name in files:
        try:
            agenda = load_agenda(Path(name), name)
        except AgendaError as error:
            bad += 1
            for problem in error.problems:
                print(problem, file=sys.stderr)
        else:
            steps = f"{len(agenda.steps)} step{'' if len(agenda.steps) == 1 else 's'}"
            summary = f"{name}: ok ({agenda.meeting.name}, {steps})"
            print(one_line(summary))
    return EXIT_BAD_INPUT if bad else EXIT_OK


class _Refused(Exception):
    """A command cannot go on; the message is one line for the facilitator."""


def _find_agenda(name: str) -> Path:
    """The file of an agenda given as a path or as the name of a bundled or saved agenda."""
    from .agenda import one_line
    from .paths import resolve_agenda

    try:
        path = resolve_agenda(name)
    except OSError as error:
        # e.g. a name too long for the file system, or a folder we may not enter.
        reason = error.strerror or str(error)
        raise _Refused(one_line(f"{name}: cannot be opened: {reason}")) from None
    if path is None:
        raise _Refused(
            one_line(
                f"{name}: no such file or agenda name "
                "(give a .toml file, or a name such as open-discussion)"
            )
        )
    return path


def _load(name: str) -> tuple[Path, Agenda]:
    """Find and load an agenda; its problems, one per line, if it is not valid."""
    from .agenda import AgendaError, load_agenda
    from .paths import checked_agendas_dir

    path = _find_agenda(name)
    # A file given by path is named as given; a bundled or saved one by its full path.
    given = path == Path(name).expanduser()
    try:
        return path, load_agenda(path, name if given else str(path), checked=checked_agendas_dir())
    except AgendaError as error:
        raise _Refused(str(error)) from None


def run(agenda_name: str | None, edit: bool = False) -> int:
    """Open the picker, the meeting screen of `agenda_name`, or (`edit`) its editor."""
    agenda = None
    path = None
    if agenda_name is not None:
        try:
            # The editor opens an agenda with problems too: that is how they get fixed.
            if edit:
                path = _find_agenda(agenda_name)
            else:
                path, agenda = _load(agenda_name)
        except _Refused as refused:
            print(refused, file=sys.stderr)
            return EXIT_BAD_INPUT

    from .app import FacilitatorApp
    from .engine import wall_clock
    from .paths import data_dir
    from .store import open_store

    opened = open_store(data_dir(), wall_clock)
    app = FacilitatorApp(
        agenda, path, store=opened.store, notice=opened.notice, edit=path if edit else None
    )
    try:
        outcome = app.run()
    finally:
        if opened.store is not None:
            opened.store.close()
    if (
        outcome is not None
        and outcome.agenda is not None
        and outcome.status == "running"
        and not outcome.hung_up
    ):
        # Left while the meeting ran: the reminder still closes it.
        saved = (
            "The meeting is saved: run facilitator again to resume it."
            if outcome.saved
            else "The meeting could not be saved."
        )
        _print_to_terminal(saved + "\n\n" + _closing_text(outcome.agenda))
    elif (
        outcome is not None
        and outcome.status == "ended"
        and not outcome.saved
        and not outcome.hung_up
    ):
        # Ended, but its last changes never reached the disk (stopped before a retry worked).
        _print_to_terminal("The meeting could not be saved.")
    return app.return_code or EXIT_OK


def _print_to_terminal(text: str) -> None:
    """Print, unless the terminal has gone away meanwhile."""
    try:
        print(text, flush=True)
    except OSError:
        # Nobody is left to read it; keep Python's exit flush quiet too.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _closing_text(agenda: Agenda) -> str:
    """The closing reminder and resources, wrapped for the terminal."""
    import shutil
    import textwrap

    from .widgets.closing import resource_text

    width = min(88, shutil.get_terminal_size().columns)
    lines = textwrap.wrap(agenda.closing.reminder, width)
    for resource in agenda.closing.resources:
        lines += textwrap.wrap(
            resource_text(resource), width, initial_indent="- ", subsequent_indent="  "
        )
    return "\n".join(lines)


DEFAULT_TEMPLATE = "open-discussion"


def _new_parser() -> argparse.ArgumentParser:
    parser = _OneLineParser(
        prog="facilitator new",
        description="Create a new agenda among your own (in the data directory), from a "
        "bundled template or another agenda, and print its path. Never replaces an agenda "
        "that exists.",
    )
    parser.add_argument("name", metavar="NAME", help='the meeting\'s name, e.g. "Holiday Meeting"')
    parser.add_argument(
        "--from",
        dest="template",
        metavar="AGENDA",
        default=DEFAULT_TEMPLATE,
        help=f"agenda file or name to start from (default: {DEFAULT_TEMPLATE})",
    )
    return parser


def _edit_parser() -> argparse.ArgumentParser:
    parser = _OneLineParser(
        prog="facilitator edit",
        description="Open an agenda in the editor: a file, or the name of a bundled or saved "
        "agenda. A bundled agenda is never changed: saving makes a copy among yours.",
    )
    parser.add_argument("agenda", metavar="AGENDA", help="agenda file or name")
    return parser


def new(name: str, template: str) -> int:
    """`facilitator new`: create an agenda from a template; exit 2 if it exists."""
    from .library import AgendaExists, new_agenda

    try:
        _, agenda = _load(template)
        path = new_agenda(name, agenda)
    except _Refused as refused:
        print(refused, file=sys.stderr)
        return EXIT_BAD_INPUT
    except (AgendaExists, ValueError) as error:
        print(f"facilitator new: {error}; nothing was changed", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as error:
        print(f"facilitator new: cannot write the agenda: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(path)
    return EXIT_OK


def agendas() -> int:
    """`facilitator agendas`: every agenda with its name, kind, length, steps and place."""
    from .library import list_agendas

    rows = [("NAME", "KIND", "MINUTES", "STEPS", "WHERE")]
    for entry in list_agendas():
        where = f"{'bundled' if entry.file.bundled else 'yours'}  {entry.file.path}"
        agenda = entry.agenda
        if agenda is None:
            count = len(entry.problems)
            rows.append((entry.file.path.stem, "invalid", "-", "-", where))
            rows.append(
                (
                    f"  ({count} problem{'s' if count != 1 else ''}: facilitator "
                    f"validate {entry.file.path})",
                    "",
                    "",
                    "",
                    "",
                )
            )
            continue
        minutes = agenda.meeting.minutes or agenda.planned_minutes
        rows.append(
            (
                agenda.meeting.name,
                agenda.meeting.kind,
                f"{minutes:g}",
                str(len(agenda.steps)),
                where,
            )
        )
    widths = [max(len(row[i]) for row in rows if row[1] or i == 0) for i in range(4)]
    for row in rows:
        if not row[1] and row[0].startswith("  ("):
            print(row[0])
            continue
        cells = [row[i].ljust(widths[i]) for i in range(4)] + [row[4]]
        print("  ".join(cells).rstrip())
    return EXIT_OK


def _tolerant_output() -> None:
    """Escape, rather than crash on, text the terminal's encoding cannot show.

    A file name that is not valid UTF-8, or an accented meeting name under an ASCII
    locale, would otherwise end `validate` with a UnicodeEncodeError traceback.
    """
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `facilitator` command."""
    args = list(sys.argv[1:] if argv is None else argv)
    _tolerant_output()
    try:
        if args and args[0] == "validate":
            return validate(_validate_parser().parse_args(args[1:]).files)
        if args and args[0] == "export":
            return export(_export_parser().parse_args(args[1:]))
        if args and args[0] == "new":
            options = _new_parser().parse_args(args[1:])
            return new(options.name, options.template)
        if args and args == ["agendas"]:
            return agendas()
        if args and args[0] == "edit":
            return run(_edit_parser().parse_args(args[1:]).agenda, edit=True)
        return run(_main_parser().parse_args(args).agenda)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
