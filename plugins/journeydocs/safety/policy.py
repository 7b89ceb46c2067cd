"""What author HTML and links may reach a page: the allow-list, enforced with nh3.

Anyone who can open a pull request writes Markdown that Python-Markdown turns into HTML, and
Markdown lets raw HTML and any link through. :func:`clean_html` enforces the policy (the
constants below) with `nh3` (Rust's `ammonia`, a maintained allow-list sanitiser; no regexes
of ours decide what is safe). The plugin calls :func:`clean_page` on the pages it owns; the
system map and the hourglass, which we build from escaped text, are held aside with
:class:`Trusted` and put back afterwards. :mod:`journeydocs.safety.findings` reads the same
constants to tell authors, with file and line, what the cleaner will remove.
"""

from __future__ import annotations

import html
import re
import secrets
from collections.abc import Iterable

import nh3

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
    "th": frozenset({"align", "colspan", "rowspan", "scope", "style"}),  # scope: a row's header
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
