"""A journey as a Graphviz system map: DOT source, pure (no MkDocs, no process runs).

The map follows the content model's flowchart conventions: terminals are stadiums, tasks
rectangles, decisions diamonds with their branch labels on the arrows, stages labelled
clusters in stage order. Critical steps get a bold double border *and* a text marker, so
they stand out without colour. Every node links somewhere (a critical step to its SOP, any
other step to its anchor) and carries its owner in a tooltip (a hand-over to another journey:
that journey's owner).

Author text only ever reaches DOT through :func:`graphviz.escape` (labels) or as
attribute values quoted by the ``graphviz`` package; node ids are generated (``n0``,
``n1``...), URLs are checked by :func:`safe_url`. :mod:`journeydocs.maps.render` turns the DOT
into inline SVG; :func:`map_html` wraps that SVG in the markup that ``map.css`` and
``map.js`` expect.
"""

from __future__ import annotations

import html
import re
import unicodedata
import urllib.parse
from collections.abc import Callable

import graphviz

from journeydocs.content.model import Journey, Playbook, Stage, Step, StepType

FONT = "Noto Sans CJK SC, Noto Sans, sans-serif"
"""One font list for layout and display: with a CJK font that fontconfig resolves, native
``dot`` measures Chinese labels correctly, and the browser gets the same family list."""

# Label wrapping, in display columns (a CJK character counts two).
WRAP = {StepType.START: 22, StepType.END: 22, StepType.TASK: 24, StepType.DECISION: 16}
MAX_LINES = 4
"""Longer titles are cut with an ellipsis on the map; the tooltip and the page have them whole."""

_TYPE_CLASS = {
    StepType.START: "jd-start",
    StepType.END: "jd-end",
    StepType.TASK: "jd-task",
    StepType.DECISION: "jd-decision",
}

# Print / no-CSS defaults. map.css overrides every colour through CSS variables so the map
# follows Material's light and dark palettes.
_INK = "#1f2328"
_LINE = "#57606a"
_PAPER = "#ffffff"
_CRITICAL_FILL = "#fff1d6"
_CRITICAL_LINE = "#9a5b00"
_STAGE_FILL = "#f3f4f6"

# Vertical label margins, in inches. Graphviz puts a line's box about 0.8 em above its
# baseline; browsers draw (and getBBox measures) the font's whole ascent, 1.19 em for Noto
# Sans CJK, so the first line's box reaches about 4.7 pt (12 pt text) above Graphviz's label
# box. The margins absorb that: inside a box at 0.08 in, inside a diamond (whose sides close
# in on the label's corners) at 0.07 in, checked in Chromium by tests/browser/test_maps.py.
_MARGIN_Y = "0.08"
_MARGIN_Y_DIAMOND = "0.07"


# --------------------------------------------------------------------------- text helpers

def char_width(ch: str) -> int:
    """Display columns of one character: 2 for East Asian wide/full-width, 0 for marks."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str) -> int:
    if text.isascii():  # every ASCII character is one column (a fast path: labels are re-wrapped)
        return len(text)
    return sum(char_width(ch) for ch in text)


# Characters a line should not start with (CJK closing punctuation; kinsoku shori).
_NO_LINE_START = set("，。、；：！？）》」』】〉,.;:!?)]}%…")


def _tokens(text: str) -> list[tuple[bool, str]]:
    """(space_before, token): runs of narrow non-space characters, or one wide character.

    Closing punctuation is glued to the token before it so it never starts a line.
    """
    out: list[tuple[bool, str]] = []
    space = False
    word = ""
    for ch in text:
        if ch.isspace():
            if word:
                out.append((space, word))
                word = ""
            space = True
            continue
        if char_width(ch) == 2:
            if word:
                out.append((space, word))
                word, space = "", False
            if ch in _NO_LINE_START and out and not space:
                out[-1] = (out[-1][0], out[-1][1] + ch)
            else:
                out.append((space, ch))
            space = False
        else:
            if not word and ch in _NO_LINE_START and out and not space:
                out[-1] = (out[-1][0], out[-1][1] + ch)
                continue
            word += ch
    if word:
        out.append((space, word))
    return out


def _hard_split(token: str, width: int) -> list[str]:
    parts: list[str] = []
    cur = ""
    for ch in token:
        if cur and display_width(cur + ch) > width:
            parts.append(cur)
            cur = ""
        cur += ch
    if cur:
        parts.append(cur)
    return parts


def wrap_label(text: str, width: int, max_lines: int = MAX_LINES) -> list[str]:
    """Wrap ``text`` to lines of at most ``width`` display columns (CJK counts double).

    Latin text breaks at spaces, CJK between characters; a word longer than a line is cut.
    Beyond ``max_lines`` the last line ends with an ellipsis.
    """
    lines: list[str] = []
    cur = ""
    for space, token in _tokens(" ".join(text.split())):
        sep = " " if space and cur else ""
        if display_width(cur + sep + token) <= width:
            cur += sep + token
            continue
        if cur:
            lines.append(cur)
            cur = ""
        pieces = _hard_split(token, width) if display_width(token) > width else [token]
        lines.extend(pieces[:-1])
        cur = pieces[-1]
    if cur:
        lines.append(cur)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and display_width(last + "…") > width:
            last = last[:-1]
        lines = [*lines[: max_lines - 1], last.rstrip() + "…"]
    return lines or [""]


def balanced_label(text: str, width: int, max_lines: int = MAX_LINES) -> list[str]:
    """:func:`wrap_label`, then as narrow as the same number of lines allows.

    Shapes fit their widest line, so even lines make smaller nodes, and no line is left
    with one lonely character or word ("进行四十五分钟免费咨询电" / "话" becomes seven and
    six characters). A word that fits ``width`` is never split to get there.
    """
    lines = wrap_label(text, width, max_lines)
    if len(lines) < 2 or lines[-1].endswith("…"):
        return lines
    words = [display_width(t) for _, t in _tokens(" ".join(text.split()))]
    floor = max([w for w in words if w <= width], default=1)
    total = sum(display_width(line) for line in lines)
    for narrower in range(max(floor, -(-total // len(lines))), width):
        candidate = wrap_label(text, narrower, max_lines)
        if len(candidate) == len(lines) and not candidate[-1].endswith("…"):
            return candidate
    return lines


def _label(lines: list[str]) -> str:
    """A DOT label from plain lines: each escaped, joined with DOT's centred line break."""
    label: str = graphviz.nohtml("\\n".join(graphviz.escape(line) for line in lines))
    return label


def _tooltip(lines: list[str]) -> str:
    """A DOT tooltip. Graphviz (2.43) unescapes tooltips twice, hence the double escape."""
    tip: str = graphviz.nohtml(
        "\\n".join(graphviz.escape(graphviz.escape(" ".join(s.split()))) for s in lines)
    )
    return tip


# --------------------------------------------------------------------------- ids and URLs

_ID_SAFE = re.compile(r"[^A-Za-z0-9_-]")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_URL_SAFE_CHARS = "/#?&=%-._~!$'()*+,;:@"


def safe_id(text: str) -> str:
    """An SVG/HTML id fragment: ASCII letters, digits, ``-`` and ``_`` only."""
    return _ID_SAFE.sub("_", text) or "_"


def safe_url(url: str) -> str | None:
    """``url`` if it is a relative URL that is safe in the inline SVG, else None.

    Refused: any scheme (``javascript:``, ``data:``, ``https:``...), protocol-relative
    ``//host`` and root-absolute ``/path`` (it would break a site served from a sub-path),
    whitespace, control characters, backslashes (browsers read ``\\`` as ``/``) and quotes.
    """
    if not url:
        return None
    for ch in url:
        if ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F or ch in '\\"<>`':
            return None
    if url.startswith("/") or _SCHEME.match(url):
        return None
    first_segment = re.split(r"[/?#]", url, maxsplit=1)[0]
    if ":" in first_segment:
        return None
    return urllib.parse.quote(url, safe=_URL_SAFE_CHARS)


# --------------------------------------------------------------------------- the map

def journey_dot(
    journey: Journey,
    playbook: Playbook,
    *,
    step_url: Callable[[Step], str],
    journey_url: Callable[[str], str],
    graph_id: str,
    critical_marker: str = "★ SOP",
    owner_label: str = "Owner",
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
    dot = graphviz.Digraph(
        name=gid,
        graph_attr={
            "id": gid,
            "class": "jd-graph",
            "rankdir": "TB",
            "newrank": "true",
            "bgcolor": "transparent",
            "pad": "0.1",
            "nodesep": "0.3",
            "ranksep": "0.35",
            "fontname": FONT,
            "fontsize": "13",
            "fontcolor": _INK,
            "labeljust": "l",
        },
        node_attr={
            "fontname": FONT,
            "fontsize": "12",
            "fontcolor": _INK,
            "shape": "box",
            "style": "filled",
            "fillcolor": _PAPER,
            "color": _LINE,
            "penwidth": "1.2",
            "margin": f"0.14,{_MARGIN_Y}",
            "height": "0.4",
        },
        edge_attr={
            "fontname": FONT,
            "fontsize": "11",
            "fontcolor": _INK,
            "color": _LINE,
            "arrowsize": "0.7",
        },
    )

    # A duplicated step id is drawn once, as its first definition; edges go to that one.
    node_of: dict[str, str] = {}
    drawn: set[int] = set()
    for i, step in enumerate(journey.steps):
        if step.id not in node_of:
            drawn.add(i)
            if step.id:
                node_of[step.id] = f"n{i}"
    used_ids: set[str] = set()

    def node(target: graphviz.Digraph, i: int, step: Step) -> None:
        if i in drawn:
            target.node(f"n{i}", **step_attrs(step, i, used_ids))

    def step_attrs(step: Step, i: int, used: set[str]) -> dict[str, str]:
        title = step.title or step.id
        lines = balanced_label(title, WRAP.get(step.type, 24))
        classes = ["jd-node", _TYPE_CLASS.get(step.type, "jd-task")]
        attrs: dict[str, str] = {}
        if step.type in (StepType.START, StepType.END):
            attrs.update(style="rounded,filled", margin=f"0.26,{_MARGIN_Y}")
            classes.append("jd-stadium")
        elif step.type is StepType.DECISION:
            attrs.update(shape="diamond", margin=f"0.04,{_MARGIN_Y_DIAMOND}")
        if step.critical:
            classes.append("jd-critical")
            lines.append(critical_marker if step.sop else "★")
            attrs.update(
                peripheries="2", penwidth="2", fillcolor=_CRITICAL_FILL, color=_CRITICAL_LINE
            )
        attrs["label"] = _label(lines)
        owner_id = step.owner or journey.owner
        owner = playbook.owners.get(owner_id)
        tip = [title]
        if owner_id:
            tip.append(f"{owner_label}: {owner.display if owner else owner_id}")
        attrs["tooltip"] = _tooltip(tip)
        url = safe_url(step_url(step))
        if url:
            attrs["URL"] = url
        else:
            classes.append("jd-nolink")
        node_id = f"{gid}-step-{safe_id(step.id)}"
        if node_id in used or safe_id(step.id) != step.id:
            node_id = f"{gid}-step-{safe_id(step.id)}-{i}"
        used.add(node_id)
        attrs["id"] = node_id
        attrs["class"] = " ".join(classes)
        return attrs

    # Stages as clusters, in the journey's stage order; nodes inside in step order.
    first: dict[str, Stage] = {}
    for stage in playbook.journey_stages(journey):
        first.setdefault(stage.id, stage)  # a stage listed twice is drawn once
    stages = list(first.values())
    known = {s.id for s in stages}
    for k, stage in enumerate(stages):
        members = [(i, s) for i, s in enumerate(journey.steps) if s.stage == stage.id]
        if not members:
            continue
        with dot.subgraph(name=f"cluster_{k}") as sub:
            sub.attr(
                label=_label([stage.label or stage.id]),
                id=f"{gid}-stage-{safe_id(stage.id)}",
                **{"class": f"jd-stage jd-stage-{safe_id(stage.id)}"},
                style="rounded,filled",
                fillcolor=_STAGE_FILL,
                color="#d0d7de",
                fontcolor=_LINE,
                margin="10",
            )
            for i, step in members:
                node(sub, i, step)
    for i, step in enumerate(journey.steps):
        if step.stage not in known:
            node(dot, i, step)

    # Flow: plain `next` arrows, labelled branch arrows; unknown targets are skipped.
    for i, step in enumerate(journey.steps):
        if i not in drawn:
            continue
        tail = f"n{i}"
        for target in dict.fromkeys(step.next):
            if target in node_of:
                dot.edge(tail, node_of[target], **{"class": "jd-flow"})
        for branch in step.branches:
            if branch.next not in node_of:
                continue
            attrs = {"class": "jd-flow jd-branch"}
            if branch.label:
                attrs["label"] = _label(wrap_label(branch.label, 16, 2))
            dot.edge(tail, node_of[branch.next], **attrs)

    # An end step that hands over to another journey links to it.
    for i, step in enumerate(journey.steps):
        if i not in drawn or not step.continues:
            continue
        nxt = playbook.journeys.get(step.continues)
        if nxt is None:
            continue
        url = safe_url(journey_url(nxt.id))
        title = nxt.title or nxt.id
        tip = [title]
        if nxt.owner:
            next_owner = playbook.owners.get(nxt.owner)
            tip.append(f"{owner_label}: {next_owner.display if next_owner else nxt.owner}")
        attrs = {
            "label": _label(balanced_label("→ " + title, 22)),
            "tooltip": _tooltip(tip),
            "style": "rounded,dashed,filled",
            "margin": f"0.26,{_MARGIN_Y}",
            "id": f"{gid}-continues-{safe_id(nxt.id)}-{i}",
            "class": "jd-node jd-continues jd-stadium" + ("" if url else " jd-nolink"),
        }
        if url:
            attrs["URL"] = url
        dot.node(f"c{i}", **attrs)
        dot.edge(f"n{i}", f"c{i}", style="dashed", **{"class": "jd-continues"})

    source: str = dot.source
    return source


# --------------------------------------------------------------------------- page markup

def map_html(svg: str, title: str, *, legend: str = "") -> str:
    """The figure a journey page opens with: one line of raw HTML Markdown passes through.

    ``svg`` comes from :class:`journeydocs.maps.render.SvgRenderer` (one line, root ``<svg
    class="jd-map" ...>``); ``title`` becomes the figure caption and the map's accessible
    name; ``legend`` is an optional plain-text note after the caption (e.g. what
    "★ SOP" means, in the playbook's language). ``map.js`` adds the full-screen and zoom
    controls to every ``figure.jd-map-frame``.
    """
    label = html.escape(title, quote=True)
    svg = " ".join(line.strip() for line in svg.splitlines() if line.strip())
    if svg.startswith("<svg "):
        svg = f'<svg aria-label="{label}" ' + svg[len("<svg ") :]
    caption = f'<span class="jd-map-title">{label}</span>'
    if legend:
        caption += f' <span class="jd-map-legend">{html.escape(legend)}</span>'
    return (
        '<figure class="jd-map-frame">'
        f'<div class="jd-map-viewport">{svg}</div>'
        f'<figcaption class="jd-map-caption">{caption}</figcaption>'
        "</figure>"
    )

