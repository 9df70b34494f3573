"""The editor's keys, and its help screen built from them."""

from __future__ import annotations

from collections.abc import Iterable

from textual.binding import Binding, BindingType

from ...library.fields import TABS
from ...words.i18n import N_
from ..dialogs import KeysScreen
from ..keys import HelpBinding, explain_textual, explained

# Textual provides these keys; what they do in the editor is ours to say.
TEXTUAL_KEYS = {"app.focus_next": N_("next field (shift+tab: previous)")}


class EditorHelpScreen(KeysScreen):
    """Every key of the editor, from the bindings of the editor and of its lists."""

    HEADING = N_("Editor keys")
    DIALOG_ID = "editor-help"
    ORDER = ("ctrl+s", "escape", "f2-f6", "tab", "a", "d", "K / J", "ctrl+r", "?", "q")
    BINDINGS = [Binding("escape,question_mark,q,f1", "close", N_("Close"))]

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
                N_("Tabs") if number == 0 else title,
                key_display="f2-f6" if number == 0 else None,
                show=number == 0,
                priority=True,  # also while typing in a script (where f6 would select a line)
            )
        )
    # The tabs of `TABS`, named in one line of help.
    return explained(N_("Meeting, Steps, Attendance, Closing and TOML tabs"), *bindings)


def editor_bindings() -> list[BindingType]:
    """The editor screen's keys, each with its line of help."""
    return [
        HelpBinding(
            "ctrl+s",
            "save",
            N_("Save"),
            help=N_(
                "save (a bundled agenda is saved as a copy among yours; asks first when the"
                " file changed on disk since it was opened)"
            ),
        ),
        HelpBinding(
            "escape",
            "leave",
            N_("Leave"),
            help=N_("leave the editor (asks first when there are unsaved changes)"),
        ),
        HelpBinding(
            "q", "leave", N_("Leave"), show=False, help=N_("leave, when not typing in a field")
        ),
        HelpBinding(
            "ctrl+r",
            "toggle_preview",
            N_("Preview"),
            help=N_(
                "show the step's script as it will look, instead of the text; again to go back"
            ),
        ),
        *tab_bindings(),
        HelpBinding(
            "question_mark,f1",
            "help",
            N_("Help"),
            key_display="?",
            help=N_("this help (f1 while typing)"),
        ),
    ]
