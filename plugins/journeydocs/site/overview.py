"""Pages about the whole playbook: the hourglass, indexes, metrics and health."""

from __future__ import annotations

from journeydocs.content.model import SYSTEMS, Journey, Sop, Stage, default_stages
from journeydocs.i18n import N_, _, ngettext
from journeydocs.safety.markup import (
    attr,
    code,
    esc,
    fill,
    glyph,
    link,
    phrase,
    row_table,
    table,
)
from journeydocs.site import actuals, urls
from journeydocs.site.notices import problem_line
from journeydocs.site.pages import Site
from journeydocs.site.runhistory import health_item, not_run_in_time
from journeydocs.site.words import day, header, sentence_list, system_name

HOURGLASS_INTRO = N_("Every system is mapped from a clear start to a clear end. The "
                     "marketing system moves people through know, like, trust and try; the "
                     "operations system through buy, repeat and refer.")
"""The journeys index's intro for the default stages, the Marketing Hourglass."""

SYSTEMS_INTRO = N_("Every system is mapped from a clear start to a clear end. The marketing "
                   "system moves people through {marketing}; the operations system through "
                   "{operations}.")
"""The intro for configured stages of both systems: ``{marketing}`` and ``{operations}`` are
lists of stage labels (:func:`stage_list`)."""

STAGES_INTRO = N_("Every system is mapped from a clear start to a clear end, through these "
                  "stages: {stages}.")
"""The intro for configured stages of one system only: ``{stages}`` lists their labels."""

HOURGLASS_NAME = N_("The hourglass: journeys by stage")
STAGES_NAME = N_("Journeys by stage")
"""The accessible names of the stage overview: an hourglass when the stages run from
marketing to operations, else a plain list of stages."""


def stage_list(labels: list[str]) -> str:
    """``["A", "B", "C"]`` -> ``"A, B and C"`` (``A、B和C``): the one place a list of
    stage names is joined (:func:`journeydocs.site.words.sentence_list`)."""
    return sentence_list(labels)


def systems_of(stages: list[Stage]) -> list[str]:
    """The systems the stages belong to, in the order they first appear."""
    return list(dict.fromkeys(s.system for s in stages))


def is_hourglass(stages: list[Stage]) -> bool:
    """Do the stages run through marketing first, then operations (each at least once)?"""
    return systems_of(stages) == ["marketing", "operations"]


def stages_intro(stages: list[Stage]) -> str:
    """The journeys index's intro, naming only the configured stages (labels as written;
    plain text)."""
    if stages == list(default_stages()):
        return _(HOURGLASS_INTRO)
    by_system = {system: stage_list([s.label for s in stages if s.system == system])
                 for system in systems_of(stages)}
    if set(by_system) == {"marketing", "operations"}:
        return fill(_(SYSTEMS_INTRO), **by_system)
    return fill(_(STAGES_INTRO), stages=stage_list([s.label for s in stages]))


HOURGLASS_MARKER = "<!-- journeydocs:hourglass -->"
"""Where a page of the site's own (its home page, say) wants the hourglass overview."""


def hourglass_html(site: Site, from_src: str) -> str:
    """The stage overview: a band per configured stage listing the journeys with steps in it.

    Marketing stages first, then operations ones (the Marketing Hourglass): the bands narrow
    to the last marketing stage, then widen again, with each system's name over its bands.
    Stages of one system only are bands of one width under that system's name (no
    hourglass, no other system). Raw HTML so the shape can be drawn with CSS, with relative
    URLs computed for the page it is placed on. A screen reader reads lists: each system's
    name, then a list of its stages, each stage's name with a list of its journeys.
    """
    stages = site.book.stages
    n = len(stages)
    hourglass = is_hourglass(stages)
    waist = max((i for i, s in enumerate(stages) if s.system == "marketing"), default=-1)
    rows = []
    for i, stage in enumerate(stages):
        if i == 0 or stages[i - 1].system != stage.system:
            if i:
                rows.append("</ul>")
            if i and hourglass and stages[i - 1].system == "marketing":
                rows.append('<div class="jd-hg-waist" aria-hidden="true"></div>')
            label = system_name(stage.system)
            rows.append(f'<span class="jd-hg-system">{attr(label)}</span>'
                        '<ul class="jd-hg-stages">')
        width = 100.0
        if hourglass:
            dist = abs(i - waist) if i <= waist else abs(i - (waist + 1))
            width = 46 + 54 * dist / max(waist, n - waist - 1, 1)
        covering = _journeys_in(site, stage)
        items = "".join(
            f'<li><a class="jd-hg-journey" '
            f'href="{attr(site.url(from_src, urls.journey_page(j.id)))}">{attr(j.title)}</a></li>'
            for j in covering)
        items = (f'<ul class="jd-hg-journeys">{items}</ul>' if items else
                 '<span class="jd-hg-none">' + attr(_("no journey yet")) + "</span>")
        rows.append(f'<li class="jd-hg-band jd-hg-{attr(stage.system)}" '
                    f'style="width:{width:.0f}%">'
                    f'<span class="jd-hg-stage">{attr(stage.label)}</span> {items}</li>')
    if stages:
        rows.append("</ul>")
    name = _(HOURGLASS_NAME if hourglass else STAGES_NAME)
    return f'<nav class="jd-hourglass" aria-label="{attr(name)}">' + "".join(rows) + "</nav>"


def _journeys_in(site: Site, stage: Stage) -> list[Journey]:
    return [j for j in site.book.journeys.values() if any(s.stage == stage.id for s in j.steps)]


def journeys_index(site: Site) -> str:
    """The journeys index: the intro (:func:`stages_intro`), the stage overview, then a
    table of journeys per system, with a column per stage of that system."""
    src = urls.JOURNEYS_INDEX
    book = site.book
    out = ["# " + esc(_("Systems and journeys")) + "\n", esc(stages_intro(book.stages)) + "\n",
           hourglass_html(site, src) + "\n"]
    for system in SYSTEMS:  # a system without stages has a section only for its journeys
        journeys = [j for j in book.journeys.values() if j.system == system]
        stages = [s for s in book.stages if s.system == system]
        if not stages and not journeys:
            continue
        out.append("## " + esc(system_name(system)) + f" {{ #{system} }}\n")
        if not journeys:
            out.append(phrase(_("No journey yet.")) + "\n")
            continue
        header = [esc(_("Journey")), esc(_("Owner")), *[esc(s.label) for s in stages],
                  esc(_("Critical steps"))]
        rows = []
        for j in journeys:
            covered = {s.stage for s in j.steps}
            rows.append([link(j.title, urls.md_link(src, urls.journey_page(j.id))),
                         site.owner_link(src, j.owner),
                         *[glyph("●", _("yes")) if s.id in covered else ""
                           for s in stages],
                         str(sum(1 for s in j.steps if s.critical))])
        out.append(table(header, rows))
    return "\n".join(out)


LIST_LIMIT = 100
"""The longest list on one generated page. A page that grows with the playbook makes every
build slower and the page heavier to open: the SOP index is split into pages of this many
SOPs, and the health page shows this many of each kind of problem."""


SOPS_TITLE = N_("Standard operating procedures")
SOPS_INTRO = N_("Each SOP is a checklist anyone can follow from start to finish. Open one to "
                "tick it off as you go; your ticks stay in this browser.")


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
        start, end = str(per_page * (n - 1) + 1), str(per_page * (n - 1) + len(chunk))
        pages.append((page, "\n".join([
            "# " + phrase(_("SOPs {first} – {last}"), first=esc(first), last=esc(last)) + "\n",
            phrase(_("SOPs {start} to {end} of {total}, by title. {all}"), start=start,
                   end=end, total=str(len(sops)),
                   all=link(_("All SOPs"), urls.md_link(page, src))) + "\n",
            _sops_table(site, page, chunk)])))
        overdue = sum(1 for s in chunk if s.is_overdue(site.today))
        unused = sum(1 for s in chunk if not site.index.uses_of(s.id))
        rows.append([link(f"{start}–{end}", urls.md_link(src, page)), esc(first), esc(last),
                     str(overdue), str(unused)])
    index = "\n".join([
        "# " + esc(_(SOPS_TITLE)) + "\n",
        phrase(_(SOPS_INTRO)) + "\n",
        phrase(_("The {total} SOPs are listed by title on {pages} pages. Search (at the top "
                 "of every page) finds an SOP by its title or any line of its checklist, each "
                 "system map links the checklists of its critical steps, and each owner's page "
                 "lists the SOPs they keep."), total=str(len(sops)),
               pages=str(len(chunks))) + "\n",
        table(header(_("SOPs"), _("From"), _("To"), _("Overdue"), _("Unused")), rows)])
    return [(src, index), *pages]


def sops_index(site: Site) -> str:
    src = urls.SOPS_INDEX
    return "\n".join([
        "# " + esc(_(SOPS_TITLE)) + "\n",
        phrase(_(SOPS_INTRO)) + "\n",
        _sops_table(site, src, sorted(site.book.sops.values(), key=lambda s: s.title.lower()))
        or phrase(_("No SOP yet.")) + "\n"])


def _sops_table(site: Site, src: str, sops: list[Sop]) -> str:
    idx = site.index
    rows = []
    for sop in sops:
        uses = idx.uses_of(sop.id)
        critical = sum(1 for u in uses if u.step.critical)
        if not uses:
            used = "**" + esc(_("unused")) + "**"
        elif critical:
            used = phrase(ngettext("{n} step ({critical} critical)",
                                   "{n} steps ({critical} critical)", len(uses)),
                          n=str(len(uses)), critical=str(critical))
        else:
            used = phrase(ngettext("{n} step", "{n} steps", len(uses)), n=str(len(uses)))
        rows.append([link(sop.title, urls.md_link(src, urls.sop_page(sop.id))),
                     site.owner_link(src, sop.owner), site.review_status(sop), used,
                     str(len(sop.items)),
                     f'<span class="jd-sop-runs" data-sop="{attr(sop.id)}"></span>'])
    return table(header(_("SOP"), _("Owner"), _("Review"), _("Used in"), _("Items"),
                        _("Runs here")), rows)


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
                     phrase(_("{n} ({critical} critical)"), n=str(len(steps)),
                            critical=str(sum(1 for r in steps if r.step.critical))),
                     str(len(sops)), f"**{overdue}**" if overdue else "0"])
    return "\n".join([
        "# " + esc(_("Accountability chart")) + "\n",
        phrase(_("Who is accountable for each system, step and checklist. Owners bring their "
                 "page to the weekly review.")) + "\n",
        table(header(_("Owner"), _("Person"), _("Team"), _("Journeys"), _("Steps"), _("SOPs"),
                     _("Reviews overdue")), rows) or phrase(_("No owner yet.")) + "\n"])


def metrics_page(site: Site) -> str:
    src = urls.METRICS_PAGE
    out = ["# " + esc(_("Metrics")) + "\n",
           phrase(_("Every metric of every step, by stage and journey.")) + "\n"]
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
            out.append(table(header(_("Journey"), _("Step"), _("Metric"), _("Target"),
                                    _("Owner")), rows))
    if not any_metric:
        out.append(phrase(_("No metric yet.")) + "\n")
    charts = actuals.metrics_charts(site, src)
    if charts:
        # Translators: the metrics page's section of charts of the measured values
        out.append("## " + esc(_("Actuals")) + " { #actuals }\n")
        out.append(charts)
    return "\n".join(out)


def health_figures(site: Site) -> list[tuple[str, str]]:
    """The coverage figures of the health page (also in ``journeydocs diff`` summaries),
    as plain text."""
    book, idx = site.book, site.index
    steps = [s for j in book.journeys.values() for s in j.steps]
    critical = [s for s in steps if s.critical]
    with_metric = sum(1 for s in critical if s.metrics)
    used = sum(1 for s in book.sops.values() if idx.uses_of(s.id))
    on_time = sum(1 for s in book.sops.values() if not s.is_overdue(site.today))
    work = [s for s in steps if s.type.value not in ("start", "end")]

    def pct(part: int, whole: int) -> str:
        # Translators: a share: "67% (2 of 3)"
        if not whole:
            return "—"
        return fill(_("{percent}% ({part} of {whole})"),
                    percent=f"{100 * part / whole:.0f}", part=part, whole=whole)

    return [(_("Critical steps with a metric"), pct(with_metric, len(critical))),
            (_("SOPs used by a step"), pct(used, len(book.sops))),
            (_("SOPs reviewed on time"), pct(on_time, len(book.sops))),
            (_("Tasks and decisions with an owner"), pct(sum(1 for s in work if s.owner),
                                                         len(work))),
            (_("Journeys"), str(len(book.journeys))), (_("SOPs"), str(len(book.sops))),
            (_("Owners"), str(len(book.owners)))]


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

    # Translators: the health page's column of figures ("67% (2 of 3)", "12"), after
    # the column of their names ("Coverage")
    figure = _("Figure")
    columns = header(_("Coverage"), figure)
    figures = row_table([[esc(name), esc(value)] for name, value in health_figures(site)],
                        columns)
    out = ["# " + esc(_("Playbook health")) + "\n",
           '<div class="jd-figures" markdown>\n' + figures + "</div>\n"]

    def section(title: str, anchor: str, items: list[str], more: str = "") -> None:
        out.append("## " + esc(title) + f" {{ #{anchor} }}\n")
        shown = items[:LIST_LIMIT]
        out.append("\n".join(f"- {i}" for i in shown) + "\n" if items else
                   phrase(_("None. 🎉")) + "\n")
        if len(items) > len(shown):
            out.append(phrase(_("The first {shown} of {total} are listed. {more}"),
                              shown=str(len(shown)), total=str(len(items)), more=more) + "\n")

    by_owner = phrase(_("Each owner's page lists the steps they are accountable for."))
    by_sop = phrase(_("The {index} shows every SOP's review status and use."),
                    index=link(_("SOP index"), urls.md_link(src, urls.SOPS_INDEX)))
    section(_("Critical steps without a metric"), "no-metric",
            [site.step_link(src, j, s) for j, s in no_metric], by_owner)
    section(_("SOPs past their review date"), "overdue",
            [phrase(_("{sop} — {status}, owner {owner}"), sop=site.sop_link(src, s.id),
                    status=site.review_status(s), owner=site.owner_link(src, s.owner))
             for s in overdue], by_sop)
    if any(s.expect_every for s in book.sops.values()):
        section(_("Critical SOPs not run as often as expected"), "not-run",
                [health_item(site, s, src) for s in not_run_in_time(site)], by_sop)
    section(_("SOPs no step uses"), "unused", [site.sop_link(src, s.id) for s in unused],
            by_sop)
    section(_("Steps without an owner"), "ownerless",
            [site.step_link(src, j, s) for j, s in ownerless],
            phrase(_("Each journey's page shows every step with its owner.")))
    if book.actuals:
        section(_("Metrics with no recent value"), "stale-actuals",
                [phrase(ngettext("{step}: {metric}: no value for {n} week (the last on {date})",
                                 "{step}: {metric}: no value for {n} weeks (the last on "
                                 "{date})", age), step=site.step_link(src, j, s),
                        metric=esc(m.name), n=str(age), date=esc(day(last)))
                 for j, s, m, last, age in actuals.stale(site, site.stale_weeks)])
    # Every content problem, also those of files that could not be published at all.
    section(_("Problems in the source files"), "problems",
            [problem_line(p) for p in site.problems.errors()],
            phrase(_("{command} prints them all; each page shows its own."),
                   command=code("journeydocs check")))
    return "\n".join(out)
