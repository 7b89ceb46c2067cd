"""The keyboard on a phone-sized screen (390 px): Material's navigation drawer, the menu
button keyboard.js puts in place of Material's menu icon, and focus below the sticky header.

Below Material's drawer breakpoint the closed drawer's links were Tab stops nobody could
see and the menu icon could not be focused. Each test walks the page with Tab as a person
does and checks every stop where it is drawn: inside the window, not covered by another
element (Material's hidden palette radio shows its focus on its label, a task list's
checkbox on the box drawn over it: both count as the stop) and not under the header.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from conftest import BuildResult, StaticServer, copy_sample, run_mkdocs_build

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1280, "height": 900}
SOP = "sops/consultation-call/"
JOURNEY = "journeys/webinar-to-client/"
NAVIGATION = {"zh": "导航", "zh-Hant": "導覽"}
"""The menu button's name in the Chinese samples (the English one is "Navigation")."""

SETTLED = """() => document.getAnimations().every((a) => a.playState !== "running" ||
  a.effect.getComputedTiming().iterations === Infinity)"""

# Where the focused element is drawn, as a person would see it.
STOP = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {name: "(nothing)", visible: false, under: false,
                                            drawer: false, header: false, button: false};
  const shown = el.matches("input.md-option") ? el.nextElementSibling : el;
  const owner = el.closest("label") || shown;
  const header = document.querySelector(".md-header");
  const inHeader = header.contains(el);
  const bottom = header.getBoundingClientRect().bottom;
  let visible = false, under = false;
  for (const r of shown.getClientRects()) {
    if (r.width < 1 || r.height < 1) continue;
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
    const hit = document.elementFromPoint(x, y);
    if (hit && (shown.contains(hit) || owner.contains(hit))) {
      visible = true;
      // its top edge under the header (not drawn over it, as Material's skip link is)
      const top = document.elementFromPoint(x, Math.max(r.top + 1, 0));
      if (!inHeader && r.top < bottom - 1 && top && header.contains(top)) under = true;
    }
  }
  const name = (el.getAttribute("aria-label") || el.textContent || el.tagName).trim();
  return {name: name.replace(/\\s+/g, " ").slice(0, 60), visible, under,
          drawer: !!el.closest(".md-sidebar--primary"), header: inHeader,
          button: el.classList.contains("jd-drawer-button")};
}"""


@pytest.fixture(scope="module")
def sample_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaticServer]:
    """The English sample with its real address (SITE_URL), as the Pages workflow builds
    it: Material's instant navigation is on."""
    project = copy_sample(tmp_path_factory.mktemp("keyboard"))
    with StaticServer(project / "site") as server, pytest.MonkeyPatch.context() as env:
        env.setenv("SITE_URL", server.url)
        result = run_mkdocs_build(project, "--strict")
        assert result.returncode == 0, result.output
        yield server


# Scripts that react to focus run on timers (Material opens its search overlay on a 1 ms
# debounce); a later timer runs after them, then two frames start any transition.
REACTED = """() => new Promise((done) => setTimeout(
  () => requestAnimationFrame(() => requestAnimationFrame(done)), 20))"""


def settle(page: Any) -> None:
    page.evaluate(REACTED)
    page.wait_for_function(SETTLED, timeout=10000)


def stop(page: Any) -> dict[str, Any]:
    settle(page)
    state: dict[str, Any] = page.evaluate(STOP)
    return state


def press(page: Any, key: str) -> dict[str, Any]:
    page.keyboard.press(key)
    return stop(page)


def drawer_open(page: Any) -> bool:
    return bool(page.evaluate("() => document.querySelector('#__drawer').checked"))


def drawer_inert(page: Any) -> bool:
    return bool(page.evaluate(
        "() => document.querySelector('.md-sidebar--primary').hasAttribute('inert')"))


def open_page(browser: Any, url: str, viewport: dict[str, int] = PHONE) -> Any:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(".jd-drawer-button", state="attached")
    settle(page)
    return page


def walk(page: Any, key: str = "Tab", most: int = 40) -> list[dict[str, Any]]:
    """The focus stops ``key`` reaches, ``most`` of them or up to the page's end."""
    stops = []
    for _ in range(most):
        state = press(page, key)
        if state["name"] == "(nothing)":
            break
        stops.append(state)
    return stops


def tab_to_button(page: Any) -> dict[str, Any]:
    for _ in range(3):
        state = press(page, "Tab")
        if state["button"]:
            return state
    raise AssertionError("the menu button is not among the first three Tab stops")


@pytest.mark.parametrize("path", ["", SOP, JOURNEY])
def test_forty_tab_stops_from_the_top_are_all_in_sight(browser: Any,
                                                       sample_server: StaticServer,
                                                       path: str) -> None:
    page = open_page(browser, sample_server.url + path)
    stops = walk(page)
    assert len(stops) >= 20, [s["name"] for s in stops]
    assert any(s["button"] for s in stops[:3]), [s["name"] for s in stops[:3]]
    hidden = [s["name"] for s in stops if not s["visible"] or s["drawer"]]
    assert not hidden, f"Tab stops not in sight: {hidden}"
    assert not [s["name"] for s in stops if s["under"]]
    assert drawer_inert(page) and not drawer_open(page)
    page.context.close()


def test_without_the_script_the_closed_drawer_holds_hidden_stops(
        browser: Any, sample_server: StaticServer) -> None:
    """What the walk above catches: Material alone (keyboard.js blocked)."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.route("**/assets/journeydocs/keyboard.js", lambda route: route.abort())
    page.goto(sample_server.url + SOP)
    page.wait_for_selector("article[data-jd-checklist=ready]")
    stops = [press(page, "Tab") for _ in range(15)]
    assert [s for s in stops if s["drawer"] and not s["visible"]]
    assert page.locator(".jd-drawer-button").count() == 0
    context.close()


def test_the_menu_button_opens_the_drawer_and_escape_closes_it(
        browser: Any, sample_server: StaticServer) -> None:
    page = open_page(browser, sample_server.url + SOP)
    button = page.get_by_role("button", name="Navigation")
    assert button.get_attribute("aria-expanded") == "false"
    tab_to_button(page)

    first = press(page, "Enter")
    assert drawer_open(page) and not drawer_inert(page)
    assert button.get_attribute("aria-expanded") == "true"
    assert first["drawer"] and first["visible"], first
    links = []
    state = first
    for _ in range(30):
        state = press(page, "Tab")
        if not state["drawer"]:
            break
        assert state["visible"], state
        links.append(state["name"])
    assert "Run the client kick-off" in links and len(links) >= 5, links
    # Tab past the drawer's last link: it closes, and the next stop is in sight
    assert not drawer_open(page) and drawer_inert(page)
    assert state["visible"] and not state["drawer"], state

    button.focus()
    assert press(page, " ")["drawer"] and drawer_open(page)  # Space opens it too
    after = press(page, "Escape")
    assert after["button"] and after["visible"], after
    assert not drawer_open(page) and drawer_inert(page)
    assert button.get_attribute("aria-expanded") == "false"
    page.context.close()


def test_the_drawers_panels_by_keyboard_and_instant_navigation(
        browser: Any, sample_server: StaticServer) -> None:
    """A journey page's drawer opens on the panel of its section ("Marketing"): only that
    panel's stops are reachable; Enter on its title goes back, Enter on a section opens
    it; a link followed with Enter loads the page with Material's instant navigation, and
    the drawer works there the same, with one menu button."""
    page = open_page(browser, sample_server.url + JOURNEY)
    tab_to_button(page)
    title = press(page, "Enter")
    assert (title["name"], title["visible"], title["drawer"]) == ("Marketing", True, True)
    names = [press(page, "Tab") for _ in range(2)]
    assert [(s["name"], s["visible"]) for s in names] == [
        ("Referral partner introduction", True), ("Webinar to new client", True)]
    # the page's own entry opens its table of contents, and Enter on its title comes back
    contents = press(page, "Enter")
    assert (contents["name"], contents["visible"]) == ("Table of contents", True)
    know = press(page, "Tab")
    assert (know["name"], know["visible"]) == ("Know", True)
    press(page, "Shift+Tab")
    assert press(page, "Enter")["name"] == "Webinar to new client"

    press(page, "Shift+Tab")
    assert press(page, "Shift+Tab")["name"] == "Marketing"
    back = press(page, "Enter")  # Material clicks a focused label: back to "Journeys"
    assert (back["name"], back["visible"], back["drawer"]) == ("Marketing", True, True)
    operations = press(page, "Tab")
    assert (operations["name"], operations["visible"]) == ("Operations", True)
    opened = press(page, "Enter")
    assert (opened["name"], opened["visible"]) == ("Operations", True)
    link = press(page, "Tab")
    assert (link["name"], link["visible"]) == ("Client onboarding, delivery and renewal", True)

    page.evaluate("() => { window.jdSamePage = true; }")
    page.keyboard.press("Enter")
    page.wait_for_url("**/journeys/client-onboarding/")
    page.wait_for_selector(".jd-map-tools")
    settle(page)
    assert page.evaluate("() => window.jdSamePage === true")  # instant: no new document
    assert page.locator(".jd-drawer-button").count() == 1
    assert not drawer_open(page) and drawer_inert(page)
    page.get_by_role("button", name="Navigation").focus()
    again = press(page, "Enter")
    assert again["drawer"] and again["visible"] and again["name"] == "Operations", again
    page.context.close()


def test_focus_stays_below_the_sticky_header(browser: Any,
                                            sample_server: StaticServer) -> None:
    """Shift+Tab from the foot of a long page up through 40 stops: the page scrolls each
    into view below the header (pages.css: scroll-padding-top), not under it."""
    page = open_page(browser, sample_server.url + SOP)
    page.keyboard.press("End")
    page.locator("footer a").last.focus()
    start = page.evaluate("() => scrollY")
    stops = walk(page, "Shift+Tab")
    assert len(stops) == 40
    assert page.evaluate("() => scrollY") < start - 500  # the walk scrolled up the page
    assert not [s["name"] for s in stops if s["under"] or not s["visible"]], stops
    page.context.close()


def test_a_wide_screen_keeps_materials_navigation(browser: Any,
                                                  sample_server: StaticServer) -> None:
    page = open_page(browser, sample_server.url + SOP)
    assert drawer_inert(page)
    page.set_viewport_size(WIDE)  # wider than the drawer's breakpoint: the sidebar shows
    settle(page)
    assert not drawer_inert(page)
    assert not page.locator(".jd-drawer-button").is_visible()
    link = page.locator(".md-sidebar--primary a.md-nav__link", has_text="Run the client kick-off")
    link.focus()
    state = stop(page)
    assert state["drawer"] and state["visible"] and state["name"] == "Run the client kick-off"
    page.set_viewport_size(PHONE)
    settle(page)
    assert drawer_inert(page)
    page.context.close()


@pytest.fixture(scope="module")
def chinese_server(language_site: BuildResult) -> Iterator[tuple[str, StaticServer]]:
    with StaticServer(language_site.site) as server:
        yield language_site.site.parent.name, server


def test_the_menu_button_speaks_the_sites_language(
        browser: Any, chinese_server: tuple[str, StaticServer]) -> None:
    name, server = chinese_server
    page = open_page(browser, server.url)
    button = page.get_by_role("button", name=NAVIGATION[name], exact=True)
    assert button.get_attribute("aria-expanded") == "false"
    assert tab_to_button(page)["name"] == NAVIGATION[name]
    inside = press(page, "Enter")
    assert inside["drawer"] and inside["visible"] and drawer_open(page)
    page.context.close()
