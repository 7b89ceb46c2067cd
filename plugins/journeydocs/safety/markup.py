"""Safe Markdown building blocks: author text is escaped unless we say it is Markdown.

Generated pages are Markdown that MkDocs renders. Author text (titles, names, targets) must
show up literally: ``*`` is not emphasis, ``[x](javascript:...)`` is not a link and
``<script>`` is not a tag. :func:`esc` turns every character Markdown or HTML would act on
into an HTML entity, which renders as the character itself.
"""

from __future__ import annotations

import html
import re

_ENTITIES = {c: f"&#{ord(c)};" for c in "\\`*_{}[]#!|~^=<>&"}
_TABLE = str.maketrans(_ENTITIES)


def esc(text: object) -> str:
    """Author text -> Markdown that displays exactly that text (on one line)."""
    return _not_a_block(" ".join(str(text).split()).translate(_TABLE))


def _not_a_block(out: str) -> str:
    """Text at the start of a line that must not start a list item or a definition."""
    if out[:1] in ("-", "+", ".", ":") or (out[:1].isdigit() and "." in out[:10]):
        out = f"&#{ord(out[0])};" + out[1:]
    return out


_FIELD = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def fill(message: str, /, **values: object) -> str:
    """A translated ``message`` (plain text) with its ``{placeholders}`` filled in. Unlike
    ``str.format``, braces that are no placeholder stay as written: a catalog a team
    writes cannot stop the build."""
    return _FIELD.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values
                      else m.group(0), message)


def phrase(message: str, /, **values: str) -> str:
    """A translated ``message`` as Markdown: its own words escaped like author text
    (:func:`esc`: a translation may hold ``*``, ``[``, ``<`` or ``{``), each
    ``{placeholder}`` replaced by its value from ``values``, which is Markdown already
    (a link, bold text, or text that went through :func:`esc`)."""
    parts = _FIELD.split(re.sub(r"\s+", " ", message))
    out = []
    for i, part in enumerate(parts):
        if i % 2:  # (a placeholder a catalog misspelt is shown as it is written)
            out.append(values.get(part, f"&#123;{part}&#125;"))
        else:
            out.append(part.translate(_TABLE))
    return _not_a_block(out[0]) + "".join(out[1:]) if out[0] else "".join(out)


def attr(text: object) -> str:
    """Author text inside an HTML attribute value."""
    return html.escape(" ".join(str(text).split()), quote=True)


def code(text: object) -> str:
    """Author text as an inline code span, shown exactly (Markdown escapes HTML in code)."""
    body = " ".join(str(text).split())
    fence = "`" * (max((len(r) for r in re.findall(r"`+", body)), default=0) + 1)
    pad = " " if body.startswith("`") or body.endswith("`") else ""
    return f"{fence}{pad}{body}{pad}{fence}"


def link(text: object, target: str, title: str = "") -> str:
    """A Markdown link with escaped text; ``target`` is ours (a .md path or an anchor)."""
    tip = f' "{attr(title)}"' if title else ""
    return f"[{esc(text)}]({target}{tip})"


def table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table from cells that are already Markdown."""
    if not rows:
        return ""
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        out.append("| " + " | ".join(c.replace("\n", " ") or " " for c in row) + " |")
    return "\n".join(out) + "\n"


def row_table(rows: list[list[str]], header: list[str] | None = None) -> str:
    """A table whose first cell in each row is that row's header (``<th scope="row">``),
    so a screen reader names the row it reads; ``header`` (optional) names the columns.
    Cells are Markdown (column headers: escaped text only): ``md_in_html``, which every
    journeydocs site has, renders them (MkDocs still checks their links). Material styles
    it as a Markdown table."""
    if not rows:
        return ""

    def one_line(cell: str) -> str:
        return " ".join(cell.split("\n"))

    out = ["<table markdown>"]
    if header:
        out.append("<thead><tr>" + "".join(f'<th scope="col">{one_line(h)}</th>'
                                            for h in header) + "</tr></thead>")
    out.append("<tbody markdown>")
    for first, *cells in rows:
        out.append(f'<tr markdown><th scope="row" markdown>{one_line(first)}</th>'
                   + "".join(f"<td markdown>{one_line(c)}</td>" for c in cells) + "</tr>")
    return "\n".join([*out, "</tbody>", "</table>"]) + "\n"


def facts(rows: list[list[str]], css: str = "jd-facts") -> str:
    """A two-column label/value table (:func:`row_table`): each label heads its row."""
    if not rows:
        return ""
    return f'<div class="{css}" markdown>\n' + row_table(rows) + "</div>\n"


def glyph(symbol: str, text: str = "") -> str:
    """A symbol drawn for the eye (★, ●), which a screen reader does not read as "black
    star": it reads ``text`` (plain, translated) in its place, or nothing. pages.css draws
    the symbol (``content: "★" / "critical step"``); the element has no text of its own, so
    tables of contents and the search index do not hold the symbol either."""
    return (f'<span class="jd-glyph" data-glyph="{attr(symbol)}" '
            f'data-label="{attr(text)}"></span>')


def admonition(kind: str, title: str, body: str) -> str:
    """A Material admonition (needs the ``admonition`` extension)."""
    inner = "\n".join(("    " + ln) if ln else "" for ln in body.strip("\n").split("\n"))
    return f'!!! {kind} "{attr(title)}"\n\n{inner}\n'


def indent(markdown: str, spaces: int = 4) -> str:
    pad = " " * spaces
    return "\n".join(pad + ln if ln else "" for ln in markdown.split("\n"))
