"""What the editor asks and tells about saving and leaving, in words. No Textual."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ...agenda import AgendaError, Problem
from ...draft import Draft
from ...saving import ChangedOnDisk, LinkNotWritable, ReadOnlyAgenda, Saved, YoursExists
from ...words import plural, shown
from .fields import where

SaveAnswer = Literal["overwrite", "reload", "copy"]
"""What to do when the file changed on disk since the editor read or last wrote it."""


def to_fix(count: int) -> str:
    """`count` problems, as the status line and a refused save say it."""
    return plural(count, "problem") + " to fix"


def refused_notice(problems: list[Problem]) -> str:
    """Why the draft was not saved: how many problems, and the first."""
    return f"Not saved: {to_fix(len(problems))} first. {where(problems[0])}"


def comments_question(draft: Draft) -> tuple[str, str]:
    """The question before a save drops the file's comments, and what it means."""
    path = shown(draft.path.name) if draft.path else "the file"
    return (
        "Save without the file's comments?",
        f"{path} has comments (# ...). Saving rewrites the file from the form, "
        "without them; the previous version is kept as a .bak file beside it.",
    )


def saved_notice(saved: Saved) -> str:
    """Where the agenda was saved, and where the previous version is."""
    if saved.copied_from is not None and saved.from_bundled:
        message = f"Saved a copy as {shown(str(saved.path))}. The bundled agenda is unchanged."
    elif saved.copied_from is not None:
        original = shown(saved.copied_from.name)
        message = f"Saved a copy as {shown(str(saved.path))}. {original} is unchanged."
    elif saved.linked_to is not None:
        message = (
            f"Saved {shown(str(saved.path))} through its link to {shown(str(saved.linked_to))}."
        )
        if saved.backup is not None:
            message += f" The previous version is {shown(str(saved.backup))}."
    elif saved.backup is not None:
        backup = shown(str(saved.backup))
        message = f"Saved {shown(str(saved.path))}. The previous version is {backup}."
    else:
        message = f"Saved {shown(str(saved.path))}."
    if saved.dropped_comments:
        message += " The comments of the original are not in it."
    return message


def not_saved_notice(error: BaseException | None, target: Path) -> str:
    """Why writing `target` failed, and that the file is unchanged."""
    if isinstance(error, LinkNotWritable):
        return (
            f"Not saved: {shown(error.path.name)} is a link to {shown(str(error.target))}, "
            f"which cannot be replaced ({shown(error.reason)}). Both are as they were."
        )
    reason = (error.strerror or str(error)) if isinstance(error, OSError) else str(error)
    return f"Not saved: {shown(reason)}. {shown(str(target))} is as it was."


@dataclass(frozen=True)
class SaveQuestion:
    """What the editor asks when a save was refused, and the answers it offers."""

    title: str
    question: str
    detail: str
    choices: tuple[tuple[str, SaveAnswer, str], ...]
    """Each answer's key, the answer, and what it does, in words."""


CANCEL = "Escape cancels: nothing is written"


def save_question(error: BaseException | None, saved_once: bool) -> SaveQuestion | None:
    """The question after a save refused with `error`; None when there is none to ask.

    The file changed on disk since the editor read or last wrote it: overwrite, reload or
    save as a copy. The file is read-only: save as a copy. A bundled agenda's first save
    would replace the user's own agenda of its name: overwrite it, or save as a copy.
    """
    if isinstance(error, YoursExists):
        name = shown(error.path.name)
        return SaveQuestion(
            "Yours exists",
            f"Not saved: your own {name} is there already.",
            f"It is used in place of the bundled {name}. Nothing is saved yet.",
            (
                ("o", "overwrite", "overwrite: save yours over it, keeping it as a .bak file"),
                _copy_choice(error.path),
            ),
        )
    if isinstance(error, ReadOnlyAgenda):
        name = shown(error.path.name)
        return SaveQuestion(
            "Read-only",
            f"Not saved: {name} is read-only.",
            f"You may not write to {name}, so it is left as it is.",
            (_copy_choice(error.path),),
        )
    if not isinstance(error, ChangedOnDisk):
        return None
    name = shown(error.path.name)
    since = "since you last saved it" if saved_once else "since you opened it"
    if error.gone:
        question = f"{name} is gone: moved or deleted {since}."
        overwrite = f"overwrite: save yours as {name} again"
        detail = "Nothing is saved yet. What should happen to your changes?"
    else:
        question = f"{name} has changed on disk {since}."
        overwrite = "overwrite: save yours over it, keeping what is there as a .bak file"
        detail = (
            "Another program or person wrote to it. Nothing is saved yet. "
            "What should happen to your changes?"
        )
    choices: list[tuple[str, SaveAnswer, str]] = [("o", "overwrite", overwrite)]
    if not error.gone:
        reload = "reload: open what is there now, dropping your unsaved changes"
        choices.append(("r", "reload", reload))
    choices.append(_copy_choice(error.path))
    return SaveQuestion("Changed on disk", question, detail, tuple(choices))


def _copy_choice(path: Path) -> tuple[str, SaveAnswer, str]:
    copy = shown(path.stem) + "-copy.toml"
    words = f"save as a copy: save yours beside it as {copy} (or the next free name)"
    return ("c", "copy", words + " and edit the copy")


def reloaded_notice(draft: Draft) -> str:
    """What reloading the file did."""
    return f"Reloaded {shown(draft.name)} from the file; your unsaved changes are dropped."


def not_reloaded_notice(error: AgendaError) -> str:
    """Why the file could not be reloaded."""
    return f"Not reloaded: {error.problems[0]}"


NOTHING_WRITTEN = "Not saved: nothing was written. ctrl+s asks again."


def leave_question(draft: Draft) -> tuple[str, str]:
    """The question before leaving with unsaved changes, and what the answers do."""
    return (
        "Leave without saving?",
        f"Your changes to {shown(draft.name)} are not saved. "
        "y leaves without them; n stays in the editor (ctrl+s saves).",
    )
