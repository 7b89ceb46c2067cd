"""The weekly review: what one owner brings to the weekly meeting, for one ISO week. Pure.

Owners meet weekly to review their systems, metrics and accountability chart. For a week
(the ISO week holding a date) and an owner this collects: the metrics of the owner's steps
that are off target, the owner's SOP reviews overdue or due soon, the runs of the owner's
SOPs done in the week and those missed (a ``schedule:`` date or an ``expect_every:``
interval passed without a run), the run issues that could not be filed as records, and what
changed in the playbook in the 7 days up to the review. Everything arrives as arguments:
the clock (``today``), git (:class:`WeekChanges`) and the reading of metric targets (a
:data:`Judge`) are the caller's; :mod:`journeydocs.review.weekly_text` writes it as Markdown.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from journeydocs.content.model import Journey, Metric, Owner, Playbook, Sop, Step, add_interval
from journeydocs.content.records import RunRecord
from journeydocs.content.schedule import assignee_of, occurrences
from journeydocs.review.changes import Change, PlaybookDiff
from journeydocs.review.diff import owners_involved
from journeydocs.review.due import Due, reviews

Judge = Callable[[Metric, float], bool | None]
"""Whether a value meets its metric's target: True (on target), False (off), None (the
target says nothing a number can meet, such as "grow")."""


@dataclass(frozen=True)
class Week:
    """An ISO week: Monday ``start`` to Sunday ``end``."""

    year: int
    number: int

    @classmethod
    def containing(cls, day: dt.date) -> Week:
        iso = day.isocalendar()
        return cls(iso.year, iso.week)

    @property
    def start(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.number, 1)

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=6)

    @property
    def label(self) -> str:
        """``2026-W48``: ISO 8601, the same in every language (and the page's folder)."""
        return f"{self.year}-W{self.number:02d}"

    def previous(self) -> Week:
        return Week.containing(self.start - dt.timedelta(days=7))


@dataclass(frozen=True)
class MetricRow:
    """The latest value of one metric of a step in the week: (step, metric, value, target,
    on target) with where it stands."""

    journey: Journey
    step: Step
    metric: Metric
    value: float
    date: dt.date
    on_target: bool | None


@dataclass(frozen=True)
class RunDue:
    """A run the week asked for: ``state`` is ``missed`` (the date passed without a run) or
    ``upcoming`` (later in the week). ``due`` is the schedule's date, or for an
    ``expect_every`` SOP the day its interval ran out; ``last`` the latest run before."""

    sop: Sop
    state: str  # "missed" | "upcoming"
    due: dt.date
    last: dt.date | None = None


@dataclass(frozen=True)
class FilingProblem:
    """A run issue the records workflow could not turn into a record: it stays open with
    the problems as a comment. ``sop`` is the SOP id it names, when it names one."""

    number: int
    title: str
    url: str = ""
    author: str = ""
    sop: str = ""


@dataclass(frozen=True)
class WeekChanges:
    """What changed in the playbook between two commits (``since`` and ``until``, dates of
    the window), with where each changed journey's diff map is."""

    diff: PlaybookDiff
    old: Playbook
    new: Playbook
    since: dt.date
    until: dt.date
    maps: dict[str, str] = field(default_factory=dict)  # journey id -> link to its map


@dataclass
class OwnerWeek:
    owner_id: str
    owner: Owner | None
    off_target: list[MetricRow] = field(default_factory=list)
    reviews: list[Due] = field(default_factory=list)
    runs: list[RunRecord] = field(default_factory=list)
    due_runs: list[RunDue] = field(default_factory=list)
    filing: list[FilingProblem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.off_target or self.reviews or self.runs or self.due_runs
                     or self.filing or self.changes)


@dataclass
class WeeklyReview:
    week: Week
    as_of: dt.date  # the week's last day, or today while the week runs
    within: int  # SOP reviews due within this many days of ``as_of`` are listed
    owners: list[OwnerWeek]
    changes: WeekChanges | None = None
    filing: list[FilingProblem] = field(default_factory=list)
    """Run issues that name no SOP of the playbook: everyone's to sort out."""
    titles: dict[str, str] = field(default_factory=dict)  # SOP id -> title


def as_of(week: Week, today: dt.date) -> dt.date:
    """The day a review of ``week`` counts to: its Sunday, or ``today`` inside it."""
    return min(max(today, week.start), week.end)


def change_window(week: Week, today: dt.date) -> tuple[dt.date, dt.date]:
    """The 7 days (first and last) whose changes the review of ``week`` lists."""
    last = as_of(week, today)
    return last - dt.timedelta(days=6), last


def weekly_review(book: Playbook, week: Week, today: dt.date, *, owner: str | None = None,
                  judge: Judge | None = None, filing: Sequence[FilingProblem] = (),
                  changes: WeekChanges | None = None, within: int = 14) -> WeeklyReview:
    """The review of ``week`` for ``owner`` (None: every owner of ``owners.yml``, in its
    order; ``journeydocs check`` reports an SOP whose owner is not there). ``judge`` reads
    metric targets; without one no metric counts as off target."""
    last = as_of(week, today)
    due_reviews = {g.owner_id: g.items for g in reviews(book, last, within)}
    ids = [owner] if owner is not None else list(book.owners)
    out = []
    for oid in ids:
        ow = OwnerWeek(oid, book.owners.get(oid))
        ow.off_target = [r for r in metric_rows(book, week, last, judge, oid)
                         if r.on_target is False]
        ow.reviews = due_reviews.get(oid, [])
        ow.runs, ow.due_runs = runs_of(book, week, last, oid)
        sops = {s.id for s in owned_sops(book, oid)}
        ow.filing = [f for f in filing if f.sop in sops]
        if changes is not None:
            ow.changes = _changes_of(changes, oid)
        out.append(ow)
    other = [f for f in filing if f.sop not in book.sops]
    titles = {s.id: s.title for s in book.sops.values()}
    return WeeklyReview(week, last, within, out, changes, other, titles)


def _changes_of(changes: WeekChanges, owner: str) -> list[Change]:
    """The changes the owner is accountable for; a journey's own line (which links its
    diff map) with any of its steps."""
    mine = [c for c in changes.diff.changes
            if owner in owners_involved(PlaybookDiff([c]), changes.old, changes.new)]
    journeys = {c.key.partition("/")[0] for c in mine if c.kind == "step"}
    return [c for c in changes.diff.changes
            if c in mine or (c.kind == "journey" and c.key in journeys)]


def owned_sops(book: Playbook, owner: str) -> list[Sop]:
    """SOPs whose runs are the owner's: their own, but those whose schedule assigns
    someone else, and those whose schedule assigns them."""
    return [s for s in book.sops.values()
            if (assignee_of(s.schedule, s.owner) if s.schedule else s.owner) == owner]


def owner_of_step(journey: Journey, step: Step) -> str:
    return step.owner or journey.owner


def metric_rows(book: Playbook, week: Week, last: dt.date, judge: Judge | None,
                owner: str | None = None) -> list[MetricRow]:
    """The latest value in the week (up to ``last``) of each metric of the owner's steps,
    in journey and step order."""
    latest: dict[tuple[str, str, str], tuple[dt.date, float]] = {}
    for a in book.actuals:
        if a.date is None or not week.start <= a.date <= last:
            continue
        key = (a.journey, a.step, a.metric)
        if key not in latest or latest[key][0] <= a.date:
            latest[key] = (a.date, a.value)
    out = []
    for journey in book.journeys.values():
        for step in journey.steps:
            if owner is not None and owner_of_step(journey, step) != owner:
                continue
            for metric in step.metrics:
                found = latest.get((journey.id, step.id, metric.name))
                if found is None:
                    continue
                day, value = found
                verdict = judge(metric, value) if judge is not None else None
                out.append(MetricRow(journey, step, metric, value, day, verdict))
    return out


def _day(run: RunRecord) -> dt.date | None:
    when = run.started or run.finished
    return when.astimezone(dt.UTC).date() if when is not None else None


def runs_of(book: Playbook, week: Week, last: dt.date,
            owner: str) -> tuple[list[RunRecord], list[RunDue]]:
    """The runs of the owner's SOPs started in the week (by start time), and the runs the
    week asked for that did not happen (missed) or are still to come (upcoming)."""
    sops = owned_sops(book, owner)
    ids = {s.id for s in sops}
    done = sorted((r for r in book.runs if r.sop in ids and (d := _day(r)) is not None
                   and week.start <= d <= last),
                  key=lambda r: (_day(r) or week.start, r.started or r.finished, r.issue))
    ran = {r.sop for r in done}
    due: list[RunDue] = []
    for sop in sops:
        if sop.id in ran:
            continue
        before = [d for r in book.runs if r.sop == sop.id
                  and (d := _day(r)) is not None and d < week.start]
        previous = max(before) if before else None
        if sop.schedule is not None:
            dates = occurrences(sop.schedule, week.start, week.end)
            if dates:
                missed = dates[0] <= last
                due.append(RunDue(sop, "missed" if missed else "upcoming",
                                  dates[0], previous))
        elif sop.expect_every:
            ends = add_interval(previous, sop.expect_every) if previous else week.start
            if ends is not None and ends <= last:
                due.append(RunDue(sop, "missed", ends, previous))
    due.sort(key=lambda d: (d.state != "missed", d.due, d.sop.title.lower()))
    return done, due


_SOP_FIELD_RE = re.compile(r"^###\s*SOP\b[^\n]*\n+\s*`?([a-z][a-z0-9-]*)`?\s*$", re.MULTILINE)


def filing_problems(issues: object, sop_ids: Iterable[str]) -> list[FilingProblem]:
    """The open run issues as ``gh issue list --json number,title,url,author,body`` prints
    them: each names its SOP in the form's ``### SOP ...`` field (else by an SOP id among the
    title's words). Entries that are not issues are skipped."""
    known = set(sop_ids)
    out = []
    for item in issues if isinstance(issues, list) else []:
        if not isinstance(item, dict) or not isinstance(item.get("number"), int):
            continue
        body, title = str(item.get("body") or ""), str(item.get("title") or "")
        m = _SOP_FIELD_RE.search(body)
        sop = m.group(1) if m else next(
            (w for w in re.findall(r"[a-z][a-z0-9-]*", title) if w in known), "")
        author = item.get("author")
        login = str(author.get("login") or "") if isinstance(author, dict) else ""
        out.append(FilingProblem(item["number"], title, str(item.get("url") or ""), login,
                                 sop))
    return sorted(out, key=lambda f: f.number)


@dataclass(frozen=True)
class ScheduledRun:
    """A scheduled SOP's runs in a week: the dates, and who runs it (an owner id)."""

    sop: Sop
    dates: tuple[dt.date, ...]
    assignee: str


def scheduled_runs(book: Playbook, week: Week) -> list[ScheduledRun]:
    """Every SOP whose ``schedule:`` falls in ``week``, by first date then title."""
    out = []
    for sop in book.sops.values():
        if sop.schedule is None:
            continue
        dates = occurrences(sop.schedule, week.start, week.end)
        if dates:
            out.append(ScheduledRun(sop, tuple(dates), assignee_of(sop.schedule, sop.owner)))
    return sorted(out, key=lambda r: (r.dates[0], r.sop.title.lower(), r.sop.id))
