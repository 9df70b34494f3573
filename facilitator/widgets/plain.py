"""Text from outside (an agenda, a file name) as Textual draws it literally.

Square brackets are ordinary words in a meeting format ("Read [page 58]"), but Textual reads
a bare string as markup: `[/]` raises, `[Study]` vanishes, `[@click=app.quit]` becomes an
action. So every widget that shows text is made with `markup=False` (a test holds the code
to it), and where Textual takes a string without such a switch (the command palette's
entries) the string goes through here first.

Textual also passes a control character on to the terminal as it is: an escape sequence in
an agenda would retitle the window or write to the clipboard. Validation refuses them, and
the editor, which shows a file that holds them so they can be removed, draws them as signs
(`widgets.fields`).
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.fuzzy import Matcher
from textual.widgets import Label


def highlighted(matcher: Matcher, text: str) -> Content:
    """`text` with the letters `matcher` found in it highlighted, as `Matcher.highlight` does.

    `Matcher.highlight` reads its text as markup, and a step title is not markup.
    """
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if not score:
        return content
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def show_text(label: Label, text: str) -> None:
    """Show `text` in `label` (made with `markup=False`), and only when it reads differently.

    An unchanged label is not drawn again; a one-line label whose words keep their width (a
    countdown turning a second) is drawn again without laying out the screen, which costs
    more than drawing.
    """
    shown = str(label.content)
    if shown == text:
        return
    width = cell_len(text)
    same_line = width == cell_len(shown) and width <= label.content_size.width
    label.update(text, layout=not same_line or "\n" in text or "\n" in shown)
