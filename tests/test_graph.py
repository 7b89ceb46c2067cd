"""System maps: DOT from journeys (journeydocs.maps.dot), inline SVG (journeydocs.maps.render)."""

from __future__ import annotations

import os
import re
import stat
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from journeydocs.content.model import Branch, Journey, Owner, Playbook, Step, StepType
from journeydocs.maps.dot import journey_dot
from journeydocs.maps.figures import map_html
from journeydocs.maps.labels import balanced_label, display_width, safe_url, wrap_label
from journeydocs.maps.render import RenderError, SvgRenderer, inline_svg

SVG = "{http://www.w3.org/2000/svg}"
HREF = "{http://www.w3.org/1999/xlink}href"  # xlink:href, see journeydocs.maps.render.inline_svg


# --------------------------------------------------------------------------- helpers

def step_url(step: Step) -> str:
    """What the page generator does: a critical step opens its SOP, others their anchor."""
    if step.critical and step.sop:
        return f"../../sops/{step.sop}/"
    return f"#step-{step.id}"


def journey_url(journey_id: str) -> str:
    return f"../{journey_id}/"


def small_journey(**overrides: str) -> tuple[Journey, Playbook]:
    """The content model's example, trimmed: one of each step type and a hand-over."""
    steps = [
        Step(id="webinar", type=StepType.START, title="Attends the free webinar", stage="know",
             next=["book-call"]),
        Step(id="book-call", type=StepType.DECISION, title="Books a consultation?",
             stage="trust", critical=True, owner="sales-lead", sop="consultation-booking",
             branches=[Branch(label="yes", next="consult"), Branch(label="no", next="later")]),
        Step(id="later", type=StepType.END, title="Future email automation", stage="trust"),
        Step(id="consult", title=overrides.get("consult", "Consultation call"), stage="try",
             next=["signed"]),
        Step(id="signed", type=StepType.END, title="Signs on as a client", stage="try",
             continues="client-onboarding"),
    ]
    journey = Journey(id="webinar", title="Webinar to new client", system="marketing",
                      owner="marketing-lead", stages=["know", "like", "trust", "try"],
                      steps=steps)
    playbook = Playbook(
        owners={
            "marketing-lead": Owner(id="marketing-lead", name="Marketing lead"),
            "sales-lead": Owner(id="sales-lead", name="Sales lead", person="Chelsea Park"),
        },
        journeys={
            "webinar": journey,
            "client-onboarding": Journey(id="client-onboarding", title="Client onboarding"),
        },
    )
    return journey, playbook


def dot_of(journey: Journey, playbook: Playbook, graph_id: str = "map-webinar",
           url: Callable[[Step], str] = step_url) -> str:
    return journey_dot(journey, playbook, step_url=url, journey_url=journey_url,
                       graph_id=graph_id)


@pytest.fixture
def renderer() -> SvgRenderer:
    return SvgRenderer(None)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def nodes(root: ET.Element) -> dict[str, ET.Element]:
    """Node groups by their SVG id."""
    return {g.get("id", ""): g for g in root.iter(f"{SVG}g")
            if "node" in (g.get("class") or "").split()}


def node_by_class(root: ET.Element, cls: str) -> list[ET.Element]:
    return [g for g in nodes(root).values() if cls in (g.get("class") or "").split()]


def texts(g: ET.Element) -> list[str]:
    return [t.text or "" for t in g.iter(f"{SVG}text")]


def shapes(g: ET.Element) -> list[ET.Element]:
    return [el for el in g.iter() if el.tag in (f"{SVG}polygon", f"{SVG}rect",
                                                  f"{SVG}path", f"{SVG}ellipse")]


def points(el: ET.Element) -> list[tuple[float, float]]:
    nums = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", el.get("points", ""))]
    return list(zip(nums[0::2], nums[1::2], strict=True))


def make_big(n: int = 30, cjk: bool = False) -> Journey:
    """A long journey across all seven stages, with a decision every six steps."""
    stages = ["know", "like", "trust", "try", "buy", "repeat", "refer"]
    task = "准备提案和报价方案，并发送给客户" if cjk else "Prepare the proposal and pricing options"
    question = "客户是否符合优惠条件？" if cjk else "Does the prospect qualify for the offer?"
    steps = [Step(id="s0", type=StepType.START, stage="know", next=["s1"],
                  title="Visitor finds us through a search for a local accountant")]
    i = 1
    while len(steps) < n - 1:
        stage = stages[min(len(steps) * len(stages) // n, len(stages) - 1)]
        if i % 6 == 3 and len(steps) < n - 3:
            steps.append(Step(id=f"s{i}", type=StepType.DECISION, title=question, stage=stage,
                              critical=i % 12 == 3, sop="qualify", owner="o",
                              branches=[Branch(label="yes", next=f"s{i + 2}"),
                                        Branch(label="no, not this time", next=f"s{i + 1}")]))
            steps.append(Step(id=f"s{i + 1}", stage=stage, next=[f"s{i + 2}"],
                              title="Send a polite follow-up email with a case study"))
            i += 2
            continue
        steps.append(Step(id=f"s{i}", title=f"{task} {i}", stage=stage, critical=i % 7 == 0,
                          sop="proposal", owner="o", next=[f"s{i + 1}"]))
        i += 1
    steps.append(Step(id=f"s{i}", type=StepType.END, title="Refers a friend", stage="refer"))
    return Journey(id="big", title="Big", owner="o", steps=steps)


# --------------------------------------------------------------------------- labels

@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("Attends the free webinar", 24, ["Attends the free webinar"]),
        ("Attends the free webinar", 16, ["Attends the free", "webinar"]),
        ("准备提案和报价方案", 8, ["准备提案", "和报价方", "案"]),
        ("准备提案，并发送", 8, ["准备提", "案，并发", "送"]),  # "，" never starts a line
        ("Email 邮件培育", 8, ["Email 邮", "件培育"]),
        ("Supercalifragilistic", 8, ["Supercal", "ifragili", "stic"]),
        ("  spaced   out  ", 20, ["spaced out"]),
        ("", 10, [""]),
    ],
)
def test_wrap_label(text: str, width: int, expected: list[str]) -> None:
    assert wrap_label(text, width) == expected


def test_wrap_label_counts_cjk_double_and_cuts_long_titles() -> None:
    assert display_width("客户") == 4
    assert display_width("ab") == 2
    lines = wrap_label("一二三四五六七八九十" * 4, 8, max_lines=2)
    assert len(lines) == 2
    assert lines[-1].endswith("…")
    assert all(display_width(line) <= 8 for line in lines)


# --------------------------------------------------------------------------- shapes

def test_dot_shapes_by_step_type() -> None:
    journey, playbook = small_journey()
    dot = dot_of(journey, playbook)
    line = {s.id: next(ln for ln in dot.splitlines() if f'"map-webinar-step-{s.id}"' in ln)
            for s in journey.steps}
    assert "rounded" in line["webinar"] and "jd-start" in line["webinar"]
    assert "rounded" in line["later"] and "jd-end" in line["later"]
    assert "shape=diamond" in line["book-call"] and "jd-decision" in line["book-call"]
    assert "shape=" not in line["consult"] and "rounded" not in line["consult"]  # box
    assert "peripheries=2" in line["book-call"] and "jd-critical" in line["book-call"]
    assert "★ SOP" in line["book-call"]
    # Stages are clusters in stage order; "like" has no step so no group.
    clusters = re.findall(r'id="map-webinar-stage-([a-z]+)"', dot)
    assert clusters == ["know", "trust", "try"]
    # Node ids are generated, never the author's text.
    assert re.findall(r"^\s*(\w+) \[label", dot, flags=re.M) == ["n0", "n1", "n2", "n3",
                                                                  "n4", "c4"]


def test_svg_shapes_by_step_type(renderer: SvgRenderer) -> None:
    journey, playbook = small_journey()
    root = parse(renderer.render(dot_of(journey, playbook)))
    by_id = nodes(root)

    for terminal in ("webinar", "later", "signed"):
        (rect,) = shapes(by_id[f"map-webinar-step-{terminal}"])
        assert rect.tag == f"{SVG}rect"  # a stadium: ends are half circles
        assert float(rect.get("rx", 0)) == pytest.approx(float(rect.get("height", 0)) / 2)

    decision = by_id["map-webinar-step-book-call"]
    rings = shapes(decision)
    assert len(rings) == 2  # double border
    assert all(len(points(p)) == 5 for p in rings)  # diamond: 4 corners + closing point
    assert "★ SOP" in texts(decision)
    assert "jd-critical" in (decision.get("class") or "")

    (box,) = shapes(by_id["map-webinar-step-consult"])
    xs = sorted({x for x, _ in points(box)})
    ys = sorted({y for _, y in points(box)})
    assert len(xs) == 2 and len(ys) == 2  # an axis-aligned rectangle

    # Branch labels sit on the decision's arrows.
    edge_labels = [t for g in root.iter(f"{SVG}g") if "edge" in (g.get("class") or "")
                   for t in texts(g)]
    assert sorted(edge_labels) == ["no", "yes"]


def test_links_and_tooltips(renderer: SvgRenderer) -> None:
    journey, playbook = small_journey()
    root = parse(renderer.render(dot_of(journey, playbook)))
    by_id = nodes(root)

    def link(node_id: str) -> ET.Element:
        (a,) = by_id[node_id].iter(f"{SVG}a")
        return a

    assert link("map-webinar-step-webinar").get(HREF) == "#step-webinar"
    assert link("map-webinar-step-book-call").get(HREF) == "../../sops/consultation-booking/"
    assert link("map-webinar-step-book-call").get("role") == "link"  # for the a11y tree
    tip = link("map-webinar-step-book-call").find(f"{SVG}title")
    assert tip is not None
    # The tooltip is the link's name for a screen reader too: what the step is, where the
    # link leads, who owns it.
    assert tip.text == ("Books a consultation?\nDecision, stage: Trust\nCritical step\n"
                        "If “yes”: Consultation call\nIf “no”: Future email automation\n"
                        "Opens the SOP: consultation-booking\nOwner: Sales lead (Chelsea Park)")
    # The journey owner answers for steps without their own owner.
    tip = link("map-webinar-step-webinar").find(f"{SVG}title")
    assert tip is not None and tip.text == (
        "Attends the free webinar\nStart, stage: Know\nOpens the step's details on this page"
        "\nOwner: Marketing lead")
    # The end step hands over to the next journey.
    (cont,) = node_by_class(root, "jd-continues")
    (a,) = cont.iter(f"{SVG}a")
    assert a.get(HREF) == "../client-onboarding/"
    assert a.get("href") is None  # never SVG 2 href: Material's instant navigation chokes on it
    assert "→ Client onboarding" in " ".join(texts(cont))
    # Graphviz's own <title>s (internal node names) are gone.
    assert not any((t.text or "").startswith(("n", "c")) and re.fullmatch(r"[nc]\d+", t.text or "")
                   for t in root.iter(f"{SVG}title"))


# --------------------------------------------------------------------------- escaping

HOSTILE = [
    '"]; x [label="',
    '"]; x [label="pwn" URL="javascript:alert(1)"]; y [label="',  # found by test_properties
    "Ends with a backslash \\",
    "<b>html</b>",
    'Say "hello" & \'bye\'',
    "\\N \\G \\l \\\\ {braces} ->",
    "<<table>>",
    "emoji 🚀 and 中文 «quotes»",
]


@pytest.mark.parametrize("title", HOSTILE)
def test_hostile_titles_render_literally(renderer: SvgRenderer, title: str) -> None:
    journey, playbook = small_journey(consult=title)
    playbook.owners["marketing-lead"].name = title
    journey.steps[1].branches[0].label = title
    dot = dot_of(journey, playbook)
    svg = renderer.render(dot)
    root = parse(svg)
    assert len(nodes(root)) == 6  # nothing injected, nothing lost
    consult = nodes(root)["map-webinar-step-consult"]
    shown = " ".join(texts(consult))
    assert "".join(shown.split()) == "".join(title.split())  # long words may wrap
    (a,) = consult.iter(f"{SVG}a")
    tip = a.find(f"{SVG}title")
    assert tip is not None
    assert tip.text is not None and tip.text.startswith(f"{title}\nTask, stage: Try\n")
    assert tip.text.endswith(f"\nOwner: {title}")
    assert "<b>" not in svg  # markup stays text: &lt;b&gt;
    links = [a.get(HREF) or a.get("href") or "" for a in root.iter(f"{SVG}a")]
    assert not [u for u in links if "script:" in u.lower()], links


def test_hostile_stage_label_and_ids(renderer: SvgRenderer) -> None:
    journey, playbook = small_journey()
    playbook.stages[0] = type(playbook.stages[0])("know", '"]; <i>evil</i> \\', "marketing")
    journey.steps[0].id = 'x" onload="alert(1)'
    journey.steps[0].next = ["book-call"]
    root = parse(renderer.render(dot_of(journey, playbook, graph_id='g"<>')))
    ids = [el.get("id", "") for el in root.iter() if el.get("id")]
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", i) for i in ids), ids
    stage_text = [t for g in root.iter(f"{SVG}g") if "jd-stage" in (g.get("class") or "")
                  for t in texts(g)]
    assert '"]; <i>evil</i> \\' in stage_text


# --------------------------------------------------------------------------- URLs

@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "java\tscript:x",
     "data:text/html,<b>", "https://example.com/", "//evil.example/", "/sops/x/",
     "\\\\evil.example", "a:b/c", "mailto:x@example.com", "", "#a b", 'x"y'],
)
def test_unsafe_urls_are_refused(url: str) -> None:
    assert safe_url(url) is None


@pytest.mark.parametrize(
    "url",
    ["#step-a", "../../sops/x/", "../sops/x.html", "./#step-x", "x/index.html#step-a",
     "../a/?q=1:2"],
)
def test_relative_urls_pass(url: str) -> None:
    assert safe_url(url) == url


def test_javascript_url_never_reaches_the_svg(renderer: SvgRenderer) -> None:
    journey, playbook = small_journey()
    dot = dot_of(journey, playbook, url=lambda s: "javascript:alert(document.cookie)")
    assert "javascript" not in dot.lower()
    root = parse(renderer.render(dot))
    node = nodes(root)["map-webinar-step-consult"]
    assert "jd-nolink" in (node.get("class") or "")
    assert all(a.get(HREF) is None and a.get("href") is None for a in node.iter(f"{SVG}a"))


# --------------------------------------------------------------------------- broken content

def test_broken_references_do_not_crash(renderer: SvgRenderer) -> None:
    journey, playbook = small_journey()
    journey.steps[0].stage = "nowhere"  # unknown stage: drawn outside the groups
    journey.steps[0].next = ["book-call", "missing"]  # missing target: edge skipped
    journey.steps[1].branches.append(Branch(label="maybe", next="ghost"))
    journey.steps[4].continues = "no-such-journey"  # no hand-over node
    journey.steps.append(Step(id="consult", title="Duplicate id", stage="try"))
    journey.steps.append(Step(id="", title="No id", stage="try"))
    dot = dot_of(journey, playbook)
    root = parse(renderer.render(dot))
    by_id = nodes(root)
    assert "map-webinar-step-webinar" in by_id
    assert not node_by_class(root, "jd-continues")
    clusters = [g for g in root.iter(f"{SVG}g") if "cluster" in (g.get("class") or "")]
    inside = {n.get("id") for c in clusters for n in c.iter(f"{SVG}g")}
    assert "map-webinar-step-webinar" not in inside
    edges = [g for g in root.iter(f"{SVG}g") if "edge" in (g.get("class") or "").split()]
    assert len(edges) == 4  # webinar->book-call, yes, no, consult->signed
    assert sum("Duplicate id" in " ".join(texts(n)) for n in by_id.values()) == 0
    assert any("No id" in " ".join(texts(n)) for n in by_id.values())


def test_dot_is_deterministic() -> None:
    journey, playbook = small_journey()
    assert dot_of(journey, playbook) == dot_of(journey, playbook)


# --------------------------------------------------------------------------- inline SVG

def test_svg_is_ready_to_inline(renderer: SvgRenderer) -> None:
    journey, playbook = small_journey()
    svg = renderer.render(dot_of(journey, playbook))
    assert svg.startswith("<svg ") and svg.endswith("</svg>")
    assert "\n" not in svg
    for banned in ("<?xml", "<!DOCTYPE", "<!--", "xlink:title", " href="):
        assert banned not in svg, banned
    root = parse(svg)
    assert root.get("width") is None and root.get("height") is None
    assert root.get("viewBox")
    assert root.get("class") == "jd-map"
    assert root.get("role") == "none"  # the figure's viewport is the named group
    width = int(root.get("data-jd-width", "0"))
    assert root.get("style") == f"max-width:{width}px"
    view_w = float((root.get("viewBox") or "").split()[2])
    assert width == round(view_w * 4 / 3)


def test_map_html_is_one_line_markdown_passes_through(renderer: SvgRenderer) -> None:
    journey, playbook = small_journey()
    svg = renderer.render(dot_of(journey, playbook))
    out = map_html(svg, 'Webinar "to" <client>', legend="★ SOP = checklist",
                   text_href="#stage-know", graph_id="map-webinar")
    assert "\n" not in out
    assert out.startswith('<a class="jd-map-skip" href="#map-webinar-end">Skip the map</a>'
                          '<figure class="jd-map-frame" data-search-exclude="">'
                          '<div class="jd-map-bar"><a class="jd-map-text" href="#stage-know">'
                          'Steps as text</a></div><div class="jd-map-viewport" tabindex="0" '
                          'role="group" aria-labelledby="map-webinar-title"><svg ')
    assert out.endswith('</figcaption></figure>'
                        '<div class="jd-map-end" id="map-webinar-end" tabindex="-1"></div>')
    assert ('<span class="jd-map-title" id="map-webinar-title">Webinar &quot;to&quot; '
            '&lt;client&gt;</span>') in out
    assert ('<span class="jd-map-legend"><span aria-hidden="true">★</span> SOP = checklist'
            '</span>') in out
    ET.fromstring(f"<div>{out}</div>")  # well-formed as a whole


def test_graph_id_keeps_two_maps_apart(renderer: SvgRenderer) -> None:
    journey, playbook = small_journey()
    ids: list[set[str]] = []
    for gid in ("map-a", "map-b"):
        root = parse(renderer.render(dot_of(journey, playbook, graph_id=gid)))
        found = [el.get("id", "") for el in root.iter() if el.get("id")]
        assert len(found) == len(set(found))
        assert all(i.startswith((gid, f"a_{gid}")) for i in found), found
        ids.append(set(found))
    assert not ids[0] & ids[1]


# --------------------------------------------------------------------------- caching

def test_cache_hit_runs_no_graphviz(tmp_path: Path) -> None:
    journey, playbook = small_journey()
    dot = dot_of(journey, playbook)
    first = SvgRenderer(tmp_path)
    svg = first.render(dot)
    assert first.runs == 1
    assert first.render(dot) == svg
    assert first.runs == 1
    # The next build: a new renderer on the same cache folder.
    second = SvgRenderer(tmp_path)
    assert second.render(dot) == svg
    assert second.render_many([dot, dot]) == [svg, svg]
    assert second.runs == 0
    assert len(list(tmp_path.glob("*.svg"))) == 1
    # A changed journey is a new graph.
    journey.steps[3].title = "Consultation call (45 min)"
    second.render(dot_of(journey, playbook))
    assert second.runs == 1


def test_memory_cache_without_folder(renderer: SvgRenderer) -> None:
    journey, playbook = small_journey()
    dot = dot_of(journey, playbook)
    renderer.render(dot)
    renderer.render(dot)
    assert renderer.runs == 1


def test_render_many_matches_serial(tmp_path: Path) -> None:
    playbook = small_journey()[1]
    sources = []
    for n in (6, 8, 10, 12):
        sources.append(journey_dot(make_big(n), playbook, step_url=step_url,
                                   journey_url=journey_url, graph_id=f"g{n}"))
    sources.append(sources[0])  # a duplicate renders once
    parallel = SvgRenderer(tmp_path / "p")
    serial = SvgRenderer(None)
    assert parallel.render_many(sources) == [serial.render(s) for s in sources]
    assert parallel.runs == 4


def test_render_many_uses_both_cores(tmp_path: Path) -> None:
    """Misses run at the same time: a slow `dot` wrapper logs when each run starts and ends."""
    if (os.cpu_count() or 1) < 2:
        pytest.skip("one CPU")
    log = tmp_path / "runs.log"
    wrapper = tmp_path / "slow-dot"
    wrapper.write_text(
        "#!/bin/sh\n"
        f'echo "start $(date +%s.%N)" >> "{log}"\n'
        "sleep 0.4\n"
        f'dot "$@"; rc=$?\necho "end $(date +%s.%N)" >> "{log}"\nexit $rc\n'
    )
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
    playbook = small_journey()[1]
    sources = [journey_dot(make_big(n), playbook, step_url=step_url, journey_url=journey_url,
                           graph_id=f"g{n}") for n in (6, 7)]
    renderer = SvgRenderer(None, dot=str(wrapper))
    renderer.render_many(sources)
    assert renderer.runs == 2
    events = [line.split() for line in log.read_text().splitlines()]
    starts = sorted(float(t) for kind, t in events if kind == "start")
    ends = sorted(float(t) for kind, t in events if kind == "end")
    assert starts[1] < ends[0], "the two graphs did not render concurrently"


def test_render_errors_are_clean(renderer: SvgRenderer) -> None:
    with pytest.raises(RenderError) as info:
        renderer.render("digraph { a -> }")
    assert "syntax error" in info.value.stderr
    good = dot_of(*small_journey())
    results = renderer.render_each([good, "digraph {", good])
    assert isinstance(results[1], RenderError)
    assert isinstance(results[0], str) and results[0] == results[2]
    with pytest.raises(RenderError):
        renderer.render_many([good, "digraph {"])
    assert renderer.cached(good) is not None  # the good graph was kept
    missing = SvgRenderer(None, dot="/nonexistent/dot")
    with pytest.raises(RenderError, match="not found"):
        missing.render(good)


def test_inline_svg_rejects_garbage() -> None:
    with pytest.raises(RenderError):
        inline_svg("not svg at all")


# --------------------------------------------------------------------------- legibility

def test_thirty_steps_fit_a_docs_page(renderer: SvgRenderer) -> None:
    """A 30-step journey keeps the page width, growing downwards instead.

    Material's content column is about 690 CSS px next to both sidebars (61rem grid at 20px,
    minus two 12.1rem sidebars and padding). A map up to ~720 px wide shows at (nearly) its
    natural size there, so 12 pt labels stay 16 px; wider maps would shrink the text. The
    height is free: the page scrolls, and the full-screen view zooms.
    """
    for cjk in (False, True):
        journey = make_big(30, cjk=cjk)
        assert len(journey.steps) == 30
        svg = renderer.render(journey_dot(journey, Playbook(), step_url=step_url,
                                          journey_url=journey_url, graph_id="big"))
        root = parse(svg)
        assert len(nodes(root)) == 30
        width_px = int(root.get("data-jd-width", "0"))
        assert 0 < width_px <= 720, width_px
        sizes = {float(t.get("font-size", "0")) for g in nodes(root).values()
                 for t in g.iter(f"{SVG}text")}
        assert sizes == {12.0}  # 12 pt = 16 CSS px at natural size


def _estimated_width(text: str, font_size: float) -> float:
    """A generous estimate of Noto Sans CJK's advances: 1 em per CJK character (exact),
    0.55 em for others (its Latin averages about 0.45 em)."""
    return sum(font_size * (1.0 if display_width(ch) == 2 else 0.55) for ch in text)


def test_chinese_labels_fit_their_shapes(renderer: SvgRenderer) -> None:
    journey, playbook = small_journey()
    journey.steps[1].title = "客户是否预约了咨询电话？"
    journey.steps[3].title = "顾问与客户进行咨询电话，确认九十天内最重要的一个目标"
    journey.steps[0].title = "参加免费的网络研讨会"
    root = parse(renderer.render(dot_of(journey, playbook)))
    checked = 0
    for node in nodes(root).values():
        outline = shapes(node)[0]
        if outline.tag == f"{SVG}rect":
            x0 = float(outline.get("x", 0))
            x1 = x0 + float(outline.get("width", 0))
            y0 = float(outline.get("y", 0))
            y1 = y0 + float(outline.get("height", 0))
            radius = float(outline.get("rx", 0))
        else:
            pts = points(outline)
            x0, x1 = min(x for x, _ in pts), max(x for x, _ in pts)
            y0, y1 = min(y for _, y in pts), max(y for _, y in pts)
            radius = 0.0
        diamond = "jd-decision" in (node.get("class") or "")
        cx, cy, hw, hh = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2
        for t in node.iter(f"{SVG}text"):
            size = float(t.get("font-size", "0"))
            half = _estimated_width(t.text or "", size) / 2
            x, base = float(t.get("x", 0)), float(t.get("y", 0))
            top, bottom = base - 0.88 * size, base + 0.12 * size
            far = max(abs(top - cy), abs(bottom - cy))
            if diamond:
                room = hw * (1 - far / hh)  # the diamond's half width at that height
            elif radius:  # stadium: the round ends cut the corners
                dy = max(0.0, far - (hh - radius))
                room = hw - radius + (radius**2 - min(dy, radius) ** 2) ** 0.5
            else:
                room = hw
            assert abs(x - cx) + half <= room + 0.5, (t.text, half, room)
            checked += 1
    assert checked >= 8


@pytest.mark.browser
def test_chinese_labels_fit_in_chromium(renderer: SvgRenderer, browser: object) -> None:
    """The same check with the browser's own text measurement (getBBox)."""
    journey, playbook = small_journey()
    journey.steps[1].title = "客户是否预约了咨询电话？"
    journey.steps[3].title = "顾问与客户进行咨询电话，确认九十天内最重要的一个目标"
    svg = renderer.render(dot_of(journey, playbook))
    page = browser.new_page()  # type: ignore[attr-defined]
    try:
        page.set_content(f"<!doctype html><meta charset=utf-8><body>{map_html(svg, 'M')}")
        overflow = page.evaluate(
            """() => {
              // Horizontal extent from the browser's layout; vertical from the baseline
              // (ideographs ink from 0.88 em above it to 0.12 em below), since getBBox
              // includes the font's whole line box.
              const bad = [];
              for (const g of document.querySelectorAll('g.node')) {
                const shape = g.querySelector('rect, polygon, path');
                const s = shape.getBBox();
                const hw = s.width / 2, hh = s.height / 2;
                const cx = s.x + hw, cy = s.y + hh;
                const r = shape.tagName === 'rect' ? parseFloat(shape.getAttribute('rx')) : 0;
                const diamond = g.classList.contains('jd-decision');
                for (const t of g.querySelectorAll('text')) {
                  const b = t.getBBox();
                  const size = parseFloat(t.getAttribute('font-size'));
                  const base = parseFloat(t.getAttribute('y'));
                  const dx = Math.max(Math.abs(b.x - cx), Math.abs(b.x + b.width - cx));
                  const dy = Math.max(Math.abs(base - 0.88 * size - cy),
                                      Math.abs(base + 0.12 * size - cy));
                  let inside;
                  if (diamond) inside = dx / hw + dy / hh <= 1.01;
                  else if (r) {
                    const ex = Math.max(0, dx - (hw - r)), ey = Math.max(0, dy - (hh - r));
                    inside = dx <= hw && dy <= hh && ex * ex + ey * ey <= r * r;
                  } else inside = dx <= hw && dy <= hh;
                  if (!inside) bad.push([t.textContent, dx, dy, hw, hh, r]);
                }
              }
              return bad;
            }"""
        )
    finally:
        page.close()
    assert overflow == []


def test_stage_listed_twice_is_one_group() -> None:
    journey, playbook = small_journey()
    journey.stages = ["know", "trust", "know", "try"]
    dot = dot_of(journey, playbook)
    assert re.findall(r'id="map-webinar-stage-([a-z]+)"', dot) == ["know", "trust", "try"]


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("进行四十五分钟免费咨询电话", 24, ["进行四十五分钟", "免费咨询电话"]),
        ("Registers for the free webinar", 22, ["Registers for", "the free webinar"]),
        ("Books a consultation?", 16, ["Books a", "consultation?"]),  # no word is split
        ("Attends the free webinar", 24, ["Attends the free webinar"]),
        ("一二三四五六七八九十" * 4, 8, wrap_label("一二三四五六七八九十" * 4, 8)),  # cut: as is
    ],
)
def test_balanced_label_evens_the_lines(text: str, width: int, expected: list[str]) -> None:
    assert balanced_label(text, width) == expected
