"""Unchanged pages are not rendered again: their output comes from a cache keyed by inputs.

Most of a build's time is MkDocs turning each page's Markdown into HTML, Material's templates
wrapping it, and the search plugin parsing it. In a playbook of a thousand SOPs an edit
changes one or a few pages, so a rebuild (`mkdocs serve` after a save, or a second `mkdocs
build`) repeats that work for pages whose output is bound to be the same.

:class:`PageCache` is driven by the plugin's events (see
:class:`journeydocs.mkdocs_plugin.plugin.JourneydocsPlugin`). After the last
``on_page_markdown`` handler it computes the page's key (:mod:`.key`). On a hit it restores
what rendering produced (:mod:`.replay`), replays the page's log records and search-index
entries, and writes the stored page instead of rendering the template. On a miss the page is
built as usual and stored (:mod:`.store`).

A cold `mkdocs build` of a big playbook also runs in two processes (:mod:`.split`), built on
the same machinery: pages the other process builds arrive like cache hits.

It is off, and says why in the log, when another plugin handles page events (its handlers
might depend on inputs the key does not see), when a navigation entry has no explicit title,
or when the search plugin is one it does not know.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, DictLoader, Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from journeydocs.mkdocs_plugin.logs import log
from journeydocs.mkdocs_plugin.pagecache import key as keys
from journeydocs.mkdocs_plugin.pagecache.entry import CacheEntry
from journeydocs.mkdocs_plugin.pagecache.replay import (
    CompiledTemplates,
    Recorder,
    replay,
    restorer,
    tidy_later,
    toc_data,
)
from journeydocs.mkdocs_plugin.pagecache.split import PARENT_SHARE, SPLIT_MIN_PAGES, Split, can_fork
from journeydocs.mkdocs_plugin.pagecache.store import PageStore, Row, pack

CACHED_TEMPLATE = "journeydocs/cached-page.html"
SAFE_MODULES = ("journeydocs", "material.plugins.search", "mkdocs.contrib.search")
"""Plugins whose page handlers the key accounts for (their output follows from its inputs)."""
PAGE_EVENTS = ("pre_page", "page_read_source", "page_markdown", "page_content",
               "page_context", "post_page", "env")


class PageCache:
    """One per plugin instance (kept across `mkdocs serve` rebuilds); :meth:`start` per build.

    ``extra(page)`` returns what a page's output depends on besides what :mod:`.key` sees.
    """

    def __init__(self, cache_dir: Path, extra: Callable[[Page], str]) -> None:
        self.cache_dir = cache_dir
        self.extra = extra
        self.store = PageStore(cache_dir)
        self.templates = CompiledTemplates()
        self.hits = self.misses = 0
        self._pool: ThreadPoolExecutor | None = None
        self._reset()

    def _reset(self) -> None:
        self.enabled = True
        self.site_key = ""
        self.recorder = Recorder()
        self.hit: dict[str, CacheEntry] = {}
        self.miss: dict[str, CacheEntry] = {}
        self.keys: dict[str, str] = {}
        self.used: list[str] = []
        self.new: dict[str, CacheEntry] = {}
        self.rows: list[Future[Row]] = []
        self._search: tuple[Any, str, Callable[[Page], None]] | None = None
        self.split: Split | None = None
        self.parallel = False  # `mkdocs build`: a second process builds part of the pages
        self.candidates: set[str] = set()  # pages it may take (SOP pages: all alike)

    # --- the build -------------------------------------------------------------------------

    def start(self, *, serving: bool, parallel: bool) -> None:
        """``on_config``: a new build begins (``parallel``: it may run in two processes)."""
        self._reset()
        self.hits = self.misses = 0
        self.store.in_memory = serving
        self.parallel = parallel

    def off(self, why: str) -> None:
        if self.enabled:
            log.info(f"page cache off for this build: {why}")
        self.enabled = False

    def fingerprint(self, nav: Navigation, config: MkDocsConfig, files: Files) -> None:
        """``on_nav``, after every plugin changed the navigation: the site's key."""
        if not self.enabled:
            return
        foreign = sorted({keys.origin(m) for event in PAGE_EVENTS
                          for m in config.plugins.events.get(event, [])
                          if not keys.origin(m).startswith(SAFE_MODULES)})
        if foreign:
            self.off(f"plugin code in {', '.join(foreign)} handles page events")
            return
        try:
            site = keys.site_key(config, files, nav.items)
        except (TypeError, ValueError, OSError) as exc:
            self.off(f"the configuration cannot be fingerprinted ({exc})")
            return
        if site is None:
            self.off("a navigation entry has no explicit title")
            return
        self.site_key = site
        self._watch_search(config)
        if self.enabled and not self.store.open():
            self.off(f"cannot open the cache in {self.cache_dir}")

    def fork(self, files: Files) -> None:
        """``on_nav``, the last thing before MkDocs reads the pages: split the build in two
        processes; a child builds the later part of the SOP pages (see :mod:`.split`)."""
        if not (self.parallel and self.enabled and self.site_key and can_fork()):
            return
        eligible = [f.src_uri for f in files.documentation_pages(
            inclusion=InclusionLevel.is_included) if f.src_uri in self.candidates]
        if len(eligible) < SPLIT_MIN_PAGES:
            return
        self.split = Split(eligible[int(len(eligible) * PARENT_SHARE):], files)
        log.debug(f"page cache: a second process builds {len(self.split.pages)} of "
                  f"{len(eligible)} SOP pages")
        if self.split.fork():  # in the child
            self.store.reopen()
            self._pool = None  # the parent's worker thread does not exist here

    def is_hit(self, page: Page) -> bool:
        return page.file.src_uri in self.hit

    def elsewhere(self, page: Page) -> bool:
        """Is the page built by the other process of a split build?"""
        return self.split is not None and self.split.elsewhere(page.file.src_uri)

    def uncacheable(self, page: Page) -> None:
        """Do not store this page (it shows a passing failure, such as a map not drawn)."""
        self.miss.pop(page.file.src_uri, None)

    # --- per page ----------------------------------------------------------------------------

    def page_markdown(self, page: Page, markdown: str) -> None:
        """``on_page_markdown``, after every other handler: the Markdown is final."""
        if not self.enabled or not self.site_key:
            return
        uri = page.file.src_uri
        if self.split is not None and self.split.elsewhere(uri):
            self.hit[uri] = self.split.stand_in()  # the other process builds this page
            page.render = restorer(page, self.hit[uri])  # type: ignore[method-assign, assignment]
            return
        key = keys.page_key(self.site_key, page, markdown, self.extra(page))
        self.keys[uri] = key
        entry = self.store.load(key)
        if entry is not None:
            self.hit[uri] = entry
            self.used.append(key)
            self.hits += 1
            page.render = restorer(page, entry)  # type: ignore[method-assign, assignment]
            return
        self.misses += 1
        self.miss[uri] = CacheEntry()
        self.recorder.listen()

    def page_content(self, page: Page, html: str) -> None:
        """``on_page_content``, after every other handler: the HTML is final."""
        miss = self.miss.get(page.file.src_uri)
        if miss is None:
            return
        miss.log1 = self.recorder.stop()
        miss.content, miss.toc, miss.title = html, toc_data(page.toc), page._title_from_render
        miss.meta = _plain(page.meta)
        miss.anchors = sorted(page.present_anchor_ids or ())
        miss.links = {f.src_uri: links for f, links in (page.links_to_anchors or {}).items()}
        miss.complete = True

    def env(self, env: Environment, config: MkDocsConfig, files: Files) -> None:
        """``on_env``: hits are written with an empty template (their output is stored)."""
        if self.split is not None and self.split.child:
            # the parent copies the theme's files and writes 404.html and sitemap.xml
            for file in [f for f in files if not f.is_documentation_page()]:
                files.remove(file)
            config.theme.static_templates.clear()
            config.extra_templates.clear()
        if self.store.in_memory and env.bytecode_cache is None:
            env.bytecode_cache = self.templates  # serve: compile the theme once, not per save
        if self.hit:
            stub = DictLoader({CACHED_TEMPLATE: ""})
            env.loader = ChoiceLoader([stub, env.loader] if env.loader else [stub])
            for file in files.documentation_pages():
                if file.page is not None and file.src_uri in self.hit:
                    file.page.meta["template"] = CACHED_TEMPLATE

    def page_context(self, page: Page) -> None:
        """``on_page_context``, first: what the template and later handlers log is the page's."""
        if page.file.src_uri in self.miss:
            self.recorder.listen()

    def post_page(self, page: Page, output: str) -> str:
        """``on_post_page``, last: the stored page is what every other handler made of it."""
        uri = page.file.src_uri
        hit = self.hit.get(uri)
        split = self.split
        if hit is not None and hit.remote and split is not None:
            return split.receive(page)
        if hit is not None and split is not None and split.child:
            if not hit.stand_in:
                split.send(page, hit.output, hit.log1 + hit.log2, self.keys[uri], None)
            return ""  # the parent writes every page
        if hit is not None:
            replay(hit.log2)
            return hit.output
        miss = self.miss.get(uri)
        if miss is None:
            if split is not None and split.child and uri in split.pages:
                split.send(page, output, self.recorder.stop(), "", None)  # not for the cache
                return ""
            return output
        miss.log2 = self.recorder.stop()
        miss.output = output
        key = self.keys.get(uri)
        if split is not None and split.child:
            self.miss.pop(uri)
            row = pack(key, miss) if key is not None and miss.complete else None
            split.send(page, output, miss.log1 + miss.log2, key or "", row)
            return ""
        if key is not None and miss.complete:
            # compressed on the other core while the next pages build (zlib lets go of the GIL)
            if self._pool is None:
                self._pool = ThreadPoolExecutor(1, thread_name_prefix="jd-page-cache")
            entry = self.miss.pop(uri)
            if self.store.in_memory:
                self.new[key] = entry
            self.rows.append(self._pool.submit(pack, key, entry))
        return output

    def post_build(self) -> None:
        """``on_post_build``, before the search plugin writes its index: save."""
        self.recorder.stop()
        split, self.split = self.split, None
        if split is not None and split.child:
            split.finish()  # a child that built all its pages already left: this is a safety
        rows = [future.result() for future in self.rows]
        self.rows = []
        if split is not None:
            rows += split.rows
            self.used += split.used
            self.hits += split.hits
            self.misses += split.misses
            if self._search is not None:
                index, attr, _ = self._search
                entries = getattr(index, attr)
                for at, uri in reversed(split.slots):
                    entries[at:at] = split.search.get(uri, [])
            split.close()
        if self.store.in_memory:
            self.store.keep_in_memory(self.used, self.new)
            tidy_later()
        else:
            self.store.memory = {}
        self.new = {}
        if not self.enabled or not self.site_key:
            return
        error = self.store.save(rows, self.used)
        if error is not None:
            log.info(f"page cache not saved: {error}")
        log.debug(f"page cache: {self.hits} pages reused, {self.misses} rendered")

    def build_error(self, error: Exception) -> None:
        """``on_build_error``: nothing of a failed build is stored; a child stops here,
        before any other plugin cleans up."""
        split, self.split = self.split, None
        if split is not None:
            if split.child:
                split.fail(error)
            split.close(kill=True)
        self.recorder.stop()
        self.miss = {}
        for future in self.rows:
            future.cancel()
        self.rows = []

    # --- search entries ----------------------------------------------------------------------

    def _watch_search(self, config: MkDocsConfig) -> None:
        """Replay a cached page's search entries instead of parsing its HTML again."""
        for name, plugin in config.plugins.items():
            index = getattr(plugin, "search_index", None)
            if not type(plugin).__module__.startswith(SAFE_MODULES[1:]) or index is None:
                continue
            entries_attr = next((a for a in ("entries", "_entries")
                                 if isinstance(getattr(index, a, None), list)), None)
            method = getattr(index, "add_entry_from_context", None)
            if entries_attr is None or method is None:
                self.off(f"the search plugin '{name}' is a version this cache does not know")
                return
            self._search = (index, entries_attr, method)
            index.add_entry_from_context = self._index_page

    def _index_page(self, page: Page) -> None:
        assert self._search is not None
        index, attr, method = self._search
        entries: list[Any] = getattr(index, attr)
        uri = page.file.src_uri
        hit = self.hit.get(uri)
        split = self.split
        before = len(entries)
        if hit is not None and hit.remote and split is not None:
            split.slots.append((before, uri))  # its entries arrive with the page
            return
        if hit is not None:
            entries.extend(hit.search)  # loaded for this page alone: no copy needed
        else:
            method(page)
            miss = self.miss.get(uri)
            if miss is not None:
                miss.search = entries[before:]
        if split is not None and split.child and uri in split.pages:
            split.search[uri] = entries[before:]


def _plain(meta: Mapping[str, Any]) -> dict[str, Any]:
    """Front matter as JSON data (what the cache stores and restores)."""
    data: dict[str, Any] = json.loads(json.dumps(meta, default=keys.stable))
    return data
