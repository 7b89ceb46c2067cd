"""What a page depends on, as digests: the page cache's keys, one per level.

Level 1 (a page's rendered HTML) is a function of its final Markdown, its file and URLs,
the set of files of the site, the whole MkDocs configuration (the Markdown extensions and
their options), the installed packages and journeydocs' own code, and the files the render
reads (snippets, :mod:`.reads`): :func:`render_site_key` and :func:`render_key`. The
Markdown converter never sees the front matter or the navigation.

Level 2 (the page as written) adds what the template and the page handlers read: the
navigation as rendered (every page's title and URL and the front matter keys the theme's
templates read, such as ``status`` and ``icon``), the theme's files, ``build_date_utc`` when
a template uses it, and the page's final HTML, table of contents, title and front matter
after every handler, plus what understood plugins add (``extra``):
:func:`output_site_key`, :func:`page_part`.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Link, Section
from mkdocs.structure.pages import Page

FORMAT = "5"
"""Bump when what an entry holds changes."""
VOLATILE_CONFIG = {"site_dir", "dev_addr", "watch", "strict", "config_file_path"}
"""Settings that do not change what a page looks like (serve's temporary site_dir...)."""
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
_environment: str | None = None


def digest(parts: list[Any]) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def stable(value: Any) -> Any:
    """JSON for what is not JSON: sets sorted, functions by name, no memory addresses."""
    if isinstance(value, (set, frozenset)):
        return sorted(str(v) for v in value)
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    return _ADDRESS.sub("", repr(value))


def render_site_key(config: MkDocsConfig, files: Files) -> str:
    """The digest of what every page's render depends on. Raises ``TypeError``,
    ``ValueError`` or ``OSError`` when the configuration cannot be fingerprinted."""
    return digest([FORMAT, environment(), _config_digest(config), _files_digest(files)])


def render_key(site: str, page: Page, markdown: str) -> str:
    """Level 1: one page's render, given :func:`render_site_key` and its final Markdown."""
    return "r:" + digest([site, page.file.src_uri, page.file.dest_uri, page.file.url,
                          markdown])


def output_site_key(render_site: str, config: MkDocsConfig, nav_items: list[Any],
                    build_date: str) -> str:
    """What every written page depends on besides its own part (at ``on_env``, when every
    page is rendered: titles are final). Raises like :func:`render_site_key`."""
    _, nav_keys, uses_date = template_reads(config)
    return digest([render_site, _config_digest(config), _theme_digest(config),
                   _nav_digest(nav_items, nav_keys), build_date if uses_date else ""])


PLUGIN_META = frozenset({"search", "template", "hide", "tags", "title"})
"""Front matter keys understood plugins read from a page after rendering (the search
plugins: ``search``; MkDocs: ``template``), besides those the templates read."""


def page_part(page: Page, extra: str, meta_keys: frozenset[str] | None) -> str:
    """The page's own share of its level-2 key: its final HTML, toc, title, URLs, the
    front matter keys the theme's templates and understood plugins read (``meta_keys``
    from :func:`template_reads`; None: all) and ``extra`` (what understood plugins add)."""
    toc = json.dumps(_toc(page.toc), default=stable)
    meta = page.meta if meta_keys is None else \
        {k: page.meta[k] for k in sorted(meta_keys | PLUGIN_META) if k in page.meta}
    return digest([page.file.src_uri, page.file.dest_uri, page.file.url,
                   page.file.edit_uri or "", page.edit_url or "", page.canonical_url or "",
                   page.content or "", toc, page.title or "",
                   json.dumps(meta, sort_keys=True, default=stable), extra])


def output_key(site: str, part: str) -> str:
    return "o:" + digest([site, part])


def _toc(items: Any) -> list[Any]:
    return [[i.title, i.id, i.level, _toc(i.children)] for i in items]


_META_READ = re.compile(r"""(\w*)\.meta\s*(?:\.\s*(\w+)|\[\s*["'](\w+)["']\s*\]|"""
                        r"""\.get\(\s*["'](\w+)["'])""")
_META_ANY = re.compile(r"meta\s*(?:\[\s*[^\s\"']|\|)|meta\.(?:items|values|keys)\b")
Reads = tuple[frozenset[str] | None, frozenset[str] | None, bool]
_reads: dict[str, Reads] = {}


def template_reads(config: MkDocsConfig) -> Reads:
    """What the theme's templates read: the front matter keys of any page, those of other
    pages than ``page`` (the navigation's ``status``, ``icon``...; each None: any, a template
    reads ``meta`` as a whole), and whether they use ``build_date_utc``."""
    keys: set[str] = set()
    nav: set[str] = set()
    everything = uses_date = False
    for top in config.theme.dirs:
        found = _reads.get(top)
        if found is None or not {"site-packages", "dist-packages"} & set(Path(top).parts):
            found = _scan(top)
            _reads[top] = found
        everything |= found[0] is None
        keys |= found[0] or set()
        nav |= found[1] or set()
        uses_date |= found[2]
    if everything:
        return None, None, uses_date
    return frozenset(keys), frozenset(nav), uses_date


def _scan(top: str) -> Reads:
    keys: set[str] = set()
    nav: set[str] = set()
    everything = uses_date = False
    for folder, _, names in os.walk(top):
        for name in names:
            if not name.endswith((".html", ".xml", ".j2", ".jinja")):
                continue
            try:
                text = Path(folder, name).read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            for m in _META_READ.finditer(text):
                name = next(g for g in m.groups()[1:] if g)
                keys.add(name)
                if m.group(1) != "page":  # nav_item.meta, page.previous_page.meta...
                    nav.add(name)
            everything |= _META_ANY.search(text) is not None
            uses_date |= "build_date_utc" in text
    if everything:
        return None, None, uses_date
    return frozenset(keys), frozenset(nav), uses_date


def environment() -> str:
    """Python, every installed package, and journeydocs' own files (once per process)."""
    global _environment
    if _environment is None:
        dists = sorted(f"{d.metadata['Name']}=={d.version}"
                       for d in importlib.metadata.distributions())
        here = Path(__file__).resolve().parents[2]  # the journeydocs package
        code = [p.read_bytes() for p in sorted(here.rglob("*"))
                if p.is_file() and p.suffix in (".py", ".html", ".js", ".css", ".po", ".pot")]
        _environment = digest([sys.version, *dists, *code])
    return _environment


def _plugin_digest(plugin: Any) -> Any:
    """A plugin's options; a hook (a module of the site's ``hooks:``) by its code."""
    if hasattr(plugin, "config"):
        return dict(plugin.config)
    path = getattr(plugin, "__file__", None)
    return digest([Path(path).read_bytes()]) if path else stable(plugin)


def _config_digest(config: MkDocsConfig) -> str:
    items: dict[str, Any] = {}
    for key, value in config.items():
        if key in VOLATILE_CONFIG:
            continue
        if key == "plugins":
            value = {name: _plugin_digest(plugin) for name, plugin in value.items()}
        elif key == "theme":
            value = {"name": value.name, "dirs": value.dirs, "vars": dict(value.items())}
        items[key] = value
    return digest([json.dumps(items, sort_keys=True, default=stable)])


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
    return digest(parts)


def _files_digest(files: Files) -> str:
    return digest([f"{f.src_uri}|{f.dest_uri}|{f.url}|{f.inclusion.name}|{f.edit_uri}"
                   for f in sorted(files, key=lambda f: f.src_uri)])


def _nav_digest(items: list[Any], meta_keys: frozenset[str] | None) -> str:
    parts: list[str] = []
    for kind, title, where, meta in _nav_walk(items, meta_keys):
        parts.append(f"{kind}|{title}|{where}|{meta}")
    return digest(parts)


def _nav_walk(items: list[Any], meta_keys: frozenset[str] | None,
              depth: int = 0) -> Iterator[tuple[str, str | None, str, str]]:
    for item in items:
        if isinstance(item, Section):
            yield f"section{depth}", item.title, "", ""
            yield from _nav_walk(item.children, meta_keys, depth + 1)
            yield f"end{depth}", "", "", ""
        elif isinstance(item, Link):
            yield "link", item.title, item.url, ""
        elif isinstance(item, Page):
            meta = item.meta if meta_keys is None else \
                {k: item.meta[k] for k in sorted(meta_keys) if k in item.meta}
            yield ("page", item.title, f"{item.file.src_uri}|{item.url}",
                   json.dumps(meta, sort_keys=True, default=stable))


def origin(method: Any) -> str:
    """The module a plugin's event handler comes from."""
    fn = getattr(method, "__func__", method)
    return str(getattr(fn, "__module__", "") or "")


def all_titled(items: list[Any]) -> bool:
    """Does every page in the navigation have its title before it is rendered (a page
    built by the other process of a split build is never rendered in this one)?"""
    for item in items:
        if isinstance(item, Section) and not all_titled(item.children):
            return False
        if isinstance(item, Page) and item.__dict__.get("title") is None:
            return False
    return True
