"""What the room sees and hears: the room page's state, its server and limits, and the tones."""
