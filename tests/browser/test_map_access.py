"""The journey map as people meet it: on a phone, by keyboard, with a screen reader, on paper.

Each site is the sample playbook (English, and the Simplified Chinese sample) with one more
journey of 30 steps across the seven stages, a decision every six steps (the shape of
tests/test_graph.py's make_big): the map that was 2,200-2,700 px tall on a 390 px phone with
its nodes cut off or its labels at 6 px once fitted. Measured figures are printed (run with
-s): the map's height on the phone and its smallest label.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import StaticServer, copy_language_sample, copy_sample, run_mkdocs_build

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}
A4 = {"width": 794, "height": 1123}  # the page at 96 px per inch
MIN_LABEL = 11  # CSS px
BIG = "journeys/big/"
WEBINAR = "journeys/webinar-to-client/"
DIALOG = "dialog.jd-map-dialog"

WORDS = {
    "en": {"task": "Prepare the proposal and pricing options",
           "question": "Does the prospect qualify for the offer?",
           "follow": "Send a polite follow-up email with a case study",
           "first": "Visitor finds us through a search for a local accountant",
           "last": "Refers a friend", "yes": "yes", "no": "no, not this time",
           "title": "Thirty steps from search to referral", "sop": "consultation-call"},
    "zh": {"task": "准备提案和报价方案，并发送给客户", "question": "客户是否符合优惠条件？",
           "follow": "发送一封礼貌的跟进邮件并附上案例", "first": "访客通过搜索本地会计找到我们",
           "last": "推荐一位朋友", "yes": "是", "no": "这次不", "title": "三十步的大旅程",
           "sop": "invoicing"},
}


def big_journey(lang: str, n: int = 30) -> str:
    """The 30-step journey as YAML, in ``lang``'s words (owner ``founder`` in both samples)."""
    w = WORDS[lang]
    stages = ["know", "like", "trust", "try", "buy", "repeat", "refer"]
    steps: list[dict[str, Any]] = [
        {"id": "s0", "type": "start", "stage": "know", "next": "s1", "title": w["first"]}]
    i = 1
    while len(steps) < n - 1:
        stage = stages[min(len(steps) * len(stages) // n, len(stages) - 1)]
        if i % 6 == 3 and len(steps) < n - 3:
            decision = {"id": f"s{i}", "type": "decision", "title": w["question"],
                        "stage": stage, "branches": [(w["yes"], f"s{i + 2}"),
                                                      (w["no"], f"s{i + 1}")]}
            if i % 12 == 3:
                decision.update(critical=True, sop=w["sop"], owner="founder")
            steps += [decision, {"id": f"s{i + 1}", "stage": stage, "next": f"s{i + 2}",
                                 "title": w["follow"]}]
            i += 2
            continue
        step: dict[str, Any] = {"id": f"s{i}", "title": f"{w['task']} {i}", "stage": stage,
                                "next": f"s{i + 1}"}
        if i % 7 == 0:
            step.update(critical=True, sop=w["sop"], owner="founder")
        steps.append(step)
        i += 1
    steps.append({"id": f"s{i}", "type": "end", "title": w["last"], "stage": "refer"})
    lines = [f'title: "{w["title"]}"', "system: marketing", "owner: founder", "steps:"]
    for step in steps:
        lines.append(f"  - id: {step['id']}")
        for key in ("type", "stage", "owner", "sop", "next"):
            if key in step:
                lines.append(f"    {key}: {step[key]}")
        lines.append(f'    title: "{step["title"]}"')
        if step.get("critical"):
            lines += ["    critical: true", '    metrics: [{name: "Rate", target: "10"}]']
        if "branches" in step:
            lines.append("    branches:")
            lines += [f'      - {{label: "{label}", next: {to}}}'
                      for label, to in step["branches"]]
    return "\n".join(lines) + "\n"


def _serve(project: Path, journeys: Path, lang: str) -> Iterator[StaticServer]:
    (journeys / "big.yml").write_text(big_journey(lang), encoding="utf-8")
    result = run_mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.output
    with StaticServer(project / "site") as server:
        yield server


@pytest.fixture(scope="module")
def en_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaticServer]:
    project = copy_sample(tmp_path_factory.mktemp("access") / "sample")
    yield from _serve(project, project / "content" / "journeys", "en")


@pytest.fixture(scope="module")
def zh_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaticServer]:
    project = copy_language_sample("zh", tmp_path_factory.mktemp("access-zh"))
    yield from _serve(project, project / "docs" / "journeys", "zh")


@pytest.fixture(params=["en", "zh"])
def any_site(request: pytest.FixtureRequest) -> tuple[str, StaticServer]:
    return request.param, request.getfixturevalue(f"{request.param}_site")


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    contexts: list[Any] = []

    def make(url: str, viewport: dict[str, int] = LAPTOP, **options: Any) -> Any:
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


SHOWN = "[...document.querySelectorAll('svg.jd-map')].find((s) => s.getClientRects().length)"

MEASURE = """() => {
  // The map shown: its box, each node's box, and each label's size on the screen in CSS px
  // (its font size times the drawing's scale there).
  const svg = """ + SHOWN + """;
  const r = svg.getBoundingClientRect();
  const labels = [...svg.querySelectorAll('text')].filter((t) => t.textContent.trim())
    .map((t) => ({ text: t.textContent,
                   px: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a }));
  const nodes = [...svg.querySelectorAll('g.node')].map((g) => {
    const b = g.getBoundingClientRect();
    return { id: g.id, left: b.left, right: b.right, top: b.top, bottom: b.bottom };
  });
  return { variant: svg.getAttribute('class'), left: r.left, right: r.right, top: r.top,
           bottom: r.bottom, width: r.width, height: r.height, labels, nodes,
           smallest: Math.min(...labels.map((l) => l.px)) };
}"""


# ---------------------------------------------------------------------------
# A phone: the map fits the width, labels legible; full screen pans and pinches
# ---------------------------------------------------------------------------


def test_a_phone_shows_the_30_step_map_fitted_with_legible_labels(
    open_page: Any, any_site: tuple[str, StaticServer]
) -> None:
    lang, site = any_site
    page = open_page(site.url + BIG, PHONE, is_mobile=True, has_touch=True)
    found = page.evaluate(MEASURE)
    if lang == "en":  # the drawing for a phone (the Chinese one is as narrow drawn wide)
        assert "jd-map--narrow" in found["variant"]
    assert len(found["nodes"]) == 30
    beyond = [n["id"] for n in found["nodes"] if n["right"] > PHONE["width"] or n["left"] < 0]
    assert beyond == []
    small = [(label["text"], round(label["px"], 2)) for label in found["labels"]
             if label["px"] < MIN_LABEL]
    assert small == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    if lang == "zh":  # the labels are Chinese, in the Chinese font
        assert any(re.search("[\u4e00-\u9fff]", label["text"]) for label in found["labels"])
    print(f"\n{lang}: 30-step map at 390 px: {found['height']:.0f} px tall, "
          f"{found['width']:.0f} px wide, smallest label {found['smallest']:.1f} px")
    assert page.errors == []


def test_full_screen_on_a_phone_pans_and_pinches(open_page: Any, en_site: StaticServer) -> None:
    page = open_page(en_site.url + BIG, PHONE, is_mobile=True, has_touch=True)
    page.get_by_role("button", name="Full screen").tap()
    start = page.evaluate(MEASURE)
    # Fitted to the width, legible: the whole 30 steps would be 3 px text.
    assert start["smallest"] >= MIN_LABEL
    assert start["left"] >= 0 and start["right"] <= PHONE["width"]
    cdp = page.context.new_cdp_session(page)

    def touch(kind: str, *points: tuple[float, float]) -> None:
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": [
            {"x": x, "y": y, "id": k} for k, (x, y) in enumerate(points)]})

    # One finger drags the map up: the page behind does not move.
    touch("touchStart", (200, 600))
    for k in range(1, 11):
        touch("touchMove", (200, 600 - 30 * k))
    touch("touchEnd")
    dragged = page.evaluate(MEASURE)
    assert dragged["top"] == pytest.approx(start["top"] - 300, abs=8), (start, dragged)
    assert dragged["width"] == pytest.approx(start["width"], abs=0.5)
    assert page.evaluate("window.scrollY") == 0
    # Two fingers spread apart: the map grows around them, the point between them stays.
    under = page.evaluate("(y) => document.elementFromPoint(195, y).closest('g.node')?.id",
                          450)
    touch("touchStart", (145, 450), (245, 450))
    for k in range(1, 11):
        touch("touchMove", (145 - 5 * k, 450), (245 + 5 * k, 450))
    touch("touchEnd")
    pinched = page.evaluate(MEASURE)
    assert pinched["width"] == pytest.approx(dragged["width"] * 2, rel=0.05)
    if under:  # the node under the fingers stays under them
        assert page.evaluate("(y) => document.elementFromPoint(195, y).closest('g.node')?.id",
                             450) == under
    # "Reset" fits the width again; Escape closes, focus back on the button.
    page.locator(DIALOG).get_by_role("button", name="Reset").tap()
    assert page.evaluate(MEASURE)["width"] == pytest.approx(start["width"], abs=1)
    page.keyboard.press("Escape")
    page.wait_for_selector(f"{DIALOG}[open]", state="detached")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Full screen"
    assert page.errors == []


def test_a_tap_on_a_node_in_full_screen_follows_its_link(
    open_page: Any, en_site: StaticServer
) -> None:
    page = open_page(en_site.url + WEBINAR, PHONE, is_mobile=True, has_touch=True)
    page.get_by_role("button", name="Full screen").tap()
    page.locator(f"{DIALOG} svg.jd-map:visible g.node[id$='-step-downsell'] a").tap()
    page.wait_for_url("**/" + WEBINAR + "#step-downsell")
    page.wait_for_selector(f"{DIALOG}[open]", state="detached")  # the dialog gave way
    page.wait_for_timeout(300)
    step = page.locator("#step-downsell").bounding_box()
    assert step is not None and 0 <= step["y"] < PHONE["height"] / 2
    assert page.errors == []


# ---------------------------------------------------------------------------
# Keyboard: a modal dialog, a skip link, the text version
# ---------------------------------------------------------------------------


def test_full_screen_is_a_modal_dialog(open_page: Any, any_site: tuple[str, StaticServer]
                                       ) -> None:
    lang, site = any_site
    page = open_page(site.url + BIG)
    title = page.locator("article h1").first.inner_text().strip(" ¶\n")
    full, close = ("Full screen", "Close") if lang == "en" else ("全屏", "关闭")
    opener = page.get_by_role("button", name=full)
    opener.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name=title)  # named by the journey
    assert dialog.count() == 1
    assert page.evaluate(f"document.querySelector('{DIALOG}').matches(':modal')")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == close
    # The page behind is inert: the dialog alone answers a click anywhere.
    assert page.evaluate(f"document.elementFromPoint(5, 5).closest('{DIALOG}') !== null")
    # Tab goes round the controls and every node link, and never leaves the dialog.
    links = page.locator(f"{DIALOG} svg.jd-map a[role=link]:visible").count()
    assert links >= 30
    seen = set()
    for _ in range(links + 8):
        page.keyboard.press("Tab")
        inside, what = page.evaluate(f"""() => {{
            const el = document.activeElement;
            return [!!el.closest('{DIALOG}'),
                    el.getAttribute('aria-label') || el.closest('g.node')?.id || el.tagName];
            }}""")
        assert inside, what
        seen.add(what)
    assert close in seen and len(seen) >= links + 4  # every link and the four buttons
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(f"!!document.activeElement.closest('{DIALOG}')")
    # Escape closes it; focus returns to the button that opened it.
    page.keyboard.press("Escape")
    page.wait_for_selector(f"{DIALOG}[open]", state="detached")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == full
    # So does its Close button.
    page.keyboard.press("Enter")
    page.locator(DIALOG).get_by_role("button", name=close).click()
    page.wait_for_selector(f"{DIALOG}[open]", state="detached")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == full
    assert page.errors == []


def test_full_screen_fits_a_small_map_whole(open_page: Any, en_site: StaticServer) -> None:
    page = open_page(en_site.url + WEBINAR)
    page.get_by_role("button", name="Full screen").click()
    found = page.evaluate(MEASURE)
    head = page.locator(".jd-map-dialog-head").bounding_box()
    assert head is not None
    assert found["left"] >= 0 and found["right"] <= LAPTOP["width"]
    assert found["top"] >= head["y"] + head["height"] - 1 and found["bottom"] <= LAPTOP["height"]
    assert found["smallest"] >= MIN_LABEL
    assert page.errors == []


def test_skip_link_moves_focus_past_the_map(open_page: Any, en_site: StaticServer) -> None:
    page = open_page(en_site.url + WEBINAR)
    skip = page.get_by_role("link", name="Skip the map")
    assert skip.bounding_box()["width"] <= 1  # shown when a keyboard reaches it
    skip.focus()
    assert skip.bounding_box()["width"] > 20
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.classList.contains('jd-map-end')")
    page.keyboard.press("Tab")
    after = page.evaluate("""() => {
        const figure = document.querySelector('figure.jd-map-frame');
        const el = document.activeElement;
        return [figure.contains(el),
                !!(figure.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING),
                el.textContent.trim().slice(0, 40)]; }""")
    assert after[0] is False and after[1] is True, after
    assert page.errors == []


def test_steps_as_text_lands_on_the_steps(open_page: Any, any_site: tuple[str, StaticServer]
                                          ) -> None:
    lang, site = any_site
    page = open_page(site.url + BIG, PHONE, is_mobile=True, has_touch=True)
    name = "Steps as text" if lang == "en" else "文字版步骤"
    link = page.locator("figure.jd-map-frame").get_by_role("link", name=name)
    box = link.bounding_box()
    assert box is not None and box["y"] < PHONE["height"]  # above the map, in view
    link.tap()
    page.wait_for_url(re.compile(r"#stage-know$"))
    page.wait_for_timeout(300)
    heading = page.locator("#stage-know")
    top = heading.bounding_box()["y"]
    header = page.locator("header.md-header").bounding_box()
    assert header["y"] + header["height"] - 1 <= top < PHONE["height"] / 2
    # The text version: the first step's section follows, with its type and links.
    assert page.locator("#step-s0").is_visible()
    assert page.errors == []


# ---------------------------------------------------------------------------
# A screen reader: node names, stage groups, no loose labels, no "black star"
# ---------------------------------------------------------------------------

NAMES = {
    "en": ["Books a consultation?", "Decision, stage: Trust", "Critical step",
           "If “yes”: Consultation call", "If “no”: Down-sell campaign",
           "Opens the SOP: Book and confirm a consultation", "Owner: Sales lead"],
    "zh": ["客户是否符合优惠条件？", "决策点，阶段：认识", "关键步骤", "如果“是”：",
           "如果“这次不”：", "打开 SOP：", "负责人："],
}


def test_nodes_say_what_they_are_and_where_they_lead(
    open_page: Any, any_site: tuple[str, StaticServer]
) -> None:
    lang, site = any_site
    page = open_page(site.url + (WEBINAR if lang == "en" else BIG))
    name = re.compile(".*".join(re.escape(part) for part in NAMES[lang]))
    link = page.get_by_role("link", name=name)
    assert link.count() == 1
    # It sits in its stage's group; a plain step says it opens its details on the page.
    stage = "Stage: Trust" if lang == "en" else "阶段：认识"
    assert page.get_by_role("group", name=stage).get_by_role("link", name=name).count() == 1
    plain = "Opens the step's details on this page" if lang == "en" else "跳到本页上这一步的详情"
    assert page.get_by_role("link", name=re.compile(re.escape(plain))).count() >= 3
    # What the map says to a screen reader: names, no stray labels, no glyphs.
    tree = page.locator("figure.jd-map-frame").aria_snapshot()
    assert "★" not in tree
    branch = "no" if lang == "en" else "这次不"
    assert not re.search(rf"text: {re.escape(branch)}\b", tree), tree
    assert not re.search(r"^\s*- group:?\s*$", tree, re.M), tree  # no nameless group
    if lang == "en":
        assert "- text: Know" not in tree and 'group "Stage: Know"' in tree
    # The step headings keep their ★ for the eye, not for the ear.
    heading = page.locator('article h3:has(.jd-glyph[data-glyph="★"])').first
    drawn = heading.locator(".jd-glyph").evaluate(
        "el => getComputedStyle(el, '::before').content")
    assert "★" in drawn
    said = heading.aria_snapshot()
    assert "★" not in said and ("critical step" if lang == "en" else "关键步骤") in said
    assert page.errors == []


# ---------------------------------------------------------------------------
# The page opens with its map, on a laptop and on paper
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("journey", ["webinar-to-client", "client-onboarding",
                                     "referral-partner", "big"])
def test_a_laptop_shows_the_map_without_scrolling(
    open_page: Any, en_site: StaticServer, journey: str
) -> None:
    page = open_page(f"{en_site.url}journeys/{journey}/")
    found = page.evaluate(MEASURE)
    first = min(found["nodes"], key=lambda n: n["top"])
    assert first["bottom"] <= LAPTOP["height"], (found["top"], first)
    # The facts follow the map (the summary too).
    order = page.evaluate("""() => {
        const f = document.querySelector('figure.jd-map-frame');
        const t = document.querySelector('article .jd-facts');
        return !!(f.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING); }""")
    assert order
    print(f"\n{journey}: map top at {found['top']:.0f} px, first step's bottom at "
          f"{first['bottom']:.0f} px of 800")


@pytest.mark.parametrize("journey", ["webinar-to-client", "big"])
def test_printing_starts_with_the_map_on_the_first_page(
    open_page: Any, en_site: StaticServer, journey: str
) -> None:
    page = open_page(f"{en_site.url}journeys/{journey}/", A4)
    page.emulate_media(media="print")
    found = page.evaluate(MEASURE)
    article = page.locator("article").bounding_box()
    assert article is not None
    # On page 1, whole: Chromium would move a taller drawing (one unbreakable box) to page 2.
    assert found["top"] >= 0 and found["bottom"] <= A4["height"], found
    assert found["left"] >= article["x"] - 1
    assert found["right"] <= article["x"] + article["width"] + 1
    assert page.locator(".jd-map-bar").is_hidden()
    # Paper shows the map in the middle of its width or fitted to it.
    assert found["width"] >= min(article["width"], 300)
    print(f"\n{journey}: printed map {found['width']:.0f} x {found['height']:.0f} px "
          f"from {found['top']:.0f} px")
