"""The keys that answer a question (yes or no; overwrite, reload or copy), in the language
spoken, and the words that name them. No Textual.

A translator gives the language's own keys alongside its words (`s` for the Spanish "sí"),
and `y` and `n` answer in every language as well. A key is said as a key, never as a word
of the sentence around it: in Spanish "y" is "and", so "y confirma" reads "and confirms".
"""

from __future__ import annotations

from .i18n import _, pgettext

YES = "y"
NO = "n"
"""`y` and `n` answer in every language."""


def yes_key() -> str:
    """The key that answers yes in the language spoken (`y`, `s` in Spanish)."""
    # Translators: the key that answers "yes" to a question: one lowercase letter, the first
    # of your language's word for yes ("s" for "sí"). "y" answers yes in every language too.
    return _one_key(pgettext("the key that answers yes", "y"), YES)


def no_key() -> str:
    """The key that answers no in the language spoken (`n`)."""
    # Translators: the key that answers "no" to a question: one lowercase letter, the first
    # of your language's word for no. "n" answers no in every language too.
    no = _one_key(pgettext("the key that answers no", "n"), NO)
    return NO if no == yes_key() else no


def yes_keys() -> tuple[str, ...]:
    """Every key that answers yes: the language's own, then `y` (unless it is the
    language's no)."""
    return _keys(yes_key(), YES, no_key())


def no_keys() -> tuple[str, ...]:
    """Every key that answers no: the language's own, then `n` (unless it is the
    language's yes)."""
    return _keys(no_key(), NO, yes_key())


def confirm_keys_words() -> str:
    """A yes/no question's keys, in one line: `y yes · n or Escape no`."""
    # Translators: the keys of a yes/no question; {yes} and {no} are the keys that answer
    # (your language's own, as given for "the key that answers yes" and "... no").
    return _("{yes} yes · {no} or Escape no").format(yes=yes_key(), no=no_key())


def with_answer_keys(text: str) -> str:
    """`text` (said already) with `{yes}` and `{no}` made the keys that answer."""
    return text.replace("{yes}", yes_key()).replace("{no}", no_key())


SAVE_KEYS = {"overwrite": "o", "reload": "r", "copy": "c"}
"""The keys of the editor's answers when a save is refused, in English: each the first
letter of its word."""


def save_keys() -> dict[str, str]:
    """The keys of the editor's answers when a save is refused, in the language spoken, each
    the first letter of its word (`s` for the Spanish "sobrescribir"); the English keys
    when two would be the same."""
    given = {
        # Translators: the key that overwrites the file, one lowercase letter: the first of
        # your word for "overwrite" (it begins the answer's line, as "o  overwrite: ...").
        "overwrite": pgettext("the key that overwrites the file", "o"),
        # Translators: the key that reloads the file: the first letter of your "reload".
        "reload": pgettext("the key that reloads the file", "r"),
        # Translators: the key that saves a copy: the first letter of your "save as a copy".
        "copy": pgettext("the key that saves a copy", "c"),
    }
    keys = {answer: _one_key(key, SAVE_KEYS[answer]) for answer, key in given.items()}
    return keys if len(set(keys.values())) == len(keys) else dict(SAVE_KEYS)


def _one_key(given: str, fallback: str) -> str:
    key = given.strip().lower()
    return key if len(key) == 1 and key.isalpha() else fallback


def _keys(own: str, everywhere: str, other: str) -> tuple[str, ...]:
    keys = [own]
    if everywhere != own and everywhere != other:
        keys.append(everywhere)
    return tuple(keys)
