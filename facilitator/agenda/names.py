"""How a person names an agenda on the command line. No Textual here.

`facilitator AGENDA`, `facilitator edit AGENDA` and `facilitator export --agenda AGENDA` take
the same names: the agenda file's name, with or without `.toml` (a path to it too), or its
meeting's name in any case, spaces around it ignored (as `facilitator agendas` lists it).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import PurePath


def file_stem(given: str) -> str:
    """The file name stem `given` stands for: `open-discussion.toml` and
    `~/agendas/open-discussion.toml` are `open-discussion`; a name without `.toml` is itself."""
    path = PurePath(given)
    return path.stem if path.suffix == ".toml" else given


def meeting_key(name: str) -> str:
    """A meeting's name as names are compared: in any case, spaces around it ignored."""
    return name.strip().casefold()


def names_agenda(given: str, stem: str, meeting: str) -> bool:
    """True when `given` names the agenda of file stem `stem` and meeting name `meeting`."""
    key = meeting_key(given)
    return file_stem(given) == stem or (bool(key) and key == meeting_key(meeting))


def closest_name(given: str, names: Iterable[str]) -> str | None:
    """The one of `names` that `given` most likely meant to type, if one is close enough."""
    by_key = {meeting_key(name): name for name in names if meeting_key(name)}
    for wanted in (file_stem(given), given):
        close = difflib.get_close_matches(meeting_key(wanted), list(by_key), n=1, cutoff=0.6)
        if close:
            return by_key[close[0]]
    return None
