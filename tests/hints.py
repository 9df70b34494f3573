"""The types of what the shared fixtures (`tests/conftest.py`) hand out, for annotations."""

from __future__ import annotations

import subprocess
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from textual.app import App
from textual.pilot import Pilot

from facilitator.agenda import Agenda
from facilitator.app import FacilitatorApp
from facilitator.meeting.engine import Meeting
from facilitator.room.state import RoomPageOptions
from facilitator.screens.history.screen import HistoryScreen
from facilitator.store.database import Store
from facilitator.store.recorder import MeetingLog

from .support.clocks import ManualClock, ManualWall
from .support.room_page import ServedMeeting
from .support.terminal import PtyTerminal

SnapCompare = Callable[..., bool]  # pytest-textual-snapshot's `snap_compare`
Size = tuple[int, int]  # a terminal's columns and lines
FrozenWall = Callable[[ManualClock], ManualWall]
Settle = Callable[[Pilot[Any]], Awaitable[None]]
Advance = Callable[..., Callable[[Pilot[Any]], Awaitable[None]]]  # a snapshot's `run_before`
Notices = Callable[[App[Any]], list[str]]
RunPython = Callable[[str, Path], subprocess.CompletedProcess[str]]
RefuseFilesIn = Callable[[Path], None]


class StartInPty(Protocol):
    def __call__(
        self, data_dir: Path, args: Sequence[str] = ..., files: int | None = ...
    ) -> tuple[subprocess.Popen[bytes], int]: ...


class WideAgenda(Protocol):
    def __call__(self, path: Path, name: str = ...) -> Path: ...


MakeLink = Callable[[Path, Path], Path]  # a symbolic link at the first path to the second


class HostileAgenda(Protocol):
    def __call__(self, folder: Path, file_name: str = ...) -> Path: ...


class MakeApp(Protocol):
    def __call__(
        self,
        clock: ManualClock,
        agenda_path: Path | None = ...,
        store: Store | None = ...,
        room_page: RoomPageOptions | None = ...,
    ) -> FacilitatorApp: ...


class Press(Protocol):
    async def __call__(self, pilot: Pilot[Any], *keys: str) -> None: ...


Terminal = PtyTerminal
"""The real app in a pseudo-terminal (what the `start_terminal` fixture starts)."""


class StartTerminal(Protocol):
    def __call__(
        self, data_dir: Path, args: Sequence[str] = ..., files: int | None = ...
    ) -> Terminal: ...


CountsAfter = Callable[[str], list[dict[str, int]]]
ExpectedEvents = Callable[[str], list[tuple[str, str | int | None]]]
StoredEvents = Callable[[Path], tuple[list[tuple[str, str | int | None]], str, int | None]]


class HoldMeeting(Protocol):
    def __call__(
        self,
        store: Store,
        when: datetime,
        *,
        counts: Sequence[int],
        steps: Sequence[float],
        shares: Sequence[float] = ...,
        added: float = ...,
        end: bool = ...,
    ) -> None: ...


ThreeMeetings = Callable[[Store], None]
HistoryLoaded = Callable[[Pilot[Any], HistoryScreen], Awaitable[None]]
OpenHistory = Callable[[Pilot[Any]], Awaitable[HistoryScreen]]


class LeaveUnfinished(Protocol):
    def __call__(
        self, data_dir: Path, agenda: Agenda | None = ..., *, started: bool = ...
    ) -> int: ...


class RecordedMeeting(Protocol):
    """One meeting recorded in a store on its own clock (the `recorded_meeting` fixture's class)."""

    clock: ManualClock
    log: MeetingLog
    meeting: Meeting

    def wait(self, minutes: float) -> None: ...
    def share(self, minutes: float) -> None: ...
    def tally(self, category: int, times: int = 1) -> None: ...
    def finish(self, cache_summary: bool = True) -> None: ...


class RecordTuesday(Protocol):
    def __call__(self, store: Store, cache_summary: bool = True) -> None: ...


RecordMeeting = Callable[[Store, Agenda, str, datetime], RecordedMeeting]
RecordSaturday = Callable[[Store], None]


class RoomAgenda(Protocol):
    def __call__(self, title: str = ..., name: str = ...) -> Agenda: ...


class ServeMeeting(Protocol):
    async def __call__(self, agenda: Agenda, heartbeat: float = ...) -> ServedMeeting: ...


Served = ServedMeeting
