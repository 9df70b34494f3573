"""The meeting screen: the steps, the share timer, the tallies and their keys."""
