"""The editor's status line and problems panel: views of the draft that only render."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from ...draft import Draft
from ...words import shown
from .notices import to_fix

SaveState = Literal["saving", "unsaved", "saved", "unchanged"]

_STATES: dict[SaveState, tuple[str, str]] = {
    "saving": ("SAVING", "bold $text-accent"),
    "unsaved": ("UNSAVED CHANGES", "bold $text-warning"),
    "saved": ("saved", "$text-success"),
    "unchanged": ("no changes", "$text-muted"),
}

MORE_AFTER = 3
"""The problems panel lists this many problems, then how many more there are."""


@dataclass(frozen=True)
class StatusView:
    """What the status line says about the draft."""

    name: str
    where: str
    state: SaveState
    problems: int
    minutes: str
    minutes_fit: bool
    """The steps' minutes match the planned minutes (or there are none planned)."""

    @classmethod
    def of(cls, draft: Draft, saving: bool) -> StatusView:
        """The status of `draft`; `saving` while it is being written."""
        name = draft.get(("meeting", "name"))
        if draft.path is None:
            where = "new agenda, not saved yet"
        elif draft.bundled:
            where = f"{shown(draft.path.name)} (bundled: saving makes a copy)"
        else:
            where = shown(draft.path.name)
        state: SaveState
        if saving:
            state = "saving"
        elif draft.dirty:
            state = "unsaved"
        elif draft.saved_once:
            state = "saved"
        else:
            state = "unchanged"
        total = draft.minutes_total()
        return cls(
            name=shown(name) if isinstance(name, str) and name.strip() else "(no name yet)",
            where=where,
            state=state,
            problems=len(draft.problems()),
            minutes=total.words,
            minutes_fit=total.state in ("match", "none"),
        )


class EditorStatus(Widget):
    """Two lines at the top of the editor: name, saved or not, file; problems and minutes."""

    view: reactive[StatusView | None] = reactive(None, layout=True)

    def render(self) -> Content:
        view = self.view
        if view is None:
            return Content("")
        top = Content.assemble((view.name, "bold"), " · ", _STATES[view.state], " · ", view.where)
        if view.problems:
            check = (to_fix(view.problems), "bold $text-error")
        else:
            check = ("valid", "$text-success")
        minutes = (view.minutes, "" if view.minutes_fit else "$text-warning")
        bottom = Content.assemble(check, " · ", minutes)
        return Content("\n").join([top, bottom])


class ProblemsPanel(Widget):
    """The problems not shown at a field in sight, in words; hidden when there are none."""

    problems: reactive[tuple[str, ...]] = reactive((), layout=True)

    def watch_problems(self, problems: tuple[str, ...]) -> None:
        self.display = bool(problems)

    def render(self) -> Content:
        lines = list(self.problems[:MORE_AFTER])
        if len(self.problems) > MORE_AFTER:
            lines.append(f"… and {len(self.problems) - MORE_AFTER} more")
        return Content("\n".join(lines))
