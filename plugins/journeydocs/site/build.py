"""The whole pipeline without MkDocs: files -> playbook + problems -> generated pages.

The MkDocs plugin and the ``journeydocs`` CLI both call these functions, so what CI checks
is exactly what the site build checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from journeydocs.content.checks import check_playbook
from journeydocs.content.loader import FileMemo, load_playbook
from journeydocs.content.model import Playbook
from journeydocs.content.references import Index
from journeydocs.content.settings import Settings
from journeydocs.problems import Problems
from journeydocs.site import overview, urls
from journeydocs.site.pages import Site, journey_markdown, owner_markdown


def load_and_check(settings: Settings, memo: FileMemo | None = None) -> tuple[Playbook, Problems]:
    """Load every file and run every check; problems sorted by file and line."""
    book, problems = load_playbook(settings, memo)
    problems.extend(check_playbook(book, settings.today))
    return book, Problems(sorted(set(problems)))


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str  # where MkDocs places it, e.g. journeys/x.md
    markdown: str
    edit_uri: str | None  # docs-relative source file for "edit this page", if any


def generated_pages(site: Site, owners_edit: str | None) -> list[GeneratedPage]:
    """Every page the plugin adds to the site (SOP pages are the authors' own files).

    ``owners_edit`` is the owners file relative to the docs folder, for edit links.
    """
    book = site.book
    pages = [GeneratedPage(urls.journey_page(j.id), journey_markdown(site, j), j.src_uri)
             for j in book.journeys.values()]
    pages += [GeneratedPage(urls.owner_page(o.id), owner_markdown(site, o), owners_edit)
              for o in book.owners.values()]
    pages += [
        GeneratedPage(urls.JOURNEYS_INDEX, overview.journeys_index(site), None),
        *(GeneratedPage(uri, text, None) for uri, text in overview.sops_index_pages(site)),
        GeneratedPage(urls.OWNERS_INDEX, overview.owners_index(site), owners_edit),
        GeneratedPage(urls.METRICS_PAGE, overview.metrics_page(site), None),
        GeneratedPage(urls.HEALTH_PAGE, overview.health_page(site), None),
    ]
    return pages


def navigation(site: Site, home: str | None, sop_limit: int, *, journey_limit: int = 60,
               owner_limit: int = 60) -> list[Any]:
    """MkDocs ``nav``: journeys grouped by system; SOPs, journeys and owners listed while
    there are few.

    Material renders the whole navigation into every page, so a navigation that grows with
    the playbook makes every page bigger and the build quadratic. Past the limits a section
    keeps only its index page, which lists everything (as do search and the maps).
    """
    book = site.book
    nav: list[Any] = []
    if home:
        nav.append({"Home": home})
    journeys: list[Any] = [{"All systems": urls.JOURNEYS_INDEX}]
    listed = len(book.journeys) <= journey_limit
    for system, label in (("marketing", "Marketing"), ("operations", "Operations")):
        items = [{j.title: urls.journey_page(j.id)} for j in book.journeys.values()
                 if j.system == system and listed]
        if items:
            journeys.append({label: items})
    other = [{j.title: urls.journey_page(j.id)} for j in book.journeys.values()
             if j.system not in ("marketing", "operations") and listed]
    if other:
        journeys.append({"Other": other})
    nav.append({"Journeys": journeys})
    sops: list[Any] = [{"All SOPs": urls.SOPS_INDEX}]
    if len(book.sops) <= sop_limit:
        sops += [{s.title: urls.sop_page(s.id)}
                 for s in sorted(book.sops.values(), key=lambda s: s.title.lower())]
    nav.append({"SOPs": sops})
    owners: list[Any] = [{"Accountability chart": urls.OWNERS_INDEX}]
    if len(book.owners) <= owner_limit:
        owners += [{o.name: urls.owner_page(o.id)} for o in book.owners.values()]
    nav.append({"Owners": owners})
    nav.append({"Metrics": urls.METRICS_PAGE})
    nav.append({"Playbook health": urls.HEALTH_PAGE})
    return nav


def make_site(book: Playbook, problems: Problems, settings: Settings,
              use_directory_urls: bool) -> Site:
    return Site(book=book, index=Index.build(book), problems=problems, today=settings.today,
                use_directory_urls=use_directory_urls)
