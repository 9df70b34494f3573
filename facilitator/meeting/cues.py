"""Which sound a share is due now: its warning, its time-up, then reminders, each once.

`engine.Meeting` holds a `ShareCues` and hands it what counts down (the share under way, or
in a one-on-one the step's time box, `time_box`) and how it stands. No Textual.
"""

from __future__ import annotations

from dataclasses import dataclass

from .states import Cue, ShareView, Urgency


@dataclass
class Heard:
    """Which of a share's sounds have been taken."""

    share: tuple[int, int]
    warning: bool = False
    time: bool = False
    reminders: int = 0


class ShareCues:
    """Takes each sound of what counts down once, and hears it again when time is added."""

    def __init__(self) -> None:
        self._heard: Heard | None = None

    def take(
        self, key: tuple[int, int] | None, view: ShareView | None, every: float | None
    ) -> Cue | None:
        """The sound due now for the timer `key` standing as `view`, each once: its warning,
        its time-up, then a reminder each `every` seconds over (none when None).

        Args:
            key: what counts down, as (step, share number); None when nothing does.
            view: how it stands now.
            every: the agenda's `overtime_reminder_seconds`.
        """
        if key is None or view is None:
            return None
        heard = self._heard
        if heard is None or heard.share != key:
            heard = self._heard = Heard(key)
        if view.urgency is Urgency.TIME:
            due = int(view.overtime // every) if every else 0
            if not heard.time:
                # Time-up stands for the reminders due already (after a sleep, say).
                heard.time, heard.warning, heard.reminders = True, True, due
                return "time"
            if due > heard.reminders:
                heard.reminders = due  # one reminder, however many were missed
                return "overtime"
        elif view.urgency is Urgency.WARNING and not heard.warning:
            heard.warning = True
            return "warning"
        return None

    def time_added(self, left: float, warning: float) -> None:
        """The share under way has `left` seconds again, after time was added or taken: if
        some are left, the next crossing sounds again, and its warning if it is out of it
        (`warning`: the share's warning lead)."""
        heard = self._heard
        if heard is not None and left > 0:
            heard.time, heard.reminders = False, 0
            heard.warning = heard.warning and left <= warning
