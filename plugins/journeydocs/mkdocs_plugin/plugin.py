"""The MkDocs plugin: every event journeydocs handles, in build order, each a few lines.

This is the only layer that imports MkDocs. Each handler hands its work to the pure core
(:mod:`journeydocs.content`, :mod:`journeydocs.site`, :mod:`journeydocs.maps`,
:mod:`journeydocs.review`) or to a small helper of this package: :mod:`.files` (the
playbook's files), :mod:`.safety` (titles, cleaning, templates, CSP), :mod:`.staging` (no
half-built site), :mod:`.pagecache` (unchanged pages not rendered again) and
:mod:`.devserver` (live reload).

=================  =================  ========  ===============================================
event              handler            priority  what journeydocs does
=================  =================  ========  ===============================================
on_startup         on_startup         0         remember the command (build or serve)
on_config          on_config          0         settings, Markdown extensions, our scripts and
                                                styles, staging folder
on_pre_build       on_pre_build       0         git dates of the sources (one ``git log``)
on_files           on_files           0         load and check; add generated pages and our
                                                assets; start drawing the maps
on_nav             _escape_titles     0         escape titles
on_nav             _cache_key         -200      page cache: the site's key
on_nav             _fork              -300      two processes for a big cold build
on_page_markdown   _note_author_meta  1000      the front matter keys the author wrote
on_page_markdown   _fill_in           0         SOP pages and the hourglass filled in
on_page_markdown   _cache_lookup      -200      page cache: the render key; a hit is restored
                                                instead of rendering
on_page_content    _cache_rendered    5000      page cache: what the render made of the page
on_page_content    _clean             0         on the playbook's own pages: clean author HTML,
                                                escape the author's front matter (the page
                                                cache gives last time's result for the same
                                                HTML and front matter)
on_page_content    _cache_content     -200      page cache: store the rendered page
on_env             _check_templates   0         theme scripts (for the CSP), known templates
on_env             _cache_templates   -200      page cache: output keys; stored pages skip
                                                their template
on_post_template   on_post_template   0         404.html and other theme templates: CSP
on_page_context    _dates_and_map     100       git dates; the map into journey pages
on_page_context    _cache_listen      -300      page cache: record what the page logs
on_post_page       _policy            0         the SOP id and file:// fix in the head; CSP
on_post_page       _cache_store       -200      page cache: store the page, or write it
on_post_build      _cache_save        100       page cache: save
on_post_build      _publish           -100      publish the staged site (after every plugin)
on_build_error     _cache_drop        1000      page cache: store nothing
on_build_error     _discard           0         discard the staged site
on_serve           on_serve           0         watch sources outside docs_dir; live reload
=================  =================  ========  ===============================================

MkDocs runs them in this order: the Markdown and HTML of every page first, then the
template environment and the theme's own templates, then each page's template and output.
``tests/test_plugin_events.py`` checks this table against the handlers.
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
    csp = _option("csp")
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
        self.owned: set[str] = set()  # src_uri of the pages journeydocs makes or fills in
        self.author_keys: dict[str, set[str]] = {}  # src_uri -> front matter keys as read
        self.map_pages: dict[str, str] = {}  # journey page src_uri -> journey id
        self.updated: dict[str, dt.datetime] = {}  # docs-relative source -> last commit

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command, self.dirty = command, dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).parent
        problems = Problems()
        options = {name: value for name, value in self.config.items() if name in BY_NAME}
        self.settings = settings_from_options(  # (MkDocs reports unknown options itself)
            root, Path(config.docs_dir), options, "mkdocs.yml", problems)
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
        self.owned, self.author_keys = set(), {}
        for name, options in MARKDOWN_EXTENSIONS.items():
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
                config.mdx_configs.setdefault(name, options)
        assets.add_to_config(config)
        self.safety.configure(config, self.config.csp)
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
        self.sop_pages, self.owned = add_playbook(files, config, site, self.settings)
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
            self.cache.fork(config, files)
        return nav

    on_nav = CombinedEvent(_escape_titles, _cache_key, _fork)

    @event_priority(1000)  # first: page.meta is what the author wrote, no plugin added yet
    def _note_author_meta(self, markdown: str, *, page: Page, config: MkDocsConfig,
                          files: Files) -> str:
        self.author_keys[page.file.src_uri] = set(page.meta)
        return markdown

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
            self.owned.add(page.file.src_uri)  # the playbook's home page
            markdown = markdown.replace(HOURGLASS_MARKER,
                                        hourglass_html(site, page.file.src_uri))
        return markdown

    @event_priority(-200)  # after every other handler: the Markdown is final
    def _cache_lookup(self, markdown: str, *, page: Page, config: MkDocsConfig,
                      files: Files) -> str:
        if self.cache is not None:
            self.cache.page_markdown(page, markdown)
        return markdown

    on_page_markdown = CombinedEvent(_note_author_meta, _fill_in, _cache_lookup)

    @event_priority(5000)  # first: the HTML as the render made it, before any handler
    def _cache_rendered(self, html: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        if self.cache is not None:
            self.cache.page_rendered(page, html)
        return html

    def _clean(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        uri = page.file.src_uri
        if uri not in self.owned:
            return html  # the site's own page: as Material and its extensions made it
        cached = self.cache.cleaned(page, html) if self.cache is not None else None
        if cached is not None:
            return cached  # the same HTML and front matter as last time: cleaned then
        html = self.safety.clean(html, page, self.site, self.author_keys.get(uri, set()))
        if self.cache is not None:
            self.cache.note_cleaned(page, html)
        return html

    @event_priority(-200)  # after every other handler
    def _cache_content(self, html: str, *, page: Page, config: MkDocsConfig,
                       files: Files) -> str:
        if self.cache is not None:
            self.cache.page_content(page)
        return html

    on_page_content = CombinedEvent(_cache_rendered, _clean, _cache_content)

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
        output = assets.page_head(output_content, template_name, None)
        return self.safety.with_policy(output, template_name)

    @event_priority(-300)  # last: what the template and later handlers log is the page's
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

    on_page_context = CombinedEvent(_dates_and_map, _cache_listen)

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
