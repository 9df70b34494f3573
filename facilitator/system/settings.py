"""What the app remembers between runs (the chosen theme), in `settings.json` in the data
directory. No Textual here.

Reading never fails: a missing, damaged or unreadable file, or one that is a symbolic link or
a special file, counts as no settings, and is left as it is until a setting changes.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

from .files import atomic_write, is_link, link_refused, private_dir, read_own

SETTINGS_FILE = "settings.json"
MAX_SETTINGS_BYTES = 64 * 1024
"""More than settings ever take: a larger file is not ours, and is not read whole."""


def settings_path(directory: Path) -> Path:
    """The settings file of the data directory `directory`."""
    return directory / SETTINGS_FILE


def read_settings(path: Path) -> dict[str, Any]:
    """The settings kept in `path`; empty when there are none that can be trusted."""
    try:
        data = read_own(path, MAX_SETTINGS_BYTES + 1)
    except (OSError, ValueError):  # missing, a link, a special file, a name the system refuses
        return {}
    if len(data) > MAX_SETTINGS_BYTES:
        return {}
    try:
        settings = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return {}
    return settings if isinstance(settings, dict) else {}


def saved_theme(path: Path) -> str | None:
    """The theme name kept in `path`, if there is one (it may name no theme this app has)."""
    theme = read_settings(path).get("theme")
    return theme if isinstance(theme, str) else None


def save_theme(path: Path, theme: str) -> None:
    """Keep `theme` in the settings file `path`, atomically (mode 0600), with the rest as it was.

    Raises:
        UnsafePath: `path` is a symbolic link (never written through, nor replaced).
        OSError: the file cannot be written (it is a folder or a special file, the disk is
            full...); it is as it was.
    """
    if is_link(path):
        raise link_refused(path)
    settings = read_settings(path)
    settings["theme"] = theme
    private_dir(path.parent)
    data = json.dumps(settings, indent=2, sort_keys=True) + "\n"
    atomic_write(path, data.encode("utf-8"), overwrite=True)


class Settings:
    """The settings file the app keeps its choices in, written by one thread at a time."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._writing = threading.Lock()

    def theme(self) -> str | None:
        """The theme kept, if there is one (it may name no theme this app has)."""
        return saved_theme(self.path)

    def keep_theme(self, theme: str) -> None:
        """Keep `theme` (from any thread: the latest call writes last, whichever ran first).

        Raises:
            OSError: it could not be kept (see `save_theme`).
        """
        with self._writing:
            save_theme(self.path, theme)
