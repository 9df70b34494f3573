"""Key bindings that carry their line of help, and the help screens' rows built from them."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.keys import format_key

from ..words.answers import with_answer_keys
from ..words.i18n import _

_NUMBERED = re.compile(r"(\D*)(\d+)")


@dataclass(frozen=True)
class HelpBinding(Binding):
    """A binding with its line in the help screen (`?`).

    Not `tooltip`: Textual shows a tooltip on hover in the footer and in its keys panel.
    """

    help: str = ""
    """What the key does, as the help screen says it."""


@dataclass(frozen=True)
class HelpRow:
    """One line of a help screen: keys, and what they do."""

    keys: str
    what: str


def explained(help: str, *bindings: Binding) -> list[HelpBinding]:
    """`bindings` with one line of help between them: the help shows them in one row."""
    return [
        HelpBinding(
            **{field.name: getattr(binding, field.name) for field in dataclasses.fields(Binding)},
            help=help,
        )
        for binding in bindings
    ]


def explain_textual(bindings: Iterable[BindingType], lines: Mapping[str, str]) -> list[Binding]:
    """`bindings`, with a line of help for each of Textual's own that `lines` names by action.

    For keys Textual provides (tab moves the focus), whose words in our help are ours.
    """
    result: list[Binding] = []
    for binding in bindings:
        if isinstance(binding, Binding):
            help = lines.get(binding.action)
            if help is not None and not isinstance(binding, HelpBinding):
                binding = explained(help, binding)[0]
            result.append(binding)
    return result


def declared_bindings(*classes: type[DOMNode], ours_only: bool = False) -> list[BindingType]:
    """The bindings `classes` declare, theirs before their base classes' (as Textual looks);
    `ours_only`: not those of Textual's own classes, whose words are Textual's."""
    found: list[BindingType] = []
    for cls in classes:
        for base in cls.__mro__:
            if ours_only and not base.__module__.startswith("facilitator."):
                continue
            if issubclass(base, DOMNode) and "BINDINGS" in base.__dict__:
                found.extend(base.__dict__["BINDINGS"])
    return found


def help_rows(bindings: Iterable[BindingType], order: Sequence[str] = ()) -> list[HelpRow]:
    """The rows of a help screen: the bindings that share a line of help make one row.

    A row's keys are the first key of each of its bindings, joined ("n / p"); three or
    more keys that count up are a range ("1-9", "f2-f6"). Rows follow `order`, which names
    each by its keys; rows it does not name follow, in the order of `bindings`. Bindings
    without help are not shown.
    """
    keys_by_line: dict[str, list[str]] = {}
    for binding in bindings:
        if isinstance(binding, HelpBinding) and binding.help:
            keys = keys_by_line.setdefault(binding.help, [])
            keys.append(binding.key.split(",")[0].strip())
    rows = [
        HelpRow(_joined(keys), with_answer_keys(_(what))) for what, keys in keys_by_line.items()
    ]
    place = {keys: index for index, keys in enumerate(order)}
    return sorted(rows, key=lambda row: place.get(row.keys, len(order)))


def key_name(key: str) -> str:
    """A key as the help names it: as bound ("ctrl+s", "escape"), a symbol as itself ("?")."""
    shown = format_key(key)
    return shown if len(shown) == 1 and shown.isascii() else key


def _joined(keys: Sequence[str]) -> str:
    names = [key_name(key) for key in keys]
    numbered = [_NUMBERED.fullmatch(name) for name in names]
    if len(names) >= 3 and all(numbered):
        prefixes = {match.group(1) for match in numbered if match}
        numbers = [int(match.group(2)) for match in numbered if match]
        if len(prefixes) == 1 and numbers == list(range(numbers[0], numbers[0] + len(numbers))):
            return f"{names[0]}-{names[-1]}"
    return " / ".join(names)
