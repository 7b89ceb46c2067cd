"""A metric's actuals drawn at build time as an inline SVG chart (matplotlib, SVG backend).

Why inline and not an ``<img>``: an SVG loaded as an image cannot read the page's CSS, so
it could not follow Material's light/dark palette switch. Inline, the chart is cleaned by
the same allow-list as every page (:mod:`journeydocs.safety.policy`: no script, no
``<style>``, no ``style=`` attributes), so matplotlib's output is rewritten here:

* its ``style="..."`` declarations become presentation attributes (``fill``, ``stroke``...);
* the few colours it is given are placeholders (:data:`COLOURS`) that become
  ``currentColor`` with a class (``jd-c-fg``, ``jd-c-target``...) whose ``color`` the
  stylesheet (``journeydocs.css``) takes from Material's variables (``--md-default-fg-color``
  ...), so the chart is legible in both palettes;
* ``svg.fonttype: none`` keeps labels as ``<text>``, shown in the page's own fonts
  (Chinese included); the layout measures them with DejaVu Sans and Noto Sans CJK;
* ``svg.hashsalt`` (the series' key) and no metadata make the same input give the same
  bytes, and the ids of two charts on one page differ.

On-target and off-target values differ by symbol (● and ✕) as well as by colour.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

from journeydocs.content.targets import Status, Threshold
from journeydocs.safety.policy import SVG_PRESENTATION

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
COLOURS = {  # placeholder colour -> the class whose CSS colour replaces it
    "#010101": "jd-c-fg",  # text, axes, ticks
    "#020202": "jd-c-grid",  # grid lines
    "#030303": "jd-c-line",  # the line through the values
    "#040404": "jd-c-target",  # the target line
    "#050505": "jd-c-on",  # a value on target
    "#060606": "jd-c-off",  # a value off target
    "#070707": "jd-c-unknown",  # a value without a comparable target
}
_BY_ROLE = {cls.removeprefix("jd-c-"): colour for colour, cls in COLOURS.items()}
FONTS = ["DejaVu Sans"]
CJK_FONTS = ["Noto Sans CJK SC"]
"""What labels are measured with (the page shows them in its own fonts): DejaVu Sans, and
for a chart with a CJK character a CJK font too (its glyphs are all one em wide, so the
Simplified font measures Traditional text as well). Fewer fonts, faster charts."""
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")
MARKERS = {Status.ON: "o", Status.OFF: "X", Status.UNKNOWN: "s"}


@dataclass(frozen=True)
class Point:
    date: dt.date
    value: float
    status: Status


@dataclass(frozen=True)
class Labels:
    """The words of a chart, in the site's language."""

    title: str
    target: str  # the legend's entry for the target line ("Target ≥ 60%")
    on: str
    off: str
    unknown: str
    dates: list[str]  # each point's date as the axis shows it
    name: str  # the accessible name (role="img")


def chart_svg(points: Sequence[Point], threshold: Threshold | None, labels: Labels,
              key: str) -> str:
    """The chart as one line of SVG markup (no newline: safe inside Markdown)."""
    from matplotlib import rc_context
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    words = " ".join([labels.title, labels.target, labels.on, labels.off, labels.unknown,
                      *labels.dates])
    fonts = FONTS + CJK_FONTS if _CJK.search(words) else FONTS
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": key, "font.family": fonts,
                     "font.size": 10, "axes.unicode_minus": False}):
        fig = Figure(figsize=(6.4, 2.8), dpi=72)
        FigureCanvasSVG(fig)
        ax = fig.add_subplot()
        xs = list(range(len(points)))
        ys = [p.value for p in points]
        fg = _BY_ROLE["fg"]
        ax.plot(xs, ys, color=_BY_ROLE["line"], linewidth=1.5, gid="jd-values-line")
        for status in (Status.ON, Status.OFF, Status.UNKNOWN):
            at = [i for i, p in enumerate(points) if p.status is status]
            if at:
                ax.plot([xs[i] for i in at], [ys[i] for i in at], linestyle="none",
                        marker=MARKERS[status], markersize=7, color=_BY_ROLE[status.value],
                        gid=f"jd-points-{status.value}")
        handles = []
        if threshold is not None:
            ax.axhline(threshold.bound, color=_BY_ROLE["target"], linestyle="--",
                       linewidth=1.5, gid="jd-target")
            handles.append(Line2D([], [], color=_BY_ROLE["target"], linestyle="--",
                                  label=labels.target))
        for status, text in ((Status.ON, labels.on), (Status.OFF, labels.off),
                             (Status.UNKNOWN, labels.unknown)):
            if any(p.status is status for p in points):
                handles.append(Line2D([], [], linestyle="none", marker=MARKERS[status],
                                      color=_BY_ROLE[status.value], label=text))
        low = min([*ys, threshold.bound] if threshold else ys)
        high = max([*ys, threshold.bound] if threshold else ys)
        pad = (high - low) * 0.15 or max(abs(high) * 0.1, 1)
        ax.set_ylim(low - pad, high + pad)
        ax.set_xlim(-0.5, len(points) - 0.5)
        ax.set_xticks(xs, labels.dates)
        slanted = len(xs) * max(map(_width, labels.dates), default=0) > 36  # (plot: ~40 em)
        if slanted:
            ax.tick_params(axis="x", labelrotation=40)
            for tick in ax.get_xticklabels():
                tick.set_horizontalalignment("right")
                tick.set_rotation_mode("anchor")
        ax.set_title(labels.title, color=fg, loc="left", fontsize=11, gid="jd-title")
        ax.grid(axis="y", color=_BY_ROLE["grid"], linewidth=0.6)
        ax.tick_params(colors=fg, labelcolor=fg)
        for spine in ax.spines.values():
            spine.set_color(fg)
        ax.set_facecolor("none")
        ax.patch.set_gid("jd-plot-area")
        fig.patch.set_alpha(0)
        if handles:
            legend = ax.legend(handles=handles, loc="upper center", ncols=len(handles),
                               bbox_to_anchor=(0.5, -0.34 if slanted else -0.16), frameon=False,
                               labelcolor=fg)
            legend.set_gid("jd-legend")
        fig.tight_layout()
        out = io.StringIO()
        fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None,
                                                 "Format": None, "Type": None})
    return _as_page_svg(out.getvalue(), labels.name)


def _width(text: str) -> float:
    """A label's width in ems, roughly: a Han character is one em, others about half."""
    return sum(1.0 if _CJK.match(ch) else 0.55 for ch in text)


_TICK_RE = re.compile(r"^([xy]tick)_\d+$")
_STYLE_RE = re.compile(r"\s*([\w-]+)\s*:\s*([^;]+?)\s*(?:;|$)")


def _as_page_svg(svg: str, name: str) -> str:
    """matplotlib's SVG rewritten for the page (see the module's docstring)."""
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    root = ET.fromstring(svg)
    for parent in root.iter():
        for child in list(parent):
            if child.tag in (f"{{{SVG_NS}}}metadata", f"{{{SVG_NS}}}style"):
                parent.remove(child)
    for el in root.iter():
        style = el.attrib.pop("style", "")
        for prop, value in _STYLE_RE.findall(style):
            if prop == "font":  # "10px 'DejaVu Sans'": the size; the page gives the family
                el.set("font-size", value.split()[0])
            elif prop in SVG_PRESENTATION:
                el.set(prop, value)
        classes = []
        for attr in ("fill", "stroke"):
            colour = el.get(attr, "").lower()
            if colour in COLOURS:
                el.set(attr, "currentColor")
                classes.append(COLOURS[colour])
        if classes:
            el.set("class", " ".join(dict.fromkeys(classes)))
        if el.get("id", "").startswith("jd-"):  # our gids: classes (charts share a page)
            el.set("class", (el.get("class", "") + " " + el.attrib.pop("id")).strip())
    used = set(re.findall(r'(?:href="|url\()#([^")]+)', ET.tostring(root, encoding="unicode")))
    for el in root.iter():
        if "id" in el.attrib and el.get("id") not in used:
            tick = _TICK_RE.match(el.attrib.pop("id"))  # matplotlib's "axes_1": one per chart
            if tick:  # a tick and its label: what a reader (and the tests) read values by
                el.set("class", f"jd-{tick.group(1)}")
    for attr in ("width", "height", "version"):
        root.attrib.pop(attr, None)
    root.set("class", "jd-chart-svg")
    root.set("role", "img")
    root.set("aria-label", name)
    text = ET.tostring(root, encoding="unicode", short_empty_elements=True)
    return re.sub(r">\s+<", "><", text).replace("\n", " ")
