"""The weekly review's pages for the site: this week's (from the build's ``today``) and the
week before's when it has something to show, for each owner, with the week's diff maps
(``review/<week>/maps/<journey>.svg``, drawn once per week, linked from the changes).

Reproducible: the week comes from ``today`` (``SOURCE_DATE_EPOCH``), the changes from the
commits git had at the end of each day (:mod:`journeydocs.review.weekly_git`), never from
the clock. Outside a git repository the pages have no "changes" section.
"""

from __future__ import annotations

from journeydocs.content.settings import Settings
from journeydocs.content.targets import on_target
from journeydocs.i18n import _
from journeydocs.maps.diffmap import diff_dot, standalone_svg
from journeydocs.maps.render import RenderError, SvgRenderer
from journeydocs.review.git import GitError, Repo
from journeydocs.review.weekly import Judge, Week, WeekChanges, change_window, weekly_review
from journeydocs.review.weekly_git import week_changes
from journeydocs.review.weekly_text import Links, meeting_title, weekly_markdown
from journeydocs.site import urls
from journeydocs.site.pages import Site
from journeydocs.site.weekly import WeeklyPage


def _links(src: str, maps: dict[str, str]) -> Links:
    def step(key: str) -> str:
        jid, _slash, sid = key.partition("/")
        return urls.md_link(src, urls.journey_page(jid), urls.step_anchor(sid))

    def diff_map(jid: str) -> str:
        return urls.md_link(src, maps[jid]) if jid in maps else ""

    return Links(sop=lambda sid: urls.md_link(src, urls.sop_page(sid)), step=step,
                 diff_map=diff_map, tasks=False)


def _maps(week: Week, changes: WeekChanges | None) -> dict[str, tuple[str, str]]:
    """Journey id -> (file path, SVG) of each changed journey's diff map for ``week``."""
    if changes is None or not changes.diff:
        return {}
    ids = changes.diff.journey_ids()
    before, after = changes.since.isoformat(), changes.until.isoformat()
    sources = [diff_dot(jid, changes.old, changes.new, changes.diff, base_label=before,
                        head_label=after) for jid in ids]
    missing = [src for src in sources if src not in _SVGS]
    for src, drawn in zip(missing, SvgRenderer(None).render_each(missing), strict=True):
        _SVGS[src] = drawn
    while len(_SVGS) > 64:  # a long `mkdocs serve`: keep the last few weeks' maps
        del _SVGS[next(iter(_SVGS))]
    out: dict[str, tuple[str, str]] = {}
    for jid, svg in zip(ids, (_SVGS[src] for src in sources), strict=True):
        if isinstance(svg, RenderError):
            continue  # the page says the change; only its picture is missing
        journey = changes.new.journeys.get(jid) or changes.old.journeys.get(jid)
        label = _("Changes to {title}").format(title=journey.title if journey else jid)
        out[jid] = (f"review/{week.label}/maps/{jid}.svg", standalone_svg(svg, label))
    return out


_SVGS: dict[str, str | RenderError] = {}
"""Diff maps drawn, by DOT source: a rebuild under ``mkdocs serve`` draws none again."""


def weekly_pages(site: Site, settings: Settings,
                 judge: Judge | None = on_target) -> tuple[list[WeeklyPage], dict[str, str]]:
    """One page per owner for the current week, and for the previous week when any owner
    has something in it; and the diff maps they link (file path in the site -> SVG)."""
    book = site.book
    if not book.owners:
        return [], {}
    today = site.today
    repo = Repo.find(settings.root)
    current = Week.containing(today)
    out: list[WeeklyPage] = []
    files: dict[str, str] = {}
    for week in (current, current.previous()):
        changes: WeekChanges | None = None
        if repo is not None:
            since, until = change_window(week, today)
            try:
                changes = week_changes(repo, settings.root, since, until, today)
            except GitError:
                changes = None
        review = weekly_review(book, week, today, judge=judge, changes=changes)
        if week != current and not any(review.owners):
            continue
        maps = _maps(week, changes)
        files.update(maps.values())
        paths = {jid: path for jid, (path, _svg) in maps.items()}
        for ow in review.owners:
            one = weekly_review(book, week, today, owner=ow.owner_id, judge=judge,
                                changes=changes)
            src = urls.weekly_page(week.label, ow.owner_id)
            out.append(WeeklyPage(week.label, ow.owner_id, meeting_title(one),
                                  weekly_markdown(one, _links(src, paths), heading=1)))
    return out, files
