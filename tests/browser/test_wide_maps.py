"""A map wider than the screen in headless Chromium: every node can be reached in the page,
and full screen shows the whole map at once, on a laptop and on a phone.

The sample playbook gets one more journey: a request routed by an eight-way decision to
teams in three stages, so the map is about twice as wide as a laptop screen and its stage
groups stand in a row.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from conftest import StaticServer, copy_sample, run_mkdocs_build

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
TEAMS = ["Billing and invoices team", "Technical support desk", "Account management team",
         "Legal and contracts office", "Partnerships and referrals", "Training and onboarding",
         "Complaints and escalations", "Everything else: the front desk"]
STAGES = ["buy", "repeat", "refer"]


def wide_journey() -> str:
    lines = ["title: Every request to its team", "system: operations", "owner: founder",
             "steps:",
             "  - {id: request, type: start, title: A request comes in by email or phone, "
             "stage: buy, next: route}",
             "  - id: route", "    type: decision",
             "    title: Which team handles the request?", "    stage: buy", "    branches:"]
    lines += [f"      - {{label: \"{team.split()[0].lower()} request\", next: team-{i}}}"
              for i, team in enumerate(TEAMS)]
    lines += [f"  - {{id: team-{i}, type: end, title: \"{team} takes it over\", "
              f"stage: {STAGES[i % 3]}}}" for i, team in enumerate(TEAMS)]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaticServer]:
    project = copy_sample(tmp_path_factory.mktemp("wide") / "sample")
    (project / "content" / "journeys" / "wide.yml").write_text(wide_journey(), "utf-8")
    with StaticServer(project / "site") as server:
        result = run_mkdocs_build(project, "--strict")
        assert result.returncode == 0, result.output
        yield server


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    contexts: list[Any] = []

    def make(url: str, viewport: dict[str, int], **options: Any) -> Any:
        context = browser.new_context(viewport=viewport, **options)
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.goto(url)
        page.wait_for_selector(".jd-map-tools")
        return page

    yield make
    for context in contexts:
        context.close()


NODES = """() => {
  // Every node's box, in the viewport's scrolled content and on the screen, with the part of
  // the screen where the map shows (the viewport's content box inside the window).
  const v = document.querySelector('.jd-map-viewport');
  const r = v.getBoundingClientRect();
  const s = getComputedStyle(v);
  const px = (name) => parseFloat(s[name]) || 0;
  const shown = {
    left: Math.max(r.left + v.clientLeft + px('paddingLeft'), 0),
    top: Math.max(r.top + v.clientTop + px('paddingTop'), 0),
    right: Math.min(r.left + v.clientLeft + v.clientWidth - px('paddingRight'),
                    window.innerWidth),
    bottom: Math.min(r.top + v.clientTop + v.clientHeight - px('paddingBottom'),
                     window.innerHeight),
  };
  const svg = [...document.querySelectorAll('svg.jd-map')].find((s) => s.getClientRects().length);
  const nodes = [...svg.querySelectorAll('g.node')].map((g) => {
    const b = g.getBoundingClientRect();
    return { id: g.id, left: b.left, top: b.top, right: b.right, bottom: b.bottom,
             x: b.left - r.left - v.clientLeft + v.scrollLeft,
             y: b.top - r.top - v.clientTop + v.scrollTop };
  });
  // The smallest label on the screen, in CSS px (font size times the drawing's scale).
  const smallest = Math.min(...[...svg.querySelectorAll('text')].map((t) =>
    parseFloat(t.getAttribute('font-size')) * t.getScreenCTM().a));
  return { shown, nodes, scrollWidth: v.scrollWidth, scrollHeight: v.scrollHeight,
           clientWidth: v.clientWidth, svg: svg.getBoundingClientRect().width, smallest };
}"""


def outside(found: dict[str, Any]) -> list[str]:
    """Nodes not wholly inside the part of the screen where the map shows (0.5 px slack)."""
    shown = found["shown"]
    return [n["id"] for n in found["nodes"]
            if n["left"] < shown["left"] - 0.5 or n["right"] > shown["right"] + 0.5
            or n["top"] < shown["top"] - 0.5 or n["bottom"] > shown["bottom"] + 0.5]


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_full_screen_shows_the_whole_wide_map(
    open_page: Any, site: StaticServer, viewport: dict[str, int]
) -> None:
    """On a laptop full screen shows the whole map. On a phone the whole map would have
    5 px labels: full screen opens at a legible size (11 px), every node a drag away, and
    zooming out goes down to the whole map."""
    phone = viewport is PHONE
    page = open_page(site.url + "journeys/wide/", viewport, is_mobile=phone, has_touch=phone)
    found = page.evaluate(NODES)
    assert len(found["nodes"]) == 2 + 2 * len(TEAMS)  # steps and branch labels
    # In the page the map is wider than its frame, which scrolls sideways to every node.
    assert found["scrollWidth"] > found["clientWidth"], found
    for node in found["nodes"]:
        assert node["x"] >= 0 and node["x"] + node["right"] - node["left"] <= (
            found["scrollWidth"] + 0.5), node
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert found["smallest"] >= 11 - 0.05, found["smallest"]

    def click(name: str) -> None:
        """A button of the map: in the open dialog (the page behind it is inert) or the page."""
        dialog = page.locator("dialog.jd-map-dialog[open]")
        button = (dialog if dialog.count() else page).get_by_role("button", name=name)
        button.tap() if phone else button.click()

    click("Full screen")
    opened = page.evaluate(NODES)
    assert opened["smallest"] >= 11 - 0.05, opened["smallest"]
    if phone:
        assert outside(opened) != []  # legible first: a part of the map is off the screen
        for node in opened["nodes"]:  # ... and a drag away
            assert node["x"] >= 0 and node["x"] + node["right"] - node["left"] <= (
                opened["scrollWidth"] + 0.5), node
        for _ in range(8):
            click("Zoom out")
        assert outside(page.evaluate(NODES)) == []  # the whole map, smaller
        click("Reset")
        assert page.evaluate(NODES)["smallest"] == pytest.approx(opened["smallest"], abs=0.1)
    else:
        assert outside(opened) == []
    # Zoomed in, the map is larger than the screen; "Reset" fits it to the screen again.
    click("Zoom in")
    click("Zoom in")
    assert outside(page.evaluate(NODES)) != []
    click("Reset")
    assert outside(page.evaluate(NODES)) == outside(opened)
    # Turned to landscape, the open map fits the new screen (a phone's: whole at 11 px).
    page.set_viewport_size({"width": viewport["height"], "height": viewport["width"]})
    page.wait_for_timeout(200)
    turned = page.evaluate(NODES)
    assert turned["smallest"] >= 11 - 0.05
    assert outside(turned) == [] or turned["svg"] >= turned["clientWidth"] - 1
    click("Close")
    page.set_viewport_size(viewport)
    page.wait_for_timeout(200)
    assert page.evaluate(NODES)["svg"] == pytest.approx(found["svg"], abs=1)
    assert page.errors == []
