"""The plugin's safety events: clean pages, safe titles, a CSP, and no half-built site.

A mixin of :class:`journeydocs.mkdocs_plugin.plugin.JourneydocsPlugin`, kept apart so the
plugin file stays the map of what journeydocs adds to a site. Each event hands its work to a
pure module: :mod:`~journeydocs.safety.sanitize` (author HTML, front matter),
:mod:`~journeydocs.safety.csp` (the policy) and :mod:`~journeydocs.site.publish` (staging).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jinja2 import Environment, TemplateNotFound
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler

from journeydocs.content.settings import Settings
from journeydocs.content.yamlload import MAX_BYTES
from journeydocs.safety import csp
from journeydocs.safety.sanitize import clean_page, front_matter_risky, secure_meta, title_html
from journeydocs.site import publish, urls
from journeydocs.site.overview import hourglass_html
from journeydocs.site.pages import Site, unpublished_markdown

log = get_plugin_logger("journeydocs.mkdocs_plugin.guard")


class GuardMixin:
    """Events that keep author content from running code or losing a published site."""

    site: Site | None
    settings: Settings | None
    command: str | None = None
    dirty: bool = False
    staging: Path | None = None
    final_site: Path | None = None
    theme: csp.ThemeScripts | None = None
    _config: MkDocsConfig | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command, self.dirty = command, dirty

    # --- staging ----------------------------------------------------------------------------

    def stage(self, config: MkDocsConfig) -> None:
        """Called from ``on_config``: build into a staging folder, not into ``site_dir``."""
        if self.staging is not None:  # a build of this instance died before its end
            publish.discard(self.staging)
        self.staging = self.final_site = None
        self._config = config
        if self.command == "serve" or self.dirty:  # serve builds into a temp dir already
            return
        final = Path(config.site_dir)
        self.final_site, self.staging = final, publish.staging_dir(final)
        config.site_dir = str(self.staging)

    @event_priority(-100)  # after every plugin wrote its files (search index...)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        staging, final = self.staging, self.final_site
        if staging is None or final is None:
            return
        self.staging = None
        config.site_dir = str(final)
        if config.strict and _strict_warnings():
            publish.discard(staging)
            log.info(f"the build failed in strict mode: {final} is left as it was")
            return
        publish.publish(staging, final)

    def on_build_error(self, *, error: Exception) -> None:
        if self.staging is not None:
            publish.discard(self.staging)
            self.staging = None
        if self._config is not None and self.final_site is not None:
            self._config.site_dir = str(self.final_site)

    # --- files that cannot become pages -----------------------------------------------------

    def unpublished_pages(self, files: Files, config: MkDocsConfig, site: Site) -> None:
        """Called from ``on_files``: content files that did not load get a page that says
        why, at the URL they would have had; Markdown pages that are not UTF-8 text (or
        are huge) are replaced too, since MkDocs would stop with a traceback on them."""
        assert self.settings is not None
        settings = self.settings
        book = site.book
        sops_prefix = settings.sops_dir.rstrip("/") + "/"
        loaded = {s.src_uri for s in book.sops.values()}
        for file in list(files.documentation_pages()):
            uri = file.src_uri
            if file.generated_by is not None:
                continue
            source = settings.rel(Path(file.abs_src_path or ""))
            if (uri.startswith(sops_prefix) and uri != sops_prefix + "index.md"
                    and uri not in loaded):
                _replace(files, config, file, unpublished_markdown(site, source, "SOP"))
                continue
            text = _text(Path(file.abs_src_path or ""))
            if text is None:
                log.warning(f"{source}: the page is not UTF-8 text or larger than "
                            f"{MAX_BYTES:,} bytes, so it is not published (save it as UTF-8)")
                _replace(files, config, file, unpublished_markdown(site, source, "page"))
            elif front_matter_risky(text):
                # MkDocs' front matter parser would crash on it; an SOP page is built from
                # what journeydocs read (its problems are reported), any other page is not
                if uri in loaded:
                    sop = next(s for s in book.sops.values() if s.src_uri == uri)
                    _replace(files, config, file, sop.body)
                    continue
                log.warning(f"{source}: the front matter is nested too deeply or expands "
                            "too many aliases, so the page is not published")
                _replace(files, config, file, unpublished_markdown(site, source, "page"))
        journeys = {j.source for j in book.journeys.values()}
        folder = settings.docs_dir / settings.journeys_dir
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if path.suffix not in (".yml", ".yaml") or not path.is_file():
                continue
            source = settings.rel(path)
            uri = urls.journey_page(path.relative_to(folder).with_suffix("").as_posix())
            if source in journeys or files.get_file_from_path(uri) is not None:
                continue
            files.append(File.generated(config, uri, content=unpublished_markdown(
                site, source, "journey")))

    # --- pages ------------------------------------------------------------------------------

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Titles are HTML in MkDocs and Material prints them as they are: escape the ones
        given in ``nav`` (journey and SOP titles are author text)."""
        for item in _walk(nav.items):
            if isinstance(item, (Section, Link)) and item.title:
                item.title = title_html(item.title)
            elif isinstance(item, Page) and isinstance(item.__dict__.get("title"), str):
                item.__dict__["title"] = title_html(item.__dict__["title"])
        return nav

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        """Remove what the policy does not allow; keep our own map and hourglass."""
        cache = getattr(self, "page_cache", None)
        if cache is not None and cache.is_hit(page):
            return html  # an unchanged page: its HTML and meta were cleaned when cached
        cleaned = clean_page(html, self._trusted_blocks(page, html))
        meta = secure_meta(page.meta)
        page.meta.clear()
        page.meta.update(meta)
        if "title" not in page.meta and not page.is_homepage and page.title:
            # Material strips tags from (and so unescapes) a title that is not in meta
            page.meta["title"] = page.title
        return cleaned

    def _trusted_blocks(self, page: Page, html: str) -> list[str]:
        site = self.site
        if site is None:
            return []
        blocks = []
        uri = page.file.src_uri
        if uri.startswith("journeys/") and uri.endswith(".md"):
            block = site.maps.get(uri[len("journeys/"):-3])
            if block:
                blocks.append(block)
        if 'class="jd-hourglass"' in html:
            blocks.append(hourglass_html(site, uri))
        return blocks

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        self.theme = csp.theme_scripts(_template_sources(config.theme.dirs))
        for file in files.documentation_pages():
            page = file.page
            if page is None:
                continue
            for key, name in (("template", "{}"), ("icon", ".icons/{}.svg")):
                value = page.meta.get(key)
                if not isinstance(value, str):
                    continue
                try:
                    env.get_template(name.format(value))
                except TemplateNotFound:
                    log.warning(f"{file.src_uri}: front matter '{key}: {value}' names "
                                "nothing in the theme, so it is ignored")
                    del page.meta[key]
        return env

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return self._with_policy(output, page.file.src_uri)

    def on_post_template(self, output_content: str, *, template_name: str,
                         config: MkDocsConfig) -> str:
        if not template_name.endswith(".html"):
            return output_content
        return self._with_policy(output_content, template_name)

    def _with_policy(self, output: str, where: str) -> str:
        if self.theme is None:
            return output
        page, foreign = csp.add_policy(output, self.theme)
        for _ in foreign[:1]:
            log.warning(f"{where}: {len(foreign)} inline script(s) on this page are not the "
                        "theme's; the page's Content-Security-Policy stops them")
        return page


def _walk(items: list[Any]) -> Iterator[Any]:
    for item in items:
        yield item
        if isinstance(item, Section):
            yield from _walk(item.children)


def _strict_warnings() -> bool:
    """Did MkDocs' strict-mode counter see a warning (MkDocs aborts right after)?"""
    return any(isinstance(h, CountHandler) and h.get_counts()
               for h in logging.getLogger("mkdocs").handlers)


def _replace(files: Files, config: MkDocsConfig, file: File, markdown: str) -> None:
    files.remove(file)
    page = File.generated(config, file.src_uri, content=markdown)
    page.edit_uri = file.edit_uri
    files.append(page)


def _text(path: Path) -> str | None:
    """The page's text, or None when MkDocs could not (or should not) read it."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return None
        return path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None


def _template_sources(dirs: list[str]) -> Iterator[str]:
    """The text of every HTML template of the theme (its icons are skipped)."""
    for top in dirs:
        for folder, subdirs, names in os.walk(top):
            subdirs[:] = [d for d in subdirs if not d.startswith(".")]
            for name in names:
                if name.endswith(".html"):
                    try:
                        yield Path(folder, name).read_text(encoding="utf-8")
                    except (OSError, UnicodeDecodeError):
                        continue
