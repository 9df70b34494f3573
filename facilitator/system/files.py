"""Files and folders that keep a group's records: whole, private, and never written over.

No Textual here: the command line and the app's workers both use it.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Literal

from ..agenda.problems import one_line
from ..words.i18n import N_, _

FILE_MODE = 0o600
"""Exports and agendas hold a group's records: only their owner may read them."""
FOLDER_MODE = 0o700
"""The data directory and every folder the app makes in it: its owner's alone."""

OutputProblem = Literal["folder", "special", "ours", "exists", "no-folder"]
"""Why a path cannot take an export: it is a folder; a named pipe, a device or a socket; one
of the app's own files; it exists (and may not be replaced); or its folder does not exist."""


class SpecialFileError(OSError):
    """The path is a named pipe, a device or a socket: a file is never put in its place."""


class UnsafePath(OSError):
    """A file or folder the app will not use for its own records; the message is one line.

    A symbolic link where the app keeps its own files, or a data directory that other
    users may write to: following the one or trusting the other would let the records go,
    or come from, somewhere their owner did not choose.
    """


def private_dir(path: Path) -> None:
    """Make sure the folder `path` exists, making whatever is missing its owner's alone.

    Every level that has to be made, parents included, is made 0700 whatever the umask
    (as the XDG rules ask of `~/.local/share`). A folder that exists keeps its mode: the
    app never changes what it did not make.

    Raises:
        OSError: a level cannot be made, or `path` is not a folder.
    """
    missing = []
    for level in (path, *path.parents):
        if level.is_dir():
            break
        missing.append(level)
    for level in reversed(missing):
        try:
            level.mkdir(mode=FOLDER_MODE)
        except FileExistsError:
            if level.is_dir():
                continue  # made meanwhile, by someone else: not ours to change
            raise
        made = os.lstat(level)
        # The umask may have taken the owner's own bits; lstat: the folder just made, no link.
        if stat.S_ISDIR(made.st_mode) and stat.S_IMODE(made.st_mode) != FOLDER_MODE:
            os.chmod(level, FOLDER_MODE)
    if not path.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(path))


def others_can_write(path: Path) -> int | None:
    """The mode of the folder `path` when other users may write to it, else None.

    Group- or world-writable (`st_mode & 0o022`) on POSIX; Windows keeps its permissions in
    access lists that a mode does not show, so there it is always None.

    Raises:
        OSError: `path` cannot be looked at.
    """
    if os.name == "nt":
        return None
    mode = stat.S_IMODE(os.stat(path).st_mode)
    return mode if mode & 0o022 else None


def is_link(path: Path) -> bool:
    """True when `path` is a symbolic link (a dangling one too)."""
    return os.path.islink(path)


def link_refused(path: Path) -> UnsafePath:
    """The error for a symbolic link found where the app keeps a file of its own."""
    return UnsafePath(
        _(
            "{path} is a symbolic link, and facilitator never follows one for its"
            " own files; put the file itself there, or remove the link"
        ).format(path=one_line(str(path)))
    )


def open_no_follow(path: Path, flags: int, mode: int = FILE_MODE) -> int:
    """`os.open`, refusing a symbolic link at `path` (`O_NOFOLLOW`, or a look first).

    Raises:
        UnsafePath: `path` is a symbolic link.
        OSError: it cannot be opened.
    """
    no_follow = getattr(os, "O_NOFOLLOW", 0)
    if not no_follow and is_link(path):
        raise link_refused(path)  # no O_NOFOLLOW (Windows): a look, then the open
    flags |= no_follow | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        return os.open(path, flags, mode)
    except OSError as error:
        # O_NOFOLLOW fails with ELOOP on a link (EMLINK on FreeBSD).
        if error.errno in (errno.ELOOP, errno.EMLINK) and is_link(path):
            raise link_refused(path) from None
        raise


def new_private_file(path: Path) -> bool:
    """Make `path` an empty file of mode 0600 if nothing is there; never through a link.

    An existing file keeps its mode: the app never changes what it did not make.

    Returns:
        True when the file was made now.

    Raises:
        UnsafePath: `path` is a symbolic link.
        OSError: it cannot be made or opened for writing, or is not a regular file.
    """
    try:
        fd = open_no_follow(path, os.O_RDWR | os.O_CREAT | os.O_EXCL)
    except FileExistsError:  # a dangling link too: O_EXCL never follows one
        fd = open_no_follow(path, os.O_RDWR)
        made = False
    else:
        made = True
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, _("not a regular file"), str(path))
        if made:
            _make_private(fd, path)
    finally:
        os.close(fd)
    return made


def read_own(path: Path, limit: int) -> bytes:
    """At most `limit` bytes of the app's own regular file `path`, never through a link.

    Raises:
        UnsafePath: `path` is a symbolic link.
        OSError: it cannot be read, or is not a regular file.
    """
    fd = open_no_follow(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OSError(errno.EINVAL, _("not a regular file"), str(path))
        return handle.read(limit)


def _make_private(fd: int, path: Path | str, mode: int = FILE_MODE) -> None:
    """`mode` (0600 unless said) for a file the app has just made (the umask may have left
    it otherwise)."""
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)
    else:  # Windows: only the read-only flag, by name; the file is the one just made
        os.chmod(path, mode)


def output_problem(
    path: Path,
    *,
    replace: bool,
    ours: Iterable[Path] = (),
    our_folders: Iterable[Path] = (),
) -> OutputProblem | None:
    """Why `path` cannot be where an export is written (None when it can).

    Only a new file, or (with `replace`) an existing regular file, can take an export. A
    symbolic link counts as what it points to, and the app's own files are found by where
    they really are, so neither a link nor `..` gets past.

    Args:
        path: Where the export would go.
        replace: An existing regular file may be replaced.
        ours: Files an export must never replace, such as the meetings database.
        our_folders: Folders an export must never write into, such as the cache.
    """
    kind = file_kind(path)
    if kind == "folder":
        return "folder"
    if kind not in ("file", None):
        return "special"
    if is_ours(path, ours, our_folders):
        return "ours"
    if not replace and os.path.lexists(path):
        return "exists"
    if not path.parent.is_dir():
        return "no-folder"
    return None


FileKind = Literal["file", "folder", "pipe", "device", "socket", "other"]
"""What a path is on disk, for telling the facilitator why it cannot take an export."""


def file_kind(path: Path) -> FileKind | None:
    """What `path` is, following symbolic links (None when there is nothing there)."""
    try:
        mode = os.stat(path).st_mode  # never opens it: a named pipe would block
    except (OSError, ValueError):
        return None
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISFIFO(mode):
        return "pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "other"


_KIND_WORDS = {
    "file": N_("a file"),
    "folder": N_("a folder"),
    "pipe": N_("a named pipe"),
    "device": N_("a device"),
    "socket": N_("a socket"),
}


_SPECIAL = N_("a special file")


def file_kind_words(kind: FileKind | None) -> str:
    """What `kind` is called in a message: "a named pipe", "a device", "a folder"..."""
    return _(_KIND_WORDS.get(kind or "other", _SPECIAL))


def is_ours(path: Path, ours: Iterable[Path], our_folders: Iterable[Path]) -> bool:
    """Whether `path` is one of `ours`, or lies in one of `our_folders`.

    Paths are compared where they really lead (links and `..` resolved, case folded where
    the system ignores case), and by identity too: a folder on the way to `path` that is
    one of `our_folders` under another name (another case on macOS, a short name on Windows,
    a bind mount), or an existing file that is a hard link to one of `ours` or to a file in
    `our_folders`, is ours.
    """
    where = _real(path)
    for own in ours:
        if where == _real(own):
            return True
        with suppress(OSError, ValueError):
            if os.path.samefile(path, own):
                return True
    folders = list(our_folders)
    if any(where.is_relative_to(_real(folder)) for folder in folders):
        return True
    return _on_the_way(where, folders) or _linked_into(path, folders)


def _on_the_way(where: Path, folders: list[Path]) -> bool:
    """Whether one of `folders` is `where` or a folder above it, by the file system's word."""
    # A file number of 0 is a file system that keeps none: it would match anything.
    identities = {found for folder in folders if (found := file_identity(folder)) and found[1]}
    return bool(identities) and any(
        file_identity(level) in identities for level in (where, *where.parents)
    )


def _linked_into(path: Path, folders: list[Path]) -> bool:
    """Whether `path` is a hard link to a file somewhere in `folders`."""
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return False
    if not stat.S_ISREG(status.st_mode) or status.st_nlink < 2 or not status.st_ino:
        return False
    for folder in folders:
        for root, _folders, names in os.walk(folder):
            for name in names:
                with suppress(OSError):
                    other = os.lstat(os.path.join(root, name))
                    if (other.st_dev, other.st_ino) == (status.st_dev, status.st_ino):
                        return True
    return False


def _real(path: Path) -> Path:
    try:
        resolved = path.expanduser().resolve()
    except (OSError, RuntimeError):  # a loop of symbolic links
        resolved = Path(os.path.abspath(path))
    return Path(os.path.normcase(resolved))


# A hard link fails with one of these where the file system has none (FAT, some shares).
_NO_HARD_LINKS = {errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP}


def atomic_write(path: Path, data: bytes, *, overwrite: bool, mode: int = FILE_MODE) -> None:
    """Write `data` to `path` all or nothing, readable by its owner only (mode 0600).

    See `atomic_file`, which this writes through.

    Raises:
        IsADirectoryError: `path` is a folder.
        SpecialFileError: `path` is a named pipe, a device or a socket.
        FileExistsError: `path` exists and `overwrite` is False; nothing was written.
        OSError: the folder is missing, cannot be written, or is full.
    """
    with atomic_file(path, overwrite=overwrite, mode=mode) as handle:
        handle.write(data)


@contextmanager
def atomic_file(path: Path, *, overwrite: bool, mode: int = FILE_MODE) -> Iterator[IO[bytes]]:
    """A file to write `path` through, all or nothing, readable by its owner only (mode 0600).

    What is written goes to a temporary file in the same folder; once the `with` block is
    done it is flushed and fsynced, then moved into place (`os.replace`, or a hard link when
    nothing may be replaced); the folder is fsynced last, so the new name survives a power
    cut too. Whatever goes wrong, in the block or after it, `path` keeps its old content and
    no temporary file is left behind. `path` is looked at before and again after the block:
    what appeared meanwhile is never replaced by a file it must not be.

    Args:
        path: The file to create or replace.
        overwrite: Replace `path` if it exists; when False an existing `path` is an error.
        mode: The new file's permissions, where the system has them (not Windows); 0600
            unless the file replaced had others that are to be kept.

    Raises:
        IsADirectoryError: `path` is a folder.
        SpecialFileError: `path` is a named pipe, a device or a socket (even with
            `overwrite`: replacing /dev/null with a file would break the system).
        FileExistsError: `path` exists and `overwrite` is False; nothing was written.
        OSError: the folder is missing, cannot be written, or is full.
    """
    _check_target(path, overwrite)
    folder = path.parent
    # A short name of our own: the target's name may already be as long as names can be.
    import tempfile  # random and shutil come with it: only when something is written

    fd, temporary = tempfile.mkstemp(prefix=".facilitator-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            _make_private(handle.fileno(), temporary, mode)  # mkstemp: 0600 less the umask
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        _check_target(path, overwrite)  # the block may have taken a while
        if overwrite:
            os.replace(temporary, path)
        else:
            _move_without_replacing(temporary, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _fsync_folder(folder)


def _check_target(path: Path, overwrite: bool) -> None:
    """Refuse a `path` that `atomic_file` must not put a file in the place of."""
    kind = file_kind(path)
    if kind == "folder":
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if kind not in ("file", None):
        raise SpecialFileError(
            errno.EINVAL,
            _("is {kind}, not a regular file").format(kind=file_kind_words(kind)),
            str(path),
        )
    # lexists: a symbolic link, even a dangling one, is something that would be replaced.
    if not overwrite and os.path.lexists(path):
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path))


def _move_without_replacing(temporary: str, path: Path) -> None:
    """Give `temporary` the name `path`, failing if `path` appeared meanwhile."""
    try:
        # link() never replaces: it fails with FileExistsError, atomically.
        os.link(temporary, path)
    except FileExistsError:
        raise
    except OSError as error:
        if error.errno not in _NO_HARD_LINKS:
            raise
        if os.path.lexists(path):
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path)) from None
        os.replace(temporary, path)
    else:
        os.unlink(temporary)


def _fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return  # a system that cannot open folders (Windows) makes renames durable itself
    try:
        os.fsync(fd)
    except OSError as error:
        # Some file systems cannot fsync a folder; the file itself is already safe.
        if error.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise
    finally:
        os.close(fd)


def file_identity(path: Path) -> tuple[int, int] | None:
    """Which file has the name `path` now (None: none has)."""
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    return status.st_dev, status.st_ino
