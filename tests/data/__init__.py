"""Where the tests' files are, and a few fixed values of the world the tests run in.

Constants rather than fixtures: `parametrize` and hypothesis's strategies need some of them
before any fixture runs. Everything that does work (loading an agenda, starting the app) is a
fixture in `tests/conftest.py`.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from facilitator.agenda import validate_agenda

ROOT = Path(__file__).resolve().parents[2]
AGENDAS = ROOT / "agendas"  # the bundled templates
TUESDAY = Path(__file__).resolve().parent / "tuesday.toml"  # the agenda the tests' app runs
GOLDEN = ROOT / "tests" / "golden"  # the export formats as they must stay

EST = timezone(timedelta(hours=-5))  # where the tests' rooms are
CET = timezone(timedelta(hours=1))  # where one of them is

# The moment the tests' meetings begin: 19:00 on a Tuesday, five hours behind UTC.
WALL_START = datetime(2026, 11, 24, 19, 0, tzinfo=EST)
# 18:30: an unfinished meeting left by an earlier run began then; the app opens at 19:00.
SEEDED_AT = WALL_START - timedelta(minutes=30)

# The three Tuesdays in the history (the middle one's sharing step runs over).
NOV_10 = datetime(2026, 11, 10, 19, 0, tzinfo=EST)
NOV_17 = datetime(2026, 11, 17, 19, 5, tzinfo=EST)
NOV_24 = datetime(2026, 11, 24, 19, 0, tzinfo=EST)

# Meeting names the export must keep whole: a comma and quotes; accents and a dash.
SATURDAY_NAME = 'Saturday, "Big" Book Study'
MERCREDI_NAME = "Groupe du mercredi \N{EM DASH} caf\N{LATIN SMALL LETTER E WITH ACUTE}"

ALT_SCREEN_OFF = b"\x1b[?1049l"  # what the app writes when it gives the terminal back

# Text that is wider or narrower in a terminal than its length: CJK, emoji, a combining mark.
WIDE_TITLES = ["読書の時間", "👋 ようこそ 🎉", "Cafe\u0301 talk", "分かち合い" * 8]
WIDE_NAME = "火曜日の夜の分かち合いミーティング" * 4

# Text that Rich or Textual would read as markup: each must be shown exactly as typed.
MARKUP_CORPUS = (
    "[/]",
    "[b]x",
    "[@click=app.quit]x[/]",
    "[link=https://x]y[/link]",
    "[red]",
    "[",
    "\\[x]",
    "Welcome [Study]",
    "Group [/w newcomers]",
)

# Two sharing rounds between an opening and a closing: the undo and long-meeting tests' agenda.
ROUNDS = validate_agenda(
    {
        "meeting": {"name": "Rounds"},
        "sharing": {"share_minutes": 3, "warning_seconds": 30},
        "attendance": [{"id": "attendees", "label": "Attendees"}, {"id": "new", "label": "New"}],
        "steps": [
            {"title": "Opening", "minutes": 5},
            {"title": "Round one", "minutes": 30, "kind": "sharing"},
            {"title": "Round two", "minutes": 30, "kind": "sharing"},
            {"title": "Closing", "minutes": 5, "kind": "closing"},
        ],
    }
)
OPENING, ROUND_ONE, ROUND_TWO, CLOSING = range(4)
