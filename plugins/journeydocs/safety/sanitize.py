"""What author HTML and links may reach a page, and what the checker says was taken out.

Anyone who can open a pull request writes Markdown that Python-Markdown turns into HTML,
and Markdown lets raw HTML and any link through. Two halves share one policy (the
constants below):

* :func:`clean_html` enforces it on every page's HTML with `nh3` (Rust's `ammonia`, a
  maintained allow-list sanitiser; no regexes of ours decide what is safe). The plugin
  calls it in ``on_page_content``; the system map and the hourglass, which we build from
  escaped text, are held aside with :class:`Trusted` and put back afterwards.
* :func:`check_markdown` renders one author fragment (an SOP body, a journey summary, a
  step's notes) the same way and reports, with file and line, every element, attribute
  and link the sanitiser would remove, so ``journeydocs check`` and ``--strict`` fail on
  them and the author learns what happened instead of finding it silently gone.

Front matter that Material prints into templates without escaping (``title``,
``description``, ``subtitle``...) goes through :func:`secure_meta`.
"""

from __future__ import annotations

import bisect
import html
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import markdown
import nh3
import yaml

from journeydocs.content.model import Journey, Sop
from journeydocs.content.references import replace_refs
from journeydocs.content.sopfile import _outside_code
from journeydocs.content.yamlload import MAX_DEPTH, MAX_NODES, YamlDoc
from journeydocs.content.yamlmessages import NESTING, explain
from journeydocs.problems import Problems
from journeydocs.site.markup import esc

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

# --- the policy ---------------------------------------------------------------------------

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col",
    "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption",
    "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "input", "ins", "kbd",
    "label", "li", "mark", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp", "small",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "time", "tr", "u", "ul", "var", "wbr",
})
"""What Markdown and its extensions produce, plus harmless formatting authors type."""

CLEAN_CONTENT_TAGS = frozenset({
    "script", "style", "template", "iframe", "noscript", "object", "noembed", "noframes",
    "xmp", "textarea", "select", "svg", "math", "title",
})
"""Removed with everything inside them (their content is code or markup, not text)."""

ATTRIBUTES: dict[str, frozenset[str]] = {
    "*": frozenset({"class", "id", "title", "lang", "dir"}),
    "a": frozenset({"href", "name"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "input": frozenset({"checked"}),
    "th": frozenset({"align", "colspan", "rowspan", "style"}),
    "td": frozenset({"align", "colspan", "rowspan", "style"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "details": frozenset({"open"}),
    "time": frozenset({"datetime"}),
    "bdo": frozenset({"dir"}),
}
SET_ATTRIBUTES = {"input": {"type": "checkbox", "disabled": ""}}
"""Forced on: an ``<input>`` is only ever a task list's (read-only) checkbox."""
GENERIC_PREFIXES = frozenset({"data-", "aria-"})
STYLE_PROPERTIES = frozenset({"text-align"})  # Markdown tables align cells with it
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
"""A link may use these schemes, or none (a site-relative link)."""

_SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_CONTROL_RE = re.compile(r"[\x00-\x20\x7f]+")
_TAB_NEWLINE_RE = re.compile(r"[\t\n\r]")
_C0_AND_SPACE = "".join(chr(i) for i in range(0x21))


def _as_browsers_read(url: str) -> str:
    """What the URL parser works on: C0 controls and spaces trimmed from both ends, tabs
    and newlines removed everywhere (so ``java\\tscript:`` is ``javascript:``)."""
    return _TAB_NEWLINE_RE.sub("", url).strip(_C0_AND_SPACE)


def link_scheme(url: str) -> str | None:
    """The scheme a browser would see in ``url`` (lower case), or None for a relative URL."""
    m = _SCHEME_RE.match(_as_browsers_read(url))
    return m.group(1).lower() if m else None


def link_allowed(url: str) -> bool:
    """http(s), mailto, or relative (``page/``, ``#anchor``, ``//host`` is http(s) too)."""
    scheme = link_scheme(url)
    return scheme is None or scheme in LINK_SCHEMES


def image_allowed(url: str) -> bool:
    """Images come from this site only: the page's CSP would block any other host."""
    cleaned = _as_browsers_read(url)
    return link_scheme(url) is None and not cleaned.startswith(("//", "\\\\", "/\\"))


def _attribute_filter(tag: str, name: str, value: str) -> str | None:
    """The per-value rules nh3's tables cannot express. None removes the attribute."""
    if name.startswith("data-md"):  # Material's own components are driven by data-md-*
        return None
    if name == "id" and value.startswith("__"):  # Material's ids (__drawer, __config...)
        return None
    if tag == "img" and name == "src" and not image_allowed(value):
        return None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(CLEAN_CONTENT_TAGS),
    attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
    attribute_filter=_attribute_filter,
    set_tag_attribute_values={tag: dict(values) for tag, values in SET_ATTRIBUTES.items()},
    generic_attribute_prefixes=set(GENERIC_PREFIXES),
    url_schemes=set(LINK_SCHEMES),
    filter_style_properties=set(STYLE_PROPERTIES),
    link_rel=None,  # no target= is allowed, so there is no opener to protect
    strip_comments=True,
)


def clean_html(fragment: str) -> str:
    """``fragment`` with everything outside the policy removed; the same bytes every run."""
    cleaned: str = _CLEANER.clean(fragment)
    return _FORCED_TAG_RE.sub(_forced_last, cleaned) if "<input" in cleaned else cleaned


_FORCED_TAG_RE = re.compile(
    r"<(" + "|".join(map(re.escape, SET_ATTRIBUTES)) + r")((?:\s[^\s=>]+(?:=\"[^\"]*\")?)*)>")
_ATTR_RE = re.compile(r'\s([^\s=>]+)(?:="([^"]*)")?')


def _forced_last(m: re.Match[str]) -> str:
    """A tag with the attributes nh3 forces (:data:`SET_ATTRIBUTES`) last, in our order.

    ammonia keeps an element's own attributes in source order but appends the forced
    ones in the order of a Rust ``HashMap``, which is seeded per process: without this,
    every build wrote ``<input>`` differently and every deploy changed every SOP page.
    """
    tag, forced = m.group(1), SET_ATTRIBUTES[m.group(1)]
    own = "".join(f' {n}="{v}"' for n, v in _ATTR_RE.findall(m.group(2)) if n not in forced)
    added = "".join(f' {n}="{html.escape(v, quote=True)}"' for n, v in forced.items())
    return f"<{tag}{own}{added}>"


class Trusted:
    """Blocks of our own HTML held out of :func:`clean_html` (the map's SVG, the hourglass).

    :meth:`hold` swaps a block for an empty ``<div data-jd-trusted="...">`` whose key holds
    a random per-build token, so author text cannot name a block; :meth:`restore` puts the
    blocks back after cleaning.
    """

    def __init__(self) -> None:
        self.token = secrets.token_hex(12)
        self.blocks: dict[str, str] = {}

    def hold(self, html_text: str, block: str) -> str:
        if not block or block not in html_text:
            return html_text
        key = f"jd-{self.token}-{len(self.blocks)}"
        self.blocks[key] = block
        return html_text.replace(block, f'<div data-jd-trusted="{key}"></div>')

    def restore(self, html_text: str) -> str:
        if not self.blocks:
            return html_text
        return re.sub(r'<div data-jd-trusted="(jd-[0-9a-f]+-\d+)"></div>',
                      lambda m: self.blocks.get(m.group(1), ""), html_text)


def clean_page(page_html: str, trusted_blocks: Iterable[str] = ()) -> str:
    """A page's content HTML, cleaned, with our own ``trusted_blocks`` kept as they are."""
    holder = Trusted()
    for block in trusted_blocks:
        page_html = holder.hold(page_html, block)
    return holder.restore(clean_html(page_html))


# --- what the cleaner removes, for the checker -------------------------------------------

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
        if self.kind == "tag":
            return (f"<{self.tag}> is not allowed in content and is removed from the page",
                    "scripts, styles, frames, forms, SVG and other active HTML never reach "
                    "the site; write it in Markdown instead")
        if self.kind == "attribute":
            if self.name.startswith("on"):
                why = "event handlers would run code in a colleague's browser"
            elif self.name == "style":
                why = "inline styles are not published; use Markdown formatting"
            else:
                why = "only formatting attributes are kept"
            return f"attribute '{self.name}' on <{self.tag}> is removed from the page", why
        if self.kind == "image":
            return (f"image '{_short(self.value)}' is refused: images must be files of this "
                    "site", "put the image in the content folder and link it relatively, "
                    "e.g. ![Chart](../images/chart.png)")
        return (f"link to '{_short(self.value)}' is refused: only http(s), mailto and "
                "site-relative links are allowed",
                "link to a page of this playbook or to an https:// address")


def _short(text: str, limit: int = 60) -> str:
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


# --- rendering author Markdown the way pages do ------------------------------------------

_EXTENSIONS = ["toc", "tables", "fenced_code", "attr_list", "admonition", "md_in_html",
               "pymdownx.tasklist"]
_EXTENSION_CONFIGS = {"pymdownx.tasklist": {"custom_checkbox": True}}
_md: markdown.Markdown | None = None
_MAYBE_HTML = re.compile(r"<|\]\(|\]:|\{")  # raw HTML, links, link definitions, attr lists


def render_markdown(text: str) -> str:
    """Author Markdown -> HTML with the extensions every journeydocs site has."""
    global _md
    if _md is None:
        _md = markdown.Markdown(extensions=_EXTENSIONS, extension_configs=_EXTENSION_CONFIGS)
    _md.reset()
    try:
        out: str = _md.convert(text)
        return out
    except Exception:  # noqa: BLE001 - an extension bug must not stop the check
        _md = None
        return html.escape(text)


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


def check_markdown(text: str, source: Source, problems: Problems, where: str = "") -> None:
    """Report what the published page will not show of ``text``, each at its line."""
    if not text or not _MAYBE_HTML.search(text):
        return
    found = findings(render_markdown(text))
    locator = _Locator(source)
    seen: set[tuple[int, str]] = set()
    for finding in found:
        line, col = locator.find(finding.needles())
        message, hint = finding.message()
        if where:
            message = f"{where}: {message}"
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


# --- front matter and titles --------------------------------------------------------------

_TEMPLATE_RE = re.compile(r"^[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*\.html$")
_ICON_RE = re.compile(r"^[a-z0-9-]+(?:/[a-z0-9-]+)+$")
_STATUS_RE = re.compile(r"^[a-z0-9-]+$")
META_RULES = {
    "template": (_TEMPLATE_RE, "a template file name of the theme, e.g. main.html"),
    "icon": (_ICON_RE, "an icon name such as material/check"),
    "status": (_STATUS_RE, "a word such as new or deprecated"),
}
"""Front matter keys that Material uses as a file name or a CSS class."""


def check_front_matter(doc: YamlDoc, source: str, problems: Problems) -> None:
    """Report front matter values that would name files or classes the author cannot mean."""
    data = doc.data
    if not isinstance(data, dict):
        return
    for key, (regex, what) in META_RULES.items():
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, str) or not regex.match(value.strip()):
            shown = value if isinstance(value, str) else type(value).__name__
            line, col = doc.at((key,))
            problems.add(source, line, col, f"'{key}' is '{_short(str(shown))}', which is "
                         "not allowed here", f"write {what}", code="front-matter")


def secure_meta(meta: Mapping[str, Any], trusted: Iterable[str] = ()) -> dict[str, Any]:
    """Front matter made safe for templates that print it without escaping.

    Every text value is HTML-escaped (so ``<``, ``&`` and ``"`` show as typed) and the keys
    of :data:`META_RULES` are dropped when they do not match. Keys in ``trusted`` (set by
    the plugin itself) are kept as they are.
    """
    keep = set(trusted)
    out: dict[str, Any] = {}
    for key, value in meta.items():
        if key in keep:
            out[key] = value
            continue
        if key in META_RULES and not (isinstance(value, str)
                                      and META_RULES[key][0].match(value.strip())):
            continue
        out[key] = escape_values(value)
    return out


def escape_values(value: Any, _done: dict[int, Any] | None = None) -> Any:
    """Every text in ``value`` HTML-escaped. Shared lists and mappings (YAML aliases) are
    escaped once and shared again, so an alias bomb costs its size on disk, not its
    expansion."""
    if isinstance(value, str):
        return html.escape(value, quote=True)
    if not isinstance(value, (list, dict)):
        return value
    done = {} if _done is None else _done
    if id(value) in done:
        return done[id(value)]
    out: Any
    if isinstance(value, list):
        out = []
        done[id(value)] = out
        out.extend(escape_values(v, done) for v in value)
    else:
        out = {}
        done[id(value)] = out
        out.update((k, escape_values(v, done)) for k, v in value.items())
    return out


_MKDOCS_FRONT_RE = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
"""How MkDocs finds front matter (``mkdocs.utils.meta.YAML_RE``)."""


def front_matter_risky(text: str, max_depth: int = MAX_DEPTH, max_values: int = MAX_NODES) -> bool:
    """Would MkDocs' own front matter parser crash or blow up on this Markdown file?

    MkDocs reads front matter with PyYAML's recursive C composer, which dies with a
    segmentation fault on very deep nesting, and hands aliases on as shared objects that
    anything walking them expands ("billion laughs"). We walk the parser's event stream
    instead, counting depth and the values aliases would expand to.
    """
    m = _MKDOCS_FRONT_RE.match(text)
    if not m:
        return False
    sizes: dict[str, int] = {}
    stack: list[list[Any]] = [[None, 0]]  # [anchor, values inside] per open collection
    try:
        for event in yaml.parse(m.group(1), Loader=_Loader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                stack.append([event.anchor, 1])
                if len(stack) > max_depth + 1:
                    return True
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                anchor, size = stack.pop()
                stack[-1][1] += size
                if anchor:
                    sizes[anchor] = size
            elif isinstance(event, yaml.ScalarEvent):
                stack[-1][1] += 1
                if event.anchor:
                    sizes[event.anchor] = 1
            elif isinstance(event, yaml.AliasEvent):
                stack[-1][1] += sizes.get(event.anchor or "", 1)
            if stack[-1][1] > max_values or stack[0][1] > max_values:
                return True
    except yaml.MarkedYAMLError as exc:
        # libyaml's own nesting limit (PyYAML 6.0.4) stops it first; MkDocs' pure-Python
        # composer has none and would recurse until it crashes
        return explain(exc.context, exc.problem) == (NESTING, "")
    except yaml.YAMLError:
        return False  # MkDocs ignores front matter it cannot parse
    return False


def title_html(text: str) -> str:
    """Plain text (a title) as the HTML text MkDocs and Material expect in ``page.title``."""
    return html.escape(" ".join(str(text).split()), quote=True)


# --- Markdown that would take Python-Markdown hours ----------------------------------------

MAX_LINK_SCAN = 2_000_000
"""Python-Markdown looks for the ``]`` of every ``[`` by scanning forward, to the end of
the block when there is none: a paragraph of 20,000 unmatched ``[`` takes it a minute, a
2 MB one hours. A block whose scans add up to more than this many characters (about a
fifth of a second) is published with its ``[`` escaped, and reported."""


def link_scan_cost(block: str) -> int:
    """How many characters Python-Markdown's bracket matching reads in ``block``."""
    if block.count("[") * len(block) <= MAX_LINK_SCAN:  # a cheap upper bound first
        return 0
    cost, open_at = 0, []
    for i, ch in enumerate(block):
        if ch == "[":
            open_at.append(i)
        elif ch == "]" and open_at:
            cost += i - open_at.pop()
    return cost + sum(len(block) - i for i in open_at)


def defuse_brackets(text: str) -> tuple[str, list[int]]:
    """``text`` with the ``[`` of too costly blocks written as ``&#91;`` (shown as ``[``),
    and the 0-based line index where each such block starts."""
    if "[" not in text:
        return text, []
    lines = text.split("\n")
    outside = {i for i, _ in _outside_code(text)}
    blocks: list[list[int]] = []
    for i, line in enumerate(lines):
        if i in outside and line.strip():
            if blocks and blocks[-1][-1] == i - 1:
                blocks[-1].append(i)
            else:
                blocks.append([i])
    starts = []
    for block in blocks:
        if link_scan_cost("\n".join(lines[i] for i in block)) > MAX_LINK_SCAN:
            starts.append(block[0])
            for i in block:
                lines[i] = lines[i].replace("[", "&#91;")
    return ("\n".join(lines), starts) if starts else (text, [])


def _defused(text: str, path: str, first_line: int, problems: Problems, where: str) -> str:
    safe, starts = defuse_brackets(text)
    for index in starts:
        problems.add(path, first_line + index, 0,
                     f"{where}the paragraph is too long with too many '[' to publish as "
                     "Markdown", "its '[' are shown as text; split it into shorter paragraphs "
                     "or remove the '[' that close nothing", code="too-complex")
    return safe


# --- the content of one file --------------------------------------------------------------

def check_sop(sop: Sop, text: str, problems: Problems) -> None:
    """Raw HTML and links of an SOP body that the page will not show, at their lines.

    ``[[kind:id|text]]`` references become links with escaped text on the page, so they are
    replaced by their plain text before looking.
    """
    sop.body = _defused(sop.body, sop.source, sop.body_line, problems, "")
    body = replace_refs(sop.body, lambda kind, target, label: esc(label or target))
    lines = text.split("\n")
    outside = {sop.body_line + index for index, _ in _outside_code(sop.body)}
    count = len(sop.body.split("\n"))
    code = frozenset(n for n in range(sop.body_line, sop.body_line + count) if n not in outside)
    check_markdown(body, Source(sop.source, lines, sop.body_line, 1, 0, code), problems)


def check_journey(journey: Journey, doc: YamlDoc, text: str, problems: Problems) -> None:
    """The same for a journey's Markdown fields: its summary and each step's notes."""
    lines = text.split("\n")
    starts = sorted({m[0] for m in (*doc.marks.values(), *doc.key_marks.values())})
    if journey.summary:
        where = journey.at("summary")
        journey.summary = _defused(journey.summary, journey.source, where[0], problems,
                                   "summary: ")
        check_markdown(journey.summary, value_source(journey.source, lines, starts, where),
                       problems, "summary")
    for step in journey.steps:
        if step.notes:
            where = step.at("notes")
            step.notes = _defused(step.notes, journey.source, where[0], problems,
                                  f"step '{step.id}' notes: ")
            check_markdown(step.notes, value_source(journey.source, lines, starts, where),
                           problems, f"step '{step.id}' notes")
