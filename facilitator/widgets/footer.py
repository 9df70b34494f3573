"""The footer of keys, as Textual draws it, without the keys it has replaced kept alive, and
with whole keys left out, never `?` and `q`, when the window is too narrow for them all."""

from __future__ import annotations

from collections.abc import Hashable

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer

from ..textual_internals import FooterKey
from ..words import i18n
from ..words.i18n import N_, _

N_("palette")  # Textual's own word for the command palette's key, said in the footer

KEPT_ACTIONS = frozenset({"help", "leave", "app.help", "app.quit"})
"""The keys a footer always shows: the way to every other key, and the way out."""


def key_width(key: FooterKey, compact: bool = False) -> int:
    """The cells a key takes in the footer: its key and description, each padded (a compact
    footer has one space between them, and nothing around)."""
    if not key.description:
        return cell_len(key.key_display)
    padding = 1 if compact else 3
    return cell_len(key.key_display) + cell_len(key.description) + padding


def fitting(keys: list[FooterKey], room: int, compact: bool = False) -> list[FooterKey]:
    """The keys to show in `room` cells: all, or without the last ones but `?` and `q`."""
    shown = list(keys)
    width = sum(key_width(key, compact) for key in shown)
    for key in reversed(keys):
        if width <= room:
            break
        if key.action not in KEPT_ACTIONS:
            shown.remove(key)
            width -= key_width(key, compact)
    return shown


class KeyFooter(Footer):
    """Textual's `Footer`, which rebuilds its keys only when they change, and lets them go.

    Textual's footer rebuilds its keys each time a screen's bindings may have changed: a
    handful of times as a screen opens, and after every key of a meeting. Here it is rebuilt
    only when what it would draw differs. And each key it builds watches the footer's
    `compact`, which Textual lets go of only when that value is set again: without setting
    it, every rebuilt key would stay in memory for good.
    """

    def __init__(self, *, show_command_palette: bool = True, compact: bool = False) -> None:
        super().__init__(show_command_palette=show_command_palette, compact=compact)
        self._drawn: Hashable = None

    def compose(self) -> ComposeResult:
        built = list(super().compose())
        for widget in built:
            if isinstance(widget, FooterKey) and widget.description:
                # Keys are described in English where they are bound, and said here in the
                # app's language (Textual's own "palette" too).
                widget.description = _(widget.description)
        keys = [
            w for w in built if isinstance(w, FooterKey) and not w.has_class("-command-palette")
        ]
        others = [w for w in built if w not in keys]
        room = self.app.size.width - sum(
            key_width(w) + 1 for w in others if isinstance(w, FooterKey)
        )
        shown = fitting(keys, room, self.compact)
        yield from (w for w in built if w in shown or w in others)

    async def on_resize(self, event: events.Resize) -> None:
        # A key left out for want of room comes back when there is room again, and back.
        await self.recompose()

    def _keys(self) -> Hashable:
        """What the footer would draw now: the screen's keys, shown or not, and its style."""
        if not self.is_attached:
            return None
        keys = tuple(
            (key, binding.key_display, binding.description, binding.show, enabled, tooltip)
            for key, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items()
        )
        width = self.app.size.width
        shown = (self.compact, self.show_command_palette, self.combine_groups, width)
        return (keys, *shown, i18n.language())

    async def recompose(self) -> None:
        drawn = self._keys()
        if drawn is not None and drawn == self._drawn and self.children:
            return  # the same keys: nothing to rebuild
        self._drawn = drawn
        await super().recompose()
        # Setting `compact` (to what it is) drops the watchers of the keys just removed.
        self.mutate_reactive(Footer.compact)
