"""The command line: argument parsing, exit codes, nothing else."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__

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
    from .agenda import AgendaError, load_agenda

    bad = 0
    for name in files:
        try:
            agenda = load_agenda(Path(name), name)
        except AgendaError as error:
            bad += 1
            for problem in error.problems:
                print(problem, file=sys.stderr)
        else:
            print(f"{name}: ok ({agenda.meeting.name}, {len(agenda.steps)} steps)")
    return EXIT_BAD_INPUT if bad else EXIT_OK


def run(agenda_name: str | None) -> int:
    """Open the picker, or the meeting screen of `agenda_name`."""
    from .agenda import AgendaError, load_agenda
    from .paths import resolve_agenda

    agenda = None
    path = None
    if agenda_name is not None:
        path = resolve_agenda(agenda_name)
        if path is None:
            print(
                f"{agenda_name}: no such file or agenda name "
                "(give a .toml file, or a name such as open-discussion)",
                file=sys.stderr,
            )
            return EXIT_BAD_INPUT
        try:
            agenda = load_agenda(path, agenda_name if Path(agenda_name).exists() else str(path))
        except AgendaError as error:
            print(error, file=sys.stderr)
            return EXIT_BAD_INPUT

    from .app import FacilitatorApp

    app = FacilitatorApp(agenda, path)
    outcome = app.run()
    if outcome is not None and outcome.agenda is not None and outcome.status == "running":
        # Left while the meeting ran: the reminder still closes it.
        print(_closing_text(outcome.agenda))
    return app.return_code or EXIT_OK


def _closing_text(agenda: object) -> str:
    from .agenda import Agenda

    assert isinstance(agenda, Agenda)
    lines = [agenda.closing.reminder]
    for resource in agenda.closing.resources:
        note = f" ({resource.note})" if resource.note else ""
        lines.append(f"  {resource.name}: {resource.contact}{note}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `facilitator` command."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] == "validate":
            return validate(_validate_parser().parse_args(args[1:]).files)
        return run(_main_parser().parse_args(args).agenda)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
