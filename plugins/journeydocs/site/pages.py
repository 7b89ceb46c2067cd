"""Markdown for the pages of one thing: a journey, an SOP, an owner.

Pages link to each other with relative ``.md`` links so MkDocs checks every link and
anchor; the inline SVG map is raw HTML and gets real relative URLs from :mod:`urls`.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass, field

from journeydocs.content.links import rebase
from journeydocs.content.model import Journey, Owner, Playbook, Sop, Step
from journeydocs.content.references import Index, replace_refs
from journeydocs.content.sopfile import first_h1
from journeydocs.i18n import N_, _, ngettext
from journeydocs.problems import Problems
from journeydocs.safety.markup import (
    admonition,
    attr,
    code,
    esc,
    facts,
    fill,
    glyph,
    link,
    phrase,
    table,
)
from journeydocs.site import actuals, urls
from journeydocs.site.notices import front_matter, problems_block
from journeydocs.site.runhistory import owner_runs, sop_runs
from journeydocs.site.words import (
    CHANNEL_LABEL,
    STATUS_LABEL,
    TYPE_LABEL,
    day,
    every,
    fact,
    header,
    label,
    metric_list,
    names,
    system_name,
)


@dataclass
class Site:
    """What every page generator needs: the playbook, its index and build settings."""

    book: Playbook
    index: Index
    problems: Problems = field(default_factory=Problems)
    today: dt.date = field(default_factory=dt.date.today)
    use_directory_urls: bool = True
    maps: dict[str, str] = field(default_factory=dict)  # journey id -> map HTML
    filing_url: str = ""  # <GitHub repo>/issues/new: "File this run" (none: no button)
    commits: dict[str, str] = field(default_factory=dict)  # SOP id -> its file's last commit
    # (SOP id, a run's sop_commit) -> "current" / "older" / "unknown": the SOP file's content
    versions: dict[tuple[str, str], str] = field(default_factory=dict)
    stale_weeks: int = 2  # the health page: a metric with no value for this many weeks
    _moved: dict[str, str] | None = field(default=None, repr=False)

    def moved_sops(self) -> dict[str, str]:
        """SOP files not at ``sops/<id>.md`` -> their page there (computed once)."""
        if self._moved is None:
            self._moved = {s.src_uri: urls.sop_page(s.id) for s in self.book.sops.values()
                           if s.src_uri != urls.sop_page(s.id)}
        return self._moved

    def url(self, from_src: str, to_src: str, anchor: str = "") -> str:
        return urls.relative_url(from_src, to_src, self.use_directory_urls, anchor)

    def step_url(self, from_src: str, journey: Journey, step: Step) -> str:
        """Where a map node points: a critical step's SOP, else the step's anchor."""
        sop = self.book.sops.get(step.sop)
        if step.critical and sop is not None:
            return self.url(from_src, urls.sop_page(sop.id))
        return self.url(from_src, urls.journey_page(journey.id), urls.step_anchor(step.id))

    def owner_link(self, from_src: str, owner_id: str) -> str:
        owner = self.book.owners.get(owner_id)
        if owner is None:
            return phrase(_("{owner} (unknown owner)"), owner=esc(owner_id)) \
                if owner_id else "—"
        return link(owner.display, urls.md_link(from_src, urls.owner_page(owner.id)))

    def sop_link(self, from_src: str, sop_id: str) -> str:
        sop = self.book.sops.get(sop_id)
        if sop is None:
            return phrase(_("{sop} (unknown SOP)"), sop=esc(sop_id)) if sop_id else "—"
        return link(sop.title, urls.md_link(from_src, urls.sop_page(sop.id)))

    def step_link(self, from_src: str, journey: Journey, step: Step, *, full: bool = True) -> str:
        text = f"{journey.title} › {step.title}" if full else step.title
        return link(text, urls.md_link(from_src, urls.journey_page(journey.id),
                                       urls.step_anchor(step.id)))

    def journey_link(self, from_src: str, journey_id: str) -> str:
        journey = self.book.journeys.get(journey_id)
        if journey is None:
            return esc(journey_id)
        return link(journey.title, urls.md_link(from_src, urls.journey_page(journey.id)))

    def review_status(self, sop: Sop) -> str:
        """One line: overdue, due on a date, or not scheduled."""
        due = sop.due_date()
        if due is None:
            if sop.last_reviewed:
                return phrase(_("last reviewed {date}"), date=esc(day(sop.last_reviewed)))
            return phrase(_("no review scheduled"))
        if due < self.today:
            days = (self.today - due).days
            # Translators: {overdue} is "⚠ overdue" in bold; {date} the day the review was due
            text = ngettext("{overdue} since {date} ({n} day)",
                            "{overdue} since {date} ({n} days)", days)
            return phrase(text, overdue="**" + esc(_("⚠ overdue")) + "**",
                          date=esc(day(due)), n=str(days))
        # Translators: the next review of an SOP is due on {date}
        return phrase(_("due {date}"), date=esc(day(due)))


# --- journey ------------------------------------------------------------------------------

def journey_markdown(site: Site, journey: Journey) -> str:
    src = urls.journey_page(journey.id)
    book = site.book
    out = [front_matter(title=journey.title,
                        description=fill(_("System map: {title}"), title=journey.title))]
    out.append(f"# {esc(journey.title)}\n")
    out.append(problems_block(site.problems.for_path(journey.source)))
    rows = [[esc(_("System")), esc(system_name(journey.system))],
            [esc(_("Owner")), site.owner_link(src, journey.owner)]]
    if journey.product:
        rows.append([esc(_("Product")), esc(journey.product)])
    if journey.segment:
        rows.append([esc(_("Segment")), esc(journey.segment)])
    rows.append([esc(_("Status")), esc(label(STATUS_LABEL, journey.status))])
    stages = book.journey_stages(journey)
    rows.append([esc(_("Stages")), " → ".join(esc(s.label) for s in stages)])
    critical = [s for s in journey.steps if s.critical]
    rows.append([esc(_("Steps")), phrase(_("{n} ({critical} critical)"),
                                         n=str(len(journey.steps)), critical=str(len(critical)))])
    # The page opens with its map (the content model), then what it is about: the facts
    # table after the summary, so a laptop shows the map without scrolling.
    if journey.id in site.maps:
        out.append(site.maps[journey.id] + "\n")
    if journey.summary:
        out.append(journey.summary.strip() + "\n")
    out.append(facts(rows))

    placed: set[str] = set()
    for stage in stages:
        steps = [s for s in journey.steps if s.stage == stage.id]
        if not steps:
            continue
        out.append(f"## {esc(stage.label)} {{ #stage-{stage.id} }}\n")
        for step in steps:
            placed.add(step.id)
            out.append(_step_section(site, journey, step, src))
    rest = [s for s in journey.steps if s.id not in placed]
    if rest:
        out.append("## " + esc(_("Other steps")) + " { #stage-other }\n")
        for step in rest:
            out.append(_step_section(site, journey, step, src))
    return "\n".join(x for x in out if x)


def steps_anchor(book: Playbook, journey: Journey) -> str:
    """The anchor where the page writes out the map's steps (the first stage section, as
    :func:`journey_markdown` orders them); "" for a journey without steps."""
    stages = book.journey_stages(journey)
    for stage in stages:
        if any(s.stage == stage.id for s in journey.steps):
            return f"stage-{stage.id}"
    return "stage-other" if journey.steps else ""


def _step_section(site: Site, journey: Journey, step: Step, src: str) -> str:
    # the star says "critical step" to a screen reader (the section's first line says it too)
    marker = " " + glyph("★", _("critical step")) if step.critical else ""
    out = [f"### {esc(step.title)}{marker} {{ #{urls.step_anchor(step.id)} "
           f"data-step-type=\"{step.type.value}\" }}\n"]
    kind = esc(label(TYPE_LABEL, step.type))
    if step.critical:
        kind += " · **" + esc(_("critical step")) + "**"
    facts = [fact(_("Type"), kind)]
    if step.owner:
        facts.append(fact(_("Owner"), site.owner_link(src, step.owner)))
    if step.sop:
        facts.append(fact(_("Checklist (SOP)"), site.sop_link(src, step.sop)))
    if step.metrics:
        facts.append(fact(_("Metrics"), metric_list(step.metrics, _("{metric}: target {target}"))))
    elif step.critical:
        facts.append(fact(_("Metrics"), phrase(_("none yet — a critical step should have one"))))
    if step.automation:
        facts.append(fact(_("Automation"), names([esc(a) for a in step.automation])))
    if step.channel:
        facts.append(fact(_("Channel"), esc(label(CHANNEL_LABEL, step.channel))))
    if step.touchpoint:
        facts.append(fact(_("Touchpoint"), esc(step.touchpoint)))
    if step.customer and step.customer.motivation:
        facts.append(fact(_("What moves the customer"), esc(step.customer.motivation)))
    if step.customer and step.customer.concerns:
        facts.append(fact(_("Customer concerns"),
                          names([esc(c) for c in step.customer.concerns])))
    nexts = []
    for target in step.next:
        nxt = journey.step(target)
        nexts.append(site.step_link(src, journey, nxt, full=False) if nxt else esc(target))
    if nexts:
        facts.append(fact(_("Next"), names(nexts)))
    for branch in step.branches:
        nxt = journey.step(branch.next)
        target = site.step_link(src, journey, nxt, full=False) if nxt else esc(branch.next)
        # Translators: a decision's branch: where the journey goes if the answer is {label}
        facts.append("- **" + phrase(_("If “{label}”:"), label=esc(branch.label)) +
                     "** " + target)
    if step.continues:
        facts.append(fact(_("Continues in"), site.journey_link(src, step.continues)))
    out.append("\n".join(facts) + "\n")
    if step.notes:
        out.append(step.notes.strip() + "\n")
    out.extend(filter(None, [actuals.step_charts(site, journey, step)]))
    return "\n".join(out)


# --- SOP ----------------------------------------------------------------------------------

def sop_markdown(site: Site, sop: Sop) -> str:
    """The SOP page: header (owner, review, tools), the checklist, then where it is used."""
    src = urls.sop_page(sop.id)
    book = site.book
    body = rebase(sop.body, posixpath.dirname(sop.src_uri), posixpath.dirname(src),
                  site.moved_sops())  # (before the references become links from src)
    body = replace_refs(body, lambda kind, target, text: _ref_link(
        site, src, kind, target, text))
    lines = body.split("\n")
    heading_at = first_h1(body)
    if heading_at is None:
        head, rest = [f"# {esc(sop.title)}", ""], lines
    else:
        head, rest = lines[: heading_at + 1] + [""], lines[heading_at + 1:]

    owner = book.owners.get(sop.owner)
    rows = [[esc(_("Owner")), site.owner_link(src, sop.owner) + _contact(owner)]]
    review = site.review_status(sop)
    if sop.review_every:
        review = esc(every(sop.review_every)) + " · " + review
    rows.append([esc(_("Review")), review])
    if sop.tools:
        rows.append([esc(_("Tools")), names([esc(t) for t in sop.tools])])
    if sop.tags:
        rows.append([esc(_("Tags")), names([esc(t) for t in sop.tags])])
    if sop.kind == "reference":
        rows.append([esc(_("Kind")), esc(_("reference (to read; no checklist)"))])
    else:
        n = len(sop.items)
        rows.append([esc(_("Checklist")),
                     phrase(ngettext("{n} item", "{n} items", n), n=str(n))])
    header = [problems_block(site.problems.for_path(sop.source))]
    due = sop.due_date()
    if due is not None and due < site.today:
        header.append(admonition("warning", _("Review overdue"), phrase(
            _("This checklist was due for review on {date}. Follow it, and ask {owner} to "
              "review it."), date=esc(day(due)), owner=site.owner_link(src, sop.owner))))
    header.append(facts(rows, "jd-facts jd-sop-facts"))

    uses = site.index.uses_of(sop.id)
    footer = ["", "## " + esc(_("Used in")) + " { #used-in }", ""]
    if uses:
        for ref in uses:
            badge = ("**" + glyph("★") + " " + esc(_("critical")) + "** · "
                     if ref.step.critical else "")
            # Translators: a step that uses this SOP, and the step's owner
            footer.append("- " + badge + phrase(
                _("{step} — owner {owner}"), step=site.step_link(src, ref.journey, ref.step),
                owner=site.owner_link(src, ref.step.owner)))
    else:
        footer.append(phrase(_("No journey step uses this SOP yet.")))
    footer.append(sop_runs(site, sop, src))
    return "\n".join([*head, *header, *rest, *footer]) + "\n"


def _contact(owner: Owner | None) -> str:
    if owner is None:
        return ""
    parts = []
    if owner.email:
        parts.append(f"[{esc(owner.email)}](mailto:{attr(owner.email)})")
    if owner.chat:
        parts.append("[" + esc(_("chat")) + "](" + attr(owner.chat) + ")")
    return (" · " + " · ".join(parts)) if parts else ""


def _ref_link(site: Site, src: str, kind: str, target: str, text: str) -> str:
    book = site.book
    if kind == "owner" and target in book.owners:
        o = book.owners[target]
        return link(text or o.display, urls.md_link(src, urls.owner_page(target)))
    if kind == "sop" and target in book.sops:
        s = book.sops[target]
        return link(text or s.title, urls.md_link(src, urls.sop_page(s.id)))
    if kind == "journey" and target in book.journeys:
        j = book.journeys[target]
        return link(text or j.title, urls.md_link(src, urls.journey_page(target)))
    if kind == "step":
        jid, _sep, sid = target.partition("/")
        journey = book.journeys.get(jid)
        step = journey.step(sid) if journey else None
        if journey and step:
            return link(text or f"{journey.title} › {step.title}",
                        urls.md_link(src, urls.journey_page(jid), urls.step_anchor(sid)))
    return phrase(_("{reference} (broken reference)"),
                  reference="**" + esc(text or target) + "**")


# --- owner --------------------------------------------------------------------------------

def owner_markdown(site: Site, owner: Owner) -> str:
    """The accountability chart one owner brings to the weekly review."""
    src = urls.owner_page(owner.id)
    idx = site.index
    out = [front_matter(title=owner.name), f"# {esc(owner.name)}\n"]
    later = [o.line for o in site.book.owners.values() if o.line > owner.line]
    end = min(later, default=10**9)
    out.append(problems_block([p for p in site.problems.for_path(owner.source)
                               if owner.line <= p.line < end]))
    rows = []
    if owner.person:
        rows.append([esc(_("Person")), esc(owner.person)])
    if owner.team:
        rows.append([esc(_("Team")), esc(owner.team)])
    contact = _contact(owner).removeprefix(" · ")
    if contact:
        rows.append([esc(_("Contact")), contact])
    out.append(facts(rows))
    none = phrase(_("None.")) + "\n"

    journeys = idx.journeys_by_owner.get(owner.id, [])
    out.append("## " + esc(_("Journeys they own")) + " { #journeys }\n")
    out.append(table(header(_("Journey"), _("System"), _("Steps")), [
        [site.journey_link(src, j.id), esc(system_name(j.system)), str(len(j.steps))]
        for j in journeys]) or none)

    steps = idx.steps_by_owner.get(owner.id, [])
    out.append("## " + esc(_("Steps they are accountable for")) + " { #steps }\n")
    out.append(table(header(_("Step"), _("Stage"), _("Critical"), _("SOP"), _("Metrics")), [
        [site.step_link(src, r.journey, r.step), esc(site.book.stage_label(r.step.stage)),
         glyph("★") + " " + esc(_("yes")) if r.step.critical else "",
         site.sop_link(src, r.step.sop) if r.step.sop else "",
         metric_list(r.step.metrics, _("{metric}: {target}"))]
        for r in steps]) or none)

    sops = idx.sops_by_owner.get(owner.id, [])
    out.append("## " + esc(_("SOPs they keep")) + " { #sops }\n")
    out.append(table(header(_("SOP"), _("Review"), _("Used by")), [
        [site.sop_link(src, s.id), site.review_status(s), str(len(idx.uses_of(s.id)))]
        for s in sops]) or none)
    out.append(owner_runs(site, owner.id, src))
    return "\n".join(x for x in out if x)


# --- a source that could not be published ------------------------------------------------

UNPUBLISHED = {
    "SOP": N_("This SOP is not published: journeydocs could not read {file}. Fix the "
              "problems below; the rest of the playbook is published as usual."),
    "journey": N_("This journey is not published: journeydocs could not read {file}. Fix "
                  "the problems below; the rest of the playbook is published as usual."),
    "page": N_("This page is not published: journeydocs could not read {file}. Fix the "
               "problems below; the rest of the playbook is published as usual."),
}
"""What the page in place of a file that did not load says, by what the file is."""


def unpublished_markdown(site: Site, source: str, kind: str) -> str:
    """The page in place of a file that did not load: what is wrong, and where.
    ``kind`` is ``SOP``, ``journey`` or ``page`` (:data:`UNPUBLISHED`)."""
    name = source.rsplit("/", 1)[-1]
    return "\n".join([
        front_matter(title=fill(_("{file} (not published)"), file=name)),
        f"# {esc(name)}\n",
        phrase(_(UNPUBLISHED.get(kind, UNPUBLISHED["page"])), file=code(source)) + "\n",
        problems_block(site.problems.for_path(source)) or
        phrase(_("See the build log for the problem.")) + "\n",
    ])
