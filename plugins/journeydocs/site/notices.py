"""What generated pages say besides their content: the problems of their source, and the
front matter they start with."""

from __future__ import annotations

from journeydocs.i18n import _
from journeydocs.problems import Problem, Severity
from journeydocs.safety.markup import admonition, code, esc, phrase


def problems_block(problems: list[Problem]) -> str:
    """An admonition listing a page's content problems (non-strict builds show them)."""
    errors = [p for p in problems if p.severity is Severity.ERROR]
    notices = [p for p in problems if p.severity is Severity.NOTICE]
    out = []
    for group, kind, title in ((errors, "danger", _("Problems in this page's source")),
                               (notices, "warning", _("Needs attention"))):
        if not group:
            continue
        lines = ["- " + problem_line(p) for p in sorted(group)]
        out.append(admonition(kind, title, "\n".join(lines)))
    return "\n".join(out)


def problem_line(problem: Problem) -> str:
    """``path:line:col``: message — hint, as Markdown (a page's box, the health page)."""
    if problem.hint:
        # Translators: a problem of a source file: where, what, and what to do about it
        return phrase(_("{location}: {message} — {hint}"), location=code(problem.location()),
                      message=esc(problem.message), hint=esc(problem.hint))
    return phrase(_("{location}: {message}"), location=code(problem.location()),
                  message=esc(problem.message))


def front_matter(**values: str) -> str:
    """The front matter of a generated page (values are quoted YAML strings)."""
    lines = ["---"] + [f"{k}: {yaml_str(v)}" for k, v in values.items() if v] + ["---", ""]
    return "\n".join(lines)


def yaml_str(value: str) -> str:
    """``value`` as a double-quoted YAML string; its braces as YAML escapes, so the page's
    Markdown holds no Jinja syntax (``{{``, ``{%``) for the macros plugin to run."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace(
        "{", "\\x7B").replace("}", "\\x7D") + '"'
