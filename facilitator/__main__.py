"""The command line: argument parsing, exit codes, nothing else (the commands are in `cli`)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from . import __version__
from .cli import EXIT_BAD_INPUT, EXIT_OK
from .cli.running import run
from .cli.terminal import tolerant_output
from .system import startup
from .words.i18n import N_, _, ngettext

__all__ = ["EXIT_BAD_INPUT", "EXIT_OK", "main", "run", "validate"]

# Translators: the lines under the first start under its "facilitator": as many spaces as
# argparse's "usage: " is long in your language, and the explanations line up in a column.
USAGE = N_("""\
facilitator [--lang CODE] [AGENDA] [--share] [--lan] [--port N]
                                     run a meeting (no AGENDA: choose one from a list)
       facilitator validate FILE...  check agenda files, one line per problem
       facilitator export [OPTIONS]  meetings as CSV or JSON (facilitator export --help)
       facilitator new NAME [--from AGENDA]  a new agenda of your own, from a template
       facilitator agendas           list the bundled agendas and yours
       facilitator edit AGENDA       edit an agenda (a bundled one is saved as a copy)
       facilitator sound-check       play the time-up tones, to set the volume""")

NOT_THE_APP = ("validate", "export", "new", "agendas", "sound-check")
"""The commands that run no app (`edit` and a meeting do)."""

# argparse's own words, which it translates with its module's `_` and `ngettext` (pointed at
# ours by `_argparse_speaks`): listed here so that they are gathered into the catalogues.
ARGPARSE_WORDS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("unexpected option string: %s"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    ngettext("expected %s argument", "expected %s arguments", 2),  # marked for its two forms
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("can't open '%(filename)s': %(error)s"),
)


def _argparse_speaks() -> None:
    """Make argparse say its own words (usage, options, its errors) in the app's language."""
    # argparse looks up `_` and `ngettext` in its module's globals each time it speaks.
    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]


def _main_parser() -> argparse.ArgumentParser:
    from .room.state import DEFAULT_PORT

    parser = argparse.ArgumentParser(
        prog="facilitator",
        usage=_(USAGE),
        description=_(
            "Run a peer-support meeting from a TOML agenda: steps, share timers, "
            "anonymous attendance tallies and a closing resource reminder."
        ),
        epilog=_(
            "AGENDA is a .toml file or the name of a bundled or saved agenda "
            "(e.g. open-discussion). Data directory: FACILITATOR_DATA_DIR overrides the default."
        ),
    )
    parser.add_argument("agenda", nargs="?", metavar="AGENDA", help=_("agenda file or name"))
    parser.add_argument(
        "--share",
        action="store_true",
        help=_("serve the room page, a live web page of the time, from the start (or press v)"),
    )
    parser.add_argument(
        "--lan",
        action="store_true",
        help=_("let phones on this network open the room page (default: this laptop only)"),
    )
    parser.add_argument(
        "--port",
        type=_port,
        default=DEFAULT_PORT,
        metavar="N",
        help=_("the room page's port (default {port}, or the next free one)").format(
            port=DEFAULT_PORT
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"facilitator {__version__}",
        help=_("show program's version number and exit"),
    )
    return parser


def _port(text: str) -> int:
    if not text.isdigit() or not 0 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(
            _("{text} is not a port: give a number from 1 to 65535 (0: any free port)").format(
                text=repr(text)
            )
        )
    return int(text)


def _validate_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="facilitator validate",
        description=_(
            "Check agenda files. Prints one line per problem; exits 2 if any file "
            "is bad, 0 if all are valid."
        ),
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help=_("agenda files (.toml)"))
    return parser


class _OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line, like every other problem we report."""

    def error(self, message: str) -> NoReturn:
        line = _("{prog}: {message} (see {prog} --help)").format(prog=self.prog, message=message)
        self.exit(EXIT_BAD_INPUT, line + "\n")


def _export_parser() -> argparse.ArgumentParser:
    parser = _OneLineParser(
        prog="facilitator export",
        description=_(
            "Write the meetings kept in the data directory as CSV (one line per "
            "meeting, one column per attendance category) or JSON (with each step's planned "
            "and actual minutes, and any counts corrected from the history). Counts only: no "
            "names are ever stored. Without -o the export goes to standard output."
        ),
        epilog=_(
            "FILE is a new file or, with --force, an existing regular file: never a "
            "pipe, a device, nor anything in facilitator's data folder (its database, "
            "settings, locks, cache and agendas). The meetings database is only read. "
            "Exits 2 on a bad date, a FILE that cannot be written, or a database that is "
            "missing or cannot be read (then nothing is written). Data directory: "
            "FACILITATOR_DATA_DIR overrides the default."
        ),
    )
    parser.add_argument(
        "--format", choices=("csv", "json"), default="csv", help=_("csv (default) or json")
    )
    parser.add_argument(
        "--since",
        metavar="YYYY-MM-DD",
        help=_("only meetings that started on or after this day"),
    )
    parser.add_argument(
        "--until",
        metavar="YYYY-MM-DD",
        help=_("only meetings that started on or before this day"),
    )
    parser.add_argument(
        "--agenda",
        metavar="NAME",
        help=_("only this agenda: its file name, with or without .toml, or its meeting name"),
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", help=_("write to FILE (readable by you only)")
    )
    parser.add_argument("--force", action="store_true", help=_("replace FILE if it exists"))
    return parser


DEFAULT_TEMPLATE = "open-discussion"


def _new_parser() -> argparse.ArgumentParser:
    parser = _OneLineParser(
        prog="facilitator new",
        description=_(
            "Create a new agenda among your own (in the data directory), from a "
            "bundled template or another agenda, and print its path. Never replaces an agenda "
            "that exists."
        ),
    )
    parser.add_argument(
        "name", metavar="NAME", help=_('the meeting\'s name, e.g. "Holiday Meeting"')
    )
    parser.add_argument(
        "--from",
        dest="template",
        metavar="AGENDA",
        default=DEFAULT_TEMPLATE,
        help=_("agenda file or name to start from (default: {agenda})").format(
            agenda=DEFAULT_TEMPLATE
        ),
    )
    return parser


def _edit_parser() -> argparse.ArgumentParser:
    parser = _OneLineParser(
        prog="facilitator edit",
        description=_(
            "Open an agenda in the editor: a file, or the name of a bundled or saved "
            "agenda. A bundled agenda is never changed: saving makes a copy among yours."
        ),
    )
    parser.add_argument("agenda", metavar="AGENDA", help=_("agenda file or name"))
    return parser


def _sound_check_parser() -> argparse.ArgumentParser:
    return _OneLineParser(
        prog="facilitator sound-check",
        description=_(
            "Play the time-up tones with the player a meeting uses, to set the volume "
            "before people arrive; says which player it used (exit 0) or why none worked "
            "(exit 1). FACILITATOR_PLAYER chooses the player: a command the WAV file's path "
            "is added to."
        ),
    )


def validate(files: Sequence[str]) -> int:
    """`facilitator validate FILE...` (see `cli.agendas.validate`)."""
    from .cli.agendas import validate as validate_files

    return validate_files(files)


def _language_asked(args: list[str]) -> tuple[list[str], str | None]:
    """`--lang CODE` (or `--lang=CODE`) taken out of the arguments, wherever it is given."""
    rest: list[str] = []
    asked = None
    items = iter(args)
    for arg in items:
        if arg == "--":
            rest += [arg, *items]
            break
        if arg == "--lang":
            asked = next(items, "")
        elif arg.startswith("--lang="):
            asked = arg.removeprefix("--lang=")
        else:
            rest.append(arg)
    return rest, asked


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `facilitator` command."""
    startup.hold()  # until the app's first frame, or until the command is chosen
    try:
        return _command(list(sys.argv[1:] if argv is None else argv))
    finally:
        startup.release()


def _command(argv: list[str]) -> int:
    from .words import i18n

    args, asked = _language_asked(argv)
    tolerant_output()
    _argparse_speaks()
    if asked is not None and not i18n.is_code(asked):
        i18n.ask(None)
        i18n.speak()  # said in the language the environment asks for
        print(
            _("facilitator: --lang {code}: give a language code such as es or es-MX").format(
                code=ascii(asked)
            ),
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    i18n.ask(asked)
    notice = i18n.speak()
    if notice is not None:
        print(notice, file=sys.stderr)
    try:
        if args and args[0] in NOT_THE_APP:
            startup.release()  # only the app's start makes what lives as long as the app
        if args and args[0] == "validate":
            return validate(_validate_parser().parse_args(args[1:]).files)
        if args and args[0] == "export":
            from .cli.export import export

            return export(_export_parser().parse_args(args[1:]))
        if args and args[0] == "new":
            from .cli.agendas import new

            options = _new_parser().parse_args(args[1:])
            return new(options.name, options.template)
        if args and args == ["agendas"]:
            from .cli.agendas import agendas

            return agendas()
        if args and args[0] == "sound-check":
            from .cli.sound_check import sound_check

            _sound_check_parser().parse_args(args[1:])
            return sound_check()
        if args and args[0] == "edit":
            return run(_edit_parser().parse_args(args[1:]).agenda, edit=True)
        from .room.state import RoomPageOptions

        options = _main_parser().parse_args(args)
        page = RoomPageOptions(options.share, options.lan, options.port)
        return run(options.agenda, room_page=page)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
