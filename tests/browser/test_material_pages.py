"""Material's own markup on the pages journeydocs cleans, in Chromium (issue 12).

The existing Material site of the compatibility suite (``tests/compat/site``) is built
with journeydocs, once with English words and once with Chinese ones; its home page holds
the hourglass (so journeydocs owns and cleans it) and its SOPs are written with content
tabs, icons, emoji, admonitions, annotated code, footnotes, grid cards and task lists.
One SOP also holds a hostile tag. On the SOP page and on the home page:

* the tabs switch on click; icons (inline SVG) and emoji (Twemoji images, served here by a
  stand-in for their CDN) are drawn with a size; code annotations and Mermaid still work;
* the SOP's task lists, those inside tabs and admonitions too, are its checklist: an item
  ticked stays ticked after a reload; the home page's task list shows Material's boxes;
* the hostile tag is gone, and the build and the SOP page name it at its own line, in the
  site's language;
* no Content-Security-Policy violation, no page error, no request to another host.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from test_compat import MERMAID_CDN, MERMAID_STAND_IN, SITE, WATCH_CSP

from conftest import BuildResult, StaticServer, run_mkdocs_build

pytestmark = pytest.mark.browser

TWEMOJI = "https://cdn.jsdelivr.net/gh/jdecked/twemoji@16.0.1/assets/svg/"
EMOJI_STAND_IN = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 36 36">'
                  '<circle cx="18" cy="18" r="18" fill="#fc3"/></svg>')
"""What the browser gets for a Twemoji image instead of jsDelivr's (no network here)."""
HOSTILE = '<script>alert("jd-hostile")</script>'


@dataclass
class Language:
    code: str  # theme.language
    sop: str  # the SOP's file under docs/sops/
    page: str  # its page
    anchor: str  # the hostile line goes after the line starting with this
    tab: str  # the second tab's label
    in_tab: str  # a checklist item in the second tab
    said: str  # words of the message about the hostile tag


LANGUAGES = {
    "en": Language("en", "sales/proposal.md", "sops/proposal/", "## Send", "Returning client",
                   "Start from last year's proposal", "<script> is not allowed"),
    "zh": Language("zh", "ops/kickoff-agenda.md", "sops/kickoff-agenda/", "## 会后", "线下会议",
                   "预订会议室", "内容中不允许使用 <script>"),
}


@dataclass
class Built:
    language: Language
    result: BuildResult
    hostile_line: int
    server: StaticServer


def _insert_after(path: Path, anchor: str, new: list[str]) -> int:
    """Put ``new`` lines after the line starting with ``anchor``; the file line of the
    first of them."""
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith(anchor))
    lines[at + 1:at + 1] = new
    path.write_text("\n".join(lines), encoding="utf-8")
    return at + 2


@pytest.fixture(scope="module", params=list(LANGUAGES))
def built(request: pytest.FixtureRequest,
          tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    language = LANGUAGES[request.param]
    project = tmp_path_factory.mktemp(f"material-{language.code}") / "project"
    shutil.copytree(SITE, project)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("  language: en\n",
                                                      f"  language: {language.code}\n")
    config.write_text(text + "\nplugins:\n  - search\n  - journeydocs\n", encoding="utf-8")
    _insert_after(project / "docs/index.md", "Welcome", [
        "", "<!-- journeydocs:hourglass -->", "", "Say hello :smile:", "",
        "- [ ] Read the guide", "- [x] Meet the team", ""])
    sop = project / "docs/sops" / language.sop
    _insert_after(sop, "# ", ["", "Thanks for the work :smile:"])
    line = _insert_after(sop, language.anchor, ["", HOSTILE, ""]) + 1
    result = run_mkdocs_build(project)  # (not strict: the hostile tag is reported)
    assert result.returncode == 0, result.output
    with StaticServer(result.site) as server:
        yield Built(language, result, line, server)


def test_the_build_names_the_hostile_tag_at_its_line(built: Built) -> None:
    source = f"docs/sops/{built.language.sop}"
    said = [ln for ln in built.result.output.splitlines()
            if "WARNING" in ln and f"journeydocs: {source}:" in ln]
    assert len(said) == 1, said  # the tag, and nothing Material made
    assert f"{source}:{built.hostile_line}:1: {built.language.said}" in said[0], said


@dataclass
class Watched:
    page: Any
    csp: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    emoji: list[str] = field(default_factory=list)


@pytest.fixture
def tab(browser: Any, built: Built) -> Iterator[Watched]:
    context = browser.new_context()
    page = context.new_page()
    watched = Watched(page)

    def route(r: Any) -> None:
        url = r.request.url
        if urlparse(url).hostname in ("127.0.0.1", "localhost"):
            r.continue_()
        elif url.startswith(TWEMOJI):
            watched.emoji.append(url)
            r.fulfill(status=200, content_type="image/svg+xml", body=EMOJI_STAND_IN)
        elif url == MERMAID_CDN:
            r.fulfill(status=200, content_type="application/javascript",
                      headers={"Access-Control-Allow-Origin": "*"}, body=MERMAID_STAND_IN)
        else:
            watched.external.append(url)
            r.abort()

    context.route("**/*", route)
    context.expose_function("__jdCsp", lambda text: watched.csp.append(text))
    context.add_init_script(WATCH_CSP)
    page.on("pageerror", lambda e: watched.errors.append(f"{page.url}: {e}"))
    page.on("console", lambda m: watched.errors.append(f"{page.url}: {m.text}")
            if m.type == "error" else None)
    yield watched
    page.wait_for_timeout(200)
    context.close()
    assert not watched.csp, "Content-Security-Policy violations:\n" + "\n".join(watched.csp)
    assert not watched.errors, "page errors:\n" + "\n".join(watched.errors)
    assert not watched.external, "requests to other hosts:\n" + "\n".join(watched.external)


def tabs_switch(page: Any, label: str) -> None:
    """Clicking the second tab's label shows its content and hides the first's."""
    tabs = page.locator("article .tabbed-set").first
    blocks = tabs.locator(".tabbed-block")
    assert blocks.nth(0).is_visible() and not blocks.nth(1).is_visible()
    tabs.locator(".tabbed-labels label", has_text=label).click()
    page.wait_for_function("(el) => getComputedStyle(el).display !== 'none'",
                           arg=blocks.nth(1).element_handle())
    assert blocks.nth(1).is_visible() and not blocks.nth(0).is_visible()
    assert tabs.locator("input[type=radio]").nth(1).is_checked()


def icons_and_emoji_are_drawn(page: Any, watched: Watched) -> None:
    icons = page.locator("article span.twemoji > svg")
    assert icons.count() >= 2
    for k in range(icons.count()):
        if not icons.nth(k).is_visible():
            continue  # (in a closed tab or details)
        box = icons.nth(k).bounding_box()
        assert box and box["width"] > 0 and box["height"] > 0, icons.nth(k).evaluate(
            "e => e.outerHTML")
        assert icons.nth(k).locator("path").count() >= 1
    emoji = page.locator(f'article img.twemoji[src^="{TWEMOJI}"]').first
    emoji.scroll_into_view_if_needed()
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0",
                           arg=emoji.element_handle())
    box = emoji.bounding_box()
    assert box and box["width"] > 0 and box["height"] > 0
    assert watched.emoji, "the emoji image was not requested"


def test_sop_page(built: Built, tab: Watched) -> None:
    page, language = tab.page, built.language
    page.goto(built.server.url + language.page)
    page.wait_for_selector(".jd-checklist")
    tabs_switch(page, language.tab)
    icons_and_emoji_are_drawn(page, tab)
    # the checklist: items in tabs and admonitions are among its items, and tick
    box = page.get_by_role("checkbox", name=language.in_tab, exact=True)
    page.locator("li.jd-item", has=box).click(position={"x": 30, "y": 8})
    assert box.is_checked()
    page.reload()
    page.wait_for_selector(".jd-checklist")
    assert page.get_by_role("checkbox", name=language.in_tab, exact=True).is_checked()
    items = page.locator("li.jd-item").count()
    assert items >= 6, items
    # the hostile tag: not on the page, named at its own line at the top of the page
    assert "jd-hostile" not in page.content()
    problems = page.locator("article .admonition.danger").inner_text()
    assert re.search(rf"docs/sops/{re.escape(language.sop)}:{built.hostile_line}:1\b",
                     problems), problems
    assert language.said in problems, problems


def test_hourglass_home_page(built: Built, tab: Watched) -> None:
    page = tab.page
    page.goto(built.server.url)
    page.wait_for_load_state("load")
    assert page.locator("article .jd-hourglass").count() == 1, "no hourglass: not owned"
    tabs_switch(page, "Remote")
    icons_and_emoji_are_drawn(page, tab)
    page.wait_for_function("() => (window.__mermaid || []).length > 0", timeout=10000)
    assert page.locator("article .md-annotation").count() >= 1
    assert page.locator("article abbr[title='Customer relationship management']").count()
    assert page.locator("article .grid.cards").count() == 1
    boxes = page.locator("article li.task-list-item input[type=checkbox]")
    assert boxes.count() == 2 and boxes.nth(1).is_checked()
    # Material draws each box as its indicator's ::before
    drawn = page.locator("article li.task-list-item .task-list-indicator").first.evaluate(
        "e => parseFloat(getComputedStyle(e, '::before').width)")
    assert drawn > 0
