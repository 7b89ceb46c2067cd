"""Metric charts as a person sees them in Chromium: visible, every word readable (4.5:1) and
every mark, the target line and the map's on/off-target line distinguishable (3:1), in the
light and the dark palette, in English and in Chinese."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from browser.contrast import text_contrast
from conftest import BuildResult, StaticServer

pytestmark = pytest.mark.browser

PAGES = {  # sample -> (metrics page, a journey page with charts, words of an off-target mark)
    "en": ("metrics/", "journeys/webinar-to-client/", "✕ off target"),
    "zh": ("metrics/", "journeys/order-fulfilment/", "✕ 未达标"),
}


@pytest.fixture(scope="module")
def servers(sample_site: BuildResult,
            language_sites: Callable[[str], BuildResult]) -> Any:
    with StaticServer(sample_site.site) as en, StaticServer(language_sites("zh").site) as zh:
        yield {"en": en, "zh": zh}


def low(locator: Any, minimum: float) -> list[str]:
    out = []
    for i in range(locator.count()):
        seen = text_contrast(locator.nth(i))
        if seen["ratio"] < minimum:
            out.append(f"{locator.nth(i).evaluate('(e) => e.outerHTML')[:80]}: "
                       f"{seen['ratio']:.2f} ({seen['color']} on {seen['background']})")
    return out


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("language", ["en", "zh"])
def test_charts_are_visible_and_legible(browser: Any, servers: Any, language: str,
                                        scheme: str) -> None:
    metrics, journey, off_words = PAGES[language]
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(servers[language].url + metrics)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == (
        "slate" if scheme == "dark" else "default")
    charts = page.locator("figure.jd-chart svg.jd-chart-svg")
    assert charts.count() >= 4
    chart = charts.first
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    assert box is not None and box["width"] > 400 and box["height"] > 150
    # every word: the title, tick labels, legend: text in the page's font, readable
    assert low(chart.locator("text"), 4.5) == []
    # the marks and the lines: non-text contrast
    marks = chart.locator(":is(.jd-points-on, .jd-points-off, .jd-target) :is(use, path)")
    assert marks.count() > 0 and low(marks, 3) == []
    # Chinese words drawn inside the chart (not outside its box, not zero-width)
    title = chart.locator(".jd-title text")
    tbox = title.bounding_box()
    assert tbox is not None and tbox["width"] > 20
    assert box["x"] <= tbox["x"] and tbox["x"] + tbox["width"] <= box["x"] + box["width"]
    assert box["y"] <= tbox["y"] and tbox["y"] + tbox["height"] <= box["y"] + box["height"]
    # the values as a table, for who does not see the chart
    details = page.locator("details.jd-chart-data").first
    details.locator("summary").click()
    assert details.locator("tbody tr").count() >= 6
    assert low(details.locator("td"), 4.5) == []
    # the map: a critical step's line says where its latest value stands
    page.goto(servers[language].url + journey)
    mark = page.locator(".jd-map g.jd-off-target text").last
    assert mark.text_content() == off_words
    assert low(mark, 4.5) == []
    assert page.locator(".jd-chart-svg").count() >= 2
    context.close()
