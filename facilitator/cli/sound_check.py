"""`facilitator sound-check`: play the time-up tones now, and say with what, or why not."""

from __future__ import annotations

import sys

from ..agenda import one_line
from ..words.i18n import N_, _
from ..words.reasons import reason_of
from . import EXIT_OK

EXIT_NO_SOUND = 1

NO_PLAYER = N_(
    "No sound player found (pw-play, paplay or aplay on Linux, afplay on macOS): install one, "
    "or set FACILITATOR_PLAYER to a command that plays a WAV file; until then meetings use "
    "the terminal bell"
)


def sound_check() -> int:
    """Play the time-up tones with the player a meeting would use; 0 if it played, else 1."""
    from ..room.sound import find_player, play_file, sound_files
    from ..system.paths import cache_dir

    player = find_player()
    if player is None:
        print(_(NO_PLAYER), file=sys.stderr)
        return EXIT_NO_SOUND
    folder = cache_dir() / "sounds"
    try:
        files = sound_files(folder)
    except OSError as error:
        reason = reason_of(error)
        unwritten = _("The tones could not be written in {folder}: {reason}").format(
            folder=folder, reason=reason
        )
        print(one_line(unwritten), file=sys.stderr)
        return EXIT_NO_SOUND
    problem = play_file(player, files["time"])
    if problem is not None:
        print(one_line(_("Sound check failed: {problem}").format(problem=problem)), file=sys.stderr)
        return EXIT_NO_SOUND
    print(one_line(_("Played the time-up tones with {player}.").format(player=player.name)))
    return EXIT_OK
