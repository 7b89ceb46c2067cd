"""A playbook diff as Markdown for a pull request's job summary, and as one HTML page.

Pure: everything arrives as arguments (the diff, both playbooks, their problems, the health
figures and where the maps were written). Author text goes through :func:`markup.esc`, so a
title such as ``*Sale* | <b>`` shows as typed on GitHub too.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from journeydocs.content.model import Playbook
from journeydocs.i18n import _, current, ngettext
from journeydocs.problems import Problem, Problems
from journeydocs.review import words
from journeydocs.review.changes import MARK, Action, Change, PlaybookDiff
from journeydocs.review.words import count, listed
from journeydocs.safety.markup import esc

MAX_PROBLEMS = 30
"""Problems listed in the summary; the check step's annotations show every one."""


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


def headline(diff: PlaybookDiff) -> str:
    """``2 journeys changed · 3 steps added, 1 removed, 4 changed · 1 SOP added``."""
    parts = []
    for kind, actions in diff.counts().items():
        done = [(str(a), n) for a, n in actions.items() if n]
        if done:
            parts.append(words.counted(kind, done))
    return " · ".join(parts) if parts else _("no change to journeys, steps, SOPs or owners")


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
    title = _("Playbook changes: {base} → {head}").format(base=_code(base.label),
                                                         head=_code(head.label))
    out = [f"## {title}", ""]
    if not base.has_project:
        out += [_("{base} has no playbook here, so everything is new.").format(
            base=_code(base.label)), ""]
    out += [f"**{esc(headline(diff))}**", ""]

    if diff:
        counts = diff.counts()
        kinds = ("journey", "step", "sop", "owner")
        # Translators: the header of the diff summary's column of "＋ added", "− removed",
        # "✎ changed" (a table counts them for journeys, steps, SOPs and owners)
        change = _("Change")
        out += [f"| {esc(change)} | " + " | ".join(esc(_(words.KINDS[k])) for k in kinds)
                + " |",
                "|---|---:|---:|---:|---:|"]
        for action in Action:
            row = [count(counts[k][action]) for k in kinds]
            out.append(f"| {MARK[action]} {esc(_(words.ACTIONS[action]))} | "
                       + " | ".join(row) + " |")
        out.append("")

    for jid in diff.journey_ids():
        out += _journey_section(diff, jid, base, head, maps.get(jid))
    if maps and maps_note:
        out += [maps_note, ""]

    sops = diff.of_kind("sop")
    if sops:
        out += ["### " + _(words.KINDS["sop"]), ""]
        for c in sops:
            book = base.book if c.action is Action.REMOVED else head.book
            sop = book.sops.get(c.key)
            name, key = f"**{esc(c.title)}**", _code(c.key)
            if c.action is not Action.CHANGED and sop is not None:
                line = _sop_whole(c.action, len(sop.items)).format(
                    name=name, id=key, owner=_owner_label(book, sop.owner),
                    n=count(len(sop.items)))
            else:
                line = _named(c.action).format(name=name, id=key)
            out.append(f"- {c.mark} {line}" + (f" — {_code(c.source)}" if c.source else ""))
            out += _fields(c)
        out.append("")

    owner_changes = diff.of_kind("owner")
    if owner_changes:
        out += ["### " + _("Owners"), ""]
        for c in owner_changes:
            book = base.book if c.action is Action.REMOVED else head.book
            line = _named(c.action).format(name=_owner_label(book, c.key), id=_code(c.key))
            out.append(f"- {c.mark} {line}")
            out += _fields(c)
        out.append("")

    if owners:
        labels = [_owner_label(head.book if o in head.book.owners else base.book, o)
                  for o in owners]
        out += ["### " + _("Owners involved"), "", listed(labels), ""]

    out += _health(base, head)
    out += _problems(base, head)
    return "\n".join(out).rstrip("\n") + "\n"


def _named(action: Action) -> str:
    """``{name} ({id}) added``: an SOP or owner in its section of the report."""
    if action is Action.ADDED:
        return _("{name} ({id}) added")
    if action is Action.REMOVED:
        return _("{name} ({id}) removed")
    return _("{name} ({id}) changed")


def _sop_whole(action: Action, n: int) -> str:
    """An SOP added or removed, with its owner and its number of checklist items."""
    if action is Action.ADDED:
        return ngettext("{name} ({id}) added, owner {owner}, {n} checklist item",
                        "{name} ({id}) added, owner {owner}, {n} checklist items", n)
    return ngettext("{name} ({id}) removed, owner {owner}, {n} checklist item",
                    "{name} ({id}) removed, owner {owner}, {n} checklist items", n)


def _journey_heading(action: Action) -> str:
    if action is Action.ADDED:
        return _("Journey {title} ({id}) added")
    if action is Action.REMOVED:
        return _("Journey {title} ({id}) removed")
    return _("Journey {title} ({id}) changed")


def _step_line(action: Action) -> str:
    if action is Action.ADDED:
        return _("step {title} ({id}) added")
    if action is Action.REMOVED:
        return _("step {title} ({id}) removed")
    return _("step {title} ({id}) changed")


def _journey_section(diff: PlaybookDiff, jid: str, base: Side, head: Side,
                     map_path: str | None) -> list[str]:
    change = next((c for c in diff.of_kind("journey") if c.key == jid), None)
    journey = head.book.journeys.get(jid) or base.book.journeys.get(jid)
    title = journey.title if journey else jid
    action = change.action if change else Action.CHANGED
    heading = _journey_heading(action).format(title=esc(title), id=_code(jid))
    out = [f"### {MARK[action]} {heading}", ""]
    where = []
    if journey is not None and journey.source:
        where.append(_code(journey.source))
    if map_path:
        where.append(_("map: {path}").format(path=_code(map_path)))
    if where:
        out += [" · ".join(where), ""]
    if change is not None:
        out += [f"- {esc(f.text())}" for f in change.fields]
    steps = diff.steps_of(jid)
    if change is not None and change.action is not Action.CHANGED:
        titles = listed(f"**{esc(c.title)}**" for c in steps)
        n = len(steps)
        text = (ngettext("{n} step added: {titles}", "{n} steps added: {titles}", n)
                if change.action is Action.ADDED else
                ngettext("{n} step removed: {titles}", "{n} steps removed: {titles}", n))
        out.append("- " + text.format(n=count(n), titles=titles))
    else:
        for c in steps:
            sid = c.key.split("/", 1)[1]
            line = _step_line(c.action).format(title=f"**{esc(c.title)}**", id=_code(sid))
            out.append(f"- {c.mark} {line}")
            out += _fields(c)
    out.append("")
    return out


def _health(base: Side, head: Side) -> list[str]:
    if not head.health:
        return []
    before = dict(base.health)
    coverage = _("Coverage")
    out = ["### " + _("Playbook health"), "",
           f"| {esc(coverage)} | {_code(base.label)} | {_code(head.label)} |",
           "|---|---|---|"]
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
    out = ["### " + _("Problems"), ""]
    if not errors:
        out.append("✅ " + _("No problem: `mkdocs build --strict` has nothing to complain "
                            "about."))
        if fixed:
            out.append(ngettext("This change fixes {n} problem.",
                                "This change fixes {n} problems.", fixed).format(n=count(fixed)))
        return [*out, ""]
    n = len(errors)
    text = ngettext("{n} problem", "{n} problems", n).format(n=count(n))
    if base.has_project:
        # Translators: "{problems}" is "3 problems"
        text = _("{problems}, {new} new in this change").format(
            problems=text, new=count(len(introduced)))
    if fixed:
        text = _("{problems}, {fixed} fixed").format(problems=text, fixed=count(fixed))
    out += ["❌ " + _("{problems}. Each is marked on its line in the pull request's "
                     "*Files changed* tab.").format(problems=text), ""]
    ordered = introduced + [p for p in errors if p not in introduced]
    new = " **" + esc(_("(new)")) + "**"
    for p in ordered[:MAX_PROBLEMS]:
        tag = new if base.has_project and p in introduced else ""
        out.append(f"- {_code(p.location())}{tag}: {esc(p.message)}"
                   + (f" — {esc(p.hint)}" if p.hint else ""))
    if n > MAX_PROBLEMS:
        out.append("- " + _("… and {n} more (run `journeydocs check`)").format(
            n=count(n - MAX_PROBLEMS)))
    return [*out, ""]


def report_html(markdown_text: str, svgs: dict[str, str], title: str) -> str:
    """One page to open from the downloaded artifact: the summary, then every map inline."""
    import markdown  # the site's own Markdown library; imported here, only the CLI needs it

    body = markdown.markdown(markdown_text, extensions=["tables"])
    # the summary's headings start at ## (under GitHub's own page title): here the page's
    # first heading is its title, one level up each
    body = re.sub(r"<(/?)h([2-6])\b", lambda m: f"<{m[1]}h{int(m[2]) - 1}", body)
    figures = "".join(
        f'<figure id="map-{html.escape(jid)}"><figcaption>{html.escape(jid)}</figcaption>'
        f"{svg}</figure>" for jid, svg in svgs.items())
    return (f"<!doctype html>\n<html lang=\"{html.escape(current().tag)}\"><head>"
            '<meta charset="utf-8">'
            f"<title>{html.escape(title)}</title>"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            "<style>body{font-family:system-ui,sans-serif;max-width:80rem;margin:2rem auto;"
            "padding:0 1rem;line-height:1.5;color:#1f2328}table{border-collapse:collapse}"
            "td,th{border:1px solid #d0d7de;padding:.25rem .6rem}code{background:#f6f8fa;"
            "padding:0 .2em}figure{margin:2rem 0;overflow:auto;border:1px solid #d0d7de;"
            "padding:1rem}figcaption{font-weight:600}svg{height:auto}</style></head><body>"
            f"<main>{body}{figures}</main></body></html>\n")
