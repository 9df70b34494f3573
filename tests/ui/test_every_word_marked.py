"""Every word the app shows is marked for translation, and translated once: a pseudo-language
proves it.

The pseudo-language's catalogue says each of the app's phrases with every letter accented
(`Share {number}` is `Šĥàŕè {number}`), and the agenda's own text has no letters. So on screen,
any run of plain letters is a word the app writes without going through its catalogue: a
word no translation could ever reach. And no English phrase has an accented letter, so a phrase
with one, asked of the catalogue, is a translation being translated again.
"""

from __future__ import annotations

import contextlib
import gettext
import importlib.util
import re
import string
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar

import pytest
from babel.messages.catalog import Catalog
from textual.command import CommandPalette
from textual.pilot import Pilot

from facilitator.words import i18n

from ..hints import MakeApp, Press
from ..support.clocks import ManualClock

ROOT = Path(__file__).resolve().parents[2]
SIZE = (120, 40)

# An agenda whose own text has no letter in it: whatever letters show are the app's.
AGENDA = """\
[meeting]
name = "① ② ③"
language = "qps"

[[attendance]]
id = "a"
label = "①"

[[attendance]]
id = "b"
label = "②"

[[steps]]
title = "① ①"
minutes = 2
script = "① ② ③ ④"

[[steps]]
title = "② ②"
minutes = 10
kind = "sharing"
script = "⑤ ⑥"

[[steps]]
title = "③ ③"
minutes = 3
kind = "closing"
script = "⑦"

[closing]
reminder = "⑧ ⑨ ⑩"

[[closing.resources]]
name = "⑪"
contact = "000"
"""

# Words that are not the app's to translate: key names as the footer and help show them.
KEYS = {"space", "enter", "escape", "Escape", "esc", "ctrl", "tab", "shift", "up", "down", "home"}
WORD = re.compile(r"[A-Za-z]{2,}")


LOWER = "àƀçđèƒĝĥìĵķĺɱñòþɋŕšŧùṽŵẋýž"
UPPER = "ÀƁÇĐÈƑĜĤÌĴĶĹṀÑÒÞɊŔŠŦÙṼŴẊÝŽ"
ACCENTED = str.maketrans("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", LOWER + UPPER)


def accented(phrase: str) -> str:
    """`phrase` with every letter accented, but its `{placeholders}` as they are."""
    parts = re.split(r"(\{[^{}]*\}|%\(\w+\)\w|%\w)", phrase)
    return "".join(
        part if index % 2 else part.translate(ACCENTED) for index, part in enumerate(parts)
    )


def catalogues_script() -> ModuleType:
    """`scripts/catalogues.py`, which gathers the app's words, as a module."""
    spec = importlib.util.spec_from_file_location("catalogues", ROOT / "scripts" / "catalogues.py")
    assert spec is not None and spec.loader is not None
    catalogues = importlib.util.module_from_spec(spec)
    sys.modules["catalogues"] = catalogues
    spec.loader.exec_module(catalogues)
    return catalogues


def pseudo_catalogue(folder: Path) -> None:
    """A catalogue for the pseudo-language `qps`: each phrase with its letters accented."""
    catalogues = catalogues_script()
    catalog = Catalog(locale="en", domain=i18n.DOMAIN)
    for message in catalogues.extracted():
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            catalog.add(message.id, tuple(accented(form) for form in message.id))
        else:
            catalog.add(message.id, accented(message.id))
    target = folder / "qps" / "LC_MESSAGES"
    target.mkdir(parents=True)
    (target / f"{i18n.DOMAIN}.mo").write_bytes(catalogues.compiled(catalog))


@pytest.fixture
def pseudo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The app speaks the pseudo-language; the agenda that asks for it."""
    locale = tmp_path / "locale"
    pseudo_catalogue(locale)
    monkeypatch.setattr(i18n, "LOCALE_DIR", locale)
    i18n.catalogue.cache_clear()
    path = tmp_path / "pseudo.toml"
    path.write_text(AGENDA, encoding="utf-8")
    yield path
    i18n.catalogue.cache_clear()


def unmarked(pilot: Pilot[Any]) -> list[str]:
    """The words on screen that did not come through the catalogue."""
    text = "\n".join(strip.text for strip in pilot.app.screen._compositor.render_strips())
    return sorted({word for word in WORD.findall(text) if word not in KEYS})


async def test_every_word_of_a_meeting_is_marked(
    pseudo: Path, make_app: MakeApp, press: Press
) -> None:
    clock = ManualClock()
    app = make_app(clock, agenda_path=pseudo)
    seen: dict[str, list[str]] = {}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        seen["ready"] = unmarked(pilot)
        await press(pilot, "question_mark")
        seen["help"] = unmarked(pilot)
        await press(pilot, "escape", "s", "n", "w", "space")
        clock.advance(100)
        await pilot.pause(0.3)
        seen["sharing"] = unmarked(pilot)
        clock.advance(200)
        await pilot.pause(0.3)
        seen["time is up"] = unmarked(pilot)
        await press(pilot, "b")
        seen["room view"] = unmarked(pilot)
        await press(pilot, "escape", "r")
        seen["resources"] = unmarked(pilot)
        await press(pilot, "escape", "enter", "n", "n", "y")
        await pilot.pause(0.3)
        seen["closing"] = unmarked(pilot)
        await press(pilot, "escape")
        seen["ended"] = unmarked(pilot)
    assert {screen: words for screen, words in seen.items() if words} == {}


async def test_every_word_of_the_picker_and_the_history_is_marked(
    pseudo: Path,
    make_app: MakeApp,
    press: Press,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The picker lists only the letterless agenda (bundled agendas have words of their own);
    a meeting of it ends, and the history and its report show it."""
    from facilitator.system import paths

    bundled = pseudo.parent / "bundled"
    bundled.mkdir()
    (bundled / "①②.toml").write_bytes(pseudo.read_bytes())  # its file name has no letter either
    monkeypatch.setattr(paths, "bundled_agendas_dir", lambda: bundled)
    i18n.use("qps")  # the picker speaks the language asked for before any agenda: this one
    clock = ManualClock()
    app = make_app(clock, agenda_path=None)
    # The folders the picker names are the machine's, not the app's words; `.toml` is a name's.
    theirs = {*WORD.findall(str(data_dir / "agendas")), *WORD.findall(str(bundled)), "toml"}
    theirs.add("zqxj")  # typed in the palette's search field
    seen: dict[str, list[str]] = {}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "PickerScreen"
        seen["picker"] = unmarked(pilot)
        await press(pilot, "enter", "s", "n", "space")
        clock.advance(60)
        await press(pilot, "enter", "e", "y", "escape")
        await press(pilot, "ctrl+p")
        await pilot.pause(0.5)
        assert isinstance(app.screen, CommandPalette)
        seen["palette"] = unmarked(pilot)
        await press(pilot, *"zqxj")  # nothing matches
        await pilot.pause(1.0)
        seen["palette, nothing found"] = unmarked(pilot)
        await press(pilot, "escape")
        await app.run_action("history")
        await pilot.pause(1.0)
        assert type(app.screen).__name__ == "HistoryScreen"
        seen["history"] = unmarked(pilot)
        await press(pilot, "enter")
        await pilot.pause(0.5)
        assert type(app.screen).__name__ == "ReportScreen"
        seen["report"] = unmarked(pilot)
    found = {screen: sorted(set(words) - theirs) for screen, words in seen.items()}
    assert {screen: words for screen, words in found.items() if words} == {}


ACCENTS = set(LOWER + UPPER) - set(string.ascii_letters)


class Twice(gettext.GNUTranslations):
    """A catalogue that notes each message it is asked to translate that is already translated:
    in the pseudo-language, every translation has an accent that no English message has."""

    asked: ClassVar[list[str]] = []

    def _note(self, *messages: str) -> None:
        self.asked.extend(m for m in messages if ACCENTS.intersection(m))

    def gettext(self, message: str) -> str:
        self._note(message)
        return super().gettext(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        self._note(msgid1, msgid2)
        return super().ngettext(msgid1, msgid2, n)

    def pgettext(self, context: str, message: str) -> str:
        self._note(message)
        return super().pgettext(context, message)


@pytest.fixture
def twice(pseudo: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The pseudo-language's catalogue, noting what it is asked to translate a second time."""
    assert not [m.id for m in catalogues_script().extracted() if ACCENTS.intersection(str(m.id))]
    chosen = gettext.translation

    def translation(*args: Any, **kwargs: Any) -> gettext.NullTranslations:
        found: gettext.NullTranslations = chosen(*args, **{**kwargs, "class_": Twice})
        return found

    monkeypatch.setattr(gettext, "translation", translation)
    Twice.asked = []
    yield Twice.asked
    Twice.asked = []


async def test_no_word_is_translated_twice(
    twice: list[str],
    pseudo: Path,
    make_app: MakeApp,
    press: Press,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A translation is never looked up again as if it were English: in a language whose
    translation of one phrase is another phrase's English, the screen would say the wrong one."""
    from facilitator.room.server import page_words_json
    from facilitator.room.state import RoomPageOptions

    clock = ManualClock()
    room_page = RoomPageOptions(everyone=True, port=0)
    app = make_app(clock, agenda_path=pseudo, room_page=room_page)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert i18n.language() == "qps"
        await press(pilot, "question_mark", "escape", "v")
        assert app.room_page.server is not None
        page_words_json()
        await press(pilot, "s", "n", "w", "space")
        clock.advance(300)
        await pilot.pause(0.3)
        await press(pilot, "b", "escape", "r", "escape", "v", "enter", "n", "n", "y")
        await pilot.pause(0.3)
        assert app.room_page.server is None
        await press(pilot, "escape")
        await press(pilot, "ctrl+p")
        await pilot.pause(0.5)
        await press(pilot, "escape")
        await app.run_action("history")
        await pilot.pause(1.0)
        await press(pilot, "enter")
        await pilot.pause(0.5)
        assert type(app.screen).__name__ == "ReportScreen"
    assert twice == []


def test_no_word_of_the_command_line_is_translated_twice(
    twice: list[str], pseudo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from facilitator.__main__ import main

    broken = tmp_path / "broken.toml"
    broken.write_text("[meeting\n", encoding="utf-8")
    commands = [
        ["--help"],
        ["validate", "--help"],
        ["validate", str(pseudo), str(broken), str(tmp_path)],
        ["validate"],
        ["agendas"],
        ["new", "--help"],
        ["new", str(tmp_path / "new.toml")],
        ["new", str(tmp_path / "new.toml")],
        ["export", "--help"],
        ["export", "--output", str(tmp_path)],
        ["--port", "none"],
    ]
    for command in commands:
        with contextlib.suppress(SystemExit):
            main(["--lang", "qps", *command])
    said = capsys.readouterr()
    assert i18n.language() == "qps"
    assert "ìš" in said.out + said.err  # the pseudo-language spoke
    assert twice == []
