"""Agendas already checked, remembered by their bytes, so a known agenda starts fast.

The validator is most of the app's start-up time, and a group opens the same agenda every
week. An entry's key is the SHA-256 of the agenda's bytes and of the rules (the source of
this package and of `markdown`, and the version): any change to the file or to the rules
misses and validates in full. The folder is only ever a shortcut: when it cannot be read or
written, the agenda is validated as usual.

An agenda read from here is not checked again, so the folder must be its owner's alone: it
and the `cache` folder holding it are never symbolic links, and neither they nor the data
directory above them may be writable by other users; else the folder is not used.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from .. import __version__
from . import markdown
from .codec import agenda_from_plain, agenda_to_plain
from .problems import one_line
from .values import Agenda

KEEP = 64  # agendas remembered; each is a few kilobytes
MAX_BYTES = 64 * 1024 * 1024  # far above any agenda's copy: a file this long is not ours


@cache
def _rules_digest() -> bytes | None:
    """What the rules are: the source of the modules that check and read an agenda."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).parent
    sources = sorted(package.glob("*.py"))
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


def _refuse_unsafe(folder: Path) -> None:
    """Raise `UnsafePath` unless `folder` (`cache/checked-agendas`) is its owner's alone."""
    from ..system.files import UnsafePath, is_link, link_refused, others_can_write

    for level in (folder, folder.parent):
        if is_link(level):
            raise link_refused(level)
    for level in (folder, folder.parent, folder.parent.parent):
        if level.is_dir() and others_can_write(level) is not None:
            raise UnsafePath(f"{one_line(str(level))}: other users can write to this folder")


def recall(path: Path) -> Agenda | None:
    """The agenda remembered at `path`, or None when it is not there or not whole."""
    from ..system.files import read_own

    try:
        _refuse_unsafe(path.parent)
        known = json.loads(read_own(path, MAX_BYTES))
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
    from ..system.files import atomic_write, private_dir

    try:
        _refuse_unsafe(folder)  # before making anything: never inside a link's target
        private_dir(folder)  # the user's alone, like the data directory it is in
        _refuse_unsafe(folder)
        atomic_write(folder / key, _as_json(agenda).encode(), overwrite=True)
        remembered = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime)
        for stale in remembered[:-KEEP]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass  # a shortcut only: the next start validates again
