"""Text on a system map: labels wrapped to fit their shapes, tooltips, ids and URLs.

Author text only ever reaches DOT through :func:`graphviz.escape` (:func:`label_text`,
:func:`tooltip_text`) or as attribute values quoted by the ``graphviz`` package; ids are
made safe by :func:`safe_id`, URLs checked by :func:`safe_url`.
"""

from __future__ import annotations

import re
import unicodedata
import urllib.parse

import graphviz

from journeydocs.content.model import StepType
from journeydocs.i18n import current

FONT = "Noto Sans CJK SC, Noto Sans, sans-serif"
FONT_TRADITIONAL = "Noto Sans CJK TC, Noto Sans, sans-serif"


def font() -> str:
    """The maps' font: Noto Sans CJK in the active language's Chinese script (Traditional
    text drawn with the Simplified face shows mainland glyph forms), Noto Sans for Latin."""
    return FONT_TRADITIONAL if current().locale.script == "Hant" else FONT
"""One font list for layout and display: with a CJK font that fontconfig resolves, native
``dot`` measures Chinese labels correctly, and the browser gets the same family list."""

# Label wrapping, in display columns (a CJK character counts two).
WRAP = {StepType.START: 22, StepType.END: 22, StepType.TASK: 24, StepType.DECISION: 16}
MAX_LINES = 4
"""Longer titles are cut with an ellipsis on the map; the tooltip and the page have them whole."""


def char_width(ch: str) -> int:
    """Display columns of one character: 2 for East Asian wide/full-width, 0 for marks."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str) -> int:
    if text.isascii():  # every ASCII character is one column (a fast path: labels are re-wrapped)
        return len(text)
    return sum(char_width(ch) for ch in text)


# Characters a line should not start with (CJK closing punctuation; kinsoku shori).
_NO_LINE_START = set("，。、；：！？）》」』】〉,.;:!?)]}%…")


def _tokens(text: str) -> list[tuple[bool, str]]:
    """(space_before, token): runs of narrow non-space characters, or one wide character.

    Closing punctuation is glued to the token before it so it never starts a line.
    """
    out: list[tuple[bool, str]] = []
    space = False
    word = ""
    for ch in text:
        if ch.isspace():
            if word:
                out.append((space, word))
                word = ""
            space = True
            continue
        if char_width(ch) == 2:
            if word:
                out.append((space, word))
                word, space = "", False
            if ch in _NO_LINE_START and out and not space:
                out[-1] = (out[-1][0], out[-1][1] + ch)
            else:
                out.append((space, ch))
            space = False
        else:
            if not word and ch in _NO_LINE_START and out and not space:
                out[-1] = (out[-1][0], out[-1][1] + ch)
                continue
            word += ch
    if word:
        out.append((space, word))
    return out


def _hard_split(token: str, width: int) -> list[str]:
    parts: list[str] = []
    cur = ""
    for ch in token:
        if cur and display_width(cur + ch) > width:
            parts.append(cur)
            cur = ""
        cur += ch
    if cur:
        parts.append(cur)
    return parts


def wrap_label(text: str, width: int, max_lines: int = MAX_LINES) -> list[str]:
    """Wrap ``text`` to lines of at most ``width`` display columns (CJK counts double).

    Latin text breaks at spaces, CJK between characters; a word longer than a line is cut.
    Beyond ``max_lines`` the last line ends with an ellipsis.
    """
    lines: list[str] = []
    cur = ""
    for space, token in _tokens(" ".join(text.split())):
        sep = " " if space and cur else ""
        if display_width(cur + sep + token) <= width:
            cur += sep + token
            continue
        if cur:
            lines.append(cur)
            cur = ""
        pieces = _hard_split(token, width) if display_width(token) > width else [token]
        lines.extend(pieces[:-1])
        cur = pieces[-1]
    if cur:
        lines.append(cur)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and display_width(last + "…") > width:
            last = last[:-1]
        lines = [*lines[: max_lines - 1], last.rstrip() + "…"]
    return lines or [""]


def balanced_label(text: str, width: int, max_lines: int = MAX_LINES) -> list[str]:
    """:func:`wrap_label`, then as narrow as the same number of lines allows.

    Shapes fit their widest line, so even lines make smaller nodes, and no line is left
    with one lonely character or word ("进行四十五分钟免费咨询电" / "话" becomes seven and
    six characters). A word that fits ``width`` is never split to get there.
    """
    lines = wrap_label(text, width, max_lines)
    if len(lines) < 2 or lines[-1].endswith("…"):
        return lines
    words = [display_width(t) for _, t in _tokens(" ".join(text.split()))]
    floor = max([w for w in words if w <= width], default=1)
    total = sum(display_width(line) for line in lines)
    for narrower in range(max(floor, -(-total // len(lines))), width):
        candidate = wrap_label(text, narrower, max_lines)
        if len(candidate) == len(lines) and not candidate[-1].endswith("…"):
            return candidate
    return lines


def label_text(lines: list[str]) -> str:
    """A DOT label from plain lines: each escaped, joined with DOT's centred line break."""
    label: str = graphviz.nohtml("\\n".join(graphviz.escape(line) for line in lines))
    return label


def tooltip_text(lines: list[str]) -> str:
    """A DOT tooltip. Graphviz (2.43) unescapes tooltips twice, hence the double escape."""
    tip: str = graphviz.nohtml(
        "\\n".join(graphviz.escape(graphviz.escape(" ".join(s.split()))) for s in lines)
    )
    return tip



_ID_SAFE = re.compile(r"[^A-Za-z0-9_-]")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_URL_SAFE_CHARS = "/#?&=%-._~!$'()*+,;:@"


def safe_id(text: str) -> str:
    """An SVG/HTML id fragment: ASCII letters, digits, ``-`` and ``_`` only."""
    return _ID_SAFE.sub("_", text) or "_"


def safe_url(url: str) -> str | None:
    """``url`` if it is a relative URL that is safe in the inline SVG, else None.

    Refused: any scheme (``javascript:``, ``data:``, ``https:``...), protocol-relative
    ``//host`` and root-absolute ``/path`` (it would break a site served from a sub-path),
    whitespace, control characters, backslashes (browsers read ``\\`` as ``/``) and quotes.
    """
    if not url:
        return None
    for ch in url:
        if ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F or ch in '\\"<>`':
            return None
    if url.startswith("/") or _SCHEME.match(url):
        return None
    first_segment = re.split(r"[/?#]", url, maxsplit=1)[0]
    if ":" in first_segment:
        return None
    return urllib.parse.quote(url, safe=_URL_SAFE_CHARS)
