"""What :func:`~journeydocs.safety.policy.clean_html` removes, told to the author by line.

:func:`check_markdown` renders one author fragment (an SOP body, a journey summary, a step's
notes) the way pages do and reports, with file and line, every element, attribute and link
the sanitiser would remove, so ``journeydocs check`` and ``--strict`` fail on them and the
author learns what happened instead of finding it silently gone. It only reads: it never
changes the text it checks.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

from journeydocs.i18n import _
from journeydocs.problems import Problems
from journeydocs.safety.policy import (
    ALLOWED_TAGS,
    ATTRIBUTES,
    CLEAN_CONTENT_TAGS,
    GENERIC_PREFIXES,
    SET_ATTRIBUTES,
    STYLE_PROPERTIES,
    _attribute_filter,
    image_allowed,
    link_allowed,
    link_scheme,
)
from journeydocs.safety.rendering import render_markdown

_CONTROL_RE = re.compile(r"[\x00-\x20\x7f]+")


@dataclass(frozen=True)
class Finding:
    """One thing :func:`clean_html` removes from rendered HTML."""

    kind: str  # "tag" | "attribute" | "link" | "image"
    tag: str
    name: str = ""  # the attribute
    value: str = ""  # the URL, for links and images

    def needles(self) -> list[str]:
        """Texts to look for in the Markdown source to find the line, best first."""
        if self.kind == "tag":
            return [f"<{self.tag}"]
        if self.kind == "attribute":
            return [f"{self.name}=", self.name]
        out = [self.value, html.escape(self.value)]
        scheme = link_scheme(self.value)
        if scheme:
            out.append(f"{scheme}:")
        tail = _CONTROL_RE.split(self.value.strip())[-1]  # after a hidden tab or newline
        if len(tail) >= 4:
            out.append(tail)
        return out

    def message(self) -> tuple[str, str]:
        """``(message, hint)`` for the author, in the active language."""
        if self.kind == "tag":
            return (_("<{tag}> is not allowed in content and is removed from the page").format(
                        tag=self.tag),
                    _("scripts, styles, frames, forms, SVG and other active HTML never reach "
                      "the site; write it in Markdown instead"))
        if self.kind == "attribute":
            if self.name.startswith("on"):
                why = _("event handlers would run code in a colleague's browser")
            elif self.name == "style":
                why = _("inline styles are not published; use Markdown formatting")
            else:
                why = _("only formatting attributes are kept")
            return (_("attribute '{name}' on <{tag}> is removed from the page").format(
                name=self.name, tag=self.tag), why)
        if self.kind == "image":
            return (_("image '{url}' is refused: images must be files of this site").format(
                        url=shorten(self.value)),
                    _("put the image in the content folder and link it relatively, e.g. "
                      "![Chart](../images/chart.png)"))
        return (_("link to '{url}' is refused: only http(s), mailto and site-relative links "
                  "are allowed").format(url=shorten(self.value)),
                _("link to a page of this playbook or to an https:// address"))


def shorten(text: str, limit: int = 60) -> str:
    """One line, control characters shown as escapes (a hidden tab is how links lie)."""
    text = "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii")
                   for ch in text.strip())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Finding] = []
        self.skip = 0  # inside a clean-content element: its inside is not reported

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip:
            if tag in CLEAN_CONTENT_TAGS:
                self.skip += 1
            return
        if tag not in ALLOWED_TAGS:
            self.found.append(Finding("tag", tag))
            if tag in CLEAN_CONTENT_TAGS:
                self.skip = 1
            return
        allowed = ATTRIBUTES["*"] | ATTRIBUTES.get(tag, frozenset())
        forced = SET_ATTRIBUTES.get(tag, {})
        for name, raw in attrs:
            value = raw or ""
            if name in forced:
                if forced[name] and value.strip().lower() != forced[name]:
                    self.found.append(Finding("attribute", tag, name))
                continue
            if name not in allowed and not any(name.startswith(p) for p in GENERIC_PREFIXES):
                self.found.append(Finding("attribute", tag, name))
            elif name == "href" and tag == "a" and not link_allowed(value):
                self.found.append(Finding("link", tag, name, value))
            elif name == "src" and tag == "img" and not image_allowed(value):
                self.found.append(Finding("image", tag, name, value))
            elif ((name == "style" and _style_drops(value))
                  or _attribute_filter(tag, name, value) is None):
                self.found.append(Finding("attribute", tag, name))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        skip = self.skip
        self.handle_starttag(tag, attrs)
        if not skip and tag in CLEAN_CONTENT_TAGS:
            self.skip = 0  # <svg/> closes itself

    def handle_endtag(self, tag: str) -> None:
        if self.skip and tag in CLEAN_CONTENT_TAGS:
            self.skip -= 1


def _style_drops(style: str) -> bool:
    for declaration in style.split(";"):
        prop = declaration.split(":", 1)[0].strip().lower()
        if prop and prop not in STYLE_PROPERTIES:
            return True
    return False


def findings(rendered: str) -> list[Finding]:
    """Everything :func:`clean_html` would remove from ``rendered``, in document order."""
    finder = _Finder()
    finder.feed(rendered)
    finder.close()
    return finder.found



_MAYBE_HTML = re.compile(r"<|\]\(|\]:|\{")  # raw HTML, links, link definitions, attr lists


@dataclass(frozen=True)
class Source:
    """Where a Markdown fragment stands in its file, to turn findings into locations.

    ``lines`` are the file's lines; the fragment's text is found from ``first`` (a 1-based
    line) up to, not including, ``end``. ``column`` is where the fragment itself starts.
    """

    path: str
    lines: list[str]
    first: int
    column: int = 1
    end: int = 0
    code_lines: frozenset[int] = frozenset()  # file lines inside fenced code



class _Locator:
    """Finds the source line of each finding, in order: one cursor per needle, so the
    k-th removed ``<script>`` is matched with the k-th ``<script`` of the source, and the
    whole search is linear in the size of the text."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.end = min(source.end or len(source.lines) + 1, len(source.lines) + 1)
        self.cursor: dict[str, tuple[int, int]] = {}
        self._lower: dict[int, tuple[str, list[int]]] = {}

    def _line(self, number: int) -> tuple[str, list[int]]:
        if number not in self._lower:
            text = self.source.lines[number - 1].lower()
            self._lower[number] = (text, [i for i, ch in enumerate(text) if ch == "`"])
        return self._lower[number]

    def find(self, needles: list[str]) -> tuple[int, int]:
        for needle in needles:
            low = needle.lower()
            if not low:
                continue
            number, start = self.cursor.get(low, (self.source.first, 0))
            while number < self.end:
                if number in self.source.code_lines:
                    number, start = number + 1, 0
                    continue
                text, ticks = self._line(number)
                col = text.find(low, start)
                if col < 0:
                    number, start = number + 1, 0
                    continue
                start = col + 1
                if bisect.bisect_left(ticks, col) % 2:  # inside an inline code span
                    continue
                self.cursor[low] = (number, start)
                return number, col + 1
            self.cursor[low] = (number, start)
        return self.source.first, self.source.column


def check_markdown(text: str, source: Source, problems: Problems,
                   where: Callable[[str], str] | None = None) -> None:
    """Report what the published page will not show of ``text``, each at its line;
    ``where`` puts a message in its place (``step 'a' notes: ...``)."""
    if not text or not _MAYBE_HTML.search(text):
        return
    found = findings(render_markdown(text))
    locator = _Locator(source)
    seen: set[tuple[int, str]] = set()
    for finding in found:
        line, col = locator.find(finding.needles())
        message, hint = finding.message()
        if where is not None:
            message = where(message)
        if (line, message) in seen:
            continue
        seen.add((line, message))
        problems.add(source.path, line, col, message, hint,
                     code="link" if finding.kind in ("link", "image") else "html")


def value_source(path: str, lines: list[str], starts: list[int],
                 at: tuple[int, int]) -> Source:
    """The :class:`Source` of a YAML value that starts at ``at``: it ends where the next
    value or key of the file starts (``starts``: the sorted lines where any starts)."""
    line, col = at
    later = bisect.bisect_right(starts, line)
    return Source(path, lines, line, col,
                  starts[later] if later < len(starts) else len(lines) + 1)
