"""Where cached pages live: a SQLite file under ``cache_dir``, and memory under serve.

One row per key, for both levels (a rendered page, ``r:``; a written page, ``o:``): the
entry's small parts as compressed JSON and its big string (HTML or page), compressed.
Rows not used by one of the last :data:`KEEP_BUILDS` builds are dropped (old versions of
edited pages). A damaged or foreign cache file is started again: it only ever costs speed.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from pathlib import Path
from typing import TypeVar

from journeydocs.mkdocs_plugin.pagecache.entry import CacheEntry, RenderEntry
from journeydocs.mkdocs_plugin.pagecache.key import FORMAT

Entry = CacheEntry | RenderEntry
E = TypeVar("E", CacheEntry, RenderEntry)

KEEP_BUILDS = 3
Row = tuple[str, bytes, bytes]
"""key, compressed JSON of :meth:`CacheEntry.small`, compressed output."""


def pack(key: str, entry: Entry) -> Row:
    """One row of the cache (zlib releases the GIL: this runs on a worker thread)."""
    big = entry.output if isinstance(entry, CacheEntry) else entry.content
    return (key, zlib.compress(json.dumps(entry.small()).encode("utf-8"), 1),
            zlib.compress(big.encode("utf-8"), 1))


class PageStore:
    """The cache file, opened lazily, plus this build's entries kept in memory (serve)."""

    def __init__(self, cache_dir: Path) -> None:
        self.cache_dir = cache_dir
        self.path = cache_dir / "pages.sqlite3"
        self.in_memory = False  # `mkdocs serve`: keep this build's entries for the next one
        self.memory: dict[str, Entry] = {}
        self._db: sqlite3.Connection | None = None

    def open(self) -> bool:
        """Open (or create) the file; False when it cannot be used."""
        if self._db is not None:
            return True
        for attempt in range(2):
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, timeout=10, check_same_thread=False)
                db.execute("PRAGMA synchronous = OFF")
                if db.execute("PRAGMA user_version").fetchone()[0] != int(FORMAT):
                    with db:  # a cache from other code: start again
                        db.execute("DROP TABLE IF EXISTS pages")
                        db.execute(f"PRAGMA user_version = {int(FORMAT)}")
                db.execute("CREATE TABLE IF NOT EXISTS pages (key TEXT PRIMARY KEY, "
                           "meta BLOB, output BLOB, used INTEGER NOT NULL)")
                self._db = db
                return True
            except (sqlite3.Error, OSError):
                if attempt == 0 and self.path.exists():
                    self.path.unlink(missing_ok=True)
        return False

    def reopen(self) -> None:
        """After a fork: the child must not share the parent's connection."""
        self._db = None
        self.open()

    def load(self, key: str, kind: type[E]) -> E | None:
        """The entry stored under ``key`` (of type ``kind``), or None."""
        found = self.memory.get(key) if self.in_memory else None
        if isinstance(found, kind):
            return found
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT meta, output FROM pages WHERE key = ?",
                                   (key,)).fetchone()
            if row is None:
                return None
            small = json.loads(zlib.decompress(row[0]))
            entry = kind.from_small(small, zlib.decompress(row[1]).decode("utf-8"))
        except (sqlite3.Error, zlib.error, ValueError, TypeError):
            return None
        if self.in_memory:
            self.memory[key] = entry
        return entry

    def save(self, rows: list[Row], used: list[str]) -> str | None:
        """Store this build's new rows, mark the reused ones; an error message, or None."""
        if self._db is None:
            return None
        db = self._db
        try:
            with db:
                build = (db.execute("SELECT MAX(used) FROM pages").fetchone()[0] or 0) + 1
                db.executemany("INSERT OR REPLACE INTO pages (key, meta, output, used)"
                               " VALUES (?, ?, ?, ?)", [(*row, build) for row in rows])
                db.executemany("UPDATE pages SET used = ? WHERE key = ?",
                               [(build, k) for k in used])
                db.execute("DELETE FROM pages WHERE used <= ?", (build - KEEP_BUILDS,))
        except sqlite3.Error as exc:
            return str(exc)
        return None

    def has(self, key: str) -> bool:
        """Is there a row under ``key``?"""
        if self._db is None:
            return False
        try:
            return self._db.execute("SELECT 1 FROM pages WHERE key = ?", (key,)).fetchone() \
                is not None
        except sqlite3.Error:
            return False

    def keep_in_memory(self, used: list[str], new: dict[str, Entry]) -> None:
        """Serve: the next build's entries are this build's pages."""
        kept = {key: self.memory[key] for key in used if key in self.memory}
        self.memory = {**kept, **new}
