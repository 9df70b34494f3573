"""Past meetings on screen: the history list, a meeting's report and its corrections."""
