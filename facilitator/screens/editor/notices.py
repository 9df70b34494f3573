"""What the editor asks and tells about saving and leaving, in words. No Textual."""

from __future__ import annotations

from pathlib import Path

from ...agenda import Problem
from ...draft import Draft
from ...saving import Saved
from ...words import plural, shown
from .fields import where


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
    if saved.copied_from is not None:
        message = f"Saved a copy as {shown(str(saved.path))}. The bundled agenda is unchanged."
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
    reason = (error.strerror or str(error)) if isinstance(error, OSError) else str(error)
    return f"Not saved: {reason}. {target} is as it was."


def leave_question(draft: Draft) -> tuple[str, str]:
    """The question before leaving with unsaved changes, and what the answers do."""
    return (
        "Leave without saving?",
        f"Your changes to {shown(draft.name)} are not saved. "
        "y leaves without them; n stays in the editor (ctrl+s saves).",
    )
