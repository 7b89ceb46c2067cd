"""Pages about the whole playbook: the hourglass, indexes, metrics and health."""

from __future__ import annotations

from journeydocs.content.model import DEFAULT_STAGES, SYSTEMS, Journey, Sop, Stage
from journeydocs.safety.markup import attr, code, esc, link, table
from journeydocs.site import urls
from journeydocs.site.pages import SYSTEM_LABEL, Site

HOURGLASS_INTRO = ("Every system is mapped from a clear start to a clear end. The marketing "
                   "system moves people through know, like, trust and try; the operations "
                   "system through buy, repeat and refer.")
"""The journeys index's intro for the default stages, the Marketing Hourglass."""

SYSTEMS_INTRO = ("Every system is mapped from a clear start to a clear end. The marketing "
                 "system moves people through {marketing}; the operations system through "
                 "{operations}.")
"""The intro for configured stages of both systems: ``{marketing}`` and ``{operations}`` are
lists of stage labels (:func:`stage_list`)."""

STAGES_INTRO = ("Every system is mapped from a clear start to a clear end, through these "
                "stages: {stages}.")
"""The intro for configured stages of one system only: ``{stages}`` lists their labels."""

HOURGLASS_NAME = "The hourglass: journeys by stage"
STAGES_NAME = "Journeys by stage"
"""The accessible names of the stage overview: an hourglass when the stages run from
marketing to operations, else a plain list of stages."""


def stage_list(labels: list[str]) -> str:
    """``["A", "B", "C"]`` -> ``"A, B and C"``: the one place a list of names is joined
    (Babel's ``format_list`` when the texts move to catalogs)."""
    if len(labels) < 2:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def systems_of(stages: list[Stage]) -> list[str]:
    """The systems the stages belong to, in the order they first appear."""
    return list(dict.fromkeys(s.system for s in stages))


def is_hourglass(stages: list[Stage]) -> bool:
    """Do the stages run through marketing first, then operations (each at least once)?"""
    return systems_of(stages) == ["marketing", "operations"]


def stages_intro(stages: list[Stage]) -> str:
    """The journeys index's intro, naming only the configured stages (labels as written)."""
    if stages == list(DEFAULT_STAGES):
        return HOURGLASS_INTRO
    by_system = {system: stage_list([s.label for s in stages if s.system == system])
                 for system in systems_of(stages)}
    if set(by_system) == {"marketing", "operations"}:
        return SYSTEMS_INTRO.format(**by_system)
    return STAGES_INTRO.format(stages=stage_list([s.label for s in stages]))


def hourglass_html(site: Site, from_src: str) -> str:
    """The stage overview: a band per configured stage listing the journeys with steps in it.

    Marketing stages first, then operations ones (the Marketing Hourglass): the bands narrow
    to the last marketing stage, then widen again, with each system's name over its bands.
    Stages of one system only are bands of one width under that system's name (no
    hourglass, no other system). Raw HTML so the shape can be drawn with CSS, with relative
    URLs computed for the page it is placed on.
    """
    stages = site.book.stages
    n = len(stages)
    hourglass = is_hourglass(stages)
    waist = max((i for i, s in enumerate(stages) if s.system == "marketing"), default=-1)
    rows = []
    for i, stage in enumerate(stages):
        if i == 0 or stages[i - 1].system != stage.system:
            if i and hourglass and stages[i - 1].system == "marketing":
                rows.append('<div class="jd-hg-waist" aria-hidden="true"></div>')
            label = SYSTEM_LABEL.get(stage.system, stage.system)
            rows.append(f'<span class="jd-hg-system">{attr(label)}</span>')
        width = 100.0
        if hourglass:
            dist = abs(i - waist) if i <= waist else abs(i - (waist + 1))
            width = 46 + 54 * dist / max(waist, n - waist - 1, 1)
        covering = _journeys_in(site, stage)
        items = " ".join(
            f'<a class="jd-hg-journey" href="{attr(site.url(from_src, urls.journey_page(j.id)))}"'
            f">{attr(j.title)}</a>" for j in covering)
        items = items or '<span class="jd-hg-none">no journey yet</span>'
        rows.append(f'<div class="jd-hg-band jd-hg-{attr(stage.system)}" '
                    f'style="width:{width:.0f}%">'
                    f'<span class="jd-hg-stage">{attr(stage.label)}</span>'
                    f'<span class="jd-hg-journeys">{items}</span></div>')
    name = HOURGLASS_NAME if hourglass else STAGES_NAME
    return f'<nav class="jd-hourglass" aria-label="{name}">' + "".join(rows) + "</nav>"


def _journeys_in(site: Site, stage: Stage) -> list[Journey]:
    return [j for j in site.book.journeys.values() if any(s.stage == stage.id for s in j.steps)]


def journeys_index(site: Site) -> str:
    """The journeys index: the intro (:func:`stages_intro`), the stage overview, then a
    table of journeys per system, with a column per stage of that system."""
    src = urls.JOURNEYS_INDEX
    book = site.book
    out = ["# Systems and journeys\n", esc(stages_intro(book.stages)) + "\n",
           hourglass_html(site, src) + "\n"]
    for system in SYSTEMS:  # a system without stages has a section only for its journeys
        journeys = [j for j in book.journeys.values() if j.system == system]
        stages = [s for s in book.stages if s.system == system]
        if not stages and not journeys:
            continue
        out.append(f"## {SYSTEM_LABEL[system]} {{ #{system} }}\n")
        if not journeys:
            out.append("No journey yet.\n")
            continue
        header = ["Journey", "Owner", *[esc(s.label) for s in stages], "Critical steps"]
        rows = []
        for j in journeys:
            covered = {s.stage for s in j.steps}
            rows.append([link(j.title, urls.md_link(src, urls.journey_page(j.id))),
                         site.owner_link(src, j.owner),
                         *["●" if s.id in covered else "" for s in stages],
                         str(sum(1 for s in j.steps if s.critical))])
        out.append(table(header, rows))
    return "\n".join(out)


LIST_LIMIT = 100
"""The longest list on one generated page. A page that grows with the playbook makes every
build slower and the page heavier to open: the SOP index is split into pages of this many
SOPs, and the health page shows this many of each kind of problem."""


def sops_index_pages(site: Site, per_page: int = LIST_LIMIT) -> list[tuple[str, str]]:
    """(src_uri, Markdown) of the SOP index: one page while it is short, else an index of
    pages of ``per_page`` SOPs each (``sops/all/<n>/``), in title order."""
    sops = sorted(site.book.sops.values(), key=lambda s: s.title.lower())
    if len(sops) <= per_page:
        return [(urls.SOPS_INDEX, sops_index(site))]
    chunks = [sops[i:i + per_page] for i in range(0, len(sops), per_page)]
    src = urls.SOPS_INDEX
    pages, rows = [], []
    for n, chunk in enumerate(chunks, 1):
        page = urls.sop_list_page(n)
        first, last = chunk[0].title, chunk[-1].title
        pages.append((page, "\n".join([
            f"# SOPs {esc(first)} – {esc(last)}\n",
            f"SOPs {per_page * (n - 1) + 1} to {per_page * (n - 1) + len(chunk)} of "
            f"{len(sops)}, by title. " + link("All SOPs", urls.md_link(page, src)) + "\n",
            _sops_table(site, page, chunk)])))
        overdue = sum(1 for s in chunk if s.is_overdue(site.today))
        unused = sum(1 for s in chunk if not site.index.uses_of(s.id))
        rows.append([link(f"{per_page * (n - 1) + 1}–{per_page * (n - 1) + len(chunk)}",
                          urls.md_link(src, page)), esc(first), esc(last), str(overdue),
                     str(unused)])
    index = "\n".join([
        "# Standard operating procedures\n",
        "Each SOP is a checklist anyone can follow from start to finish. Open one to tick "
        "it off as you go; your ticks stay in this browser.\n",
        f"The {len(sops)} SOPs are listed by title on {len(chunks)} pages. Search (at the top "
        "of every page) finds an SOP by its title or any line of its checklist, each system "
        "map links the checklists of its critical steps, and each owner's page lists the "
        "SOPs they keep.\n",
        table(["SOPs", "From", "To", "Overdue", "Unused"], rows)])
    return [(src, index), *pages]


def sops_index(site: Site) -> str:
    src = urls.SOPS_INDEX
    return "\n".join([
        "# Standard operating procedures\n",
        "Each SOP is a checklist anyone can follow from start to finish. Open one to tick "
        "it off as you go; your ticks stay in this browser.\n",
        _sops_table(site, src, sorted(site.book.sops.values(), key=lambda s: s.title.lower()))
        or "No SOP yet.\n"])


def _sops_table(site: Site, src: str, sops: list[Sop]) -> str:
    idx = site.index
    rows = []
    for sop in sops:
        uses = idx.uses_of(sop.id)
        critical = sum(1 for u in uses if u.step.critical)
        used = f"{len(uses)} step{'s' if len(uses) != 1 else ''}"
        if critical:
            used += f" ({critical} critical)"
        rows.append([link(sop.title, urls.md_link(src, urls.sop_page(sop.id))),
                     site.owner_link(src, sop.owner), site.review_status(sop),
                     used if uses else "**unused**", str(len(sop.items)),
                     f'<span class="jd-sop-runs" data-sop="{attr(sop.id)}"></span>'])
    return table(["SOP", "Owner", "Review", "Used in", "Items", "Runs here"], rows)


def owners_index(site: Site) -> str:
    src = urls.OWNERS_INDEX
    idx = site.index
    rows = []
    for owner in site.book.owners.values():
        steps = idx.steps_by_owner.get(owner.id, [])
        sops = idx.sops_by_owner.get(owner.id, [])
        overdue = sum(1 for s in sops if s.is_overdue(site.today))
        rows.append([link(owner.name, urls.md_link(src, urls.owner_page(owner.id))),
                     esc(owner.person), esc(owner.team),
                     str(len(idx.journeys_by_owner.get(owner.id, []))),
                     f"{len(steps)} ({sum(1 for r in steps if r.step.critical)} critical)",
                     str(len(sops)), f"**{overdue}**" if overdue else "0"])
    return "\n".join([
        "# Accountability chart\n",
        "Who is accountable for each system, step and checklist. Owners bring their page to "
        "the weekly review.\n",
        table(["Owner", "Person", "Team", "Journeys", "Steps", "SOPs", "Reviews overdue"],
              rows) or "No owner yet.\n"])


def metrics_page(site: Site) -> str:
    src = urls.METRICS_PAGE
    out = ["# Metrics\n", "Every metric of every step, by stage and journey.\n"]
    any_metric = False
    for stage in site.book.stages:
        rows = []
        for journey in site.book.journeys.values():
            for step in journey.steps:
                if step.stage != stage.id:
                    continue
                for m in step.metrics:
                    rows.append([link(journey.title, urls.md_link(src, urls.journey_page(
                        journey.id))), site.step_link(src, journey, step, full=False),
                        esc(m.name), esc(m.target) or "—", site.owner_link(src, step.owner)])
        if rows:
            any_metric = True
            out.append(f"## {esc(stage.label)} {{ #stage-{stage.id} }}\n")
            out.append(table(["Journey", "Step", "Metric", "Target", "Owner"], rows))
    if not any_metric:
        out.append("No metric yet.\n")
    return "\n".join(out)


def health_figures(site: Site) -> list[tuple[str, str]]:
    """The coverage figures of the health page (also in ``journeydocs diff`` summaries)."""
    book, idx = site.book, site.index
    steps = [s for j in book.journeys.values() for s in j.steps]
    critical = [s for s in steps if s.critical]
    with_metric = sum(1 for s in critical if s.metrics)
    used = sum(1 for s in book.sops.values() if idx.uses_of(s.id))
    on_time = sum(1 for s in book.sops.values() if not s.is_overdue(site.today))
    work = [s for s in steps if s.type.value not in ("start", "end")]

    def pct(part: int, whole: int) -> str:
        return f"{100 * part / whole:.0f}% ({part} of {whole})" if whole else "—"

    return [("Critical steps with a metric", pct(with_metric, len(critical))),
            ("SOPs used by a step", pct(used, len(book.sops))),
            ("SOPs reviewed on time", pct(on_time, len(book.sops))),
            ("Tasks and decisions with an owner", pct(sum(1 for s in work if s.owner),
                                                      len(work))),
            ("Journeys", str(len(book.journeys))), ("SOPs", str(len(book.sops))),
            ("Owners", str(len(book.owners)))]


def health_page(site: Site) -> str:
    """What needs attention, with coverage figures for the weekly review."""
    src = urls.HEALTH_PAGE
    book, idx = site.book, site.index
    steps = [(j, s) for j in book.journeys.values() for s in j.steps]
    critical = [(j, s) for j, s in steps if s.critical]
    no_metric = [(j, s) for j, s in critical if not s.metrics]
    ownerless = [(j, s) for j, s in steps if not s.owner
                 and s.type.value not in ("start", "end")]
    unused = [s for s in book.sops.values() if not idx.uses_of(s.id)]
    overdue = [s for s in book.sops.values() if s.is_overdue(site.today)]

    out = ["# Playbook health\n",
           table(["Coverage", ""], [list(row) for row in health_figures(site)])]

    def section(title: str, anchor: str, items: list[str], more: str = "") -> None:
        out.append(f"## {title} {{ #{anchor} }}\n")
        shown = items[:LIST_LIMIT]
        out.append("\n".join(f"- {i}" for i in shown) + "\n" if items else "None. 🎉\n")
        if len(items) > len(shown):
            out.append(f"The first {len(shown)} of {len(items)} are listed. {more}\n")

    by_owner = "Each owner's page lists the steps they are accountable for."
    by_sop = ("The " + link("SOP index", urls.md_link(src, urls.SOPS_INDEX)) +
              " shows every SOP's review status and use.")
    section("Critical steps without a metric", "no-metric",
            [site.step_link(src, j, s) for j, s in no_metric], by_owner)
    section("SOPs past their review date", "overdue",
            [f"{site.sop_link(src, s.id)} — {site.review_status(s)}, owner "
             f"{site.owner_link(src, s.owner)}" for s in overdue], by_sop)
    section("SOPs no step uses", "unused", [site.sop_link(src, s.id) for s in unused], by_sop)
    section("Steps without an owner", "ownerless",
            [site.step_link(src, j, s) for j, s in ownerless],
            "Each journey's page shows every step with its owner.")
    # Every content problem, also those of files that could not be published at all.
    section("Problems in the source files", "problems",
            [f"{code(p.location())}: {esc(p.message)}" + (f" — {esc(p.hint)}" if p.hint
                                                          else "")
             for p in site.problems.errors()],
            "`journeydocs check` prints them all; each page shows its own.")
    return "\n".join(out)
