"""The app's language: which one it speaks, and its words in it. No Textual.

The app's own words are written in English and marked for translation: `_("...")` for a
phrase, `ngettext(singular, plural, n)` for one that depends on a count, and `N_("...")` for
one kept before the language is known (a key's description, a constant, a table's entry): a
constant holds the English, and the one place that shows it calls `_` on it. A phrase is
translated once: what `_` or a function of `words` returns is never given to `_` again.
Each language is a gettext catalogue, `locale/LANG/LC_MESSAGES/facilitator.mo`,
compiled from the `.po` file beside it; adding a language is adding a catalogue.

Which language: `--lang`, else the agenda's `[meeting] language`, else `FACILITATOR_LANG`,
else the system's locale (`LC_ALL`, `LC_MESSAGES`, `LANG`); English when none has a catalogue.
"""

from __future__ import annotations

import gettext as _gettext
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path

DOMAIN = "facilitator"
LOCALE_DIR = Path(__file__).parent.parent / "locale"
ENGLISH = "en"
CODE_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
"""A BCP 47 language tag as agendas and `--lang` give it: `es`, `es-MX`, `pt-BR`."""
ENVIRONMENT = ("FACILITATOR_LANG", "LC_ALL", "LC_MESSAGES", "LANG")
"""Where the language is looked for when neither `--lang` nor the agenda gives one."""

_translations: _gettext.NullTranslations = _gettext.NullTranslations()
_language = ENGLISH
_asked: str | None = None
"""The language `--lang` asked for: it outweighs every agenda's."""


def _(message: str) -> str:
    """`message` in the app's language."""
    return _translations.gettext(message)


gettext = _


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a phrase that goes with `count`, in the app's language."""
    return _translations.ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """`message` in the app's language, as meant in `context` (one English word, two
    meanings: "Start" the meeting, and a meeting's "Start" time)."""
    return _translations.pgettext(context, message)


def N_(message: str) -> str:  # noqa: N802 (gettext's own name for it)
    """Mark `message` for translation where it is kept; `_` translates it where it is shown."""
    return message


def tag(code: str) -> str:
    """A language code as BCP 47 writes it: `es_mx.UTF-8` and `ES-mx` are `es-MX`."""
    code = code.split(".")[0].split("@")[0].replace("_", "-")
    language, *rest = code.split("-")
    return "-".join(
        [language.lower(), *(part.upper() if len(part) == 2 else part for part in rest)]
    )


def is_code(code: str) -> bool:
    """Whether `code` reads as a language tag (`es`, `es-MX`)."""
    return re.match(CODE_PATTERN, code) is not None


def from_environment(environ: Mapping[str, str]) -> str | None:
    """The language the environment asks for (`FACILITATOR_LANG`, then the locale), if any."""
    for name in ENVIRONMENT:
        value = environ.get(name, "").strip()
        if not value:
            continue
        if name == "LANGUAGE" or ":" in value:
            value = value.split(":")[0]
        if value in ("C", "POSIX") or value.startswith("C."):
            return None  # the C locale asks for no language in particular
        code = tag(value)
        if is_code(code):
            return code
    return None


def choose(asked: str | None, agenda: str | None, environ: Mapping[str, str]) -> str:
    """The language to speak: `--lang`, else the agenda's, else the environment's, else English."""
    for code in (asked, agenda, from_environment(environ)):
        if code:
            return tag(code)
    return ENGLISH


@cache
def catalogue(code: str) -> str | None:
    """The catalogue that speaks `code` (`es-MX` is spoken by `es-MX`, else by `es`), if any."""
    language, *region = tag(code).split("-")
    names = [f"{language}_{region[0]}", language] if region else [language]
    for name in names:
        if (LOCALE_DIR / name / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file():
            return name
    return None


def available() -> list[str]:
    """The languages with a catalogue, English (the source) first."""
    found = sorted(
        path.parent.parent.name.replace("_", "-")
        for path in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo")
    )
    return [ENGLISH, *found]


def use(code: str) -> str | None:
    """Speak `code` from now on; a one-line notice (in English) when it has no catalogue."""
    global _translations, _language
    code = tag(code)
    name = catalogue(code)
    _language = code
    if name is None:
        _translations = _gettext.NullTranslations()
        if code.split("-")[0] == ENGLISH:
            return None
        _language = ENGLISH
        return f"facilitator has no words in {code!r} yet: it speaks English."
    _translations = _gettext.translation(DOMAIN, LOCALE_DIR, languages=[name])
    return None


def ask(code: str | None) -> None:
    """Remember the language the command line asked for (`--lang`), None for none."""
    global _asked
    _asked = tag(code) if code else None


def speak(agenda: str | None = None, environ: Mapping[str, str] | None = None) -> str | None:
    """Speak the language chosen for an agenda in `agenda` (None: for no agenda, as the
    command line and the picker do); a one-line notice when it has no catalogue."""
    import os

    return use(choose(_asked, agenda, os.environ if environ is None else environ))


def in_language(code: str | None) -> _gettext.NullTranslations:
    """The words of language `code` whatever the app speaks (an agenda's own defaults)."""
    name = catalogue(code) if code else None
    if name is None:
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, LOCALE_DIR, languages=[name])


def language() -> str:
    """The language spoken now, as a tag (`en`, `es`, `es-MX`)."""
    return _language


def twelve_hour() -> bool:
    """Whether times of day read on a 12-hour clock (`7:05 PM`) in the language and region
    spoken: in `en-US` or `es-MX`, not in `en`, `en-GB` or `es`."""
    from .twelve_hour import TWELVE_HOUR

    return _language in TWELVE_HOUR
