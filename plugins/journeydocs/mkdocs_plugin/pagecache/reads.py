"""Files a page's render reads besides its Markdown: ``pymdownx.snippets`` includes.

``--8<-- "file.md"`` (and ``auto_append``, and snippets inside snippets) makes a page's HTML
depend on other files, which neither its Markdown nor the site's files show. While a page
is rendered, :class:`Reads` records every name the snippets extension resolves and where it
found it (or that it found nothing); the rendered entry keeps that list with a digest of
each file's bytes. Before a rendered entry is used again, :meth:`Reads.unchanged` resolves
each name again, with the extension's own code and the site's configuration, and compares:
a changed, added or removed include is a miss. A snippet downloaded from a URL can change
at any time: such a page is not cached (the reason is logged).
"""

from __future__ import annotations

import hashlib
from types import SimpleNamespace
from typing import Any

from journeydocs.i18n import _

Dep = list[str | None]
"""[name as written, resolved path or None, sha256 of the file's bytes or ""]."""

_active: Reads | None = None
_patched = False


class Reads:
    """One per build: records a page's reads while it renders, checks stored ones."""

    def __init__(self, mdx_configs: dict[str, Any], extensions: list[Any]) -> None:
        self.deps: list[Dep] | None = None
        self.unsafe = ""
        self._digests: dict[str, str] = {}
        self._config = next((mdx_configs.get(str(e), {}) for e in extensions
                             if str(e).endswith("snippets")), None)
        self._resolver: Any = None
        if self._config is not None:
            _patch()

    def start(self) -> None:
        """A page begins to render."""
        global _active
        self.deps, self.unsafe = [], ""
        _active = self

    def stop(self) -> tuple[list[Dep], str]:
        """The page's reads, and why it must not be cached ("" when it may)."""
        global _active
        _active = None
        deps, self.deps = self.deps or [], None
        return deps, self.unsafe

    def unchanged(self, deps: list[Dep]) -> bool:
        """Does every recorded name resolve to the same file with the same bytes?"""
        if not deps:
            return True
        resolver = self._get_resolver()
        if resolver is None:
            return False
        return all(_resolve(resolver, str(name)) == path and self.digest(path) == sha
                   for name, path, sha in deps)

    def digest(self, path: str | None) -> str:
        if path is None:
            return ""
        sha = self._digests.get(path)
        if sha is None:
            try:
                with open(path, "rb") as f:
                    sha = hashlib.sha256(f.read()).hexdigest()
            except OSError:
                sha = "unreadable"
            self._digests[path] = sha
        return sha

    def _get_resolver(self) -> Any:
        if self._resolver is None and self._config is not None:
            from pymdownx.snippets import SnippetExtension, SnippetPreprocessor
            config = SnippetExtension(**self._config).getConfigs()
            self._resolver = SnippetPreprocessor(config, SimpleNamespace(tab_length=4))
        return self._resolver

    def _found(self, name: str, path: str | None) -> None:
        if self.deps is not None:
            self.deps.append([name, path, self.digest(path)])

    def _downloaded(self, url: str) -> None:
        if self.deps is not None:
            self.unsafe = _("it includes a snippet downloaded from {url}").format(url=url)


def _resolve(resolver: Any, name: str) -> str | None:
    path: str | None = _ORIGINAL["get_snippet_path"](resolver, name)
    return path


_ORIGINAL: dict[str, Any] = {}


def _patch() -> None:
    """Wrap the extension's lookups once per process; they record only while a page of
    ours renders (``_active``) and behave exactly as before."""
    global _patched
    if _patched:
        return
    try:
        from pymdownx.snippets import SnippetPreprocessor
    except ImportError:
        return
    _ORIGINAL["get_snippet_path"] = get_path = SnippetPreprocessor.get_snippet_path
    _ORIGINAL["download"] = download = SnippetPreprocessor.download

    def get_snippet_path(self: Any, path: str) -> str | None:
        found: str | None = get_path(self, path)
        if _active is not None:
            _active._found(path, found)
        return found

    def recording_download(self: Any, url: str) -> Any:
        if _active is not None:
            _active._downloaded(url)
        return download(self, url)

    recording_download.cache_clear = download.cache_clear  # type: ignore[attr-defined]
    SnippetPreprocessor.get_snippet_path = get_snippet_path
    SnippetPreprocessor.download = recording_download
    _patched = True
