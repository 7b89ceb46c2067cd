"""Search entries of pages written from the cache: stored, and given back to the index.

The search plugins parse each page's HTML in ``on_page_context``
(``search_index.add_entry_from_context``); a page written from the cache (level 2) has its
entries stored with it, so they are put back in page order instead of parsing again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from journeydocs.i18n import _

if TYPE_CHECKING:
    from journeydocs.mkdocs_plugin.pagecache import PageCache
    from journeydocs.mkdocs_plugin.pagecache.split import Split

SEARCH_MODULES = ("material.plugins.search", "mkdocs.contrib.search")


class SearchReplay:
    """Wraps the search plugin's ``add_entry_from_context`` for one build."""

    def __init__(self, cache: PageCache) -> None:
        self.cache = cache
        self._index: tuple[Any, str, Callable[[Page], None]] | None = None
        self._new: dict[str, list[Any]] = {}

    def watch(self, config: MkDocsConfig) -> str:
        """Wrap the index; why pages cannot be written from the cache ("" when they can)."""
        for name, plugin in config.plugins.items():
            index = getattr(plugin, "search_index", None)
            if not type(plugin).__module__.startswith(SEARCH_MODULES) or index is None:
                continue
            attr = next((a for a in ("entries", "_entries")
                         if isinstance(getattr(index, a, None), list)), None)
            method = getattr(index, "add_entry_from_context", None)
            if attr is None or method is None:
                return _("the search plugin '{name}' is a version this cache does not "
                         "know").format(name=name)
            self._index = (index, attr, method)
            index.add_entry_from_context = self._index_page
        return ""

    def entries(self, uri: str) -> list[Any]:
        """The entries the page added in this build (to store)."""
        return self._new.pop(uri, [])

    def _index_page(self, page: Page) -> None:
        assert self._index is not None
        index, attr, method = self._index
        entries: list[Any] = getattr(index, attr)
        uri = page.file.src_uri
        hit = self.cache.hit.get(uri)
        split = self.cache.split
        before = len(entries)
        if hit is not None and hit.remote and split is not None:
            split.slots.append((before, uri))  # its entries arrive with the page
            return
        if hit is not None:
            entries.extend(hit.search)  # loaded for this page alone: no copy needed
        else:
            method(page)
            if uri in self.cache.miss:
                self._new[uri] = entries[before:]
        if split is not None and split.child and uri in split.pages:
            split.search[uri] = entries[before:]

    def insert_remote(self, split: Split) -> None:
        """The parent: the entries of the pages the child built, in page order."""
        if self._index is None:
            return
        index, attr, _ = self._index
        entries = getattr(index, attr)
        for at, uri in reversed(split.slots):
            entries[at:at] = split.search.get(uri, [])
