"""A load step: Markdown that would take Python-Markdown hours is made harmless.

The loader calls :func:`defuse_sop` (returns the new body) and :func:`defuse_journey` (sets
the journey's new summary and notes, before anything else reads them) on every file it
reads, and each reports what it changed; the checks that come later only read.
"""

from __future__ import annotations

from collections.abc import Callable

from journeydocs.content.model import Journey, Sop
from journeydocs.content.sopfile import outside_code
from journeydocs.content.wording import in_notes, in_summary
from journeydocs.i18n import _
from journeydocs.problems import Problems

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
    outside = {i for i, _ in outside_code(text)}
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


def _defused(text: str, path: str, first_line: int, problems: Problems,
             where: Callable[[str], str] | None) -> str:
    safe, starts = defuse_brackets(text)
    for index in starts:
        message = _("the paragraph is too long with too many '[' to publish as Markdown")
        problems.add(path, first_line + index, 0, where(message) if where else message,
                     _("its '[' are shown as text; split it into shorter paragraphs or remove "
                       "the '[' that close nothing"), code="too-complex")
    return safe


def defuse_sop(sop: Sop, problems: Problems) -> str:
    """The SOP's body with too costly ``[`` blocks defused (the loader stores it)."""
    return _defused(sop.body, sop.source, sop.body_line, problems, None)


def defuse_journey(journey: Journey, problems: Problems) -> None:
    """Defuse a journey's Markdown fields (its summary and each step's notes) in place:
    the loader's step, before any check reads them."""
    if journey.summary:
        journey.summary = _defused(journey.summary, journey.source,
                                   journey.at("summary")[0], problems, in_summary)
    for step in journey.steps:
        if step.notes:
            step.notes = _defused(step.notes, journey.source, step.at("notes")[0], problems,
                                  in_notes(step.id))
