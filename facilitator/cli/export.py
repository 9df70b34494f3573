"""`facilitator export`: meetings as CSV or JSON, to standard output or a file."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..agenda import one_line
from ..words.i18n import N_, _
from ..words.reasons import reason_of
from . import EXIT_BAD_INPUT, EXIT_OK, Refused
from .terminal import write_stdout

if TYPE_CHECKING:
    from ..store.database import Store

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Said both when -o is looked at and when writing it fails.
IS_A_FOLDER = N_("{option}: is a folder; give a file name, such as meetings.csv")
EXISTS = N_("{option}: already exists; add --force to replace it")


def day(option: str, text: str | None) -> date | None:
    """The date given to `option`, which must be YYYY-MM-DD."""
    if text is None:
        return None
    problem = _("{option} {text}: not a date; give YYYY-MM-DD, e.g. 2026-03-05").format(
        option=option, text=one_line(text)
    )
    if not _DATE.fullmatch(text):
        raise Refused(problem)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Refused(problem) from None


def check_output(text: str, force: bool) -> Path:
    """The -o path, refused early when it cannot be what we write.

    Only a new file, or with `force` an existing regular file, takes an export: never a
    folder, a named pipe, a device or a socket, nor anything in the data folder (the
    meetings database, its -wal and -shm, the settings, the locks, the cache, the agendas)
    nor a hard link to a file there, even with `force`.
    """
    from ..system.files import file_kind, file_kind_words, output_problem
    from ..system.paths import data_dir

    path = Path(text).expanduser()
    shown = f"-o {one_line(text)}"
    data = data_dir()
    problem = output_problem(path, replace=force, our_folders=[data])
    if problem == "folder":
        raise Refused(_(IS_A_FOLDER).format(option=shown))
    if problem == "special":
        raise Refused(
            _(
                "{option}: is {kind}, not a regular file; give a file name, such as meetings.csv"
            ).format(option=shown, kind=file_kind_words(file_kind(path)))
        )
    if problem == "ours":
        raise Refused(
            _(
                "{option}: is in facilitator's data folder {folder}, which holds only its own "
                "files, or is one of them; give a file elsewhere, such as ~/meetings.csv"
            ).format(option=shown, folder=one_line(str(data)))
        )
    if problem == "exists":
        raise Refused(_(EXISTS).format(option=shown))
    if problem == "no-folder":
        raise Refused(
            _("{option}: no such folder {folder}; give a file in an existing folder").format(
                option=shown, folder=one_line(str(path.parent))
            )
        )
    return path


def write_failure(text: str, error: OSError) -> str:
    """One line saying why the -o file could not be written."""
    from ..system.files import SpecialFileError

    shown = f"-o {one_line(text)}"
    if isinstance(error, FileExistsError):
        return _(EXISTS).format(option=shown)
    if isinstance(error, IsADirectoryError):
        return _(IS_A_FOLDER).format(option=shown)
    if isinstance(error, SpecialFileError):
        return _("{option}: {problem}; give a file name, such as meetings.csv").format(
            option=shown, problem=reason_of(error)
        )
    if isinstance(error, PermissionError):
        return _(
            "{option}: cannot be written: permission denied; "
            "give a file in a folder you can write to"
        ).format(option=shown)
    if isinstance(error, FileNotFoundError | NotADirectoryError):
        return _("{option}: no such folder; give a file in an existing folder").format(option=shown)
    reason = reason_of(error)
    return _("{option}: cannot be written: {reason}").format(option=shown, reason=one_line(reason))


SHOWN_AGENDAS = 8
"""Agendas named, at most, when --agenda names none of those recorded."""


def unknown_agenda(store: Store, given: str) -> str | None:
    """Why no recorded meeting is of the agenda `given` (one line), or None when some are.

    `given` is matched as `facilitator AGENDA` takes an agenda (see `agenda.names`); the
    line suggests the closest recorded agenda, else names those recorded.
    """
    from ..agenda.names import closest_name, names_agenda

    recorded = store.recorded_agendas()
    if any(names_agenda(given, stem, name) for stem, name in recorded):
        return None
    shown = f"--agenda {one_line(given)}"
    if not recorded:
        return _("{option}: no meetings are recorded yet").format(option=shown)
    names = list(dict.fromkeys(stem or name for stem, name in recorded))
    close = closest_name(given, [text for pair in recorded for text in pair])
    if close is not None:
        return _('{option}: no meetings of this agenda; did you mean "{close}"?').format(
            option=shown, close=one_line(close)
        )
    listed = ", ".join(one_line(name) for name in names[:SHOWN_AGENDAS])
    if len(names) > SHOWN_AGENDAS:
        listed += ", …"
    return _("{option}: no meetings of this agenda (recorded: {agendas})").format(
        option=shown, agendas=listed
    )


def export(options: argparse.Namespace) -> int:
    """`facilitator export`: meetings as CSV or JSON, to standard output or a file.

    The database is only read: a missing or damaged one is one line on standard error and
    exit 2. Meetings are written as they are read, into a temporary file beside the -o file
    that takes its place only once every meeting is in it (or, without -o, that goes to
    standard output then): if one cannot be read, nothing is written, and an earlier export
    in the -o file stays as it was.
    """
    import sqlite3

    from ..records.export import each_row, write_csv, write_json
    from ..store.database import StoreError
    from ..store.read_only import open_to_read
    from ..system.files import atomic_file
    from ..system.paths import data_dir

    try:
        since = day("--since", options.since)
        until = day("--until", options.until)
        if since is not None and until is not None and since > until:
            raise Refused(
                _(
                    "--since {since} is after --until {until}; give a --since on or before --until"
                ).format(since=since, until=until)
            )
        output = check_output(options.output, options.force) if options.output else None
    except Refused as refusal:
        print(refusal, file=sys.stderr)
        return EXIT_BAD_INPUT

    try:
        store = open_to_read(data_dir())
    except StoreError as error:
        print(one_line(str(error)), file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        unknown = None if options.agenda is None else unknown_agenda(store, options.agenda)
    except sqlite3.Error as error:
        unknown = _("{file}: the meetings could not be read: {reason}").format(
            file=store.path, reason=error
        )
    if unknown is not None:
        store.close()
        print(one_line(unknown), file=sys.stderr)
        return EXIT_BAD_INPUT
    steps = options.format == "json"  # CSV has no column for the step timings
    rows = each_row(store, since, until, options.agenda, steps=steps)
    write = write_json if options.format == "json" else write_csv
    try:
        if output is None:
            return write_stdout(lambda out: write(rows, out))
        with atomic_file(output, overwrite=options.force) as handle:
            write(rows, handle)
    except (sqlite3.Error, ValueError, KeyError, TypeError) as error:
        reason = (str(error).splitlines() or [type(error).__name__])[0]
        line = _("{file}: the meetings could not be read: {reason}").format(
            file=store.path, reason=reason
        )
        print(one_line(line), file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as error:
        print(write_failure(options.output, error), file=sys.stderr)
        return EXIT_BAD_INPUT
    finally:
        store.close()
    return EXIT_OK
