"""The editor's status line and problems panel: views of the draft that only render."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from ...library.draft import Draft
from ...library.notices import to_fix
from ...words.i18n import N_, _
from ...words.meeting import shown

SaveState = Literal["saving", "unsaved", "saved", "unchanged"]

_STATES: dict[SaveState, tuple[str, str]] = {
    "saving": (N_("SAVING"), "bold $text-accent"),
    "unsaved": (N_("UNSAVED CHANGES"), "bold $text-warning"),
    "saved": (N_("saved"), "$text-success"),
    "unchanged": (N_("no changes"), "$text-muted"),
}

MORE_AFTER = 3
"""The problems panel lists this many problems, then how many more there are."""


@dataclass(frozen=True)
class DraftStatus:
    """What the status line says about the draft."""

    name: str
    where: str
    state: SaveState
    problems: int | None
    """How many problems the latest check found; None while it says nothing yet."""
    minutes: str
    minutes_fit: bool
    """The steps' minutes match the planned minutes (or there are none planned)."""

    @classmethod
    def of(cls, draft: Draft, *, saving: bool, checking: bool) -> DraftStatus:
        """The status of `draft`; `saving` while it is being written, `checking` while the
        latest check says nothing yet (the draft was never checked, or a check takes long)."""
        name = draft.get(("meeting", "name"))
        if draft.path is None:
            where = _("new agenda, not saved yet")
        elif draft.bundled:
            bundled = _("{name} (bundled: saving makes a copy)")
            where = bundled.format(name=shown(draft.path.name))
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
            name=shown(name) if isinstance(name, str) and name.strip() else _("(no name yet)"),
            where=where,
            state=state,
            problems=None if checking else len(draft.last_problems() or []),
            minutes=total.words,
            minutes_fit=total.state in ("match", "none"),
        )


class EditorStatus(Widget):
    """Two lines at the top of the editor: name, saved or not, file; problems and minutes."""

    view: reactive[DraftStatus | None] = reactive(None, layout=True)

    def render(self) -> Content:
        view = self.view
        if view is None:
            return Content("")
        state, style = _STATES[view.state]
        top = Content.assemble((view.name, "bold"), " · ", (_(state), style), " · ", view.where)
        if view.problems is None:
            check = (_("checking…"), "$text-muted")
        elif view.problems:
            check = (to_fix(view.problems), "bold $text-error")
        else:
            check = (_("valid"), "$text-success")
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
            more = len(self.problems) - MORE_AFTER
            lines.append(_("… and {count} more").format(count=more))
        return Content("\n".join(lines))
