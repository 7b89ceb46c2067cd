"""System maps as Graphviz DOT: one drawer for the journey map and the diff map. Pure.

The map follows the content model's flowchart conventions: terminals are stadiums, tasks
rectangles, decisions diamonds with their branch labels on the arrows, stages labelled
clusters in stage order. Critical steps get a bold double border *and* a text marker, so
they stand out without colour. :func:`draw` turns a :class:`MapSpec` into DOT: the shapes,
labels, critical marks and stage groups are drawn the same way for every map; a view says
what each step links to and how it is marked. The labels of a decision with
:data:`FAN_OUT` or more labelled branches become small nodes on their arrows (see
:func:`_fan_out`), so they cannot run into each other. :func:`journey_dot` is the view of one
journey; :func:`journeydocs.maps.diffmap.diff_dot` the view of a change. A map is drawn for
a page column or, narrower, for a phone (:mod:`journeydocs.maps.layout`); each stage group's
nodes carry :data:`~journeydocs.maps.access.IN_STAGE` so the SVG can hold them in the group,
and every node and group has words for a screen reader (:mod:`journeydocs.maps.names`).

Author text only ever reaches DOT through :mod:`journeydocs.maps.labels`; node names are
generated (``n0``, ``n1``...). :mod:`journeydocs.maps.render` turns the DOT into inline SVG;
:func:`journeydocs.maps.figures.map_html` wraps that SVG for the page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import graphviz

from journeydocs.content.model import Journey, Playbook, Stage, Step, StepType
from journeydocs.i18n import _
from journeydocs.maps.access import IN_STAGE
from journeydocs.maps.labels import (
    balanced_label,
    font,
    label_text,
    safe_id,
    safe_url,
    tooltip_text,
    wrap_label,
)
from journeydocs.maps.layout import NARROW, WIDE, Layout, stack
from journeydocs.maps.names import handover_tip, stage_name, step_tip
from journeydocs.maps.targetmarks import mark_target

TYPE_CLASS = {
    StepType.START: "jd-start",
    StepType.END: "jd-end",
    StepType.TASK: "jd-task",
    StepType.DECISION: "jd-decision",
}

# Print / no-CSS defaults. map.css overrides every colour through CSS variables so the map
# follows Material's light and dark palettes.
INK = "#1f2328"
LINE = "#57606a"
PAPER = "#ffffff"
CRITICAL_FILL = "#fff1d6"
CRITICAL_LINE = "#9a5b00"
STAGE_FILL = "#f3f4f6"

# Vertical label margins, in inches. Graphviz puts a line's box about 0.8 em above its
# baseline; browsers draw (and getBBox measures) the font's whole ascent, 1.19 em for Noto
# Sans CJK, so the first line's box reaches about 4.7 pt (12 pt text) above Graphviz's label
# box. The margins absorb that: inside a box at 0.08 in, inside a diamond (whose sides close
# in on the label's corners) at 0.07 in, checked in Chromium by tests/browser/test_maps.py.
MARGIN_Y = "0.08"
MARGIN_Y_DIAMOND = "0.07"

FAN_OUT = 3
"""A decision with this many labelled branches or more gets its labels as nodes on the arrows.

dot places an edge label beside the middle of its arrow; the arrows of a three-way (or wider)
decision leave from the same corner and run close together there, so their labels end up
beside the neighbouring arrow or against its label. A label node sits *on* its own arrow,
and dot keeps nodes ``nodesep`` apart. Two-way decisions keep plain edge labels."""


@dataclass
class StepNode:
    """A step drawn as its shape; ``marks`` are label lines under the title."""

    name: str  # the DOT node name
    step: Step
    node_id: str  # the SVG id
    marks: list[str] = field(default_factory=list)
    tip: list[str] = field(default_factory=list)
    classes: list[str] = field(default_factory=list)  # after jd-node and the type's class
    url: str | None = None
    colours: dict[str, str] = field(default_factory=dict)  # overrides, e.g. a diff mark
    dashed: bool = False


@dataclass
class RawNode:
    """A node the view shapes itself (a hand-over to another journey)."""

    name: str
    attrs: dict[str, str]


@dataclass
class Edge:
    tail: str
    head: str
    attrs: dict[str, str]


@dataclass
class MapSpec:
    """What :func:`draw` draws: step nodes grouped by ``stages``, then ``rest`` in order.

    A step whose stage is not in ``stages`` is drawn outside the groups, after them.
    """

    graph_id: str
    stages: list[Stage]
    steps: list[StepNode]
    rest: list[RawNode | Edge] = field(default_factory=list)
    graph_attrs: dict[str, str] = field(default_factory=dict)  # overrides
    narrow: bool = False  # drawn for a phone (:data:`NARROW`), else :data:`WIDE`


def draw(spec: MapSpec) -> str:
    """The DOT source of ``spec``."""
    gid = spec.graph_id
    lay = NARROW if spec.narrow else WIDE
    graph_attr = {
        "id": gid, "class": "jd-graph", "rankdir": "TB", "newrank": "true",
        "bgcolor": "transparent", "pad": lay.pad, "nodesep": lay.nodesep,
        "ranksep": lay.ranksep,
        "fontname": font(), "fontsize": "13", "fontcolor": INK, "labeljust": "l",
    }
    graph_attr.update(spec.graph_attrs)
    dot = graphviz.Digraph(
        name=gid,
        graph_attr=graph_attr,
        node_attr={
            "fontname": font(), "fontsize": "12", "fontcolor": INK, "shape": "box",
            "style": "filled", "fillcolor": PAPER, "color": LINE, "penwidth": "1.2",
            "margin": f"{lay.margin_x},{MARGIN_Y}", "height": "0.4",
        },
        edge_attr={
            "fontname": font(), "fontsize": "11", "fontcolor": INK, "color": LINE,
            "arrowsize": "0.7",
        },
    )
    known = {s.id for s in spec.stages}
    rest, label_nodes = _fan_out(spec, lay)
    layers: list[list[str]] = []  # node names of each drawn stage group, then the rest
    for k, stage in enumerate(spec.stages):
        members = [n for n in spec.steps if n.step.stage == stage.id]
        if not members:
            continue
        layers.append([n.name for n in members] +
                      [r.name for n in members for r in label_nodes.get(n.name, [])])
        with dot.subgraph(name=f"cluster_{k}") as sub:
            sub.attr(
                label=label_text([stage.label or stage.id]),
                tooltip=tooltip_text([stage_name(stage)]),  # the group's name (render.py)
                id=f"{gid}-stage-{safe_id(stage.id)}",
                **{"class": f"jd-stage jd-stage-{safe_id(stage.id)}"},
                style="rounded,filled",
                fillcolor=STAGE_FILL,
                color="#d0d7de",
                fontcolor=LINE,
                margin=lay.cluster_margin,
            )
            member = f" {IN_STAGE}{safe_id(stage.id)}"
            for node in members:
                attrs = _step_attrs(node, lay)
                sub.node(node.name, **{**attrs, "class": attrs["class"] + member})
            for node in members:  # a branch label stays in its decision's group
                for raw in label_nodes.pop(node.name, []):
                    sub.node(raw.name, **{**raw.attrs, "class": raw.attrs["class"] + member})
    for node in spec.steps:
        if node.step.stage not in known:
            dot.node(node.name, **_step_attrs(node, lay))
    for raws in label_nodes.values():
        for raw in raws:
            dot.node(raw.name, **raw.attrs)
    layers.append([n.name for n in spec.steps if n.step.stage not in known])
    layer_of = {name: k for k, names in enumerate(layers) for name in names}
    for item in rest:
        if isinstance(item, RawNode):
            dot.node(item.name, **item.attrs)
        elif lay.stacked and layer_of.get(item.head, 1 << 30) < layer_of.get(item.tail, -1):
            # back to an earlier stage: drawn, but the stages stay stacked
            dot.edge(item.tail, item.head, **{**item.attrs, "constraint": "false"})
        else:
            dot.edge(item.tail, item.head, **item.attrs)
    if lay.stacked:
        after: dict[int, list[str]] = {}  # a hand-over: below its end step's group
        for item in rest:
            if isinstance(item, Edge) and item.tail in layer_of and item.head not in layer_of:
                layer_of[item.head] = -1
                after.setdefault(layer_of[item.tail], []).append(item.head)
        stack(dot, [names for k, layer in enumerate(layers)
                     for names in (layer, after.get(k, [])) if names])
    source: str = dot.source
    return source


def _fan_out(spec: MapSpec, lay: Layout
             ) -> tuple[list[RawNode | Edge], dict[str, list[RawNode]]]:
    """``spec.rest`` with the labelled branches of every :data:`FAN_OUT` decision split in two
    at a label node: tail -> label (no arrowhead) -> head. Returns the new ``rest`` and the
    label nodes by their tail's node name (they are drawn in the tail's stage group).

    A label node's SVG id is the branch arrow's id plus ``-label`` (``<graph id>-branch-<k>``
    when the arrow has none); its classes are ``jd-branch-label`` and the arrow's marks
    (``jd-added``...). The arrow keeps its attributes on the half that ends at the head.
    """
    def is_branch(item: RawNode | Edge) -> bool:
        return (isinstance(item, Edge) and "label" in item.attrs
                and "jd-branch" in item.attrs.get("class", "").split())

    fan: dict[str, int] = {}  # branches of the decision as it is (a diff's ghosts aside)
    for item in spec.rest:
        if isinstance(item, Edge) and is_branch(item) and \
                "jd-removed" not in item.attrs.get("class", "").split():
            fan[item.tail] = fan.get(item.tail, 0) + 1
    rest: list[RawNode | Edge] = []
    labels: dict[str, list[RawNode]] = {}
    for item in spec.rest:
        if not isinstance(item, Edge) or not is_branch(item) or \
                fan.get(item.tail, 0) < FAN_OUT:
            rest.append(item)
            continue
        name = f"{item.tail}_b{sum(len(v) for v in labels.values())}"
        attrs = dict(item.attrs)
        edge_id = attrs.get("id") or f"{spec.graph_id}-branch-{name}"
        marks = [c for c in attrs["class"].split() if c not in ("jd-flow", "jd-branch")]
        node = {"label": attrs.pop("label"), "shape": "box", "style": "rounded,filled",
                "fillcolor": PAPER, "color": PAPER, "penwidth": "0", "fontsize": "11",
                "margin": f"{lay.label_margin_x},0.03", "width": "0", "height": "0",
                "id": f"{edge_id}-label", "class": " ".join(["jd-branch-label", *marks])}
        if "fontcolor" in attrs:
            node["fontcolor"] = attrs["fontcolor"]
        labels.setdefault(item.tail, []).append(RawNode(name, node))
        lead = {**attrs, "arrowhead": "none"}
        if "id" in attrs:
            lead["id"] = f"{attrs['id']}-from"
        rest += [Edge(item.tail, name, lead), Edge(name, item.head, attrs)]
    return rest, labels


def _step_attrs(node: StepNode, lay: Layout = WIDE) -> dict[str, str]:
    """A step's DOT attributes: its shape, its critical mark, then the view's marks."""
    step = node.step
    lines = balanced_label(step.title or step.id, lay.wrap.get(step.type, 24), lay.max_lines)
    classes = ["jd-node", TYPE_CLASS.get(step.type, "jd-task")]
    attrs: dict[str, str] = {}
    dashed = "dashed," if node.dashed else ""
    if step.type in (StepType.START, StepType.END):
        attrs.update(style=f"{dashed}rounded,filled", margin=f"{lay.stadium_margin_x},{MARGIN_Y}")
        classes.append("jd-stadium")
    elif step.type is StepType.DECISION:
        attrs.update(shape="diamond", margin=f"{lay.decision_margin_x},{MARGIN_Y_DIAMOND}")
    if node.dashed and "style" not in attrs:
        attrs["style"] = f"{dashed}filled"
    if step.critical:
        classes.append("jd-critical")
        # Translators: the mark under a critical step's title on a map: it has a checklist
        lines.append(_("★ SOP") if step.sop else "★")
        attrs.update(peripheries="2", penwidth="2", fillcolor=CRITICAL_FILL, color=CRITICAL_LINE)
    attrs.update(node.colours)
    attrs["label"] = label_text([*lines, *node.marks])
    attrs["tooltip"] = tooltip_text(node.tip)
    if node.url:
        attrs["URL"] = node.url
    else:
        classes.append("jd-nolink")
    attrs["id"] = node.node_id
    attrs["class"] = " ".join([*classes, *node.classes])
    return attrs


def handover_node(name: str, node_id: str, title: str, tip: list[str], url: str | None,
                  *, classes: str = "", colours: dict[str, str] | None = None) -> RawNode:
    """The stadium an end step hands over to: another journey, dashed, linking to it."""
    attrs = {
        "label": label_text(balanced_label("→ " + title, 22)),
        "tooltip": tooltip_text(tip),
        "style": "rounded,dashed,filled",
        "margin": f"0.26,{MARGIN_Y}",
        "id": node_id,
        "class": "jd-node jd-continues jd-stadium" + ("" if url else " jd-nolink") + classes,
    }
    if url:
        attrs["URL"] = url
    attrs.update(colours or {})
    return RawNode(name, attrs)


def flow_edge(tail: str, head: str, label: str, attrs: dict[str, str] | None = None, *,
              branch: bool | None = None) -> Edge:
    """An arrow of the flow: ``next`` or a decision's branch (by default: it has a label)."""
    branch = bool(label) if branch is None else branch
    edge = {"class": "jd-flow jd-branch" if branch else "jd-flow", **(attrs or {})}
    if label:
        edge["label"] = label_text(wrap_label(label, 16, 2))
    return Edge(tail, head, edge)


def first_of_each(steps: list[Step]) -> list[tuple[int, Step]]:
    """A duplicated step id is drawn once, as its first definition: ``(index, step)``."""
    seen: set[str] = set()
    out = []
    for i, step in enumerate(steps):
        if step.id in seen:
            continue
        seen.add(step.id)
        out.append((i, step))
    return out


def journey_dot(
    journey: Journey,
    playbook: Playbook,
    *,
    step_url: Callable[[Step], str],
    journey_url: Callable[[str], str],
    graph_id: str,
    narrow: bool = False,
) -> str:
    """DOT source of ``journey``'s system map.

    ``step_url(step)`` and ``journey_url(journey_id)`` return URLs relative to the journey
    page (the SVG is inlined there): the caller decides that a critical step links to its SOP
    and another step to ``#step-<id>``. A URL that :func:`safe_url` refuses leaves its node
    unlinked. ``graph_id`` prefixes every id in the SVG, so it must be unique on the page.

    Broken content never raises: a step whose stage is unknown is drawn outside the stage
    groups, a ``next``/branch/``continues`` naming nothing is left out (the checker reports
    those).
    """
    gid = safe_id(graph_id)
    drawn = first_of_each(journey.steps)
    node_of = {step.id: f"n{i}" for i, step in drawn if step.id}
    used: set[str] = set()
    nodes = []
    for i, step in drawn:
        url = safe_url(step_url(step))
        node_id = f"{gid}-step-{safe_id(step.id)}"
        if node_id in used or safe_id(step.id) != step.id:
            node_id = f"{gid}-step-{safe_id(step.id)}-{i}"
        used.add(node_id)
        nodes.append(StepNode(f"n{i}", step, node_id, url=url,
                              tip=step_tip(step, journey, playbook, url)))
        mark_target(nodes[-1], journey, playbook)

    rest: list[RawNode | Edge] = []
    for i, step in drawn:  # flow: plain `next` arrows, labelled branch arrows
        for target in dict.fromkeys(step.next):
            if target in node_of:
                rest.append(flow_edge(f"n{i}", node_of[target], ""))
        for branch in step.branches:
            if branch.next in node_of:
                rest.append(flow_edge(f"n{i}", node_of[branch.next], branch.label))
    for i, step in drawn:  # an end step that hands over to another journey links to it
        nxt = playbook.journeys.get(step.continues) if step.continues else None
        if nxt is None:
            continue
        url = safe_url(journey_url(nxt.id))
        title = nxt.title or nxt.id
        next_owner = playbook.owners.get(nxt.owner)
        tip = handover_tip(title, next_owner.display if next_owner else nxt.owner,
                           linked=url is not None)
        rest.append(handover_node(f"c{i}", f"{gid}-continues-{safe_id(nxt.id)}-{i}", title,
                                  tip, url))
        rest.append(Edge(f"n{i}", f"c{i}", {"style": "dashed", "class": "jd-continues"}))
    return draw(MapSpec(gid, stages_of(playbook, journey), nodes, rest, narrow=narrow))


def stages_of(playbook: Playbook, *journeys: Journey | None) -> list[Stage]:
    """The stages of the journeys' maps, in order; a stage listed twice is drawn once."""
    first: dict[str, Stage] = {}
    for journey in journeys:
        if journey is not None:
            for stage in playbook.journey_stages(journey):
                first.setdefault(stage.id, stage)
    return list(first.values())
