"""Past meetings: the history, a meeting's timing report, its corrections and exports."""
