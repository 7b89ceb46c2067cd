"""The MkDocs plugin: every event journeydocs handles, in build order, each a few lines.

This is the only layer that imports MkDocs. Each handler hands its work to the pure core
(:mod:`journeydocs.content`, :mod:`journeydocs.site`, :mod:`journeydocs.maps`,
:mod:`journeydocs.review`) or to a small helper of this package: :mod:`.files` (the
playbook's files), :mod:`.safety` (titles, cleaning, templates, CSP), :mod:`.staging` (no
half-built site), :mod:`.pagecache` (unchanged pages not rendered again) and
:mod:`.devserver` (live reload).

====================  ====================  ========  ==============================================
event                 handler               priority  what journeydocs does
====================  ====================  ========  ==============================================
on_startup            on_startup            0         remember the command (build or serve)
on_config             on_config             0         settings, language, Markdown, assets, staging
on_pre_build          on_pre_build          0         git dates and commits of the sources
on_files              _add_pages            100       load and check (less excluded files); add
                                                      generated pages and our assets before other
                                                      plugins look; start drawing the maps
on_files              _keep_pages           -200      generated pages another plugin dropped: back
on_nav                _splice_nav           50        no ``nav:``: the playbook's sections join
                                                      MkDocs' automatic navigation
on_nav                _escape_titles        0         escape titles
on_nav                _cache_key            -200      page cache: the site's key
on_nav                _fork                 -300      two processes for a big cold build
on_nav                _note_nav             -400      serve: the navigation a preview uses
on_page_read_source   on_page_read_source   0         an SOP page's Markdown (facts table...), a
                                                      generated page's
on_page_markdown      _note_author_meta     1000      the front matter keys the author wrote; no
                                                      macros in playbook text
on_page_markdown      _fill_in              0         the hourglass filled in
on_page_markdown      _cache_lookup         -200      page cache: the render key; a hit restored
on_page_content       _cache_rendered       5000      page cache: what the render made of the page
on_page_content       _clean                100       on the playbook's own pages: clean author
                                                      HTML, escape the author's front matter
on_page_content       _insert_map           90        the map into journey pages
on_page_content       _cache_content        -200      page cache: store the rendered page
on_env                _check_templates      0         the CSP's sources, theme scripts, templates
on_env                _cache_templates      -200      page cache: output keys; stored pages skip
                                                      their template
on_post_template      on_post_template      0         404.html and other theme templates: CSP
on_page_context       _dates                100       git dates of the playbook's pages
on_page_context       _cache_listen         -300      page cache: record what the page logs
on_post_page          _policy               -150      the SOP id and file:// fix in the head; CSP of
                                                      the page as other plugins left it
on_post_page          _cache_store          -200      page cache: store the page, or write it
on_post_build         _cache_save           100       page cache: save
on_post_build         _publish              -1000     search index; CSP in plugins' pages; publish
on_build_error        on_build_error        0         page cache: store nothing; discard the staging
on_serve              on_serve              0         watch sources outside docs_dir; live reload;
                                                      an edited SOP's page before each rebuild
====================  ====================  ========  ==============================================

MkDocs runs them in this order: the Markdown and HTML of every page first, then the
template environment and the theme's own templates, then each page's template and output.
``tests/test_plugin_events.py`` checks this table against the handlers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from journeydocs.content.loader import FileMemo
from journeydocs.content.pipeline import load_and_check
from journeydocs.content.settings import Settings
from journeydocs.maps.figures import MapJobs
from journeydocs.maps.render import SvgRenderer
from journeydocs.mkdocs_plugin import assets, devserver, language, navsplice
from journeydocs.mkdocs_plugin.files import GeneratedPages, add_playbook, excluded_sources
from journeydocs.mkdocs_plugin.logs import log, report
from journeydocs.mkdocs_plugin.options import JourneydocsConfig, markdown_setup, settings_of
from journeydocs.mkdocs_plugin.pagecache import PageCache
from journeydocs.mkdocs_plugin.pagefind import SiteSearch
from journeydocs.mkdocs_plugin.preview import FastPreview
from journeydocs.mkdocs_plugin.runs import RunFiling
from journeydocs.mkdocs_plugin.safety import PageSafety, check_home
from journeydocs.mkdocs_plugin.staging import Staging
from journeydocs.site import urls
from journeydocs.site.build import make_site
from journeydocs.site.navigation import navigation
from journeydocs.site.overview import HOURGLASS_MARKER, hourglass_html
from journeydocs.site.pages import Site, sop_markdown
from journeydocs.site.runpanel import checklist_page


class JourneydocsPlugin(BasePlugin[JourneydocsConfig]):
    """Loads and checks the playbook, adds its pages, and fills SOP pages in."""

    def __init__(self) -> None:
        # kept across `mkdocs serve` rebuilds (a plugin with on_startup is not re-created)
        self.memo = FileMemo()
        self.dot_memo: dict[str, tuple[str, str]] = {}
        self.renderer: SvgRenderer | None = None
        self.cache: PageCache | None = None
        self.cache_path = Path(".cache/journeydocs")  # cache_dir from mkdocs.yml's folder
        self.command, self.dirty = "build", False
        self.lang_key = "en"  # the active catalog (language.signature)
        self.staging, self.safety, self.search = Staging(), PageSafety(), SiteSearch()
        self.preview = FastPreview()  # serve: an edited SOP's page first
        self.runs = RunFiling()  # git commits of SOPs, "File this run", privacy
        # per build (reset in on_config)
        self.settings: Settings | None = None
        self.site: Site | None = None
        self.maps: MapJobs | None = None
        self.sop_pages: dict[str, str] = {}  # src_uri -> SOP id
        self.owned: set[str] = set()  # src_uri of the pages journeydocs makes or fills in
        self.author_keys: dict[str, set[str]] = {}  # src_uri -> front matter keys as read
        self.map_pages: dict[str, str] = {}  # journey page src_uri -> journey id
        self.updated: dict[str, dt.datetime] = {}  # docs-relative source -> last commit
        self.auto_nav = False  # no `nav:`: the playbook joins MkDocs' automatic navigation
        self.generated: GeneratedPages | None = None  # the generated pages' files

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command, self.dirty = command, dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).parent
        self.lang_key = language.activate(config, self.config.language, self.config.locale_dir)
        self.settings = settings_of(config, self.config)
        cache = self.cache_path = root / self.config.cache_dir
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
        markdown = markdown_setup(config)
        if self.settings is not None:
            self.settings.markdown = markdown
        if markdown.fingerprint() != self.memo.tag:  # SOPs' items follow the extensions
            self.memo = FileMemo(markdown.fingerprint())
        assets.add_to_config(config)
        self.staging.begin(config, serving=self.dirty)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.updated = self.runs.pre_build(config)

    @event_priority(100)  # before other plugins' on_files: redirects... see our pages
    def _add_pages(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.settings is not None and self.renderer is not None
        self.settings = replace(self.settings, excluded=excluded_sources(files, config))
        book, problems = load_and_check(self.settings, self.memo)
        site = make_site(book, problems, self.settings, config.use_directory_urls)
        site = self.site = self.runs.attach(site, config, self.config)
        memo = self.dot_memo if self.command == "serve" else None
        self.maps = MapJobs(site, self.renderer, memo)  # drawn while MkDocs renders pages
        site.maps = self.maps.placeholders()
        self.map_pages = {urls.journey_page(j.id): j.id for j in book.journeys.values()}
        report(problems)
        pages = self.generated = GeneratedPages(self.cache_path / "pages")
        self.sop_pages, self.owned = add_playbook(files, config, site, self.settings, pages)
        assets.add_files(files, config, self.cache_path)
        self.search.plan(self.config.search, config, files, site)  # (Pagefind or Material)
        if self.cache is not None:  # SOP pages may be built by a second process
            self.cache.candidates = set(self.sop_pages)
        self.auto_nav = not config.nav and navsplice.builds_nav(config) is None
        return files

    @event_priority(-200)  # after every plugin changed the files (static-i18n rebuilds them)
    def _keep_pages(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self.generated is not None:
            self.generated.restore(files, config)
        return files

    on_files = CombinedEvent(_add_pages, _keep_pages)

    @event_priority(50)  # before other plugins' on_nav: they see the whole navigation
    def _splice_nav(self, nav: Navigation, *, config: MkDocsConfig,
                    files: Files) -> Navigation:
        """No ``nav:``: the playbook's sections join MkDocs' automatic navigation."""
        if not self.auto_nav or self.site is None:
            return nav
        playbook = navigation(self.site, None, self.config.nav_sop_limit,
                              journey_limit=self.config.nav_journey_limit,
                              owner_limit=self.config.nav_owner_limit)
        return navsplice.splice(nav, playbook, files, self.owned,
                                navsplice.home_page(files, HOURGLASS_MARKER))

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

    @event_priority(-400)  # the navigation as every plugin left it
    def _note_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.preview.nav = nav
        return nav

    on_nav = CombinedEvent(_splice_nav, _escape_titles, _cache_key, _fork, _note_nav)

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        """An SOP page's Markdown is journeydocs' (facts table...) from the start, so every
        plugin's ``on_page_markdown`` acts on it; a generated page's is what was made."""
        site, uri = self.site, page.file.src_uri
        if site is None or (self.cache is not None and self.cache.elsewhere(page)):
            return None  # (the other build process makes this page)
        sop_id = self.sop_pages.get(uri)
        if sop_id is None:  # a generated page: its file may be its YAML source
            return self.generated.markdown.get(uri) if self.generated is not None else None
        sop = site.book.sops[sop_id]
        return sop.front_matter + sop_markdown(site, sop)

    @event_priority(1000)  # first: page.meta is what the author wrote, no plugin added yet
    def _note_author_meta(self, markdown: str, *, page: Page, config: MkDocsConfig,
                          files: Files) -> str:
        uri = page.file.src_uri
        self.author_keys[uri] = set(page.meta)
        if uri in self.sop_pages:
            page.meta["journeydocs_sop"] = self.sop_pages[uri]
        if uri in self.owned and not (uri in self.sop_pages and self.config.sop_macros):
            page.meta["render_macros"] = False  # playbook text is not a Jinja template
        return markdown

    def _fill_in(self, markdown: str, *, page: Page, config: MkDocsConfig,
                 files: Files) -> str:
        site = self.site
        if site is None or (self.cache is not None and self.cache.elsewhere(page)):
            return markdown  # (a page the other build process makes)
        if HOURGLASS_MARKER in markdown:  # the playbook's home page (editors write it)
            self.owned.add(page.file.src_uri)
            check_home(page, markdown, config)
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

    @event_priority(100)  # first: what other plugins add to the HTML is theirs, not cleaned
    def _clean(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        uri = page.file.src_uri
        if uri not in self.owned:
            return html  # the site's own page: as Material and its extensions made it
        cached = self.cache.cleaned(page, html) if self.cache is not None else None
        if cached is not None:
            return cached  # the same HTML and front matter as last time: cleaned then
        html = self.safety.clean(html, page, self.site, self.author_keys.get(uri, set()))
        if uri in self.sop_pages:  # items marked for the browser, the run panel's shell
            html = checklist_page(html)  # (journeydocs.site.runpanel): cached with the rest
        if self.cache is not None:
            self.cache.note_cleaned(page, html)
        return html

    @event_priority(90)  # before other plugins read the HTML (print-site, search...)
    def _insert_map(self, html: str, *, page: Page, config: MkDocsConfig,
                    files: Files) -> str:
        """A journey page gets its map (see :class:`~journeydocs.maps.figures.MapJobs`)."""
        jid = self.map_pages.get(page.file.src_uri)
        if jid is None or self.maps is None:
            return html
        html, failure = self.maps.insert(jid, html)
        if failure is not None:
            log.warning(failure.text())
            if self.cache is not None:
                self.cache.uncacheable(page)
        return html

    @event_priority(-200)  # after every other handler
    def _cache_content(self, html: str, *, page: Page, config: MkDocsConfig,
                       files: Files) -> str:
        if self.cache is not None:
            self.cache.page_content(page)
        return html

    on_page_content = CombinedEvent(_cache_rendered, _clean, _insert_map,
                                    _cache_content)

    def _check_templates(self, env: Environment, *, config: MkDocsConfig,
                         files: Files) -> Environment:
        self.safety.configure(config, self.config.csp)  # (other plugins' on_config ran)
        self.safety.check_templates(env, config, files)
        if self.command == "serve":
            self.preview.remember(env, config, files, self.sop_pages)
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

    @event_priority(100)
    def _dates(self, context: TemplateContext, *, page: Page, config: MkDocsConfig,
               nav: Navigation) -> TemplateContext:
        """``revision_date`` of a playbook page (a journey page: its YAML's); not others'."""
        when = self.updated.get(page.file.edit_uri or "")
        if when is not None and page.file.src_uri in self.owned:
            page.meta["journeydocs_updated"] = when.date().isoformat()
            page.meta.setdefault("revision_date", f'<time datetime="{when.isoformat()}">'
                                                  f"{when.date().isoformat()}</time>")
        return context

    on_page_context = CombinedEvent(_dates, _cache_listen)

    @event_priority(-150)  # after other plugins changed the page (their inline scripts...)
    def _policy(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        output = assets.page_head(output, page.url, self.sop_pages.get(page.file.src_uri))
        return self.safety.with_policy(output, page.file.src_uri, page.file.abs_src_path)

    @event_priority(-200)  # last: the stored page is what every other handler made of it
    def _cache_store(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return output if self.cache is None else self.cache.post_page(page, output)

    on_post_page = CombinedEvent(_policy, _cache_store)

    @event_priority(100)  # before the search plugin writes its index
    def _cache_save(self, *, config: MkDocsConfig) -> None:
        if self.cache is not None:
            self.cache.post_build()

    @event_priority(-1000)  # after every plugin wrote its files (search index, languages)
    def _publish(self, *, config: MkDocsConfig) -> None:
        self.search.write(config, self.cache_path)  # site/pagefind/, when Pagefind is on
        self.safety.cover(Path(config.site_dir))  # pages plugins wrote (print-site's)
        self.staging.end(config)

    on_post_build = CombinedEvent(_cache_save, _publish)

    def on_build_error(self, *, error: Exception) -> None:
        if self.cache is not None:
            self.cache.build_error(error)
        self.staging.abort()

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig,
                 builder: Any) -> LiveReloadServer:
        """Sources outside ``docs_dir`` are watched too; live reload passes the CSP."""
        devserver.serve(server, self.settings)
        server.builder = self.preview.builder(server, self, server.builder)
        return server

    def _page_inputs(self, page: Page) -> str:
        """What a page's output depends on besides its Markdown (for the page cache)."""
        jid = self.map_pages.get(page.file.src_uri)
        map_key = self.maps.keys.get(jid, "") if self.maps is not None and jid else ""
        return f"{self.updated.get(page.file.edit_uri or '')}|{map_key}|{self.lang_key}"
