"""SOP Markdown: front matter (parsed by us, so its errors are reported) and checklists."""

from __future__ import annotations

import re
from dataclasses import dataclass

from journeydocs.content.yamlload import YamlDoc, front_matter_risky, load_yaml
from journeydocs.i18n import _
from journeydocs.problems import Problems

_FENCE_RE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_ATTR_RE = re.compile(r"\s*\{[^{}]*\}\s*$")
_H1_RE = re.compile(r"^ {0,3}#(?:[ \t]|$)")


@dataclass
class SplitSop:
    front: YamlDoc
    has_front: bool
    body: str
    body_line: int  # file line where the body starts


def split_front_matter(text: str, source: str, problems: Problems) -> SplitSop:
    """Split ``---``-fenced YAML front matter from the Markdown body."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return SplitSop(YamlDoc(), False, text, 1)
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            front = load_yaml("\n".join(lines[1:i]), source, problems, line_offset=1)
            return SplitSop(front, True, "\n".join(lines[i + 1:]), i + 2)
    problems.add(source, 1, 1, _("the front matter opened on line 1 is never closed"),
                 _("add a line with just '---' after the last front matter line"),
                 code="front-matter")
    return SplitSop(YamlDoc(), False, "", len(lines) + 1)


def front_matter_block(text: str, split: SplitSop) -> str:
    """The front matter block of an SOP file's ``text`` as written, for MkDocs to read
    again; empty when there is none or when MkDocs' parser could not take it (see
    :func:`~journeydocs.content.yamlload.front_matter_risky`)."""
    if not split.has_front or front_matter_risky(text):
        return ""
    return "\n".join(text.split("\n")[:split.body_line - 1]) + "\n"


def heading_text(raw: str) -> str:
    """A heading's visible text: attribute lists and closing hashes removed."""
    return _ATTR_RE.sub("", raw).strip()


def first_heading(body: str) -> str:
    for line in outside_code(body):
        m = _HEADING_RE.match(line[1])
        if m and len(m.group(1)) == 1:
            return heading_text(m.group(2))
    return ""


def outside_code(body: str) -> list[tuple[int, str]]:
    """(index, line) pairs of lines that are not inside fenced code blocks."""
    out = []
    fence = ""
    for index, line in enumerate(body.split("\n")):
        m = _FENCE_RE.match(line)
        if fence:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = ""
            continue
        if m:
            fence = m.group(1)
            continue
        out.append((index, line))
    return out


def first_h1(body: str) -> int | None:
    """The index of the body's ``# Title`` line: not in fenced code, not in an HTML
    comment (a shell ``# comment`` in a code block is no title); None when there is none."""
    in_comment = False
    for index, line in outside_code(body):
        if in_comment:
            in_comment = "-->" not in line
            continue
        if _H1_RE.match(line):
            return index
        if "<!--" in line and "-->" not in line.split("<!--", 1)[1]:
            in_comment = True
    return None
