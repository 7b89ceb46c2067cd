"""The weekly review as Markdown: the meeting issue's body, and the site's weekly pages.

Pure. Where a title links to (the site's SOP page, a step's anchor, a diff map) is the
caller's: :class:`Links` turns ids into URLs (the CLI's point at the published site, the
site's are relative ``.md`` links); without one, ids show as code. Author text goes through
:func:`markup.esc`. Things to act on are task-list items in an issue, so the meeting ticks
them off (plain list items on a page, where a checkbox would tick nothing).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from journeydocs.content.model import Playbook, parse_interval
from journeydocs.content.records import RunRecord
from journeydocs.i18n import _, current, ngettext
from journeydocs.review.due import Due
from journeydocs.review.weekly import (
    FilingProblem,
    MetricRow,
    OwnerWeek,
    RunDue,
    ScheduledRun,
    Week,
    WeeklyReview,
)
from journeydocs.review.words import count, day, listed
from journeydocs.safety.markup import esc


def _none(_key: str) -> str:
    return ""


@dataclass(frozen=True)
class Links:
    """URLs for what the review names ("" when there is none to give)."""

    sop: Callable[[str], str] = _none  # SOP id -> its page
    step: Callable[[str], str] = _none  # "journey/step" -> the step's anchor on its page
    diff_map: Callable[[str], str] = _none  # journey id -> its diff map
    tasks: bool = True  # things to act on as task-list items (an issue), else plain items


def _link(text: str, url: str) -> str:
    return f"[{text}]({url})" if url else text


def _code(text: str) -> str:
    return f"`{text.replace('`', '')}`"


def _interval(every: str) -> str:
    parsed = parse_interval(every)
    if parsed is None:
        return every
    n, unit = parsed
    text = {"d": ngettext("every {n} day", "every {n} days", n),
            "w": ngettext("every {n} week", "every {n} weeks", n),
            "m": ngettext("every {n} month", "every {n} months", n),
            "y": ngettext("every {n} year", "every {n} years", n)}[unit]
    return text.format(n=count(n))


def _number(value: float) -> str:
    return current().number(int(value)) if value == int(value) else current().number(value)


def _metric(row: MetricRow, links: Links) -> str:
    step = _link(f"**{esc(row.step.title)}**", links.step(f"{row.journey.id}/{row.step.id}"))
    # Translators: a metric off target in the weekly review: "Open rate at step Email
    # nurture (Webinar to new client): 28 on 2026-11-27, target >= 35%"
    return _("{metric} at step {step} ({journey}): {value} on {date}, target {target}").format(
        metric=f"**{esc(row.metric.name)}**", step=step, journey=esc(row.journey.title),
        value=_number(row.value), date=day(row.date), target=_code(row.metric.target))


def _review(item: Due, links: Links) -> str:
    name = _link(f"**{esc(item.sop.title)}**", links.sop(item.sop.id))
    if item.days > 0:
        when = ngettext("overdue {n} day (due {date})", "overdue {n} days (due {date})",
                        item.days).format(n=count(item.days), date=day(item.due))
    elif item.days == 0:
        when = _("due today ({date})").format(date=day(item.due))
    else:
        when = ngettext("due in {n} day ({date})", "due in {n} days ({date})",
                        -item.days).format(n=count(-item.days), date=day(item.due))
    mark = "⚠️ " if item.overdue else ""
    # Translators: an SOP review in the weekly review: "Check backups (backup) — overdue
    # 3 days (due 2026-11-20)"
    return mark + _("{sop} ({id}) — {when}").format(sop=name, id=_code(item.sop.id),
                                                    when=when)


def _run(run: RunRecord, title: str, links: Links) -> str:
    name = _link(f"**{esc(title)}**", links.sop(run.sop))
    when = run.started or run.finished
    date = day(when.date()) if when is not None else "—"
    by = f"@{esc(run.ran_by)}" if run.ran_by else _("someone")
    if run.finished is not None:
        # Translators: a run done in the week: "Run a call “Acme” by @ana on 2026-11-24"
        text = _("{sop} “{name}” by {who} on {date}, finished")
    else:
        text = _("{sop} “{name}” by {who} on {date}, not finished")
    line = text.format(sop=name, name=esc(run.name) or "—", who=by, date=date)
    if run.skipped:
        line += " · " + ngettext("{n} item skipped", "{n} items skipped",
                                 len(run.skipped)).format(n=count(len(run.skipped)))
    return line + (f" (#{run.issue})" if run.issue else "")


def _due_run(item: RunDue, links: Links) -> str:
    name = _link(f"**{esc(item.sop.title)}**", links.sop(item.sop.id))
    every = item.sop.schedule.every if item.sop.schedule else item.sop.expect_every
    last = (_("last run {date}").format(date=day(item.last)) if item.last
            else _("never run"))
    if item.state == "missed":
        # Translators: a run the schedule or expect_every asked for and nobody did:
        # "missed: Check backups (backup), due 2026-11-23, every 1 week, last run 2026-11-09"
        text = _("missed: {sop} ({id}), due {date}, {every}, {last}")
    else:
        text = _("to do: {sop} ({id}), due {date}, {every}, {last}")
    return text.format(sop=name, id=_code(item.sop.id), date=day(item.due),
                       every=_interval(every), last=last)


def _filing(item: FilingProblem) -> str:
    title = _link(esc(item.title) or f"#{item.number}", item.url)
    who = f" — @{esc(item.author)}" if item.author else ""
    return f"#{item.number} {title}{who}"


def _section(title: str, lines: list[str], task: bool = False, level: int = 4) -> list[str]:
    if not lines:
        return []
    bullet = "- [ ] " if task else "- "
    return [f"{'#' * level} {title}", "", *(bullet + line for line in lines), ""]


def owner_markdown(ow: OwnerWeek, review: WeeklyReview, links: Links,
                   level: int = 4) -> list[str]:
    """One owner's part, its sections' headings at ``level``: each section only when it
    has something."""
    out: list[str] = []
    hashes = "#" * level
    out += _section(_("Metrics off target"), [_metric(r, links) for r in ow.off_target],
                    task=links.tasks, level=level)
    out += _section(_("SOP reviews"), [_review(d, links) for d in ow.reviews], task=links.tasks,
                    level=level)
    done = [_run(r, review.titles.get(r.sop, r.sop), links) for r in ow.runs]
    missed = [_due_run(d, links) for d in ow.due_runs]
    if done or missed:
        out += [f"{hashes} " + _("Runs"), ""]
        out += [f"- ✔ {line}" for line in done]
        out += [("- [ ] " if links.tasks else "- ") + line for line in missed]
        out.append("")
    out += _section(_("Run issues not filed"), [_filing(f) for f in ow.filing], task=links.tasks,
                    level=level)
    if ow.changes and review.changes is not None:
        out += [f"{hashes} " + _("Changes in the last 7 days"), ""]
        for change in ow.changes:
            line = f"- {change.mark} {esc(change.text())}"
            url = links.diff_map(change.key) if change.kind == "journey" else ""
            if url:
                line += " — " + _link(esc(_("diff map")), url)
            out.append(line)
        out.append("")
    if not out:
        out = [_("Nothing to review this week."), ""]
    return out


def weekly_markdown(review: WeeklyReview, links: Links | None = None, *,
                    heading: int = 2) -> str:
    """The whole review: a heading with the week, then one section per owner (a single
    owner's review has no owner heading of its own)."""
    links = links or Links()
    week = review.week
    # Translators: the weekly review's title: "Weekly review 2026-W48 (2026-11-23 to
    # 2026-11-29)"; the week's label is ISO 8601 in every language
    title = _("Weekly review {week} ({start} to {end})").format(
        week=week.label, start=day(week.start), end=day(week.end))
    out = [f"{'#' * heading} {title}", ""]
    if review.as_of < week.end:
        out += [_("As of {date}: the week is not over.").format(date=day(review.as_of)), ""]
    if review.changes is not None:
        n = len(review.changes.diff.changes)
        out += [ngettext("{n} change to the playbook from {start} to {end}.",
                         "{n} changes to the playbook from {start} to {end}.", n).format(
            n=count(n), start=day(review.changes.since), end=day(review.changes.until)), ""]
    owners = review.owners
    single = len(owners) == 1
    level = heading + (1 if single else 2)
    if review.filing:
        out += _section(_("Run issues not filed"), [_filing(f) for f in review.filing],
                        task=links.tasks, level=heading + 1)
    for ow in owners:
        if not single:
            out += [f"{'#' * (heading + 1)} {owner_label(ow)}", ""]
        out += owner_markdown(ow, review, links, level)
    return "\n".join(out).rstrip("\n") + "\n"


def owner_label(ow: OwnerWeek) -> str:
    """``Sales lead (Chelsea Park) @chelseapark``; an id owners.yml lacks, as code."""
    if ow.owner is None:
        return _("{owner} (not in owners.yml)").format(owner=_code(ow.owner_id))
    text = esc(ow.owner.display)
    if ow.owner.github:
        text += f" @{esc(ow.owner.github.lstrip('@'))}"
    return text


def handles(review: WeeklyReview) -> list[str]:
    """The GitHub handles of the review's owners (users, not teams), for the issue's
    assignees."""
    out: list[str] = []
    for ow in review.owners:
        handle = ow.owner.github.lstrip("@") if ow.owner and ow.owner.github else ""
        if handle and "/" not in handle and handle not in out:
            out.append(handle)
    return out




RUN_DUE_LABEL = "journeydocs-run-due"
"""The label of the run issues the scheduled workflow opens."""


def meeting_title(review: WeeklyReview) -> str:
    # Translators: the title of the weekly meeting's issue: "Weekly review 2026-W48"
    return _("Weekly review {week}").format(week=review.week.label)


def run_issue(run: ScheduledRun, week: Week, book: Playbook,
              links: Links) -> dict[str, object]:
    """The issue the scheduled workflow opens for a scheduled SOP's runs in ``week``:
    title, body (the dates, who, the link to the SOP page), labels and assignees."""
    dates = listed(day(d) for d in run.dates)
    # Translators: a scheduled run's issue title: "Check the backups (2026-W48)" (SOP
    # titles already say what to do: add no verb)
    title = _("{sop} ({week})").format(sop=run.sop.title, week=week.label)
    owner = book.owners.get(run.assignee)
    who = owner.display if owner is not None else run.assignee
    url = links.sop(run.sop.id)
    body = [_("{sop} is due {when}: on {dates}.").format(
                sop=f"**{esc(run.sop.title)}**", when=_interval(run.sop.schedule.every
                                                               if run.sop.schedule else ""),
                dates=dates),
            "",
            _("Who runs it: {owner}.").format(owner=esc(who)),
            ""]
    if url:
        body += [_("Open the checklist, tick it as you go, then file the run from the "
                   "page: {url}").format(url=url), ""]
    body += [_("Close this issue when the run is filed."), ""]
    handle = owner.github.lstrip("@") if owner is not None and owner.github else ""
    return {"title": title, "body": "\n".join(body), "labels": [RUN_DUE_LABEL],
            "assignees": [handle] if handle and "/" not in handle else [],
            "sop": run.sop.id, "dates": [d.isoformat() for d in run.dates]}
