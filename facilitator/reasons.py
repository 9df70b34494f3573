"""Why a file or a folder could not be used, in the app's language.

The system says why in its own English ("Permission denied"). In English those are the
words shown, as the system wrote them; in another language the usual reasons are the
catalogue's, and a reason it does not know is the system's own. No Textual here.
"""

from __future__ import annotations

import errno

from .i18n import N_, _

# The system's words for the usual reasons (as Linux writes them), to translate.
_REASONS: dict[int, str] = {
    errno.ENOENT: N_("No such file or directory"),
    errno.EACCES: N_("Permission denied"),
    errno.EPERM: N_("Operation not permitted"),
    errno.ENOSPC: N_("No space left on device"),
    errno.EDQUOT: N_("Disk quota exceeded"),
    errno.EROFS: N_("Read-only file system"),
    errno.EEXIST: N_("File exists"),
    errno.EISDIR: N_("Is a directory"),
    errno.ENOTDIR: N_("Not a directory"),
    errno.ENAMETOOLONG: N_("File name too long"),
    errno.ELOOP: N_("Too many levels of symbolic links"),
    errno.EIO: N_("Input/output error"),
    errno.EBUSY: N_("Device or resource busy"),
    errno.ENOTEMPTY: N_("Directory not empty"),
    errno.EINVAL: N_("Invalid argument"),
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
