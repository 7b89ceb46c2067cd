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

import graphviz

from journeydocs.content.model import Journey, Playbook, Stage, Step, StepType
from journeydocs.maps.dot import FONT, WRAP, _label, _tooltip, safe_id, wrap_label
from journeydocs.review.diff import MARK, Action, Change, PlaybookDiff

STYLE: dict[Action | None, dict[str, str]] = {
    None: {"fillcolor": "#ffffff", "color": "#57606a", "fontcolor": "#1f2328",
           "penwidth": "1.2"},
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
MARK_TEXT = {a: f"{MARK[a]} {a.value}" for a in Action}
"""What a marked node says under its title: ``＋ added``, ``− removed``, ``✎ changed``."""
LEGEND = "＋ added   − removed (dashed)   ✎ changed   ★ critical step"

_TYPE_CLASS = {StepType.START: "jd-start", StepType.END: "jd-end", StepType.TASK: "jd-task",
               StepType.DECISION: "jd-decision"}


def _edges(journey: Journey | None) -> dict[tuple[str, str, str], None]:
    """(tail step, head step or ``@journey``, label) for every arrow, in order."""
    out: dict[tuple[str, str, str], None] = {}
    if journey is None:
        return out
    ids = set(journey.step_ids())
    seen: set[str] = set()
    for step in journey.steps:
        if step.id in seen:
            continue
        seen.add(step.id)
        for target in step.next:
            if target in ids:
                out[(step.id, target, "")] = None
        for branch in step.branches:
            if branch.next in ids:
                out[(step.id, branch.next, branch.label)] = None
        if step.continues:
            out[(step.id, "@" + step.continues, "")] = None
    return out


def _stages(book_old: Playbook, old: Journey | None, book_new: Playbook,
            new: Journey | None) -> list[Stage]:
    out: dict[str, Stage] = {}
    for book, journey in ((book_new, new), (book_old, old)):
        if journey is not None:
            for stage in book.journey_stages(journey):
                out.setdefault(stage.id, stage)
    return list(out.values())


def diff_dot(journey_id: str, old_book: Playbook, new_book: Playbook, diff: PlaybookDiff, *,
             base_label: str = "base", head_label: str = "head") -> str:
    """DOT source of journey ``journey_id`` with both versions merged and every change marked.

    A journey that exists on one side only is drawn all added or all removed. Steps keep
    their stage groups; steps removed stay in the stage they had.
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
    status = (MARK_TEXT[journey_change.action] if journey_change else "unchanged")
    title = f"{journey.title}   ({status}: {base_label} → {head_label})"
    dot = graphviz.Digraph(
        name=gid,
        graph_attr={
            "id": gid, "class": "jd-graph jd-diff", "rankdir": "TB", "newrank": "true",
            "bgcolor": "#ffffff", "pad": "0.2", "nodesep": "0.3", "ranksep": "0.4",
            "fontname": FONT, "fontsize": "14", "fontcolor": "#1f2328", "labeljust": "l",
            "labelloc": "t", "label": _label([title, LEGEND]),
        },
        node_attr={"fontname": FONT, "fontsize": "12", "shape": "box", "style": "filled",
                   "margin": "0.14,0.06", "height": "0.4"},
        edge_attr={"fontname": FONT, "fontsize": "11", "fontcolor": "#1f2328",
                   "arrowsize": "0.7"},
    )

    # Every step of the new version in its order, then the ghosts of removed ones.
    steps: list[tuple[Step, Action | None]] = []
    new_ids: set[str] = set()
    for step in (new.steps if new else []):
        if step.id in new_ids:
            continue
        new_ids.add(step.id)
        change = step_change.get(step.id)
        steps.append((step, change.action if change else None))
    seen_old: set[str] = set()
    for step in (old.steps if old else []):
        if step.id in new_ids or step.id in seen_old:
            continue
        seen_old.add(step.id)
        steps.append((step, Action.REMOVED))
    node_of = {step.id: f"n{i}" for i, (step, _) in enumerate(steps)}

    def attrs(i: int, step: Step, action: Action | None) -> dict[str, str]:
        lines = wrap_label(step.title or step.id, WRAP.get(step.type, 24))
        classes = ["jd-node", _TYPE_CLASS.get(step.type, "jd-task")]
        style = ["filled"]
        out = dict(STYLE[action])
        if step.type in (StepType.START, StepType.END):
            style.insert(0, "rounded")
            out["margin"] = "0.26,0.06"
            classes.append("jd-stadium")
        elif step.type is StepType.DECISION:
            out.update(shape="diamond", margin="0.04,0.02")
        if step.critical:
            classes.append("jd-critical")
            out["peripheries"] = "2"
            lines.append("★ SOP" if step.sop else "★")
        tip = [step.title or step.id, f"id: {step.id}"]
        if action is not None:
            classes.append(f"jd-{action.value}")
            lines.append(MARK_TEXT[action])
            tip.append(MARK_TEXT[action])
            change = step_change.get(step.id)
            if change is not None:
                tip += [f.text() for f in change.fields]
        if action is Action.REMOVED:
            style.insert(0, "dashed")
        out["style"] = ",".join(style)
        out["label"] = _label(lines)
        out["tooltip"] = _tooltip(tip)
        out["id"] = f"{gid}-step-{safe_id(step.id)}-{i}"
        out["class"] = " ".join(classes)
        return out

    placed: set[str] = set()
    for k, stage in enumerate(_stages(old_book, old, new_book, new)):
        members = [(i, s, a) for i, (s, a) in enumerate(steps) if s.stage == stage.id]
        if not members:
            continue
        with dot.subgraph(name=f"cluster_{k}") as sub:
            sub.attr(label=_label([stage.label or stage.id]),
                     id=f"{gid}-stage-{safe_id(stage.id)}",
                     **{"class": f"jd-stage jd-stage-{safe_id(stage.id)}"},
                     style="rounded,filled", fillcolor="#f3f4f6", color="#d0d7de",
                     fontcolor="#57606a", fontsize="12", labelloc="t", margin="10")
            for i, step, action in members:
                sub.node(f"n{i}", **attrs(i, step, action))
                placed.add(step.id)
    for i, (step, action) in enumerate(steps):
        if step.id not in placed:
            dot.node(f"n{i}", **attrs(i, step, action))

    old_edges, new_edges = _edges(old), _edges(new)
    handover: dict[str, str] = {}
    edge_count = 0
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
                node_attrs = dict(STYLE[action])
                node_attrs.update(
                    label=_label(wrap_label("→ " + name, 22)), tooltip=_tooltip([name]),
                    style="rounded,dashed,filled", margin="0.26,0.06",
                    id=f"{gid}-continues-{safe_id(target)}",
                    **{"class": "jd-node jd-continues jd-stadium"
                       + (f" jd-{action.value}" if action else "")})
                dot.node(handover[target], **node_attrs)
            head_node = handover[target]
            edge = {"style": "dashed", "class": "jd-continues"}
        elif head in node_of:
            head_node = node_of[head]
            edge = {"class": "jd-flow" + (" jd-branch" if label else "")}
        else:
            continue
        edge.update(EDGE_STYLE[action])
        edge_count += 1
        edge["id"] = f"{gid}-edge-{edge_count}"
        if action is not None:
            edge["class"] += f" jd-{action.value}"
            if action is Action.REMOVED:
                edge["style"] = "dashed"
        text = (f"{MARK[action]} " if action else "") + label
        if text.strip():
            edge["label"] = _label(wrap_label(text.strip(), 16, 2))
        dot.edge(node_of[tail], head_node, **edge)

    source: str = dot.source
    return source


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
