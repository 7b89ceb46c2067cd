"""What the page cache keeps of one page, at its two levels."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

Record = tuple[str, int, str]
"""A log record: logger name, level, message."""


@dataclass
class RenderEntry:
    """Level 1: what :meth:`Page.render` made of the page's Markdown, enough to restore it
    without rendering (every ``on_page_content`` handler then runs on ``content`` as usual).

    ``log1`` are the records logged while the Markdown became HTML (replayed on a hit).
    ``deps`` are the files the render read (``pymdownx.snippets``): ``[name, resolved path
    or None, sha256 of its bytes or ""]``, checked again before the entry is used.
    ``cleaned``/``meta_in``/``meta_out``: on a page journeydocs cleans, the cleaned HTML and
    front matter (JSON) after cleaning, valid while the HTML reaching the cleaner is
    ``content`` and its front matter is ``meta_in``.
    """

    content: str = ""
    toc: list[Any] = field(default_factory=list)  # [title, id, level, children] per anchor
    title: str | None = None
    anchors: list[str] = field(default_factory=list)
    links: dict[str, Any] = field(default_factory=dict)  # target src_uri -> anchors linked
    log1: list[Record] = field(default_factory=list)
    deps: list[list[str | None]] = field(default_factory=list)
    cleaned: str | None = None
    meta_in: str = ""
    meta_out: dict[str, Any] = field(default_factory=dict)
    log_clean: list[Record] = field(default_factory=list)

    def small(self) -> dict[str, Any]:
        """Everything but ``content``, as JSON-ready data."""
        data = asdict(self)
        data.pop("content")
        return data

    @classmethod
    def from_small(cls, data: dict[str, Any], content: str) -> RenderEntry:
        """The inverse of :meth:`small` (raises ``TypeError`` on a foreign shape)."""
        entry = cls(content=content, **data)
        entry.log1 = [tuple(r) for r in entry.log1]  # type: ignore[misc]
        entry.log_clean = [tuple(r) for r in entry.log_clean]  # type: ignore[misc]
        return entry


@dataclass
class CacheEntry:
    """Level 2: the page as written, with what its template phase logged (``log2``, replayed
    when it is written) and its search entries. ``remote`` and ``stand_in`` mark the pages
    of a build in two processes (see :mod:`.split`)."""

    output: str = ""
    log2: list[Record] = field(default_factory=list)
    search: list[Any] = field(default_factory=list)  # the search plugin's entries
    remote: bool = False
    stand_in: bool = False

    def small(self) -> dict[str, Any]:
        return {"log2": self.log2, "search": self.search}

    @classmethod
    def from_small(cls, data: dict[str, Any], output: str) -> CacheEntry:
        entry = cls(output=output, log2=[tuple(r) for r in data["log2"]],
                    search=list(data["search"]))
        return entry
