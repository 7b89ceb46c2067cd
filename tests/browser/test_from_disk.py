"""The site opened from disk: built with --no-directory-urls and read over file:// in Chromium.

That is how the `site-preview` artifact of a pull request is used. Checklists (tick, runs,
reload, export) and map controls must work there, and map links must lead to the SOP.

Opened from disk, Material turns instant navigation off by completing its `document$` before
it emits the first page, so nothing that waits for `document$` starts: the plugin's
fromdisk.js takes the feature out of Material's config under file://, and map.js and the
checklist start the first page by themselves when `document$` does not emit (tested here
with a `document$` that never emits, and with the scripts loaded after DOMContentLoaded).
Search cannot work from disk (the search worker needs a web server); Material hides the
search box there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser.test_checklist import (
    STUB_PRINT,
    click_box,
    progress,
    select_run,
    start_run,
    ticked,
)
from browser.test_checklist_access import shift_while_loading, store_runs
from browser.test_maps import map_width, use_zoom_controls
from conftest import copy_sample, run_mkdocs_build

pytestmark = pytest.mark.browser

SOP_PAGE = "sops/consultation-call.html"
JOURNEY_PAGE = "journeys/webinar-to-client.html"
FIRST = "Read the intake form and the three observations noted when booking"
SECOND = "Prepare two case studies from firms of the same size or industry"
MAP = "figure.jd-map-frame"
DESKTOP = {"width": 1280, "height": 900}

# A `document$` that never emits a page; Material's own assignment of it is ignored.
SILENT_DOCUMENT = """
const silent = { subscribe() { return { unsubscribe() {} }; } };
Object.defineProperty(window, "document$", {
  configurable: true, get: () => silent, set: () => {},
});
"""
VIOLATIONS = """
window.__jdViolations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__jdViolations.push(
  `${e.effectiveDirective} ${e.blockedURI} ${e.sample}`));
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample playbook built as the `site-preview` artifact is (see the workflow)."""
    project = copy_sample(tmp_path_factory.mktemp("disk") / "project")
    result = run_mkdocs_build(project, "--no-directory-urls")
    assert result.returncode == 0, result.output
    return result.site


class Tab:
    """A page in a fresh context that records page errors and refused scripts."""

    def __init__(self, browser: Any, **options: Any) -> None:
        self.context = browser.new_context(viewport=DESKTOP, **options)
        self.context.add_init_script(VIOLATIONS)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda m: self.errors.append(m.text)
                     if m.type == "error" else None)

    def clean(self) -> bool:
        """No page error, no console error, no CSP violation on the page shown."""
        return self.errors == [] and self.page.evaluate("window.__jdViolations") == []


@pytest.fixture
def tabs(browser: Any) -> Iterator[Any]:
    opened: list[Tab] = []

    def make(**options: Any) -> Tab:
        opened.append(Tab(browser, **options))
        return opened[-1]

    yield make
    for tab in opened:
        tab.context.close()


def test_checklist_ticks_runs_and_export_work_from_disk(tabs: Any, site: Path) -> None:
    tab = tabs(accept_downloads=True)
    tab.context.add_init_script(STUB_PRINT)
    page = tab.page
    page.goto((site / SOP_PAGE).as_uri())
    page.wait_for_selector("article[data-jd-checklist=ready] .jd-checklist")
    sop = page.locator('meta[name="journeydocs:sop"]').get_attribute("content")

    click_box(page, FIRST)  # starts "Run 1"
    start_run(page, "From disk")
    click_box(page, SECOND)
    assert ticked(page) == [SECOND]

    page.reload()
    page.wait_for_selector("article[data-jd-checklist=ready] .jd-checklist")
    assert ticked(page) == [SECOND]
    assert progress(page).startswith("1 of ")
    select_run(page, "Run 1")
    assert ticked(page) == [FIRST]
    # Kept under the site's own folder: two unzipped previews keep their own ticks.
    assert page.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('journeydocs'))"
                         ) == [f"journeydocs:v1:{site.as_posix()}/:sop:{sop}"]

    select_run(page, "From disk")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download .md").click()
    exported = Path(info.value.path()).read_text(encoding="utf-8")
    assert exported.startswith("# Run a consultation call\n")
    assert "- Run: From disk\n" in exported
    assert f"- [x] {SECOND}\n" in exported and f"- [ ] {FIRST}\n" in exported
    assert f"- Page: {(site / SOP_PAGE).as_uri()}\n" in exported
    page.get_by_role("button", name="Copy as Markdown").click()
    page.locator(".jd-toast", has_text="Copied").wait_for()
    page.locator("[data-jd-action=print-run]").evaluate("(el) => el.click()")
    assert page.evaluate("window.__printCalls") == 1
    assert "Run: From disk" in page.locator(".jd-print-run").inner_text()

    page.goto((site / "sops/index.html").as_uri())
    page.locator(f'.jd-sop-runs[data-sop="{sop}"]', has_text="2 runs in progress").wait_for()
    assert tab.clean(), (tab.errors, page.evaluate("window.__jdViolations"))


def test_the_run_panel_has_its_place_from_disk(tabs: Any, site: Path) -> None:
    """From disk too, checklist-early.js finds the stored runs (under the site's folder)
    before the first paint, so the build's shell of the run panel has its final size and
    nothing moves when the panel is filled."""
    tab = tabs()
    url = (site / SOP_PAGE).as_uri()
    store_runs(tab.context, url, "open")
    cls, shifts = shift_while_loading(tab.context, url)
    page = tab.context.pages[-1]
    classes = set(page.evaluate("document.documentElement.className").split())
    assert {"jd-js", "jd-has-runs", "jd-run-open"} <= classes
    assert cls < 0.02, shifts
    assert page.evaluate("window.__jdViolations") == []


def test_map_controls_and_links_work_from_disk(tabs: Any, site: Path) -> None:
    tab = tabs()
    page = tab.page
    page.goto((site / JOURNEY_PAGE).as_uri())
    page.wait_for_selector(f"{MAP} .jd-map-tools")

    use_zoom_controls(page)

    page.get_by_role("button", name="Full screen").click()
    shown = page.locator("dialog.jd-map-dialog[open]").bounding_box()
    assert shown["x"] <= 0 and shown["y"] <= 0
    assert shown["width"] >= DESKTOP["width"] and shown["height"] >= DESKTOP["height"]
    assert page.evaluate("document.body.classList.contains('jd-map-open')")
    page.keyboard.press("Escape")
    page.wait_for_selector("dialog.jd-map-dialog[open]", state="detached")
    assert page.locator(MAP).bounding_box()["width"] < DESKTOP["width"] - 200

    # A critical step's node opens its SOP, a file next to this one.
    page.locator("svg.jd-map:visible g.node[id$='-step-book-call'] a").click()
    page.wait_for_url(re.compile(r"/sops/consultation-booking\.html$"))
    page.wait_for_selector("article[data-jd-checklist=ready]")
    assert tab.clean(), (tab.errors, page.evaluate("window.__jdViolations"))


def test_material_starts_every_page_from_disk_and_hides_search(tabs: Any, site: Path) -> None:
    tab = tabs()
    page = tab.page
    page.goto((site / SOP_PAGE).as_uri())
    emitted = page.evaluate("""() => new Promise((resolve) => {
        window.document$.subscribe({ next: () => resolve("page"),
                                     complete: () => resolve("completed without a page") });
        setTimeout(() => resolve("nothing yet"), 2000); })""")
    assert emitted == "page"
    # Material's per-page parts run: the back-to-top button shows after scrolling back up.
    page.mouse.wheel(0, 1500)
    page.wait_for_timeout(300)
    page.mouse.wheel(0, -200)
    page.locator(".md-top:not([hidden])").wait_for()
    # The search worker cannot start from file://: Material hides the search box.
    assert page.locator(".md-search").get_attribute("hidden") is not None
    assert tab.clean(), (tab.errors, page.evaluate("window.__jdViolations"))


@pytest.mark.parametrize("late", [False, True], ids=["at-load", "after-domcontentloaded"])
def test_scripts_start_when_document_never_emits(tabs: Any, site: Path, late: bool) -> None:
    tab = tabs()
    tab.context.add_init_script(SILENT_DOCUMENT)
    page = tab.page
    held = {"scripts": late}  # while set, map.js and the checklist's scripts do not load

    def route(r: Any) -> None:
        (r.abort() if held["scripts"] else r.continue_())

    page.route(re.compile(r"/assets/journeydocs/(map|checklist-\w+)\.js$"), route)
    for rel, ready in ((SOP_PAGE, "article[data-jd-checklist=ready] .jd-checklist"),
                       (JOURNEY_PAGE, f"{MAP} .jd-map-tools")):
        held["scripts"] = late
        page.goto((site / rel).as_uri())
        if late:
            assert page.evaluate("document.readyState") == "complete"
            assert page.locator(ready).count() == 0
            held["scripts"] = False
            for name in ("map", "checklist-storage", "checklist-panel", "checklist-export",
                         "checklist-start"):
                page.add_script_tag(url=(site / f"assets/journeydocs/{name}.js").as_uri())
        page.wait_for_selector(ready)
        assert page.locator(".jd-checklist").count() == (rel == SOP_PAGE)
        assert page.locator(".jd-map-tools").count() == (rel == JOURNEY_PAGE)
        if rel == SOP_PAGE:
            click_box(page, FIRST)
            assert ticked(page) == [FIRST]
        else:
            before = map_width(page)
            page.get_by_role("button", name="Zoom in").click()
            assert map_width(page) == pytest.approx(before * 1.25, rel=0.01)
    assert not [e for e in tab.errors if "journeydocs" in e or "Content Security" in e]
