"""The site's search on Pagefind, as a reader meets it: the real index in Chromium.

Each sample (English, Simplified and Traditional Chinese) is built with ``search:
pagefind`` and served; the page's own ``window.journeydocs.searchTerms`` (what the search
box calls) turns each query of ``tests/search/queries-*.yml`` into Pagefind's terms, and
Pagefind's JavaScript API searches the index the build wrote, under the page's CSP. At
least 18 of each set's 20 queries must have their page in the first 3 results. The index
also has the playbook's facets, sub-results that land on a step's anchor and on an SOP's
checklist section, and the site's other pages without facets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import (
    ROOT,
    BuildResult,
    StaticServer,
    copy_language_sample,
    copy_sample,
    run_mkdocs_build,
    use_pagefind,
)
from journeydocs.site.search import FILTERS, search_terms

pytestmark = pytest.mark.browser

QUERIES = ROOT / "tests" / "search"
SEARCH = """async ([queries, filters]) => {
  const pagefind = await import(new URL("pagefind/pagefind.js", document.baseURI).href);
  await pagefind.options({baseUrl: "/"});
  const out = [];
  for (const query of queries) {
    const terms = query === null ? null : window.journeydocs.searchTerms(query);
    const found = await pagefind.search(terms, {filters: filters || {}});
    const top = await Promise.all(found.results.slice(0, 3).map((r) => r.data()));
    out.push({terms, count: found.results.length, top: top.map((d) => ({
      url: d.url, title: window.journeydocs.rejoin(d.meta.title || ""),
      kind: d.meta.kind || "", filters: d.filters,
      subs: d.sub_results.map((s) => s.url)}))});
  }
  return out;
}"""


def _build(project: Path) -> BuildResult:
    result = run_mkdocs_build(use_pagefind(project), "--strict")
    assert result.returncode == 0, result.output
    return result


@pytest.fixture(scope="module")
def search_sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[
        Callable[[str], StaticServer]]:
    """``search_sites("zh")``: that sample ("en", "zh", "zh-Hant") built with Pagefind
    and served (built the first time it is asked for)."""
    servers: dict[str, StaticServer] = {}

    def get(name: str) -> StaticServer:
        if name not in servers:
            folder = tmp_path_factory.mktemp("search")
            project = copy_sample(folder / "project") if name == "en" else \
                copy_language_sample(name, folder)
            servers[name] = StaticServer(_build(project).site).__enter__()
        return servers[name]

    yield get
    for server in servers.values():
        server.__exit__()


def _search(browser: Any, server: StaticServer, queries: list[str | None],
            filters: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    page = browser.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    try:
        page.goto(server.url, wait_until="load")
        # the site's policy is on: Pagefind runs under it (its worker, its WebAssembly)
        assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
        found: list[dict[str, Any]] = page.evaluate(SEARCH, [queries, filters])
    finally:
        page.close()
    assert problems == [], problems  # (a CSP violation is logged as an error)
    return found


@pytest.mark.parametrize("name", ["en", "zh", "zh-Hant"])
def test_known_answer_queries_find_their_page_in_the_top_3(
        name: str, browser: Any, search_sites: Callable[[str], StaticServer]) -> None:
    cases = yaml.safe_load((QUERIES / f"queries-{name}.yml").read_text(encoding="utf-8"))
    assert len(cases) == 20
    found = _search(browser, search_sites(name), [q for q, _, _ in cases])
    hits, misses = 0, []
    for (query, expected, kind), result in zip(cases, found, strict=True):
        # the browser turns the query exactly as the Python rule does
        assert result["terms"] == search_terms(query), query
        urls = [r["url"] for r in result["top"]]
        if "/" + expected in urls:
            hits += 1
        else:
            misses.append(f"{query} ({kind}): {urls}")
    print(f"{name}: {hits}/20 in the top 3; missed: {misses}")  # (-s: the figures)
    assert hits >= 18, f"{name}: {hits}/20 in the top 3; missed: {misses}"


def test_multi_word_queries_rank_pages_with_every_word_first(
        browser: Any, search_sites: Callable[[str], StaticServer]) -> None:
    server = search_sites("en")
    review, kickoff = _search(browser, server, ["results review", "deposit questionnaire"])
    assert review["top"][0]["url"] == "/sops/results-review/"
    assert kickoff["top"][0]["url"] == "/sops/client-kickoff/"
    for result in (review, kickoff):  # every page found has every word
        for found in result["top"]:
            text = (server.root / found["url"].strip("/") / "index.html").read_text(
                encoding="utf-8").lower()
            assert all(w in text for w in result["terms"].split()), (found, result["terms"])


def test_steps_and_checklist_sections_are_sub_results_with_their_anchor(
        browser: Any, search_sites: Callable[[str], StaticServer]) -> None:
    step, section = _search(browser, search_sites("en"), ["welcome pack", "intake questionnaire"])
    onboarding = [r for r in step["top"] if r["url"] == "/journeys/client-onboarding/"]
    assert onboarding and "/journeys/client-onboarding/#step-welcome" in onboarding[0]["subs"]
    kickoff = [r for r in section["top"] if r["url"] == "/sops/client-kickoff/"]
    assert kickoff and "/sops/client-kickoff/#prepare" in kickoff[0]["subs"], section
    zh_step = _search(browser, search_sites("zh"), ["查明差异并登记"])[0]  # (a step's title)
    journeys = [r for r in zh_step["top"] if r["url"] == "/journeys/bookkeeping/"]
    assert journeys and any("#step-" in u for u in journeys[0]["subs"]), zh_step


@pytest.mark.parametrize(("name", "person", "owner", "kind"), [
    ("en", "Sam Okafor", "Client success manager", "SOP"),
    ("zh", "赵敏", "财务主管", "SOP"),
])
def test_facets_filter_the_playbook_by_person_and_owner(
        name: str, person: str, owner: str, kind: str, browser: Any,
        search_sites: Callable[[str], StaticServer]) -> None:
    server = search_sites(name)
    page = browser.new_page()
    try:
        page.goto(server.url, wait_until="load")
        filters = page.evaluate("""async () => {
          const pagefind = await import(new URL("pagefind/pagefind.js", document.baseURI).href);
          await pagefind.options({baseUrl: "/"});
          return await pagefind.filters();
        }""")
    finally:
        page.close()
    assert set(filters) == set(FILTERS), filters
    assert person in filters["person"] and owner in filters["owner"]
    mine = _search(browser, server, [None], {"person": person, "kind": kind})
    assert mine[0]["count"] >= 1
    for result in mine[0]["top"]:
        assert result["filters"]["person"] == [person], result
        assert result["kind"] == kind


def test_the_sites_other_pages_are_found_without_facets(
        browser: Any, search_sites: Callable[[str], StaticServer]) -> None:
    """The home page and the metrics page are the site's, not one of the playbook's
    things: found, with no playbook facet."""
    found = _search(browser, search_sites("en"), ["metrics"])[0]
    metrics = next(r for r in found["top"] if r["url"] == "/metrics/")
    assert metrics["filters"] == {} and metrics["kind"] == ""
