"""Unchanged pages are not built again: a cache at two levels, keyed by their inputs.

A build spends most of its time converting, templating, indexing and minifying pages; an edit
changes a few, so a rebuild repeats that work for pages bound to be the same.

:class:`PageCache`, driven by the plugin's events (:mod:`journeydocs.mkdocs_plugin.plugin`),
works at two levels (keys in :mod:`.key`, entries in :mod:`.entry`):

1. **Rendered HTML.** After the last ``on_page_markdown`` handler the page's render key is
   computed; on a hit :meth:`Page.render` restores the HTML, toc, title, anchors, links and
   render-time log records instead of converting (files the render reads, such as snippets,
   are checked: :mod:`.reads`). It is stored before any ``on_page_content`` handler, so every
   plugin's handlers run on a hit as on a miss: no plugin switches this level off.
2. **The page as written.** At ``on_env``, when every page is rendered and every content
   handler has run, each page's output key is computed (the navigation as rendered, the
   page's final HTML and front matter, the theme, what understood plugins add:
   :mod:`.understood`). A hit is written from the cache with an empty template, its log
   records and search entries replayed (never the blog's index, archive... pages). Other
   plugins' ``on_page_context``, ``on_post_page`` or ``on_env`` handlers switch it off (logged).

A cold `mkdocs build` of a big playbook also runs in two processes (:mod:`.split`): pages
the other process builds arrive like hits.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from jinja2 import ChoiceLoader, DictLoader, Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_datetime

from journeydocs.i18n import _
from journeydocs.mkdocs_plugin.logs import log
from journeydocs.mkdocs_plugin.pagecache import key as keys
from journeydocs.mkdocs_plugin.pagecache import understood
from journeydocs.mkdocs_plugin.pagecache.entry import CacheEntry, Record, RenderEntry
from journeydocs.mkdocs_plugin.pagecache.reads import Reads
from journeydocs.mkdocs_plugin.pagecache.replay import (
    CompiledTemplates,
    Recorder,
    meta_json,
    plain,
    replay,
    restorer,
    tidy_later,
    toc_data,
)
from journeydocs.mkdocs_plugin.pagecache.search import SearchReplay
from journeydocs.mkdocs_plugin.pagecache.split import PARENT_SHARE, SPLIT_MIN_PAGES, Split, can_fork
from journeydocs.mkdocs_plugin.pagecache.store import Entry, PageStore, Row, pack

CACHED_TEMPLATE = "journeydocs/cached-page.html"


class PageCache:
    """One per plugin instance (kept across `mkdocs serve` rebuilds); :meth:`start` per build.

    ``extra(page)`` returns what a page's output depends on besides what :mod:`.key` sees.
    """

    def __init__(self, cache_dir: Path, extra: Callable[[Page], str]) -> None:
        self.cache_dir = cache_dir
        self.extra = extra
        self.store = PageStore(cache_dir)
        self.templates = CompiledTemplates()
        self._pool: ThreadPoolExecutor | None = None
        self._reset()

    def _reset(self) -> None:
        self.enabled = True  # level 1 (and with it level 2)
        self.output_off = ""  # why level 2 is off for this build ("" when it is on)
        self.site1 = self.site2 = ""
        self.nav: Navigation | None = None
        self.recorder = Recorder()
        self.reads: Reads | None = None
        self.rendered: dict[str, RenderEntry] = {}  # level 1 hits (and stand-ins)
        self.rendering: dict[str, RenderEntry] = {}  # level 1 misses, being recorded
        self.hit: dict[str, CacheEntry] = {}  # level 2 hits, and pages the other process builds
        self.miss: dict[str, CacheEntry] = {}  # level 2 misses, being recorded
        self.keys1: dict[str, str] = {}
        self.keys2: dict[str, str] = {}
        self.parts: dict[str, str] = {}  # a page's own share of its level 2 key
        self.used: list[str] = []
        self.new: dict[str, Entry] = {}
        self.rows: list[Future[Row]] = []
        self.counts = {"hits1": 0, "misses1": 0, "hits2": 0, "misses2": 0}
        self.search = SearchReplay(self)
        self.split: Split | None = None
        self.parallel = False  # `mkdocs build`: a second process builds part of the pages
        self.candidates: set[str] = set()  # pages it may take (SOP pages: all alike)
        self.child_logs: dict[str, list[Record]] = {}  # a child's records, sent per page
        self.child_rows: dict[str, list[Row]] = {}

    # --- the build -------------------------------------------------------------------------

    def start(self, *, serving: bool, parallel: bool) -> None:
        """``on_config``: a new build begins (``parallel``: it may run in two processes)."""
        self._reset()
        self.store.in_memory = serving
        self.parallel = parallel

    def off(self, why: str) -> None:
        if self.enabled:
            log.info(_("page cache off for this build: {why}").format(why=why))
        self.enabled = False

    def no_output_cache(self, why: str) -> None:
        """Level 2 off for this build (level 1 still works)."""
        if self.enabled and not self.output_off:
            log.info(_("page cache: pages go through their templates in this build: "
                       "{why}").format(why=why))
        self.output_off = self.output_off or why

    def fingerprint(self, nav: Navigation, config: MkDocsConfig, files: Files) -> None:
        """``on_nav``, after every plugin changed the navigation: the render key's site part."""
        if not self.enabled:
            return
        try:
            self.site1 = keys.render_site_key(config, files)
        except (TypeError, ValueError, OSError) as exc:
            self.off(_("the configuration cannot be fingerprinted ({error})").format(error=exc))
            return
        self.nav = nav
        self.reads = Reads(config.mdx_configs, config.markdown_extensions)
        foreign = understood.foreign(config, understood.OUTPUT_EVENTS)
        if foreign:
            self.no_output_cache(_("plugin code in {modules} handles page output events "
                                   "(on_page_context, on_post_page or on_env)")
                                 .format(modules=", ".join(foreign)))
        why = self.search.watch(config)
        if why:
            self.no_output_cache(why)
        if not self.store.open():
            self.off(_("cannot open the cache in {folder}").format(folder=self.cache_dir))

    def fork(self, config: MkDocsConfig, files: Files) -> None:
        """``on_nav``, the last thing before MkDocs reads the pages: split a cold build in two
        processes; a child builds the later part of the SOP pages (see :mod:`.split`)."""
        if not (self.parallel and self.enabled and self.site1 and can_fork()):
            return
        why = ("a navigation entry has no explicit title" if self.nav is None
               or not keys.all_titled(self.nav.items) else
               "other plugins handle page events" if understood.foreign(
                   config, understood.PAGE_EVENTS, understood.SPLIT_SAFE) else
               "an earlier build of this site is cached" if self.store.has(
                   "b:" + self.site1) else "")
        eligible = [f.src_uri for f in files.documentation_pages(
            inclusion=InclusionLevel.is_included) if f.src_uri in self.candidates]
        if why or len(eligible) < SPLIT_MIN_PAGES:
            log.debug(f"page cache: one build process ({why or 'few pages'})")
            return
        self.split = Split(eligible[int(len(eligible) * PARENT_SHARE):], files)
        log.debug(f"page cache: a second process builds {len(self.split.pages)} of "
                  f"{len(eligible)} SOP pages")
        if self.split.fork():  # in the child
            self.split.counts = self.counts
            self.store.reopen()
            self._pool = None  # the parent's worker thread does not exist here

    def elsewhere(self, page: Page) -> bool:
        """Is the page built by the other process of a split build?"""
        return self.split is not None and self.split.elsewhere(page.file.src_uri)

    def uncacheable(self, page: Page) -> None:
        """Do not store this page (it shows a passing failure, such as a map not drawn)."""
        self.miss.pop(page.file.src_uri, None)

    # --- level 1: rendering ------------------------------------------------------------------

    def page_markdown(self, page: Page, markdown: str) -> None:
        """``on_page_markdown``, after every other handler: the Markdown is final."""
        if not self.enabled or not self.site1 or self.reads is None:
            return
        uri = page.file.src_uri
        if self.split is not None and self.split.elsewhere(uri):
            self.rendered[uri] = RenderEntry()
            self.hit[uri] = self.split.stand_in()  # the other process builds this page
            page.render = restorer(page, self.rendered[uri])  # type: ignore[method-assign, assignment]
            return
        key = keys.render_key(self.site1, page, markdown)
        self.keys1[uri] = key
        entry = self.store.load(key, RenderEntry)
        if entry is not None and self.reads.unchanged(entry.deps):
            self.rendered[uri] = entry
            self.used.append(key)
            self.counts["hits1"] += 1
            self._child_log(uri, entry.log1)
            page.render = restorer(page, entry)  # type: ignore[method-assign, assignment]
            return
        self.counts["misses1"] += 1
        self.rendering[uri] = RenderEntry()
        self.recorder.listen()
        self.reads.start()

    def page_rendered(self, page: Page, html: str) -> None:
        """``on_page_content``, before every other handler: what the render made."""
        uri = page.file.src_uri
        entry = self.rendering.get(uri)
        if entry is None or self.reads is None:
            return
        entry.log1 = self.recorder.stop()
        self._child_log(uri, entry.log1)
        entry.deps, unsafe = self.reads.stop()
        if unsafe:
            log.info(_("page cache: {page} is never reused: {why}").format(page=uri, why=unsafe))
            del self.rendering[uri]
            return
        entry.content, entry.toc, entry.title = html, toc_data(page.toc), page._title_from_render
        entry.anchors = sorted(page.present_anchor_ids or ())
        entry.links = {f.src_uri: a for f, a in (page.links_to_anchors or {}).items()}

    def cleaned(self, page: Page, html: str) -> str | None:
        """journeydocs' cleaner is about to run on ``html``: what it made of the same HTML
        and front matter last time (and the front matter it left), or None."""
        uri = page.file.src_uri
        if self.elsewhere(page):
            return html  # a stand-in: the other process cleans it
        if uri not in self.rendered and uri not in self.rendering:
            return None
        meta_in = meta_json(page.meta)
        entry = self.rendered.get(uri)
        if entry is not None and entry.cleaned is not None and entry.meta_in == meta_in \
                and html == entry.content:
            page.meta.clear()
            page.meta.update(entry.meta_out)
            replay(entry.log_clean)
            self._child_log(uri, entry.log_clean)
            return entry.cleaned
        miss = self.rendering.get(uri)
        if miss is not None and html == miss.content:
            miss.meta_in = meta_in
            self.recorder.listen()
        return None

    def note_cleaned(self, page: Page, html: str) -> None:
        """journeydocs' cleaner made ``html`` of the page."""
        miss = self.rendering.get(page.file.src_uri)
        if miss is not None and miss.meta_in:
            miss.log_clean = self.recorder.stop()
            self._child_log(page.file.src_uri, miss.log_clean)
            miss.cleaned, miss.meta_out = html, plain(page.meta)

    def page_content(self, page: Page) -> None:
        """``on_page_content``, after every other handler: the rendered entry is complete."""
        uri = page.file.src_uri
        entry = self.rendering.pop(uri, None)
        key = self.keys1.get(uri)
        if entry is not None and key is not None:
            self._queue(uri, key, entry)

    # --- level 2: the page as written --------------------------------------------------------

    def env(self, env: Environment, config: MkDocsConfig, files: Files) -> None:
        """``on_env``: every page is rendered; output keys; hits get an empty template."""
        if self.split is not None and self.split.child:
            # the parent copies the theme's files and writes 404.html and sitemap.xml
            for file in [f for f in files if not f.is_documentation_page()]:
                files.remove(file)
            config.theme.static_templates.clear()
            config.extra_templates.clear()
        if self.store.in_memory and env.bytecode_cache is None:
            env.bytecode_cache = self.templates  # serve: compile the theme once, not per save
        if self.enabled and self.site1 and not self.output_off and self.nav is not None:
            try:
                self._output_keys(config, files)
            except (TypeError, ValueError, OSError, AttributeError) as exc:
                self.hit = {u: e for u, e in self.hit.items() if e.remote or e.stand_in}
                self.miss, self.keys2 = {}, {}
                self.no_output_cache(f"a page's output cannot be fingerprinted ({exc})")
        if self.hit:
            stub = DictLoader({CACHED_TEMPLATE: ""})
            env.loader = ChoiceLoader([stub, env.loader] if env.loader else [stub])
            for file in files.documentation_pages():
                if file.page is not None and file.src_uri in self.hit:
                    file.page.meta["template"] = CACHED_TEMPLATE

    def _output_keys(self, config: MkDocsConfig, files: Files) -> None:
        assert self.nav is not None
        self.site2 = keys.output_site_key(self.site1, config, self.nav.items,
                                          get_build_datetime().isoformat())
        meta_keys, nav_keys, _ = keys.template_reads(config)
        pages, aside = understood.written_pages(files)  # aside: the blog's index... pages
        for page in pages:
            if (uri := page.file.src_uri) in self.hit or uri in aside or page.content is None:
                continue
            part = keys.page_part(page, self.extra(page) + understood.inputs(
                config, page, nav_keys), meta_keys)
            self.parts[uri] = part
            key = self.keys2[uri] = keys.output_key(self.site2, part)
            entry = self.store.load(key, CacheEntry)
            if entry is not None:
                self.hit[uri] = entry
                self.used.append(key)
                self.counts["hits2"] += 1
            else:
                self.miss[uri] = CacheEntry()
                self.counts["misses2"] += 1

    def page_context(self, page: Page) -> None:
        """``on_page_context``, last: what the template and later handlers log is the page's."""
        if page.file.src_uri in self.miss:
            self.recorder.listen()

    def post_page(self, page: Page, output: str) -> str:
        """``on_post_page``, last: the stored page is what every other handler made of it."""
        uri = page.file.src_uri
        hit, split = self.hit.get(uri), self.split
        if hit is not None and hit.remote and split is not None:
            output, part, log2, search = split.receive(page)
            key = keys.output_key(self.site2, part) if part and self.site2 else ""
            if key:
                self._queue(uri, key, CacheEntry(output, log2, search))
            return output
        if hit is not None and hit.stand_in:
            return ""
        if hit is not None:
            replay(hit.log2)
            self._child_log(uri, hit.log2)
            output = hit.output
        miss = self.miss.pop(uri, None)
        if miss is not None:
            miss.log2 = self.recorder.stop()
            self._child_log(uri, miss.log2)
            miss.output, miss.search = output, self.search.entries(uri)
            self._queue(uri, self.keys2[uri], miss)
        if split is not None and split.child and uri in split.pages:
            part = self.parts.get(uri, "") if miss is not None else ""
            split.send(page, output, self.child_logs.pop(uri, []), self.child_rows.pop(uri, []),
                       [k for k in (self.keys1.get(uri), self.keys2.get(uri)) if k],
                       part, miss.log2 if miss is not None else [])
            return ""  # the parent writes every page
        return output

    def _queue(self, uri: str, key: str, entry: Entry) -> None:
        if self.split is not None and self.split.child:
            self.child_rows.setdefault(uri, []).append(pack(key, entry))
            return
        if self._pool is None:  # compressed on the other core (zlib lets go of the GIL)
            self._pool = ThreadPoolExecutor(1, thread_name_prefix="jd-page-cache")
        if self.store.in_memory:
            self.new[key] = entry
        self.rows.append(self._pool.submit(pack, key, entry))

    def _child_log(self, uri: str, records: list[Record]) -> None:
        if self.split is not None and self.split.child and records:
            self.child_logs.setdefault(uri, []).extend(records)

    def post_build(self) -> None:
        """``on_post_build``, before the search plugin writes its index: save."""
        self.recorder.stop()
        split, self.split = self.split, None
        if split is not None and split.child:
            split.finish(self.counts)  # a child that built all its pages already left
        rows = [future.result() for future in self.rows]
        self.rows = []
        if split is not None:
            rows += split.rows
            self.used += split.used
            for name, n in split.counts.items():
                self.counts[name] += n
            self.search.insert_remote(split)
            split.close()
        if self.store.in_memory:
            self.store.keep_in_memory(self.used, self.new)
            tidy_later()
        else:
            self.store.memory = {}
        self.new = {}
        if not self.enabled or not self.site1:
            return
        rows.append(pack("b:" + self.site1, CacheEntry()))  # this site was built
        error = self.store.save(rows, self.used)
        if error is not None:
            log.info(_("page cache not saved: {error}").format(error=error))
        c = self.counts
        log.debug(f"page cache: {c['hits1']} pages reused, {c['misses1']} rendered; "
                  f"{c['hits2']} written from the cache, {c['misses2']} through their "
                  "templates")

    def build_error(self, error: Exception) -> None:
        """``on_build_error``: nothing of a failed build is stored; a child stops here,
        before any other plugin cleans up."""
        split, self.split = self.split, None
        if split is not None:
            if split.child:
                split.fail(error)
            split.close(kill=True)
        self.recorder.stop()
        if self.reads is not None:
            self.reads.stop()
        self.miss, self.rendering = {}, {}
        for future in self.rows:
            future.cancel()
        self.rows = []
