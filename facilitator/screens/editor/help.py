"""The editor's help screen, built from its bindings, and the keys that switch its tabs."""

from __future__ import annotations

from collections.abc import Iterable

from textual.binding import Binding, BindingType

from ..dialogs import KeysScreen
from ..keys import HelpBinding, explain_textual, explained
from .fields import TABS

# Textual provides these keys; what they do in the editor is ours to say.
TEXTUAL_KEYS = {"app.focus_next": "next field (shift+tab: previous)"}


class EditorHelpScreen(KeysScreen):
    """Every key of the editor, from the bindings of the editor and of its lists."""

    HEADING = "Editor keys"
    DIALOG_ID = "editor-help"
    ORDER = ("ctrl+s", "escape", "f2-f6", "tab", "a", "d", "K / J", "ctrl+r", "?", "q")
    BINDINGS = [Binding("escape,question_mark,q,f1", "close", "Close")]

    def __init__(self, bindings: Iterable[BindingType]) -> None:
        super().__init__(explain_textual(bindings, TEXTUAL_KEYS))


def tab_bindings() -> list[HelpBinding]:
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
    *titles, last = (title for _tab, title, _key in TABS)
    return explained(f"{', '.join(titles)} and {last} tabs", *bindings)
