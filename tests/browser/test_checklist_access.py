"""The checklist as a person sees and uses it: contrast, forced colours, focus, layout shift.

Measured in Chromium on the sample playbooks the plugin builds (English, and the Simplified
Chinese one where words matter), as issue 15 asks:

* the tick boxes (unticked, ticked, skipped: left unticked when the run was finished) from a
  screenshot's pixels (:mod:`browser.contrast`): 3:1 or more against the page (WCAG 2.2,
  1.4.11) in Material's light and dark schemes, with the samples' primary colours (indigo,
  teal, green) and Material's default accent; each state a different shape;
* the panel's words from computed styles, hover included: 4.5:1 or more (1.4.3);
* forced colours (Windows high contrast): each state visible, each unlike the others;
* focus after each run action: on the control that took the place of the one pressed,
  visible, and what happened said in the panel's status line;
* no layout shift from the run panel while the page loads (CLS from a PerformanceObserver),
  at 390 and 1280 px, with no stored run, a run in progress and a finished one;
* the build's shell is the script's panel, part for part; without scripts it is not shown
  and the checklist reads as a list with its boxes.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from collections.abc import Iterator
from typing import Any

import pytest

from browser.contrast import Ink, box_clip, shape_ink, text_contrast
from conftest import BuildResult, StaticServer, copy_language_sample, run_mkdocs_build
from journeydocs import i18n
from journeydocs.safety.markup import fill

pytestmark = pytest.mark.browser

EN_SOP = "sops/client-kickoff/"  # 22 items in four sections, a facts table under the panel
ZH_SOP = "sops/order-review/"  # 16 items
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
PRIMARIES = ["indigo", "teal", "green"]  # the samples' (en, zh, zh-Hant); indigo: the default
READY = "article[data-jd-checklist=ready]"
CLS_OBSERVER = """
window.__jdShifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.hadRecentInput) continue;
    window.__jdShifts.push({ value: entry.value, sources: entry.sources.map((s) =>
      s.node ? (s.node.className || s.node.nodeName || "#text") + "" : "?") });
  }
}).observe({ type: "layout-shift", buffered: true });
"""
FOCUSED = """(selector) => {
  const el = document.activeElement;
  const r = el.getBoundingClientRect();
  const header = document.querySelector(".md-header");
  const top = header ? header.getBoundingClientRect().bottom : 0;
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  const s = getComputedStyle(el);
  return {
    is: el.matches(selector),
    what: el.tagName + "." + el.className + " " + (el.textContent || "").trim().slice(0, 40),
    ring: el.matches(":focus-visible") && s.outlineStyle !== "none" &&
      parseFloat(s.outlineWidth) > 0,
    seen: r.width > 0 && r.top >= top && r.bottom <= innerHeight &&
      !!hit && (hit === el || el.contains(hit))
  };
}"""


# ---------------------------------------------------------------------------
# Sites, pages, words
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def zh_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[BuildResult,
                                                                       StaticServer]]:
    """samples/zh built (strict) and served."""
    project = copy_language_sample("zh", tmp_path_factory.mktemp("zh"))
    result = run_mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.output
    with StaticServer(result.site) as server:
        yield result, server


@pytest.fixture
def sites(sample_site: BuildResult, sample_server: StaticServer,
          zh_site: tuple[BuildResult, StaticServer]) -> dict[str, Any]:
    """``{language: (built site, server, SOP page)}``."""
    return {"en": (sample_site, sample_server, EN_SOP), "zh": (*zh_site, ZH_SOP)}


@pytest.fixture
def contexts(browser: Any) -> Iterator[Any]:
    opened: list[Any] = []

    def make(**options: Any) -> Any:
        opened.append(browser.new_context(**({"viewport": DESKTOP} | options)))
        return opened[-1]

    yield make
    for context in opened:
        context.close()


def words(code: str) -> Any:
    """``t(msgid, **values)``: a message as the site in ``code`` shows it."""
    language = i18n.load(code)[0]
    return lambda msgid, **values: fill(language.gettext(msgid), **values)


def open_sop(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(READY)


def tick(page: Any, index: int) -> None:
    page.locator("li.jd-item input").nth(index).check(force=True)


def use_primary(page: Any, primary: str) -> None:
    """Material's palette with another primary colour (its CSS has every one)."""
    page.evaluate("(p) => document.body.setAttribute('data-md-color-primary', p)", primary)


def scheme_of(page: Any) -> str:
    return str(page.evaluate("document.body.getAttribute('data-md-color-scheme')"))


def circle(ink: Ink, margin: int = 3) -> float:
    """The length in pixels of the circle the box is drawn on."""
    return math.pi * (ink.width - 2 * margin)


# ---------------------------------------------------------------------------
# Tick boxes: contrast and shape
# ---------------------------------------------------------------------------


def boxes(page: Any) -> dict[str, Ink]:
    """The first two items' boxes: ticked and unticked, then ticked and skipped once the
    run is finished (no pointer over them)."""
    items = page.locator("li.jd-item")
    tick(page, 0)
    page.mouse.move(0, 0)
    found = {"unticked": shape_ink(page, box_clip(items.nth(1))),
             "ticked": shape_ink(page, box_clip(items.nth(0)))}
    page.locator("[data-jd-action=finish]").click()
    page.mouse.move(0, 0)
    assert "jd-skipped" in (items.nth(1).get_attribute("class") or "")
    found["skipped"] = shape_ink(page, box_clip(items.nth(1)))
    found["ticked, finished"] = shape_ink(page, box_clip(items.nth(0)))
    return found


def shapes_differ(found: dict[str, Ink]) -> None:
    """A ring, a disc with a check cut out, a dashed ring with a dash: not colour alone."""
    unticked, ticked, skipped = found["unticked"], found["ticked"], found["skipped"]
    assert unticked.centre == 0 and unticked.centre_background > 0  # a ring: hollow
    assert skipped.centre > 0 and skipped.centre_background > 0  # a dash in a ring
    assert ticked.centre > 0 and ticked.mark_ratio >= 3, ticked  # a disc, its check cut out
    assert ticked.strong > 1.5 * max(unticked.strong, skipped.strong)
    assert len({unticked.png, ticked.png, skipped.png}) == 3


@pytest.mark.parametrize("primary", PRIMARIES)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_tick_boxes_stand_out_from_the_page(contexts: Any, sites: dict[str, Any],
                                            scheme: str, primary: str) -> None:
    page = contexts(color_scheme=scheme).new_page()
    open_sop(page, sites["en"][1].url + EN_SOP)
    assert scheme_of(page) == {"light": "default", "dark": "slate"}[scheme]
    use_primary(page, primary)
    found = boxes(page)
    for state, ink in found.items():
        assert ink.corners_agree, state  # (the clip's corners are the page around the box)
        assert ink.modal_ratio >= 3, (state, ink.modal, ink.background, ink.modal_ratio)
        # enough pixels at 3:1 for a circle all round (a dashed one: half of it), so the
        # measure is the box's edge, not a stray pixel
        need = circle(ink) * (0.5 if state == "skipped" else 1)
        assert ink.strong >= need, (state, ink.strong, need)
    shapes_differ(found)


def test_tick_boxes_in_forced_colours(contexts: Any, sites: dict[str, Any]) -> None:
    """Windows high contrast: backgrounds become the system's Canvas, so a box drawn as a
    masked background vanished; borders, text and the ticked disc's Highlight stay."""
    page = contexts(forced_colors="active").new_page()
    open_sop(page, sites["en"][1].url + EN_SOP)
    assert page.evaluate("matchMedia('(forced-colors: active)').matches")
    found = boxes(page)
    for state, ink in found.items():
        assert ink.modal_ratio >= 3 and ink.strong >= circle(ink) * 0.5, (state, ink)
    assert found["unticked"].strong >= circle(found["unticked"])
    shapes_differ(found)


def test_without_scripts_the_checklist_reads_as_a_list(contexts: Any,
                                                       sites: dict[str, Any]) -> None:
    """No panel (its buttons would do nothing), the items with their boxes, one ticked in
    the Markdown drawn ticked."""
    page = contexts(java_script_enabled=False).new_page()
    page.goto(sites["en"][1].url + EN_SOP)
    assert page.locator(".jd-checklist[data-jd-shell]").count() == 1
    assert not page.locator(".jd-checklist").is_visible()
    article = page.locator("article").inner_text()
    assert "New run" not in article and "Finish run" not in article
    assert "Check the deposit is paid" in article
    item = page.locator("li[data-jd-item]").first
    ink = shape_ink(page, box_clip(item))
    assert ink.modal_ratio >= 3 and ink.strong >= circle(ink) and ink.centre == 0


# ---------------------------------------------------------------------------
# Words: 4.5:1 in every state of the panel, the section badges, the index badge
# ---------------------------------------------------------------------------


def readable(found: list[str], label: str, locator: Any) -> None:
    """Note ``label`` in ``found`` when the text of ``locator`` is under 4.5:1."""
    assert locator.count(), label
    for i in range(locator.count()):
        seen = text_contrast(locator.nth(i))
        if seen["ratio"] < 4.5:
            found.append(f"{label}: {seen['ratio']:.2f} ({seen['color']} on "
                         f"{seen['background']})")


@pytest.mark.parametrize("primary", PRIMARIES)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_panels_words_are_readable(contexts: Any, sites: dict[str, Any], scheme: str,
                                       primary: str) -> None:
    page = contexts(color_scheme=scheme).new_page()
    url = sites["en"][1].url
    open_sop(page, url + EN_SOP)
    use_primary(page, primary)
    low: list[str] = []
    buttons = page.locator(".jd-checklist button:visible")
    readable(low, "no run yet", page.locator(".jd-run-none"))
    readable(low, "progress", page.locator(".jd-progress__text"))
    readable(low, "buttons", buttons)
    readable(low, "section badge", page.locator(".jd-section-progress"))

    for i in range(7):  # the first section, all of it, and one more
        tick(page, i)
    tick(page, 7)
    page.mouse.move(0, 0)
    readable(low, "complete section badge", page.locator(".jd-section-progress.jd-complete"))
    readable(low, "ticked item", page.locator("li.jd-done").first)
    readable(low, "run's times", page.locator(".jd-run-meta"))
    readable(low, "buttons with a run", buttons)
    for action in ("copy", "delete"):  # a button under the pointer is filled
        page.hover(f"[data-jd-action={action}]")
        readable(low, f"{action} under the pointer", page.locator(f"[data-jd-action={action}]"))
    page.mouse.move(0, 0)

    for i in range(8, page.locator("li.jd-item").count()):
        tick(page, i)
    readable(low, "checklist complete", page.locator(".jd-complete .jd-progress__text"))
    readable(low, "Finish, to press now", page.locator(".jd-btn--primary:visible"))
    page.locator("[data-jd-action=finish]").click()
    page.mouse.move(0, 0)
    readable(low, "status line", page.locator(".jd-toast"))
    readable(low, "buttons of a finished run", buttons)
    page.locator("details.jd-runs > summary").click()
    readable(low, "list of runs", page.locator(".jd-runs__run .jd-link, .jd-runs__state, "
                                               ".jd-runs__dates"))
    page.locator("[data-jd-action=reopen]").click()

    page.goto(url + "sops/")
    page.locator(".jd-sop-runs.jd-has-runs").wait_for()
    use_primary(page, primary)
    readable(low, "runs in progress", page.locator(".jd-sop-runs.jd-has-runs"))

    open_sop(page, url + EN_SOP)
    use_primary(page, primary)
    page.locator("[data-jd-action=delete]").click()
    readable(low, "deleted, with Undo", page.locator(".jd-toast, .jd-toast button"))
    assert low == []


# ---------------------------------------------------------------------------
# Focus after each run action, and what the status line says
# ---------------------------------------------------------------------------


def press(page: Any, selector: str, key: str = "Enter") -> None:
    """Focus a control of the panel from the keyboard's side and press ``key`` on it."""
    page.locator(selector).focus()
    page.keyboard.press(key)


def focus_is_on(page: Any, selector: str) -> None:
    seen = page.evaluate(FOCUSED, selector)
    assert seen["is"], f"focus is on {seen['what']}, not {selector}"
    assert seen["ring"], f"{selector} has focus but no visible focus ring"
    assert seen["seen"], f"{selector} has focus out of sight (or under the header)"


def status_says(page: Any, text: str) -> None:
    status = page.locator(".jd-toast[role=status]")
    assert status.inner_text().startswith(text), (status.inner_text(), text)


@pytest.mark.parametrize("code", ["en", "zh"])
def test_focus_follows_each_run_action(contexts: Any, sites: dict[str, Any],
                                       code: str) -> None:
    t = words(code)
    _, server, sop = sites[code]
    page = contexts(viewport=DESKTOP if code == "en" else PHONE).new_page()
    open_sop(page, server.url + sop)

    # New run, then Cancel: back on "New run", the form closed
    press(page, "[data-jd-action=new-run]")
    focus_is_on(page, ".jd-new-run__name")
    press(page, "[data-jd-action=cancel-run]")
    focus_is_on(page, "[data-jd-action=new-run][aria-expanded=false]")
    assert page.locator(".jd-new-run").is_hidden()

    # Start run (the form sent with Enter): on the run picker, which shows it
    page.keyboard.press("Enter")
    page.keyboard.type("Acme")
    page.keyboard.press("Enter")
    focus_is_on(page, ".jd-run-select")
    status_says(page, t("Started run “{name}”.", name="Acme"))

    # Finish: on Reopen, which took its place; Reopen: on Finish
    press(page, "[data-jd-action=finish]")
    focus_is_on(page, "[data-jd-action=reopen]")
    status_says(page, t("Run “{name}” finished.", name="Acme"))
    page.keyboard.press("Enter")
    focus_is_on(page, "[data-jd-action=finish]")
    status_says(page, t("Run “{name}” reopened.", name="Acme"))

    # A second run; then back to the first from the list of all runs: on its new button
    press(page, "[data-jd-action=new-run]")
    page.keyboard.type("Beta")
    page.keyboard.press("Enter")
    focus_is_on(page, ".jd-run-select")
    press(page, "details.jd-runs > summary")
    acme = page.locator(".jd-runs__run [data-jd-action=switch]", has_text="Acme")
    run_id = acme.get_attribute("data-jd-run")
    press(page, f'[data-jd-action=switch][data-jd-run="{run_id}"]')
    focus_is_on(page, f'[data-jd-action=switch][data-jd-run="{run_id}"][aria-current=true]')
    status_says(page, t("Showing run “{name}”.", name="Acme"))
    # ... and with the run picker, which keeps focus
    select = page.locator(".jd-run-select")
    select.focus()
    select.select_option(select.locator("option", has_text="Beta").get_attribute("value"))
    focus_is_on(page, ".jd-run-select")
    status_says(page, t("Showing run “{name}”.", name="Beta"))

    # Delete: on Undo, next to the words that say so; Undo: on the run picker
    press(page, "[data-jd-action=delete]")
    focus_is_on(page, ".jd-toast [data-jd-action=undo]")
    status_says(page, t("Run “{name}” deleted.", name="Beta"))
    page.keyboard.press("Enter")
    focus_is_on(page, ".jd-run-select")
    status_says(page, t("Run “{name}” restored.", name="Beta"))
    assert page.locator(".jd-run-select option:checked").inner_text().startswith("Beta")

    # Deleting the last runs: Undo still takes focus; pressing on, nothing is lost
    press(page, "[data-jd-action=delete]")
    press(page, "[data-jd-action=delete]")
    focus_is_on(page, ".jd-toast [data-jd-action=undo]")
    assert page.locator(".jd-run-none").is_visible()


# ---------------------------------------------------------------------------
# Layout shift while the page loads
# ---------------------------------------------------------------------------


def store_runs(context: Any, url: str, state: str) -> None:
    """Leave ``state`` ("none", "open", "finished") in the context's storage, by using the
    page as a person does."""
    if state == "none":
        return
    page = context.new_page()
    open_sop(page, url)
    for i in (0, 2, 3):
        tick(page, i)
    if state == "finished":
        page.locator("[data-jd-action=finish]").click()
    page.close()


def shift_while_loading(context: Any, url: str) -> tuple[float, list[Any]]:
    """The page's cumulative layout shift, from its first paint until it has settled."""
    page = context.new_page()
    page.add_init_script(CLS_OBSERVER)
    open_sop(page, url)
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => "
                  "requestAnimationFrame(done)))")
    shifts = page.evaluate("window.__jdShifts")
    return sum(s["value"] for s in shifts), shifts


LAYOUTS = [("en", 390, "none"), ("en", 390, "open"), ("en", 390, "finished"),
           ("en", 1280, "none"), ("en", 1280, "open"), ("en", 1280, "finished"),
           ("zh", 390, "none"), ("zh", 390, "open")]


@pytest.mark.parametrize(("code", "width", "state"), LAYOUTS)
def test_the_panel_moves_nothing_while_the_page_loads(contexts: Any, sites: dict[str, Any],
                                                      code: str, width: int,
                                                      state: str) -> None:
    _, server, sop = sites[code]
    phone = width < 600
    context = contexts(viewport=PHONE if phone else DESKTOP, is_mobile=phone, has_touch=phone)
    store_runs(context, server.url + sop, state)
    cls, shifts = shift_while_loading(context, server.url + sop)
    classes = context.pages[-1].evaluate("document.documentElement.className")
    expected = {"none": set(), "open": {"jd-has-runs", "jd-run-open"},
                "finished": {"jd-has-runs", "jd-run-finished"}}[state]
    assert "jd-js" in classes and expected <= set(classes.split()), classes
    assert cls < 0.02, (cls, shifts)


def test_the_shell_is_what_keeps_the_page_still(contexts: Any, sites: dict[str, Any]) -> None:
    """The same measure on the page without the build's shell (the panel built by the
    script after the page showed, as before): the page moves. So the measure measures."""
    _, server, sop = sites["en"]
    context = contexts(viewport=PHONE, is_mobile=True, has_touch=True)
    store_runs(context, server.url + sop, "open")

    def without_shell(route: Any) -> None:
        body = route.fetch().text()
        body = re.sub(r'<section class="jd-checklist[^"]*"[^>]*data-jd-shell.*?</section>', "",
                      body, count=1, flags=re.S)
        route.fulfill(body=body, headers={"content-type": "text/html; charset=utf-8"})

    context.route(re.compile(re.escape(server.url + sop) + "$"), without_shell)
    cls, _shifts = shift_while_loading(context, server.url + sop)
    assert context.pages[-1].locator(".jd-checklist").count() == 1
    assert cls > 0.05, cls


# ---------------------------------------------------------------------------
# The build's shell and the script's panel
# ---------------------------------------------------------------------------

SHAPE = """(html) => {
  const ATTRS = ["type", "role", "for", "aria-controls", "aria-live", "aria-hidden",
                 "aria-expanded", "aria-label", "placeholder", "hidden", "readonly",
                 "maxlength", "rows", "autocomplete", "data-jd-action", "max"];
  function shape(el, root) {
    const attrs = {};
    for (const name of ATTRS) {
      if (!el.hasAttribute(name)) continue;
      let value = el.getAttribute(name);
      if (name === "for" || name === "aria-controls") {   // ids differ: what they point at
        const target = root.querySelector("#" + CSS.escape(value));
        value = target ? target.tagName + "." + target.className : "(missing)";
      }
      if (name === "max") value = "";   // (the shell knows the count, the script sets it)
      attrs[name] = value;
    }
    const own = [...el.childNodes].filter((n) => n.nodeType === 3)
      .map((n) => n.textContent).join("").trim();
    return { tag: el.tagName, cls: el.className, attrs, own,
             children: [...el.children].map((c) => shape(c, root)) };
  }
  const shell = new DOMParser().parseFromString(html, "text/html")
    .querySelector(".jd-checklist[data-jd-shell]");
  shell.removeAttribute("data-jd-shell");
  shell.removeAttribute("data-search-exclude");
  const built = window.journeydocs.checklist.panel.build();
  return [shape(shell, shell), shape(built, built)];
}"""


def same_parts(shell: dict[str, Any], built: dict[str, Any], path: str = "") -> list[str]:
    """Where the shell differs from the script's panel: tags, classes, attributes, and the
    words the script writes when it builds it (the shell may say more: "0 of 22 done")."""
    here = f"{path}/{built['tag'].lower()}.{built['cls']}"
    found = []
    if (shell["tag"], shell["cls"], shell["attrs"]) != (built["tag"], built["cls"],
                                                        built["attrs"]):
        found.append(f"{here}: {shell['attrs']} != {built['attrs']}")
    if built["own"] and shell["own"] != built["own"]:
        found.append(f"{here}: {shell['own']!r} != {built['own']!r}")
    if len(shell["children"]) != len(built["children"]):
        return [*found, f"{here}: {len(shell['children'])} != {len(built['children'])} parts"]
    for a, b in zip(shell["children"], built["children"], strict=True):
        found.extend(same_parts(a, b, here))
    return found


@pytest.mark.parametrize("code", ["en", "zh"])
def test_the_builds_shell_is_the_scripts_panel(contexts: Any, sites: dict[str, Any],
                                               code: str) -> None:
    built_site, server, sop = sites[code]
    html = built_site.page(sop + "index.html")
    assert html.count("data-jd-shell") == 1
    page = contexts().new_page()
    open_sop(page, server.url + sop)
    shell, built = page.evaluate(SHAPE, html)
    assert same_parts(shell, built) == []
    t = words(code)
    items = page.locator("li.jd-item").count()
    assert t("{done} of {total} done", done=0, total=items) in html
    assert t("No run yet: ticking an item starts “{name}”.", name=t("Run {n}", n=1)) in html
    # Out of the search index: its words are the panel's, not the SOP's
    lunr = built_site.site / "search" / "search_index.json"
    if lunr.exists():
        text = json.dumps(json.loads(lunr.read_text("utf-8")), ensure_ascii=False)
    else:  # (a Chinese site searches with Pagefind: its fragments hold each page's text)
        fragments = sorted((built_site.site / "pagefind" / "fragment").glob("*.pf_fragment"))
        assert fragments
        text = " ".join(gzip.decompress(f.read_bytes()).decode("utf-8", "replace")
                        for f in fragments)
    for widget in (t("New run"), t("Copy as Markdown"), t("Name of the new run")):
        assert widget not in text, widget


def test_an_sop_without_items_gets_no_shell(zh_site: tuple[BuildResult, Any]) -> None:
    html = zh_site[0].page("sops/after-sales-policy/index.html")
    assert "data-jd-item" not in html and "data-jd-shell" not in html


def test_the_shell_sits_where_the_script_put_the_panel(sites: dict[str, Any]) -> None:
    """Right after the title: the script used to put its panel there."""
    html = sites["en"][0].page(EN_SOP + "index.html")
    title = re.search(r"<h1[^>]*>.*?</h1>", html, re.S)
    assert title is not None
    assert html[title.end():].startswith('<section class="jd-checklist')
