"""An SOP's ``schedule:`` (recurring runs): read from front matter, checked, and its dates.

```yaml
schedule:
  every: 2w            # Nd, Nw, Nm or Ny (as review_every)
  weekday: tuesday     # optional: monday .. sunday (not with days)
  assignee: ops-lead   # optional: an owner id (default: the SOP's owner)
```

The dates a schedule falls on are counted from a fixed calendar (:data:`EPOCH`), not from
the last run, so "every 2w" means the same weeks for everyone and the dates are the same on
every machine: every ``N`` days from the epoch; the ``weekday`` (default Monday) of every
``N``-th ISO week; every ``N``-th month (January 2024 counted first) on its 1st, or on its
first ``weekday``; every ``N``-th year likewise in January. Pure: no clock is read here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from journeydocs.content.model import parse_interval
from journeydocs.content.records import Schedule
from journeydocs.content.schema import WEEKDAYS
from journeydocs.content.yamlload import YamlDoc
from journeydocs.i18n import _
from journeydocs.problems import Problems

EPOCH = dt.date(2024, 1, 1)
"""A Monday, the first day of ISO week 2024-W01: "every 2w" counts its weeks from it."""


def read_schedule(data: dict[str, Any] | None, doc: YamlDoc, source: str,
                  problems: Problems) -> Schedule | None:
    """The checked ``schedule`` mapping of an SOP's front matter as a :class:`Schedule`, or
    None when it is absent or unusable (the validator has said why). A ``weekday`` with an
    interval in days is reported and dropped: a run every 3 days falls on any day."""
    if not data or not data.get("every"):
        return None
    path: tuple[str | int, ...] = ("schedule",)
    line, column = doc.key_at(path)
    pos = {key: doc.at((*path, key)) for key in ("every", "weekday", "assignee")
           if (*path, key) in doc.marks}
    weekday = WEEKDAYS.index(data["weekday"]) if data.get("weekday") else None
    parsed = parse_interval(data["every"])
    if weekday is not None and parsed is not None and parsed[1] == "d":
        problems.add(source, *pos["weekday"],
                     _("'weekday' of the schedule does not go with 'every: {every}': a run "
                       "every few days falls on any day of the week").format(
                         every=data["every"]),
                     _("write 'every' in weeks (1w, 2w), months or years, or remove "
                       "'weekday'"), code="schema")
        weekday = None
    return Schedule(source=source, line=line, column=column, pos=pos, every=data["every"],
                    weekday=weekday, assignee=data.get("assignee", ""))


def assignee_of(schedule: Schedule, sop_owner: str) -> str:
    """Who runs a scheduled SOP: the schedule's assignee, else the SOP's owner."""
    return schedule.assignee or sop_owner


def occurrences(schedule: Schedule, start: dt.date, end: dt.date) -> list[dt.date]:
    """The dates from ``start`` to ``end`` (both included) on which a run is due."""
    parsed = parse_interval(schedule.every)
    if parsed is None or end < start:
        return []
    number, unit = parsed
    out = []
    day = start
    while day <= end:
        if _falls_on(day, number, unit, schedule.weekday):
            out.append(day)
        day += dt.timedelta(days=1)
    return out


def _falls_on(day: dt.date, number: int, unit: str, weekday: int | None) -> bool:
    if unit == "d":
        return (day - EPOCH).days % number == 0
    if unit == "w":
        week = (day - EPOCH).days // 7
        return week % number == 0 and day.weekday() == (weekday or 0)
    if unit == "m":
        period = (day.year - EPOCH.year) * 12 + day.month - 1
    else:
        period = day.year - EPOCH.year
        if day.month != 1:
            return False
    if period % number:
        return False
    if weekday is None:
        return day.day == 1
    return day.weekday() == weekday and day.day <= 7
