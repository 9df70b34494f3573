"""A command-palette provider for a fixed list of commands; screens and the app fill it."""

from __future__ import annotations

from collections.abc import Callable

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from ..widgets.plain import highlighted

Command = tuple[str, Callable[[], object], str]
"""A command's name, what it does, and a line of help.

The name may quote an agenda (a step's title) and is shown as typed; the palette reads the
help as markup, so it is the app's own words only.
"""


class CommandList(Provider):
    """Lists `commands()` in the palette and matches them against what is typed."""

    def commands(self) -> list[Command]:
        """The commands to offer now."""
        raise NotImplementedError

    async def discover(self) -> Hits:
        for name, callback, help_text in self.commands():
            yield DiscoveryHit(Content(name), callback, text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self.commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, highlighted(matcher, name), callback, text=name, help=help_text)
