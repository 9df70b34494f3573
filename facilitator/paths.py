"""Where agendas and data live. No Textual here."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DATA_DIR_ENV = "FACILITATOR_DATA_DIR"
_PACKAGE = Path(__file__).resolve().parent


def data_dir() -> Path:
    """The user's data directory (`FACILITATOR_DATA_DIR` overrides the platform default)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path

    return user_data_path("facilitator", appauthor=False)


def user_agendas_dir() -> Path:
    """The folder of the user's own agendas."""
    return data_dir() / "agendas"


def cache_dir() -> Path:
    """What the app keeps to go faster; nothing but the app writes in it."""
    return data_dir() / "cache"


def checked_agendas_dir() -> Path:
    """Agendas already validated, by their content, so the next start need not again."""
    return cache_dir() / "checked-agendas"


def bundled_agendas_dir() -> Path:
    """The agendas shipped with the app (inside the wheel, or beside the source tree)."""
    installed = _PACKAGE / "agendas"
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / "agendas"


@dataclass(frozen=True)
class AgendaFile:
    """An agenda on disk and where it comes from."""

    path: Path
    bundled: bool

    @property
    def stem(self) -> str:
        return self.path.stem


def agenda_files() -> list[AgendaFile]:
    """Bundled agendas first, then the user's, each sorted by file name."""
    found = [AgendaFile(p, True) for p in sorted(bundled_agendas_dir().glob("*.toml"))]
    user = user_agendas_dir()
    if user.is_dir():
        found += [AgendaFile(p, False) for p in sorted(user.glob("*.toml"))]
    return found


def resolve_agenda(name: str) -> Path | None:
    """A path for `name`: an existing file, or the stem of a user or bundled agenda."""
    path = Path(name).expanduser()
    if path.exists():
        return path
    stem = path.stem if path.suffix == ".toml" else name
    matches = [f for f in agenda_files() if f.stem == stem]
    # The user's own agenda wins over a bundled one of the same name.
    matches.sort(key=lambda f: f.bundled)
    return matches[0].path if matches else None
