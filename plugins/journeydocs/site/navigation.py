"""MkDocs' ``nav`` for the playbook's pages, bounded so it does not grow with the playbook."""

from __future__ import annotations

from typing import Any

from journeydocs.i18n import N_, _
from journeydocs.site import urls
from journeydocs.site.pages import Site

HOME = N_("Home")
"""The playbook's home page in the navigation (unless its front matter gives a title)."""


def navigation(site: Site, home: str | None, sop_limit: int, *, journey_limit: int = 60,
               owner_limit: int = 60) -> list[Any]:
    """MkDocs ``nav``: journeys grouped by system; SOPs, journeys and owners listed while
    there are few. Section labels are in the site's language.

    Material renders the whole navigation into every page, so a navigation that grows with
    the playbook makes every page bigger and the build quadratic. Past the limits a section
    keeps only its index page, which lists everything (as do search and the maps).
    """
    book = site.book
    nav: list[Any] = []
    if home:
        nav.append({_(HOME): home})
    journeys: list[Any] = [{_("All systems"): urls.JOURNEYS_INDEX}]
    listed = len(book.journeys) <= journey_limit
    for system, label in (("marketing", _("Marketing")), ("operations", _("Operations"))):
        items = [{j.title: urls.journey_page(j.id)} for j in book.journeys.values()
                 if j.system == system and listed]
        if items:
            journeys.append({label: items})
    other = [{j.title: urls.journey_page(j.id)} for j in book.journeys.values()
             if j.system not in ("marketing", "operations") and listed]
    if other:
        # Translators: the navigation's group of journeys of no known system
        journeys.append({_("Other"): other})
    nav.append({_("Journeys"): journeys})
    sops: list[Any] = [{_("All SOPs"): urls.SOPS_INDEX}]
    if len(book.sops) <= sop_limit:
        sops += [{s.title: urls.sop_page(s.id)}
                 for s in sorted(book.sops.values(), key=lambda s: s.title.lower())]
    nav.append({_("SOPs"): sops})
    owners: list[Any] = [{_("Accountability chart"): urls.OWNERS_INDEX}]
    if len(book.owners) <= owner_limit:
        owners += [{o.name: urls.owner_page(o.id)} for o in book.owners.values()]
    nav.append({_("Owners"): owners})
    nav.append({_("Metrics"): urls.METRICS_PAGE})
    nav.append({_("Playbook health"): urls.HEALTH_PAGE})
    return nav
