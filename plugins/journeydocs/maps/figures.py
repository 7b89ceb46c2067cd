"""System maps for every journey of a build: DOT per journey, SVGs rendered in one batch."""

from __future__ import annotations

import hashlib
import pickle
import re
from concurrent.futures import Future, ThreadPoolExecutor
from html import escape

from journeydocs.content.model import Journey
from journeydocs.i18n import N_, _
from journeydocs.maps.dot import journey_dot
from journeydocs.maps.names import map_words
from journeydocs.maps.render import RenderError, SvgRenderer
from journeydocs.problems import Problem, Problems
from journeydocs.safety.markup import fill
from journeydocs.site import urls
from journeydocs.site.pages import Site, steps_anchor

LEGEND = N_("★ SOP marks a critical step; click it to open its checklist.")
"""What the marks of a journey's map mean, after its caption (translated where shown)."""


class MapJobs:
    """The maps of a build, drawn in the background while MkDocs renders the other pages.

    Graphviz runs on every core (:meth:`SvgRenderer.render_each`) from ``on_files`` on;
    a journey page's Markdown carries :meth:`placeholder`, which the plugin swaps for the
    figure (:meth:`insert`) when the page is about to be written (``on_page_context``).
    By then MkDocs has converted every page's Markdown, so the maps are usually drawn:
    the build does not wait for Graphviz, and Python-Markdown never scans the SVG.
    Each journey is drawn twice, for a page or laptop column and for a phone
    (:data:`journeydocs.maps.dot.NARROW`); the figure keeps the second where it is narrower.
    """

    def __init__(self, site: Site, renderer: SvgRenderer,
                 memo: dict[str, tuple[str, str]] | None = None) -> None:
        self.journeys = list(site.book.journeys.values())
        self.site = site
        sources = [_memo_dot(site, j, memo, narrow=narrow)
                   for j in self.journeys for narrow in (False, True)]
        self.keys = {j.id: renderer.key(sources[2 * k]) + renderer.key(sources[2 * k + 1])
                     for k, j in enumerate(self.journeys)}
        pool = ThreadPoolExecutor(1, thread_name_prefix="jd-maps")
        self._results: Future[list[str | RenderError]] = pool.submit(renderer.render_each,
                                                                     sources)
        pool.shutdown(wait=False)
        self._figures: dict[str, str] | None = None
        self.failures: list[Problem] = []

    @staticmethod
    def placeholder(journey_id: str) -> str:
        return f"<!-- journeydocs:map:{journey_id} -->"

    def placeholders(self) -> dict[str, str]:
        """Journey id -> what the page's Markdown holds in place of the map."""
        return {j.id: self.placeholder(j.id) for j in self.journeys}

    def wait(self) -> dict[str, str]:
        """Journey id -> figure HTML, once every map is drawn; failures in :attr:`failures`."""
        if self._figures is None:
            figures: dict[str, str] = {}
            problems = Problems()
            results = self.drawn()
            for journey, (wide, narrow) in zip(self.journeys, results, strict=True):
                error = next((r for r in (wide, narrow) if isinstance(r, RenderError)), None)
                if error is not None or not isinstance(wide, str):
                    problems.add(journey.source, 0, 0,
                                 fill(_("Graphviz could not draw the map: {error}"),
                                      error=error),
                                 _("is Graphviz installed? run ./dev serve, which installs it"))
                    continue
                figures[journey.id] = map_html(
                    wide, fill(_("System map: {title}"), title=journey.title),
                    legend=_(LEGEND), narrow=narrow if isinstance(narrow, str) else "",
                    text_href=_anchor(steps_anchor(self.site.book, journey)),
                    graph_id=f"map-{journey.id}")
            self._figures, self.failures = figures, list(problems)
        return self._figures

    def drawn(self) -> list[tuple[str | RenderError, str | RenderError]]:
        """Every map's SVGs (or errors), wide and narrow, in journey order: waits for
        Graphviz if need be."""
        flat = self._results.result()
        return list(zip(flat[0::2], flat[1::2], strict=True))

    def insert(self, journey_id: str, html: str) -> tuple[str, Problem | None]:
        """``html`` with the journey's map in place of its placeholder (or why it is not)."""
        mark = self.placeholder(journey_id)
        if mark not in html:
            return html, None
        figure = self.wait().get(journey_id)
        if figure is not None:
            return html.replace(mark, figure), None
        problem = next((p for p in self.failures
                        if p.path == self._source(journey_id)), None)
        note = ('<p class="jd-map-missing"><strong>' +
                escape(_("The map could not be drawn.")) + "</strong> " +
                escape(_("See the build log.")) + "</p>")
        return html.replace(mark, note), problem

    def _source(self, journey_id: str) -> str:
        return next((j.source for j in self.journeys if j.id == journey_id), "")


def _anchor(anchor: str) -> str:
    return "#" + anchor if anchor else ""


def _memo_dot(site: Site, journey: Journey, memo: dict[str, tuple[str, str]] | None, *,
              narrow: bool = False) -> str:
    """The journey's DOT, from ``memo`` (journey id, plus `` narrow`` for the phone's map ->
    (inputs digest, DOT)) when nothing it is made of changed: `mkdocs serve` rebuilds after
    every save, and most saves are SOPs."""
    if memo is None:
        return _dot(site, journey, narrow=narrow)
    book = site.book
    owners = {o for s in journey.steps for o in (s.owner, journey.owner)}
    nexts = [book.journeys.get(s.continues) for s in journey.steps if s.continues]
    words = map_words()  # the map's own words, in the site's language
    inputs = (journey, book.stages, site.use_directory_urls, words,
              sorted((o, book.owners[o].display) for o in owners if o in book.owners),
              [(j.id, j.title, j.owner, book.owners[j.owner].display
                if j.owner in book.owners else "") for j in nexts if j is not None],
              sorted((s.sop, book.sops[s.sop].src_uri, book.sops[s.sop].title)
                     for s in journey.steps if s.sop in book.sops))
    try:
        digest = hashlib.sha256(pickle.dumps(inputs, pickle.HIGHEST_PROTOCOL)).hexdigest()
    except (pickle.PicklingError, TypeError, AttributeError):
        return _dot(site, journey, narrow=narrow)
    key = journey.id + (" narrow" if narrow else "")  # (an id has no space)
    hit = memo.get(key)
    if hit is not None and hit[0] == digest:
        return hit[1]
    dot = _dot(site, journey, narrow=narrow)
    memo[key] = (digest, dot)
    return dot


def _dot(site: Site, journey: Journey, *, narrow: bool = False) -> str:
    src = urls.journey_page(journey.id)
    return journey_dot(
        journey, site.book,
        step_url=lambda step: site.step_url(src, journey, step),
        journey_url=lambda jid: site.url(src, urls.journey_page(jid)),
        graph_id=f"map-{journey.id}" + ("-narrow" if narrow else ""),
        narrow=narrow,
    )


SWITCH_STEP = 40
SWITCH_MIN, SWITCH_MAX = 360, 1600
"""A figure with a phone's map shows it in a column narrower than ``switch`` px: the class
``jd-map-switch-<switch>`` on the viewport, one of the steps map.css has a container query
for (CSS cannot compare a width with a number in the page)."""


def switch_width(wide_svg: str) -> int:
    """Below what column width (CSS px) the phone's map shows instead of ``wide_svg``: where
    the wide map would shrink below 90 % of its natural size, rounded up to a step of
    :data:`SWITCH_STEP` between :data:`SWITCH_MIN` and :data:`SWITCH_MAX`."""
    natural = _natural_width(wide_svg) or SWITCH_MAX
    step = -(-natural * 9 // 10 // SWITCH_STEP) * SWITCH_STEP
    return max(SWITCH_MIN, min(SWITCH_MAX, step))


def _natural_width(svg: str) -> int:
    match = re.search(r' data-jd-width="(\d+)"', svg)
    return int(match.group(1)) if match else 0


def map_html(svg: str, title: str, *, legend: str = "", narrow: str = "",
             text_href: str = "", graph_id: str = "map") -> str:
    """The figure a journey page opens with: one line of raw HTML Markdown passes through.

    ``svg`` comes from :class:`journeydocs.maps.render.SvgRenderer` (one line, root ``<svg
    class="jd-map" ...>``); ``title`` becomes the figure caption and the name of the map's
    viewport (a group a keyboard reaches, as it scrolls); ``legend`` is an optional
    plain-text note after the caption (e.g. what "★ SOP" means, in the playbook's
    language). ``narrow`` is the same map drawn for a phone
    (:data:`journeydocs.maps.layout.NARROW`): kept when it is narrower than ``svg``, shown
    by map.css instead of it in a column narrower than :func:`switch_width`. ``text_href``
    is the map's text version on the page (its steps), linked before the map; a "Skip the
    map" link jumps to just after the figure (``<graph_id>-end``). ``map.js`` adds the
    full-screen and zoom controls to every ``figure.jd-map-frame``. The figure is left out
    of Material's search index (``data-search-exclude``): its labels are the step list's,
    which is indexed.
    """
    label = escape(title, quote=True)
    both = bool(narrow) and 0 < _natural_width(narrow) < _natural_width(svg)
    maps = _one_line(svg, "jd-map--wide" if both else "")
    viewport = "jd-map-viewport"
    if both:
        maps += _one_line(narrow, "jd-map--narrow")
        viewport += f" jd-map-switch-{switch_width(svg)}"
    title_id = escape(f"{graph_id}-title", quote=True)
    caption = f'<span class="jd-map-title" id="{title_id}">{label}</span>'
    if legend:
        caption += f' <span class="jd-map-legend">{_legend(legend)}</span>'
    end = escape(f"{graph_id}-end", quote=True)
    links = ""
    if text_href:
        # Translators: a link before a journey's map to the same steps written out as text
        text = escape(_("Steps as text"))
        links = f'<a class="jd-map-text" href="{escape(text_href, quote=True)}">{text}</a>'
    # Translators: a keyboard user's link that jumps over a journey's map
    skip = escape(_("Skip the map"))
    return (
        f'<a class="jd-map-skip" href="#{end}">{skip}</a>'
        '<figure class="jd-map-frame" data-search-exclude="">'
        f'<div class="jd-map-bar">{links}</div>'
        # The viewport scrolls: a keyboard reaches it (arrow keys scroll it), named by the title
        f'<div class="{viewport}" tabindex="0" role="group" aria-labelledby="{title_id}">'
        f'{maps}</div>'
        f'<figcaption class="jd-map-caption">{caption}</figcaption>'
        "</figure>"
        f'<div class="jd-map-end" id="{end}" tabindex="-1"></div>'
    )


def _one_line(svg: str, variant: str) -> str:
    """``svg`` on one line, with the variant's class."""
    svg = " ".join(line.strip() for line in svg.splitlines() if line.strip())
    if variant:
        svg = svg.replace(' class="jd-map"', f' class="jd-map {variant}"', 1)
    return svg


def _legend(legend: str) -> str:
    """The legend with its ★ hidden from screen readers (a "black star" to them): the words
    beside it say what it means."""
    return escape(legend).replace("★", '<span aria-hidden="true">★</span>')
