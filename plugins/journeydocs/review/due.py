"""The weekly review list: SOPs past their review date, and those due soon, by owner. Pure.

Owners meet weekly to review their systems; this is the agenda's SOP part. An SOP is due
``review_every`` after ``last_reviewed`` (see :meth:`journeydocs.content.model.Sop.due_date`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from journeydocs.content.model import Playbook, Sop
from journeydocs.i18n import _, ngettext
from journeydocs.review.words import count, day
from journeydocs.safety.markup import esc


@dataclass(frozen=True)
class Due:
    sop: Sop
    due: dt.date
    days: int  # days past due (> 0: overdue), or negative: days left

    @property
    def overdue(self) -> bool:
        return self.days > 0


@dataclass
class OwnerReviews:
    owner_id: str
    label: str  # "Sales lead (Chelsea Park) @chelseapark", or the id if unknown
    items: list[Due]


def reviews(book: Playbook, today: dt.date, within: int = 14) -> list[OwnerReviews]:
    """SOPs overdue, or due in the next ``within`` days, grouped by owner.

    Owners come in the order of ``owners.yml`` (then unknown owner ids, sorted); within an
    owner, the most overdue SOP comes first. Owners with nothing due are left out.
    """
    by_owner: dict[str, list[Due]] = {}
    for sop in book.sops.values():
        due = sop.due_date()
        if due is None:
            continue
        days = (today - due).days
        if days > 0 or -days <= within:
            by_owner.setdefault(sop.owner, []).append(Due(sop, due, days))
    order = [o for o in book.owners if o in by_owner]
    order += sorted(o for o in by_owner if o not in book.owners)
    out = []
    for oid in order:
        items = sorted(by_owner[oid], key=lambda d: (d.due, d.sop.title.lower()))
        owner = book.owners.get(oid)
        if owner is None:
            # Translators: an SOP's owner id that owners.yml does not have
            label = _("{owner} (not in owners.yml)").format(owner=oid or _("(no owner)"))
        else:
            label = owner.display + (f" @{owner.github.lstrip('@')}" if owner.github else "")
        out.append(OwnerReviews(oid, label, items))
    return out


def unscheduled(book: Playbook) -> list[Sop]:
    """SOPs with no review date (no ``review_every`` or no ``last_reviewed``)."""
    return [s for s in book.sops.values() if s.due_date() is None]


def _when(item: Due) -> str:
    due = day(item.due)
    if item.days > 0:
        return ngettext("overdue {n} day (due {date})", "overdue {n} days (due {date})",
                        item.days).format(n=count(item.days), date=due)
    if item.days == 0:
        return _("due today ({date})").format(date=due)
    left = -item.days
    return ngettext("due in {n} day ({date})", "due in {n} days ({date})",
                    left).format(n=count(left), date=due)


def review_text(groups: list[OwnerReviews], today: dt.date, within: int,
                unscheduled_count: int = 0) -> str:
    """Plain text for a terminal: one block per owner, one line per SOP."""
    out = [ngettext("SOP reviews as of {date} (overdue, or due within {n} day)",
                    "SOP reviews as of {date} (overdue, or due within {n} days)",
                    within).format(date=day(today), n=count(within))]
    if not groups:
        out.append(_("Nothing to review."))
    for group in groups:
        out += ["", group.label]
        for item in group.items:
            mark = "!" if item.overdue else " "
            out.append(f"  {mark} {item.sop.title} [{item.sop.id}] — {_when(item)} — "
                       f"{item.sop.source}")
    if unscheduled_count:
        out += ["", ngettext(
            "{n} SOP has no review date (set review_every and last_reviewed).",
            "{n} SOPs have no review date (set review_every and last_reviewed).",
            unscheduled_count).format(n=count(unscheduled_count))]
    return "\n".join(out) + "\n"


def review_markdown(groups: list[OwnerReviews], today: dt.date, within: int,
                    unscheduled_count: int = 0) -> str:
    """Markdown for an issue, a chat message or a job summary."""
    title = _("SOP reviews as of {date}").format(date=day(today))
    out = [f"## {title}", "",
           ngettext("Overdue, or due within {n} day, by owner.",
                    "Overdue, or due within {n} days, by owner.", within).format(
               n=count(within)), ""]
    if not groups:
        out += [_("Nothing to review.") + " 🎉", ""]
    for group in groups:
        out += [f"### {esc(group.label)}", ""]
        for item in group.items:
            mark = "⚠️ " if item.overdue else ""
            line = _("{title} ({id}) — {when} — {file}").format(
                title=f"**{esc(item.sop.title)}**", id=f"`{item.sop.id}`", when=_when(item),
                file=f"`{item.sop.source}`")
            out.append(f"- [ ] {mark}{line}")
        out.append("")
    if unscheduled_count:
        out += [ngettext(
            "{n} SOP has no review date (set `review_every` and `last_reviewed`).",
            "{n} SOPs have no review date (set `review_every` and `last_reviewed`).",
            unscheduled_count).format(n=count(unscheduled_count)), ""]
    return "\n".join(out).rstrip("\n") + "\n"
