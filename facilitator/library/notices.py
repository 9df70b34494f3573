"""What the editor asks and tells about saving and leaving, in words. No Textual."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..agenda import AgendaError, Problem
from ..words.answers import save_keys
from ..words.i18n import N_, _, ngettext
from ..words.meeting import shown
from ..words.reasons import reason_of
from .draft import Draft
from .fields import where
from .saving import ChangedOnDisk, LinkNotWritable, ReadOnlyAgenda, Saved, YoursExists

SaveAnswer = Literal["overwrite", "reload", "copy"]
"""What to do when the file changed on disk since the editor read or last wrote it."""


def to_fix(count: int) -> str:
    """`count` problems, as the status line and a refused save say it."""
    return ngettext("{count} problem to fix", "{count} problems to fix", count).format(count=count)


def refused_notice(problems: list[Problem]) -> str:
    """Why the draft was not saved: how many problems, and the first."""
    count = len(problems)
    return ngettext(
        "Not saved: {count} problem to fix first. {problem}",
        "Not saved: {count} problems to fix first. {problem}",
        count,
    ).format(count=count, problem=where(problems[0]))


def comments_question(draft: Draft) -> tuple[str, str]:
    """The question before a save drops the file's comments, and what it means."""
    if draft.path is None:
        detail = _(
            "the file has comments (# ...). Saving rewrites the file from the form, "
            "without them; the previous version is kept as a .bak file beside it."
        )
    else:
        detail = _(
            "{name} has comments (# ...). Saving rewrites the file from the form, "
            "without them; the previous version is kept as a .bak file beside it."
        ).format(name=shown(draft.path.name))
    return (_("Save without the file's comments?"), detail)


def saved_notice(saved: Saved) -> str:
    """Where the agenda was saved, and where the previous version is."""
    path = shown(str(saved.path))
    if saved.copied_from is not None and saved.from_bundled:
        message = _("Saved a copy as {path}. The bundled agenda is unchanged.").format(path=path)
    elif saved.copied_from is not None:
        original = shown(saved.copied_from.name)
        message = _("Saved a copy as {path}. {original} is unchanged.").format(
            path=path, original=original
        )
    elif saved.linked_to is not None:
        message = _("Saved {path} through its link to {target}.").format(
            path=path, target=shown(str(saved.linked_to))
        )
        if saved.backup is not None:
            backup = shown(str(saved.backup))
            message += " " + _("The previous version is {backup}.").format(backup=backup)
    elif saved.backup is not None:
        backup = shown(str(saved.backup))
        message = _("Saved {path}. The previous version is {backup}.").format(
            path=path, backup=backup
        )
    else:
        message = _("Saved {path}.").format(path=path)
    if saved.dropped_comments:
        message += " " + _("The comments of the original are not in it.")
    return message


def not_saved_notice(error: BaseException | None, target: Path) -> str:
    """Why writing `target` failed, and that the file is unchanged."""
    if isinstance(error, LinkNotWritable):
        return _(
            "Not saved: {name} is a link to {target}, "
            "which cannot be replaced ({reason}). Both are as they were."
        ).format(
            name=shown(error.path.name), target=shown(str(error.target)), reason=shown(error.reason)
        )
    reason = str(error) if error is None else reason_of(error)
    return _("Not saved: {reason}. {path} is as it was.").format(
        reason=shown(reason), path=shown(str(target))
    )


@dataclass(frozen=True)
class SaveQuestion:
    """What the editor asks when a save was refused, and the answers it offers."""

    title: str
    question: str
    detail: str
    choices: tuple[tuple[str, SaveAnswer, str], ...]
    """Each answer's key, the answer, and what it does, in words."""


CANCEL = N_("Escape cancels: nothing is written")


def save_question(error: BaseException | None, saved_once: bool) -> SaveQuestion | None:
    """The question after a save refused with `error`; None when there is none to ask.

    The file changed on disk since the editor read or last wrote it: overwrite, reload or
    save as a copy. The file is read-only: save as a copy. A bundled agenda's first save
    would replace the user's own agenda of its name: overwrite it, or save as a copy.
    """
    if isinstance(error, YoursExists):
        name = shown(error.path.name)
        overwrite = _("overwrite: save yours over it, keeping it as a .bak file")
        return SaveQuestion(
            _("Yours exists"),
            _("Not saved: your own {name} is there already.").format(name=name),
            _("It is used in place of the bundled {name}. Nothing is saved yet.").format(name=name),
            ((save_keys()["overwrite"], "overwrite", overwrite), _copy_choice(error.path)),
        )
    if isinstance(error, ReadOnlyAgenda):
        name = shown(error.path.name)
        return SaveQuestion(
            _("Read-only"),
            _("Not saved: {name} is read-only.").format(name=name),
            _("You may not write to {name}, so it is left as it is.").format(name=name),
            (_copy_choice(error.path),),
        )
    if not isinstance(error, ChangedOnDisk):
        return None
    name = shown(error.path.name)
    if error.gone:
        if saved_once:
            question = _("{name} is gone: moved or deleted since you last saved it.")
        else:
            question = _("{name} is gone: moved or deleted since you opened it.")
        overwrite = _("overwrite: save yours as {name} again").format(name=name)
        detail = _("Nothing is saved yet. What should happen to your changes?")
    else:
        if saved_once:
            question = _("{name} has changed on disk since you last saved it.")
        else:
            question = _("{name} has changed on disk since you opened it.")
        overwrite = _("overwrite: save yours over it, keeping what is there as a .bak file")
        detail = _(
            "Another program or person wrote to it. Nothing is saved yet. "
            "What should happen to your changes?"
        )
    keys = save_keys()
    choices: list[tuple[str, SaveAnswer, str]] = [(keys["overwrite"], "overwrite", overwrite)]
    if not error.gone:
        reload = _("reload: open what is there now, dropping your unsaved changes")
        choices.append((keys["reload"], "reload", reload))
    choices.append(_copy_choice(error.path))
    return SaveQuestion(_("Changed on disk"), question.format(name=name), detail, tuple(choices))


def _copy_choice(path: Path) -> tuple[str, SaveAnswer, str]:
    copy = shown(path.stem) + "-copy.toml"
    words = _(
        "save as a copy: save yours beside it as {copy} (or the next free name) and edit the copy"
    ).format(copy=copy)
    return (save_keys()["copy"], "copy", words)


def reloaded_notice(draft: Draft) -> str:
    """What reloading the file did."""
    return _("Reloaded {name} from the file; your unsaved changes are dropped.").format(
        name=shown(draft.name)
    )


def not_reloaded_notice(error: AgendaError) -> str:
    """Why the file could not be reloaded."""
    return _("Not reloaded: {problem}").format(problem=error.problems[0])


NOTHING_WRITTEN = N_("Not saved: nothing was written. ctrl+s asks again.")


def leave_question(draft: Draft) -> tuple[str, str]:
    """The question before leaving with unsaved changes, and what the answers do."""
    return (
        _("Leave without saving?"),
        _(
            "Your changes to {name} are not saved. "
            "y leaves without them; n stays in the editor (ctrl+s saves)."
        ).format(name=shown(draft.name)),
    )
