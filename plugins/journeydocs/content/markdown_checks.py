"""The author's Markdown and front matter, read the way the site will publish them.

Raw HTML and links the page will not show (:mod:`journeydocs.safety.findings`), front matter
values Material would use as file names or classes (:mod:`journeydocs.safety.frontmatter`):
each reported at its line. These only read; defusing is a load step
(:mod:`journeydocs.content.defuse`).
"""

from __future__ import annotations

from journeydocs.content.model import Journey, Sop
from journeydocs.content.references import replace_refs
from journeydocs.content.sopfile import outside_code
from journeydocs.content.wording import in_notes, in_summary
from journeydocs.content.yamlload import YamlDoc
from journeydocs.i18n import _
from journeydocs.problems import Problems
from journeydocs.safety.findings import Source, check_markdown, shorten, value_source
from journeydocs.safety.frontmatter import META_RULES
from journeydocs.safety.markup import esc


def check_front_matter(doc: YamlDoc, source: str, problems: Problems) -> None:
    """Report front matter values that would name files or classes the author cannot mean."""
    data = doc.data
    if not isinstance(data, dict):
        return
    for key, (regex, hint) in META_RULES.items():
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, str) or not regex.match(value.strip()):
            shown = value if isinstance(value, str) else type(value).__name__
            line, col = doc.at((key,))
            problems.add(source, line, col, _("'{key}' is '{value}', which is not allowed here")
                         .format(key=key, value=shorten(str(shown))), _(hint),
                         code="front-matter")



def check_sop(sop: Sop, text: str, problems: Problems) -> None:
    """Raw HTML and links of an SOP body that the page will not show, at their lines.

    ``[[kind:id|text]]`` references become links with escaped text on the page, so they are
    replaced by their plain text before looking.
    """
    body = replace_refs(sop.body, lambda kind, target, label: esc(label or target))
    lines = text.split("\n")
    outside = {sop.body_line + index for index, _ in outside_code(sop.body)}
    count = len(sop.body.split("\n"))
    code = frozenset(n for n in range(sop.body_line, sop.body_line + count) if n not in outside)
    check_markdown(body, Source(sop.source, lines, sop.body_line, 1, 0, code), problems)


def check_journey(journey: Journey, doc: YamlDoc, text: str, problems: Problems) -> None:
    """The same for a journey's Markdown fields: its summary and each step's notes."""
    lines = text.split("\n")
    starts = sorted({m[0] for m in (*doc.marks.values(), *doc.key_marks.values())})
    if journey.summary:
        where = journey.at("summary")
        check_markdown(journey.summary, value_source(journey.source, lines, starts, where),
                       problems, in_summary)
    for step in journey.steps:
        if step.notes:
            where = step.at("notes")
            check_markdown(step.notes, value_source(journey.source, lines, starts, where),
                           problems, in_notes(step.id))
