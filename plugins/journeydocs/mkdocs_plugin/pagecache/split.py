"""A cold `mkdocs build` in two processes, built on the page cache's hit machinery.

Converting Markdown, rendering Material's templates and indexing pages for search are
single-threaded Python: on a playbook of a thousand SOPs they are most of a cold build, and
one core sits idle. After the navigation is known (``on_nav``), the build forks. The child
is the same build from that point on, with every page the parent builds turned into a
stand-in (nothing rendered, nothing written); it builds the later part of the SOP pages
(each alike and independent: their Markdown is already final) and sends each finished page
back through a pipe: its HTML, search entries, anchors and links (for MkDocs' anchor
validation in the parent), the log records it produced (replayed there, so ``--strict``
counts them), its new rendered-HTML row and its share of the output key (the parent makes
the output row with its own site key). The parent treats those pages like page-cache
hits whose content arrives late, writes every file, and puts the search entries back in
page order, so the site is the same byte for byte. The child writes nothing, and leaves with
``os._exit`` before any ``on_post_build`` or ``on_build_error`` of another plugin could run
in it. If it dies, the build fails.

Measured at size L (100 journeys, 1,000 SOPs) on 2 cores with ``bench/parallel.py``: see
the README's benchmark section for the figures and the decision to keep it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import signal
import sys
import threading
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from journeydocs.mkdocs_plugin.pagecache.entry import CacheEntry, Record
from journeydocs.mkdocs_plugin.pagecache.replay import replay
from journeydocs.mkdocs_plugin.pagecache.store import Row

SPLIT_MIN_PAGES = 200
"""Fewer candidate pages than this are built in one process (a fork costs some time)."""
PARENT_SHARE = 0.4
"""The part of the candidate pages the first process keeps: it also does everything else."""


def can_fork() -> bool:
    return hasattr(os, "fork") and sys.platform.startswith("linux") and (os.cpu_count() or 1) >= 2


class Split:
    """The two processes' shared plan: which pages the child builds, and the pipe."""

    def __init__(self, pages: list[str], files: Files) -> None:
        self.pages = set(pages)
        self.files = files
        self.child = False
        self.pid = 0
        self.left = len(pages)
        self.slots: list[tuple[int, str]] = []  # parent: where a page's search entries go
        self.search: dict[str, list[Any]] = {}
        self.rows: list[Row] = []
        self.used: list[str] = []
        self.counts: dict[str, int] = {}
        self._results: dict[str, dict[str, Any]] = {}
        self._ended = ""
        self._cond = threading.Condition()
        self._out: Any = None
        self._reader: threading.Thread | None = None

    def elsewhere(self, uri: str) -> bool:
        """Does the other process build this page?"""
        return (uri not in self.pages) if self.child else (uri in self.pages)

    def stand_in(self) -> CacheEntry:
        """A hit entry for a page the other process builds."""
        return CacheEntry(remote=not self.child, stand_in=self.child)

    def fork(self) -> bool:
        """Fork; True in the child."""
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            self.child = True
            self._out = os.fdopen(write, "wb")
            for name in ("", "mkdocs"):  # the parent logs the child's pages' records
                logger = logging.getLogger(name)
                for handler in list(logger.handlers):
                    logger.removeHandler(handler)
                logger.addHandler(logging.NullHandler())
            return True
        os.close(write)
        self.pid = pid
        self._reader = threading.Thread(target=self._read, args=(os.fdopen(read, "rb"),),
                                        name="jd-build-child", daemon=True)
        self._reader.start()
        return False

    # --- in the child

    def send(self, page: Page, output: str, logs: list[Record], rows: list[Row],
             used: list[str], part: str, log2: list[Record]) -> None:
        uri = page.file.src_uri
        message = {"uri": uri, "output": output, "search": self.search.pop(uri, []),
                   "anchors": sorted(page.present_anchor_ids or ()),
                   "links": {f.src_uri: a for f, a in (page.links_to_anchors or {}).items()},
                   "title": page.title, "logs": logs, "rows": rows, "used": used,
                   "part": part, "log2": log2}
        pickle.dump(message, self._out, pickle.HIGHEST_PROTOCOL)
        self.left -= 1
        if self.left <= 0:
            self.finish(self.counts)

    def finish(self, counts: dict[str, int]) -> None:
        pickle.dump({"done": True, "counts": counts}, self._out, pickle.HIGHEST_PROTOCOL)
        self._out.flush()
        os._exit(0)

    def fail(self, error: BaseException) -> None:
        try:
            pickle.dump({"error": f"{type(error).__name__}: {error}"}, self._out)
            self._out.flush()
        finally:
            os._exit(1)

    # --- in the parent

    def _read(self, stream: Any) -> None:
        ended = "it stopped without a word"
        try:
            while True:
                message = pickle.load(stream)
                if "done" in message:
                    self.counts = message["counts"]
                    ended = "done"
                    break
                if "error" in message:
                    ended = message["error"]
                    break
                with self._cond:
                    self._results[message["uri"]] = message
                    self._cond.notify_all()
        except (EOFError, OSError, pickle.UnpicklingError) as exc:
            ended = f"it stopped ({type(exc).__name__})"
        finally:
            stream.close()
            with self._cond:
                self._ended = ended
                self._cond.notify_all()

    def receive(self, page: Page) -> tuple[str, str, list[Record], list[Any]]:
        """The page the child built, once it arrives, its records replayed here: its output,
        its share of the output key ("" when not to store), its template-phase records and
        its search entries."""
        uri = page.file.src_uri
        with self._cond:
            self._cond.wait_for(lambda: uri in self._results or bool(self._ended))
            message = self._results.pop(uri, None)
        if message is None:
            raise PluginError(f"journeydocs: the second build process did not build {uri}: "
                              f"{self._ended}. Set 'parallel: false' to build in one.")
        page.present_anchor_ids = set(message["anchors"])
        page.links_to_anchors = {f: a for src, a in message["links"].items()
                                 if (f := self.files.get_file_from_path(src)) is not None}
        page._title_from_render = message["title"]
        replay(message["logs"])
        self.search[uri] = message["search"]
        self.rows += message["rows"]
        self.used += message["used"]
        return (str(message["output"]), str(message["part"]), list(message["log2"]),
                list(message["search"]))

    def close(self, kill: bool = False) -> None:
        if self.child or not self.pid:
            return
        if kill:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        if self._reader is not None:
            self._reader.join(timeout=5)
        self.pid = 0
