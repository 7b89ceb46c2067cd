"""The header search box on Pagefind's index (search.js), as staff use it in Chromium.

The sample playbooks (English and samples/zh) are built with the plugin's
``search: pagefind`` and served under a sub-path, as GitHub Pages does. What to find comes
from the playbook's files: an SOP by its title (Enter opens it, its words marked there), a
journey step by its title (lands on ``#step-<id>``), a checklist item (lands on its
section), the filters and "My SOPs" (only the owner's pages), all by keyboard, in Chinese,
and on a 390 px phone in both colour schemes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from axe_playwright_python.base import AXE_SCRIPT

from browser.test_axe import OPTIONS, SETTLED
from conftest import (
    ROOT,
    StaticServer,
    copy_language_sample,
    copy_sample,
    run_mkdocs_build,
    use_pagefind,
)

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
RESULT_PAGES = ("() => [...document.querySelectorAll("
                "'.md-search-result__list > li > .md-search-result__link:first-child')]"
                ".map(a => new URL(a.href).pathname)")


def with_pagefind(project: Path) -> Path:
    """``project`` built with the plugin's ``search: pagefind``."""
    return use_pagefind(project)


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaticServer]:
    project = with_pagefind(copy_sample(tmp_path_factory.mktemp("pagefind")))
    result = run_mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.output
    assert (result.site / "pagefind" / "pagefind.js").exists()
    with StaticServer(result.site, "playbook") as server:
        yield server


@pytest.fixture(scope="module")
def chinese(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaticServer]:
    project = with_pagefind(copy_language_sample("zh", tmp_path_factory.mktemp("pagefind")))
    result = run_mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.output
    with StaticServer(result.site, "playbook") as server:
        yield server


def front_matter(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---", 2)[1])


def sops(docs: Path) -> dict[str, dict[str, Any]]:
    return {p.stem: front_matter(p) for p in sorted((docs / "sops").glob("*.md"))
            if p.stem != "index"}


def open_site(browser: Any, url: str, viewport: dict[str, int] = DESKTOP,
              scheme: str = "light") -> Any:
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors
    page.goto(url)
    page.wait_for_selector(".jd-search .md-search__input", state="attached")
    return page


def settled(page: Any, query: str) -> None:
    """Wait until the results shown are those of ``query`` (with the filters chosen)."""
    page.wait_for_function(
        """(q) => { const r = document.querySelector('.jd-search .md-search-result');
                    return r.getAttribute('aria-busy') === 'false' &&
                           r.getAttribute('data-jd-query') === q; }""", arg=query)


def search(page: Any, text: str) -> list[str]:
    """Open the box by keyboard, type ``text``: the result pages' paths, best first."""
    page.keyboard.press("/")
    page.keyboard.press("Control+A")
    page.keyboard.type(text)
    settled(page, text)
    return list(page.evaluate(RESULT_PAGES))


def is_open(page: Any) -> bool:
    return bool(page.evaluate("document.getElementById('__search').checked"))


def test_typing_finds_each_sop_and_enter_opens_it_with_its_words_marked(
        browser: Any, english: StaticServer) -> None:
    page = open_site(browser, english.url)
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    assert page.locator(".md-header .jd-search .md-search__input").is_visible()
    assert page.get_attribute(".jd-search .md-search__input", "placeholder") == "Search"
    page.wait_for_load_state("networkidle")
    assert not [url for url in asked if "/pagefind/" in url]  # nothing before the box is used
    page.locator(".jd-search .md-search__input").focus()
    page.wait_for_function("() => performance.getEntriesByType('resource').some("
                           "e => e.name.endsWith('/playbook/pagefind/pagefind.js'))")
    for sop_id, meta in sops(ROOT / "content").items():
        found = search(page, meta["title"])
        assert found[0] == f"/playbook/sops/{sop_id}/", (meta["title"], found)
        meta_text = page.text_content(".jd-search .md-search-result__meta")
        assert re.fullmatch(r"\d+ matching pages?", meta_text or ""), meta_text
    title = sops(ROOT / "content")["client-kickoff"]["title"]
    search(page, "kick-off client")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/sops/client-kickoff/\?h="))
    assert parse_qs(urlsplit(page.url).query)["h"] == ["kick-off client"]
    assert page.text_content("article h1") == title + "¶"
    page.wait_for_selector("article mark[data-md-highlight]")
    marked = page.eval_on_selector_all("article mark[data-md-highlight]",
                                       "els => els.map(e => e.textContent.toLowerCase())")
    assert {"kick", "off", "client"} <= set(marked), marked  # (Material splits at "-" too)
    assert not is_open(page)
    assert page.errors == []


def test_a_step_lands_on_its_anchor_and_a_checklist_item_on_its_section(
        browser: Any, english: StaticServer, tmp_path: Path) -> None:
    journey = yaml.safe_load((ROOT / "content/journeys/client-onboarding.yml").read_text())
    step = next(s for s in journey["steps"] if s["id"] == "welcome")
    page = open_site(browser, english.url)
    search(page, step["title"])
    link = page.locator(".md-search-result__link[href*='#step-']").first
    href = link.get_attribute("href") or ""
    assert href.startswith("/playbook/journeys/client-onboarding/?h=")
    assert href.endswith(f"#step-{step['id']}")
    assert step["title"] in (link.text_content() or "")
    link.click()
    page.wait_for_url(re.compile(rf".*#step-{step['id']}$"))
    heading = page.locator(f"#step-{step['id']}")
    box = heading.bounding_box()
    assert box is not None and 40 <= box["y"] < 900, box  # below the header, in sight

    # a checklist item: its SOP's result leads to the item's section
    text = (ROOT / "content/sops/client-kickoff.md").read_text(encoding="utf-8")
    section = ""
    for line in text.splitlines():
        if line.startswith("## "):
            section = line[3:].strip()
        if "intake questionnaire" in line:
            break
    built = english.root / "sops/client-kickoff/index.html"
    item = re.search(r'data-jd-heading="([^"]+)"[^>]*>[^<]*<label[^>]*><input aria-label="'
                     r'[^"]*intake questionnaire', built.read_text(encoding="utf-8"))
    assert item is not None and section
    search(page, "intake questionnaire")
    sub = page.locator(".md-search-result__list > li").filter(
        has=page.locator("h1", has_text="client kick-off")).locator(
        f".md-search-result__link[href$='#{item.group(1)}']")
    assert section in (sub.locator("h2").text_content() or "")
    sub.click()
    page.wait_for_url(re.compile(rf".*/sops/client-kickoff/\?h=.*#{item.group(1)}$"))
    page.wait_for_selector("mark[data-md-highlight]")
    assert page.errors == []


def owner_name(oid: str, docs: Path = ROOT / "content") -> str:
    """The owner filter's value for an owner: the role's name."""
    return str(yaml.safe_load((docs / "owners.yml").read_text(encoding="utf-8"))[oid]["name"])


def owners_pages(docs: Path, name: str) -> set[str]:
    """The pages of the owner (role) ``name``: its page, its SOPs and the journeys it owns."""
    owners = yaml.safe_load((docs / "owners.yml").read_text(encoding="utf-8"))
    ids = {oid for oid, entry in owners.items() if entry.get("name") == name}
    pages = {f"/playbook/sops/{sid}/" for sid, meta in sops(docs).items() if meta["owner"] in ids}
    pages |= {f"/playbook/owners/{oid}/" for oid in ids}
    for path in (docs / "journeys").glob("*.yml"):
        if yaml.safe_load(path.read_text(encoding="utf-8"))["owner"] in ids:
            pages.add(f"/playbook/journeys/{path.stem}/")
    return pages


def all_results(page: Any) -> list[str]:
    """Every result (the box shows ten, then a button for more)."""
    while page.locator(".jd-search-more button").count():
        before = page.locator(".md-search-result__list > li").count()
        page.click(".jd-search-more button")
        page.wait_for_function(
            "(n) => document.querySelectorAll('.md-search-result__list > li').length > n",
            arg=before)
    return list(page.evaluate(RESULT_PAGES))


def test_filters_narrow_the_results(browser: Any, english: StaticServer) -> None:
    page = open_site(browser, english.url)
    everything = search(page, "client")
    page.click(".jd-search-filters > summary")
    owner = page.locator(".jd-search-facet").filter(has=page.locator("legend", has_text="Owner"))
    people = yaml.safe_load((ROOT / "content/owners.yml").read_text(encoding="utf-8"))
    owning = {e["name"] for e in people.values() if owners_pages(ROOT / "content", e["name"])}
    assert owner.locator("input").count() == len(owning) > 1
    for legend in ("Owner", "Stage", "Journey", "System", "Critical step", "Tags"):
        assert page.locator(".jd-search-facet legend", has_text=legend).count() == 1
    choice = owner.locator("label", has_text=owner_name("delivery-lead"))
    count = int(choice.locator(".jd-search-facet__count").text_content() or "-1")
    choice.locator("input").check()
    settled(page, "client")
    narrowed = all_results(page)
    expected = owners_pages(ROOT / "content", owner_name("delivery-lead"))
    assert narrowed and len(narrowed) == count < len(everything)
    assert set(narrowed) <= expected, (narrowed, expected)

    # no words, only a filter: every page of it
    page.fill(".jd-search .md-search__input", "")
    page.dispatch_event(".jd-search .md-search__input", "input")
    settled(page, "")
    assert set(all_results(page)) == expected
    # a second value of the same filter widens it; another filter narrows it
    owner.locator("label", has_text=owner_name("client-success")).locator("input").check()
    settled(page, "")
    both = set(all_results(page))
    assert both == expected | owners_pages(ROOT / "content", owner_name("client-success"))
    page.locator(".jd-search-facet").filter(has=page.locator("legend", has_text="System")) \
        .locator("label", has_text="marketing").locator("input").check()
    settled(page, "")
    assert set(all_results(page)) < both
    assert page.errors == []


def test_my_sops_is_picked_once_and_remembered(browser: Any, english: StaticServer) -> None:
    page = open_site(browser, english.url)
    search(page, "check")
    assert page.get_attribute(".jd-search-mine__toggle", "aria-pressed") == "false"
    page.click(".jd-search-mine__toggle")
    picker = page.locator(".jd-search-mine__pick select")
    picker.wait_for()
    assert page.evaluate("document.activeElement.matches('.jd-search-mine__pick select')")
    picker.select_option(owner_name("sales-lead"))
    settled(page, "check")
    assert page.get_attribute(".jd-search-mine__toggle", "aria-pressed") == "true"
    assert page.text_content(".jd-search-mine__who") == owner_name("sales-lead")
    mine = set(all_results(page))
    assert mine and mine <= owners_pages(ROOT / "content", owner_name("sales-lead"))

    page.reload()
    page.wait_for_selector(".jd-search .md-search__input", state="attached")
    assert search(page, "check") != []
    assert page.get_attribute(".jd-search-mine__toggle", "aria-pressed") == "false"
    page.click(".jd-search-mine__toggle")  # remembered: no question this time
    settled(page, "check")
    assert page.locator(".jd-search-mine__pick").is_hidden()
    assert set(all_results(page)) == mine
    page.click(".jd-search-mine__toggle")  # and off again
    settled(page, "check")
    assert set(all_results(page)) > mine
    assert page.errors == []


def focused(page: Any) -> str:
    return str(page.evaluate("""() => { const a = document.activeElement;
        return a.matches('.md-search__input') ? 'input'
             : a.closest('.md-search-result__link') ? 'link:' + a.getAttribute('href')
             : a.className || a.tagName; }"""))


def test_keyboard_only(browser: Any, english: StaticServer) -> None:
    page = open_site(browser, english.url + "journeys/")
    page.keyboard.press("s")
    assert is_open(page) and focused(page) == "input"
    page.keyboard.type("consultation")
    settled(page, "consultation")
    links = page.eval_on_selector_all(
        ".md-search-result__list :not(details) > .md-search-result__link",
        "els => els.map(a => a.getAttribute('href'))")
    assert len(links) >= 3
    page.keyboard.press("ArrowDown")
    assert focused(page) == "link:" + links[0]
    page.keyboard.press("ArrowDown")
    assert focused(page) == "link:" + links[1]
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert focused(page) == "input"
    page.keyboard.press("ArrowUp")  # round to the last stop, as Material does
    assert focused(page) != "input"
    page.keyboard.press("Escape")
    assert not is_open(page)
    assert focused(page) != "input"

    # Tab from the box reaches "My SOPs" and the filters; Escape closes the filters first
    page.keyboard.press("/")
    assert is_open(page) and focused(page) == "input"
    for _ in range(2):  # (Material's results panel is a stop on the way: it scrolls)
        page.keyboard.press("Tab")
        if "jd-search-mine__toggle" in focused(page):
            break
    assert "jd-search-mine__toggle" in focused(page)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('.jd-search-filters > summary')")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('.jd-search-facet input')")
    page.keyboard.press("Space")
    settled(page, "consultation")
    assert page.evaluate("document.activeElement.matches('.jd-search-facet input:checked')")
    assert "(1)" in (page.text_content(".jd-search-filters__count") or "")
    page.keyboard.press("Escape")
    assert is_open(page)
    assert not page.evaluate("document.querySelector('.jd-search-filters').open")
    page.keyboard.press("Escape")
    assert not is_open(page)

    # and on to a page: ArrowDown to the first result, Enter follows it
    page.keyboard.press("/")
    page.keyboard.press("ArrowDown")
    target = focused(page)
    assert target.startswith("link:/playbook/")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(".*" + re.escape(target[len("link:"):].split("?")[0])))
    assert not is_open(page)
    assert page.errors == []


CHINESE = [("对账", "daily-reconciliation"), ("发票", "invoicing"), ("纳税申报", "tax-filing"),
           ("直播", "live-tasting"), ("退款", "return-and-refund")]
"""Known answers on samples/zh: a word of the SOP's title, and the SOP."""


def test_a_chinese_query_finds_chinese_sops(browser: Any, chinese: StaticServer) -> None:
    titles = sops(ROOT / "samples/zh/docs")
    page = open_site(browser, chinese.url)
    assert page.get_attribute(".jd-search .md-search__input", "placeholder") == "搜索"
    for query, sop_id in CHINESE:
        assert query in titles[sop_id]["title"]
        found = search(page, query)
        assert f"/playbook/sops/{sop_id}/" in found[:3], (query, found)
        shown = page.locator(".md-search-result__list > li > .md-search-result__link"
                             f"[href^='/playbook/sops/{sop_id}/'] h1")
        assert (shown.text_content() or "").startswith(titles[sop_id]["title"])
        assert shown.locator("mark").first.text_content() == query  # the word marked
        meta_text = page.text_content(".jd-search .md-search-result__meta") or ""
        assert re.fullmatch(r"\d+ 个匹配的页面", meta_text), meta_text
    page.click(".jd-search-filters > summary")
    assert page.locator(".jd-search-facet legend", has_text="负责人").count() == 1
    assert page.text_content(".jd-search-mine__toggle") == "我的 SOP"
    search(page, "纳税申报")
    page.keyboard.press("Escape")
    page.keyboard.press("/")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/sops/tax-filing/\?h="))
    page.wait_for_selector("article mark[data-md-highlight]")
    assert "纳税申报" in page.eval_on_selector_all(
        "article mark[data-md-highlight]", "els => els.map(e => e.textContent)")
    assert page.errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_on_a_phone(browser: Any, english: StaticServer, scheme: str) -> None:
    page = open_site(browser, english.url, PHONE, scheme)
    box = page.locator(".jd-search .md-search__input")
    assert not in_sight(page, ".jd-search .md-search__input")
    button = page.locator(".md-header .jd-search-open")
    assert button.is_visible()
    assert button.get_attribute("aria-label") == "Search"
    button.click()
    assert is_open(page) and focused(page) == "input"
    page.wait_for_function(IN_SIGHT, arg=".jd-search .md-search__input")  # (slides in)
    page.keyboard.type("renewal")
    settled(page, "renewal")
    first = page.locator(".md-search-result__list > li > .md-search-result__link").first
    for locator in (box, first, page.locator(".jd-search-mine__toggle")):
        rect = locator.bounding_box()
        assert rect is not None and rect["x"] >= 0 and rect["x"] + rect["width"] <= 390, rect
        assert locator.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # the panel in the scheme's colours: Material's background, readable text
    colours = page.evaluate("""() => {
        const s = (el) => getComputedStyle(el);
        const wrap = document.querySelector('.jd-search .md-search__output');
        const chip = document.querySelector('.jd-search-mine__toggle');
        return [s(document.body).backgroundColor, s(wrap).backgroundColor,
                s(document.querySelector('.jd-search-facets')).backgroundColor,
                s(chip).color]; }""")
    body, wrap, facets, chip = colours
    assert facets == body, colours
    dark = scheme == "dark"
    assert luminance(facets) < 0.1 if dark else luminance(facets) > 0.9, colours
    assert contrast(chip, facets) >= 4.5, colours
    href = first.get_attribute("href") or ""
    first.click()
    page.wait_for_url(re.compile(".*" + re.escape(href.split("?")[0])))
    assert not is_open(page)
    assert page.errors == []


def luminance(css: str) -> float:
    r, g, b = (int(v) / 255 for v in re.findall(r"\d+", css)[:3])
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def in_sight(page: Any, selector: str) -> bool:
    """Drawn inside the viewport, neither transparent nor hidden."""
    return bool(page.evaluate(IN_SIGHT, selector))


IN_SIGHT = """(sel) => {
    const el = document.querySelector(sel);
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 &&
           r.left < innerWidth && r.top < innerHeight &&
           el.checkVisibility({opacityProperty: true, visibilityProperty: true}); }"""


AXE = """async (options) => {
  const results = await axe.run({include: [[".jd-search"]]}, options);
  return results.violations.flatMap((v) => v.nodes.map((n) => v.id + ": " + n.target.join(" ")
    + " " + (n.failureSummary || "").slice(0, 200)));
}"""


@pytest.mark.parametrize(("viewport", "scheme"), [(DESKTOP, "light"), (PHONE, "dark")])
def test_axe_finds_nothing_in_the_open_box(browser: Any, english: StaticServer,
                                           viewport: dict[str, int], scheme: str) -> None:
    page = open_site(browser, english.url, viewport, scheme)
    page.evaluate("document.getElementById('__search').click()")
    page.locator(".jd-search .md-search__input").focus()
    page.keyboard.type("review")
    settled(page, "review")
    page.click(".jd-search-filters > summary")
    page.click(".jd-search-mine__toggle")
    page.wait_for_selector(".jd-search-mine__pick select")
    page.wait_for_function(SETTLED, timeout=10000)
    page.evaluate(AXE_SCRIPT)
    assert page.evaluate(AXE, OPTIONS) == []


@pytest.fixture(scope="module")
def traditional(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaticServer]:
    project = with_pagefind(copy_language_sample("zh-Hant",
                                                 tmp_path_factory.mktemp("pagefind")))
    result = run_mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.output
    with StaticServer(result.site, "playbook") as server:
        yield server


SHOWN = ("() => [...document.querySelectorAll('.jd-search .md-search-result__article')]"
         ".flatMap(a => [...a.querySelectorAll('h1, h2, p')].map(e => e.textContent))")
SHOWN_MARKS = ("() => [...document.querySelectorAll('.jd-search .md-search-result__article p "
               "mark')].map(m => m.textContent)")
HAN = r"[\u3400-\u4dbf\u4e00-\u9fff]"
CJK_PUNCT = "[：（）。，、；！？“”]"
TORN = re.compile(rf"{HAN}\s+{HAN}|{HAN}\s+{CJK_PUNCT}|{CJK_PUNCT}\s+{HAN}")
"""A space the Chinese samples never have (none in their sources): between two Han
characters, or between one and CJK punctuation."""


@pytest.mark.parametrize(("name", "query", "title", "owner"), [
    ("zh", "首次回复", "售后工单：登记与首次回复", "茶室店长（兼主讲茶师）"),
    ("zh-Hant", "了解需求", "企業詢價：了解需求與報價", "門市店長（兼品茶講師）"),
])
def test_chinese_titles_and_previews_read_as_the_page_writes_them(
        name: str, query: str, title: str, owner: str, browser: Any,
        request: pytest.FixtureRequest) -> None:
    server = request.getfixturevalue("chinese" if name == "zh" else "traditional")
    docs = ROOT / "samples" / name / "docs"
    assert title in {m["title"] for m in sops(docs).values()}
    assert TORN.search((docs / "owners.yml").read_text(encoding="utf-8")) is None
    page = open_site(browser, server.url)
    for text in (query, title[:2], owner[-4:-1]):
        assert search(page, text), text
        shown = page.evaluate(SHOWN)
        assert shown and not [s for s in shown if TORN.search(s)], (text, shown)
        if text == query:
            assert title in shown, shown                     # the title, as the page has it
            assert query in "".join(page.evaluate(SHOWN_MARKS)), shown  # marked in a preview
        if text == owner[-4:-1]:
            assert any(owner in s for s in shown), shown
    assert page.errors == []


HIGHLIGHTS = """(selector) => [...document.querySelectorAll(selector)].map(m => {
  const text = (n) => n && n.nodeType === Node.TEXT_NODE ? n.textContent : "";
  const before = text(m.previousSibling), after = text(m.nextSibling);  // (same text)
  return [before.slice(-1), m.textContent, after.slice(0, 1)];
})"""


def test_highlighting_marks_whole_words(browser: Any, english: StaticServer) -> None:
    """``check-in`` marks "check" and "in", never the "in" of "During" (Material's way)."""
    page = open_site(browser, english.url)
    found = search(page, "check-in")
    assert "/playbook/sops/delivery-checkin/" in found, found
    in_titles = page.evaluate(HIGHLIGHTS, ".jd-search .md-search-result__article :is(h1, h2) mark")
    page.goto(english.url + "sops/delivery-checkin/?h=check-in")
    page.wait_for_selector("article mark[data-md-highlight]")
    on_page = page.evaluate(HIGHLIGHTS, "article mark[data-md-highlight]")
    assert "During" in (page.text_content("article") or "")
    assert {m.lower() for _, m, _ in on_page} == {"check", "in"}, on_page
    for before, word, after in in_titles + on_page:
        assert not re.match(r"\w", before) and not re.match(r"\w", after), (
            before, word, after, in_titles, on_page)
    assert page.errors == []


@pytest.mark.parametrize(("name", "query"), [
    ("en", "purchase zebra"), ("zh", "茶叶蛋"), ("zh", "小绿书"), ("zh", "对账 茶叶蛋")])
def test_a_word_on_no_page_finds_nothing(name: str, query: str, browser: Any,
                                         request: pytest.FixtureRequest) -> None:
    """Pagefind drops a word it has on no page; the box shows no page for it."""
    server = request.getfixturevalue("english" if name == "en" else "chinese")
    docs = ROOT / ("content" if name == "en" else f"samples/{name}/docs")
    sources = "".join(p.read_text(encoding="utf-8") for p in docs.rglob("*.*")
                      if p.suffix in (".md", ".yml")).lower()
    absent = query.split()[-1]
    assert absent not in sources
    page = open_site(browser, server.url)
    found = search(page, query)
    assert found == [], (query, found)
    no_match = "No matching pages" if name == "en" else "没有匹配的页面"
    assert page.text_content(".jd-search .md-search-result__meta") == no_match
    # a real query with every word still finds its page, each result with every word
    real, expected = (("purchase repeat", "/playbook/journeys/client-onboarding/")
                      if name == "en" else ("对账 差异", "/playbook/sops/daily-reconciliation/"))
    found = search(page, real)
    assert expected in found, (real, found)
    assert page.errors == []
