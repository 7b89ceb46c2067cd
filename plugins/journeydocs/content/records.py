"""What happened, as opposed to what should happen: run records and metric actuals.

Shapes shared by the loaders (``records/runs/**.yml``, ``records/actuals/*.csv`` under the
docs folder, plugin option ``records_dir``), the site pages and the weekly review. Each
record remembers its file and line (:class:`~journeydocs.content.model.Located`) so checks
point at the line an editor must change.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from journeydocs.content.model import Located


@dataclass
class RunRecord(Located):
    """One checklist run, filed from the browser as a GitHub issue and committed as
    ``records/runs/<YYYY>/<sop>-<issue>.yml``.

    Times are timezone-aware UTC datetimes; ``ticked`` and ``skipped`` hold checklist
    item keys as the browser stores them (the item's anchor id); items in neither list
    were left open.
    """

    sop: str = ""
    sop_commit: str = ""  # the commit of the SOP the run followed (short or full SHA)
    name: str = ""  # the run's name as typed in the browser
    ran_by: str = ""  # GitHub login of the person who filed the run
    started: _dt.datetime | None = None
    finished: _dt.datetime | None = None  # None: filed unfinished
    ticked: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: str = ""
    issue: int = 0  # the GitHub issue number it was filed as (0: not filed from an issue)


@dataclass
class MetricActual(Located):
    """One measured value of a step's metric: a row of ``records/actuals/*.csv``
    (columns ``date,journey,step,metric,value,note``)."""

    date: _dt.date | None = None
    journey: str = ""
    step: str = ""
    metric: str = ""  # the metric's ``name`` as written in the journey
    value: float = 0.0
    note: str = ""


@dataclass
class Schedule(Located):
    """An SOP's optional ``schedule:`` (recurring runs): every ``every`` (an interval as
    ``review_every``: ``"1w"``, ``"14d"``), on ``weekday`` (0 = Monday .. 6, or None),
    assigned to the owner id ``assignee`` (default: the SOP's owner)."""

    every: str = ""
    weekday: int | None = None
    assignee: str = ""
