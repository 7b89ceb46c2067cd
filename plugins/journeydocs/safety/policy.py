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

from journeydocs.safety import rendering

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col",
    "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption",
    "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "input", "ins", "kbd",
    "label", "li", "mark", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp", "small",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "time", "tr", "u", "ul", "var", "wbr",
})
"""What Markdown and its extensions produce, plus harmless formatting authors type."""

SVG_TAGS = frozenset({
    "svg", "g", "path", "circle", "ellipse", "line", "polyline", "polygon", "rect", "defs",
    "symbol", "use", "linearGradient", "radialGradient", "stop", "clipPath", "mask", "text",
    "tspan",
})
"""Inline SVG as icons are drawn (Material's ``:material-…:`` and the site's own icons):
shapes, groups, gradients, clips and text. Nothing that runs, animates, embeds HTML
(``foreignObject``) or loads a file (``image``, ``use`` of another file) is among them.
Names are as the HTML parser gives them inside ``<svg>`` (``linearGradient``)."""

SVG_ELEMENTS = frozenset({
    "a", "animate", "animateMotion", "animateTransform", "circle", "clipPath", "defs", "desc",
    "discard", "ellipse", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite",
    "feConvolveMatrix", "feDiffuseLighting", "feDisplacementMap", "feDistantLight",
    "feDropShadow", "feFlood", "feFuncA", "feFuncB", "feFuncG", "feFuncR", "feGaussianBlur",
    "feImage", "feMerge", "feMergeNode", "feMorphology", "feOffset", "fePointLight",
    "feSpecularLighting", "feSpotLight", "feTile", "feTurbulence", "filter", "foreignObject",
    "g", "image", "line", "linearGradient", "marker", "mask", "metadata", "mpath", "path",
    "pattern", "polygon", "polyline", "radialGradient", "rect", "script", "set", "stop",
    "style", "svg", "switch", "symbol", "text", "textPath", "title", "tspan", "use", "view",
})
"""Every SVG element name (SVG 2's index). nh3 removes, with its content, an element out of
its place: inside ``<svg>`` one whose name is not among these, outside ``<svg>`` one whose
name is (except :data:`HTML_AND_SVG`), so that markup cannot change meaning when the
browser reads the cleaned page again."""
HTML_AND_SVG = frozenset({"a", "title", "style", "font", "script", "span"})
"""Names that are HTML elements too."""

CLEAN_CONTENT_TAGS = frozenset({
    "script", "style", "template", "iframe", "noscript", "object", "noembed", "noframes",
    "xmp", "textarea", "select", "math", "title", "foreignObject", "foreignobject", "desc",
})
"""Removed with everything inside them (their content is code or markup, not text; inside
``<svg>``, ``foreignObject``, ``desc`` and ``title`` hold HTML)."""

SVG_PRESENTATION = frozenset({
    "fill", "fill-opacity", "fill-rule", "clip-rule", "clip-path", "mask", "stroke",
    "stroke-width", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit",
    "stroke-dasharray", "stroke-dashoffset", "stroke-opacity", "opacity", "transform",
    "color", "display", "visibility", "vector-effect", "shape-rendering", "paint-order",
    "stop-color", "stop-opacity", "font-family", "font-size", "font-style", "font-weight",
    "text-anchor", "dominant-baseline", "letter-spacing", "text-decoration",
})
"""Attributes that only say how an SVG shape looks (their values are checked by
:func:`svg_value_allowed`: a ``url()`` may only name a gradient or clip of the page)."""
_SVG_OWN: dict[str, frozenset[str]] = {
    "svg": frozenset({"xmlns", "xlink", "viewBox", "width", "height", "x", "y",
                      "preserveAspectRatio", "version", "focusable", "role"}),
    "path": frozenset({"d", "pathLength"}),
    "circle": frozenset({"cx", "cy", "r", "pathLength"}),
    "ellipse": frozenset({"cx", "cy", "rx", "ry", "pathLength"}),
    "line": frozenset({"x1", "y1", "x2", "y2", "pathLength"}),
    "polyline": frozenset({"points", "pathLength"}),
    "polygon": frozenset({"points", "pathLength"}),
    "rect": frozenset({"x", "y", "width", "height", "rx", "ry", "pathLength"}),
    "symbol": frozenset({"viewBox", "preserveAspectRatio", "width", "height", "x", "y"}),
    "use": frozenset({"href", "x", "y", "width", "height"}),  # href: a shape of this page
    "linearGradient": frozenset({"x1", "y1", "x2", "y2", "gradientUnits",
                                 "gradientTransform", "spreadMethod", "href"}),
    "radialGradient": frozenset({"cx", "cy", "r", "fx", "fy", "fr", "gradientUnits",
                                 "gradientTransform", "spreadMethod", "href"}),
    "stop": frozenset({"offset"}),
    "clipPath": frozenset({"clipPathUnits"}),
    "mask": frozenset({"x", "y", "width", "height", "maskUnits", "maskContentUnits"}),
    "text": frozenset({"x", "y", "dx", "dy", "rotate", "textLength", "lengthAdjust"}),
    "tspan": frozenset({"x", "y", "dx", "dy", "rotate", "textLength", "lengthAdjust"}),
}

ATTRIBUTES: dict[str, frozenset[str]] = {
    "*": frozenset({"class", "id", "title", "lang", "dir"}),
    "a": frozenset({"href", "name"}),
    "img": frozenset({"src", "alt", "width", "height", "loading", "align"}),
    "input": frozenset({"checked", "disabled", "name"}),  # + type, see TAG_ATTRIBUTE_VALUES
    "label": frozenset({"for"}),
    "th": frozenset({"align", "colspan", "rowspan", "scope", "style"}),  # scope: a row's header
    "td": frozenset({"align", "colspan", "rowspan", "style"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "details": frozenset({"open"}),
    "time": frozenset({"datetime"}),
    "bdo": frozenset({"dir"}),
    **{tag: SVG_PRESENTATION | _SVG_OWN.get(tag, frozenset()) for tag in SVG_TAGS},
}
"""Attributes allowed per tag (``*``: on every tag). Inside ``<svg>`` the parser gives
``xlink:href`` as ``href`` and ``xmlns:xlink`` as ``xlink``."""
TAG_ATTRIBUTE_VALUES = {"input": {"type": frozenset({"checkbox", "radio"})}}
"""Attributes allowed with these values only: an ``<input>`` is a task list's checkbox or
a content tab's radio button (``pymdownx.tabbed``), nothing one can type into."""
SET_ATTRIBUTES = {"input": {"type": "checkbox", "disabled": ""}}
"""Forced on every ``<input>`` that is not a content tab's radio button
(:func:`is_tab_input`): it is a task list's read-only checkbox, as Markdown makes it (the
checklist script enables the checklist's own)."""
GENERIC_PREFIXES = frozenset({"data-", "aria-"})
STYLE_PROPERTIES = frozenset({"text-align"})  # Markdown tables align cells with it
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
"""A link may use these schemes, or none (a site-relative link)."""

EXTENSION_IDS = re.compile(r"__(?:tabbed_\d+_\d+|codelineno-\d+-\d+|span-\d+-\d+|"
                           r"[a-z][a-z-]*-caption_\d+(?:_\d+)*)")
"""Ids starting with ``__`` are Material's own (``__drawer``, ``__search``...), except
those Markdown extensions give: content tabs (``pymdownx.tabbed``, ``blocks.tab``), code
lines (``pymdownx.highlight``'s ``anchor_linenums`` and ``line_spans: __span``) and
numbered captions (``pymdownx.blocks.caption``)."""
TAB_NAME = re.compile(r"__tabbed_\d+")
"""The ``name`` of a content tab's radio buttons, one per set of tabs."""

_SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_CONTROL_RE = re.compile(r"[\x00-\x20\x7f]+")
_TAB_NEWLINE_RE = re.compile(r"[\t\n\r]")
_C0_AND_SPACE = "".join(chr(i) for i in range(0x21))
_EMOJI_FILE = re.compile(r"[0-9a-f]{2,6}(?:-[0-9a-f]{2,6})*\.(?:svg|png)")
_LOCAL_REF = re.compile(r"#[A-Za-z_][\w.:-]*")
_FUNCTION_RE = re.compile(r"([A-Za-z_-]+)\s*\(")
_LOCAL_URL = re.compile(r"""url\(\s*(['"]?)#[A-Za-z_][\w.:-]*\1\s*\)""", re.IGNORECASE)
SVG_FUNCTIONS = frozenset({"url", "rgb", "rgba", "hsl", "hsla", "translate", "rotate",
                           "scale", "matrix", "skewx", "skewy"})
"""Functions an SVG attribute value may use (colours, transforms, ``url(#id)``)."""


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
    """Images come from this site only (the page's CSP would block any other host), or are
    the emoji images the site's own emoji extension makes (:func:`emoji_image`)."""
    cleaned = _as_browsers_read(url)
    if link_scheme(url) is None and not cleaned.startswith(("//", "\\\\", "/\\")):
        return True
    return emoji_image(url)


def emoji_image(url: str) -> bool:
    """An emoji image from where the site's emoji extension takes them
    (:meth:`~journeydocs.safety.rendering.MarkdownSetup.emoji_images`; the CSP allows that
    folder too): only a code point's file (``1f604.svg``) in that very folder."""
    return any(url.startswith(folder) and _EMOJI_FILE.fullmatch(url[len(folder):])
               for folder in rendering.current().emoji_images())


def svg_value_allowed(value: str) -> bool:
    """An SVG attribute value that loads nothing: colours, lengths, transforms, and
    ``url(#id)`` naming a gradient or clip of the page; no CSS escapes."""
    if "\\" in value:
        return False
    if "(" not in value:  # (a path's data: long, and no function)
        return True
    for m in _FUNCTION_RE.finditer(value):
        name = m.group(1).lower()
        if name not in SVG_FUNCTIONS or (
                name == "url" and not _LOCAL_URL.match(value, m.start(1))):
            return False
    return True


def id_allowed(value: str) -> bool:
    """An ``id`` (or a label's ``for``, a link's ``name``) that is not one of Material's."""
    return not value.startswith("__") or EXTENSION_IDS.fullmatch(value) is not None


def _attribute_filter(tag: str, name: str, value: str) -> str | None:
    """The per-value rules nh3's tables cannot express. None removes the attribute."""
    if name.startswith("data-md"):  # Material's own components are driven by data-md-*
        return None
    if (name in ("id", "for") or (name == "name" and tag == "a")) and not id_allowed(value):
        return None
    if tag == "input" and name == "name" and not TAB_NAME.fullmatch(value):
        return None
    if tag == "img" and name == "src" and not image_allowed(value):
        return None
    if tag in SVG_TAGS and not name.startswith("aria-"):  # (aria-*: words, loading nothing)
        if name == "href":
            return value if _LOCAL_REF.fullmatch(value.strip()) else None
        if not svg_value_allowed(value):
            return None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS | SVG_TAGS),
    clean_content_tags=set(CLEAN_CONTENT_TAGS),
    attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
    attribute_filter=_attribute_filter,
    tag_attribute_values={tag: {name: set(values) for name, values in rules.items()}
                          for tag, rules in TAG_ATTRIBUTE_VALUES.items()},
    generic_attribute_prefixes=set(GENERIC_PREFIXES),
    url_schemes=set(LINK_SCHEMES),
    filter_style_properties=set(STYLE_PROPERTIES),
    link_rel=None,  # no target= is allowed, so there is no opener to protect
    strip_comments=True,
)


def clean_html(fragment: str) -> str:
    """``fragment`` with everything outside the policy removed; the same bytes every run."""
    cleaned: str = _CLEANER.clean(fragment)
    return _FORCED_TAG_RE.sub(_forced, cleaned) if "<input" in cleaned else cleaned


def is_tab_input(attributes: dict[str, str]) -> bool:
    """A content tab's radio button as ``pymdownx.tabbed`` makes it: ``type="radio"``,
    ``name="__tabbed_N"`` (its ``id`` is ``__tabbed_N_M``, or a slug with ``slugify``)."""
    return (attributes.get("type") == "radio"
            and TAB_NAME.fullmatch(attributes.get("name") or "") is not None)


_FORCED_TAG_RE = re.compile(
    r"<(" + "|".join(map(re.escape, SET_ATTRIBUTES)) + r")((?:\s[^\s=>]+(?:=\"[^\"]*\")?)*)>")
_ATTR_RE = re.compile(r'\s([^\s=>]+)(?:="([^"]*)")?')


def _forced(m: re.Match[str]) -> str:
    """An ``<input>`` of the cleaned HTML: a content tab's radio button as it is, any other
    with :data:`SET_ATTRIBUTES` forced on, last and in our order (nh3 cannot force values
    on some inputs and not others; this works on its output, where every attribute is
    written ``name="value"``)."""
    tag, forced = m.group(1), SET_ATTRIBUTES[m.group(1)]
    pairs = _ATTR_RE.findall(m.group(2))
    if is_tab_input({n: html.unescape(v) for n, v in pairs}):
        return m.group(0)
    own = "".join(f' {n}="{v}"' for n, v in pairs if n not in forced)
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
