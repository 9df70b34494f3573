"""Modal screens: confirm, choose, resources and help."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label, Static

from ..agenda import Closing
from ..textual_internals import bind_keys
from ..widgets.closing import ClosingReminder
from ..words.answers import confirm_keys_words, no_keys, yes_keys
from ..words.i18n import N_, _
from .keys import HelpBinding, declared_bindings, explained, help_rows


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question: the language's yes key (and `y`) confirms, its no key (and `n`)
    or Escape declines."""

    BINDINGS = [Binding("escape", "answer(False)", N_("No"))]

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        bind_answers(self, "answer(True)", "answer(False)")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as dialog:
            dialog.border_title = _("Please confirm")
            yield Label(self.question, classes="heading", markup=False)
            if self.detail:
                yield Static(self.detail, markup=False)
            yield Label(confirm_keys_words(), classes="keys", markup=False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    def action_help(self) -> None:
        """The keys that answer, in the language spoken."""
        self.app.push_screen(KeysScreen(answer_bindings()))


def bind_answers(screen: Screen[Any], yes: str, no: str) -> None:
    """Bind the language's yes keys (and `y`) to the action `yes` of `screen`, its no keys
    (and `n`) to `no`. Known once the language is, so not in `BINDINGS`; bound rather than
    handled as keys, so the keys typed right after an answer go to what it leaves on
    screen."""
    bind_keys(screen, yes_keys(), yes)
    bind_keys(screen, no_keys(), no)


def answer_bindings(
    yes: str = N_("answer yes"), no: str = N_("answer no"), *, escape: bool = True
) -> list[HelpBinding]:
    """The keys that answer a question, each with its line of help (`yes`, `no`): the
    language's own and `y` / `n`, and (`escape`) Escape for no."""
    declining = (*no_keys(), "escape") if escape else no_keys()
    return [
        *explained(yes, *(Binding(key, "answer(True)") for key in yes_keys())),
        *explained(no, *(Binding(key, "answer(False)") for key in declining)),
    ]


class ChoiceScreen(ModalScreen[str | None]):
    """A question with a few answers, one key each; Escape answers None (nothing is done)."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(
        self,
        question: str,
        detail: str,
        choices: Sequence[tuple[str, str, str]],
        *,
        title: str | None = None,
        cancel: str | None = None,
    ) -> None:
        """Args:
        question: The heading.
        detail: What the question is about, in a sentence or two.
        choices: For each answer its key, its value (what the screen is dismissed with)
            and what it does, in words.
        title: The dialog's border title (None: "Please choose").
        cancel: What Escape does, in words (None: "Escape cancels").
        """
        super().__init__()
        self.question = question
        self.detail = detail
        self.choices = tuple(choices)
        self.title_words = _("Please choose") if title is None else title
        self.cancel_words = _("Escape cancels") if cancel is None else cancel
        for key, answer, _words in self.choices:
            bind_keys(self, [key], f"choose({answer!r})")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as dialog:
            dialog.border_title = self.title_words
            yield Label(self.question, classes="heading", markup=False)
            if self.detail:
                yield Static(self.detail, markup=False)
            with Vertical(classes="choices"):
                for key, _answer, words in self.choices:
                    line = Content.assemble((key, "bold $text-accent"), "  ", words)
                    yield Static(line, classes="choice", markup=False)
            yield Label(self.cancel_words, classes="keys", markup=False)

    def action_choose(self, answer: str) -> None:
        self.dismiss(answer)

    def action_cancel(self) -> None:
        self.dismiss(None)


class MinutesScreen(ModalScreen[int | None]):
    """Asks for a whole number of minutes; Enter answers, Escape answers None."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, question: str, least: int, most: int) -> None:
        super().__init__()
        self.question = question
        self.least = least
        self.most = most

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as dialog:
            dialog.border_title = _("Minutes")
            yield Label(self.question, classes="heading", markup=False)
            yield Input(
                placeholder=f"{self.least}-{self.most}",
                restrict=r"[0-9]*",
                max_length=len(str(self.most)),
                id="minutes",
            )
            yield Label("", id="minutes-problem", markup=False)
            yield Label(_("Enter answers · Escape cancels"), classes="keys", markup=False)

    @on(Input.Submitted)
    def answer(self, event: Input.Submitted) -> None:
        value = int(event.value) if event.value.isdigit() else 0
        if self.least <= value <= self.most:
            self.dismiss(value)
        else:
            problem = _("A number of minutes from {least} to {most}, please.").format(
                least=self.least, most=self.most
            )
            self.query_one("#minutes-problem", Label).update(problem)

    def action_cancel(self) -> None:
        self.dismiss(None)


class CohostCodeScreen(ModalScreen[None]):
    """The co-host's address, and its QR code when a phone can reach it; Escape closes."""

    BINDINGS = [Binding("escape", "close", N_("Close"))]

    def __init__(self, address: str, reachable: bool) -> None:
        super().__init__()
        self.address = address
        self.reachable = reachable

    def compose(self) -> ComposeResult:
        from ..widgets.qr_code import QRCode

        with VerticalScroll(classes="dialog", id="cohost-code") as dialog:
            dialog.border_title = _("Co-host")
            yield Label(self.address, classes="heading", markup=False)
            yield Static(
                _(
                    "For a co-facilitator only: this page runs the clock and sees the queue's "
                    "tickets. Never show it to the room."
                ),
                markup=False,
            )
            if self.reachable:
                code = QRCode()
                code.text = self.address
                yield code
            else:
                yield Static(
                    _("This laptop only: start with --lan for a phone to reach it."),
                    markup=False,
                )
            yield Label(_("Escape closes"), classes="keys", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)


class ResourcesScreen(ModalScreen[None]):
    """The closing reminder and the agenda's resources; Escape (or r) closes.

    At the end of a meeting it still counts: `1`-`9` and `u` reach the meeting (`counts`),
    for the late arrivals and the basket counted after the close.
    """

    BINDINGS = [
        Binding("escape,r", "close", N_("Close")),
        Binding("q", "leave", N_("Leave"), show=False),
        *[Binding(str(n), f"count('{n - 1}')", f"Tally {n}", show=False) for n in range(1, 10)],
        Binding("u", "count('undo')", N_("Undo"), show=False),
    ]

    def __init__(
        self,
        closing: Closing,
        ended: bool = False,
        counts: Callable[[str], object] | None = None,
    ) -> None:
        super().__init__()
        self.closing = closing
        self.ended = ended
        self.counts = counts

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="resources") as dialog:
            dialog.border_title = _("Closing reminder and resources")
            if self.ended:
                yield Label(
                    _("The meeting has ended. Thank you for facilitating."),
                    classes="title",
                    markup=False,
                )
            yield ClosingReminder(self.closing)
            yield Label(self._keys(), classes="keys", markup=False)

    def _keys(self) -> str:
        """The dialog's keys, in words: counting goes on after the end, q leaves."""
        if self.counts is not None and self.ended:
            return _("1-9 still count · u undoes · Escape closes · q leaves the app")
        if self.counts is not None:
            return _("1-9 still count · u undoes · Escape closes")
        if self.ended:
            return _("Escape closes · q leaves the app")
        return _("Escape closes")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action != "count" or self.counts is not None

    def action_count(self, key: str) -> None:
        """A tally (`0`-`8`) or its undo (`undo`), passed to the meeting."""
        if self.counts is not None:
            self.counts(key)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_leave(self) -> None:
        # q here means what it means on the meeting screen (which asks while a meeting runs).
        self.dismiss(None)
        self.app.call_later(self.app.run_action, "app.leave")


class KeysScreen(ModalScreen[None]):
    """The keys of a screen and what they do, from its bindings; Escape closes."""

    HEADING = N_("Keys")
    DIALOG_ID = "help"
    ORDER: ClassVar[tuple[str, ...]] = ()
    """The rows by their keys, in the order the help lists them."""
    BINDINGS = [Binding("escape,question_mark,q", "close", N_("Close"))]

    def __init__(self, bindings: Iterable[BindingType]) -> None:
        super().__init__()
        self.rows = help_rows(bindings, self.ORDER)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id=self.DIALOG_ID) as dialog:
            dialog.border_title = _(self.HEADING)
            for row in self.rows:
                with Horizontal(classes="help-row"):
                    yield Label(row.keys, classes="help-key", markup=False)
                    yield Static(row.what, classes="help-what", markup=False)
            yield Label(_("Escape closes"), classes="keys", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_help(self) -> None:
        """`?` again closes the help (the app's `?` asks the screen on top for its help)."""
        self.dismiss(None)


class HelpScreen(KeysScreen):
    """Every key of the meeting screen (`screen`), and the command palette's, but those
    whose action is named in `leave_out` (a one-on-one's help has no share keys)."""

    ORDER = (
        "s",
        "n / p",
        "space",
        "enter",
        "+ / -",
        "w / W",
        "a",
        "m",
        "1-9",
        "u",
        "r",
        "b",
        "v",
        "t",
        "e",
        "ctrl+p",
        "?",
        "q",
    )

    def __init__(self, screen: Screen[Any], leave_out: Iterable[str] = ()) -> None:
        left_out = set(leave_out)
        bindings: list[BindingType] = [
            binding
            for binding in declared_bindings(type(screen))
            if not (isinstance(binding, Binding) and binding.action.split("(")[0] in left_out)
        ]
        line = N_("command palette: jump to a step, resources, room view, history, theme")
        super().__init__([*bindings, *palette_keys(screen, line)])


class ScreenKeysScreen(KeysScreen):
    """The keys of a screen with no help of its own (the picker, the history, a dialog),
    in the words of its footer: the palette's Keys there. Textual's own keys, whose words
    are Textual's, are left out."""

    def __init__(self, screen: Screen[Any]) -> None:
        bindings = [
            binding
            for binding in declared_bindings(type(screen), ours_only=True)
            if isinstance(binding, Binding) and binding.description
        ]
        # A key with its own line of help says it; the others, their words in the footer.
        described = [
            binding
            if isinstance(binding, HelpBinding) and binding.help
            else explained(binding.description, binding)[0]
            for binding in bindings
        ]
        bound = {key.strip() for binding in bindings for key in binding.key.split(",")}
        # The app's own keys (`?`) that the screen does not bind itself.
        everywhere = [
            binding
            for binding in declared_bindings(type(screen.app), ours_only=True)
            if isinstance(binding, HelpBinding) and binding.help and binding.key not in bound
        ]
        line = N_("command palette: this screen's commands, the history, the theme")
        super().__init__([*described, *everywhere, *palette_keys(screen, line)])


def palette_keys(screen: Screen[Any], line: str) -> list[Binding]:
    """The command palette's key with `line` (what it offers there), for a help screen's
    last row, if the app has a palette."""
    if not screen.app.ENABLE_COMMAND_PALETTE:
        return []
    # Textual binds the palette; what our commands in it do is ours to say.
    palette = Binding(screen.app.COMMAND_PALETTE_BINDING, "app.command_palette")
    return list(explained(line, palette))
