"""Why a file or a folder could not be used, in the app's language.

The system says why in its own English ("Permission denied"). In English those are the
words shown, as the system wrote them; in another language the usual reasons are the
catalogue's, and a reason it does not know is the system's own. No Textual here.
"""

from __future__ import annotations

import errno

from .i18n import N_, _

# The system's words for the usual reasons (as Linux writes them), to translate. By name:
# not every system has every code (Windows has no EDQUOT of its own, say).
_WORDS = (
    ("ENOENT", N_("No such file or directory")),
    ("EACCES", N_("Permission denied")),
    ("EPERM", N_("Operation not permitted")),
    ("ENOSPC", N_("No space left on device")),
    ("EDQUOT", N_("Disk quota exceeded")),
    ("EROFS", N_("Read-only file system")),
    ("EEXIST", N_("File exists")),
    ("EISDIR", N_("Is a directory")),
    ("ENOTDIR", N_("Not a directory")),
    ("ENAMETOOLONG", N_("File name too long")),
    ("ELOOP", N_("Too many levels of symbolic links")),
    ("EIO", N_("Input/output error")),
    ("EBUSY", N_("Device or resource busy")),
    ("ENOTEMPTY", N_("Directory not empty")),
    ("EINVAL", N_("Invalid argument")),
)
_REASONS: dict[int, str] = {
    getattr(errno, name): words for name, words in _WORDS if hasattr(errno, name)
}


def reason_of(error: BaseException) -> str:
    """Why `error` happened, in a few words: for a system error, its reason (translated
    when the app does not speak English); otherwise the error's own text."""
    if isinstance(error, OSError):
        words = _REASONS.get(error.errno) if error.errno is not None else None
        if words is not None:
            said = _(words)
            if said != words or not error.strerror:
                return said
        if error.strerror:
            return error.strerror
    return str(error) or type(error).__name__
