"""The MkDocs plugin: every event journeydocs handles, in build order, each a few lines.

This is the only layer that imports MkDocs. Each handler hands its work to the pure core
(:mod:`journeydocs.content`, :mod:`journeydocs.site`, :mod:`journeydocs.maps`,
:mod:`journeydocs.review`) or to a small helper of this package: :mod:`.files` (the
playbook's files), :mod:`.safety` (titles, cleaning, templates, CSP), :mod:`.staging` (no
half-built site), :mod:`.pagecache` (unchanged pages not rendered again) and
:mod:`.devserver` (live reload).

==================  =====================================================  ========
event               what journeydocs does                                  priority
==================  =====================================================  ========
on_startup          remember the command (build or serve)                  0
on_config           settings, Markdown extensions, our scripts and styles,  0
                    staging folder
on_pre_build        git dates of the sources (one ``git log``)             0
on_files            load and check; add generated pages and our assets;    0
                    start the maps
on_nav              escape titles                                          0
on_nav              page cache: the site's key                             -200
on_nav              two processes for a big cold build (after the key)     -300
on_env              theme scripts (for the CSP), known templates           0
on_env              page cache: stored pages skip their template           -200
on_post_template    CSP on 404.html and other theme templates              0
on_page_markdown    SOP pages and the hourglass filled in                  0
on_page_markdown    page cache: the page's key; a hit is restored          -200
on_page_content     clean author HTML, escape front matter                 0
on_page_content     page cache: what rendering made of the page            -200
on_page_context     page cache: record what the page logs from here on     200
on_page_context     git dates; the map into journey pages                  100
on_post_page        the SOP id and the file:// fix in the head; CSP        0
on_post_page        page cache: store the page, or write the stored one    -200
on_post_build       page cache: save                                       100
on_post_build       publish the staged site (after every other plugin)     -100
on_build_error      page cache: store nothing                              1000
on_build_error      discard the staged site                                0
on_serve            watch sources outside docs_dir; live reload under CSP  0
==================  =====================================================  ========
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from journeydocs.content.config import settings_from_options
from journeydocs.content.loader import FileMemo
from journeydocs.content.options import BY_NAME
from journeydocs.content.pipeline import load_and_check
from journeydocs.content.settings import Settings
from journeydocs.maps.figures import MapJobs
from journeydocs.maps.render import SvgRenderer
from journeydocs.mkdocs_plugin import assets, devserver
from journeydocs.mkdocs_plugin.files import add_playbook
from journeydocs.mkdocs_plugin.logs import log, report
from journeydocs.mkdocs_plugin.pagecache import PageCache
from journeydocs.mkdocs_plugin.safety import PageSafety
from journeydocs.mkdocs_plugin.staging import Staging
from journeydocs.problems import Problems
from journeydocs.review.git import last_changed
from journeydocs.safety.findings import MARKDOWN_EXTENSIONS
from journeydocs.site import urls
from journeydocs.site.build import make_site
from journeydocs.site.navigation import navigation
from journeydocs.site.overview import hourglass_html
from journeydocs.site.pages import Site, sop_markdown

HOURGLASS_MARKER = "<!-- journeydocs:hourglass -->"


def _option(name: str) -> Any:
    """A MkDocs config option from :data:`journeydocs.content.options.OPTIONS`."""
    option = BY_NAME[name]
    if option.default is None:
        return c.Optional(c.Type(option.type))
    return c.Type(option.type, default=option.default)


class JourneydocsConfig(base.Config):
    """The plugin's options; names, types and defaults come from ``content.options``."""

    journeys_dir = _option("journeys_dir")
    sops_dir = _option("sops_dir")
    owners_file = _option("owners_file")
    stages = _option("stages")
    cache_dir = _option("cache_dir")
    nav_sop_limit = _option("nav_sop_limit")
    nav_journey_limit = _option("nav_journey_limit")
    nav_owner_limit = _option("nav_owner_limit")
    page_cache = _option("page_cache")
    parallel = _option("parallel")
    today = _option("today")


class JourneydocsPlugin(BasePlugin[JourneydocsConfig]):
    """Loads and checks the playbook, adds its pages, and fills SOP pages in."""

    def __init__(self) -> None:
        # kept across `mkdocs serve` rebuilds (a plugin with on_startup is not re-created)
        self.memo = FileMemo()
        self.dot_memo: dict[str, tuple[str, str]] = {}
        self.renderer: SvgRenderer | None = None
        self.cache: PageCache | None = None
        self.command = "build"
        self.dirty = False
        self.staging = Staging()
        self.safety = PageSafety()
        # per build (reset in on_config)
        self.settings: Settings | None = None
        self.site: Site | None = None
        self.maps: MapJobs | None = None
        self.sop_pages: dict[str, str] = {}  # src_uri -> SOP id
        self.map_pages: dict[str, str] = {}  # journey page src_uri -> journey id
        self.updated: dict[str, dt.datetime] = {}  # docs-relative source -> last commit

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command, self.dirty = command, dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).parent
        problems = Problems()
        self.settings = settings_from_options(
            root, Path(config.docs_dir), dict(self.config), "mkdocs.yml", problems)
        report(problems)
        cache = root / self.config.cache_dir
        if self.renderer is None or self.renderer.cache_dir != cache:
            self.renderer = SvgRenderer(cache)
        if not self.config.page_cache:
            self.cache = None
        elif self.cache is None or self.cache.cache_dir != cache:
            self.cache = PageCache(cache, self._page_inputs)
        if self.cache is not None:
            self.cache.start(serving=self.command == "serve",
                             parallel=self.config.parallel and self.command != "serve"
                             and not self.dirty)
        self.site, self.maps, self.sop_pages, self.map_pages = None, None, {}, {}
        for name, options in MARKDOWN_EXTENSIONS.items():
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
                config.mdx_configs.setdefault(name, options)
        assets.add_to_config(config)
        self.staging.begin(config, serving=self.command == "serve" or self.dirty)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.updated = last_changed(Path(config.docs_dir))

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.settings is not None and self.renderer is not None
        book, problems = load_and_check(self.settings, self.memo)
        site = make_site(book, problems, self.settings, config.use_directory_urls)
        memo = self.dot_memo if self.command == "serve" else None
        self.maps = MapJobs(site, self.renderer, memo)  # drawn while MkDocs renders pages
        site.maps = self.maps.placeholders()
        self.map_pages = {urls.journey_page(j.id): j.id for j in book.journeys.values()}
        report(problems)
        self.site = site
        self.sop_pages = add_playbook(files, config, site, self.settings)
        assets.add_files(files, config)
        if self.cache is not None:  # SOP pages may be built by a second process
            self.cache.candidates = set(self.sop_pages)
        if not config.nav:
            home = "index.md" if files.get_file_from_path("index.md") else None
            config.nav = navigation(site, home, self.config.nav_sop_limit,
                                    journey_limit=self.config.nav_journey_limit,
                                    owner_limit=self.config.nav_owner_limit)
        return files

    def _escape_titles(self, nav: Navigation, *, config: MkDocsConfig,
                       files: Files) -> Navigation:
        self.safety.escape_titles(nav)
        return nav

    @event_priority(-200)  # after every plugin changed the navigation
    def _cache_key(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        if self.cache is not None:
            self.cache.fingerprint(nav, config, files)
        return nav

    @event_priority(-300)  # the last thing before MkDocs reads the pages
    def _fork(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        if self.cache is not None:
            self.cache.fork(files)
        return nav

    on_nav = CombinedEvent(_escape_titles, _cache_key, _fork)

    def _check_templates(self, env: Environment, *, config: MkDocsConfig,
                         files: Files) -> Environment:
        self.safety.check_templates(env, config, files)
        return env

    @event_priority(-200)
    def _cache_templates(self, env: Environment, *, config: MkDocsConfig,
                         files: Files) -> Environment:
        if self.cache is not None:
            self.cache.env(env, config, files)
        return env

    on_env = CombinedEvent(_check_templates, _cache_templates)

    def on_post_template(self, output_content: str, *, template_name: str,
                         config: MkDocsConfig) -> str:
        if not template_name.endswith(".html"):
            return output_content
        return self.safety.with_policy(output_content, template_name)

    def _fill_in(self, markdown: str, *, page: Page, config: MkDocsConfig,
                 files: Files) -> str:
        site = self.site
        if site is None or (self.cache is not None and self.cache.elsewhere(page)):
            return markdown  # (a page the other build process makes)
        sop_id = self.sop_pages.get(page.file.src_uri)
        if sop_id is not None:
            page.meta["journeydocs_sop"] = sop_id
            return sop_markdown(site, site.book.sops[sop_id])
        if HOURGLASS_MARKER in markdown:
            markdown = markdown.replace(HOURGLASS_MARKER,
                                        hourglass_html(site, page.file.src_uri))
        return markdown

    @event_priority(-200)  # after every other handler: the Markdown is final
    def _cache_lookup(self, markdown: str, *, page: Page, config: MkDocsConfig,
                      files: Files) -> str:
        if self.cache is not None:
            self.cache.page_markdown(page, markdown)
        return markdown

    on_page_markdown = CombinedEvent(_fill_in, _cache_lookup)

    def _clean(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.cache is not None and self.cache.is_hit(page):
            return html  # an unchanged page: its HTML and meta were cleaned when cached
        return self.safety.clean(html, page, self.site)

    @event_priority(-200)  # after every other handler: the HTML is final
    def _cache_content(self, html: str, *, page: Page, config: MkDocsConfig,
                       files: Files) -> str:
        if self.cache is not None:
            self.cache.page_content(page, html)
        return html

    on_page_content = CombinedEvent(_clean, _cache_content)

    @event_priority(200)  # first: what the template and later handlers log is the page's
    def _cache_listen(self, context: TemplateContext, *, page: Page, config: MkDocsConfig,
                      nav: Navigation) -> TemplateContext:
        if self.cache is not None:
            self.cache.page_context(page)
        return context

    @event_priority(100)  # before the search plugin reads the page: map labels are searched
    def _dates_and_map(self, context: TemplateContext, *, page: Page, config: MkDocsConfig,
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
                if self.cache is not None:
                    self.cache.uncacheable(page)
        return context

    on_page_context = CombinedEvent(_cache_listen, _dates_and_map)

    def _policy(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        output = assets.page_head(output, page.url, self.sop_pages.get(page.file.src_uri))
        return self.safety.with_policy(output, page.file.src_uri)

    @event_priority(-200)  # last: the stored page is what every other handler made of it
    def _cache_store(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return output if self.cache is None else self.cache.post_page(page, output)

    on_post_page = CombinedEvent(_policy, _cache_store)

    @event_priority(100)  # before the search plugin writes its index
    def _cache_save(self, *, config: MkDocsConfig) -> None:
        if self.cache is not None:
            self.cache.post_build()

    @event_priority(-100)  # after every plugin wrote its files (search index...)
    def _publish(self, *, config: MkDocsConfig) -> None:
        self.staging.end(config)

    on_post_build = CombinedEvent(_cache_save, _publish)

    @event_priority(1000)
    def _cache_drop(self, *, error: Exception) -> None:
        if self.cache is not None:
            self.cache.build_error(error)

    def _discard(self, *, error: Exception) -> None:
        self.staging.abort()

    on_build_error = CombinedEvent(_cache_drop, _discard)

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

    def _page_inputs(self, page: Page) -> str:
        """What a page's output depends on besides its Markdown (for the page cache)."""
        jid = self.map_pages.get(page.file.src_uri)
        map_key = self.maps.keys.get(jid, "") if self.maps is not None and jid else ""
        return f"{self.updated.get(page.file.edit_uri or '')}|{map_key}"
