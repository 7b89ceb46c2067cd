"""Relative links in author Markdown: found, moved with their page, and checked.

An SOP in a sub-folder (``sops/sales/call.md``) is published at ``sops/<id>/``, so its
relative links and images are rebased (:func:`rebase`) to where the page is built
(``sops/<id>.md``); links to other SOP files follow those SOPs to their pages.
:func:`check_links` reports a relative link or image whose target is in no file and no
page of the site, and a ``#step-...`` anchor that no step of the journey has, at its line.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from journeydocs.content.model import Playbook
from journeydocs.content.sopfile import outside_code
from journeydocs.i18n import _
from journeydocs.problems import Problems

_INLINE_RE = re.compile(r"(!?\[[^\]\n]*\]\()(<[^>\n]*>|[^)\s]+)")
_DEFINITION_RE = re.compile(r"^( {0,3}\[(?!\^)[^\]\n]+\]:[ \t]*)(<[^>\n]*>|\S+)")
"""A link reference definition, ``[label]: url`` (``[^label]:`` is a footnote's text)."""
_HTML_RE = re.compile(r"""(\b(?:src|href)\s*=\s*["'])([^"'\n]*)""", re.IGNORECASE)
_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True)
class Link:
    """A relative link target in Markdown: ``path`` (may be empty for ``#anchor``), the
    ``rest`` (``#anchor`` or ``?query``), and where the target starts (body line index,
    0-based column)."""

    path: str
    rest: str
    index: int
    column: int
    html: bool = False  # in a raw HTML src or href (MkDocs does not check those)


def links(body: str) -> Iterator[Link]:
    """Every relative link and image target of ``body`` outside fenced code."""
    for index, line in outside_code(body):
        for regex in (_INLINE_RE, _DEFINITION_RE, _HTML_RE):
            for m in regex.finditer(line):
                target = m.group(2).strip("<>")
                if not target or target.startswith(("/", "[[")) or _SCHEME_RE.match(target):
                    continue
                cut = min((i for i in (target.find("#"), target.find("?")) if i >= 0),
                          default=len(target))
                yield Link(target[:cut], target[cut:], index, m.start(2), regex is _HTML_RE)


def rebase(body: str, from_dir: str, to_dir: str, moved: dict[str, str]) -> str:
    """``body``'s relative link targets, written for a page in ``to_dir`` instead of
    ``from_dir`` (docs-relative folders); ``moved`` maps a file's docs-relative path to
    where its page is built (an SOP file to ``sops/<id>.md``)."""
    if from_dir == to_dir and not moved:
        return body
    lines = body.split("\n")
    for link in sorted(links(body), key=lambda k: (k.index, -k.column)):
        new = rebased(link.path, from_dir, to_dir, moved)
        if new == link.path:
            continue
        line = lines[link.index]
        lines[link.index] = line[:link.column] + new + line[link.column + len(link.path):]
    return "\n".join(lines)


def rebased(path: str, from_dir: str, to_dir: str, moved: dict[str, str]) -> str:
    """A relative link target ``path`` written in ``from_dir``, as written in ``to_dir``
    (see :func:`rebase`); ``path`` itself when that is the same file."""
    if not path:
        return path
    where = posixpath.normpath(posixpath.join(from_dir, path))
    where = moved.get(where, where)
    new = posixpath.relpath(where, to_dir or ".") + ("/" if path.endswith("/") else "")
    return path if new.rstrip("/") == posixpath.normpath(path) else new


def check_links(book: Playbook, docs_dir: Path | None, pages: set[str],
                problems: Problems) -> None:
    """Report each relative Markdown link of an SOP body, a journey summary or a step's
    notes whose target is neither a file in ``docs_dir`` nor one of ``pages`` (the
    docs-relative sources of the generated pages), and each ``#step-...`` anchor to a
    journey page that no step of it has; at the line it is written on (a step's notes: its
    YAML lines). Each is also added to ``book.broken_links`` as (page, folder written in,
    target)."""
    steps = {f"journeys/{j.id}.md": {f"step-{s.id}" for s in j.steps}
             for j in book.journeys.values()}
    exists = _exists(docs_dir, pages | {s.src_uri for s in book.sops.values()})
    for sop in book.sops.values():
        _check(book, f"sops/{sop.id}.md", posixpath.dirname(sop.src_uri), sop.body,
               sop.source, (sop.body_line, 0, 1), exists, steps, problems)
    for journey in book.journeys.values():
        texts = [(journey.summary, journey.at("summary"))] + [
            (step.notes, step.at("notes")) for step in journey.steps]
        for text, (line, column) in texts:
            block = 1 if "\n" in text.strip("\n") or text.endswith("\n") else 0
            _check(book, f"journeys/{journey.id}.md", "journeys", text, journey.source,
                   (line, block, column), exists, steps, problems)


def _check(book: Playbook, page: str, folder: str, text: str, source: str,
           at: tuple[int, int, int], exists: Callable[[str], bool],
           steps: dict[str, set[str]], problems: Problems) -> None:
    """``text`` written in ``folder`` for ``page``; ``at`` is (file line of the text's
    first line, 1 if the text starts on the next line (a YAML block), its column)."""
    first, block, start = at
    for link in links(text):
        if link.html or "&" in link.path:  # as MkDocs: Markdown links; no entities
            continue
        line = first + block + link.index
        column = link.column + 1 + (0 if block or link.index else start - 1)
        where = posixpath.normpath(posixpath.join(folder, link.path)) if link.path else page
        if link.path and not exists(where):
            book.broken_links.append((page, folder, link.path))
            problems.add(source, line, column,
                         _("link to '{target}': there is no such file or page").format(
                             target=link.path),
                         _("check the path: it is relative to this file's folder")
                         if source.endswith(".md") else _("check the path: a journey's links "
                                                          "are relative to the journeys folder"),
                         code="link")
        elif link.rest.startswith("#step-") and where in steps and \
                link.rest[1:] not in steps[where]:
            book.broken_links.append((page, folder, link.path + link.rest))
            problems.add(source, line, column,
                         _("link to '{target}': the journey has no such step").format(
                             target=link.path + link.rest),
                         _("anchors of steps are #step-<step id>"), code="link")


def playbook_pages(book: Playbook) -> set[str]:
    """The docs-relative sources of the pages journeydocs generates (the layout of
    :mod:`journeydocs.site.urls`): links to them are links to pages."""
    pages = {"journeys/index.md", "sops/index.md", "owners/index.md", "metrics.md",
             "health.md"}
    pages |= {f"journeys/{j}.md" for j in book.journeys}
    pages |= {f"owners/{o}.md" for o in book.owners}
    pages |= {f"sops/{s}.md" for s in book.sops}
    return pages


def _exists(docs_dir: Path | None, pages: set[str]) -> Callable[[str], bool]:
    def exists(path: str) -> bool:
        if path in pages or path.startswith("../"):
            return path in pages
        return docs_dir is None or (docs_dir / path).exists()
    return exists
