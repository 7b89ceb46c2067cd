"""A Content-Security-Policy for every page: scripts from this site and the theme only.

The policy travels in a ``<meta http-equiv="Content-Security-Policy">`` tag, because the
site is static files (GitHub Pages sets no headers for us). It allows scripts, styles,
fonts, images and connections from the site's own origin only, and of inline scripts
only those the theme's templates contain: each is allowed by the SHA-256 of its text on
this very page (Material's inline scripts differ per page, e.g. the site root's relative
path), so there is no ``'unsafe-inline'`` for scripts.

"The theme's own" is decided from the templates, not from the page: :func:`theme_scripts`
turns each inline ``<script>`` of the theme's Jinja templates into a pattern in which a
``{{ ... }}`` may only stand for plain text, and :func:`add_policy` hashes a page's inline
script only when it matches one. A script that reached the page any other way (a hole in
escaping somewhere) is left unhashed, so the browser refuses to run it, and is returned
so the plugin can say so.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from journeydocs.i18n import _
from journeydocs.problems import listing

POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],  # + the hashes of the page's theme scripts
    "style-src": ["'self'", "'unsafe-inline'"],  # Material and the map set style attributes
    "img-src": ["'self'", "data:"],  # Material's icons are data: URIs in its CSS
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],  # search index, instant navigation
    "worker-src": ["'self'"],  # the search worker
    "frame-src": ["'self'"],  # (named, so the csp option can add hosts of embeds)
    "media-src": ["'self'"],  # (named, so the csp option can add hosts of video, audio)
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
"""``frame-ancestors``, ``report-uri`` and ``sandbox`` are ignored in a meta tag: not set."""

_SCRIPT_RE = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_JINJA_RE = re.compile(r"(\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\})", re.DOTALL)
_TYPE_RE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_JS_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}
_VALUE = r"[^<>\"'`\\(){};]*"
"""What a ``{{ expression }}`` inside a theme script may print: a URL or a word, no code."""
_MIN_LITERAL = 16
"""A template script with less fixed text than this says too little to recognise it by."""
_TAG_RE = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def _runs(attrs: str) -> bool:
    """True when a ``<script>`` with these attributes and no ``src`` would run its text."""
    if re.search(r"\bsrc\s*=", attrs, re.IGNORECASE):
        return False
    m = _TYPE_RE.search(attrs)
    return (m.group(1).lower() if m else "") in _JS_TYPES


@dataclass
class ThemeScripts:
    """Patterns of the inline scripts the theme's templates contain."""

    patterns: list[re.Pattern[str]] = field(default_factory=list)

    def match(self, body: str) -> bool:
        return any(p.fullmatch(body) for p in self.patterns)


def theme_scripts(templates: Iterable[str]) -> ThemeScripts:
    """Patterns from the text of every template (Material's and the project's own)."""
    patterns: dict[str, re.Pattern[str]] = {}
    for source in templates:
        for m in _SCRIPT_RE.finditer(source):
            attrs, body = m.group(1), m.group(2)
            if not _runs(attrs) or not body.strip():
                continue
            parts = _JINJA_RE.split(body)
            literal = "".join(parts[0::2])
            if len(literal.strip()) < _MIN_LITERAL:
                continue
            regex = ""
            for i, part in enumerate(parts):
                if i % 2:
                    regex += "" if part.startswith("{#") else _VALUE
                else:
                    regex += r"\s*".join(re.escape(chunk) for chunk in re.split(r"\s+", part))
            patterns.setdefault(regex, re.compile(regex, re.DOTALL))
    return ThemeScripts(list(patterns.values()))


def script_hash(body: str) -> str:
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


Sources = dict[str, list[str]]
"""Extra sources per directive, e.g. ``{"script-src": ["https://cdn.example.com"]}``."""
_SOURCE_RE = re.compile(r"^(?:'[a-z0-9-]+'|'sha(?:256|384|512)-[A-Za-z0-9+/]+={0,2}'|"
                        r"[a-z][a-z0-9+.-]*:(?://[^\s;,'\"<>&]+)?|"
                        r"(?:\*\.)?[A-Za-z0-9.-]+(?::\d+)?(?:/[^\s;,'\"<>&]*)?)$")


def check_sources(extra: object) -> tuple[Sources, list[str]]:
    """The ``csp`` option's extra sources, and what is wrong with them (one line each).

    ``extra`` maps a directive of :data:`POLICY` to a list of CSP sources (a host, a
    scheme such as ``https:``, a keyword in quotes such as ``'unsafe-eval'``, or the hash
    of an inline script such as ``'sha256-...'``, which :func:`add_policy` then allows on
    every page that has that script). A source
    with a space, ``;`` or ``,`` would end the directive early and is refused.
    """
    if not isinstance(extra, dict):
        return {}, [_("must be true, false, or a mapping of directive to a list of sources")]
    sources: Sources = {}
    wrong = []
    for directive, values in extra.items():
        if directive not in POLICY:
            wrong.append(_("'{directive}' is not a directive journeydocs sets (one of "
                           "{directives})").format(directive=directive,
                                                   directives=listing(POLICY)))
            continue
        values = [values] if isinstance(values, str) else values
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            wrong.append(_("'{directive}' must be a list of sources").format(
                directive=directive))
            continue
        bad = [v for v in values if not _SOURCE_RE.match(v)]
        if bad:
            wrong.append(_("'{directive}': {sources} is not a CSP source").format(
                directive=directive, sources=listing(map(repr, bad))))
            continue
        sources[directive] = list(values)
    return sources, wrong


def site_sources(*, scripts: Iterable[str] = (), styles: Iterable[str] = (),
                 repo_url: str = "", fonts: bool = False,
                 analytics: str = "", mermaid: str = "",
                 images: Iterable[str] = ()) -> Sources:
    """What a site's own configuration loads from elsewhere, per directive.

    ``scripts``/``styles`` are its ``extra_javascript``/``extra_css`` (absolute URLs name
    their origin, allowed for their kind and for fonts, which such libraries load from
    the same place); ``repo_url`` on GitHub or GitLab makes Material fetch the repository's
    stars from that host's API; ``fonts`` is Material's Google Fonts (``theme.font`` not
    false); ``analytics`` is Material's ``extra.analytics.provider``; ``mermaid`` is the
    URL the theme loads Mermaid from when the site draws diagrams (allowed as that one file,
    see :func:`mermaid_script`); ``images`` are the folders the site's emoji extension
    takes its images from (allowed as those folders, see
    :meth:`~journeydocs.safety.rendering.MarkdownSetup.emoji_images`).
    """
    out: Sources = {}

    def add(directive: str, source: str) -> None:
        if source not in out.setdefault(directive, []):
            out[directive].append(source)

    for directive, urls in (("script-src", scripts), ("style-src", styles)):
        for url in urls:
            origin = _origin(url)
            if origin:
                add(directive, origin)
                add("font-src", origin)  # (MathJax, KaTeX: their fonts come from there too)
    repo = _origin(repo_url)
    if repo == "https://github.com":
        add("connect-src", "https://api.github.com")
    elif repo and "gitlab" in repo:
        add("connect-src", repo)
    if fonts:
        add("style-src", "https://fonts.googleapis.com")
        add("font-src", "https://fonts.gstatic.com")
    if mermaid:
        add("script-src", mermaid)
    for folder in images:
        add("img-src", folder)
    if analytics == "google":
        add("script-src", "https://www.googletagmanager.com")
        add("connect-src", "https://*.google-analytics.com")
        add("connect-src", "https://*.analytics.google.com")
        add("img-src", "https://*.google-analytics.com")
    return out


_MERMAID_RE = re.compile(r"""https://[A-Za-z0-9.-]+/mermaid@[A-Za-z0-9.]+/[^"'`\s;,]*\.js""")


def mermaid_script(bundles: Iterable[str]) -> str:
    """The Mermaid script a theme's JavaScript loads (Material loads it from unpkg.com when
    a page has a diagram), from the text of the theme's bundles; "" when none names one."""
    for text in bundles:
        m = _MERMAID_RE.search(text)
        if m:
            return m.group(0)
    return ""


def _origin(url: str) -> str:
    m = re.match(r"^(https?)://([^/?#\s]+)", url.strip())
    return f"{m.group(1)}://{m.group(2)}" if m else ""


def policy(hashes: Iterable[str] = (), extra: Sources | None = None) -> str:
    """The policy text with ``hashes`` (``'sha256-...'``) allowed as inline scripts, and
    the ``extra`` sources (:func:`site_sources`, the ``csp`` option) added."""
    parts = []
    for directive, sources in POLICY.items():
        values = list(sources)
        for source in (extra or {}).get(directive, []):
            if source not in values:
                values.append(source)
        if directive == "script-src":
            values += sorted(set(hashes))
        parts.append(" ".join([directive, *values]))
    return "; ".join(parts)


def inline_scripts(page: str) -> list[str]:
    """The text of each inline script on ``page`` that a browser would run."""
    return [m.group(2) for m in _SCRIPT_RE.finditer(page) if _runs(m.group(1))]


def add_policy(page: str, theme: ThemeScripts,
               extra: Sources | None = None) -> tuple[str, list[str]]:
    """``page`` with its CSP meta tag, and the inline scripts that are not the theme's
    and that the site owner did not allow by their hash (in ``extra``'s ``script-src``).

    The tag goes right after ``<meta charset>`` (else right after ``<head>``), before any
    script, so the policy covers them all. A page without ``<head>`` is returned as it is.
    """
    hashes, foreign = [], []
    allowed = set((extra or {}).get("script-src", []))
    for body in inline_scripts(page):
        if theme.match(body) or script_hash(body) in allowed:
            hashes.append(script_hash(body))
        else:
            foreign.append(body)
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy(hashes, extra)}">'
    charset = re.search(r"<meta\s+charset=[^>]*>", page, re.IGNORECASE)
    head = re.search(r"<head(\s[^>]*)?>", page, re.IGNORECASE)
    anchor = charset if charset and (head is None or charset.start() > head.start()) else head
    if anchor is None:
        return page, foreign
    return page[: anchor.end()] + tag + page[anchor.end():], foreign


_ATTRS = r"""(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*?"""
"""Attributes before the one looked for, each whole (a quoted value may hold ``src=`` or
``onerror=`` as text: an escaped title in an ``aria-label``, say)."""
_RESOURCE_RE = re.compile(
    r"<(img|iframe|video|audio|source|embed|track)\b" + _ATTRS +
    r"\s+src\s*=\s*[\"']?(https?:)?//([^/\"'\s>]+)([^\"'\s>]*)", re.IGNORECASE)
_HANDLER_RE = re.compile(r"<([a-zA-Z][\w-]*)\b" + _ATTRS + r"\s+(on[a-z]+)\s*=",
                         re.IGNORECASE)
_DIRECTIVE = {"img": "img-src", "video": "media-src", "audio": "media-src",
              "source": "media-src", "track": "media-src", "iframe": "frame-src",
              "embed": "object-src"}


class Blocked(NamedTuple):
    """One thing a page's policy blocks: ``what`` it is (in the site's language), how to
    ``allow`` it, and ``needles``: text the page's source will hold where it was written
    (looked for in that order, ignoring case), to say its line."""

    what: str
    allow: str
    needles: tuple[str, ...]


def blocked(page: str, extra: Sources | None = None) -> list[Blocked]:
    """What on ``page`` its policy will block: an image, video or frame from another host
    (allowed with the ``csp`` option's directive for it), an inline event handler
    (``onclick=``: a policy never allows those; use a script file). Each at most once per
    page, in the order met."""
    out: dict[tuple[str, str], Blocked] = {}
    for m in _RESOURCE_RE.finditer(page):
        tag, scheme, host = m.group(1).lower(), m.group(2) or "https:", m.group(3)
        directive = _DIRECTIVE[tag]
        origin = f"{scheme}//{host}"
        allowed = [*POLICY.get(directive, []), *(extra or {}).get(directive, [])]
        if not _allows(allowed, scheme, host, m.group(4)):
            # Translators: what a page's policy blocks: "<img> from https://example.com"
            what = _("<{tag}> from {origin}").format(tag=tag, origin=origin)
            allow = _("{option} in the journeydocs options").format(
                option=f"csp: {{{directive}: [{origin}]}}")
            out.setdefault((what, allow), Blocked(what, allow, (host + m.group(4), host)))
    for m in _HANDLER_RE.finditer(page):
        what = _("the inline event handler {name}= on <{tag}>").format(
            name=m.group(2).lower(), tag=m.group(1).lower())
        allow = _("run that code from a script file instead (a policy never allows handlers)")
        out.setdefault((what, allow), Blocked(what, allow, (m.group(2) + "=", m.group(2))))
    return list(out.values())


def _allows(sources: list[str], scheme: str, host: str, path: str = "") -> bool:
    """Does a directive with ``sources`` allow ``scheme//host/path`` (a host, ``https:``, a
    ``*.`` wildcard host, or a host and path: a folder ending in ``/`` or one file)?"""
    for source in sources:
        if source in (scheme, f"{scheme}//{host}", "*"):
            return True
        folder = f"{scheme}//{host}/"
        if source.startswith(folder) and (path.startswith(source[len(folder) - 1:])
                                          if source.endswith("/")
                                          else path == source[len(folder) - 1:]):
            return True
        m = re.match(r"^(?:(https?:)//)?\*\.(.+)$", source)
        if m and (m.group(1) in (None, scheme)) and host.endswith("." + m.group(2)):
            return True
    return False


def allow_script(page: str, body: str) -> str:
    """``page`` whose policy also allows the one inline script ``body``, by its hash.

    For a script added to the page after the build (``mkdocs serve``'s live reload, see
    :mod:`~journeydocs.mkdocs_plugin.devserver`). Only the first policy tag is changed: the one
    :func:`add_policy` put in the head, before any other content. A page without it is
    returned as it is.
    """
    m = _TAG_RE.search(page)
    if m is None:
        return page
    directives = [d + " " + script_hash(body) if d.split(" ", 1)[0] == "script-src" else d
                  for d in m.group(1).split("; ")]
    tag = f'<meta http-equiv="Content-Security-Policy" content="{"; ".join(directives)}">'
    return page[: m.start()] + tag + page[m.end():]
