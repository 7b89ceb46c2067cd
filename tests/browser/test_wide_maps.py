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
  const nodes = [...document.querySelectorAll('svg.jd-map g.node')].map((g) => {
    const b = g.getBoundingClientRect();
    return { id: g.id, left: b.left, top: b.top, right: b.right, bottom: b.bottom,
             x: b.left - r.left - v.clientLeft + v.scrollLeft,
             y: b.top - r.top - v.clientTop + v.scrollTop };
  });
  return { shown, nodes, scrollWidth: v.scrollWidth, scrollHeight: v.scrollHeight,
           clientWidth: v.clientWidth, svg: document.querySelector('svg.jd-map')
             .getBoundingClientRect().width };
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

    click = (lambda name: page.get_by_role("button", name=name).tap()) if phone else (
        lambda name: page.get_by_role("button", name=name).click())
    click("Full screen")
    assert outside(page.evaluate(NODES)) == []
    # Zoomed in, the map is larger than the screen; "Reset" fits it to the screen again.
    click("Zoom in")
    click("Zoom in")
    assert outside(page.evaluate(NODES)) != []
    click("Reset")
    assert outside(page.evaluate(NODES)) == []
    # Turned to landscape, the open map fits the new screen.
    page.set_viewport_size({"width": viewport["height"], "height": viewport["width"]})
    page.wait_for_timeout(200)
    assert outside(page.evaluate(NODES)) == []
    click("Close")
    assert page.evaluate("document.querySelector('svg.jd-map').getBoundingClientRect().width"
                         ) == pytest.approx(found["svg"], abs=1)
    assert page.errors == []
