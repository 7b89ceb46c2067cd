"""A map drawn for a phone (journeydocs.maps.layout.NARROW) and what a screen reader meets in
the SVG (journeydocs.maps.access), with the real ``dot``.

The phone's drawing stacks the stage groups and narrows the shapes, so that every sample
journey, English and Chinese, fits a phone's 356 px column with its labels at 11 CSS px or
more (the browser tests measure the page; these the drawings themselves).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import ROOT
from journeydocs import i18n
from journeydocs.content.model import Journey, Playbook, Step
from journeydocs.content.pipeline import load_and_check
from journeydocs.content.settings import Settings
from journeydocs.maps.dot import journey_dot
from journeydocs.maps.figures import SWITCH_MAX, SWITCH_MIN, map_html, switch_width
from journeydocs.maps.render import SvgRenderer

SVG = "{http://www.w3.org/2000/svg}"
PHONE_COLUMN = 356  # CSS px a 390 px phone leaves the map (Material's margins)
SMALLEST_PT = 11  # a branch label; steps are 12 pt
MIN_LABEL = 11  # CSS px


@pytest.fixture(scope="module")
def renderer() -> SvgRenderer:
    return SvgRenderer(None)


def draw(renderer: SvgRenderer, journey: Journey, book: Playbook, *, narrow: bool) -> ET.Element:
    def step_url(step: Step) -> str:  # as the site links them
        if step.critical and step.sop in book.sops:
            return f"../../sops/{step.sop}/"
        return f"#step-{step.id}"

    return ET.fromstring(renderer.render(journey_dot(
        journey, book, step_url=step_url, journey_url=lambda j: f"../{j}/",
        graph_id="map-" + journey.id, narrow=narrow)))


def width(root: ET.Element) -> int:
    return int(root.get("data-jd-width", "0"))


def samples() -> list[tuple[str, str, Path]]:
    return [("en", "en", ROOT / "content"), ("zh", "zh", ROOT / "samples" / "zh" / "docs"),
            ("zh-Hant", "zh-TW", ROOT / "samples" / "zh-Hant" / "docs")]


@pytest.mark.parametrize(("name", "code", "docs"), samples(), ids=[s[0] for s in samples()])
def test_every_sample_map_fits_a_phone_with_legible_labels(
        renderer: SvgRenderer, name: str, code: str, docs: Path) -> None:
    with i18n.use(i18n.load(code)[0]):
        book, _ = load_and_check(Settings(root=docs.parent, docs_dir=docs))
        assert book.journeys
        for journey in book.journeys.values():
            wide = width(draw(renderer, journey, book, narrow=False))
            narrow = width(draw(renderer, journey, book, narrow=True))
            shown = min(wide, narrow)  # the figure keeps the phone's drawing if narrower
            scale = min(1.0, PHONE_COLUMN / shown)
            smallest = SMALLEST_PT * 4 / 3 * scale
            print(f"{name} {journey.id}: page {wide} px, phone {narrow} px wide; "
                  f"smallest label on a phone {smallest:.1f} px")
            assert smallest >= MIN_LABEL, (journey.id, wide, narrow)


def boxes(root: ET.Element) -> list[tuple[str, float, float]]:
    """Each stage group's name and its box's top and bottom, in drawing order."""
    out = []
    for g in root.iter(f"{SVG}g"):
        if "jd-stage" in (g.get("class") or "").split():
            shape = next(el for el in g if el.tag in (f"{SVG}polygon", f"{SVG}path"))
            ys = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?",
                                                shape.get("points") or shape.get("d") or "")
                  ][1::2]
            out.append((g.get("aria-label", ""), min(ys), max(ys)))
    return out


def test_a_phones_map_stacks_its_stages(renderer: SvgRenderer) -> None:
    book, _ = load_and_check(Settings(root=ROOT, docs_dir=ROOT / "content"))
    journey = book.journeys["referral-partner"]  # its stage groups stand side by side wide
    wide = draw(renderer, journey, book, narrow=False)
    narrow = draw(renderer, journey, book, narrow=True)
    assert width(narrow) < 0.6 * width(wide), (width(narrow), width(wide))
    stacked = boxes(narrow)
    assert [name for name, *_ in stacked] == ["Stage: Know", "Stage: Trust", "Stage: Try"]
    for (_, _, bottom), (name, top, _) in zip(stacked, stacked[1:], strict=False):
        assert top > bottom, name  # each group below the one before
    # The same steps, links and words: only the layout differs.
    def links(root: ET.Element) -> list[tuple[str | None, str | None]]:
        return sorted((a.get("{http://www.w3.org/1999/xlink}href"),
                       (a.find(f"{SVG}title").text if a.find(f"{SVG}title") is not None
                        else None)) for a in root.iter(f"{SVG}a"))
    assert links(narrow) == links(wide)


def test_a_screen_reader_meets_stage_groups_of_named_links(renderer: SvgRenderer) -> None:
    book, _ = load_and_check(Settings(root=ROOT, docs_dir=ROOT / "content"))
    journey = book.journeys["webinar-to-client"]
    root = draw(renderer, journey, book, narrow=False)
    graph = root.find(f"{SVG}g")
    assert graph is not None
    groups = [g for g in graph if "jd-stage" in (g.get("class") or "").split()]
    assert [(g.get("role"), g.get("aria-label")) for g in groups] == [
        ("group", f"Stage: {s}") for s in ("Know", "Like", "Trust", "Try")]
    # Each group holds its steps (Graphviz draws them apart), after its box and name.
    held = {g.get("aria-label"): [n.get("id", "").rsplit("-step-", 1)[-1] for n in g
                                  if "node" in (n.get("class") or "").split()] for g in groups}
    assert held["Stage: Trust"] == ["book-call", "downsell", "later"]
    assert sum(len(v) for v in held.values()) == len(journey.steps)
    for g in groups:
        assert g[0].tag in (f"{SVG}polygon", f"{SVG}path")
        assert all(t.get("aria-hidden") == "true" for t in g.iter(f"{SVG}text"))
    # No class of the drawing's own bookkeeping is left; no stage box gets a tooltip.
    assert "jd-in-stage-" not in ET.tostring(root, encoding="unicode")
    assert not any(g.find(f"{SVG}a") is not None for g in groups)
    # Arrows and their branch labels are hidden: the page's steps say where branches lead.
    edges = [g for g in graph if "edge" in (g.get("class") or "").split()]
    assert edges and all(g.get("aria-hidden") == "true" for g in edges)
    # A node's link is named by its title; its visible text (★ SOP too) is hidden.
    call = next(g for g in root.iter(f"{SVG}g") if g.get("id", "").endswith("-step-book-call"))
    link = next(call.iter(f"{SVG}a"))
    title = link.find(f"{SVG}title")
    assert title is not None and title.text == (
        "Books a consultation?\nDecision, stage: Trust\nCritical step\n"
        "If “yes”: Consultation call\nIf “no”: Down-sell campaign\n"
        "Opens the SOP: Book and confirm a consultation\nOwner: Sales lead (Chelsea Park)\n"
        "✓ on target")  # (the sample's actuals: the step's metric meets its target)
    texts = list(link.iter(f"{SVG}text"))
    assert any("★" in (t.text or "") for t in texts)
    assert all(t.get("aria-hidden") == "true" for t in texts)


def test_the_names_speak_chinese(renderer: SvgRenderer) -> None:
    docs = ROOT / "samples" / "zh" / "docs"
    with i18n.use(i18n.load("zh")[0]):
        book, _ = load_and_check(Settings(root=docs.parent, docs_dir=docs))
        journey = next(j for j in book.journeys.values() if any(s.critical for s in j.steps))
        root = draw(renderer, journey, book, narrow=True)
    names = [g.get("aria-label", "") for g in root.iter(f"{SVG}g") if g.get("role") == "group"]
    assert names and all(n.startswith("阶段：") for n in names)
    titles = [t.text or "" for t in root.iter(f"{SVG}title")]
    assert any("关键步骤" in t and "打开 SOP：" in t and "负责人：" in t for t in titles)
    assert not any(re.search("[A-Za-z]{4}", t.replace("SOP", "")) for t in titles
                   if "关键步骤" in t), titles


@pytest.mark.parametrize(("natural", "switch"), [
    (200, SWITCH_MIN), (545, 520), (695, 640), (974, 880), (2147, SWITCH_MAX)])
def test_the_phone_drawing_shows_below_a_step_of_the_page_drawing(natural: int,
                                                                  switch: int) -> None:
    """Below 90 % of the page drawing's width, rounded up to a step map.css knows."""
    assert switch_width(f'<svg class="jd-map" data-jd-width="{natural}">') == switch
    css = (ROOT / "plugins/journeydocs/mkdocs_plugin/assets/journeydocs/map.css").read_text()
    assert f".jd-map-switch-{switch} > svg" in css
    assert f"@container (width < {switch}px)" in css


def test_a_figure_keeps_the_phone_drawing_only_if_it_is_narrower() -> None:
    wide = '<svg class="jd-map" data-jd-width="600" viewBox="0 0 450 300"></svg>'
    narrow = '<svg class="jd-map" data-jd-width="350" viewBox="0 0 262 500"></svg>'
    both = map_html(wide, "Map", narrow=narrow)
    assert both.count("<svg ") == 2
    assert 'class="jd-map jd-map--wide"' in both and 'class="jd-map jd-map--narrow"' in both
    assert 'class="jd-map-viewport jd-map-switch-560" tabindex="0"' in both
    one = map_html(narrow, "Map", narrow=wide)  # the "phone" drawing is the wider one
    assert one.count("<svg ") == 1 and "jd-map--" not in one and "jd-map-switch" not in one
