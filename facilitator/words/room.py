"""The room's words: what the room view (`b`) and the room page say, in the same words.

The room page is sent `room_words()` and builds the same phrases from it as these functions do.
"""

from __future__ import annotations

from datetime import datetime

from ..agenda import one_line
from ..meeting.states import ShareState, ShareView, Urgency
from . import i18n
from .i18n import N_, _
from .meeting import clock_time, format_countdown, format_duration, waiting_template

ROOM_WORDS: dict[str, str] = {
    # Translators: the room view and page, big: the share under way.
    "share": N_("SHARE {number}"),
    # Translators: the room view and page, big: the step under way.
    "step": N_("STEP {number}"),
    # Translators: the room view and page: time left, "3:00 LEFT".
    "left": N_("{time} LEFT"),
    # Translators: the room view and page: time past the end, "+0:15 OVER".
    "over": N_("{time} OVER"),
    # Translators: the room view and page, between two shares of a sharing step: "STEP 2 ·
    # BETWEEN SHARES · 10:20 LEFT" (the time left is the step's, not a share's).
    "between_shares": N_("BETWEEN SHARES"),
    "warning": N_("WARNING"),
    "time": N_("TIME"),
    "paused": N_("PAUSED"),
    "ready": N_("READY"),
    "ended": N_("ENDED"),
    "on_time": N_("on time"),
    "behind": N_("{time} behind"),
    "ahead": N_("{time} ahead"),
    "ends": N_("ends {time}"),
    "separator": " · ",
    "step_of": N_("Step {number} of {count}"),
    # Translators: the room view and page before the meeting starts, under the time of day.
    "starts_in": N_("starts {time} · in {countdown}"),
    "starts_late": N_("starts {time} · {late} late"),
    # Translators: after a time of day on a 12-hour clock: "7:05 AM", "7:05 PM".
    "am": N_("AM"),
    "pm": N_("PM"),
    "connection_lost": N_("Connection lost · trying again"),
    # Translators: the room page's sound button while sound is off: the state now, then
    # what a tap does.
    "sound_is_off": N_("Sound off · turn on"),
    # Translators: the room page's sound button while sound is on: the state now, then
    # what a tap does.
    "sound_is_on": N_("Sound on · turn off"),
    "resources": N_("Resources"),
    # Translators: the room page's title in the browser, before the meeting's name comes.
    "meeting": N_("Meeting"),
    # Translators: the code of the language these words are in ("es", "pt-BR"): it tells
    # the room page's browser and screen readers which language the page speaks.
    "language": N_("en"),
    # Translators: the room page's button that puts this phone in the queue to share.
    "want_to_share": N_("I'd like to share"),
    # Translators: the room page asks where the person who wants to share is.
    "choose_lane": N_("Where are you?"),
    "lane_room": N_("In the room"),
    "lane_online": N_("Online"),
    # Translators: the room page: the phone's ticket in the share queue ("A7"), never a name.
    "your_ticket": N_("Your ticket: {ticket}"),
    # Translators: the room page: the phone's place in the share queue, "3rd in line".
    "your_place": N_("{place} in line"),
    "your_turn": N_("It's your turn"),
    "leave_queue": N_("Leave the queue"),
    "left_queue": N_("You have left the queue."),
    "join_failed": N_("Could not join the queue: try again."),
    # Translators: a place in the share queue, "1st" (and 21st, 31st: not 11th). A language
    # that writes every place alike ("1.º") translates the four the same.
    "ordinal_one": N_("{number}st"),
    # Translators: a place in the share queue, "2nd" (and 22nd: not 12th).
    "ordinal_two": N_("{number}nd"),
    # Translators: a place in the share queue, "3rd" (and 23rd: not 13th).
    "ordinal_few": N_("{number}rd"),
    # Translators: a place in the share queue, "4th", "11th", "12th", "13th".
    "ordinal_other": N_("{number}th"),
}
"""The room's words by key, in English as the catalogue keys them: `room_words()` gives them
in the language spoken. Shared by the room view and the room page (which is sent them, so the
two never disagree). `{time}` is a countdown as `format_countdown` writes it."""


COHOST_WORDS: dict[str, str] = {
    # Translators: the co-host's page: its heading, the person helping the facilitator.
    "cohost": N_("Co-host"),
    "start_share": N_("Start share"),
    "end_share": N_("End share"),
    "pause": N_("Pause or resume"),
    # Translators: the co-host's button that gives the share more time: "+30 s".
    "add_time": N_("+{seconds} s"),
    # Translators: what a screen reader says for the "+30 s" button.
    "add_time_name": N_("Add {seconds} seconds"),
    # Translators: the co-host's button that takes time from the share: "−30 s".
    "remove_time": N_("−{seconds} s"),
    # Translators: what a screen reader says for the "−30 s" button.
    "remove_time_name": N_("Take away {seconds} seconds"),
    "next_step": N_("Next step"),
    "call_next": N_("Call next"),
    "clear_message": N_("Clear the message"),
    "messages": N_("Message to the room"),
    "message_now": N_("Shown now: {message}"),
    "no_message": N_("No message shown."),
    "queue": N_("Waiting to share"),
    "nobody_waiting": N_("Nobody is waiting."),
    # Translators: the co-host's page: the ticket whose turn has come, before their share.
    "called": N_("Called: {ticket}"),
    "done": N_("Done."),
    "failed": N_("That did not work: try again."),
}
"""The co-host's page's own words, in English as the catalogue keys them: `cohost_words()`."""


TIME_HOLD_SECONDS = 5.0
"""How long the room view and page say TIME once a share's time is up (`0:00`), before they
count its overtime (`+0:05 OVER`): long enough for the room to see it."""


def room_words() -> dict[str, str]:
    """The room's words by key, in the language spoken: what the room page is sent, with
    how its clocks read (`clock`: `12` or `24` hours)."""
    words = {key: _(words) for key, words in ROOM_WORDS.items()}
    words["clock"] = "12" if i18n.twelve_hour() else "24"
    words.update(_waiting_forms())
    return words


def _waiting_forms() -> dict[str, str]:
    """The words of `meeting.waiting_words` for the page, which says them of one (`_one`)
    and of any other count (`_other`)."""
    forms: dict[str, str] = {}
    for form, count in (("one", 1), ("other", 2)):
        forms[f"waiting_{form}"] = waiting_template("waiting", count)
        forms[f"waiting_room_{form}"] = waiting_template("room", count)
        forms[f"waiting_online_{form}"] = waiting_template("online", count)
    return forms


def cohost_words(seconds: int) -> dict[str, str]:
    """The co-host's page's words in the language spoken, with the room's; `seconds`: what
    its "+30 s" and "−30 s" buttons add and take away."""
    words = room_words()
    for key, english in COHOST_WORDS.items():
        words[key] = _(english).replace("{seconds}", str(seconds))
    return words


def ordinal(number: int) -> str:
    """A place in the share queue: `1st`, `2nd`, `3rd`, `4th`, `11th`, `21st` (`1.º`)."""
    return _word(_ordinal_key(number)).format(number=number)


def _ordinal_key(number: int) -> str:
    # English's rule, mirrored by the room page's `ordinal`; other languages translate the
    # four forms as their own rule needs.
    if number % 100 in (11, 12, 13):
        return "ordinal_other"
    return {1: "ordinal_one", 2: "ordinal_two", 3: "ordinal_few"}.get(number % 10, "ordinal_other")


def no_meeting_words() -> str:
    """Why the room page cannot join the queue or act: no meeting is on the laptop's screen."""
    return _("No meeting is on screen.")


def too_soon_words() -> str:
    """Why a phone cannot join the queue again yet."""
    return _("You joined a moment ago: try again in a few seconds.")


def queue_full_words() -> str:
    """Why a phone cannot join the queue: it is full."""
    return _("The queue is full.")


def _word(key: str) -> str:
    return _(ROOM_WORDS[key])


_SEPARATOR = ROOM_WORDS["separator"]


def room_clock(moment: datetime) -> str:
    """The room's big clock before the meeting starts: the time of day in digits, `19:05`
    (`7:05` where clocks read 12 hours: the words under it say `PM`)."""
    return clock_time(moment).split(" ", 1)[0]


def big_ready(starts: str = "", until_start: float = 0.0) -> str:
    """The room's words under the time of day before the meeting starts: `starts 19:00 ·
    in 4:32` (`starts 19:00 · 2:10 late` once past it), or `READY` without a scheduled start
    (`starts`, the seconds `until_start` it, negative once past)."""
    if not starts:
        return _word("ready")
    if until_start > 0:
        return _word("starts_in").format(time=starts, countdown=format_countdown(until_start))
    return _word("starts_late").format(time=starts, late=format_duration(-until_start))


def big_ended() -> str:
    """The room view's word once the meeting has ended: `ENDED`."""
    return _word("ended")


def room_page_open_words() -> str:
    """Said once when the room page is open to the whole network."""
    return _(
        "The room page is open to this network: anyone on it with the address can see the time."
    )


def room_page_stopped_words() -> str:
    """Said when the room page stops."""
    return _("The room page is stopped; its address no longer works.")


def room_digits(remaining: float, hold: float = 1.0) -> str:
    """The room view's clock: the countdown, `0:00` at time and for the `hold` seconds
    after (`+0:15` once over by a second, by default)."""
    return "0:00" if -hold < remaining <= 0 else format_countdown(remaining)


def room_share_digits(remaining: float) -> str:
    """The room's clock for a share (or a one-on-one's time box): the countdown, `0:00` for
    the `TIME_HOLD_SECONDS` after time is up, then the overtime, `+0:05`."""
    return room_digits(remaining, TIME_HOLD_SECONDS)


def held_over(remaining: float) -> bool:
    """A share's time is up and TIME has been said its while: its overtime counts now."""
    return remaining <= -TIME_HOLD_SECONDS


def _left_or_over(remaining: float) -> str:
    key = "over" if remaining <= 0 else "left"
    return _word(key).format(time=format_countdown(remaining))


def room_share_words(share: ShareView) -> str:
    """The room view's state for a share: `SHARE 3 · 0:30 LEFT`, `SHARE 3 · WARNING · 0:30
    LEFT`, `SHARE 3 · TIME`, `SHARE 3 · +0:15 OVER`, `SHARE 3 · PAUSED · 0:30 LEFT`."""
    return _counting_words(_word("share").format(number=share.number), share)


def room_time_box_words(number: int, box: ShareView) -> str:
    """The room view's state for a one-on-one's sharing step `number`, timed as a whole, as
    a share's: `STEP 2 · 3:00 LEFT`, `STEP 2 · WARNING · 0:30 LEFT`, `STEP 2 · TIME`."""
    return _counting_words(_word("step").format(number=number), box)


def _counting_words(name: str, share: ShareView) -> str:
    parts = [name]
    if share.state is ShareState.PAUSED:
        parts.append(_word("paused"))
    if share.urgency is Urgency.TIME and not held_over(share.remaining):
        parts.append(_word("time"))
    else:
        if share.urgency is Urgency.WARNING:
            parts.append(_word("warning"))
        parts.append(_left_or_over(share.remaining))
    return _SEPARATOR.join(parts)


def room_step_words(number: int, remaining: float, between_shares: bool = False) -> str:
    """The room view's state for a step with no share under way: `STEP 2 · 3:00 LEFT`, and
    on a sharing step `STEP 2 · BETWEEN SHARES · 10:20 LEFT` (the time is the step's)."""
    parts = [_word("step").format(number=number)]
    if between_shares:
        parts.append(_word("between_shares"))
    parts.append(_left_or_over(remaining))
    return _SEPARATOR.join(parts)


def room_schedule_words(variance: float, projected_end: str) -> str:
    """The room view's schedule line: `2 min behind · ends 20:05`."""
    if abs(variance) < 60:
        where = _word("on_time")
    else:
        key = "behind" if variance > 0 else "ahead"
        where = _word(key).format(time=format_duration(abs(variance)))
    return _SEPARATOR.join([where, _word("ends").format(time=projected_end)])


def room_page_words(address: str, everyone: bool) -> str:
    """The line that says where the room page is: `Room page: http://… · v stops it`."""
    if everyone:
        return _("Room page: {address} · open to this network · v stops it").format(address=address)
    return _("Room page: {address} · this laptop only · v stops it").format(address=address)


def room_page_problem(error: OSError) -> str:
    """Why the room page could not start, in one line."""
    why = error.strerror or error
    return one_line(_("The room page could not start: {error}").format(error=why))


BREAK_MINUTES = 10
"""A break's length in the message preset "Break, back at HH:MM" (then rounded up to 5)."""


def message_presets(wall_now: datetime) -> list[str]:
    """The messages to the room offered ready-made (`m`, and the co-host's buttons), in the
    app's language: wrap up, a break back at a time, the collection, welcome."""
    from datetime import timedelta

    back = wall_now.replace(second=0, microsecond=0) + timedelta(minutes=BREAK_MINUTES)
    back += timedelta(minutes=-back.minute % 5)  # 19:37 + 10 is back at 19:50
    return [
        _("Please wrap up"),
        # Translators: a message to the room; {time} is when the meeting goes on: "19:45".
        _("Break, back at {time}").format(time=clock_time(back)),
        _("The collection now"),
        _("Welcome"),
    ]
