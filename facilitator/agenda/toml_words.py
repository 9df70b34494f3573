"""Python's own words for a TOML syntax error, in the app's language.

`tomllib` says what is wrong in fixed English (the same words in Python 3.11 to 3.13). Each
message it writes is here with its words marked for translation; a part that quotes the
file (a character, a key) is kept as tomllib wrote it. A message not listed here, from a
later Python, is shown as tomllib wrote it.
"""

from __future__ import annotations

import re

from ..words.i18n import N_, _

# tomllib's messages that quote nothing, word for word: each is its own msgid.
_FIXED = frozenset(
    {
        N_("Invalid value"),
        N_("Invalid statement"),
        N_("Unterminated string"),
        N_("Unclosed array"),
        N_("Unclosed inline table"),
        N_("Invalid date or datetime"),
        N_("Invalid hex value"),
        N_("Cannot overwrite a value"),
        N_("Unescaped '\\' in a string"),
        N_("Escaped character is not a Unicode scalar value"),
        N_("Invalid initial character for a key part"),
        N_("Expected '=' after a key in a key/value pair"),
        N_("Expected ']' at the end of a table declaration"),
        N_("Expected ']]' at the end of an array declaration"),
        N_("Expected newline or end of document after a statement"),
    }
)

# The messages that quote the file, as patterns (the quoted part a named group), and their
# words.
_MESSAGES: tuple[tuple[str, str], ...] = (
    # Translators: {what} is the character found, quoted, e.g. '\n'.
    (r"Illegal character (?P<what>.+)", N_("Illegal character {what}")),
    # Translators: {what} is the character found, quoted.
    (r"Found invalid character (?P<what>.+)", N_("Found invalid character {what}")),
    # Translators: {what} is what was expected, quoted, e.g. ']'.
    (r"Expected (?P<what>'.+'|\".+\")", N_("Expected {what}")),
    # Translators: {key} is the table or key as Python writes it, e.g. ('steps',).
    (r"Cannot declare (?P<key>.+) twice", N_("Cannot declare {key} twice")),
    (r"Cannot redefine namespace (?P<key>.+)", N_("Cannot redefine namespace {key}")),
    (
        r"Cannot mutate immutable namespace (?P<key>.+)",
        N_("Cannot mutate immutable namespace {key}"),
    ),
    (r"Duplicate inline table key (?P<key>.+)", N_("Duplicate inline table key {key}")),
)

_PATTERNS = tuple((re.compile(pattern, re.DOTALL), words) for pattern, words in _MESSAGES)


def toml_words(message: str) -> str:
    """`message`, a TOML syntax error as tomllib wrote it, in the app's language."""
    if message in _FIXED:
        return _(message)
    for pattern, words in _PATTERNS:
        match = pattern.fullmatch(message)
        if match:
            return _(words).format(**match.groupdict())
    return message
