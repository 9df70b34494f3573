"""Where agendas and data live, and whether the data directory is safe. No Textual here."""

from __future__ import annotations

import os
import shlex
import stat
from dataclasses import dataclass
from pathlib import Path

from ..agenda.names import file_stem
from ..agenda.problems import one_line
from ..words.i18n import N_, _
from .files import is_link, link_refused, others_can_write

DATA_DIR_ENV = "FACILITATOR_DATA_DIR"
_PACKAGE = Path(__file__).resolve().parent.parent  # the package: facilitator/


def data_dir() -> Path:
    """The user's data directory (`FACILITATOR_DATA_DIR` overrides the platform default)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path

    return user_data_path("facilitator", appauthor=False)


CANNOT_BE_SAVED = N_("Meetings cannot be saved: {problem}. This meeting is kept in memory.")


def data_dir_refusal(directory: Path, database: str) -> str | None:
    """Why meetings may not be kept in the data directory `directory`, in one line (or None).

    No records go to a folder other users may write to (they could replace the database or
    plant links in it), and no symbolic link is followed to the `database` file or its -wal
    and -shm files. The notice ends saying the meeting is kept in memory.

    Raises:
        OSError: the folder cannot be looked at.
    """
    shared = shared_folder_problem(directory)
    if shared is None:
        return database_link_refusal(directory / database)
    return _("Meetings cannot be saved in {problem}. This meeting is kept in memory.").format(
        problem=shared
    )


def shared_folder_problem(directory: Path) -> str | None:
    """`DIR: other users can write to this folder (mode 0777); <what to do>`, or None.

    Raises:
        OSError: the folder cannot be looked at.
    """
    mode = others_can_write(directory)
    if mode is None:
        return None
    if mode & stat.S_ISVTX:  # a shared folder such as /tmp: not one to narrow
        problem = _(
            "{folder}: other users can write to this folder (mode {mode}); "
            "set {variable} to a folder of your own, not a shared one"
        )
    else:
        problem = _(
            "{folder}: other users can write to this folder (mode {mode}); "
            "run chmod 700 {quoted}, or set {variable} elsewhere"
        )
    return one_line(
        problem.format(
            folder=directory,
            mode=f"{mode:04o}",
            variable=DATA_DIR_ENV,
            quoted=shlex.quote(str(directory)),
        )
    )


def database_link(database: Path) -> Path | None:
    """The database, or its -wal or -shm file, when it is a symbolic link (None: none is)."""
    for suffix in ("", "-wal", "-shm"):
        companion = database.with_name(database.name + suffix)
        if is_link(companion):
            return companion
    return None


def database_link_refusal(database: Path) -> str | None:
    """The notice when the database or its -wal or -shm file is a symbolic link (or None)."""
    link = database_link(database)
    if link is None:
        return None
    return _(CANNOT_BE_SAVED).format(problem=link_refused(link))


def user_agendas_dir() -> Path:
    """The folder of the user's own agendas."""
    return data_dir() / "agendas"


def cache_dir() -> Path:
    """What the app keeps to go faster; nothing but the app writes in it."""
    return data_dir() / "cache"


def checked_agendas_dir() -> Path:
    """Agendas already validated, by their content, so the next start need not again."""
    return cache_dir() / "checked-agendas"


def bundled_agendas_dir() -> Path:
    """The agendas shipped with the app (inside the wheel, or beside the source tree)."""
    installed = _PACKAGE / "agendas"
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / "agendas"


@dataclass(frozen=True)
class AgendaFile:
    """An agenda on disk and where it comes from."""

    path: Path
    bundled: bool

    @property
    def stem(self) -> str:
        return self.path.stem


def agenda_files() -> list[AgendaFile]:
    """Bundled agendas first, then the user's, each sorted by file name.

    One of the user's with a bundled agenda's file name (as saving a bundled agenda makes)
    takes that agenda's place: each name is listed once.
    """
    user = user_agendas_dir()
    mine = sorted(user.glob("*.toml")) if user.is_dir() else []
    names = {path.name for path in mine}
    found = []
    for path in sorted(bundled_agendas_dir().glob("*.toml")):
        replaced = path.name in names
        found.append(AgendaFile(user / path.name, False) if replaced else AgendaFile(path, True))
        names.discard(path.name)
    return found + [AgendaFile(path, False) for path in mine if path.name in names]


def resolve_agenda(name: str) -> Path | None:
    """A path for `name`: an existing file, or the stem of a user or bundled agenda."""
    path = Path(name).expanduser()
    if path.exists():
        return path
    stem = file_stem(name)
    matches = [f for f in agenda_files() if f.stem == stem]
    # The user's own agenda wins over a bundled one of the same name.
    matches.sort(key=lambda f: f.bundled)
    return matches[0].path if matches else None
