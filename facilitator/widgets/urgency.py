"""How close a timer is to its end, as the CSS class that colours a widget."""

from __future__ import annotations

from textual.dom import DOMNode

from ..meeting.states import Urgency


def show_urgency(node: DOMNode, urgency: Urgency) -> None:
    """Give `node` the class of `urgency` (`-ok`, `-warning`, `-time`) and none of the others."""
    for level in Urgency:
        node.set_class(level is urgency, f"-{level.value}")
