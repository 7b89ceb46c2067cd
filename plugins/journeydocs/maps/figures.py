"""System maps for every journey of a build: DOT per journey, SVGs rendered in one batch."""

from __future__ import annotations

import hashlib
import pickle
from concurrent.futures import Future, ThreadPoolExecutor
from html import escape

from journeydocs.content.model import Journey
from journeydocs.i18n import N_, _
from journeydocs.maps.dot import journey_dot, owner_tip
from journeydocs.maps.render import RenderError, SvgRenderer
from journeydocs.problems import Problem, Problems
from journeydocs.safety.markup import fill
from journeydocs.site import urls
from journeydocs.site.pages import Site

LEGEND = N_("★ SOP marks a critical step; click it to open its checklist.")
"""What the marks of a journey's map mean, after its caption (translated where shown)."""


class MapJobs:
    """The maps of a build, drawn in the background while MkDocs renders the other pages.

    Graphviz runs on every core (:meth:`SvgRenderer.render_each`) from ``on_files`` on;
    a journey page's Markdown carries :meth:`placeholder`, which the plugin swaps for the
    figure (:meth:`insert`) when the page is about to be written (``on_page_context``).
    By then MkDocs has converted every page's Markdown, so the maps are usually drawn:
    the build does not wait for Graphviz, and Python-Markdown never scans the SVG.
    """

    def __init__(self, site: Site, renderer: SvgRenderer,
                 memo: dict[str, tuple[str, str]] | None = None) -> None:
        self.journeys = list(site.book.journeys.values())
        sources = [_memo_dot(site, j, memo) for j in self.journeys]
        self.keys = {j.id: renderer.key(s) for j, s in zip(self.journeys, sources, strict=True)}
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
            for journey, result in zip(self.journeys, results, strict=True):
                if isinstance(result, RenderError):
                    problems.add(journey.source, 0, 0,
                                 fill(_("Graphviz could not draw the map: {error}"),
                                      error=result),
                                 _("is Graphviz installed? run ./dev serve, which installs it"))
                    continue
                figures[journey.id] = map_html(
                    result, fill(_("System map: {title}"), title=journey.title),
                    legend=_(LEGEND))
            self._figures, self.failures = figures, list(problems)
        return self._figures

    def drawn(self) -> list[str | RenderError]:
        """Every map's SVG (or error), in journey order: waits for Graphviz if need be."""
        return self._results.result()

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


def _memo_dot(site: Site, journey: Journey, memo: dict[str, tuple[str, str]] | None) -> str:
    """The journey's DOT, from ``memo`` (journey id -> (inputs digest, DOT)) when nothing it
    is made of changed: `mkdocs serve` rebuilds after every save, and most saves are SOPs."""
    if memo is None:
        return _dot(site, journey)
    book = site.book
    owners = {o for s in journey.steps for o in (s.owner, journey.owner)}
    nexts = [book.journeys.get(s.continues) for s in journey.steps if s.continues]
    words = (owner_tip(""), _("★ SOP"))  # the map's own words, in the site's language
    inputs = (journey, book.stages, site.use_directory_urls, words,
              sorted((o, book.owners[o].display) for o in owners if o in book.owners),
              [(j.id, j.title, j.owner, book.owners[j.owner].display
                if j.owner in book.owners else "") for j in nexts if j is not None],
              sorted((s.sop, book.sops[s.sop].src_uri) for s in journey.steps
                     if s.sop in book.sops))
    try:
        digest = hashlib.sha256(pickle.dumps(inputs, pickle.HIGHEST_PROTOCOL)).hexdigest()
    except (pickle.PicklingError, TypeError, AttributeError):
        return _dot(site, journey)
    hit = memo.get(journey.id)
    if hit is not None and hit[0] == digest:
        return hit[1]
    dot = _dot(site, journey)
    memo[journey.id] = (digest, dot)
    return dot


def _dot(site: Site, journey: Journey) -> str:
    src = urls.journey_page(journey.id)
    return journey_dot(
        journey, site.book,
        step_url=lambda step: site.step_url(src, journey, step),
        journey_url=lambda jid: site.url(src, urls.journey_page(jid)),
        graph_id=f"map-{journey.id}",
    )


def map_html(svg: str, title: str, *, legend: str = "") -> str:
    """The figure a journey page opens with: one line of raw HTML Markdown passes through.

    ``svg`` comes from :class:`journeydocs.maps.render.SvgRenderer` (one line, root ``<svg
    class="jd-map" ...>``); ``title`` becomes the figure caption and the map's accessible
    name; ``legend`` is an optional plain-text note after the caption (e.g. what
    "★ SOP" means, in the playbook's language). ``map.js`` adds the full-screen and zoom
    controls to every ``figure.jd-map-frame``. The figure is left out of Material's search
    index (``data-search-exclude``): its labels are the step list's, which is indexed.
    """
    label = escape(title, quote=True)
    svg = " ".join(line.strip() for line in svg.splitlines() if line.strip())
    if svg.startswith("<svg "):
        svg = f'<svg aria-label="{label}" ' + svg[len("<svg ") :]
    caption = f'<span class="jd-map-title">{label}</span>'
    if legend:
        caption += f' <span class="jd-map-legend">{escape(legend)}</span>'
    return (
        '<figure class="jd-map-frame" data-search-exclude="">'
        f'<div class="jd-map-viewport">{svg}</div>'
        f'<figcaption class="jd-map-caption">{caption}</figcaption>'
        "</figure>"
    )

