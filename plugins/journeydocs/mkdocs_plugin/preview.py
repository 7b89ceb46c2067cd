"""``mkdocs serve``: an edited SOP's page is shown first, then the whole site is rebuilt.

A rebuild of a big playbook takes seconds, however fast each page is: MkDocs runs every
plugin's page events for every page (git dates, minify, tags...). Someone editing an SOP
wants that page. Before each rebuild the server runs (:meth:`FastPreview.builder`), this
looks for SOP files changed since the last build; when only a few changed, and each still
reads without error as the same SOP, it builds just their pages, with the last build's
navigation, theme and plugins, writes them into the served site and tells the browsers to
reload (the live-reload epoch). The full rebuild follows as always; the plugin stages it
(:mod:`.staging`), so the server keeps serving the last site and the new pages until the
new site replaces it whole; then every open page reloads once more, with what the edit
changed on other pages (the SOP's title in the navigation, item counts in the index).

Anything unexpected (another kind of change, an error in the SOP, MkDocs internals that
differ) skips the preview silently: the full rebuild then reports and shows everything, as
before. MkDocs Hugo-style "fast render" in short; it never runs in ``mkdocs build``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from journeydocs.content.loader import read_sop
from journeydocs.i18n import _, current
from journeydocs.mkdocs_plugin.logs import log
from journeydocs.problems import Severity

if TYPE_CHECKING:
    from journeydocs.mkdocs_plugin.plugin import JourneydocsPlugin

MAX_PAGES = 3  # more changed SOPs at once (a checkout, a search-and-replace): no preview


class FastPreview:
    """The last build's state (:meth:`remember`) and the preview run before a rebuild."""

    def __init__(self) -> None:
        self.nav: Navigation | None = None
        self._last: tuple[Environment, MkDocsConfig, Files] | None = None
        self._seen: dict[str, int] = {}  # SOP page src_uri -> its file's mtime (ns)
        self._lock = threading.Lock()

    def remember(self, env: Environment, config: MkDocsConfig, files: Files,
                 sop_pages: dict[str, str]) -> None:
        """``on_env`` of a serve build: what the next preview builds with."""
        seen: dict[str, int] = {}
        for uri in sop_pages:
            file = files.get_file_from_path(uri)
            if file is not None and file.abs_src_path:
                seen[uri] = _mtime(Path(file.abs_src_path))
        with self._lock:
            self._last, self._seen = (env, config, files), seen

    def builder(self, server: LiveReloadServer, plugin: JourneydocsPlugin,
                full: Callable[..., Any]) -> Callable[..., Any]:
        """The server's builder: the preview, then the full rebuild ``full``."""
        def build(*args: Any, **kwargs: Any) -> Any:
            try:
                shown = self.show(server, plugin)
            except Exception as exc:  # noqa: BLE001 (a preview never stops a rebuild)
                log.debug(f"no preview: {type(exc).__name__}: {exc}")
                shown = []
            if shown:
                log.info(_("{pages} shown; rebuilding the site").format(
                    pages=current().join(shown)))
            result = full(*args, **kwargs)
            if shown:  # what the edit changed on other pages: every open page reloads
                with server._epoch_cond:
                    server._wanted_epoch += 1  # (MkDocs shows this epoch when we return)
            return result
        return build

    def changed(self) -> list[str] | None:
        """SOP pages whose file changed since the last build; None: another change too
        (a file gone), or nothing remembered."""
        with self._lock:
            seen = dict(self._seen)
        if self._last is None:
            return None
        found = []
        for uri, before in seen.items():
            file = self._last[2].get_file_from_path(uri)
            path = Path(file.abs_src_path) if file is not None and file.abs_src_path else None
            if path is None or not path.is_file():
                return None
            if _mtime(path) != before:
                found.append(uri)
        return found

    def show(self, server: LiveReloadServer, plugin: JourneydocsPlugin) -> list[str]:
        """Build the changed SOPs' pages into the served site; reload the browsers."""
        changed = self.changed()
        if not changed or len(changed) > MAX_PAGES or self._last is None or self.nav is None:
            return []
        env, config, files = self._last
        pages = [self._reload(plugin, files, uri) for uri in changed]
        if any(page is None for page in pages):
            return []
        root = Path(server.root)
        written: list[tuple[Path, str]] = []
        cache, plugin.cache = plugin.cache, None  # the page cache belongs to full builds
        logging.disable(logging.WARNING)  # the full rebuild says what is wrong, once
        try:
            for page in pages:
                assert page is not None
                written.append((root / page.file.dest_uri,
                                _page_output(page, env, config, files, self.nav)))
        finally:
            logging.disable(logging.NOTSET)
            plugin.cache = cache
        for path, output in written:
            path.write_text(output, encoding="utf-8", errors="xmlcharrefreplace")
        _reload_browsers(server)
        return [page.file.src_uri for page in pages if page is not None]

    @staticmethod
    def _reload(plugin: JourneydocsPlugin, files: Files, uri: str) -> Page | None:
        """The SOP of page ``uri`` read again into the last build's playbook; its page."""
        file = files.get_file_from_path(uri)
        sid = plugin.sop_pages.get(uri)
        if (file is None or file.page is None or sid is None or plugin.site is None
                or plugin.settings is None or not file.abs_src_path):
            return None
        sop, problems = read_sop(plugin.settings, Path(file.abs_src_path))
        if sop is None or sop.id != sid or any(p.severity is Severity.ERROR for p in problems):
            return None
        plugin.site.book.sops[sid] = sop
        return file.page


def _page_output(page: Page, env: Environment, config: MkDocsConfig, files: Files,
                 nav: Navigation) -> str:
    """What MkDocs' build does for one page (``_populate_page`` and ``_build_page``), with
    every plugin's page events, returning the HTML instead of writing it."""
    plugins = config.plugins
    config._current_page = page
    page.active = True
    try:
        page = plugins.on_pre_page(page, config=config, files=files)
        page.read_source(config)
        assert page.markdown is not None
        page.markdown = plugins.on_page_markdown(page.markdown, page=page, config=config,
                                                 files=files)
        page.render(config, files)
        assert page.content is not None
        page.content = plugins.on_page_content(page.content, page=page, config=config,
                                               files=files)
        context = get_context(nav, files.documentation_pages(), config, page)
        template = env.get_template(page.meta.get("template", "main.html"))
        context = plugins.on_page_context(context, page=page, config=config, nav=nav)
        output: str = plugins.on_post_page(template.render(context), page=page, config=config)
        return output
    finally:
        page.active = False
        config._current_page = None


def _reload_browsers(server: LiveReloadServer) -> None:
    """Let the pages waiting on live reload load again (the epoch of the started rebuild;
    the full rebuild ends at the next one)."""
    condition = server._epoch_cond
    with condition:
        server._visible_epoch = server._wanted_epoch
        condition.notify_all()


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return -1
