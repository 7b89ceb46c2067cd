"""What a page's output depends on, as one digest (the page cache's key).

A page's output is a function of its final Markdown, its front matter, its file and URLs,
the set of files of the site, the navigation, the whole MkDocs configuration, the theme's
files and the installed packages (and for journeydocs, a page's git date and map).
:func:`site_key` hashes what all pages share once per build; :func:`page_key` adds what
is the page's own.
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

FORMAT = "4"
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


def site_key(config: MkDocsConfig, files: Files, nav_items: list[Any]) -> str | None:
    """The digest of what every page depends on; None when a navigation entry has no
    explicit title (its title would come from rendering the page). Raises ``TypeError``,
    ``ValueError`` or ``OSError`` when the configuration cannot be fingerprinted."""
    nav = _nav_digest(nav_items)
    if nav is None:
        return None
    return digest([FORMAT, environment(), _config_digest(config), _theme_digest(config),
                   _files_digest(files), nav])


def page_key(site: str, page: Page, markdown: str, extra: str) -> str:
    """The digest of one page's inputs, given the ``site`` key and its final Markdown."""
    return digest([site, page.file.src_uri, page.file.dest_uri, page.file.url,
                   page.file.edit_uri or "", page.edit_url or "", markdown,
                   json.dumps(page.meta, sort_keys=True, default=stable), extra])


def environment() -> str:
    """Python, every installed package, and journeydocs' own files (once per process)."""
    global _environment
    if _environment is None:
        dists = sorted(f"{d.metadata['Name']}=={d.version}"
                       for d in importlib.metadata.distributions())
        here = Path(__file__).resolve().parents[2]  # the journeydocs package
        code = [p.read_bytes() for p in sorted(here.rglob("*"))
                if p.is_file() and p.suffix in (".py", ".html", ".js", ".css")]
        _environment = digest([sys.version, *dists, *code])
    return _environment


def _config_digest(config: MkDocsConfig) -> str:
    items: dict[str, Any] = {}
    for key, value in config.items():
        if key in VOLATILE_CONFIG:
            continue
        if key == "plugins":
            value = {name: dict(plugin.config) for name, plugin in value.items()}
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


def _nav_digest(items: list[Any]) -> str | None:
    parts: list[str] = []
    for kind, title, where in _nav_walk(items):
        if title is None:
            return None
        parts.append(f"{kind}|{title}|{where}")
    return digest(parts)


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


def origin(method: Any) -> str:
    """The module a plugin's event handler comes from."""
    fn = getattr(method, "__func__", method)
    return str(getattr(fn, "__module__", "") or "")
