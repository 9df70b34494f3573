"""The facilitator's agendas: the bundled ones and their own. No Textual here.

Creating and saving never lose what a facilitator wrote: new agendas never replace an
existing file, a save writes atomically and keeps the previous version as a backup, and a
bundled agenda is never modified (editing one saves a copy among the user's agendas).
"""

from __future__ import annotations

import errno
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from ..agenda import Agenda, AgendaError, Problem, agenda_to_toml, load_agenda, parse_agenda
from ..agenda.names import meeting_key
from ..system.files import FILE_MODE, atomic_write, private_dir
from ..system.paths import (
    AgendaFile,
    agenda_files,
    bundled_agendas_dir,
    checked_agendas_dir,
    user_agendas_dir,
)
from ..words import i18n
from ..words.i18n import _

BACKUP_SUFFIX = ".bak"


@dataclass(frozen=True)
class AgendaEntry:
    """An agenda file, loaded (or the problems that stopped it loading)."""

    file: AgendaFile
    agenda: Agenda | None
    problems: tuple[Problem, ...] = ()


def list_agendas() -> list[AgendaEntry]:
    """The agendas in the language the app speaks first, then the others, then those that
    do not load (with their problems); in each, bundled agendas first, then the user's."""
    entries: list[AgendaEntry] = []
    for file in agenda_files():
        try:
            entries.append(AgendaEntry(file, load_agenda(file.path, file.path.name)))
        except AgendaError as error:
            entries.append(AgendaEntry(file, None, error.problems))
    return sorted(entries, key=_place)


def _place(entry: AgendaEntry) -> int:
    # An agenda that names no language is in English; `es-MX` is in Spanish, as `es` is.
    if entry.agenda is None:
        return 2
    language = entry.agenda.meeting.language or i18n.ENGLISH
    return 0 if language.split("-")[0] == i18n.language().split("-")[0] else 1


def agendas_named(name: str) -> list[AgendaFile]:
    """The valid agendas whose meeting is called `name` (in any case, spaces around it
    ignored): the user's if any of theirs is, else the bundled ones."""
    wanted = meeting_key(name)
    mine: list[AgendaFile] = []
    bundled: list[AgendaFile] = []
    if not wanted:
        return mine
    checked = checked_agendas_dir()
    for file in agenda_files():
        try:
            agenda = load_agenda(file.path, file.path.name, checked=checked)
        except AgendaError:
            continue
        if meeting_key(agenda.meeting.name) == wanted:
            (bundled if file.bundled else mine).append(file)
    return mine or bundled


def slug(name: str) -> str:
    """A file name stem for an agenda name: `Tuesday Night!` → `tuesday-night`."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return stem[:60].rstrip("-")


class AgendaExists(Exception):
    """Creating an agenda would replace one that exists."""


def is_bundled(path: Path) -> bool:
    """True when `path` is one of the agendas shipped with the app."""
    try:
        return path.resolve().parent == bundled_agendas_dir().resolve()
    except OSError:
        return False


def new_agenda(name: str, template: Agenda, text: str | None = None) -> Path:
    """Create an agenda named `name` among the user's, from `template`.

    `text` is the template's file as written: the new agenda is that text with its
    meeting's name changed, so the template's guiding comments stay (written anew from
    `template`, without them, when its name is not on a line of its own to change).

    Raises:
        ValueError: the name has no letters or digits to make a file name from.
        AgendaExists: an agenda with that file name exists already (nothing is changed).
    """
    stem = slug(name)
    if not stem:
        raise ValueError(
            _('"{name}" has no letters or digits to make a file name from').format(name=name)
        )
    path = user_agendas_dir() / f"{stem}.toml"
    if path.exists():
        raise AgendaExists(_("{path} already exists").format(path=path))
    agenda = replace(template, meeting=replace(template.meeting, name=name.strip()))
    data = renamed_text(text, agenda) if text is not None else None
    private_dir(path.parent)
    atomic_write(path, agenda_bytes(agenda) if data is None else data, overwrite=False)
    return path


_MEETING_TABLE = re.compile(r"\[\s*meeting\s*\]\s*(#.*)?")
_NAME_KEY = re.compile(r"name\s*=")


def renamed_text(text: str, agenda: Agenda) -> bytes | None:
    """A template's `text`, comments and all, with `[meeting] name` as `agenda` has it;
    None when the text does not read back as `agenda` with that one line changed (a name
    written over lines, or as a dotted key)."""
    import tomli_w  # only when an agenda is made from a template, as agenda.writing does

    lines = text.splitlines(keepends=True)
    in_meeting = False
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("["):
            in_meeting = _MEETING_TABLE.fullmatch(stripped) is not None
        elif in_meeting and _NAME_KEY.match(stripped):
            indent = line[: len(line) - len(line.lstrip())]
            ending = line[len(line.rstrip("\r\n")) :]
            written = tomli_w.dumps({"name": agenda.meeting.name}).rstrip("\n")
            lines[index] = f"{indent}{written}{ending}"
            break
    else:
        return None
    data = "".join(lines).encode("utf-8")
    try:
        if parse_agenda(data) != agenda:
            return None
    except AgendaError:
        return None
    return data


def agenda_bytes(agenda: Agenda) -> bytes:
    """The bytes an agenda file is saved as."""
    return agenda_to_toml(agenda).encode("utf-8")


def save_agenda(path: Path, agenda: Agenda, *, new: bool = False) -> Path | None:
    """Write `agenda` to `path` atomically, keeping the previous file as `path.bak`.

    A symbolic link is saved through: the file it points to is replaced, with the temporary
    file and the backup beside that file, so the link stays a link. A file replaced keeps
    its permissions; a new one is readable by its owner only.

    Args:
        path: The agenda file (or a link to it).
        agenda: What to write.
        new: `path` is a new name (a copy): a file there is an error, never replaced.

    Returns the backup's path, or None when there was no previous file.

    Raises:
        FileExistsError: `new`, and `path` exists; nothing was written.
        OSError: the file or its backup cannot be written; `path` is as it was.
    """
    if is_bundled(path):
        raise PermissionError(
            _("{path} is a bundled agenda; save a copy among yours instead").format(path=path)
        )
    data = agenda_bytes(agenda)
    if new:
        _own_folder(path.parent)
        atomic_write(path, data, overwrite=False)
        return None
    target = link_target(path) or path
    backup: Path | None = None
    mode = FILE_MODE
    if target.exists():
        mode = stat.S_IMODE(target.stat().st_mode) & 0o777
        backup = target.with_name(target.name + BACKUP_SUFFIX)
        atomic_write(backup, target.read_bytes(), overwrite=True)
    if target == path:
        _own_folder(path.parent)  # a link's target's folder is somebody's: left as it is
    atomic_write(target, data, overwrite=True, mode=mode)
    return backup


def _own_folder(folder: Path) -> None:
    """Make `folder` if it is missing; the user's agendas folder is kept private."""
    if not folder.is_dir() or folder == user_agendas_dir():
        private_dir(folder)


def link_target(path: Path) -> Path | None:
    """The file the symbolic link `path` leads to, through every link; None if no link.

    Raises:
        OSError: the links go round in a circle.
    """
    if not os.path.islink(path):
        return None
    target = Path(os.path.realpath(path))
    if os.path.islink(target):  # realpath stops where links loop
        raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), str(path))
    return target


def copy_path_beside(path: Path) -> Path:
    """A free name for a copy of the agenda `path`, beside it: `NAME-copy.toml`, then
    `NAME-copy-2.toml` and so on."""
    candidate = path.with_name(f"{path.stem}-copy.toml")
    number = 2
    while os.path.lexists(candidate):
        candidate = path.with_name(f"{path.stem}-copy-{number}.toml")
        number += 1
    return candidate


def copy_path_for(agenda: Agenda) -> Path:
    """Where a new agenda is saved: a free name among the user's agendas, from its name."""
    stem = slug(agenda.meeting.name) or "agenda"
    directory = user_agendas_dir()
    candidate = directory / f"{stem}.toml"
    number = 2
    while candidate.exists():
        candidate = directory / f"{stem}-{number}.toml"
        number += 1
    return candidate


def has_comments(text: str) -> bool:
    """True when TOML `text` has a comment (which rewriting the file would drop)."""
    index = 0
    length = len(text)
    while index < length:
        char = text[index]
        if char == "#":
            return True
        if text.startswith('"""', index) or text.startswith("'''", index):
            quote = text[index : index + 3]
            end = text.find(quote, index + 3)
            while quote == '"""' and end > 0 and _escaped(text, end):
                end = text.find(quote, end + 1)
            index = length if end < 0 else end + 3
            continue
        if char in "\"'":
            index += 1
            while index < length and text[index] != char and text[index] != "\n":
                if char == '"' and text[index] == "\\":
                    index += 1
                index += 1
        index += 1
    return False


def _escaped(text: str, position: int) -> bool:
    backslashes = 0
    while position - backslashes - 1 >= 0 and text[position - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1
