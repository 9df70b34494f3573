"""The editor's help screen (every key of the editor) and the keys that switch its tabs."""

from __future__ import annotations

from textual.binding import Binding

from ..dialogs import KeysScreen
from .fields import TABS

EDITOR_KEYS: tuple[tuple[str, str], ...] = (
    ("ctrl+s", "save (a bundled agenda is saved as a copy among yours)"),
    ("escape", "leave the editor (asks first when there are unsaved changes)"),
    ("f2-f6", "Meeting, Steps, Attendance, Closing and TOML tabs"),
    ("tab", "next field (shift+tab: previous)"),
    ("a", "in a list: add an entry after the highlighted one"),
    ("d", "in a list: delete the highlighted entry (asks first)"),
    ("K / J", "in a list: move the highlighted entry up / down (or ctrl+up / ctrl+down)"),
    ("ctrl+r", "show the step's script as it will look, instead of the text; again to go back"),
    ("?", "this help (f1 while typing)"),
    ("q", "leave, when not typing in a field"),
)


class EditorHelpScreen(KeysScreen):
    """Every key of the editor."""

    HEADING = "Editor keys"
    KEYS = EDITOR_KEYS
    DIALOG_ID = "editor-help"
    BINDINGS = [Binding("escape,question_mark,q,f1", "close", "Close")]


def tab_bindings() -> list[Binding]:
    """f2 to f6 show the tabs; the footer shows them as one key, "f2-f6"."""
    bindings = []
    for number, (tab, title, key) in enumerate(TABS):
        bindings.append(
            Binding(
                key,
                f"tab('{tab}')",
                "Tabs" if number == 0 else title,
                key_display="f2-f6" if number == 0 else None,
                show=number == 0,
                priority=True,  # also while typing in a script (where f6 would select a line)
            )
        )
    return bindings
