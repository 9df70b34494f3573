"""The meeting without a screen: steps, shares, tallies, undo and time, on a given clock."""
