"""Render the README's screenshots from the real app, headless, on a hand-moved clock.

Run from the project's root: `python scripts/screenshots.py` (writes screenshots/*.svg).
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path

from facilitator.agenda import load_agenda
from facilitator.app import FacilitatorApp
from facilitator.clocks import ManualClock, ManualWall
from facilitator.paths import bundled_agendas_dir
from facilitator.screens.meeting import MeetingScreen

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "screenshots"
EVENING = datetime(2026, 11, 24, 19, 0, tzinfo=timezone(timedelta(hours=-5)))

Script = Sequence[tuple[str, ...] | float]


async def shoot(
    name: str, agenda: str | None, script: Script, size: tuple[int, int] = (100, 32)
) -> Path:
    """Run the app, press keys and move the clock as `script` says, save an SVG."""
    clock = ManualClock()
    path = bundled_agendas_dir() / f"{agenda}.toml" if agenda else None
    app = FacilitatorApp(
        load_agenda(path) if path else None, path, clock=clock, wall=ManualWall(clock, EVENING)
    )
    async with app.run_test(size=size) as pilot:
        for step in script:
            if isinstance(step, tuple):
                await pilot.press(*step)
            else:
                clock.advance(step)
        for screen in app.screen_stack:
            if isinstance(screen, MeetingScreen):
                screen.refresh_view()
        await pilot.pause()
        app.save_screenshot(f"{name}.svg", str(OUT))
    return OUT / f"{name}.svg"


async def main() -> None:
    os.environ["FACILITATOR_DATA_DIR"] = "/home/you/.local/share/facilitator"
    OUT.mkdir(exist_ok=True)
    shots = [
        shoot("picker", None, []),
        shoot("ready", "open-discussion", []),
        shoot(
            "sharing",
            "open-discussion",
            [
                ("1",) * 9 + ("2", "2", "3", "3", "3", "s"),
                180.0,
                ("n",),
                300.0,
                ("n",),
                240.0,
                ("n",),
                240.0,
                ("n",),
                270.0,
                ("n", "w", "w", "w", "w", "w", "space"),
                155.0,
            ],
        ),
        shoot(
            "big-view", "open-discussion", [("s", "n", "n", "n", "n", "n", "space"), 183.0, ("b",)]
        ),
        shoot("resources", "open-discussion", [("r",)]),
        shoot(
            "small-terminal", "peer-check-in", [("1", "s"), 200.0, ("n", "space"), 130.0], (60, 18)
        ),
    ]
    for shot in shots:
        print(await shot)


if __name__ == "__main__":
    asyncio.run(main())
