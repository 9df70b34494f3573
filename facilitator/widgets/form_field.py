"""A labelled form field with its problem shown under it, in words."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Label


class FormField(Vertical):
    """A label, the widget that edits the value, and a line for what is wrong with it.

    The field decides nothing: the editor tells it its problems (`show_problems`), and it
    marks itself and its control `-invalid` and shows the messages under the control.
    """

    def __init__(
        self,
        label: str,
        control: Widget,
        *,
        stacked: bool = False,
        after: Widget | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, classes="field -stacked" if stacked else "field")
        self.label = label
        self.control = control
        self.stacked = stacked
        self.after = after
        self.messages: tuple[str, ...] = ()

    def compose(self) -> ComposeResult:
        label = Label(Content(self.label), classes="field-label")
        if self.stacked:
            yield label
            yield self.control
        else:
            with Horizontal(classes="field-row"):
                yield label
                yield self.control
                if self.after is not None:
                    yield self.after
        yield Label("", classes="field-problem")

    def show_problems(self, messages: Sequence[str]) -> None:
        """Show `messages` under the control (none: the field is fine)."""
        messages = tuple(messages)
        if messages == self.messages:
            return
        self.messages = messages
        invalid = bool(messages)
        self.set_class(invalid, "-invalid")
        self.control.set_class(invalid, "-invalid")
        self.query_one(".field-problem", Label).update(Content("\n".join(messages)))
