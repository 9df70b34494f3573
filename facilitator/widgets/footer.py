"""The footer of keys, as Textual draws it, without the keys it has replaced kept alive."""

from __future__ import annotations

from collections.abc import Hashable

from textual.widgets import Footer


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

    def _keys(self) -> Hashable:
        """What the footer would draw now: the screen's keys, shown or not, and its style."""
        if not self.is_attached:
            return None
        keys = tuple(
            (key, binding.key_display, binding.description, binding.show, enabled, tooltip)
            for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
        )
        return (keys, self.compact, self.show_command_palette, self.combine_groups)

    async def recompose(self) -> None:
        drawn = self._keys()
        if drawn is not None and drawn == self._drawn and self.children:
            return  # the same keys: nothing to rebuild
        self._drawn = drawn
        await super().recompose()
        # Setting `compact` (to what it is) drops the watchers of the keys just removed.
        self.mutate_reactive(Footer.compact)
