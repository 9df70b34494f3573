"""A phrase as runs of text, each with its emphasis, built from a whole translated sentence.

The words of a phrase are one sentence for the translators, `{fields}` where its values go;
the runs come from it afterwards, so a language may put the values in any order. No Textual.
"""

from __future__ import annotations

import re
from typing import Literal

Emphasis = Literal["", "strong", "state", "badge", "muted", "ok", "behind", "ahead"]
"""How a run of a phrase stands out on screen: not at all, strong, the meeting's state, a
badge, quieter, or the schedule's colour. The widgets give each its style."""
Phrase = list[tuple[str, Emphasis]]
"""A phrase as runs of text, each with its emphasis."""

SEPARATOR = " · "
"""Between the parts of a line: each part is a phrase of its own, in any language."""

_FIELD = re.compile(r"\{(\w+)\}")


def runs(template: str, **values: str | tuple[str, Emphasis]) -> Phrase:
    """A whole sentence (translated, with `{fields}`) as runs: its own words plain, each field
    with the emphasis given beside its value (plain when given none)."""
    pieces: Phrase = []
    at = 0
    for field in _FIELD.finditer(template):
        pieces.append((template[at : field.start()], ""))
        value = values[field.group(1)]
        pieces.append(value if isinstance(value, tuple) else (value, ""))
        at = field.end()
    pieces.append((template[at:], ""))
    return merged(pieces)


def joined(*parts: Phrase) -> Phrase:
    """Phrases on one line, `SEPARATOR` between them."""
    line: Phrase = []
    for part in parts:
        line += [(SEPARATOR, ""), *part] if line else part
    return merged(line)


def merged(phrase: Phrase) -> Phrase:
    """`phrase` with no empty run, and runs of the same emphasis side by side made one."""
    found: Phrase = []
    for text, emphasis in phrase:
        if not text:
            continue
        if found and found[-1][1] == emphasis:
            found[-1] = (found[-1][0] + text, emphasis)
        else:
            found.append((text, emphasis))
    return found
