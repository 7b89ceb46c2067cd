"""A journey's map before and after a change, drawn as one graph. Pure: DOT source only.

The merged map holds every step of both versions. Each step and arrow is marked three ways
at once, so the marks survive greyscale printing and colour blindness:

========  =====================  ==================  ==================
mark      class in the SVG       shape               text on the node
========  =====================  ==================  ==================
added     ``jd-added``           green, bold border  ``＋ added``
removed   ``jd-removed``         grey, dashed ghost  ``− removed``
changed   ``jd-changed``         amber, bold border  ``✎ changed``
========  =====================  ==================  ==================

Arrows added or removed are bold green (label ``＋``) or dashed grey (label ``−``). A changed
step's tooltip lists what changed. :class:`journeydocs.maps.render.SvgRenderer` turns the DOT into
SVG; :func:`standalone_svg` makes that a file a browser opens on its own.
"""

from __future__ import annotations

from journeydocs.content.model import Journey, Playbook, Step
from journeydocs.i18n import N_, _
from journeydocs.maps.dot import (
    Edge,
    MapSpec,
    RawNode,
    StepNode,
    draw,
    first_of_each,
    flow_edge,
    handover_node,
    stages_of,
)
from journeydocs.maps.labels import label_text, safe_id, wrap_label
from journeydocs.review.changes import MARK, Action, Change, PlaybookDiff
from journeydocs.safety.markup import fill

STYLE: dict[Action, dict[str, str]] = {
    Action.ADDED: {"fillcolor": "#dafbe1", "color": "#1a7f37", "fontcolor": "#1f2328",
                   "penwidth": "2.4"},
    Action.REMOVED: {"fillcolor": "#f6f8fa", "color": "#8c959f", "fontcolor": "#6e7781",
                     "penwidth": "1.4"},
    Action.CHANGED: {"fillcolor": "#fff8c5", "color": "#9a6700", "fontcolor": "#1f2328",
                     "penwidth": "2.4"},
}
EDGE_STYLE: dict[Action | None, dict[str, str]] = {
    None: {"color": "#57606a"},
    Action.ADDED: {"color": "#1a7f37", "penwidth": "2.4", "fontcolor": "#1a7f37"},
    Action.REMOVED: {"color": "#8c959f", "style": "dashed", "fontcolor": "#6e7781"},
}
ACTION_NAME = {Action.ADDED: N_("added"), Action.REMOVED: N_("removed"),
               Action.CHANGED: N_("changed")}
LEGEND = N_("＋ added   − removed (dashed)   ✎ changed   ★ critical step")
"""The diff map's legend, under its title (translated where drawn)."""


def mark_text(action: Action) -> str:
    """What a marked node says under its title: ``＋ added``, ``− removed``, ``✎ changed``."""
    return f"{MARK[action]} {_(ACTION_NAME[action])}"


def _edges(journey: Journey | None) -> dict[tuple[str, str, str], None]:
    """(tail step, head step or ``@journey``, label) for every arrow, in order."""
    out: dict[tuple[str, str, str], None] = {}
    if journey is None:
        return out
    ids = set(journey.step_ids())
    for _index, step in first_of_each(journey.steps):
        for target in step.next:
            if target in ids:
                out[(step.id, target, "")] = None
        for branch in step.branches:
            if branch.next in ids:
                out[(step.id, branch.next, branch.label)] = None
        if step.continues:
            out[(step.id, "@" + step.continues, "")] = None
    return out


def diff_dot(journey_id: str, old_book: Playbook, new_book: Playbook, diff: PlaybookDiff, *,
             base_label: str = "base", head_label: str = "head") -> str:
    """DOT source of journey ``journey_id`` with both versions merged and every change marked.

    A journey that exists on one side only is drawn all added or all removed. Steps keep
    their stage groups; steps removed stay in the stage they had. Drawn by
    :func:`journeydocs.maps.dot.draw`, like the journey's own map.
    """
    old = old_book.journeys.get(journey_id)
    new = new_book.journeys.get(journey_id)
    journey = new or old
    if journey is None:
        raise KeyError(journey_id)
    step_change: dict[str, Change] = {c.key.split("/", 1)[1]: c
                                      for c in diff.steps_of(journey_id)}
    journey_change = next((c for c in diff.of_kind("journey") if c.key == journey_id), None)
    gid = safe_id(f"diff-{journey_id}")
    status = mark_text(journey_change.action) if journey_change else _("unchanged")
    # Translators: the diff map's title: the journey, whether it changed, between which
    # two git revisions
    title = fill(_("{journey}   ({status}: {base} → {head})"),
                 journey=journey.title, status=status, base=base_label, head=head_label)

    # Every step of the new version in its order, then the ghosts of removed ones.
    steps: list[tuple[Step, Action | None]] = []
    for _index, step in first_of_each(new.steps if new else []):
        change = step_change.get(step.id)
        steps.append((step, change.action if change else None))
    new_ids = {step.id for step, _ in steps}
    for _index, step in first_of_each(old.steps if old else []):
        if step.id not in new_ids:
            steps.append((step, Action.REMOVED))
    node_of = {step.id: f"n{i}" for i, (step, _) in enumerate(steps)}

    nodes = []
    for i, (step, action) in enumerate(steps):
        node = StepNode(f"n{i}", step, f"{gid}-step-{safe_id(step.id)}-{i}",
                        tip=[step.title or step.id, f"id: {step.id}"],
                        url=None, colours=dict(STYLE[action]) if action else {},
                        dashed=action is Action.REMOVED)
        if action is not None:
            node.classes.append(f"jd-{action.value}")
            node.marks.append(mark_text(action))
            node.tip.append(mark_text(action))
            change = step_change.get(step.id)
            if change is not None:
                node.tip += [f.text() for f in change.fields]
        nodes.append(node)

    rest: list[RawNode | Edge] = []
    old_edges, new_edges = _edges(old), _edges(new)
    handover: dict[str, str] = {}
    for key in [*new_edges, *(e for e in old_edges if e not in new_edges)]:
        tail, head, label = key
        action = (None if key in old_edges and key in new_edges
                  else Action.ADDED if key in new_edges else Action.REMOVED)
        if tail not in node_of:
            continue
        if head.startswith("@"):
            target = head[1:]
            if target not in handover:
                handover[target] = f"c{len(handover)}"
                other = new_book.journeys.get(target) or old_book.journeys.get(target)
                name = other.title if other else target
                rest.append(handover_node(
                    handover[target], f"{gid}-continues-{safe_id(target)}", name, [name], None,
                    classes=f" jd-{action.value}" if action else "",
                    colours=STYLE[action] if action else None))
            head_node = handover[target]
            edge = {"style": "dashed", "class": "jd-continues"}
        elif head in node_of:
            head_node = node_of[head]
            edge = {}
        else:
            continue
        edge.update(EDGE_STYLE[action])
        edge["id"] = f"{gid}-edge-{sum(isinstance(r, Edge) for r in rest) + 1}"
        text = ((f"{MARK[action]} " if action else "") + label).strip()
        if head.startswith("@"):
            arrow = Edge(node_of[tail], head_node, edge)
            if text:
                edge["label"] = label_text(wrap_label(text, 16, 2))
        else:
            arrow = flow_edge(node_of[tail], head_node, text, edge, branch=bool(label))
        if action is not None:
            arrow.attrs["class"] += f" jd-{action.value}"
            if action is Action.REMOVED:
                arrow.attrs["style"] = "dashed"
        rest.append(arrow)

    graph = {"class": "jd-graph jd-diff", "bgcolor": "#ffffff", "pad": "0.2", "ranksep": "0.4",
             "fontsize": "14", "labelloc": "t", "label": label_text([title, _(LEGEND)])}
    stages = {s.id: s for s in stages_of(old_book, old)}
    stages.update({s.id: s for s in stages_of(new_book, new)})
    order = [*stages_of(new_book, new), *stages_of(old_book, old)]
    return draw(MapSpec(gid, list({s.id: stages[s.id] for s in order}.values()), nodes, rest,
                        graph))


SVG_MARKER = "<!-- journeydocs diff map -->"
"""First comment of every SVG file ``journeydocs diff`` writes, so a rerun knows its own."""


def standalone_svg(inline: str, title: str) -> str:
    """An inline SVG from :class:`~journeydocs.maps.render.SvgRenderer` as a file on its own.

    Adds the XML declaration, the marker comment and an explicit size (browsers show a
    viewBox-only SVG file at the window's width).
    """
    svg = inline
    width = _attr(svg, "data-jd-width")
    height = _attr(svg, "data-jd-height")
    if svg.startswith("<svg ") and width and height:
        svg = f'<svg width="{width}" height="{height}" ' + svg[len("<svg "):]
    if svg.startswith("<svg "):
        svg = f'<svg aria-label="{_xml_attr(title)}" ' + svg[len("<svg "):]
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{SVG_MARKER}\n{svg}\n'


def _attr(svg: str, name: str) -> str:
    head = svg[: svg.find(">")]
    marker = f'{name}="'
    start = head.find(marker)
    if start < 0:
        return ""
    start += len(marker)
    return head[start: head.find('"', start)]


def _xml_attr(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
            .replace(">", "&gt;"))
