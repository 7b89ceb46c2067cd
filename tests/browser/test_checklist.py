"""SOP checklists in the browser: ticks, runs, export, print, broken storage.

The site is a plain Material site built from tests/fixtures/checklist (no
journeydocs plugin): its SOP pages set `journeydocs_sop` in front matter, so
a theme written from the plugin's asset list (FIXTURE_THEME, standing in for the plugin)
emits the `journeydocs:sop` meta tag and loads the plugin's own styles and scripts
(checklist-storage.js, -panel.js, -export.js, -start.js), copied from the package.
It is served under /jd/ like a GitHub Pages project site, with `site_url`
pointing at the test server so Material's instant navigation is active.
"""

from __future__ import annotations

import json
import re
import shutil
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, StaticServer, run_mkdocs_build
from journeydocs.mkdocs_plugin.assets import PREFIX, SCRIPTS, STYLES

FIXTURE = ROOT / "tests" / "fixtures" / "checklist"
ASSETS = ROOT / "plugins" / "journeydocs" / "mkdocs_plugin" / "assets" / "journeydocs"
FIXTURE_THEME = (
    '{% extends "base.html" %}\n'
    "{% block extrahead %}{{ super() }}"
    "{% if page and page.meta and page.meta.journeydocs_sop %}"
    '<meta name="journeydocs:sop" content="{{ page.meta.journeydocs_sop | e }}">{% endif %}'
    + "".join(f"<link rel=\"stylesheet\" href=\"{{{{ '{PREFIX}{name}' | url }}}}\">"
              for name in STYLES)
    + "{% endblock %}\n{% block scripts %}{{ super() }}"
    + "".join(f"<script src=\"{{{{ '{PREFIX}{name}' | url }}}}\"></script>" for name in SCRIPTS)
    + "{% endblock %}\n")
"""What the plugin adds to a page (the SOP id, its styles and scripts in its order:
:mod:`journeydocs.mkdocs_plugin.assets`), as a theme for this plain Material site."""
SOP = "SOP-100"
KEY = f"journeydocs:v1:/jd/:sop:{SOP}"
ITEMS = [  # (section, item text) in page order, as the key sees them
    ("Before the call", "Read the account notes"),
    ("Before the call", "Check open tickets"),
    ("Before the call", "Book a room"),
    ("During the call", "Confirm the client's goals"),
    ("During the call", "Agree next steps"),
    ("During the call", "Send the summary email"),
    ("Wrap-up", "Log the call"),
]

pytestmark = pytest.mark.browser

# Storage.prototype methods replaced by ones that throw, before any page script.
THROWING_STORAGE = """
for (const name of ["getItem", "setItem", "removeItem", "key", "clear"]) {
  Storage.prototype[name] = function () { throw new Error("storage disabled by test"); };
}
"""
# `window.localStorage` itself throws (cookies blocked, sandboxed frame).
THROWING_GETTER = """
Object.defineProperty(window, "localStorage", {
  configurable: true,
  get() { throw new DOMException("The operation is insecure.", "SecurityError"); },
});
"""
# Reads work, every write fails as if the quota were used up.
FULL_STORAGE = """
Storage.prototype.setItem = function () {
  throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
};
"""
# Counts listeners that the checklist's scripts add, to prove handlers are bound once.
COUNT_LISTENERS = """
window.__jdListeners = 0;
const add = EventTarget.prototype.addEventListener;
EventTarget.prototype.addEventListener = function (...args) {
  if (/checklist(-\\w+)?\\.js/.test(new Error().stack || "")) window.__jdListeners += 1;
  return add.apply(this, args);
};
"""
STUB_PRINT = "window.print = () => { window.__printCalls = (window.__printCalls || 0) + 1; };"


# ---------------------------------------------------------------------------
# Building and serving the fixture site
# ---------------------------------------------------------------------------


def write_project(project: Path, site_url: str) -> None:
    """A Material site in ``project`` from the fixture docs, its theme and our assets."""
    if not (project / "docs").exists():
        shutil.copytree(FIXTURE / "docs", project / "docs")
    if not (project / "theme").exists():
        (project / "theme").mkdir()
        (project / "theme" / "main.html").write_text(FIXTURE_THEME, encoding="utf-8")
        shutil.copytree(ASSETS, project / "docs" / "assets" / "journeydocs")
    (project / "mkdocs.yml").write_text(
        f"""site_name: Checklist test
site_url: {site_url}
theme:
  name: material
  custom_dir: theme
  font: false
  features: [navigation.instant]
markdown_extensions:
  - attr_list
  - toc:
      permalink: true
  - pymdownx.tasklist:
      custom_checkbox: true
""",
        encoding="utf-8",
    )


def build(project: Path) -> Path:
    result = run_mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.output
    return result.site


@dataclass
class Site:
    project: Path
    server: StaticServer

    @property
    def url(self) -> str:
        return self.server.url

    def page(self, rel: str) -> str:
        return self.server.url + rel


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The fixture site, built once for this module, served under /jd/."""
    project = tmp_path_factory.mktemp("checklist")
    with StaticServer(project / "site", prefix="jd") as server:
        write_project(project, server.url)  # instant navigation needs the real URL
        build(project)
        yield Site(project, server)


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    """A fresh browser context (empty localStorage) per test."""
    ctx = browser.new_context(viewport={"width": 1100, "height": 900})
    yield ctx
    ctx.close()


# ---------------------------------------------------------------------------
# Page helpers
# ---------------------------------------------------------------------------


def watch_errors(page: Any) -> list[str]:
    """Errors from the checklist's scripts: uncaught ones and the ones they report."""
    errors: list[str] = []

    def on_pageerror(error: Any) -> None:
        text = f"{error}\n{getattr(error, 'stack', '') or ''}"
        if re.search(r"checklist(-\w+)?\.js", text) or "journeydocs" in text:
            errors.append(text)

    page.on("pageerror", on_pageerror)
    page.on(
        "console",
        lambda msg: (
            errors.append(msg.text) if msg.type == "error" and "journeydocs" in msg.text else None
        ),
    )
    return errors


def open_sop(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(".jd-checklist")


def checkbox(page: Any, text: str) -> Any:
    return page.get_by_role("checkbox", name=text, exact=True)


def click_box(page: Any, text: str) -> None:
    """Click the visible tick box of an item with the mouse, where a person would."""
    x, y, hit = page.evaluate(
        """(text) => {
          const input = [...document.querySelectorAll("li.jd-item input")]
            .find((el) => el.getAttribute("aria-label") === text);
          const li = input.closest("li");
          li.scrollIntoView({ block: "center", behavior: "instant" });
          const box = li.getBoundingClientRect();
          const em = parseFloat(getComputedStyle(li).fontSize);
          // Material draws the box as ::before of the indicator, 1.5em left of the text.
          const x = box.left - 0.85 * em, y = box.top + 0.75 * em;
          const hit = document.elementFromPoint(x, y);
          return [x, y, hit && hit.closest("label") === input.closest("label")];
        }""",
        text,
    )
    assert hit, f"the tick box of {text!r} is not where it is drawn"
    page.mouse.click(x, y)


def ticked(page: Any) -> list[str]:
    """Texts of ticked items, in page order."""
    return page.evaluate(
        """() => [...document.querySelectorAll("li.jd-item input")]
          .filter((el) => el.checked).map((el) => el.getAttribute("aria-label"))"""
    )


def progress(page: Any) -> str:
    return page.locator(".jd-progress__text").inner_text()


def stored(page: Any, key: str = KEY) -> Any:
    raw = page.evaluate("(k) => localStorage.getItem(k)", key)
    return None if raw is None else json.loads(raw)


def item_key(section: str, text: str) -> str:
    return f"{SOP}\n{section}\n{text}"


def start_run(page: Any, name: str) -> None:
    page.get_by_role("button", name="New run").click()
    page.get_by_label("Name of the new run").fill(name)
    page.get_by_role("button", name="Start run").click()
    page.locator(".jd-toast", has_text=f"Started run “{name}”").wait_for()


def select_run(page: Any, name: str) -> None:
    select = page.locator(".jd-run-select")
    value = select.locator("option", has_text=name).get_attribute("value")
    select.select_option(value)


# ---------------------------------------------------------------------------
# A small PDF text extractor (Skia's PDFs: Type0 fonts, ToUnicode CMaps)
# ---------------------------------------------------------------------------


def pdf_text(pdf: bytes) -> str:
    """The text drawn on the PDF's pages, one line per text object."""
    starts = [(m.start(), int(m.group(1))) for m in re.finditer(rb"(?m)^(\d+) 0 obj\b", pdf)]
    objects: dict[int, bytes] = {}
    for i, (pos, num) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(pdf)
        objects[num] = pdf[pos:end]

    def stream(num: int) -> bytes:
        body = objects[num]
        head, _, rest = body.partition(b"stream")
        rest = rest.lstrip(b"\r\n")
        length = int(re.search(rb"/Length (\d+)", head).group(1))  # type: ignore[union-attr]
        data = rest[:length]
        return zlib.decompress(data) if b"/FlateDecode" in head else data

    def cmap(num: int) -> dict[int, str]:
        text = stream(num).decode("latin-1")
        out: dict[int, str] = {}
        for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
            for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                out[int(src, 16)] = bytes.fromhex(dst).decode("utf-16-be")
        for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
            for lo, hi, dst in re.findall(
                r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
            ):
                first = int(dst, 16)
                for code in range(int(lo, 16), int(hi, 16) + 1):
                    out[code] = chr(first + code - int(lo, 16))
        return out

    lines: list[str] = []
    for body in objects.values():
        if not re.search(rb"/Type /Page\b", body):
            continue
        # A font's codes: two bytes in a Type0 (CID) font, one in the Type3 fonts Skia
        # makes of CFF fonts such as Noto CJK.
        fonts: dict[str, tuple[dict[int, str], int]] = {}
        font_dict = re.search(rb"/Font <<(.*?)>>", body, re.S)
        for name, ref in re.findall(rb"/(\S+) (\d+) 0 R", font_dict.group(1) if font_dict else b""):
            uni = re.search(rb"/ToUnicode (\d+) 0 R", objects[int(ref)])
            width = 2 if b"/Subtype /Type0" in objects[int(ref)] else 1
            fonts[name.decode()] = (cmap(int(uni.group(1))) if uni else {}, width)
        contents = re.search(rb"/Contents (\d+) 0 R", body)
        if not contents:
            continue
        content = stream(int(contents.group(1)))
        font: dict[int, str] = {}
        width = 2
        line = ""
        for m in re.finditer(
            rb"/(\S+) [-\d.]+ Tf|<([0-9A-Fa-f]*)> ?Tj|\[([^\]]*)\] ?TJ|\bET\b", content
        ):
            if m.group(1):
                font, width = fonts.get(m.group(1).decode(), ({}, 2))
            elif m.group(0) == b"ET":
                lines.append(line)
                line = ""
            else:
                hexes = (
                    [m.group(2)]
                    if m.group(2) is not None
                    else re.findall(rb"<([0-9A-Fa-f]*)>", m.group(3))
                )
                for hx in hexes:
                    raw = bytes.fromhex(hx.decode())
                    for i in range(0, len(raw) - width + 1, width):
                        line += font.get(int.from_bytes(raw[i : i + width], "big"), "\ufffd")
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------


def test_widgets_are_not_in_built_html_or_search_index(site: Site) -> None:
    html = (site.project / "site" / "sops" / "onboarding" / "index.html").read_text("utf-8")
    assert '<meta name="journeydocs:sop" content="SOP-100">' in html
    scripts = re.findall(r'<script src="[^"]*assets/journeydocs/(checklist[\w-]*)\.js"', html)
    assert scripts == ["checklist-storage", "checklist-panel", "checklist-export",
                       "checklist-start"]  # each once, in this order
    assert "jd-checklist" not in html and "New run" not in html
    index = (site.project / "site" / "search" / "search_index.json").read_text("utf-8")
    assert "Book a room" in index  # the items themselves are searchable
    for widget_text in ("New run", "Copy as Markdown", "of 7 done", "runs in progress"):
        assert widget_text not in index


def test_tick_survives_reload_with_content_based_key(site: Site, context: Any) -> None:
    page = context.new_page()
    errors = watch_errors(page)
    open_sop(page, site.page("sops/onboarding/"))

    assert progress(page) == "0 of 7 done"
    assert page.locator(".jd-run-none").inner_text().startswith("No run yet")
    box = checkbox(page, "Read the account notes")
    assert box.is_enabled()  # the built page has them disabled

    click_box(page, "Read the account notes")
    assert box.is_checked()
    assert progress(page) == "1 of 7 done"
    assert page.locator("h2#before-the-call .jd-section-progress").inner_text() == "1 of 3"

    page.reload()
    page.wait_for_selector(".jd-checklist")
    assert ticked(page) == ["Read the account notes"]
    assert progress(page) == "1 of 7 done"
    page.close()  # and after closing the tab
    page = context.new_page()
    errors = watch_errors(page)
    open_sop(page, site.page("sops/onboarding/"))
    assert ticked(page) == ["Read the account notes"]
    assert page.locator(".jd-run-select option:checked").inner_text() == "Run 1 — 1 of 7"

    record = stored(page)
    assert record["v"] == 1 and record["sop"] == SOP and record["title"] == "Client onboarding"
    [run] = record["runs"]
    assert record["active"] == run["id"] and run["finished"] is None
    # Whitespace of the source ("Read the   account\n  notes") is collapsed.
    assert list(run["ticks"]) == [item_key("Before the call", "Read the account notes")]
    assert (run["done"], run["total"]) == (1, 7)
    assert page.evaluate("Object.keys(localStorage)") == [KEY]
    assert errors == []


def test_instant_navigation_keeps_ticks_and_binds_handlers_once(site: Site, context: Any) -> None:
    context.add_init_script(COUNT_LISTENERS)
    page = context.new_page()
    errors = watch_errors(page)
    open_sop(page, site.page("sops/onboarding/"))
    listeners = page.evaluate("window.__jdListeners")
    assert listeners > 0

    click_box(page, "Book a room")
    page.evaluate("window.__sameDocument = true")

    # Away to the SOP index and back, both by instant navigation.
    page.get_by_role("link", name="Back to the SOP index").click()
    page.wait_for_url("**/jd/sops/")
    runs = page.locator('.jd-sop-runs[data-sop="SOP-100"]')
    runs.filter(has_text="1 run in progress").wait_for()
    assert page.locator('.jd-sop-runs[data-sop="SOP-200"]').inner_text() == ""
    page.locator("article").get_by_role("link", name="Client onboarding").click()
    page.wait_for_url("**/jd/sops/onboarding/")
    page.wait_for_selector(".jd-checklist")

    assert page.evaluate("window.__sameDocument") is True, "not an instant navigation"
    assert ticked(page) == ["Book a room"]
    assert page.locator(".jd-checklist").count() == 1
    assert page.locator("h2#before-the-call .jd-section-progress").count() == 1
    assert page.evaluate("window.__jdListeners") == listeners
    # Material emitting the same document again must not add a second panel.
    page.evaluate("document$.next(document)")
    assert page.locator(".jd-checklist").count() == 1
    assert page.locator("h2#before-the-call .jd-section-progress").count() == 1

    # A click on an item's text ticks it exactly once (twice would undo it).
    page.locator("li.jd-item", has_text="Log the call").click()
    assert ticked(page) == ["Book a room", "Log the call"]
    assert progress(page) == "2 of 7 done"
    run = stored(page)["runs"][0]
    assert set(run["ticks"]) == {
        item_key("Before the call", "Book a room"),
        item_key("Wrap-up", "Log the call"),
    }
    assert errors == []


def test_rebuild_with_reordered_and_reworded_items(tmp_path: Path, browser: Any) -> None:
    project = tmp_path / "project"
    project.mkdir()
    context = browser.new_context()
    with StaticServer(project / "site", prefix="jd") as server:
        write_project(project, server.url)
        build(project)
        page = context.new_page()
        errors = watch_errors(page)
        open_sop(page, server.url + "sops/onboarding/")
        for text in (
            "Read the account notes",
            "Check open tickets",
            "Confirm the client's goals",
            "Log the call",
        ):
            click_box(page, text)
        assert progress(page) == "4 of 7 done"

        # Second edition: reordered, "Prepare the agenda" added, one item reworded.
        shutil.copy(
            FIXTURE / "rebuild" / "onboarding.md", project / "docs" / "sops" / "onboarding.md"
        )
        build(project)
        page.reload()
        page.wait_for_selector(".jd-checklist")

        order = page.evaluate(
            "() => [...document.querySelectorAll('li.jd-item input')]"
            ".map((el) => el.getAttribute('aria-label'))"
        )
        assert order[:4] == [
            "Prepare the agenda",
            "Book a room",
            "Check open tickets and invoices",
            "Read the account notes",
        ]
        assert ticked(page) == [
            "Read the account notes",
            "Confirm the client's goals",
            "Log the call",
        ]
        assert not checkbox(page, "Check open tickets and invoices").is_checked()
        assert not checkbox(page, "Prepare the agenda").is_checked()
        assert progress(page) == "3 of 8 done"
        assert page.locator("h2#before-the-call .jd-section-progress").inner_text() == "1 of 4"
        assert errors == []
    context.close()


def test_two_runs_on_one_sop_are_kept_apart(site: Site, context: Any) -> None:
    page = context.new_page()
    errors = watch_errors(page)
    open_sop(page, site.page("sops/onboarding/"))

    start_run(page, "Acme consultation")
    click_box(page, "Read the account notes")
    start_run(page, "Week 48 review")
    assert ticked(page) == []  # a new run starts blank
    click_box(page, "Book a room")
    click_box(page, "Log the call")

    select_run(page, "Acme consultation")
    assert ticked(page) == ["Read the account notes"]
    assert progress(page) == "1 of 7 done"

    page.reload()
    page.wait_for_selector(".jd-checklist")
    assert (
        page.locator(".jd-run-select option:checked").inner_text().startswith("Acme consultation")
    )
    assert ticked(page) == ["Read the account notes"]
    select_run(page, "Week 48 review")
    assert ticked(page) == ["Book a room", "Log the call"]
    assert progress(page) == "2 of 7 done"

    # Each run's progress and dates are listed.
    page.locator(".jd-runs summary").click()
    rows = page.locator(".jd-runs__run")
    assert rows.count() == 2
    assert "Acme consultation — 1 of 7 done, in progress" in rows.nth(0).inner_text()
    assert "Week 48 review — 2 of 7 done, in progress" in rows.nth(1).inner_text()
    assert rows.nth(0).locator("time").count() == 2  # started, last changed

    runs = {run["name"]: run for run in stored(page)["runs"]}
    assert set(runs["Acme consultation"]["ticks"]) == {
        item_key("Before the call", "Read the account notes")
    }
    assert set(runs["Week 48 review"]["ticks"]) == {
        item_key("Before the call", "Book a room"),
        item_key("Wrap-up", "Log the call"),
    }

    page.goto(site.page("sops/"))
    span = page.locator('.jd-sop-runs[data-sop="SOP-100"]')
    span.filter(has_text="2 runs in progress").wait_for()
    assert "Week 48 review: 2 of 7 done" in (span.get_attribute("title") or "")
    assert errors == []


def test_finish_and_delete_a_run_with_undo(site: Site, context: Any) -> None:
    page = context.new_page()
    errors = watch_errors(page)
    open_sop(page, site.page("sops/onboarding/"))
    start_run(page, "Acme consultation")
    click_box(page, "Read the account notes")
    start_run(page, "Week 48 review")
    click_box(page, "Book a room")

    # Finish: read-only, no longer "in progress" on the index.
    page.get_by_role("button", name="Finish run").click()
    assert checkbox(page, "Book a room").is_disabled()
    assert "Finished:" in page.locator(".jd-run-meta").inner_text()
    assert stored(page)["runs"][1]["finished"] is not None
    page.get_by_role("button", name="Reopen run").click()
    assert checkbox(page, "Book a room").is_enabled()
    page.get_by_role("button", name="Finish run").click()

    # Delete with undo.
    select_run(page, "Acme consultation")
    page.get_by_role("button", name="Delete run").click()
    assert [r["name"] for r in stored(page)["runs"]] == ["Week 48 review"]
    assert page.locator(".jd-run-select option", has_text="Acme").count() == 0
    page.locator(".jd-toast").get_by_role("button", name="Undo").click()
    assert [r["name"] for r in stored(page)["runs"]] == ["Acme consultation", "Week 48 review"]
    assert ticked(page) == ["Read the account notes"]

    # Completing every item says so.
    for _, text in ITEMS[1:]:
        click_box(page, text)
    assert progress(page) == "All 7 done — checklist complete."

    page.goto(site.page("sops/"))
    page.locator('.jd-sop-runs[data-sop="SOP-100"]', has_text="1 run in progress").wait_for()
    assert errors == []


def test_export_markdown_matches_ticks(site: Site, browser: Any) -> None:
    context = browser.new_context(accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.url[:-4])
    page = context.new_page()
    errors = watch_errors(page)
    open_sop(page, site.page("sops/onboarding/"))
    start_run(page, "Acme consultation")
    for text in ("Read the account notes", "Send the summary email", "Log the call"):
        click_box(page, text)

    with page.expect_download() as info:
        page.get_by_role("button", name="Download .md").click()
    download = info.value
    assert re.fullmatch(
        r"sop-100-acme-consultation-\d{4}-\d\d-\d\d\.md", download.suggested_filename
    )
    text = Path(download.path()).read_text("utf-8")

    head, _, body = text.partition("\n\n## ")
    assert head.splitlines()[0] == "# Client onboarding"
    fields = dict(line[2:].split(": ", 1) for line in head.splitlines()[2:])
    assert fields["SOP"] == SOP and fields["Run"] == "Acme consultation"
    assert fields["Progress"] == "3 of 7 done"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", fields["Started"])
    assert fields["Page"].endswith("/jd/sops/onboarding/")
    assert "## " + body == (
        "## Before the call\n\n"
        "- [x] Read the account notes\n"
        "- [ ] Check open *tickets*\n"
        "- [ ] Book a room\n\n"
        "## During the call\n\n"
        "- [ ] Confirm the client's goals\n"
        "- [ ] Agree next steps\n"
        "    - [x] Send the summary email\n\n"
        "### Wrap-up\n\n"
        "- [x] Log the call\n"
    )
    # The export follows the page's ticks, item by item.
    exported = re.findall(r"- \[(x| )\] (.+)", text)
    assert [t for mark, t in exported if mark == "x"] == ticked(page)

    page.get_by_role("button", name="Copy as Markdown").click()
    page.locator(".jd-toast", has_text="Copied").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    without_time = re.compile(r"^- Exported: .*$", re.M)
    assert without_time.sub("", copied) == without_time.sub("", text)
    assert errors == []
    context.close()


def test_print_shows_ticks_without_material_chrome(site: Site, context: Any) -> None:
    context.add_init_script(STUB_PRINT)
    page = context.new_page()
    errors = watch_errors(page)
    open_sop(page, site.page("sops/onboarding/"))
    start_run(page, "Acme consultation")
    click_box(page, "Check open tickets")
    click_box(page, "Confirm the client's goals")

    page.emulate_media(media="print")
    for selector in (
        ".md-header",
        ".md-sidebar--primary",
        ".md-footer",
        ".jd-actions",
        ".jd-checklist__bar",
    ):
        assert (
            page.locator(selector).first.evaluate("(el) => getComputedStyle(el).display") == "none"
        ), selector
    glyph = (
        page.locator("li.jd-item", has_text="Check open tickets")
        .locator(".task-list-control")
        .evaluate("(el) => getComputedStyle(el, '::after').content")
    )
    assert glyph == '"☑"'

    # A run, as Ctrl+P or "Print run" prints it.
    page.locator("[data-jd-action=print-run]").evaluate("(el) => el.click()")
    assert page.evaluate("window.__printCalls") == 1
    text = pdf_text(page.pdf())
    boxes = [c for c in text if c in "☑☐"]  # one per item, in page order
    assert boxes == ["☐", "☑", "☐", "☑", "☐", "☐", "☐"], text
    assert "Run: Acme consultation" in text and "2 of 7 done" in text
    for chrome in ("Made with", "Checklist test", "Copy as Markdown", "New run", "Search"):
        assert chrome not in text, chrome
    assert page.pdf().count(b"/Type /Page\n") == 1  # no empty trailing page

    # A blank checklist: every box empty, a line to write the run on.
    page.locator("[data-jd-action=print-blank]").evaluate("(el) => el.click()")
    assert page.evaluate("window.__printCalls") == 2
    blank = pdf_text(page.pdf())
    assert [c for c in blank if c in "☑☐"] == ["☐"] * 7, blank
    assert "Run: ____" in blank and "Acme consultation" not in blank
    assert errors == []


@pytest.mark.parametrize(
    "script",
    [THROWING_STORAGE, THROWING_GETTER, FULL_STORAGE],
    ids=["methods-throw", "getter-throws", "quota-full"],
)
def test_broken_storage_leaves_a_working_page(site: Site, context: Any, script: str) -> None:
    context.add_init_script(script)
    page = context.new_page()
    page_errors: list[str] = []
    page.on("pageerror", lambda e: page_errors.append(f"{e}\n{getattr(e, 'stack', '')}"))
    errors = watch_errors(page)
    open_sop(page, site.page("sops/onboarding/"))

    notice = page.locator(".jd-checklist__notice")
    assert notice.is_visible()
    assert "Ticks will not be kept" in notice.inner_text()
    if script is FULL_STORAGE:
        assert "full" in notice.inner_text()

    click_box(page, "Read the account notes")
    page.locator("li.jd-item", has_text="Book a room").click()
    assert ticked(page) == ["Read the account notes", "Book a room"]
    assert progress(page) == "2 of 7 done"
    start_run(page, "Acme consultation")
    click_box(page, "Log the call")
    assert ticked(page) == ["Log the call"]

    # Kept in memory across instant navigation in this tab.
    page.get_by_role("link", name="Back to the SOP index").click()
    page.locator('.jd-sop-runs[data-sop="SOP-100"]', has_text="2 runs in progress").wait_for()
    page.locator("article").get_by_role("link", name="Client onboarding").click()
    page.wait_for_url("**/jd/sops/onboarding/")
    page.wait_for_selector(".jd-checklist")
    assert ticked(page) == ["Log the call"]
    assert page.locator(".jd-checklist__notice").is_visible()

    # Material's own inline scripts may trip over the storage; the checklist never does.
    assert not [e for e in page_errors if re.search(r"checklist(-\w+)?\.js", e)], page_errors
    assert errors == []


@pytest.mark.parametrize(
    "raw",
    [
        "{not json",
        json.dumps({"v": 2, "sop": SOP, "runs": {"future": "format"}}),
        json.dumps({"v": 1, "sop": SOP, "active": None, "runs": [{"id": 5}]}),
    ],
    ids=["not-json", "unknown-version", "wrong-shape"],
)
def test_unreadable_data_is_set_aside_not_overwritten(site: Site, context: Any, raw: str) -> None:
    page = context.new_page()
    errors = watch_errors(page)
    page.goto(site.page("sops/"))
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, raw])
    open_sop(page, site.page("sops/onboarding/"))

    notice = page.locator(".jd-checklist__notice")
    assert "could not be read" in notice.inner_text()
    assert progress(page) == "0 of 7 done"
    aside = page.evaluate(
        "(p) => Object.keys(localStorage).filter((k) => k.startsWith(p))",
        f"journeydocs:v1:/jd/:quarantine:{KEY}:",
    )
    assert len(aside) == 1
    assert page.evaluate("(k) => localStorage.getItem(k)", aside[0]) == raw
    assert "quarantine" in notice.inner_text()

    # Set aside once: the next visit finds nothing to read and says nothing.
    page.reload()
    page.wait_for_selector(".jd-checklist")
    assert not page.locator(".jd-checklist__notice").is_visible()
    assert (
        page.evaluate(
            "(p) => Object.keys(localStorage).filter((k) => k.startsWith(p))",
            f"journeydocs:v1:/jd/:quarantine:{KEY}:",
        )
        == aside
    )

    click_box(page, "Book a room")
    assert list(stored(page)["runs"][0]["ticks"]) == [item_key("Before the call", "Book a room")]
    page.reload()
    page.wait_for_selector(".jd-checklist")
    assert ticked(page) == ["Book a room"]
    assert page.evaluate("(k) => localStorage.getItem(k)", aside[0]) == raw
    assert errors == []


def test_keyboard_only_ticking(site: Site, context: Any) -> None:
    page = context.new_page()
    errors = watch_errors(page)
    open_sop(page, site.page("sops/onboarding/"))

    def focused_item() -> str | None:
        return page.evaluate(
            """() => {
              const el = document.activeElement;
              return el && el.matches("li.jd-item input") ? el.getAttribute("aria-label") : null;
            }"""
        )

    for _ in range(80):
        page.keyboard.press("Tab")
        if focused_item():
            break
    assert focused_item() == "Read the account notes"
    ring = page.locator("li.jd-item .task-list-indicator").first.evaluate(
        "(el) => getComputedStyle(el, '::after').boxShadow"
    )
    assert ring and "rgba(0, 0, 0, 0)" not in ring and ring != "none", ring

    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert focused_item() == "Check open tickets"
    page.keyboard.press("Space")
    page.keyboard.press("Space")  # and untick it again
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    assert ticked(page) == ["Read the account notes", "Book a room"]
    assert progress(page) == "2 of 7 done"

    # The same with the run controls: name a run and start it from the keyboard.
    page.get_by_role("button", name="New run").focus()
    page.keyboard.press("Enter")
    page.keyboard.type("Keyboard run")
    page.keyboard.press("Enter")
    assert page.locator(".jd-run-select option:checked").inner_text().startswith("Keyboard run")

    page.reload()
    page.wait_for_selector(".jd-checklist")
    assert ticked(page) == []
    select_run(page, "Run 1")
    assert ticked(page) == ["Read the account notes", "Book a room"]
    assert errors == []


def test_sites_on_one_origin_keep_their_own_ticks(site: Site, browser: Any, tmp_path: Path) -> None:
    # The same built site under two paths of one origin, like two github.io projects.
    root = tmp_path / "origin"
    root.mkdir()
    for name in ("a", "b"):
        (root / name).symlink_to(site.project / "site", target_is_directory=True)
    context = browser.new_context()
    with StaticServer(root) as server:
        page = context.new_page()
        open_sop(page, server.url + "a/sops/onboarding/")
        click_box(page, "Book a room")
        open_sop(page, server.url + "b/sops/onboarding/")
        assert ticked(page) == []
        assert page.evaluate("Object.keys(localStorage)") == [f"journeydocs:v1:/a/:sop:{SOP}"]
        open_sop(page, server.url + "a/sops/onboarding/")
        assert ticked(page) == ["Book a room"]
    context.close()


def test_phone_sized_screen(site: Site, browser: Any) -> None:
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    errors = watch_errors(page)
    open_sop(page, site.page("sops/onboarding/"))

    page.locator("li.jd-item", has_text="Book a room").tap()
    assert ticked(page) == ["Book a room"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    for button in page.locator(".jd-checklist button:visible").all():
        box = button.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375, button.inner_text()
        assert box["height"] >= 24, button.inner_text()  # big enough to tap
    page.get_by_role("button", name="New run").tap()
    assert page.get_by_label("Name of the new run").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert errors == []
    context.close()
