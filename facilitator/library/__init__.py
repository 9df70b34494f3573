"""Where agendas live: the bundled ones and the facilitator's own, their drafts and their saving."""
