"""The footer of keys, as Textual draws it, without the keys it has replaced kept alive."""

from __future__ import annotations

from textual.widgets import Footer


class KeyFooter(Footer):
    """Textual's `Footer`, which rebuilds its keys each time a screen's bindings change.

    Each key it builds watches the footer's `compact`, and Textual lets go of a watcher only
    when that value is set again: without this, every rebuilt key stays in memory for good.
    """

    async def recompose(self) -> None:
        await super().recompose()
        # Setting `compact` (to what it is) drops the watchers of the keys just removed.
        self.mutate_reactive(Footer.compact)
