"""Where agendas live: the bundled ones and the facilitator's own, their drafts and their saving.

The editor's working copy (`draft`), its fields (`fields`) and what it says about saving
(`notices`) live here, without Textual; `screens/editor/` shows them.
"""
