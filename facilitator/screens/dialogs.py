"""Modal screens: confirm, resources and help."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ..agenda import Closing
from ..widgets.closing import ClosingReminder


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question: `y` confirms, `n` or Escape declines."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as dialog:
            dialog.border_title = "Please confirm"
            yield Label(self.question, classes="heading")
            if self.detail:
                yield Static(self.detail, markup=False)
            yield Label("y yes · n or Escape no", classes="keys")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class ResourcesScreen(ModalScreen[None]):
    """The closing reminder and the agenda's resources; Escape (or r) closes."""

    BINDINGS = [
        Binding("escape,r", "close", "Close"),
        Binding("q", "leave", "Leave", show=False),
    ]

    def __init__(self, closing: Closing, ended: bool = False) -> None:
        super().__init__()
        self.closing = closing
        self.ended = ended

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="resources") as dialog:
            dialog.border_title = "Closing reminder and resources"
            if self.ended:
                yield Label("The meeting has ended. Thank you for facilitating.", classes="title")
            yield ClosingReminder(self.closing)
            keys = "Escape closes · q leaves the app" if self.ended else "Escape closes"
            yield Label(keys, classes="keys")

    def action_close(self) -> None:
        self.dismiss(None)

    def action_leave(self) -> None:
        # q here means what it means on the meeting screen (which asks while a meeting runs).
        self.dismiss(None)
        self.app.call_later(self.app.run_action, "app.leave")


HELP_KEYS: tuple[tuple[str, str], ...] = (
    ("s", "start the meeting clock"),
    ("n / p", "next / previous step (n on the last step ends the meeting)"),
    ("space", "start the next share, or pause / resume the one running"),
    ("enter", "end the current share"),
    ("+ / -", "add / remove 30 seconds on the current share"),
    ("w / W", "one more / one fewer person waiting to share"),
    ("a", "apply the suggested share length to the next shares"),
    ("1-9", "add one to attendance category 1-9 (counts only, no names)"),
    ("u", "undo the last tally (again to undo more)"),
    ("r", "closing reminder and resources (Escape closes)"),
    ("b", "big timer view, for a projector"),
    ("e", "end the meeting now (asks first)"),
    ("ctrl+p", "command palette: jump to a step, resources, big view, history, theme"),
    ("?", "this help"),
    ("q", "leave (asks first while the meeting runs; y confirms)"),
)


class KeysScreen(ModalScreen[None]):
    """A list of keys and what they do; Escape closes."""

    HEADING = "Keys"
    KEYS: tuple[tuple[str, str], ...] = ()
    DIALOG_ID = "help"
    BINDINGS = [Binding("escape,question_mark,q", "close", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id=self.DIALOG_ID) as dialog:
            dialog.border_title = self.HEADING
            for key, what in self.KEYS:
                with Horizontal(classes="help-row"):
                    yield Label(key, classes="help-key")
                    yield Static(what, classes="help-what", markup=False)
            yield Label("Escape closes", classes="keys")

    def action_close(self) -> None:
        self.dismiss(None)


class HelpScreen(KeysScreen):
    """Every key of the meeting screen."""

    KEYS = HELP_KEYS
