"""The real app, made to freeze on a key the way Textual 8.2.8 froze it.

`python -m tests.support.freezing_app ARGS...` runs `facilitator ARGS...`, with two changes:
`t` (the sound check) starts a timer with a negative delay, and the guard against such
timers (`facilitator.textual_internals`) is left out, so the key sends Textual's loop into the
spin it never comes back from. The watchdog gives up on the app after `FROZEN_AFTER`
seconds instead of its usual ten.
"""

from __future__ import annotations

import sys

from facilitator import textual_internals as textual_fixes
from facilitator.__main__ import main
from facilitator.screens.meeting.screen import MeetingScreen
from facilitator.system import watchdog

FROZEN_AFTER = 3.0


def freeze(self: MeetingScreen, _shown: str = "") -> None:
    self.set_timer(-0.0003, lambda: None)


def main_freezing(argv: list[str]) -> int:
    """`facilitator ARGS`, frozen by `t` (only ever in a process of its own)."""
    watchdog.FROZEN_SECONDS = FROZEN_AFTER
    textual_fixes.install = lambda: None  # Textual as it is, spin and all
    MeetingScreen.action_sound_check = freeze  # type: ignore[method-assign]
    return main(argv)


if __name__ == "__main__":
    sys.exit(main_freezing(sys.argv[1:]))
