"""What a screen reader gets from journeydocs' pages, read from Chromium's accessibility
tree (Playwright's roles and names): row headers in facts tables, ★ and ● read as words
("critical step", "yes") and never as "black star", the hourglass as lists, and links in
running text underlined while the hourglass's stay plain targets of at least 24 px.
In English and in both Chinese samples."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from conftest import BuildResult, StaticServer

pytestmark = pytest.mark.browser

WORDS = {
    "en": {"journey": "journeys/webinar-to-client/", "step": "Consultation call",
           "critical": "critical step", "yes": "yes", "owner_page": "owners/sales-lead/",
           "sop": "sops/consultation-call/", "owner": "Owner", "figure": "Figure",
           "stage": "Know", "hourglass": "The hourglass: journeys by stage",
           "badge": "critical"},
    "zh": {"journey": "journeys/content-to-first-order/", "step": "看周四晚的直播品鉴",
           "critical": "关键步骤", "yes": "是", "owner_page": "owners/store-manager/",
           "sop": "sops/live-tasting/", "owner": "负责人", "figure": "数值",
           "stage": "认识", "hourglass": "营销沙漏：各阶段的客户旅程",
           "badge": "关键步骤"},
    "zh-Hant": {"journey": "journeys/content-to-first-order/", "step": "看週四晚上的直播品茶",
                "critical": "關鍵步驟", "yes": "是", "owner_page": "owners/store-manager/",
                "sop": "sops/live-tasting/", "owner": "負責人", "figure": "數值",
                "stage": "認識", "hourglass": "行銷沙漏：各階段的客戶旅程",
                "badge": "關鍵步驟"},
}


@pytest.fixture(scope="module", params=list(WORDS))
def served(request: pytest.FixtureRequest) -> Iterator[tuple[str, StaticServer]]:
    name = request.param
    site: BuildResult = (request.getfixturevalue("sample_site") if name == "en"
                         else request.getfixturevalue("language_sites")(name))
    with StaticServer(site.site) as server:
        yield name, server


def open_page(browser: Any, url: str) -> Any:
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(url)
    page.wait_for_selector(".jd-drawer-button", state="attached")
    return page


def no_glyph(text: str) -> bool:
    return "★" not in text and "●" not in text


def test_critical_steps_are_read_as_words(browser: Any,
                                         served: tuple[str, StaticServer]) -> None:
    lang, server = served
    w = WORDS[lang]
    page = open_page(browser, server.url + w["journey"])
    heading = page.get_by_role("heading", level=3, name=f"{w['step']} {w['critical']}")
    assert heading.count() == 1
    drawn = heading.locator(".jd-glyph").evaluate(
        "(g) => getComputedStyle(g, '::before').content")
    assert drawn.startswith('"★"'), drawn  # the eye still sees the star
    headings = page.locator("article h3").evaluate_all(
        "(hs) => hs.map((h) => h.textContent)")
    assert all(no_glyph(h) for h in headings)  # tables of contents and search copy these
    toc = page.locator(".md-sidebar--secondary").inner_text()
    assert w["step"] in toc and no_glyph(toc)

    page.goto(server.url + w["sop"])
    used = page.locator("#used-in + ul").aria_snapshot()
    assert w["badge"] in used and no_glyph(used), used

    page.goto(server.url + w["owner_page"])
    critical = page.locator("article table", has=page.locator(".jd-glyph")).aria_snapshot()
    assert f"cell \"{w['yes']}\"" in critical and no_glyph(critical), critical
    page.context.close()


def test_tables_have_row_and_column_headers(browser: Any,
                                            served: tuple[str, StaticServer]) -> None:
    lang, server = served
    w = WORDS[lang]
    page = open_page(browser, server.url + w["sop"])
    facts = page.locator(".jd-sop-facts table")
    assert facts.get_by_role("rowheader", name=w["owner"], exact=True).count() == 1
    assert facts.get_by_role("columnheader").count() == 0

    page.goto(server.url + "health/")
    figures = page.locator(".jd-figures table")
    assert figures.get_by_role("columnheader", name=w["figure"], exact=True).count() == 1
    assert figures.get_by_role("rowheader").count() == 7
    headers = figures.get_by_role("columnheader").all_inner_texts()
    assert all(h.strip() for h in headers), headers

    page.goto(server.url + "journeys/")
    cells = page.locator("article table").first.aria_snapshot()
    assert f"cell \"{w['yes']}\"" in cells and no_glyph(cells), cells
    page.context.close()


def test_the_hourglass_is_lists_of_stages_and_journeys(browser: Any,
                                                       served: tuple[str, StaticServer]
                                                       ) -> None:
    lang, server = served
    w = WORDS[lang]
    page = open_page(browser, server.url + "journeys/")
    hourglass = page.get_by_role("navigation", name=w["hourglass"])
    tree = hourglass.aria_snapshot()
    # each stage a list item: its name, then a list of its journeys' links
    assert re.search(rf"- listitem:\n\s+- text: {re.escape(w['stage'])}\n\s+- list:\n"
                     rf"\s+- listitem:\n\s+- link ", tree), tree
    assert no_glyph(tree) and "·" not in tree, tree  # the separator is drawn, not read
    links = hourglass.get_by_role("link")
    assert links.count() >= 3
    for box in links.evaluate_all("(ls) => ls.map((l) => l.getBoundingClientRect().height)"):
        assert box >= 24  # WCAG 2.5.8: a target of at least 24 by 24 px
    underline = links.first.evaluate("(l) => getComputedStyle(l).textDecorationLine")
    assert underline == "none"
    page.context.close()


def test_links_in_running_text_are_underlined(browser: Any,
                                              served: tuple[str, StaticServer]) -> None:
    lang, server = served
    page = open_page(browser, server.url + WORDS[lang]["journey"])
    styles = page.locator("article li a[href]").evaluate_all(
        "(ls) => ls.map((l) => getComputedStyle(l).textDecorationLine)")
    assert styles and set(styles) == {"underline"}, styles
    permalink = page.locator("article .headerlink").first
    assert permalink.evaluate("(l) => getComputedStyle(l).textDecorationLine") == "none"
    page.context.close()
