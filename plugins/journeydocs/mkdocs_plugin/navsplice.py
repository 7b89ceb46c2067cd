"""The playbook's sections in a site's automatic navigation, next to the site's own pages.

A site without ``nav:`` gets MkDocs' automatic navigation: every page, in folders titled
after the folder names. For the playbook that would mean a section "Sops" listing every SOP
(a navigation that grows with the playbook makes every page bigger). :func:`splice` keeps
the site's own pages where MkDocs put them and puts the playbook's sections
(:func:`journeydocs.site.navigation.navigation`) where its folders were.

It is not used when the site has a ``nav:`` (the site decides; the README shows the recipe)
or a plugin that builds the navigation from the files (:data:`NAV_PLUGINS`: there the
playbook's pages appear where their files are, as that plugin says).
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure import StructureItem
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import YAML_RE

from journeydocs.i18n import _
from journeydocs.site.navigation import HOME

NAV_PLUGINS = ("mkdocs_awesome_pages_plugin", "mkdocs_awesome_nav")
"""Modules of plugins that make the navigation from the files and their own nav files."""


def builds_nav(config: MkDocsConfig) -> str | None:
    """The name of an enabled plugin that builds the navigation itself, if any."""
    for name, plugin in config.plugins.items():
        if type(plugin).__module__.startswith(NAV_PLUGINS):
            return str(name)
    return None


def home_page(files: Files, marker: str) -> str | None:
    """``index.md`` when it is the playbook's home page (it holds ``marker``), else None."""
    index = files.get_file_from_path("index.md")
    try:
        return "index.md" if index is not None and marker in index.content_string else None
    except (OSError, UnicodeDecodeError):
        return None


def splice(nav: Navigation, playbook: list[Any], files: Files, owned: set[str],
           home: str | None) -> Navigation:
    """``nav`` (MkDocs' automatic navigation) with the playbook's pages taken out and
    ``playbook`` (MkDocs ``nav`` data: ``[{title: src_uri or [...]}, ...]``) put in where the
    first of them was. ``owned`` are the src_uri of the playbook's pages; ``home`` is the
    playbook's home page (it stays first; titled as MkDocs titles it, by its front matter or its
    opening heading, and only without either "Home" in the site's language).
    Returns a new ``Navigation`` with parents and previous/next links set."""
    kept: list[StructureItem] = []
    at: int | None = None
    for item in nav.items:
        rest = _without(item, owned)
        if rest is None:
            at = len(kept) if at is None else at
        else:
            kept.append(rest)
    made = [_item(entry, files) for entry in playbook]
    items = kept[:at] + [i for i in made if i is not None] + kept[at:] if at is not None \
        else kept + [i for i in made if i is not None]
    if home:
        page = _page(home, files)
        if page is not None and "title" not in page.__dict__ and page.meta.get("title") is None:
            # the title MkDocs would give it after rendering, known now (a build split in two
            # processes needs every title before); without a heading, not the English "Home"
            page.title = _opening_h1(page) or _(HOME)
    pages = _pages(items)
    for before, page, after in zip([None, *pages[:-1]], pages, [*pages[1:], None], strict=True):
        page.previous_page, page.next_page = before, after
    _parents(items, None)
    return Navigation(items, pages)


def _opening_h1(page: Page) -> str | None:
    """The text of the level-1 heading the page's Markdown opens with (``# Title`` or
    ``Title`` over ``===``), which MkDocs makes the page's title when it renders it; None
    when it opens otherwise. (Its inline Markdown and a ``{ #id }`` attribute list go.)"""
    try:
        body = YAML_RE.sub("", page.file.content_string.replace("\r\n", "\n"), count=1)
    except (OSError, UnicodeDecodeError):
        return None
    lines = body.lstrip("\n").split("\n", 2)
    first = lines[0].strip() if lines else ""
    atx = re.match(r"#(?!#)\s*(.*?)\s*#*\s*$", first)
    if atx:
        text = atx.group(1)
    elif first and len(lines) > 1 and re.fullmatch(r"=+\s*", lines[1]):
        text = first
    else:
        return None
    text = re.sub(r"\s*\{[^{}]*\}\s*$", "", text)  # attr_list
    html = markdown.markdown(text)
    plain = " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())
    return plain or None


def _without(item: StructureItem, owned: set[str]) -> StructureItem | None:
    """``item`` without the playbook's pages; None when nothing of it is left."""
    if isinstance(item, Page):
        return None if item.file.src_uri in owned else item
    if isinstance(item, Section):
        children = [c for c in (_without(c, owned) for c in item.children) if c is not None]
        if not children:
            return None
        item.children = children
    return item


def _item(entry: Any, files: Files) -> StructureItem | None:
    """A navigation item from one entry of MkDocs ``nav`` data, reusing the files' pages."""
    if not isinstance(entry, dict) or len(entry) != 1:
        return _page(entry, files) if isinstance(entry, str) else None
    (title, value), = entry.items()
    if isinstance(value, list):
        children = [c for c in (_item(v, files) for v in value) if c is not None]
        return Section(str(title), children) if children else None
    page = _page(str(value), files)
    if page is None:
        return Link(str(title), str(value))
    page.title = str(title)
    return page


def _page(src_uri: str, files: Files) -> Page | None:
    file = files.get_file_from_path(src_uri)
    return file.page if file is not None and isinstance(file.page, Page) else None


def _pages(items: list[StructureItem]) -> list[Page]:
    found: list[Page] = []
    for item in items:
        if isinstance(item, Page):
            found.append(item)
        elif isinstance(item, Section):
            found += _pages(item.children)
    return found


def _parents(items: list[StructureItem], parent: Section | None) -> None:
    for item in items:
        item.parent = parent
        if isinstance(item, Section):
            _parents(item.children, item)
