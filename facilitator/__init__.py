"""facilitator: run a peer-support meeting from the terminal."""

__version__ = "0.1.0"
