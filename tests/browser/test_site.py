"""The published site in headless Chromium: search, and no request to any other host."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

import pytest

from conftest import ROOT, BuildResult, StaticServer, run_mkdocs_build

pytestmark = pytest.mark.browser


def search(page: Any, query: str) -> list[str]:
    """Type into Material's search box; return the hrefs of the results."""
    page.click("input.md-search__input")
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.keyboard.type(query)  # Material's search listens to key events, not `fill`
    page.keyboard.press("End")  # CJK text arrives without keyup (as from an IME): send one
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    page.wait_for_timeout(300)
    hrefs = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.href)")
    return [urlparse(h)._replace(query="").geturl() for h in hrefs]  # drop ?h= highlighting


def test_no_request_leaves_the_local_server(browser: Any, sample_server: StaticServer) -> None:
    context = browser.new_context()
    page = context.new_page()
    hosts: set[str] = set()
    page.on("request", lambda req: hosts.add(urlparse(req.url).netloc)
            if req.url.startswith("http") else None)
    for path in ("", "journeys/", "journeys/webinar-to-client/", "sops/",
                 "sops/consultation-call/", "owners/sales-lead/", "metrics/", "health/"):
        page.goto(sample_server.url + path)
        page.wait_for_load_state("networkidle")
    search(page, "consultation")
    page.wait_for_load_state("networkidle")
    local = urlparse(sample_server.url).netloc
    assert hosts == {local}
    context.close()


def test_search_finds_a_step_by_title_and_by_owner(browser: Any,
                                                   sample_server: StaticServer) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(sample_server.url)
    hrefs = search(page, "Books a consultation")
    assert any(h.endswith("journeys/webinar-to-client/#step-book-call") for h in hrefs), hrefs
    # a step is found by its owner (the map is not indexed: its labels are the steps')
    hrefs = search(page, "Chelsea Park decision")
    assert any("#step-" in h for h in hrefs), hrefs
    hrefs = search(page, "case studies")
    assert any("sops/consultation-call/" in h for h in hrefs), hrefs
    context.close()


@pytest.fixture(scope="module")
def zh_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaticServer]:
    project = tmp_path_factory.mktemp("zh") / "zh"
    shutil.copytree(ROOT / "tests" / "fixtures" / "zh", project)
    shutil.copytree(ROOT / "theme", project / "theme")
    result: BuildResult = run_mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.output
    with StaticServer(result.site) as server:
        yield server


def test_search_finds_a_chinese_word(browser: Any, zh_server: StaticServer) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(zh_server.url)
    hrefs = search(page, "咨询")
    assert any("consultation" in h or "webinar-to-client" in h for h in hrefs), hrefs
    context.close()


def test_sample_site_under_a_sub_path(browser: Any, sample_site: BuildResult) -> None:
    """GitHub Pages project sites live under /<repo>/: map links still open the SOP."""
    with StaticServer(sample_site.site, prefix="journeydocs") as server:
        context = browser.new_context()
        page = context.new_page()
        page.goto(server.url + "journeys/webinar-to-client/")
        link = page.locator("svg.jd-map a").filter(has=page.locator("g.jd-critical")).first
        if link.count() == 0:
            link = page.locator("svg.jd-map g.jd-critical a").first
        link.click()
        page.wait_for_url("**/journeydocs/sops/**")
        assert page.locator("meta[name='journeydocs:sop']").count() == 1
        context.close()
