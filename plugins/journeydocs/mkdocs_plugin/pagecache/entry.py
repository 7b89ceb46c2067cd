"""What the page cache keeps of one built page."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

Record = tuple[str, int, str]
"""A log record: logger name, level, message."""


@dataclass
class CacheEntry:
    """One page as rendering left it: enough to restore the page without rendering it.

    ``log1`` are the records logged while its Markdown became HTML (replayed when the page
    is restored), ``log2`` those logged while its template was rendered and after (replayed
    when it is written). ``content`` (the page's HTML) is kept only in memory: nothing reads
    a cached page's HTML again. ``remote`` and ``stand_in`` mark the pages of a build in two
    processes (see :mod:`.split`).
    """

    output: str = ""
    content: str = ""
    toc: list[Any] = field(default_factory=list)  # [title, id, level, children] per anchor
    title: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    anchors: list[str] = field(default_factory=list)
    links: dict[str, Any] = field(default_factory=dict)  # target src_uri -> anchors linked
    log1: list[Record] = field(default_factory=list)
    log2: list[Record] = field(default_factory=list)
    search: list[Any] = field(default_factory=list)  # the search plugin's entries
    remote: bool = False
    stand_in: bool = False
    complete: bool = False  # rendering reached on_page_content: worth storing

    def small(self) -> dict[str, Any]:
        """Everything but the two big strings, as JSON-ready data."""
        data = asdict(self)
        for big in ("content", "output", "remote", "stand_in", "complete"):
            data.pop(big)
        return data

    @classmethod
    def from_small(cls, data: dict[str, Any], output: str) -> CacheEntry:
        """The inverse of :meth:`small` (raises ``TypeError`` on a foreign shape)."""
        entry = cls(output=output, **data)
        entry.log1 = [tuple(r) for r in entry.log1]  # type: ignore[misc]
        entry.log2 = [tuple(r) for r in entry.log2]  # type: ignore[misc]
        entry.complete = True
        return entry
