"""The weekly review's pages on the site: one per week and owner, linked from the owner page.

The review itself (:mod:`journeydocs.review.weekly`) is made by the adapter, which may read
git; here are only where its pages live and how an owner page points at them.
"""

from __future__ import annotations

from dataclasses import dataclass

from journeydocs.i18n import _
from journeydocs.safety.markup import esc, link
from journeydocs.site import urls
from journeydocs.site.notices import front_matter


@dataclass(frozen=True)
class WeeklyPage:
    """One owner's review of one ISO week: ``week`` is its label (``2026-W48``) and
    ``markdown`` the review's body, which starts with its ``## `` title."""

    week: str
    owner_id: str
    title: str  # what the owner page's link says: "Weekly review 2026-W48"
    markdown: str  # made with its title (the week and its dates) as a level-1 heading

    @property
    def src_uri(self) -> str:
        return urls.weekly_page(self.week, self.owner_id)

    def page(self, owner_name: str) -> str:
        """The page: front matter (the owner and the week as its title), then the review."""
        # Translators: a weekly review page's title: "Sales lead: weekly review 2026-W48"
        title = _("{owner}: weekly review {week}").format(owner=owner_name, week=self.week)
        head, _nl, rest = self.markdown.partition("\n")
        return "\n".join([front_matter(title=title), f"# {esc(title)}", "",
                          head.removeprefix("# "), rest])


def owner_section(owner_id: str, pages: list[WeeklyPage]) -> str:
    """The owner page's "Weekly review" section: a link to each week's page, newest first."""
    mine = sorted((p for p in pages if p.owner_id == owner_id), key=lambda p: p.week,
                  reverse=True)
    if not mine:
        return ""
    src = urls.owner_page(owner_id)
    lines = [f"- {link(esc(p.title), urls.md_link(src, p.src_uri))}" for p in mine]
    return "\n".join(["## " + esc(_("Weekly review")) + " { #weekly-review }", "", *lines, ""])
