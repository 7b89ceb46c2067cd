"""What Material's Markdown extensions make inside an SOP survives the sanitiser (issue 12).

The HTML here is real: the SOPs of the compatibility site (``tests/compat/site``: one
English, one Chinese, written the way teams write them) rendered by Python-Markdown with
that site's ``markdown_extensions``, read from its ``mkdocs.yml`` the way ``journeydocs
check`` reads them (content tabs, icons and emoji, admonitions and details, task lists,
annotated code with line anchors, tables, abbreviations, footnotes, attribute lists, grid
cards, keys, mark, critic, tilde, caret...). For each:

* the sanitiser keeps all of it: its output is the page as parsed (:func:`as_parsed`), so
  no element, attribute or text is lost, and the checker reports nothing;
* tabs stay radio buttons with their labels, icons stay SVG, task-list checkboxes stay
  checklist items (:func:`~journeydocs.content.checklist.page_items` finds them all);
* hostile HTML put among that markup (a script, handlers, ``javascript:`` links, forms,
  frames, styles with ``url()``, SVG with scripts, ``foreignObject``, handlers or files)
  is removed, and each is reported at its own line of the SOP, in English and in Chinese.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from html_as_parsed import as_parsed

from conftest import ROOT
from journeydocs import i18n
from journeydocs.content.checklist import page_items
from journeydocs.content.config import PythonName, _ConfigLoader, markdown_setup
from journeydocs.problems import Problems
from journeydocs.safety import csp, findings, policy, rendering
from journeydocs.safety.findings import Source, check_markdown
from journeydocs.safety.rendering import MarkdownSetup

SITE = ROOT / "tests" / "compat" / "site"
SOPS = {"en": SITE / "docs/sops/sales/proposal.md", "zh": SITE / "docs/sops/ops/kickoff-agenda.md"}
TWEMOJI = "https://cdn.jsdelivr.net/gh/jdecked/twemoji@16.0.1/assets/svg/"


def site_setup(extra: dict[str, Any] | None = None) -> MarkdownSetup:
    """The compatibility site's Markdown extensions, as ``journeydocs check`` reads them
    (its snippets found from the site's folder, as when MkDocs runs there)."""
    config = yaml.load((SITE / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    for entry in config["markdown_extensions"]:
        if isinstance(entry, dict) and "pymdownx.snippets" in entry:
            entry["pymdownx.snippets"]["base_path"] = [str(SITE)]
    config["markdown_extensions"] += [{k: v} for k, v in (extra or {}).items()]
    return markdown_setup(config)


@pytest.fixture(scope="module")
def setup() -> Iterator[MarkdownSetup]:
    before = rendering.current()
    site = site_setup()
    rendering.use(site)
    yield site
    rendering.use(before)


@pytest.fixture
def english() -> Iterator[None]:
    before = i18n.current()
    i18n.activate(i18n.load("en")[0])
    yield
    i18n.activate(before)


def body(path: Path) -> tuple[str, int]:
    """An SOP's Markdown after its front matter, and the file line it starts on."""
    text = path.read_text(encoding="utf-8")
    head, rest = text.split("\n---\n", 1)
    return rest, head.count("\n") + 3


def tags(html: str, name: str) -> list[str]:
    return re.findall(rf"<{name}\b[^>]*>", html)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_material_markup_survives_as_made(setup: MarkdownSetup, language: str) -> None:
    rendered = setup.render(body(SOPS[language])[0])
    assert not setup.failure, setup.failure
    cleaned = policy.clean_html(rendered)
    assert cleaned == as_parsed(rendered)
    assert findings.findings(rendered) == []
    # what each extension made, there after cleaning
    radios = tags(cleaned, "input")
    tabs = [t for t in radios if 'type="radio"' in t]
    assert len(tabs) == 2 and all(re.search(r'name="__tabbed_1" ', t) for t in tabs), radios
    assert re.search(r'<input checked="checked" id="__tabbed_1_1" name="__tabbed_1" '
                     r'type="radio">', cleaned)
    assert '<label for="__tabbed_1_2">' in cleaned
    assert len(tags(cleaned, "svg")) >= 3 and all('viewBox="0 0 ' in t
                                                  for t in tags(cleaned, "svg"))
    assert re.search(r'<path d="M[^"]{20,}"', cleaned)
    assert '<span class="twemoji"><svg' in cleaned
    assert '<div class="admonition' in cleaned
    assert re.search(r'<a id="__codelineno-0-1" name="__codelineno-0-1" href="#__codelineno-0-1"'
                     r'|<a id="__codelineno-0-1" name="__codelineno-0-1">', cleaned)
    assert '<span id="__span-0-1">' in cleaned
    assert '<th class="filename" colspan="2">' in cleaned or 'class="filename"' in cleaned
    assert '<abbr title="Customer relationship management">CRM</abbr>' in cleaned
    assert re.search(r'<sup id="fnref:[^"]+"><a class="footnote-ref" href="#fn:', cleaned)
    assert '<kbd class="key-control">' in cleaned and "<mark>" in cleaned
    assert re.search(r'<(ins|del) class="critic">', cleaned)
    assert re.search(r'<th style="text-align:\s*left;?">', cleaned)
    assert re.search(r'<h2 id="(send-it|after-the-meeting)">', cleaned)
    checkboxes = [t for t in radios if 'type="checkbox"' in t]
    assert checkboxes and all('disabled=""' in t for t in checkboxes)


def test_the_english_sop_has_every_kind(setup: MarkdownSetup) -> None:
    cleaned = policy.clean_html(setup.render(body(SOPS["en"])[0]))
    assert '<div class="grid cards">' in cleaned
    assert '<span class="twemoji lg middle"><svg' in cleaned
    assert '<span class="twemoji heart" title="Thanks"><svg' in cleaned
    assert re.search(r'<img align="right" alt="Our team" height="160" loading="lazy" '
                     r'src="../../images/team.png" width="240">', cleaned)
    assert '<details class="tip">' in cleaned and "<summary>Pricing rules</summary>" in cleaned
    assert "<dl>" in cleaned and "<sub>2</sub>" in cleaned and "<del>hidden</del>" in cleaned
    assert '<span class="filename">price.py</span>' in cleaned


@pytest.mark.parametrize("language", ["en", "zh"])
def test_task_lists_stay_checklist_items(setup: MarkdownSetup, language: str) -> None:
    """Inside tabs and admonitions too: the items the checklist is made of."""
    rendered = setup.render(body(SOPS[language])[0])
    before = page_items(rendered)
    after = page_items(policy.clean_html(rendered))
    assert [(i.text, i.section, i.depth) for i in after] == [
        (i.text, i.section, i.depth) for i in before]
    assert len(after) >= 6
    texts = [i.text for i in after]
    assert ("Copy the proposal template" in texts) if language == "en" else ("预订会议室" in texts)


def test_an_hourglass_home_page_keeps_its_markup(setup: MarkdownSetup) -> None:
    """The home page journeydocs owns (it holds the hourglass) is cleaned the same way."""
    rendered = setup.render((SITE / "docs/index.md").read_text(encoding="utf-8"))
    ours = '<div class="jd-hourglass"><svg class="jd-map"><title>x</title></svg></div>'
    cleaned = policy.clean_page(rendered + ours, [ours])
    assert cleaned == as_parsed(rendered) + ours
    assert 'type="radio"' in cleaned and '<div class="grid cards">' in cleaned


def test_pymdownx_blocks_survive_as_made() -> None:
    """Material's newer way to write tabs, admonitions and numbered captions."""
    setup = MarkdownSetup(["pymdownx.blocks.caption", "pymdownx.blocks.tab",
                           "pymdownx.blocks.admonition", "pymdownx.blocks.details",
                           "pymdownx.tasklist", "attr_list", "md_in_html"])
    rendered = setup.render(
        "![Team](team.png)\n\n/// figure-caption\nThe team\n///\n\n"
        "/// tab | Office\n- [ ] Book the room\n///\n\n/// tab | Remote\nCall in.\n///\n\n"
        "/// warning | Careful\nText.\n///\n\n/// details | More\nHidden.\n///\n")
    assert not setup.failure
    assert 'id="__figure-caption_1"' in rendered and 'type="radio"' in rendered
    assert policy.clean_html(rendered) == as_parsed(rendered)
    assert findings.findings(rendered) == []


# --- emoji images: the site's own emoji extension, nothing else from that host --------------


def test_twemoji_images_keep_their_source_and_the_policy_allows_them() -> None:
    before = rendering.current()
    site = site_setup()
    rendering.use(site)
    try:
        assert site.emoji_images() == (TWEMOJI,)
        rendered = site.render("Thanks :smile: and :+1:")
        cleaned = policy.clean_html(rendered)
        assert f'src="{TWEMOJI}1f604.svg"' in cleaned and f'src="{TWEMOJI}1f44d.svg"' in cleaned
        assert findings.findings(rendered) == []
        for url in (TWEMOJI + "../../../attacker/repo/x.svg", TWEMOJI + "1f604.svg?x=1",
                    "https://cdn.jsdelivr.net/gh/attacker/repo/1f604.svg",
                    TWEMOJI.replace("https", "http") + "1f604.svg"):
            html = f'<img alt="x" src="{url}">'
            assert "src=" not in policy.clean_html(html), url
            assert [f.kind for f in findings.findings(html)] == ["image"], url
        sources = csp.site_sources(images=site.emoji_images())
        assert sources == {"img-src": [TWEMOJI]}
        page = f'<html><head></head><body>{cleaned}<img src="https://elsewhere.example/a.png">'
        blocked = csp.blocked(page, sources)
        assert len(blocked) == 1 and "https://elsewhere.example" in blocked[0][0], blocked
    finally:
        rendering.use(before)


@pytest.mark.parametrize(("options", "folders"), [
    (None, ()),  # no emoji extension
    ({}, ("https://cdnjs.cloudflare.com/ajax/libs/emojione/2.2.7/assets/png/",)),
    ({"emoji_generator": PythonName("pymdownx.emoji.to_alt")}, ()),  # characters, no image
    ({"emoji_index": PythonName("material.extensions.emoji.twemoji"),
      "emoji_generator": PythonName("material.extensions.emoji.to_svg"),
      "options": {"image_path": "../assets/emoji/"}}, ()),  # from the site itself
    ({"emoji_index": PythonName("pymdownx.emoji.twemoji"),
      "emoji_generator": PythonName("pymdownx.emoji.to_png"),
      "options": {"image_path": "https://img.example.com/emoji/"}},
     ("https://img.example.com/emoji/",)),
])
def test_where_emoji_images_come_from(options: dict[str, Any] | None,
                                      folders: tuple[str, ...]) -> None:
    """The folders the CSP and the sanitiser allow: what the site's emoji extension, as
    configured, makes images from; none when it makes none or serves them itself."""
    entry: Any = "pymdownx.emoji" if options == {} else {"pymdownx.emoji": options}
    config = {"markdown_extensions": [entry] if options is not None else []}
    assert markdown_setup(config).emoji_images() == folders


# --- hostile HTML among Material's markup: removed, and reported at its own line -----------

HOSTILE = {
    # (a line put into the SOP, after the line that holds the anchor text) -> what is said
    "    <script>alert('tab')</script>": ["<script> is not allowed"],
    "    <img src=x onerror=\"alert('admonition')\">": ["attribute 'onerror' on <img>"],
    '<a href="javascript:alert(1)">call</a> :material-phone:': ["link to 'javascript:alert(1)'"],
    '<span style="background:url(https://evil.example/t.png)">x</span>':
        ["attribute 'style' on <span>"],
    '<form action="https://evil.example/"><input type="text" name="password"></form>':
        ["<form> is not allowed", "<input> is shown as a checkbox",
         "attribute 'name' on <input>"],
    '<iframe src="https://evil.example/"></iframe>': ["<iframe> is not allowed"],
    '<svg viewBox="0 0 8 8" onload="alert(1)"><script>alert(2)</script>'
    '<use href="https://evil.example/s.svg#i"/><path d="M0 0" fill="url(https://evil.example/p)"'
    '/></svg>': ["attribute 'onload' on <svg>", "<script> is not allowed",
                 "attribute 'href' on <use>", "attribute 'fill' on <path>"],
    "<svg><foreignObject><p>hi</p></foreignObject></svg>": ["<foreignObject> is not allowed"],
    '<input type="radio" name="__drawer" id="__drawer">':
        ["<input> is shown as a checkbox", "attribute 'name' on <input>",
         "attribute 'id' on <input>"],
}
ANCHORS = {
    "en": [("- [ ] Fill in the scope", "item"), ("- [ ] Ask a colleague", "item"),
           ("Write it the day", "text"), ("## Send", "block"), ("1.  Discounts", "item"),
           ("</div>", "block"), (":   Net 30", "text"), ("- [ ] Book a follow-up", "item"),
           ("- [ ] Copy the proposal", "item")],
    "zh": [("- [ ] 测试屏幕共享", "item"), ("- [ ] 确认客户的时区", "item"),
           ("按 ++ctrl+p++", "text"), ("## 会后", "block"), ("| 九十天计划", "block"),
           ("```", "block"), ("- [ ] 把议程发给客户", "item"), ("- [ ] 在 CRM 中记录", "item"),
           ("- [ ] 预订会议室", "item")],
}
"""Where each line of :data:`HOSTILE` goes, in order: after the (last) line starting with
this text, inside a tab, an admonition, a paragraph, after a heading, a table, a code
block, grid cards, a definition; ``item`` continues a list item, ``text`` a paragraph,
``block`` stands alone between blank lines."""


def with_hostile(language: str) -> tuple[str, dict[int, list[str]]]:
    """The SOP file with a hostile line after each anchor, and {its file line: what the
    checker must say there}."""
    lines = SOPS[language].read_text(encoding="utf-8").split("\n")
    after: dict[int, tuple[list[str], int, list[str]]] = {}
    for (anchor, how), (snippet, said) in zip(ANCHORS[language], HOSTILE.items(),
                                               strict=True):
        at = [i for i, line in enumerate(lines) if line.strip().startswith(anchor)][-1]
        indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
        if how == "block":
            after[at] = (["", snippet.strip(), ""], 1, said)
        else:
            after[at] = ([indent + ("  " if how == "item" else "") + snippet.strip()], 0, said)
    out: list[str] = []
    expected: dict[int, list[str]] = {}
    for i, line in enumerate(lines):
        out.append(line)
        if i in after:
            block, offset, said = after[i]
            expected[len(out) + offset + 1] = said
            out.extend(block)
    return "\n".join(out), expected


def reported(text: str, setup: MarkdownSetup) -> tuple[Problems, str]:
    head, rest = text.split("\n---\n", 1)
    first = head.count("\n") + 3
    problems = Problems()
    check_markdown(rest, Source("docs/sops/x.md", text.split("\n"), first), problems)
    return problems, setup.render(rest)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_hostile_html_is_removed_and_reported_at_its_own_line(
        setup: MarkdownSetup, language: str, english: None) -> None:
    text, expected = with_hostile(language)
    problems, rendered = reported(text, setup)
    lines = text.split("\n")
    for number, said in expected.items():
        here = [p.message for p in problems if p.line == number]
        for words in said:
            assert any(words in m for m in here), (number, lines[number - 1], words,
                                                   [p.text() for p in problems])
    title_line = next(i for i, line in enumerate(lines, 1) if line.startswith("# "))
    assert not [p for p in problems if p.line == title_line], [p.text() for p in problems]
    assert {p.line for p in problems} == set(expected), [p.text() for p in problems]
    cleaned = policy.clean_html(rendered)
    for gone in ("<script", "onerror", "onload", "javascript:", "<form", "<iframe",
                 "evil.example", "foreignObject", 'name="__drawer"', 'type="text"'):
        assert gone not in cleaned, gone
    # and the markup around it is still as Material made it
    assert len([t for t in tags(cleaned, "input") if 'type="radio"' in t]) == 2
    assert len(page_items(cleaned)) == len(page_items(rendered))


def test_hostile_html_is_reported_in_chinese(setup: MarkdownSetup) -> None:
    text, expected = with_hostile("zh")
    before = i18n.current()
    i18n.activate(i18n.load("zh")[0])
    try:
        problems, _ = reported(text, setup)
    finally:
        i18n.activate(before)
    assert {p.line for p in problems} == set(expected)
    script = next(p for p in problems if "<script>" in p.message)
    assert "不允许" in script.message and "SVG 只保留图形" in script.hint
    use = next(p for p in problems if "<use>" in p.message)
    assert "#id" in use.hint and "不能引用文件" in use.hint


def test_html_no_line_has_is_said_to_come_from_an_extension(
        tmp_path: Path, english: None) -> None:
    """A snippet brings in an iframe: no line of the SOP has it, and the report says so
    rather than pinning it on a line that does not hold it."""
    (tmp_path / "embed.md").write_text('<iframe src="https://evil.example/"></iframe>\n',
                                       encoding="utf-8")
    before = rendering.current()
    rendering.use(MarkdownSetup(["pymdownx.snippets"],
                                {"pymdownx.snippets": {"base_path": [str(tmp_path)]}}))
    try:
        text = "---\nowner: x\n---\n# Title\n\n- [ ] Do it\n\n--8<-- \"embed.md\"\n"
        problems, _ = reported(text, rendering.current())
    finally:
        rendering.use(before)
    [problem] = list(problems)
    assert "<iframe> is not allowed" in problem.message
    assert "Markdown extensions or a file it includes" in problem.hint
