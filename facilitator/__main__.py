"""The command line: argument parsing, exit codes, nothing else."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__

if TYPE_CHECKING:
    from .agenda import Agenda

EXIT_OK = 0
EXIT_BAD_INPUT = 2

USAGE = """\
facilitator [AGENDA]          run a meeting (no AGENDA: choose one from a list)
       facilitator validate FILE...  check agenda files, one line per problem"""


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


def run(agenda_name: str | None) -> int:
    """Open the picker, or the meeting screen of `agenda_name`."""
    from .agenda import AgendaError, load_agenda, one_line
    from .paths import resolve_agenda

    agenda = None
    path = None
    if agenda_name is not None:
        try:
            path = resolve_agenda(agenda_name)
        except OSError as error:
            # e.g. a name too long for the file system, or a folder we may not enter.
            reason = error.strerror or str(error)
            print(one_line(f"{agenda_name}: cannot be opened: {reason}"), file=sys.stderr)
            return EXIT_BAD_INPUT
        if path is None:
            print(
                one_line(
                    f"{agenda_name}: no such file or agenda name "
                    "(give a .toml file, or a name such as open-discussion)"
                ),
                file=sys.stderr,
            )
            return EXIT_BAD_INPUT
        # A file given by path is named as given; a bundled or saved one by its full path.
        given = path == Path(agenda_name).expanduser()
        try:
            agenda = load_agenda(path, agenda_name if given else str(path))
        except AgendaError as error:
            print(error, file=sys.stderr)
            return EXIT_BAD_INPUT

    from .app import FacilitatorApp
    from .engine import wall_clock
    from .paths import data_dir
    from .store import open_store

    opened = open_store(data_dir(), wall_clock)
    app = FacilitatorApp(agenda, path, store=opened.store, notice=opened.notice)
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
        return run(_main_parser().parse_args(args).agenda)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
