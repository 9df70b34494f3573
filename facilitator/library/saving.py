"""Saving the editor's agenda without losing anybody's work. No Textual here.

Before a save replaces a file it checks that the file still holds what the editor read or
last wrote (someone may have changed it meanwhile: `ChangedOnDisk`), and that its user may
write it (`ReadOnlyAgenda`); either way nothing is written, and a copy beside it can be
saved instead. A symbolic link is saved through, its target replaced (`LinkNotWritable`
when that cannot be done).
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..agenda import Agenda, AgendaError, read_agenda_bytes
from ..system.paths import user_agendas_dir
from ..words.i18n import _
from ..words.reasons import reason_of
from .agendas import (
    agenda_bytes,
    copy_path_beside,
    copy_path_for,
    is_bundled,
    link_target,
    save_agenda,
)

Change = Literal["changed", "gone"]
"""How a file differs from what the editor knew: other bytes, or no file at all."""


@dataclass(frozen=True)
class FileStamp:
    """What a file held when the editor read or wrote it: its size and a hash of its bytes.

    Its content, not its time: a file rewritten with the same bytes has lost nothing.
    """

    size: int
    digest: str

    @classmethod
    def of(cls, data: bytes) -> FileStamp:
        """The stamp of a file holding `data`."""
        return cls(len(data), hashlib.sha256(data).hexdigest())


def change_on_disk(path: Path, stamp: FileStamp) -> Change | None:
    """How the file at `path` differs from `stamp`; None when it holds the same bytes."""
    try:
        size = os.stat(path).st_size
    except FileNotFoundError:
        return "gone"
    except OSError:
        return "changed"
    if size != stamp.size:
        return "changed"
    try:
        data = read_agenda_bytes(path, path.name)
    except AgendaError:
        return "changed" if os.path.lexists(path) else "gone"
    return None if FileStamp.of(data) == stamp else "changed"


def is_read_only(path: Path) -> bool:
    """True when the user may not write the file `path` (on Windows: its read-only attribute).

    The owner's write bit counts even for an administrator, who could write anyway: a file
    made 0444 says "leave me as I am". A missing file is not read-only.
    """
    try:
        info = os.stat(path)
    except OSError:
        return False
    if getattr(info, "st_file_attributes", 0) & stat.FILE_ATTRIBUTE_READONLY:  # Windows
        return True
    # Windows has no user ids; there the write bit is the read-only attribute.
    mine = not hasattr(os, "geteuid") or info.st_uid == os.geteuid()
    if mine and not info.st_mode & stat.S_IWUSR:
        return True
    return not os.access(path, os.W_OK)


class ChangedOnDisk(Exception):
    """The file is not what the editor read or last wrote; nothing was written."""

    def __init__(self, path: Path, change: Change) -> None:
        message = _("{path} has changed on disk") if change == "changed" else _("{path} is gone")
        super().__init__(message.format(path=path))
        self.path = path
        self.gone = change == "gone"


class ReadOnlyAgenda(Exception):
    """The file may not be written by its user; nothing was written."""

    def __init__(self, path: Path) -> None:
        super().__init__(_("{path} is read-only").format(path=path))
        self.path = path


class YoursExists(Exception):
    """A bundled agenda's copy would replace the user's own agenda of that file name, which
    takes the bundled one's place; nothing was written."""

    def __init__(self, path: Path) -> None:
        super().__init__(_("{path} exists").format(path=path))
        self.path = path


class LinkNotWritable(Exception):
    """The file is a link whose target cannot be replaced; nothing was changed."""

    def __init__(self, path: Path, target: Path, reason: str) -> None:
        super().__init__(
            _("{path} links to {target}, which cannot be replaced: {reason}").format(
                path=path, target=target, reason=reason
            )
        )
        self.path = path
        self.target = target
        self.reason = reason


@dataclass(frozen=True)
class Saved:
    """Where a save went."""

    path: Path
    backup: Path | None
    """The previous version of `path`, or None when `path` is new."""
    copied_from: Path | None
    """The agenda this is a copy of, when saving made a copy."""
    dropped_comments: bool
    """The file saved over, or the file copied, had comments the save left out."""
    from_bundled: bool = False
    """The copy is of an agenda shipped with the app."""
    linked_to: Path | None = None
    """`path` is a link, and this file it leads to is what was written."""


@dataclass(frozen=True)
class SavePlan:
    """A valid agenda and where to write it; `write` is safe to call from a thread."""

    target: Path
    agenda: Agenda
    copied_from: Path | None
    dropped_comments: bool
    document: dict[str, Any]
    on_disk: FileStamp | None = None
    """What `target` held when read or last written, to be checked; None: not checked."""
    new_file: bool = False
    """`target` is a new name (a copy): a file that appears there is never replaced."""
    from_bundled: bool = False
    linked_to: Path | None = None

    def write(self) -> Path | None:
        """Write the file (atomically, with a backup); returns the backup's path.

        Raises:
            ReadOnlyAgenda: the file may not be written.
            YoursExists: the copy of a bundled agenda would replace the user's own.
            ChangedOnDisk: the file is not what `on_disk` says.
            LinkNotWritable: the file is a link, and its target cannot be replaced.
            OSError: writing failed; the file is as it was.
        """
        if not self.new_file:
            if is_read_only(self.target):
                raise ReadOnlyAgenda(self.target)
            change = change_on_disk(self.target, self.on_disk) if self.on_disk else None
            if change is not None:
                raise ChangedOnDisk(self.target, change)
        try:
            return save_agenda(self.target, self.agenda, new=self.new_file)
        except FileExistsError:
            if self.new_file and self.from_bundled:
                raise YoursExists(self.target) from None
            raise
        except OSError as error:
            if self.linked_to is None or not _refused(error):
                raise
            reason = reason_of(error)
            raise LinkNotWritable(self.target, self.linked_to, reason) from error

    @property
    def written(self) -> FileStamp:
        """What the file holds once `write` has returned."""
        return FileStamp.of(agenda_bytes(self.agenda))

    def saved(self, backup: Path | None) -> Saved:
        """What was saved, once `write` has returned `backup`."""
        return Saved(
            self.target,
            backup,
            self.copied_from,
            self.dropped_comments,
            self.from_bundled,
            self.linked_to,
        )


def plan_save(
    source: Path | None,
    agenda: Agenda,
    document: dict[str, Any],
    *,
    on_disk: FileStamp | None,
    dropped_comments: bool,
    overwrite: bool = False,
    as_copy: bool = False,
) -> SavePlan:
    """Where `agenda`, loaded from `source` (None: a new agenda), is saved, and how.

    A bundled agenda is never modified: it is saved under its own file name among the
    user's agendas, where it takes the bundled one's place (`YoursExists` if one of theirs
    is there already, unless `overwrite`). A new agenda has no file yet: it is saved under a
    free name among the user's agendas. `as_copy` saves beside `source` (or the user's
    agenda that replaces it) under a free name (`NAME-copy.toml`). Otherwise `source` is
    replaced, once it is checked against `on_disk`.
    """
    bundled = source is not None and is_bundled(source)
    if source is None or bundled:
        target = copy_path_for(agenda) if source is None else user_agendas_dir() / source.name
        if as_copy:
            target = copy_path_beside(target)
        elif overwrite and os.path.lexists(target):
            return SavePlan(
                target,
                agenda,
                source,
                dropped_comments,
                document,
                from_bundled=True,
                linked_to=_link_target(target),
            )
        return SavePlan(
            target,
            agenda,
            source,
            dropped_comments,
            document,
            new_file=True,
            from_bundled=source is not None,
        )
    if as_copy:
        target = copy_path_beside(source)
        return SavePlan(target, agenda, source, dropped_comments, document, new_file=True)
    return SavePlan(
        source,
        agenda,
        None,
        dropped_comments,
        document,
        on_disk=on_disk,
        linked_to=_link_target(source),
    )


def _link_target(path: Path) -> Path | None:
    try:
        return link_target(path)
    except OSError:
        return None  # a circle of links: writing says why it cannot be saved


def _refused(error: OSError) -> bool:
    """The system refused the write (no permission, a read-only file system)."""
    return isinstance(error, PermissionError) or error.errno == errno.EROFS
