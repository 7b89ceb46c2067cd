"""Checklist items and sections as the page renders them (issue 13, faults 1-3 and 5).

Each case: an SOP body in, the items (section, text, ticked in the source, source line) the
checker and the facts table count out. The browser takes the same items from the marks the
build puts on the page (``tests/browser/test_real_checklists.py``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from journeydocs.content.checklist import mark_items, page_items, sop_items
from journeydocs.safety import rendering
from journeydocs.safety.rendering import MarkdownSetup, render_markdown

CASES = {
    "loose list (items separated by blank lines)": (
        "## Page\n\n- [ ] Page the on-call engineer\n\n- [ ] Open the incident channel\n",
        [("Page", "Page the on-call engineer", False, 3),
         ("Page", "Open the incident channel", False, 5)]),
    "items only inside an HTML comment are no items": (
        "## Do\n\n<!--\n- [ ] Hidden one\n- [ ] Hidden two\n-->\n\nText.\n", []),
    "a task list right after a paragraph line is paragraph text": (
        "Before you start:\n- [ ] not an item\n", []),
    "a '- [ ]' in a fenced block inside a list step is code": (
        "1. Run this:\n\n    ```\n    - [ ] not an item\n    ```\n\n- [ ] Real one\n",
        [("", "Real one", False, 7)]),
    "an item in a block quote is an item": (
        "> - [ ] Quoted step\n", [("", "Quoted step", False, 1)]),
    "'[x]' in the source is read as ticked": (
        "- [x] Already done\n- [ ] To do\n",
        [("", "Already done", True, 1), ("", "To do", False, 2)]),
    "#### headings and headings with inline markup are sections": (
        "## Before *the* call\n\n- [ ] A\n\n#### Check `env`\n\n- [ ] B\n",
        [("Before the call", "A", False, 3), ("Check env", "B", False, 7)]),
    "nested, numbered and rich-text items": (
        "1. [ ] First with a [link](https://example.com) and `code`\n"
        "    - [ ] Nested **bold**\n    - plain bullet\n2. [ ] Second\n",
        [("", "First with a link and code", False, 1), ("", "Nested bold", False, 2),
         ("", "Second", False, 4)]),
    "Chinese items and sections": (
        "## 通话前\n\n- [ ] 阅读客户资料\n\n- [ ] 確認會議連結\n",
        [("通话前", "阅读客户资料", False, 3), ("通话前", "確認會議連結", False, 5)]),
}


@pytest.mark.parametrize("name", list(CASES))
def test_items_are_what_the_page_shows(name: str) -> None:
    body, expected = CASES[name]
    items = sop_items(body, 1)
    assert [(i.section, i.text, i.checked, i.line) for i in items] == expected


def test_the_marks_on_the_page_are_the_counted_items() -> None:
    body = CASES["nested, numbered and rich-text items"][0]
    html = mark_items(render_markdown(body))
    assert html.count("data-jd-item=") == len(sop_items(body, 1)) == 3
    assert 'aria-label="Nested bold"' in html
    assert [i.depth for i in page_items(html)] == [0, 1, 0]


def test_items_brought_in_by_a_snippet_are_counted(tmp_path: Path) -> None:
    (tmp_path / "shared.md").write_text("- [ ] From the snippet\n", encoding="utf-8")
    setup = MarkdownSetup(["pymdownx.snippets"],
                          {"pymdownx.snippets": {"base_path": [str(tmp_path)]}})
    before = rendering.current()
    rendering.use(setup)
    try:
        items = sop_items('- [ ] Own item\n\n--8<-- "shared.md"\n', 10)
    finally:
        rendering.use(before)
    assert [(i.text, i.line) for i in items] == [("Own item", 10), ("From the snippet", 10)]


def test_the_sites_extensions_decide_what_is_an_item() -> None:
    """Without pymdownx.tasklist a site would show '[ ]' as text, but journeydocs adds it to
    every site; a site's own options (custom_checkbox: false) still give the same items."""
    setup = MarkdownSetup(["pymdownx.tasklist"],
                          {"pymdownx.tasklist": {"custom_checkbox": False}})
    html = setup.render("- [ ] A\n- [x] B\n")
    assert [(i.text, i.checked) for i in page_items(html)] == [("A", False), ("B", True)]


def test_marks_are_attribute_safe() -> None:
    """A heading or an item with quotes stays inside its attribute (no new attributes)."""
    html = mark_items(render_markdown('## A "b" onload="x()"\n\n- [ ] say "hi" onclick=y\n'))
    assert 'data-jd-section="A &quot;b&quot; onload=&quot;x()&quot;"' in html
    assert 'aria-label="say &quot;hi&quot; onclick=y"' in html
