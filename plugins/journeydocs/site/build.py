"""The playbook's generated pages: a loaded playbook in, each page's Markdown out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from journeydocs.content.model import Playbook
from journeydocs.content.references import Index
from journeydocs.content.settings import Settings
from journeydocs.content.sopfile import first_h1
from journeydocs.problems import Problems
from journeydocs.site import overview, urls
from journeydocs.site.pages import Site, journey_markdown, owner_markdown
from journeydocs.site.weekly import WeeklyPage, owner_section


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str  # where MkDocs places it, e.g. journeys/x.md
    markdown: str
    edit_uri: str | None  # docs-relative source file for "edit this page", if any


def generated_pages(site: Site, owners_edit: str | None,
                    weekly: Sequence[WeeklyPage] = ()) -> list[GeneratedPage]:
    """Every page the plugin adds to the site (SOP pages are the authors' own files).

    ``owners_edit`` is the owners file relative to the docs folder, for edit links;
    ``weekly`` the weekly review pages (the owner pages link them).
    """
    book = site.book
    pages = [GeneratedPage(urls.journey_page(j.id), journey_markdown(site, j), j.src_uri)
             for j in book.journeys.values()]
    pages += [GeneratedPage(urls.owner_page(o.id), _joined(
        owner_markdown(site, o), owner_section(o.id, list(weekly))), owners_edit)
              for o in book.owners.values()]
    pages += [GeneratedPage(w.src_uri, w.page(book.owners[w.owner_id].name
                                              if w.owner_id in book.owners else w.owner_id),
                            None) for w in weekly]
    pages += [
        GeneratedPage(urls.JOURNEYS_INDEX, overview.journeys_index(site), None),
        *(GeneratedPage(uri, text, None) for uri, text in overview.sops_index_pages(site)),
        GeneratedPage(urls.OWNERS_INDEX, overview.owners_index(site), owners_edit),
        GeneratedPage(urls.METRICS_PAGE, overview.metrics_page(site), None),
        GeneratedPage(urls.HEALTH_PAGE, overview.health_page(site), None),
    ]
    return pages


def _joined(page: str, section: str) -> str:
    return page.rstrip("\n") + "\n\n" + section if section else page


def with_landing(landing: str, generated: str) -> str:
    """A section's hand-written landing page (``sops/index.md``, front matter and all)
    above its generated list; the list's own H1 goes when the landing page has one."""
    if first_h1(landing) is not None:
        lines = generated.split("\n")
        at = first_h1(generated)
        if at is not None:
            generated = "\n".join(lines[:at] + lines[at + 1:])
    return landing.rstrip("\n") + "\n\n" + generated.lstrip("\n")


def make_site(book: Playbook, problems: Problems, settings: Settings,
              use_directory_urls: bool) -> Site:
    return Site(book=book, index=Index.build(book), problems=problems, today=settings.today,
                use_directory_urls=use_directory_urls, stale_weeks=settings.actuals_stale_weeks)
