"""DOT source -> SVG ready to inline in a page, with native ``dot``, cached and in parallel.

Each distinct graph is rendered once: the SVG is stored under the SHA-256 of the DOT source
plus the identity of the Graphviz installation, so an unchanged journey costs no Graphviz
run on the next build (and no run at all to check: the identity is the ``dot`` binary's
path, size and modification time, read with ``stat``). A cold build renders the misses on
every core. Failures raise :class:`RenderError` carrying dot's stderr; the caller reports it
as a problem with the journey instead of a traceback.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import subprocess
import threading
import unicodedata
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from journeydocs.i18n import _
from journeydocs.maps import access
from journeydocs.maps.access import SVG_NS, XLINK_NS
from journeydocs.maps.access import svg_tag as _tag
from journeydocs.safety.markup import fill

POSTPROCESS_VERSION = "5"
"""Bump when :func:`inline_svg` changes, so cached SVGs from older code are not reused."""

PT_TO_PX = 4 / 3
"""Graphviz measures in points; CSS pixels are 1/96 in, points 1/72 in."""


class RenderError(Exception):
    """Graphviz could not render a graph; ``stderr`` is what ``dot`` said."""

    def __init__(self, message: str, stderr: str = "") -> None:
        self.message = message
        self.stderr = stderr.strip()
        super().__init__(f"{message}: {self.stderr}" if self.stderr else message)


def _classes(el: ET.Element) -> list[str]:
    return (el.get("class") or "").split()


_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


STADIUM_RADIUS = 20.0
"""Points: a terminal of one or two lines gets fully round ends; a taller one (a long title
in a phone's narrow map) rounded corners, which stay clear of its text."""


def _stadium(path: ET.Element) -> None:
    """Turn Graphviz's rounded-box ``<path>`` into a ``<rect>`` with round ends (corners, if
    it is taller than two lines: :data:`STADIUM_RADIUS`)."""
    nums = [float(n) for n in _NUMBER.findall(path.get("d") or "")]
    xs, ys = nums[0::2], nums[1::2]
    if not xs or not ys:
        return
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    radius = min((y1 - y0) / 2, STADIUM_RADIUS)
    attrs = {k: v for k, v in path.attrib.items() if k != "d"}
    path.clear()
    path.tag = _tag("rect")
    path.attrib.update(attrs)
    path.attrib.update(
        x=f"{x0:.2f}", y=f"{y0:.2f}", width=f"{x1 - x0:.2f}", height=f"{y1 - y0:.2f}",
        rx=f"{radius:.2f}", ry=f"{radius:.2f}",
    )


def _curve_points(d: str) -> list[tuple[float, float]]:
    """Points along a Graphviz edge path (``M p C p p p [p p p]...``), 16 per curve."""
    nums = [float(n) for n in _NUMBER.findall(d)]
    pts = list(zip(nums[0::2], nums[1::2], strict=False))
    out = pts[:1]
    for i in range(1, len(pts) - 2, 3):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = pts[i - 1 : i + 3]
        for k in range(1, 17):
            t = k / 16
            a, b, c, e = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3
            out.append((a * x0 + b * x1 + c * x2 + e * x3, a * y0 + b * y1 + c * y2 + e * y3))
    return out


def _x_range(points: list[tuple[float, float]], y0: float, y1: float) -> tuple[float, float] | None:
    """Leftmost and rightmost x of a polyline between heights ``y0`` and ``y1``."""
    xs: list[float] = []
    for (ax, ay), (bx, by) in zip(points, points[1:], strict=False):
        lo, hi = min(ay, by), max(ay, by)
        if hi < y0 or lo > y1:
            continue
        if ay == by:
            xs += [ax, bx]
            continue
        for y in (max(lo, y0), min(hi, y1)):
            xs.append(ax + (y - ay) / (by - ay) * (bx - ax))
    return (min(xs), max(xs)) if xs else None


def _text_width(text: str, size: float) -> float:
    """A generous estimate of a label's advance: 1 em per wide (CJK) character, else 0.6 em."""
    return sum(size * (1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.6) for ch in text)


LABEL_GAP = 2.0
"""Points kept between an edge label and its own arrow."""


def _clear_edge_label(edge: ET.Element) -> None:
    """Move an edge's label sideways off its arrow.

    dot places a label beside the point where its edge crosses the label's rank, so a
    slanted arrow (a branch to another stage) runs through the label's lower or upper corner.
    The label moves away from the arrow, on the side dot chose, by what it overlaps.
    """
    path = edge.find(_tag("path"))
    texts = list(edge.iter(_tag("text")))
    if path is None or not texts:
        return
    points = _curve_points(path.get("d") or "")
    boxes = []
    for t in texts:
        try:
            x, y = float(t.get("x", "")), float(t.get("y", ""))
            size = float(t.get("font-size", "14"))
        except ValueError:
            return
        width = _text_width(t.text or "", size)
        left = {"start": x, "end": x - width}.get(t.get("text-anchor", ""), x - width / 2)
        boxes.append((left, left + width, y - 0.9 * size, y + 0.25 * size))
    left = min(b[0] for b in boxes)
    right = max(b[1] for b in boxes)
    span = _x_range(points, min(b[2] for b in boxes) - LABEL_GAP,
                    max(b[3] for b in boxes) + LABEL_GAP)
    if span is None:
        return
    if (left + right) / 2 >= (span[0] + span[1]) / 2:
        shift = max(0.0, span[1] + LABEL_GAP - left)
    else:
        shift = min(0.0, span[0] - LABEL_GAP - right)
    if shift:
        for t in texts:
            t.set("x", f"{float(t.get('x', '0')) + shift:.2f}")


def inline_svg(svg: str) -> str:
    """Graphviz SVG -> one line of SVG to inline in HTML.

    Drops the XML prolog, DOCTYPE, comments, Graphviz's ``<title>`` elements (they name
    internal node ids) and the page-filling background polygon; replaces the fixed size in
    points with ``data-jd-width``/``data-jd-height`` (CSS px) and a ``max-width`` style, so the
    map scales down to the page but never beyond its natural size; keeps ``viewBox``. Links keep
    ``xlink:href``, not SVG 2 ``href``: Material's instant navigation rewrites every element
    with an ``href`` *attribute* through its ``.href`` property, which throws on SVG links
    (read-only ``SVGAnimatedString``) and aborts navigation to the page; ``xlink:href`` is a
    namespaced attribute it does not select. What a screen reader meets is
    :mod:`journeydocs.maps.access`'s: links named by their tooltips, stage groups holding
    their steps, arrows hidden. Nodes of class ``jd-stadium`` get stadium-shaped borders;
    edge labels move off their arrows.
    """
    try:
        root = ET.fromstring(svg)
    except ET.ParseError as exc:
        raise RenderError(_("Graphviz produced SVG that does not parse"), str(exc)) from exc
    if root.tag != _tag("svg"):
        raise RenderError(_("Graphviz output is not SVG"))

    width_pt = _points(root.get("width"))
    height_pt = _points(root.get("height"))
    view_box = root.get("viewBox")
    parts = (view_box or "").replace(",", " ").split()
    if len(parts) == 4:  # exact; Graphviz rounds `width` and `height` to whole points
        with contextlib.suppress(ValueError):
            width_pt, height_pt = float(parts[2]), float(parts[3])
    for key in ("width", "height"):
        root.attrib.pop(key, None)
    root.set("class", "jd-map")
    root.set("role", "none")  # the figure's viewport is the named group; the drawing itself
    # says nothing (as an image it would hide its links, as a group it would be a nameless one)
    if width_pt and height_pt:
        width_px, height_px = round(width_pt * PT_TO_PX), round(height_pt * PT_TO_PX)
        root.set("data-jd-width", str(width_px))
        root.set("data-jd-height", str(height_px))
        root.set("style", f"max-width:{width_px}px")

    parents = {child: parent for parent in root.iter() for child in parent}
    for title in list(root.iter(_tag("title"))):
        parents[title].remove(title)

    graph = root.find(_tag("g"))
    if graph is not None:
        first = next(iter(graph), None)
        if first is not None and first.tag == _tag("polygon"):
            graph.remove(first)  # the background (bgcolor), drawn by the page instead

    if graph is not None:
        access.structure(graph)
    access.name_links(root)

    for group in root.iter(_tag("g")):
        if "edge" in _classes(group):
            _clear_edge_label(group)
        if "jd-stadium" in _classes(group):
            for path in list(group.iter(_tag("path"))):
                _stadium(path)

    for el in root.iter():
        if el.text is not None and not el.text.strip() and el.tag != _tag("text"):
            el.text = None
        if el.tail is not None and not el.tail.strip():
            el.tail = None
    # Plain names, one xmlns on the root: what HTML's inline <svg> looks like.
    uses_xlink = False
    for el in root.iter():
        if el.tag.startswith(f"{{{SVG_NS}}}"):
            el.tag = el.tag[len(SVG_NS) + 2 :]
        for name in [k for k in el.attrib if k.startswith(f"{{{XLINK_NS}}}")]:
            el.set("xlink:" + name[len(XLINK_NS) + 2 :], el.attrib.pop(name))
            uses_xlink = True
    root.set("xmlns", SVG_NS)
    if uses_xlink:
        root.set("xmlns:xlink", XLINK_NS)
    out = ET.tostring(root, encoding="unicode")
    return out.replace("\r", "&#13;").replace("\n", "&#10;")


def _points(value: str | None) -> float | None:
    if not value:
        return None
    m = re.fullmatch(r"\s*([0-9.]+)\s*(pt|px)?\s*", value)
    if not m:
        return None
    number = float(m.group(1))
    return number if m.group(2) != "px" else number / PT_TO_PX


def dot_identity(dot: str = "dot") -> str:
    """Which Graphviz renders: the resolved ``dot`` binary with its size and mtime.

    Upgrading or reinstalling Graphviz changes it, which invalidates the cache. No process
    runs, so a warm build runs Graphviz zero times.
    """
    exe = shutil.which(dot)
    if exe is None:
        return f"missing:{dot}"
    real = os.path.realpath(exe)
    st = os.stat(real)
    return f"{real}:{st.st_size}:{st.st_mtime_ns}"


class SvgRenderer:
    """Renders DOT to inline SVG with native ``dot``, caching by content hash.

    ``cache_dir`` keeps SVGs between builds (``<sha256>.svg``); None keeps them in memory
    only, for the life of the renderer. ``runs`` counts ``dot`` processes started.
    """

    def __init__(
        self, cache_dir: Path | None, *, dot: str = "dot", timeout: float = 120.0
    ) -> None:
        self.cache_dir = cache_dir
        self.dot = dot
        self.timeout = timeout
        self.runs = 0
        self._identity = dot_identity(dot)
        self._memory: dict[str, str] = {}
        self._lock = threading.Lock()

    def key(self, dot_source: str) -> str:
        h = hashlib.sha256()
        for part in (POSTPROCESS_VERSION, self._identity, dot_source):
            h.update(part.encode("utf-8"))
            h.update(b"\0")
        return h.hexdigest()

    def cached(self, dot_source: str) -> str | None:
        """The SVG for ``dot_source`` if it was rendered before, without running Graphviz."""
        key = self.key(dot_source)
        with self._lock:
            hit = self._memory.get(key)
        if hit is not None:
            return hit
        if self.cache_dir is None:
            return None
        try:
            text = (self.cache_dir / f"{key}.svg").read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        if not text.startswith("<svg"):
            return None
        with self._lock:
            self._memory[key] = text
        return text

    def render(self, dot_source: str) -> str:
        """Inline SVG for ``dot_source``; raises :class:`RenderError` if ``dot`` fails."""
        hit = self.cached(dot_source)
        if hit is not None:
            return hit
        svg = inline_svg(self._run(dot_source))
        self._store(dot_source, svg)
        return svg

    def render_each(self, sources: list[str]) -> list[str | RenderError]:
        """Like :meth:`render_many`, but a failed graph yields its error in its place."""
        results: dict[str, str | RenderError] = {}
        misses: list[str] = []
        for source in dict.fromkeys(sources):
            hit = self.cached(source)
            if hit is None:
                misses.append(source)
            else:
                results[source] = hit

        def one(source: str) -> str | RenderError:
            try:
                return self.render(source)
            except RenderError as exc:
                return exc

        if misses:
            workers = max(1, min(os.cpu_count() or 1, len(misses)))
            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="jd-dot") as pool:
                for source, result in zip(misses, pool.map(one, misses), strict=True):
                    results[source] = result
        return [results[s] for s in sources]

    def render_many(self, sources: list[str]) -> list[str]:
        """Inline SVG for each source, in order; cache misses render on every core.

        Every graph is attempted (and the good ones cached) before the first failure is
        raised as :class:`RenderError`; use :meth:`render_each` to get all errors.
        """
        out: list[str] = []
        for result in self.render_each(sources):
            if isinstance(result, RenderError):
                raise result
            out.append(result)
        return out

    def _store(self, dot_source: str, svg: str) -> None:
        key = self.key(dot_source)
        with self._lock:
            self._memory[key] = svg
        if self.cache_dir is None:
            return
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            tmp = self.cache_dir / f".{key}.{os.getpid()}.{threading.get_ident()}.tmp"
            tmp.write_text(svg, encoding="utf-8")
            os.replace(tmp, self.cache_dir / f"{key}.svg")
        except OSError:
            pass  # a read-only cache only costs speed

    def _run(self, dot_source: str) -> str:
        with self._lock:
            self.runs += 1
        try:
            proc = subprocess.run(
                [self.dot, "-Tsvg"],
                input=dot_source.encode("utf-8"),
                capture_output=True,
                timeout=self.timeout,
                check=False,
            )
        except FileNotFoundError as exc:
            raise RenderError(fill(_(
                "Graphviz `{dot}` was not found: install Graphviz (e.g. `apt-get install "
                "graphviz`)"), dot=self.dot)) from exc
        except subprocess.TimeoutExpired as exc:
            raise RenderError(fill(_("Graphviz took longer than {seconds}s"),
                                   seconds=f"{self.timeout:g}")) from exc
        stderr = proc.stderr.decode("utf-8", errors="replace")
        if proc.returncode != 0:
            raise RenderError(fill(_("Graphviz failed (exit status {status})"),
                                   status=proc.returncode), stderr)
        return proc.stdout.decode("utf-8", errors="replace")
