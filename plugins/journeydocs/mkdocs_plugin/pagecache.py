"""Unchanged pages are not rendered again: their HTML comes from a cache keyed by their inputs.

Most of a build's time is MkDocs turning each page's Markdown into HTML, Material's templates
wrapping it, and the search plugin parsing it. In a playbook of a thousand SOPs an edit
changes one or a few pages, so a rebuild (`mkdocs serve` after a save, or a second `mkdocs
build`) repeats that work for pages whose output is bound to be the same.

A page's output is a function of its final Markdown (after every ``on_page_markdown``
handler: journeydocs generates most pages and fills SOP pages in, so the Markdown already
carries every backlink, title and review status), its front matter, its file and URLs, the
set of files of the site, the navigation, the whole MkDocs configuration, the theme's files
and the installed packages (and for journeydocs, a page's git date). :class:`PageCache` hashes
all of that into one key per page, after the last ``on_page_markdown`` handler ran. On a hit
it restores what rendering produced (table of contents, title, front matter, anchors and
links, for MkDocs' own anchor validation; not the HTML, which nothing reads again), replays
the log records the page produced (so ``--strict`` fails exactly as before), replays its
search-index entries, and writes the stored page instead of rendering the template. On a
miss the page is built as usual and stored.

It is off, and says why in the log, when another plugin handles page events (its handlers
might depend on inputs the key does not see), when a navigation entry has no explicit title,
or when the search plugin is one it does not know. The cache is a SQLite file under the
plugin's ``cache_dir``; entries unused for a few builds are dropped. In `mkdocs serve` this
build's entries (and the theme's compiled templates) also stay in memory for the next one.

A cold `mkdocs build` of a big playbook also runs in two processes (:class:`_Split`), built
on the same hit machinery: pages the other process builds arrive like cache hits.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import importlib.metadata
import json
import logging
import os
import pickle
import re
import signal
import sqlite3
import sys
import threading
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache, ChoiceLoader, DictLoader, Environment
from jinja2.bccache import Bucket
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

log = get_plugin_logger("journeydocs.mkdocs_plugin.pagecache")

FORMAT = "3"
"""Bump when what an entry holds changes."""
CACHED_TEMPLATE = "journeydocs/cached-page.html"
KEEP_BUILDS = 3
"""Entries not used by one of the last builds are dropped (old versions of edited pages)."""
SAFE_MODULES = ("journeydocs", "material.plugins.search", "mkdocs.contrib.search")
"""Plugins whose page handlers the key accounts for (their output follows from its inputs)."""
SPLIT_MIN_PAGES = 200
"""Fewer candidate pages than this are built in one process (a fork costs some time)."""
PARENT_SHARE = 0.4
"""The part of the candidate pages the first process keeps: it also does everything else."""
PAGE_EVENTS = ("pre_page", "page_read_source", "page_markdown", "page_content",
               "page_context", "post_page", "env")
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


class _Capture(logging.Handler):
    """Collects what MkDocs and plugins log while one page is built."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[list[Any]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append([record.name, record.levelno, record.getMessage()])


class PageCache(BasePlugin):  # type: ignore[type-arg]
    """Registered by the journeydocs plugin as ``journeydocs/page-cache`` in ``on_config``."""

    def __init__(self, cache_dir: Path, extra: Callable[[Page], str] | None = None) -> None:
        self.cache_dir = cache_dir
        self.extra = extra or (lambda page: "")
        self.hits = 0
        self.misses = 0
        self._db: sqlite3.Connection | None = None
        self._env_digest: str | None = None
        self._pool: ThreadPoolExecutor | None = None
        self.in_memory = False  # `mkdocs serve`: keep this build's entries for the next one
        self.parallel = False  # `mkdocs build`: a second process builds part of the pages
        self.candidates: set[str] = set()  # pages it may take (SOP pages: all alike)
        self.child_stats: dict[str, float] = {}
        self._memory: dict[str, dict[str, Any]] = {}
        self._templates = _CompiledTemplates()
        self._reset()

    def _reset(self) -> None:
        self.enabled = True
        self.site_key = ""
        self._config: MkDocsConfig | None = None
        self._hit: dict[str, dict[str, Any]] = {}
        self._miss: dict[str, dict[str, Any]] = {}
        self._keys: dict[str, str] = {}
        self._used: list[str] = []
        self._new: dict[str, dict[str, Any]] = {}
        self._capture: _Capture | None = None
        self._search: Any = None
        self._packed: list[Future[tuple[str, bytes, bytes, bytes]]] = []
        self._split: _Split | None = None

    # --- set-up ------------------------------------------------------------------------------

    def start(self, config: MkDocsConfig) -> None:
        """Called from the plugin's ``on_config``: a new build begins."""
        self._reset()
        self.hits = self.misses = 0
        self._config = config

    def is_hit(self, page: Page) -> bool:
        return page.file.src_uri in self._hit

    def elsewhere(self, page: Page) -> bool:
        """Is the page built by the other process of a split build (see :class:`_Split`)?"""
        return self._split is not None and self._split.elsewhere(page.file.src_uri)

    def uncacheable(self, page: Page) -> None:
        """Do not store this page (it shows a passing failure, such as a map not drawn)."""
        self._miss.pop(page.file.src_uri, None)

    def off(self, why: str) -> None:
        if self.enabled:
            log.info(f"page cache off for this build: {why}")
        self.enabled = False

    @event_priority(-200)  # after every plugin changed the navigation
    def _fingerprint(self, nav: Navigation, *, config: MkDocsConfig,
                     files: Files) -> Navigation:
        if not self.enabled:
            return nav
        foreign = sorted({_origin(m) for event in PAGE_EVENTS
                          for m in config.plugins.events.get(event, [])
                          if not _origin(m).startswith(SAFE_MODULES)})
        if foreign:
            self.off(f"plugin code in {', '.join(foreign)} handles page events")
            return nav
        nav_items = _nav_digest(nav.items)
        if nav_items is None:
            self.off("a navigation entry has no explicit title")
            return nav
        try:
            self.site_key = _digest([FORMAT, self._environment(), _config_digest(config),
                                     _theme_digest(config), _files_digest(files), nav_items])
        except (TypeError, ValueError, OSError) as exc:
            self.off(f"the configuration cannot be fingerprinted ({exc})")
            return nav
        self._watch_search(config)
        if self.enabled and self._open() is None:
            self.off(f"cannot open the cache in {self.cache_dir}")
        return nav

    @event_priority(-300)  # the last thing before MkDocs reads the pages
    def _fork(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Split the build in two processes: a child builds the later part of the SOP
        pages while this process builds the rest (see :class:`_Split`)."""
        if not (self.parallel and self.enabled and self.site_key and hasattr(os, "fork")
                and sys.platform.startswith("linux") and (os.cpu_count() or 1) >= 2):
            return nav
        eligible = [f.src_uri for f in files.documentation_pages(
            inclusion=InclusionLevel.is_included) if f.src_uri in self.candidates]
        if len(eligible) < SPLIT_MIN_PAGES:
            return nav
        self._split = _Split(eligible[int(len(eligible) * PARENT_SHARE):], files)
        if self._split.fork():  # in the child
            self._db = None
            self._open()
            self._pool = None  # the parent's worker thread does not exist here
        return nav

    on_nav = CombinedEvent(_fingerprint, _fork)

    def _environment(self) -> str:
        """Python, every installed package, and journeydocs' own files."""
        if self._env_digest is None:
            dists = sorted(f"{d.metadata['Name']}=={d.version}"
                           for d in importlib.metadata.distributions())
            here = Path(__file__).parent
            code = [p.read_bytes() for p in sorted(here.rglob("*"))
                    if p.is_file() and p.suffix in (".py", ".html", ".js", ".css")]
            self._env_digest = _digest([sys.version, *dists, *code])
        return self._env_digest

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
        index, attr, method = self._search
        entries: list[Any] = getattr(index, attr)
        uri = page.file.src_uri
        hit = self._hit.get(uri)
        split = self._split
        before = len(entries)
        if hit is not None and hit.get("remote") and split is not None:
            split.slots.append((before, uri))  # its entries arrive with the page
            return
        if hit is not None:
            entries.extend(hit["search"])  # loaded for this page alone: no copy needed
        else:
            index_with_material(method, page)
            miss = self._miss.get(uri)
            if miss is not None:
                miss["search"] = entries[before:]
        if split is not None and split.child and uri in split.pages:
            split.search[uri] = entries[before:]

    # --- per page ----------------------------------------------------------------------------

    @event_priority(-200)  # after every other handler: the Markdown is final
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        if not self.enabled or not self.site_key:
            return markdown
        uri = page.file.src_uri
        if self._split is not None and self._split.elsewhere(uri):
            self._hit[uri] = self._split.stand_in()  # the other process builds this page
            page.render = _restorer(page, self._hit[uri])  # type: ignore[method-assign]
            return markdown
        key = _digest([self.site_key, uri, page.file.dest_uri, page.file.url,
                       page.file.edit_uri or "", page.edit_url or "", markdown,
                       json.dumps(page.meta, sort_keys=True, default=_stable),
                       self.extra(page)])
        self._keys[uri] = key
        entry = self._load(key)
        if entry is not None:
            self._hit[uri] = entry
            self._used.append(key)
            self.hits += 1
            page.render = _restorer(page, entry)  # type: ignore[method-assign]
            return markdown
        self.misses += 1
        self._miss[uri] = {}
        self._listen()
        return markdown

    @event_priority(-200)  # after every other handler: the HTML is final
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        miss = self._miss.get(page.file.src_uri)
        if miss is None:
            return html
        miss["log1"] = self._unlisten()
        miss.update(content=html, toc=_toc_data(page.toc), title=page._title_from_render,
                    meta=json.loads(json.dumps(page.meta, default=_stable)),
                    anchors=sorted(page.present_anchor_ids or ()),
                    links={f.src_uri: links for f, links in (page.links_to_anchors or {}).items()})
        return html

    @event_priority(-200)
    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        if self._split is not None and self._split.child:
            # the parent copies the theme's files and writes 404.html and sitemap.xml
            for file in [f for f in files if not f.is_documentation_page()]:
                files.remove(file)
            config.theme.static_templates.clear()
            config.extra_templates.clear()
        if self.in_memory and env.bytecode_cache is None:
            env.bytecode_cache = self._templates  # serve: compile the theme once, not per save
        if self._hit:
            env.loader = ChoiceLoader([DictLoader({CACHED_TEMPLATE: ""}), env.loader]
                                      if env.loader else [DictLoader({CACHED_TEMPLATE: ""})])
            for file in files.documentation_pages():
                if file.page is not None and file.src_uri in self._hit:
                    file.page.meta["template"] = CACHED_TEMPLATE
        return env

    @event_priority(200)  # first: what the template and post-page handlers log is the page's
    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> Any:
        if page.file.src_uri in self._miss:
            self._listen()
        return context

    @event_priority(-200)  # last: the stored page is what every other handler made of it
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        uri = page.file.src_uri
        hit = self._hit.get(uri)
        split = self._split
        if hit is not None and hit.get("remote") and split is not None:
            return split.receive(page, self)
        if hit is not None and split is not None and split.child:
            if not hit.get("stand_in"):
                split.send(page, str(hit["output"]), hit["log1"] + hit["log2"],
                           self._keys[uri], None)
            return ""  # the parent writes every page
        if hit is not None:
            _replay(hit["log2"])
            return str(hit["output"])
        miss = self._miss.get(uri)
        if miss is None:
            if split is not None and split.child and uri in split.pages:
                split.send(page, output, self._unlisten(), "", None)  # not for the cache
                return ""
            return output
        miss["log2"] = self._unlisten()
        miss["output"] = output
        miss.setdefault("search", [])
        key = self._keys.get(uri)
        if split is not None and split.child:
            self._miss.pop(uri)
            row = pack(key, miss) if key is not None and "content" in miss else None
            split.send(page, output, miss.get("log1", []) + miss["log2"], key or "", row)
            return ""
        if key is not None and "content" in miss:
            # compressed on the other core while the next pages build (zlib lets go of the GIL)
            if self._pool is None:
                self._pool = ThreadPoolExecutor(1, thread_name_prefix="jd-page-cache")
            entry = self._miss.pop(uri)
            if self.in_memory:
                self._new[key] = entry
            self._packed.append(self._pool.submit(pack, key, entry))
        return output

    @event_priority(100)  # before the search plugin writes its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._unlisten()
        split, self._split = self._split, None
        if split is not None and split.child:
            split.finish()  # a child that built all its pages already left: this is a safety
        packed, self._packed = self._packed, []
        rows = [future.result() for future in packed]
        if split is not None:
            rows += split.rows
            self._used += split.used
            self.hits += split.hits
            self.misses += split.misses
            self.child_stats = split.stats
            if self._search is not None:
                index, attr, _ = self._search
                entries = getattr(index, attr)
                for at, uri in reversed(split.slots):
                    entries[at:at] = split.search.get(uri, [])
            split.close()
        if self.in_memory:  # the next build's entries are this build's pages
            kept = {key: self._memory[key] for key in self._used if key in self._memory}
            self._memory = {**kept, **self._new}
            _tidy_later()
        else:
            self._memory = {}
        self._new = {}
        db = self._db
        if db is None or not self.enabled or not self.site_key:
            return
        try:
            with db:
                build = (db.execute("SELECT MAX(used) FROM pages").fetchone()[0] or 0) + 1
                db.executemany("INSERT OR REPLACE INTO pages (key, meta, content, output, used)"
                               " VALUES (?, ?, ?, ?, ?)", [(*row, build) for row in rows])
                db.executemany("UPDATE pages SET used = ? WHERE key = ?",
                               [(build, k) for k in self._used])
                db.execute("DELETE FROM pages WHERE used <= ?", (build - KEEP_BUILDS,))
        except sqlite3.Error as exc:
            log.info(f"page cache not saved: {exc}")
        log.debug(f"page cache: {self.hits} pages reused, {self.misses} rendered")

    @event_priority(1000)  # first: a child stops here, before any other plugin cleans up
    def on_build_error(self, *, error: Exception) -> None:
        split, self._split = self._split, None
        if split is not None:
            if split.child:
                split.fail(error)
            split.close(kill=True)
        self._unlisten()
        self._miss = {}
        for future in self._packed:
            future.cancel()
        self._packed = []

    # --- storage and logs --------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection | None:
        if self._db is not None:
            return self._db
        path = self.cache_dir / "pages.sqlite3"
        for attempt in range(2):
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(path, timeout=10, check_same_thread=False)
                db.execute("PRAGMA synchronous = OFF")
                if db.execute("PRAGMA user_version").fetchone()[0] != int(FORMAT):
                    with db:  # a cache from other code: start again
                        db.execute("DROP TABLE IF EXISTS pages")
                        db.execute(f"PRAGMA user_version = {int(FORMAT)}")
                db.execute("CREATE TABLE IF NOT EXISTS pages (key TEXT PRIMARY KEY, "
                           "meta BLOB, content BLOB, output BLOB, used INTEGER NOT NULL)")
                self._db = db
                return db
            except (sqlite3.Error, OSError):
                if attempt == 0 and path.exists():  # a damaged cache only costs speed
                    path.unlink(missing_ok=True)
        return None

    def _load(self, key: str) -> dict[str, Any] | None:
        entry = self._memory.get(key) if self.in_memory else None
        if entry is not None:
            return entry
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT meta, content, output FROM pages WHERE key = ?",
                                   (key,)).fetchone()
            if row is None:
                return None
            entry = json.loads(zlib.decompress(row[0]))
            entry["content"] = ""  # not kept: nothing reads a cached page's HTML again
            entry["output"] = zlib.decompress(row[2]).decode("utf-8")
        except (sqlite3.Error, zlib.error, ValueError, TypeError):
            return None
        if not isinstance(entry, dict):
            return None
        if self.in_memory:
            self._memory[key] = entry
        return entry

    def _listen(self) -> None:
        self._unlisten()
        self._capture = _Capture()
        logging.getLogger("mkdocs").addHandler(self._capture)

    def _unlisten(self) -> list[list[Any]]:
        capture, self._capture = self._capture, None
        if capture is None:
            return []
        logging.getLogger("mkdocs").removeHandler(capture)
        return capture.records


def pack(key: str, entry: dict[str, Any]) -> tuple[str, bytes, bytes, bytes]:
    """One row of the cache: the small parts as JSON, the two big strings on their own."""
    small = {k: v for k, v in entry.items() if k not in ("content", "output")}
    return (key, zlib.compress(json.dumps(small).encode("utf-8"), 1), b"",
            zlib.compress(entry["output"].encode("utf-8"), 1))


class _CompiledTemplates(BytecodeCache):
    """Jinja's compiled theme templates, in memory for the life of `mkdocs serve` (MkDocs
    makes a new template environment per rebuild). Jinja checks each template's source
    checksum before it uses its code, so an edited template is compiled again."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self.code.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


child_stats: Callable[[], dict[str, float]] = dict
"""What a build child reports about itself when it is done (bench/profile_build.py times
journeydocs' code in both processes through it)."""


class _Split:
    """A `mkdocs build` in two processes.

    Converting Markdown, rendering Material's templates and indexing pages for search are
    single-threaded Python: on a playbook of a thousand SOPs they are most of a cold build,
    and one core sits idle. After the navigation is known (``on_nav``), the build forks.
    The child is the same build from that point on, with every page this process builds
    turned into a stand-in (nothing rendered, nothing written); it builds the later part
    of the SOP pages (each alike and independent: their Markdown is already final) and
    sends each finished page back through a pipe: its HTML, search entries, anchors and
    links (for MkDocs' anchor validation here), the log records it produced (replayed
    here, so ``--strict`` counts them) and its new page-cache row. This process treats
    those pages like page-cache hits whose content arrives late, writes every file, and
    puts the search entries back in page order, so the site is the same byte for byte.
    The child writes nothing, and leaves with ``os._exit`` before any ``on_post_build``
    or ``on_build_error`` of another plugin could run in it. If it dies, the build fails.
    """

    def __init__(self, pages: list[str], files: Files) -> None:
        self.pages = set(pages)
        self.files = files
        self.child = False
        self.pid = 0
        self.left = len(pages)
        self.slots: list[tuple[int, str]] = []
        self.search: dict[str, list[Any]] = {}
        self.rows: list[tuple[str, bytes, bytes, bytes]] = []
        self.used: list[str] = []
        self.hits = self.misses = 0
        self.stats: dict[str, float] = {}
        self._results: dict[str, dict[str, Any]] = {}
        self._ended = ""
        self._cond = threading.Condition()
        self._out: Any = None
        self._reader: threading.Thread | None = None

    def elsewhere(self, uri: str) -> bool:
        return (uri not in self.pages) if self.child else (uri in self.pages)

    def stand_in(self) -> dict[str, Any]:
        """A hit entry for a page the other process builds."""
        return {"content": "", "toc": [], "title": None, "meta": {}, "anchors": [],
                "links": {}, "log1": [], "log2": [], "search": [], "output": "",
                "remote": not self.child, "stand_in": self.child}

    def fork(self) -> bool:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            self.child = True
            self._out = os.fdopen(write, "wb")
            for name in ("", "mkdocs"):  # the parent logs the child's pages' records
                logger = logging.getLogger(name)
                for handler in list(logger.handlers):
                    logger.removeHandler(handler)
                logger.addHandler(logging.NullHandler())
            return True
        os.close(write)
        self.pid = pid
        self._reader = threading.Thread(target=self._read, args=(os.fdopen(read, "rb"),),
                                        name="jd-build-child", daemon=True)
        self._reader.start()
        return False

    # --- in the child

    def send(self, page: Page, output: str, logs: list[list[Any]], key: str,
             row: tuple[str, bytes, bytes, bytes] | None) -> None:
        uri = page.file.src_uri
        message = {"uri": uri, "output": output, "search": self.search.pop(uri, []),
                   "anchors": sorted(page.present_anchor_ids or ()),
                   "links": {f.src_uri: a for f, a in (page.links_to_anchors or {}).items()},
                   "title": page.title, "logs": logs,
                   "row": row, "used": key if row is None and key else ""}
        if row is not None:
            self.misses += 1
        elif key:
            self.hits += 1
        pickle.dump(message, self._out, pickle.HIGHEST_PROTOCOL)
        self.left -= 1
        if self.left <= 0:
            self.finish()

    def finish(self) -> None:
        pickle.dump({"done": True, "hits": self.hits, "misses": self.misses,
                     "stats": child_stats()}, self._out, pickle.HIGHEST_PROTOCOL)
        self._out.flush()
        os._exit(0)

    def fail(self, error: BaseException) -> None:
        try:
            pickle.dump({"error": f"{type(error).__name__}: {error}"}, self._out)
            self._out.flush()
        finally:
            os._exit(1)

    # --- in the parent

    def _read(self, stream: Any) -> None:
        ended = "it stopped without a word"
        try:
            while True:
                message = pickle.load(stream)
                if "done" in message:
                    self.hits, self.misses = message["hits"], message["misses"]
                    self.stats = message["stats"]
                    ended = "done"
                    break
                if "error" in message:
                    ended = message["error"]
                    break
                with self._cond:
                    self._results[message["uri"]] = message
                    self._cond.notify_all()
        except (EOFError, OSError, pickle.UnpicklingError) as exc:
            ended = f"it stopped ({type(exc).__name__})"
        finally:
            stream.close()
            with self._cond:
                self._ended = ended
                self._cond.notify_all()

    def receive(self, page: Page, cache: PageCache) -> str:
        uri = page.file.src_uri
        with self._cond:
            self._cond.wait_for(lambda: uri in self._results or bool(self._ended))
            message = self._results.pop(uri, None)
        if message is None:
            raise PluginError(f"journeydocs: the second build process did not build {uri}: "
                              f"{self._ended}. Set 'parallel: false' to build in one.")
        page.present_anchor_ids = set(message["anchors"])
        page.links_to_anchors = {f: a for src, a in message["links"].items()
                                 if (f := self.files.get_file_from_path(src)) is not None}
        page._title_from_render = message["title"]
        _replay(message["logs"])
        self.search[uri] = message["search"]
        if message["row"] is not None:
            self.rows.append(message["row"])
        if message["used"]:
            self.used.append(message["used"])
        return str(message["output"])

    def close(self, kill: bool = False) -> None:
        if self.child or not self.pid:
            return
        if kill:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        if self._reader is not None:
            self._reader.join(timeout=5)
        self.pid = 0


def _tidy_later(delay: float = 1.0) -> None:
    """`mkdocs serve`: collect the last build's garbage while the server waits for the next
    save, then freeze what is left, so the next rebuild's garbage collections look at that
    rebuild's objects only. A full collection over a big playbook's objects takes a few
    tenths of a second, which the next rebuild no longer spends; ``delay`` leaves the
    browser time to reload the page first."""
    def tidy() -> None:
        gc.unfreeze()
        gc.collect()
        gc.freeze()
    timer = threading.Timer(delay, tidy)
    timer.daemon = True
    timer.start()


def index_with_material(method: Callable[[Page], None], page: Page) -> None:
    """The search plugin's own indexing of a page (a separate function so it can be timed)."""
    method(page)


def _restorer(page: Page, entry: dict[str, Any]) -> Callable[..., None]:
    def render(config: MkDocsConfig, files: Files) -> None:
        restore(page, entry, files)
    return render


def restore(page: Page, entry: dict[str, Any], files: Files) -> None:
    """What :meth:`Page.render` and the content handlers made of the page last time."""
    page.content = entry["content"]
    anchors = [_anchor(item) for item in entry["toc"]]
    if anchors:
        anchors[0].active = True  # type: ignore[attr-defined]  # as get_toc() does
    page.toc = TableOfContents(anchors)
    page._title_from_render = entry["title"]
    page.meta.clear()
    page.meta.update(entry["meta"])
    page.present_anchor_ids = set(entry["anchors"])
    links = {}
    for src_uri, targets in entry["links"].items():
        target = files.get_file_from_path(src_uri)
        if target is not None:
            links[target] = targets
    page.links_to_anchors = links
    _replay(entry["log1"])


def _replay(records: list[list[Any]]) -> None:
    for name, level, message in records:
        logging.getLogger(name).log(level, "%s", message)


def _toc_data(toc: Any) -> list[Any]:
    return [[item.title, item.id, item.level, _toc_data(item.children)] for item in toc]


def _anchor(data: list[Any]) -> AnchorLink:
    anchor = AnchorLink(data[0], data[1], data[2])
    anchor.children = [_anchor(child) for child in data[3]]
    return anchor


# --- fingerprints ---------------------------------------------------------------------------

def _digest(parts: list[Any]) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def _stable(value: Any) -> Any:
    """JSON for what is not JSON: sets sorted, functions by name, no memory addresses."""
    if isinstance(value, (set, frozenset)):
        return sorted(str(v) for v in value)
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    return _ADDRESS.sub("", repr(value))


VOLATILE_CONFIG = {"site_dir", "dev_addr", "watch", "strict", "config_file_path"}
"""Settings that do not change what a page looks like (serve's temporary site_dir...)."""


def _config_digest(config: MkDocsConfig) -> str:
    items: dict[str, Any] = {}
    for key, value in config.items():
        if key in VOLATILE_CONFIG:
            continue
        if key == "plugins":
            value = {name: dict(plugin.config) for name, plugin in value.items()
                     if not isinstance(plugin, PageCache)}
        elif key == "theme":
            value = {"name": value.name, "dirs": value.dirs, "vars": dict(value.items())}
        items[key] = value
    return _digest([json.dumps(items, sort_keys=True, default=_stable)])


def _theme_digest(config: MkDocsConfig) -> str:
    """Names, sizes and times of the theme's files outside installed packages."""
    parts: list[str] = []
    for top in config.theme.dirs:
        if {"site-packages", "dist-packages"} & set(Path(top).parts):
            continue  # covered by the package versions
        for folder, subdirs, names in os.walk(top):
            subdirs.sort()
            for name in sorted(names):
                st = os.stat(os.path.join(folder, name))
                parts.append(f"{folder}/{name}:{st.st_size}:{st.st_mtime_ns}")
    return _digest(parts)


def _files_digest(files: Files) -> str:
    return _digest([f"{f.src_uri}|{f.dest_uri}|{f.url}|{f.inclusion.name}|{f.edit_uri}"
                    for f in sorted(files, key=lambda f: f.src_uri)])


def _nav_digest(items: list[Any]) -> str | None:
    parts: list[str] = []
    for kind, title, where in _nav_walk(items):
        if title is None:
            return None
        parts.append(f"{kind}|{title}|{where}")
    return _digest(parts)


def _nav_walk(items: list[Any], depth: int = 0) -> Iterator[tuple[str, str | None, str]]:
    for item in items:
        if isinstance(item, Section):
            yield f"section{depth}", item.title, ""
            yield from _nav_walk(item.children, depth + 1)
            yield f"end{depth}", "", ""
        elif isinstance(item, Link):
            yield "link", item.title, item.url
        elif isinstance(item, Page):
            yield "page", item.__dict__.get("title"), item.file.src_uri


def _origin(method: Any) -> str:
    fn = getattr(method, "__func__", method)
    return str(getattr(fn, "__module__", "") or "")
