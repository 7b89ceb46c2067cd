"""The weekly review's pages for the site: this week's (from the build's ``today``) and the
week before's when it has something to show, for each owner.

Reproducible: the week comes from ``today`` (``SOURCE_DATE_EPOCH``), the changes from the
commits git had at the end of each day (:mod:`journeydocs.review.weekly_git`), never from
the clock. Outside a git repository the pages have no "changes" section.
"""

from __future__ import annotations

from journeydocs.content.settings import Settings
from journeydocs.review.git import GitError, Repo
from journeydocs.review.weekly import Judge, Week, WeekChanges, change_window, weekly_review
from journeydocs.review.weekly_git import week_changes
from journeydocs.review.weekly_text import Links, meeting_title, weekly_markdown
from journeydocs.site import urls
from journeydocs.site.pages import Site
from journeydocs.site.weekly import WeeklyPage


def _links(src: str) -> Links:
    def step(key: str) -> str:
        jid, _slash, sid = key.partition("/")
        return urls.md_link(src, urls.journey_page(jid), urls.step_anchor(sid))

    return Links(sop=lambda sid: urls.md_link(src, urls.sop_page(sid)), step=step,
                 tasks=False)


def weekly_pages(site: Site, settings: Settings, judge: Judge | None = None) -> list[WeeklyPage]:
    """One page per owner for the current week, and for the previous week when any owner
    has something in it."""
    book = site.book
    if not book.owners:
        return []
    today = site.today
    repo = Repo.find(settings.root)
    current = Week.containing(today)
    out: list[WeeklyPage] = []
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
        for ow in review.owners:
            one = weekly_review(book, week, today, owner=ow.owner_id, judge=judge,
                                changes=changes)
            src = urls.weekly_page(week.label, ow.owner_id)
            out.append(WeeklyPage(week.label, ow.owner_id, meeting_title(one),
                                  weekly_markdown(one, _links(src), heading=1)))
    return out
