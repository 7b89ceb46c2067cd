"""System maps for every journey of a build: DOT per journey, SVGs rendered in one batch."""

from __future__ import annotations

from . import urls
from .graph import journey_dot, map_html
from .model import Journey
from .pages import Site
from .problems import Problems
from .render import RenderError, SvgRenderer


def render_maps(site: Site, renderer: SvgRenderer, problems: Problems) -> dict[str, str]:
    """Journey id -> the map figure (raw HTML); failures become problems, not tracebacks."""
    journeys = list(site.book.journeys.values())
    sources = [_dot(site, j) for j in journeys]
    results = renderer.render_each(sources)
    maps: dict[str, str] = {}
    for journey, result in zip(journeys, results, strict=True):
        if isinstance(result, RenderError):
            problems.add(journey.source, 0, 0, f"Graphviz could not draw the map: {result}",
                         "is Graphviz installed? run ./dev serve, which installs it")
            continue
        maps[journey.id] = map_html(result, f"System map: {journey.title}",
                                    legend="★ SOP marks a critical step; click it to open "
                                           "its checklist.")
    return maps


def _dot(site: Site, journey: Journey) -> str:
    src = urls.journey_page(journey.id)
    return journey_dot(
        journey, site.book,
        step_url=lambda step: site.step_url(src, journey, step),
        journey_url=lambda jid: site.url(src, urls.journey_page(jid)),
        graph_id=f"map-{journey.id}",
    )
