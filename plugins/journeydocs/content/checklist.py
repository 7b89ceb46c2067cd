"""What a checklist item and a section are: read from the rendered page, not the source lines.

An item is a task-list entry as the site's Markdown renders it (``<li class="task-list-item">``
with its checkbox): loose or tight, nested, numbered, in a block quote, brought in by a
snippet. A ``- [ ]`` in a comment, a code block or the middle of a paragraph is no item,
because the page shows none. An item's section is the nearest heading before it (levels 2
to 6; the H1 is the title).

The checker, the facts table and the diff read :func:`page_items` of the SOP rendered by
:mod:`journeydocs.safety.rendering`; the site marks the same items on the page itself
(:func:`mark_items`: ``data-jd-item``, ``data-jd-section``...), and the browser's checklist
takes exactly those. So all of them count and name the same items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from journeydocs.content.model import ChecklistItem
from journeydocs.content.sopfile import outside_code
from journeydocs.safety.markup import attr
from journeydocs.safety.rendering import render_markdown

_TASK_RE = re.compile(r"^\s*(?:>\s*)*(?:[-*+]|\d+[.)])\s+\[([ xX])\]\s+(.*\S)\s*$")
_LIST_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s")
_INLINE_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|<[^>]+>|[*_`~]")
_SPACE_RE = re.compile(r"\s+")
_HEADINGS = {"h2", "h3", "h4", "h5", "h6"}
MAX_LINE = 2000
"""Characters of a line :func:`sop_items` reads (an item's text longer than this is cut)."""
_VOID = {"input", "img", "br", "hr", "wbr", "source"}


@dataclass
class PageItem:
    """A task-list item on a rendered page.

    ``start`` is the offset of its ``<li`` in the HTML; ``depth`` counts the items it sits
    in; ``section`` is the text of the heading before it (``""`` before any), ``level`` that
    heading's level (2-6, 0 for none) and ``heading_id`` its ``id``.
    """

    text: str
    checked: bool
    depth: int
    section: str
    level: int
    heading_id: str
    start: int
    input_at: int = -1  # offset of its checkbox's ``<input`` in the HTML


def page_items(html: str) -> list[PageItem]:
    """Every task-list item of ``html``, in document order."""
    finder = _Finder(html)
    finder.feed(html)
    finder.close()
    return sorted(finder.items, key=lambda i: i.start)


def mark_items(html: str, items: list[PageItem] | None = None) -> str:
    """``html`` with each item's ``<li`` marked for the browser: ``data-jd-item`` (its
    index), ``data-jd-section``, ``data-jd-level`` and ``data-jd-heading`` (the section's
    heading id) and ``data-jd-depth``; its checkbox gets the item's text as its name."""
    found = page_items(html) if items is None else items
    out, at = [], 0
    for index, item in enumerate(found):
        cut = item.start + 3  # after "<li"
        out.append(html[at:cut])
        out.append(f' data-jd-item="{index}" data-jd-section="{attr(item.section)}" '
                   f'data-jd-level="{item.level}" data-jd-heading="{attr(item.heading_id)}" '
                   f'data-jd-depth="{item.depth}"')
        at = cut
        if item.input_at > cut:  # the checkbox is named by its item (print, no script)
            out.append(html[at:item.input_at + 6])  # "<input"
            out.append(f' aria-label="{attr(item.text)}"')
            at = item.input_at + 6
    out.append(html[at:])
    return "".join(out)


def sop_items(body: str, body_line: int) -> list[ChecklistItem]:
    """The checklist of an SOP ``body`` (Markdown after the front matter, starting on file
    line ``body_line``) as the site renders it, each with the source line it is written on
    (``body_line`` for one the source does not hold, such as a snippet's)."""
    # Lines are cut short first: what makes a list, an item or a heading is at the start
    # of a line, and a long paragraph of entities takes Python-Markdown seconds
    found = page_items(render_markdown("\n".join(line[:MAX_LINE] for line in
                                                  body.split("\n"))))
    candidates = _source_items(body, body_line)
    out: list[ChecklistItem] = []
    cursor = 0
    for item in found:
        line = body_line
        for k in range(cursor, len(candidates)):
            if candidates[k][1] == item.text:
                line, cursor = candidates[k][0], k + 1
                break
        out.append(ChecklistItem(item.text, item.section, line, item.checked))
    return out


def glued_items(body: str, body_line: int, items: list[ChecklistItem]) -> list[int]:
    """File lines of task-list lines the page shows as text because they follow a
    paragraph line with no blank line between (Markdown continues the paragraph; GitHub
    does not): not items, though they look like them. Lines in comments are not counted."""
    counted = {item.line for item in items}
    lines = body.split("\n")
    out = []
    in_comment = False
    for index, line in outside_code(body):
        if in_comment:
            in_comment = "-->" not in line
            continue
        if "<!--" in line and "-->" not in line.split("<!--", 1)[1]:
            in_comment = True
            continue
        if not _TASK_RE.match(line) or body_line + index in counted or index == 0:
            continue
        before = lines[index - 1]
        if before.strip() and not _LIST_RE.match(before) and not before.lstrip().startswith(
                ("#", ">", "<", "|")):
            out.append(body_line + index)
    return out


def plain(text: str) -> str:
    """Markdown inline text as the page shows it, roughly: no link targets, no emphasis
    marks, whitespace collapsed (to find an item's source line)."""
    return _SPACE_RE.sub(" ", _INLINE_RE.sub(lambda m: m.group(1) or "", text)).strip()


def _source_items(body: str, body_line: int) -> list[tuple[int, str]]:
    """(file line, plain text) of the lines outside code that look like task items."""
    out = []
    for index, line in outside_code(body):
        m = _TASK_RE.match(line)
        if m:
            out.append((body_line + index, plain(m.group(2))))
    return out


@dataclass
class _OpenLi:
    task: bool
    start: int
    depth: int
    section: tuple[str, int, str]
    text: list[str] = field(default_factory=list)
    nested: int = 0  # lists open inside it
    checked: bool | None = None
    input_at: int = -1


@dataclass
class _OpenHeading:
    level: int
    id: str
    text: list[str] = field(default_factory=list)


class _Finder(HTMLParser):
    """Collects task-list items, their own text (not nested lists, not the checkbox) and
    the heading each one follows."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[PageItem] = []
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", html)]
        self._lis: list[_OpenLi] = []  # innermost last
        self._heading: _OpenHeading | None = None
        self._section = ("", 0, "")
        self._skip = 0  # inside a permalink or a checkbox label

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._line_starts[line - 1] + col

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag in _HEADINGS:
            self._heading = _OpenHeading(int(tag[1]), a.get("id") or "")
        elif tag == "li":
            depth = sum(1 for li in self._lis if li.task)
            self._lis.append(_OpenLi("task-list-item" in classes, self._offset(), depth,
                                     self._section))
        elif tag in ("ul", "ol", "pre") and self._lis:  # (its own text: no lists, no code)
            self._lis[-1].nested += 1
        elif tag not in _VOID and (self._skip or "headerlink" in classes
                                   or "task-list-control" in classes):
            self._skip += 1
        if tag == "input" and a.get("type") == "checkbox" and self._lis:
            li = self._lis[-1]
            if li.checked is None and not li.nested:
                li.checked, li.input_at = "checked" in a, self._offset()

    def handle_endtag(self, tag: str) -> None:
        if tag in _HEADINGS and self._heading is not None:
            heading, self._heading = self._heading, None
            self._section = (_SPACE_RE.sub(" ", "".join(heading.text)).strip(), heading.level,
                             heading.id)
        elif tag == "li" and self._lis:
            li = self._lis.pop()
            if li.task and li.checked is not None:
                section, level, heading_id = li.section
                self.items.append(PageItem(_SPACE_RE.sub(" ", "".join(li.text)).strip(),
                                           li.checked, li.depth, section, level, heading_id,
                                           li.start, li.input_at))
        elif tag in ("ul", "ol", "pre") and self._lis and self._lis[-1].nested:
            self._lis[-1].nested -= 1
        elif self._skip and tag not in _VOID:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._heading is not None:
            self._heading.text.append(data)
        elif self._lis and not self._lis[-1].nested:
            self._lis[-1].text.append(data)
