"""Safety at the page level: escaped titles, cleaned HTML, known templates, and the CSP.

Each method is the body of one plugin event and hands its work to a pure module:
:mod:`journeydocs.safety.policy` (author HTML), :mod:`journeydocs.safety.frontmatter`
(front matter and titles), :mod:`journeydocs.safety.csp` (the policy).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jinja2 import Environment, TemplateError, TemplateNotFound
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import YAML_RE

from journeydocs.i18n import _
from journeydocs.mkdocs_plugin.logs import log, report
from journeydocs.problems import Problems
from journeydocs.safety import csp, rendering
from journeydocs.safety.findings import Source, check_markdown
from journeydocs.safety.frontmatter import secure_meta, title_html
from journeydocs.safety.markup import fill
from journeydocs.safety.policy import clean_page
from journeydocs.site.overview import hourglass_html
from journeydocs.site.pages import Site

PLAYBOOK_MARKUP = re.compile(r'\sdata-jd-|\sclass="(?:[^"]*\s)?jd-')
"""What journeydocs' pages have in their content (checklist items, maps, facts tables)."""


class PageSafety:
    """What keeps author content from running code in a colleague's browser."""

    def __init__(self) -> None:
        self.theme: csp.ThemeScripts | None = None
        self.sources: csp.Sources | None = {}  # None: the site has no policy (csp: false)
        self.reported: set[str] = set()  # hashes of the foreign scripts reported this build
        self.said: set[tuple[str, str]] = set()  # what else the policy blocks, said
        self.root = "."  # the folder of mkdocs.yml: locations are relative to it

    def configure(self, config: MkDocsConfig, option: bool | dict[str, Any]) -> None:
        """``on_config``: the policy's extra sources, from what the site itself loads from
        elsewhere (``extra_javascript``, Material's fonts, analytics, repository stars and
        Mermaid when the site draws diagrams) and from the ``csp`` option; ``csp: false``
        turns the policy off."""
        self.reported, self.said = set(), set()
        self.root = os.path.dirname(config.config_file_path or "") or "."
        if option is False:
            self.sources = None
            return
        extra: dict[str, Any] = dict(config.extra or {})
        analytics = extra.get("analytics") or {}
        sources = csp.site_sources(
            scripts=[str(s) for s in [*config.extra_javascript,
                                      *(extra.get("polyfills") or [])]],
            styles=config.extra_css,
            repo_url=config.repo_url or "", fonts=bool(config.theme.get("font")),
            analytics=str(analytics.get("provider", "")) if isinstance(analytics, dict) else "",
            mermaid=csp.mermaid_script(_theme_bundles(config.theme.dirs))
            if _draws_diagrams(config) else "",
            images=rendering.current().emoji_images())  # (the site's, since on_files)
        if isinstance(option, dict):
            for directive, values in csp.check_sources(option)[0].items():
                sources.setdefault(directive, []).extend(values)
        self.sources = sources

    def escape_titles(self, nav: Navigation) -> None:
        """``on_nav``: titles are HTML in MkDocs and Material prints them as they are, so
        the titles given in ``nav`` (journey and SOP titles are author text) are escaped."""
        for item in _walk(nav.items):
            if isinstance(item, (Section, Link)) and item.title:
                item.title = title_html(item.title)
            elif isinstance(item, Page) and isinstance(item.__dict__.get("title"), str):
                item.__dict__["title"] = title_html(item.__dict__["title"])

    def clean(self, html: str, page: Page, site: Site | None, author_keys: set[str]) -> str:
        """``on_page_content`` on a page journeydocs owns: remove what the policy does not
        allow; keep our own map and hourglass; escape the front matter the author wrote
        (``author_keys``), not values other plugins put into ``page.meta``."""
        cleaned = clean_page(html, _trusted_blocks(page, html, site))
        meta = secure_meta(page.meta, trusted=set(page.meta) - author_keys)
        page.meta.clear()
        page.meta.update(meta)
        if "title" not in page.meta and not page.is_homepage and page.title:
            # Material strips tags from (and so unescapes) a title that is not in meta
            page.meta["title"] = page.title
        return cleaned

    def check_templates(self, env: Environment, config: MkDocsConfig, files: Files) -> None:
        """``on_env``: learn the theme's inline scripts (for the CSP), and drop front matter
        ``template``/``icon`` values that name nothing in the theme."""
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
                    log.warning(fill(_("{file}: front matter '{key}: {value}' names nothing "
                                       "in the theme, so it is ignored"),
                                     file=file.src_uri, key=key, value=value))
                    del page.meta[key]
                except TemplateError:  # it is there, and needs what its plugin adds later
                    continue  # (blog-post.html: the blog's date filter)

    def with_policy(self, output: str, where: str, source: str | None = None) -> str:
        """``on_post_page``/``on_post_template``: the page with its CSP meta tag. What the
        policy blocks is said with ``where`` (the page's source in the docs, or the
        template's name); when the page's ``source`` file (an absolute path) has it, with
        that file, relative to ``mkdocs.yml``, and the line and column where it is written.
        """
        if self.theme is None or self.sources is None:
            return output
        page, foreign = csp.add_policy(output, self.theme, self.sources)
        found = _SourceLines(source, self.root)
        for what, allow, needles in csp.blocked(output, self.sources):
            if (what, allow) not in self.said:
                self.said.add((what, allow))  # once a build, with the first page that has it
                # Translators: {what} says what is blocked (in English: built by the CSP
                # check); {allow} is the mkdocs.yml option that allows it
                log.warning(fill(_("{page}: the page's Content-Security-Policy blocks {what} "
                                   "(allow it: {allow})"),
                                 page=found.at(needles) or where, what=what, allow=allow))
        for body in foreign:
            digest = csp.script_hash(body)
            if digest in self.reported:
                continue  # said once per build, with the first page that has it
            self.reported.add(digest)
            excerpt = " ".join(body.split())
            excerpt = excerpt if len(excerpt) <= 80 else excerpt[:77] + "..."
            allow = 'csp: {script-src: ["' + digest + '"]}'
            lines = [line.strip() for line in body.split("\n") if line.strip()]
            log.warning(fill(_("{page}: the page's Content-Security-Policy blocks an inline "
                               "script that is not the theme's, here and on every other page "
                               "that has it: '{excerpt}'. If the site's configuration adds it "
                               "(another plugin, say) and you trust it, allow it with the "
                               "journeydocs option {allow}"),
                             page=found.at(tuple(lines[:1])) or where, excerpt=excerpt,
                             allow=allow))
        return page

    def cover(self, site_dir: Path) -> list[str]:
        """Every HTML file of the built site that no page event wrote and that carries the
        playbook's content (a plugin's own page written in ``on_post_build``, as
        print-site's page of every page): its policy added, what it would block said as
        for pages. Returns their site-relative paths, sorted. Other such files (redirect
        stubs) are the other plugins'. (Each file's start is read to find the policy a page
        event added.)"""
        covered = []
        for path in sorted(site_dir.rglob("*.html")):
            with path.open("rb") as handle:
                start = handle.read(4096)
            if b'http-equiv="Content-Security-Policy"' in start:
                continue
            rel = path.relative_to(site_dir).as_posix()
            text = path.read_text(encoding="utf-8", errors="surrogateescape")
            if not PLAYBOOK_MARKUP.search(text):
                continue
            page = self.with_policy(text, rel)
            if page != text:
                path.write_text(page, encoding="utf-8", errors="surrogateescape")
                covered.append(rel)
        return covered


class _SourceLines:
    """A page's source file, read when a location in it is first wanted."""

    def __init__(self, path: str | None, root: str) -> None:
        self.path, self.root = path, root
        self.lines: list[str] | None = None

    def at(self, needles: tuple[str, ...]) -> str | None:
        """``file:line:col`` of the first of ``needles`` (ignoring case) the file has, the
        file relative to ``root``; None when it has none of them or cannot be read."""
        if self.path is None:
            return None
        if self.lines is None:
            try:
                self.lines = Path(self.path).read_text(encoding="utf-8-sig").lower().split("\n")
            except (OSError, UnicodeDecodeError):
                self.lines = []
        rel = Path(os.path.relpath(self.path, self.root)).as_posix()
        for needle in (n.lower() for n in needles if n):
            for number, line in enumerate(self.lines, 1):
                col = line.find(needle)
                if col >= 0:
                    return f"{rel}:{number}:{col + 1}"
        return None


def check_home(page: Page, markdown: str, config: MkDocsConfig) -> None:
    """The playbook's home page (the page with the hourglass marker, which editors write)
    is cleaned as an SOP is: what the page will not show of ``markdown`` (the page's text
    after its front matter) is said as an SOP's is, with the file (relative to
    ``mkdocs.yml``) and line, as a warning (``--strict`` fails)."""
    abs_path = page.file.abs_src_path
    if abs_path is None:
        return  # (a page another plugin made: no file of the editor's to point to)
    try:
        text = Path(abs_path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return
    text = text.replace("\r\n", "\n")
    match = YAML_RE.match(text)  # (MkDocs' own front matter pattern)
    first = text[:match.end()].count("\n") + 1 if match else 1
    path = os.path.relpath(abs_path, os.path.dirname(config.config_file_path or "."))
    problems = Problems()
    check_markdown(markdown, Source(Path(path).as_posix(), text.split("\n"), first), problems)
    report(problems)


def _trusted_blocks(page: Page, html: str, site: Site | None) -> list[str]:
    """Our own HTML on the page (the map, the hourglass), held out of the cleaner."""
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


def _draws_diagrams(config: MkDocsConfig) -> bool:
    """True when a SuperFences custom fence makes ``mermaid`` blocks (Material's set-up for
    diagrams): the theme then loads Mermaid on pages that have one."""
    if "pymdownx.superfences" not in config.markdown_extensions:
        return False
    fences = (config.mdx_configs.get("pymdownx.superfences") or {}).get("custom_fences") or []
    return any(isinstance(f, dict) and "mermaid" in str(f.get("class", "")).split()
               for f in fences)


def _theme_bundles(dirs: list[str]) -> Iterator[str]:
    """The text of the theme's JavaScript bundles (``assets/javascripts/*.js``)."""
    for top in dirs:
        folder = Path(top, "assets", "javascripts")
        for path in sorted(folder.glob("*.js")) if folder.is_dir() else []:
            try:
                yield path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue


def _walk(items: list[Any]) -> Iterator[Any]:
    for item in items:
        yield item
        if isinstance(item, Section):
            yield from _walk(item.children)


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
