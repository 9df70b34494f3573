"""What each `facilitator` command does; `__main__` parses the arguments and calls these."""

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_FROZEN = 1  # the app stopped answering and was stopped (see `watchdog`)
EXIT_BROKEN_PIPE = 141  # what a shell reports for a command stopped by SIGPIPE


class Refused(Exception):
    """A command cannot go on; the message is one line for the facilitator."""
