"""Agendas already checked, remembered by their bytes, so a known agenda starts fast.

The validator is most of the app's start-up time, and a group opens the same agenda every
week. An entry's key is the SHA-256 of the agenda's bytes and of the rules (the source of
this package and of `markdown`, and the version): any change to the file or to the rules
misses and validates in full. The folder is only ever a shortcut: when it cannot be read or
written, the agenda is validated as usual.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from .. import __version__, markdown
from .codec import agenda_from_plain, agenda_to_plain
from .values import Agenda

KEEP = 64  # agendas remembered; each is a few kilobytes


@cache
def _rules_digest() -> bytes | None:
    """What the rules are: the source of the modules that check and read an agenda."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).parent
    sources = [*sorted(package.glob("*.py")), package.parent / "markdown.py"]
    try:
        for source in sources:
            digest.update(source.name.encode() + b"\0" + source.read_bytes())
    except OSError:
        return None  # no sources to compare (a frozen app): always validate
    return digest.digest()


def key_of(data: bytes) -> str | None:
    """The name an agenda with these bytes is remembered under (None: never remembered)."""
    rules = _rules_digest()
    if rules is None:
        return None
    return hashlib.sha256(rules + data).hexdigest() + ".json"


def recall(path: Path) -> Agenda | None:
    """The agenda remembered at `path`, or None when it is not there or not whole."""
    try:
        known = json.loads(path.read_bytes())
        agenda = agenda_from_plain(known["agenda"])
        scripts = [(str(text), markdown.from_plain(parsed)) for text, parsed in known["scripts"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None  # not there, or not what was written: validate
    for text, parsed in scripts:
        markdown.remember(text, parsed)  # the meeting screen need not load the parser
    return agenda


def _as_json(agenda: Agenda) -> str:
    """The agenda, and its scripts' blocks (see `markdown`), as a checked copy keeps them."""
    scripts = dict.fromkeys(step.script for step in agenda.steps if step.script.strip())
    known = {
        "agenda": agenda_to_plain(agenda),
        "scripts": [[text, markdown.to_plain(markdown.blocks(text))] for text in scripts],
    }
    return json.dumps(known, separators=(",", ":"), ensure_ascii=False)


def remember(folder: Path, key: str, agenda: Agenda) -> None:
    """Remember a validated `agenda` under `key` in `folder`, keeping the newest few."""
    from ..files import atomic_write, private_dir

    try:
        private_dir(folder)  # the user's alone, like the data directory it is in
        atomic_write(folder / key, _as_json(agenda).encode(), overwrite=True)
        remembered = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime)
        for stale in remembered[:-KEEP]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass  # a shortcut only: the next start validates again
