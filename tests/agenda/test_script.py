"""A step's script: Markdown drawn as blocks, with what a facilitator writes in agendas."""

from __future__ import annotations

from textual.style import Style

from facilitator.agenda.markdown import Block, blocks, from_plain, to_plain
from facilitator.widgets.script import block_content

from ..data import AGENDAS


def shape(found: list[Block]) -> list[tuple[str, str, int, str]]:
    return [(b.kind, b.bullet, b.depth, b.text) for b in found]


def test_paragraphs_lists_and_headings() -> None:
    text = (
        "# Welcome\n\nHello, and **welcome**.\nSecond line.\n\n"
        "- one\n- two\n  - nested\n\n1. first\n2. second\n\nAfter."
    )
    assert shape(list(blocks(text))) == [
        ("heading", "", 0, "Welcome"),
        ("paragraph", "", 0, "Hello, and welcome. Second line."),
        ("item", "•", 0, "one"),
        ("item", "•", 0, "two"),
        ("item", "•", 1, "nested"),
        ("item", "1.", 0, "first"),
        ("item", "2.", 0, "second"),
        ("paragraph", "", 0, "After."),
    ]


def test_emphasis_links_and_code_are_styled() -> None:
    (block,) = blocks("a **b** *c* ~~d~~ `e` [f](https://example.org/)")
    content = block_content(block)
    assert content.plain == "a b c d e f"
    styles = {content.plain[s.start : s.end]: s.style for s in content.spans}
    assert isinstance(styles["b"], Style) and styles["b"].bold
    assert isinstance(styles["c"], Style) and styles["c"].italic
    assert isinstance(styles["d"], Style) and styles["d"].strike
    assert isinstance(styles["e"], Style) and styles["e"].reverse
    link = styles["f"]
    assert isinstance(link, Style) and link.link == "https://example.org/" and link.underline


def test_quotes_code_rules_and_numbered_starts() -> None:
    text = "> quoted\n\n```\nline one\nline two\n```\n\n---\n\n3. third\n4. fourth"
    found = list(blocks(text))
    assert shape(found) == [
        ("paragraph", "", 0, "quoted"),
        ("code", "", 0, "line one\nline two"),
        ("rule", "", 0, "─" * 20),
        ("item", "3.", 0, "third"),
        ("item", "4.", 0, "fourth"),
    ]
    assert found[0].quoted and not found[1].quoted


def test_no_script_is_no_blocks() -> None:
    assert blocks("") == () and blocks(" \n\t\n") == ()


def test_text_is_never_markup() -> None:
    # Square brackets in a script are words, not Textual markup.
    (block,) = blocks("Read [the Preamble] from [b]your[/b] literature")
    assert block_content(block).plain == "Read [the Preamble] from [b]your[/b] literature"


def test_every_bundled_script_draws(tmp_path: object) -> None:
    from facilitator.agenda import load_agenda

    for path in sorted(AGENDAS.glob("*.toml")):
        for step in load_agenda(path).steps:
            found = blocks(step.script)
            assert bool(found) == bool(step.script.strip()), (path.name, step.title)
            assert from_plain(to_plain(found)) == found
