"""The MkDocs plugin: a thin layer that wires MkDocs events to the pure core."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from journeydocs.content.config import settings_from_options
from journeydocs.content.loader import FileMemo
from journeydocs.content.pipeline import load_and_check
from journeydocs.content.settings import Settings
from journeydocs.maps.figures import MapJobs
from journeydocs.maps.render import SvgRenderer
from journeydocs.mkdocs_plugin import devserver
from journeydocs.mkdocs_plugin.guard import GuardMixin
from journeydocs.mkdocs_plugin.pagecache import PageCache
from journeydocs.problems import Problems, Severity
from journeydocs.review.git import last_changed
from journeydocs.site import urls
from journeydocs.site.build import generated_pages, make_site
from journeydocs.site.navigation import navigation
from journeydocs.site.overview import hourglass_html
from journeydocs.site.pages import Site, sop_markdown

log = get_plugin_logger(__name__)

HOURGLASS_MARKER = "<!-- journeydocs:hourglass -->"
REQUIRED_EXTENSIONS: dict[str, dict[str, Any]] = {
    "attr_list": {}, "tables": {}, "toc": {}, "admonition": {}, "md_in_html": {},
    "pymdownx.tasklist": {"custom_checkbox": True},
}


class JourneydocsConfig(base.Config):
    journeys_dir = c.Type(str, default="journeys")
    sops_dir = c.Type(str, default="sops")
    owners_file = c.Type(str, default="owners.yml")
    stages = c.Type(list, default=[])
    cache_dir = c.Type(str, default=".cache/journeydocs")
    nav_sop_limit = c.Type(int, default=60)
    nav_journey_limit = c.Type(int, default=60)
    nav_owner_limit = c.Type(int, default=60)
    page_cache = c.Type(bool, default=True)
    parallel = c.Type(bool, default=True)
    today = c.Optional(c.Type((str, dt.date)))


class JourneydocsPlugin(GuardMixin, BasePlugin[JourneydocsConfig]):
    """Loads and checks the playbook, adds its pages, and fills SOP pages in."""

    def __init__(self) -> None:
        self.memo = FileMemo()  # kept across `mkdocs serve` rebuilds
        self.renderer: SvgRenderer | None = None
        self.settings: Settings | None = None
        self.site: Site | None = None
        self.sop_pages: dict[str, str] = {}  # src_uri -> SOP id
        self.updated: dict[str, dt.datetime] = {}  # docs-relative source -> last commit
        self.page_cache: PageCache | None = None
        self.maps: MapJobs | None = None
        self.map_pages: dict[str, str] = {}  # journey page src_uri -> journey id
        self.dot_memo: dict[str, tuple[str, str]] = {}  # kept across `mkdocs serve` rebuilds

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).parent
        problems = Problems()
        self.settings = settings_from_options(
            root, Path(config.docs_dir), dict(self.config), "mkdocs.yml", problems)
        _log(problems)
        cache = root / self.config.cache_dir
        if self.renderer is None or self.renderer.cache_dir != cache:
            self.renderer = SvgRenderer(cache)
        if self.config.page_cache:  # unchanged pages are not rendered again (pagecache.py)
            if self.page_cache is None or self.page_cache.cache_dir != cache:
                self.page_cache = PageCache(cache, self._page_inputs)
            self.page_cache.start(config)
            self.page_cache.in_memory = self.command == "serve"
            self.page_cache.parallel = (self.config.parallel and self.command != "serve"
                                        and not self.dirty)
            config.plugins["journeydocs/page-cache"] = self.page_cache
        else:
            self.page_cache = None
        self.site, self.sop_pages = None, {}
        for name, options in REQUIRED_EXTENSIONS.items():
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
                config.mdx_configs.setdefault(name, options)
        self.stage(config)  # build into a staging folder: no half-built site_dir
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.settings is not None and self.renderer is not None
        settings = self.settings
        book, problems = load_and_check(settings, self.memo)
        site = make_site(book, problems, settings, config.use_directory_urls)
        memo = self.dot_memo if self.command == "serve" else None
        self.maps = MapJobs(site, self.renderer, memo)  # drawn while MkDocs renders pages
        site.maps = self.maps.placeholders()
        self.map_pages = {urls.journey_page(j.id): j.id for j in book.journeys.values()}
        _log(problems)
        self.site = site

        owners_uri = Path(settings.owners_file).as_posix()
        journeys_prefix = settings.journeys_dir.rstrip("/") + "/"
        for file in list(files):
            uri = file.src_uri
            if uri == owners_uri or (uri.startswith(journeys_prefix) and
                                     uri.endswith((".yml", ".yaml"))):
                files.remove(file)  # sources, not pages; their pages are generated below
        for page in generated_pages(site, owners_uri):
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None:
                if page.src_uri.endswith("index.md"):
                    continue  # a hand-written index wins
                files.remove(existing)
            generated = File.generated(config, page.src_uri, content=page.markdown)
            generated.edit_uri = page.edit_uri
            files.append(generated)
        self.sop_pages = {}
        for sop in book.sops.values():
            page_uri = urls.sop_page(sop.id)
            self.sop_pages[page_uri] = sop.id
            if sop.src_uri != page_uri:  # keep the stable URL sops/<id>/
                original = files.get_file_from_path(sop.src_uri)
                if original is not None:
                    files.remove(original)
                moved = File.generated(config, page_uri, content=sop.body)
                moved.edit_uri = sop.src_uri
                files.append(moved)
        self.unpublished_pages(files, config, site)
        if self.page_cache is not None:  # SOP pages may be built by a second process
            self.page_cache.candidates = set(self.sop_pages)
        home = "index.md" if files.get_file_from_path("index.md") else None
        if not config.nav:
            config.nav = navigation(site, home, self.config.nav_sop_limit,
                                    journey_limit=self.config.nav_journey_limit,
                                    owner_limit=self.config.nav_owner_limit)
        return files

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.updated = last_changed(Path(config.docs_dir))  # one `git log` per build

    def _page_inputs(self, page: Page) -> str:
        """What a page's output depends on besides its Markdown (for the page cache)."""
        jid = self.map_pages.get(page.file.src_uri)
        map_key = self.maps.keys.get(jid, "") if self.maps is not None and jid else ""
        return f"{self.updated.get(page.file.edit_uri or '')}|{map_key}"

    @event_priority(100)  # before the search plugin reads the page: map labels are searched
    def on_page_context(self, context: TemplateContext, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        """Material shows ``revision_date`` under the page; a journey page gets its YAML's.
        A journey page gets its map (see :class:`~journeydocs.maps.figures.MapJobs`)."""
        when = self.updated.get(page.file.edit_uri or "")
        if when is not None:
            page.meta["journeydocs_updated"] = when.date().isoformat()
            page.meta.setdefault("revision_date", f'<time datetime="{when.isoformat()}">'
                                                  f"{when.date().isoformat()}</time>")
        jid = self.map_pages.get(page.file.src_uri)
        if jid is not None and self.maps is not None and page.content:
            page.content, failure = self.maps.insert(jid, page.content)
            if failure is not None:
                log.warning(failure.text())
                if self.page_cache is not None:
                    self.page_cache.uncacheable(page)
        return context

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        site = self.site
        if site is None or (self.page_cache is not None and self.page_cache.elsewhere(page)):
            return markdown  # (a page the other build process makes)
        sop_id = self.sop_pages.get(page.file.src_uri)
        if sop_id is not None:
            page.meta["journeydocs_sop"] = sop_id
            return sop_markdown(site, site.book.sops[sop_id])
        if HOURGLASS_MARKER in markdown:
            markdown = markdown.replace(HOURGLASS_MARKER,
                                        hourglass_html(site, page.file.src_uri))
        return markdown

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig,
                 builder: Any) -> LiveReloadServer:
        """Saving a journey, an SOP or the owners file rebuilds the site and reloads the
        page: sources outside ``docs_dir`` are watched too, and the live-reload script
        passes the pages' Content-Security-Policy (see :mod:`.devserver`)."""
        if self.settings is not None:
            for path in devserver.sources_outside_docs(self.settings):
                server.watch(str(path))
        devserver.allow_live_reload(server)
        return server


def _log(problems: Problems) -> None:
    """Content problems are warnings (so --strict fails); notices are information."""
    for problem in problems:
        if problem.severity is Severity.ERROR:
            log.warning(problem.text())
        else:
            log.info(problem.text())
