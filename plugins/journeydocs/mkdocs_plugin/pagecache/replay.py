"""A cached page brought back: what rendering made of it, and what it logged.

MkDocs' anchor validation and Material's templates read a page's table of contents, title,
anchors and links after rendering; :func:`restore` puts those back (the front matter is
not the render's: every ``on_page_markdown`` handler ran as usual). The log
records a page produced are replayed, so ``--strict`` fails exactly as it did when the page
was rendered.
"""

from __future__ import annotations

import gc
import json
import logging
import threading
from collections.abc import Callable, Mapping
from typing import Any

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

from journeydocs.mkdocs_plugin.logs import TOOL_LOGGER
from journeydocs.mkdocs_plugin.pagecache.entry import Record, RenderEntry
from journeydocs.mkdocs_plugin.pagecache.key import stable


class Capture(logging.Handler):
    """Collects what MkDocs and plugins log while one page is built."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[Record] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


class Recorder:
    """Listens on MkDocs' (or ProperDocs') loggers for one page at a time."""

    def __init__(self) -> None:
        self._capture: Capture | None = None

    def listen(self) -> None:
        self.stop()
        self._capture = Capture()
        logging.getLogger(TOOL_LOGGER).addHandler(self._capture)

    def stop(self) -> list[Record]:
        capture, self._capture = self._capture, None
        if capture is None:
            return []
        logging.getLogger(TOOL_LOGGER).removeHandler(capture)
        return capture.records


def replay(records: list[Record]) -> None:
    for name, level, message in records:
        logging.getLogger(name).log(level, "%s", message)


def restorer(page: Page, entry: RenderEntry) -> Callable[[MkDocsConfig, Files], None]:
    """A stand-in for :meth:`Page.render` that restores instead of rendering."""
    def render(config: MkDocsConfig, files: Files) -> None:
        restore(page, entry, files)
    return render


def restore(page: Page, entry: RenderEntry, files: Files) -> None:
    """What :meth:`Page.render` made of the page last time."""
    page.content = entry.content
    anchors = [_anchor(item) for item in entry.toc]
    if anchors:
        anchors[0].active = True  # type: ignore[attr-defined]  # as get_toc() does
    page.toc = TableOfContents(anchors)
    page._title_from_render = entry.title
    page.present_anchor_ids = set(entry.anchors)
    links = {}
    for src_uri, targets in entry.links.items():
        target = files.get_file_from_path(src_uri)
        if target is not None:
            links[target] = targets
    page.links_to_anchors = links
    replay(entry.log1)


def meta_json(meta: Mapping[str, Any]) -> str:
    """Front matter as one JSON text (to compare)."""
    return json.dumps(meta, sort_keys=True, default=stable)


def plain(meta: Mapping[str, Any]) -> dict[str, Any]:
    """Front matter as JSON data (what the cache stores and restores)."""
    data: dict[str, Any] = json.loads(json.dumps(meta, default=stable))
    return data


def toc_data(toc: Any) -> list[Any]:
    return [[item.title, item.id, item.level, toc_data(item.children)] for item in toc]


def _anchor(data: list[Any]) -> AnchorLink:
    anchor = AnchorLink(data[0], data[1], data[2])
    anchor.children = [_anchor(child) for child in data[3]]
    return anchor


class CompiledTemplates(BytecodeCache):
    """Jinja's compiled theme templates, in memory for the life of `mkdocs serve` (MkDocs
    makes a new template environment per rebuild). Jinja checks each template's source
    checksum before it uses its code, so an edited template is compiled again."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self.code.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


def tidy_later(delay: float = 1.0) -> None:
    """`mkdocs serve`: collect the last build's garbage while the server waits for the next
    save, then freeze what is left, so the next rebuild's garbage collections look at that
    rebuild's objects only. A full collection over a big playbook's objects takes a few
    tenths of a second, which the next rebuild no longer spends; ``delay`` leaves the
    browser time to reload the page first."""
    def tidy() -> None:
        gc.unfreeze()
        gc.collect()
        gc.freeze()
    timer = threading.Timer(delay, tidy)
    timer.daemon = True
    timer.start()
