"""Author Markdown to HTML with the site's own Markdown extensions.

What the checker approves must be what the site shows, so the checker renders with the
``markdown_extensions`` of the site's ``mkdocs.yml`` (and their options), plus the ones
journeydocs adds to every site (:data:`DEFAULT_EXTENSIONS`). The MkDocs plugin hands MkDocs'
own list to :func:`use`; the CLI reads it from ``mkdocs.yml``
(:func:`journeydocs.content.config.markdown_setup`).
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from typing import Any

import markdown

DEFAULT_EXTENSIONS: dict[str, dict[str, Any]] = {
    "toc": {}, "tables": {}, "fenced_code": {}, "attr_list": {}, "admonition": {},
    "md_in_html": {}, "pymdownx.tasklist": {"custom_checkbox": True},
}
"""The Markdown extensions (and their options) every journeydocs site has: the plugin adds
the ones a site's ``markdown_extensions`` lacks."""
MKDOCS_BUILTINS = ("toc", "tables", "fenced_code")
"""The extensions MkDocs puts before a site's own (so ``pymdownx.superfences``, listed
later, takes fenced code over from ``fenced_code``); a list without them gets them first."""


@dataclass
class MarkdownSetup:
    """A site's Markdown extensions: ``extensions`` are names (``"pymdownx.tasklist"``) or
    ``markdown.Extension`` objects, ``configs`` the options by name, as in MkDocs'
    ``markdown_extensions`` and ``mdx_configs``. Those of :data:`DEFAULT_EXTENSIONS` the
    list lacks are added."""

    extensions: list[Any] = field(default_factory=list)
    configs: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        names = {e for e in self.extensions if isinstance(e, str)}
        first = [name for name in MKDOCS_BUILTINS if name not in names]
        self.extensions[:0] = first
        for name, options in DEFAULT_EXTENSIONS.items():
            if name not in names:
                if name not in first:
                    self.extensions.append(name)
                self.configs.setdefault(name, dict(options))
        self._md: markdown.Markdown | None = None
        self._emoji: tuple[str, ...] | None = None
        self.failure = ""  # why the site's extensions could not be loaded, if they could not

    def fingerprint(self) -> str:
        """A digest of the extensions and options (for caches keyed by rendering)."""
        text = json.dumps([[e if isinstance(e, str) else type(e).__qualname__
                            for e in self.extensions], self.configs],
                          sort_keys=True, default=lambda v: getattr(v, "__qualname__", str(v)))
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def render(self, text: str) -> str:
        """``text`` as HTML. An extension that fails to load or to render falls back to
        :data:`DEFAULT_EXTENSIONS` (:attr:`failure` says why): a check must not stop."""
        md = self._converter()
        md.reset()
        try:
            out: str = md.convert(text)
            return out
        except Exception as exc:  # noqa: BLE001 - an extension bug must not stop the check
            self._md = None
            self.failure = f"{type(exc).__name__}: {exc}"
            return html.escape(text)

    def emoji_images(self) -> tuple[str, ...]:
        """Where the site's emoji extension takes emoji images from, when that is another
        host: the ``https://`` folders its ``<img>`` for ``:smile:`` point into (the
        ``pymdownx.emoji`` generators that make images, Material's ``to_svg`` among them,
        load them from a CDN such as jsDelivr unless ``options.image_path`` says
        otherwise). Empty when the site makes no emoji images, or makes them from itself."""
        if self._emoji is None:
            found = _EMOJI_SRC.findall(self.render(":smile:"))
            self._emoji = tuple(sorted(set(found)))
        return self._emoji

    def _converter(self) -> markdown.Markdown:
        if self._md is None:
            try:
                self._md = markdown.Markdown(extensions=list(self.extensions),
                                             extension_configs=self.configs)
            except Exception as exc:  # noqa: BLE001 - a missing or broken extension
                self.failure = f"{type(exc).__name__}: {exc}"
                self._md = markdown.Markdown(extensions=list(DEFAULT_EXTENSIONS),
                                             extension_configs=DEFAULT_EXTENSIONS)
        return self._md


_EMOJI_SRC = re.compile(r'<img\b[^>]*\ssrc="(https://[^"<>\s]+/)1f604\.(?:svg|png)"')
"""The folder of the image an emoji extension makes for ``:smile:`` (U+1F604)."""

_current = MarkdownSetup()


def use(setup: MarkdownSetup) -> None:
    """Render with ``setup`` from now on (the site's extensions)."""
    global _current
    _current = setup


def current() -> MarkdownSetup:
    return _current


def render_markdown(text: str) -> str:
    """Author Markdown -> HTML with the current site's extensions (:func:`use`)."""
    return _current.render(text)
