"""Wide and branching maps stay legible: the labels of a three- or four-way decision, drawn
with the real ``dot``, keep clear of each other, of the steps and of the other arrows.

The geometry is read from the SVG journeydocs inlines: a step's box from its outline, a
branch label's box from its label node's chip (journeydocs.maps.dot.FAN_OUT), an arrow as
points along its path.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from journeydocs.content.model import Branch, Journey, Playbook, Step, StepType
from journeydocs.maps.dot import FAN_OUT, journey_dot
from journeydocs.maps.labels import display_width
from journeydocs.maps.render import SvgRenderer, _curve_points

SVG = "{http://www.w3.org/2000/svg}"
Box = tuple[float, float, float, float]  # left, top, right, bottom, in points

LABELS = ["yes, right away", "not yet, later", "no, never again", "ask a colleague first",
          "maybe"]
CJK_LABELS = ["是，马上签约", "暂时不需要", "不，以后再说", "先问问同事"]


def fan_journey(labels: list[str], *, across_stages: bool) -> Journey:
    """A start, one decision with a branch per label, an end per branch. ``across_stages``
    puts every other end in the next stage, so those arrows slant into another group."""
    steps = [Step(id="lead", type=StepType.START, title="Lead arrives", stage="know",
                  next=["fit"]),
             Step(id="fit", type=StepType.DECISION, title="Which offer fits?", stage="like",
                  branches=[Branch(label=label, next=f"end{i}")
                            for i, label in enumerate(labels)])]
    steps += [Step(id=f"end{i}", type=StepType.END, title=f"Outcome number {i}",
                   stage="trust" if across_stages and i % 2 else "like")
              for i in range(len(labels))]
    return Journey(id="fan", title="Fan", system="marketing", owner="", steps=steps)


def numbers(text: str) -> list[float]:
    return [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", text)]


def outline(g: ET.Element) -> Box:
    """The bounding box of a node's shapes (polygon, path or stadium rect)."""
    xs: list[float] = []
    ys: list[float] = []
    for el in g.iter():
        if el.tag == f"{SVG}rect":
            x, y = float(el.get("x", "0")), float(el.get("y", "0"))
            xs += [x, x + float(el.get("width", "0"))]
            ys += [y, y + float(el.get("height", "0"))]
        elif el.tag in (f"{SVG}polygon", f"{SVG}path"):
            nums = numbers(el.get("points") or el.get("d") or "")
            xs += nums[0::2]
            ys += nums[1::2]
    assert xs and ys, g.get("id")
    return min(xs), min(ys), max(xs), max(ys)


def overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def classes(g: ET.Element) -> list[str]:
    return (g.get("class") or "").split()


def layout(labels: list[str], *, across_stages: bool) -> ET.Element:
    journey = fan_journey(labels, across_stages=across_stages)
    svg = SvgRenderer(None).render(journey_dot(
        journey, Playbook(), step_url=lambda step: f"#step-{step.id}",
        journey_url=lambda jid: f"../{jid}/", graph_id="fan"))
    return ET.fromstring(svg)


@pytest.mark.parametrize("across_stages", [False, True], ids=["one-stage", "two-stages"])
@pytest.mark.parametrize("labels", [LABELS[:3], LABELS[:4], CJK_LABELS],
                         ids=["3-way", "4-way", "4-way-chinese"])
def test_fan_out_labels_keep_clear(labels: list[str], across_stages: bool) -> None:
    root = layout(labels, across_stages=across_stages)
    groups = [g for g in root.iter(f"{SVG}g") if "node" in classes(g)]
    steps = {g.get("id", ""): outline(g) for g in groups if "jd-node" in classes(g)}
    chips = {g.get("id", ""): (g, outline(g)) for g in groups
             if "jd-branch-label" in classes(g)}
    assert len(steps) == len(labels) + 2
    assert len(chips) == len(labels), "every branch label is a node on its arrow"

    # Each label is its own box: its text inside it (an estimate of Noto Sans' advances: 1 em
    # per Chinese character, exact; 0.5 em for others, which average about 0.45 em), clear of
    # every other label and every step.
    found = []
    for chip_id, (g, chip) in chips.items():
        for t in g.iter(f"{SVG}text"):
            size = float(t.get("font-size", "0"))
            half = sum(size * (1.0 if display_width(ch) == 2 else 0.5)
                       for ch in t.text or "") / 2
            x = float(t.get("x", "0"))
            assert chip[0] - 1 <= x - half and x + half <= chip[2] + 1, (t.text, chip)
            found.append(t.text)
        for other_id, (_, other) in chips.items():
            assert other_id == chip_id or not overlap(chip, other), (chip_id, other_id)
        for step_id, step in steps.items():
            assert not overlap(chip, step), (chip_id, step_id)
    assert " ".join(found).replace(" ", "") == "".join(labels).replace(" ", "")

    # No arrow runs through a label: its own two halves end at its edge, others pass by.
    for edge in (g for g in root.iter(f"{SVG}g") if "edge" in classes(g)):
        path = edge.find(f"{SVG}path")
        assert path is not None
        points = _curve_points(path.get("d") or "")
        for chip_id, (_, (x0, y0, x1, y1)) in chips.items():
            inside = [p for p in points if x0 + 1 < p[0] < x1 - 1 and y0 + 1 < p[1] < y1 - 1]
            assert inside == [], (edge.get("id"), chip_id)


def test_two_way_decisions_keep_labels_on_their_arrows() -> None:
    """Below FAN_OUT branches a label stays an edge label (one arrow per branch)."""
    root = layout(LABELS[:FAN_OUT - 1], across_stages=True)
    assert not [g for g in root.iter(f"{SVG}g") if "jd-branch-label" in classes(g)]
    texts = [t.text for g in root.iter(f"{SVG}g") if "edge" in classes(g)
             for t in g.iter(f"{SVG}text")]
    assert sorted(texts) == sorted(LABELS[:FAN_OUT - 1])


def test_fan_out_label_nodes_in_dot() -> None:
    """tail -> label (no arrowhead) -> head; the label node is in the decision's stage."""
    journey = fan_journey(LABELS[:3], across_stages=True)
    dot = journey_dot(journey, Playbook(), step_url=lambda s: "#", journey_url=lambda j: "#",
                      graph_id="fan")
    assert re.findall(r"^\s*(n1 -> n1_b\d|n1_b\d -> n\d)", dot, flags=re.M) == [
        "n1 -> n1_b0", "n1_b0 -> n2", "n1 -> n1_b1", "n1_b1 -> n3", "n1 -> n1_b2",
        "n1_b2 -> n4"]
    assert dot.count("arrowhead=none") == 3
    like = dot[dot.index('id="fan-stage-like"'):dot.index('id="fan-stage-trust"')]
    assert like.count('class="jd-branch-label jd-in-stage-like"') == 3
    assert 'label="no, never again"' in like
