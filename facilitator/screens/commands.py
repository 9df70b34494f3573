"""A command-palette provider for a fixed list of commands; screens and the app fill it."""

from __future__ import annotations

from collections.abc import Callable

from textual.command import DiscoveryHit, Hit, Hits, Provider

Command = tuple[str, Callable[[], object], str]
"""A command's name, what it does, and a line of help."""


class CommandList(Provider):
    """Lists `commands()` in the palette and matches them against what is typed."""

    def commands(self) -> list[Command]:
        """The commands to offer now."""
        raise NotImplementedError

    async def discover(self) -> Hits:
        for name, callback, help_text in self.commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self.commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
