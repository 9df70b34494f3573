"""A labelled form field: the control for one value of the draft, with its problems under it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Switch, TextArea

from ...library.fields import FieldSpec, display
from ...words.i18n import _
from ...words.meeting import shown

INVALID = "\0invalid"  # the Select option that shows a value the file had but may not


class FormField(Vertical):
    """A label, the widget that edits the value, and a line for what is wrong with it.

    The field decides nothing: the editor gives it its value (`show_value`) and its problems
    (`show_problems`); it marks itself and its control `-invalid` and shows the messages
    under the control.

    Attributes:
        spec: Where the value lives in the draft; None for the TOML text (the whole draft).
    """

    def __init__(
        self,
        label: str,
        control: Widget,
        spec: FieldSpec | None,
        *,
        stacked: bool = False,
        after: Widget | None = None,
    ) -> None:
        field_id = spec.id if spec is not None else control.id
        super().__init__(id=f"field-{field_id}", classes="field -stacked" if stacked else "field")
        self.label = label
        self.control = control
        self.spec = spec
        self.stacked = stacked
        self.after = after
        self.messages: tuple[str, ...] = ()

    @staticmethod
    def of(control: Widget) -> FormField | None:
        """The form field `control` edits the value of, if it is in one."""
        return next((node for node in control.ancestors if isinstance(node, FormField)), None)

    def compose(self) -> ComposeResult:
        label = Label(Content(self.label), classes="field-label", markup=False)
        if self.stacked:
            yield label
            yield self.control
        else:
            with Horizontal(classes="field-row"):
                yield label
                yield self.control
                if self.after is not None:
                    yield self.after
        yield Label("", classes="field-problem", markup=False)

    def show_value(self, value: Any, default: Any = None) -> None:
        """Show `value` (from the draft) in the control, a value a choice may not have too.

        Args:
            value: The value, None when the draft has none.
            default: What a choice of none stands for (see `FieldSpec.default`).
        """
        control = self.control
        if isinstance(control, Input):
            text = display(value)
            if control.value != text:
                control.value = text
        elif isinstance(control, Select):
            spec = self.spec
            choices = spec.choices if spec is not None else ()
            options = [
                (Content(spec.choice_words(choice, default) if spec else choice), choice)
                for choice in choices
            ]
            if value is None:
                value = choices[0]
            elif value not in choices:
                # Keep showing what the file says; the problem line says why it is wrong.
                invalid = _("{value} (not valid)").format(value=shown(display(value)))
                options.append((Content(invalid), INVALID))
                value = INVALID
            unchanged = control.value == value
            control.set_options(options)
            control.value = value
            if unchanged:
                # Not redrawn by itself, yet its words may be new ("default: bell").
                # `Select.value`, which mypy will not read from the generic class.
                control.mutate_reactive(vars(Select)["value"])
        elif isinstance(control, Switch):
            control.value = value is True
        elif isinstance(control, TextArea):
            text = display(value)
            if control.text != text:
                control.load_text(text)

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
