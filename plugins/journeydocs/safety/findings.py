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
from typing import Any

from journeydocs.i18n import _
from journeydocs.problems import Problems
from journeydocs.safety.policy import (
    ALLOWED_TAGS,
    ATTRIBUTES,
    CLEAN_CONTENT_TAGS,
    GENERIC_PREFIXES,
    HTML_AND_SVG,
    SET_ATTRIBUTES,
    STYLE_PROPERTIES,
    SVG_ELEMENTS,
    SVG_TAGS,
    TAG_ATTRIBUTE_VALUES,
    _attribute_filter,
    image_allowed,
    is_tab_input,
    link_allowed,
    link_scheme,
)
from journeydocs.safety.rendering import render_markdown

_CONTROL_RE = re.compile(r"[\x00-\x20\x7f]+")


@dataclass(frozen=True)
class Finding:
    """One thing :func:`clean_html` removes from rendered HTML."""

    kind: str  # "tag" | "attribute" | "link" | "image" | "forced" (an input made a checkbox)
    tag: str
    name: str = ""  # the attribute
    value: str = ""  # the URL, for links and images; the value, for attributes

    def needles(self) -> list[str]:
        """Texts to look for in the Markdown source to find the line, best first."""
        if self.kind in ("tag", "forced"):
            return [f"<{self.tag}"]
        if self.kind == "attribute":  # with its value first: an attribute is often used
            shown = {self.value, html.escape(self.value, quote=False)} if self.value else set()
            return [*(f"{self.name}={q}{v}" for v in sorted(shown) for q in ('"', "'", "")),
                    f"{self.name}=", self.name]
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
                    _("scripts, styles, frames, forms and other active HTML never reach the "
                      "site, and of an SVG only its shapes do; write it in Markdown instead"))
        if self.kind == "forced":
            return (_("<{tag}> is shown as a checkbox that cannot be ticked").format(
                        tag=self.tag),
                    _("an input is only ever a task list's checkbox or a content tab's "
                      "radio button"))
        if self.kind == "attribute":
            if self.name.startswith("on"):
                why = _("event handlers would run code in a colleague's browser")
            elif self.name == "style":
                why = _("inline styles are not published; use Markdown formatting")
            elif self.tag in SVG_TAGS:
                why = _("an SVG keeps its shapes and colours, and may refer only to its own "
                        "parts by #id, never to a file")
            elif self.tag == "input":
                why = _("an input is only ever a task list's checkbox or a content tab's "
                        "radio button")
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


_SVG_NAMES = {name.lower(): name for name in
              (*SVG_ELEMENTS, *CLEAN_CONTENT_TAGS, *(a for names in ATTRIBUTES.values()
                                                    for a in names)) if name != name.lower()}
"""Names as the HTML parser gives them inside ``<svg>`` (``viewBox``, ``linearGradient``);
:class:`HTMLParser` gives every name in lower case."""
_ALLOWED = {tag: ATTRIBUTES["*"] | names for tag, names in ATTRIBUTES.items()}
"""The attributes allowed on each tag, with those allowed on every tag."""
_FOREIGN_ATTRIBUTES = {"xlink:href": "href", "xlink:title": "title", "xml:lang": "lang",
                       "xmlns:xlink": "xlink", "xml:space": "space"}
"""Namespaced attributes inside ``<svg>``, by the name the sanitiser sees (the local one)."""
_BREAKOUT = frozenset({
    "b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em",
    "embed", "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing",
    "menu", "meta", "nobr", "ol", "p", "pre", "ruby", "s", "small", "span", "strong",
    "strike", "sub", "sup", "table", "tt", "u", "ul", "var"})
"""Start tags that end ``<svg>`` content (HTML's "in foreign content" rules): what follows
is HTML again, as the sanitiser's parser reads it."""
_TEXT_ONLY = ("script", "style", "xmp", "iframe", "noembed", "noframes", "noscript",
              "textarea", "title")
"""HTML elements whose content is text, not markup (to their end tag)."""
_INTEGRATION = frozenset({"foreignObject", "desc", "title"})
"""Elements of ``<svg>`` whose content is HTML."""
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "source", "track", "wbr"})


class _Finder(HTMLParser):
    """Reads rendered HTML as the sanitiser's parser does where it matters for the policy
    (names inside ``<svg>``, where ``<svg>`` content ends, elements out of their namespace,
    elements whose content is text) and applies the same tables."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Finding] = []
        self.svg: list[str] = []  # open elements of <svg> content, the <svg> first
        self.skip = 0  # inside a removed element whose content goes with it: nesting depth
        self.skip_name = ""
        self.skip_at = -1  # its place in self.svg, when it is SVG content (else -1)
        self.foreign = False  # the last start tag was SVG content

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=True)

    def _text_only(self, tag: str, closed: bool, foreign: bool) -> None:
        """The text-only elements of HTML hold text to their end tag; inside ``<svg>``
        every element holds markup (HTMLParser itself knows only script and style)."""
        self.foreign = foreign
        if not foreign and not closed and tag in _TEXT_ONLY:
            super().set_cdata_mode(tag)

    def set_cdata_mode(self, *args: Any, **kwargs: Any) -> None:
        if not self.foreign:  # (HTMLParser calls it after a <script> or <style> start tag)
            super().set_cdata_mode(*args, **kwargs)

    def _in_html_inside_svg(self) -> bool:
        """Inside a removed ``foreignObject``, ``desc`` or ``title`` of ``<svg>``: its
        content is HTML, not SVG, and goes with it."""
        return bool(self.skip) and self.skip_at >= 0 and self.skip_name in _INTEGRATION

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> None:
        if self._in_html_inside_svg():
            self._text_only(tag, closed, foreign=False)
            return
        if self.svg and (tag in _BREAKOUT or (tag == "font" and any(
                name in ("color", "face", "size") for name, _v in attrs))):
            self._close_svg(0)  # HTML again
        foreign = bool(self.svg) or tag == "svg"
        name = _SVG_NAMES.get(tag, tag) if foreign else tag
        self._text_only(tag, closed, foreign)
        if foreign and not closed:
            self.svg.append(name)
        if self.skip:
            if name == self.skip_name and not closed:
                self.skip += 1
            return
        removed = name not in ALLOWED_TAGS and name not in SVG_TAGS
        out_of_place = (name not in SVG_ELEMENTS if foreign
                        else name in SVG_ELEMENTS and name not in HTML_AND_SVG)
        if removed or out_of_place:
            self.found.append(Finding("tag", name))
            if (out_of_place or name in CLEAN_CONTENT_TAGS) and not closed and (
                    foreign or tag not in _VOID):
                self.skip, self.skip_name = 1, name
                self.skip_at = len(self.svg) - 1 if foreign else -1
            return
        self._attributes(name, self._named(attrs, foreign))

    def _named(self, attrs: list[tuple[str, str | None]], foreign: bool) -> dict[str, str]:
        """The attributes as the sanitiser sees them: the first of a name counts."""
        out: dict[str, str] = {}
        for raw, value in attrs:
            name = (_FOREIGN_ATTRIBUTES.get(raw) or _SVG_NAMES.get(raw, raw)) if foreign else raw
            out.setdefault(name, value or "")
        return out

    def _attributes(self, tag: str, attrs: dict[str, str]) -> None:
        allowed = _ALLOWED.get(tag, ATTRIBUTES["*"])
        values = TAG_ATTRIBUTE_VALUES.get(tag, {})
        forced = SET_ATTRIBUTES.get(tag, {}) if not is_tab_input(attrs) else {}
        if any(value and attrs.get(name, "").strip().lower() != value
               for name, value in forced.items()):  # (an <input> that is no checkbox)
            self.found.append(Finding("forced", tag, "type", attrs.get("type", "")))
        for name, value in attrs.items():
            if name in forced:
                continue
            if name in values:  # (nh3 compares these values ignoring case)
                if value.lower() not in {v.lower() for v in values[name]}:
                    self.found.append(Finding("attribute", tag, name, value))
            elif name not in allowed and not any(name.startswith(p) for p in GENERIC_PREFIXES):
                self.found.append(Finding("attribute", tag, name, value))
            elif name == "href" and tag == "a" and not link_allowed(value):
                self.found.append(Finding("link", tag, name, value))
            elif name == "src" and tag == "img" and not image_allowed(value):
                self.found.append(Finding("image", tag, name, value))
            elif ((name == "style" and _style_drops(value))
                  or (name in ("href", "src") and not link_allowed(value))
                  or _attribute_filter(tag, name, value) is None):
                self.found.append(Finding("attribute", tag, name, value))

    def _close_svg(self, keep: int) -> None:
        """Close the elements of <svg> content from ``keep`` on (0: all of them)."""
        del self.svg[keep:]
        if self.skip and self.skip_at >= keep:  # (a removed SVG element, closed with them)
            self.skip = 0

    def handle_endtag(self, tag: str) -> None:
        if self.svg:
            name = _SVG_NAMES.get(tag, tag)
            if tag in ("p", "br") and not self._in_html_inside_svg():
                self._close_svg(0)
            elif name in self.svg:
                self._close_svg(len(self.svg) - 1 - self.svg[::-1].index(name))
            elif self.skip and name == self.skip_name:
                self.skip -= 1
            return
        if self.skip and tag == self.skip_name:
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

    def find(self, needles: list[str]) -> tuple[int, int] | None:
        """The line and column of the next occurrence of the first needle found; None when
        the fragment's own lines have none (an extension or an included file made it)."""
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
        return None


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
        at = locator.find(finding.needles())
        message, hint = finding.message()
        if at is None:  # not written here: said at the fragment's start, and why there
            at = (source.first, source.column)
            hint = _("no line of this text has it: the site's Markdown extensions or a file "
                     "it includes put it on the page")
        line, col = at
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
