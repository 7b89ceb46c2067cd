"""A playbook diff as Markdown for a pull request's job summary, and as one HTML page.

Pure: everything arrives as arguments (the diff, both playbooks, their problems, the health
figures and where the maps were written). Author text goes through :func:`markup.esc`, so a
title such as ``*Sale* | <b>`` shows as typed on GitHub too.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field

from journeydocs.content.model import Playbook
from journeydocs.problems import Problem, Problems
from journeydocs.review.changes import MARK, Action, Change, PlaybookDiff
from journeydocs.safety.markup import esc

MAX_PROBLEMS = 30
"""Problems listed in the summary; the check step's annotations show every one."""

_KIND_PLURAL = {"journey": ("journey", "journeys"), "step": ("step", "steps"),
                "sop": ("SOP", "SOPs"), "owner": ("owner", "owners")}


@dataclass
class Side:
    """One revision as the report needs it."""

    label: str
    book: Playbook
    problems: Problems = field(default_factory=Problems)
    health: list[tuple[str, str]] = field(default_factory=list)
    has_project: bool = True


def _code(text: str) -> str:
    return f"`{text.replace('`', '')}`"


def _plural(n: int, kind: str) -> str:
    one, many = _KIND_PLURAL[kind]
    return f"{n} {one if n == 1 else many}"


def headline(diff: PlaybookDiff) -> str:
    """``2 journeys changed · 3 steps added, 1 removed, 4 changed · 1 SOP added``."""
    parts = []
    for kind, actions in diff.counts().items():
        done = [(a, n) for a, n in actions.items() if n]
        if not done:
            continue
        first_action, first_n = done[0]
        text = f"{_plural(first_n, kind)} {first_action.value}"
        text += "".join(f", {n} {a.value}" for a, n in done[1:])
        parts.append(text)
    return " · ".join(parts) if parts else "no change to journeys, steps, SOPs or owners"


def _fields(change: Change, indent: str = "    ") -> list[str]:
    return [f"{indent}- {esc(f.text())}" for f in change.fields]


def _owner_label(book: Playbook, owner_id: str) -> str:
    owner = book.owners.get(owner_id)
    if owner is None:
        return _code(owner_id)
    text = esc(owner.display)
    if owner.github:
        text += f" @{esc(owner.github.lstrip('@'))}"
    return text


def summary_markdown(diff: PlaybookDiff, base: Side, head: Side, *,
                     maps: dict[str, str] | None = None, owners: Sequence[str] = (),
                     maps_note: str = "") -> str:
    """The report: headline, changes per journey (with its map file), SOPs, owners, the
    owners involved, the health figures of both sides, and the problems the change brings
    or fixes."""
    maps = maps or {}
    out = [f"## Playbook changes: {_code(base.label)} → {_code(head.label)}", ""]
    if not base.has_project:
        out += [f"{_code(base.label)} has no playbook here, so everything is new.", ""]
    out += [f"**{esc(headline(diff))}**", ""]

    if diff:
        counts = diff.counts()
        out += ["| | journeys | steps | SOPs | owners |", "|---|---:|---:|---:|---:|"]
        for action in Action:
            row = [str(counts[k][action]) for k in ("journey", "step", "sop", "owner")]
            out.append(f"| {MARK[action]} {action.value} | " + " | ".join(row) + " |")
        out.append("")

    for jid in diff.journey_ids():
        out += _journey_section(diff, jid, base, head, maps.get(jid))
    if maps and maps_note:
        out += [maps_note, ""]

    sops = diff.of_kind("sop")
    if sops:
        out += ["### SOPs", ""]
        for c in sops:
            book = base.book if c.action is Action.REMOVED else head.book
            sop = book.sops.get(c.key)
            line = f"- {c.mark} **{esc(c.title)}** ({_code(c.key)}) {c.action.value}"
            if c.action is not Action.CHANGED and sop is not None:
                n = len(sop.items)
                line += (f", owner {_owner_label(book, sop.owner)}, {n} checklist item"
                         f"{'s' if n != 1 else ''}")
            out.append(line + (f" — {_code(c.source)}" if c.source else ""))
            out += _fields(c)
        out.append("")

    owner_changes = diff.of_kind("owner")
    if owner_changes:
        out += ["### Owners", ""]
        for c in owner_changes:
            book = base.book if c.action is Action.REMOVED else head.book
            out.append(f"- {c.mark} {_owner_label(book, c.key)} ({_code(c.key)}) "
                       f"{c.action.value}")
            out += _fields(c)
        out.append("")

    if owners:
        labels = [_owner_label(head.book if o in head.book.owners else base.book, o)
                  for o in owners]
        out += ["### Owners involved", "", ", ".join(labels), ""]

    out += _health(base, head)
    out += _problems(base, head)
    return "\n".join(out).rstrip("\n") + "\n"


def _journey_section(diff: PlaybookDiff, jid: str, base: Side, head: Side,
                     map_path: str | None) -> list[str]:
    change = next((c for c in diff.of_kind("journey") if c.key == jid), None)
    journey = head.book.journeys.get(jid) or base.book.journeys.get(jid)
    title = journey.title if journey else jid
    action = change.action if change else Action.CHANGED
    out = [f"### {MARK[action]} Journey {esc(title)} ({_code(jid)}) {action.value}", ""]
    where = []
    if journey is not None and journey.source:
        where.append(_code(journey.source))
    if map_path:
        where.append(f"map: {_code(map_path)}")
    if where:
        out += [" · ".join(where), ""]
    if change is not None:
        out += [f"- {esc(f.text())}" for f in change.fields]
    steps = diff.steps_of(jid)
    if change is not None and change.action is not Action.CHANGED:
        out.append(f"- {_plural(len(steps), 'step')} {change.action.value}: "
                   + ", ".join(f"**{esc(c.title)}**" for c in steps))
    else:
        for c in steps:
            sid = c.key.split("/", 1)[1]
            out.append(f"- {c.mark} step **{esc(c.title)}** ({_code(sid)}) {c.action.value}")
            out += _fields(c)
    out.append("")
    return out


def _health(base: Side, head: Side) -> list[str]:
    if not head.health:
        return []
    before = dict(base.health)
    out = ["### Playbook health", "",
           f"| | {_code(base.label)} | {_code(head.label)} |", "|---|---|---|"]
    for name, value in head.health:
        old = before.get(name, "—") if base.has_project else "—"
        shown = f"**{esc(value)}**" if old != value else esc(value)
        out.append(f"| {esc(name)} | {esc(old)} | {shown} |")
    out.append("")
    return out


def _key(problem: Problem) -> tuple[str, str]:
    """A problem without its line: the same problem moved by an edit is not new."""
    return problem.path, problem.message


def _problems(base: Side, head: Side) -> list[str]:
    errors = head.problems.errors()
    old_keys = {_key(p) for p in base.problems.errors()}
    new_keys = {_key(p) for p in errors}
    introduced = [p for p in errors if _key(p) not in old_keys]
    fixed = len({k for k in old_keys if k not in new_keys}) if base.has_project else 0
    out = ["### Problems", ""]
    if not errors:
        out.append("✅ No problem: `mkdocs build --strict` has nothing to complain about.")
        if fixed:
            out.append(f"This change fixes {fixed} problem{'s' if fixed != 1 else ''}.")
        return [*out, ""]
    n = len(errors)
    text = f"❌ {n} problem{'s' if n != 1 else ''}"
    if base.has_project:
        text += f", {len(introduced)} new in this change"
    if fixed:
        text += f", {fixed} fixed"
    out += [text + ". Each is marked on its line in the pull request's *Files changed* tab.", ""]
    ordered = introduced + [p for p in errors if p not in introduced]
    for p in ordered[:MAX_PROBLEMS]:
        new = " **(new)**" if base.has_project and p in introduced else ""
        out.append(f"- {_code(p.location())}{new}: {esc(p.message)}"
                   + (f" — {esc(p.hint)}" if p.hint else ""))
    if n > MAX_PROBLEMS:
        out.append(f"- … and {n - MAX_PROBLEMS} more (run `journeydocs check`)")
    return [*out, ""]


def report_html(markdown_text: str, svgs: dict[str, str], title: str) -> str:
    """One page to open from the downloaded artifact: the summary, then every map inline."""
    import markdown  # the site's own Markdown library; imported here, only the CLI needs it

    body = markdown.markdown(markdown_text, extensions=["tables"])
    figures = "".join(
        f'<figure id="map-{html.escape(jid)}"><figcaption>{html.escape(jid)}</figcaption>'
        f"{svg}</figure>" for jid, svg in svgs.items())
    return ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}</title>"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            "<style>body{font-family:system-ui,sans-serif;max-width:80rem;margin:2rem auto;"
            "padding:0 1rem;line-height:1.5;color:#1f2328}table{border-collapse:collapse}"
            "td,th{border:1px solid #d0d7de;padding:.25rem .6rem}code{background:#f6f8fa;"
            "padding:0 .2em}figure{margin:2rem 0;overflow:auto;border:1px solid #d0d7de;"
            "padding:1rem}figcaption{font-weight:600}svg{height:auto}</style></head><body>"
            f"{body}{figures}</body></html>\n")
