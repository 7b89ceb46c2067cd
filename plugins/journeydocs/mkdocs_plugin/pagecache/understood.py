"""Other plugins' page handlers the page cache accounts for, and what they read.

Level 1 (rendered HTML) is stored before any ``on_page_content`` handler and every
handler of every plugin runs on a hit as it does on a miss, so no plugin switches it off.
Level 2 (the page as written) skips the template and what ``on_post_page`` handlers do, so
each plugin with ``on_page_context``, ``on_post_page`` or ``on_env`` handlers must be one
whose output follows from the level-2 key: these, read from their code:

- ``journeydocs``: its own (git date and map of a page: the plugin's ``extra``);
- the search plugins (MkDocs', Material's): their entries are stored and replayed;
- Material's ``tags``: ``on_env`` writes listings into page HTML before the key is taken;
  ``on_page_context`` gives the page its tags with links to listings (:func:`inputs`);
- ``git-revision-date-localized``: dates go into ``page.meta`` and the Markdown in
  ``on_page_markdown`` (both in the keys); its other handlers write site-wide assets;
- ``minify``: ``on_post_page`` is a function of the page and the plugin's options;
- Material's ``blog`` (:mod:`.blog`): a post's template reads its authors, dates, categories,
  reading time, links and neighbours (:func:`inputs`); the blog's index, archive, category
  and author pages show other posts, so they go through their templates in every build
  (:func:`written_pages`);
- ``glightbox``: ``on_page_content`` wraps images (before the key is taken, from the HTML,
  the front matter and its options); ``on_post_page`` adds its styles and script unless the
  page's ``glightbox`` front matter is false (:func:`inputs`), from its options;
- ``print-site``: ``on_page_content`` keeps each page's HTML (it runs on every page, cached
  or not), ``on_page_context`` gives the page the print page's address (from its options
  and the page's URL); the print page itself is written in ``on_post_build``, every build.

Any other plugin with such handlers switches level 2 off for the build (the log says which).
A cold build splits in two processes (:mod:`.split`) only when every plugin's page handlers
are :data:`SPLIT_SAFE` (the print page, for one, needs every page's HTML in the first
process; the blog and glightbox are not tested in a split build).
"""

from __future__ import annotations

import json
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.pages import Page

from journeydocs.mkdocs_plugin.logs import log
from journeydocs.mkdocs_plugin.pagecache import blog
from journeydocs.mkdocs_plugin.pagecache.key import origin, stable

SPLIT_SAFE = ("journeydocs", "material.plugins.search", "mkdocs.contrib.search",
              "material.plugins.tags", "mkdocs_git_revision_date_localized_plugin",
              "mkdocs_minify_plugin")
UNDERSTOOD = (*SPLIT_SAFE, blog.MODULE, "mkdocs_glightbox", "mkdocs_print_site_plugin")
GLIGHTBOX_META = ("glightbox", "glightbox-manual", "glightbox.auto_caption")
"""The front matter keys glightbox's page handlers read."""
OUTPUT_EVENTS = ("page_context", "post_page", "env")
PAGE_EVENTS = ("pre_page", "page_read_source", "page_markdown", "page_content",
               *OUTPUT_EVENTS)


def foreign(config: MkDocsConfig, events: tuple[str, ...],
            known: tuple[str, ...] = UNDERSTOOD) -> list[str]:
    """The modules of handlers of ``events`` that are not ``known``, sorted."""
    return sorted({origin(m) for event in events for m in config.plugins.events.get(event, [])
                   if not origin(m).startswith(known)})


def inputs(config: MkDocsConfig, page: Page, nav_keys: frozenset[str] | None) -> str:
    """What understood plugins give a page's template besides the page itself (JSON);
    ``nav_keys``: the front matter keys templates read of other pages (None: all)."""
    found: list[Any] = []
    for name, plugin in config.plugins.items():
        module = type(plugin).__module__
        if module.startswith("material.plugins.tags"):
            found.append([name, _tags(plugin, page)])
        elif module.startswith("mkdocs_glightbox"):
            found.append([name, {k: page.meta[k] for k in GLIGHTBOX_META if k in page.meta}])
    post = blog.post_inputs(page, nav_keys)
    if post is not None:
        found.append(["blog post", post])
    return json.dumps(found, sort_keys=True, default=_plain)


def written_pages(files: Files) -> tuple[list[Page], set[str]]:
    """The pages MkDocs writes, and those of them (``src_uri``) that go through their
    templates in every build because what they show cannot be keyed (each reason logged)."""
    pages = [f.page for f in files.documentation_pages(inclusion=InclusionLevel.is_included)
             if f.page is not None]
    aside: dict[str, list[str]] = {}
    for page in pages:
        why = blog.templated(page)
        if why:
            aside.setdefault(why, []).append(page.file.src_uri)
    for why, uris in aside.items():
        log.debug(f"page cache: {len(uris)} pages go through their templates in every "
                  f"build ({why}): {', '.join(uris[:5])}{', ...' if len(uris) > 5 else ''}")
    return pages, {uri for uris in aside.values() for uri in uris}


def _tags(plugin: Any, page: Page) -> Any:
    """The tag references the tags plugin's ``on_page_context`` gives the page."""
    conf = plugin.config
    if not conf.enabled or not conf.tags or not plugin.filter(page.file):
        return None
    mapping = plugin.mappings.get(page)
    return list(plugin.listings & mapping) if mapping else None


def _plain(value: Any) -> Any:
    if hasattr(value, "__dict__"):
        return {k: v for k, v in vars(value).items() if not k.startswith("_")}
    return stable(value)
