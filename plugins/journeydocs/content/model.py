"""The content model (shared/content-model.md, version 1) as plain dataclasses.

Everything the site shows is built from a :class:`Playbook`. Each element remembers the
file it came from (``source``: path relative to the project root, ``src_uri``: path
relative to the docs folder) and the line and column of itself and of each of its fields
(``pos``), so later checks can point at the exact line an editor must change.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from journeydocs.i18n import N_, _
from journeydocs.safety.markup import fill

if TYPE_CHECKING:
    from journeydocs.content.records import MetricActual, RunRecord, Schedule

Pos = tuple[int, int]
"""(line, column), both 1-based."""

SYSTEMS = ("marketing", "operations")
STEP_TYPES = ("start", "end", "task", "decision")
CHANNELS = ("paid", "earned", "person")
STATUSES = ("as-is", "to-be")


class StepType(StrEnum):
    START = "start"
    END = "end"
    TASK = "task"
    DECISION = "decision"


@dataclass(frozen=True)
class Stage:
    """A stage of the hourglass; ``label`` is what the site shows (any language)."""

    id: str
    label: str
    system: str  # "marketing" | "operations"


DEFAULT_STAGES: tuple[Stage, ...] = (
    # Translators: the stages of the Marketing Hourglass, as the default stage labels
    Stage("know", N_("Know"), "marketing"),
    Stage("like", N_("Like"), "marketing"),
    Stage("trust", N_("Trust"), "marketing"),
    Stage("try", N_("Try"), "marketing"),
    Stage("buy", N_("Buy"), "operations"),
    Stage("repeat", N_("Repeat"), "operations"),
    Stage("refer", N_("Refer"), "operations"),
)
"""The hourglass with its English labels; :func:`default_stages` gives it in the site's
language."""


def default_stages() -> tuple[Stage, ...]:
    """The default stages (the hourglass) labelled in the active language: 认识, 喜欢...
    (labels configured in ``mkdocs.yml`` are shown as written)."""
    return tuple(Stage(s.id, _(s.label), s.system) for s in DEFAULT_STAGES)


@dataclass
class Located:
    """Where an element came from."""

    source: str = ""  # project-relative path, e.g. content/journeys/x.yml
    line: int = 0
    column: int = 0
    pos: dict[str, Pos] = field(default_factory=dict, repr=False, compare=False)

    def at(self, key: str) -> Pos:
        """Line and column of field ``key``, falling back to the element itself."""
        return self.pos.get(key, (self.line, self.column))


@dataclass
class Owner(Located):
    id: str = ""
    name: str = ""
    person: str = ""
    team: str = ""
    email: str = ""
    chat: str = ""
    github: str = ""

    @property
    def display(self) -> str:
        """The role and who holds it today: "Sales lead (Chelsea Park)", in Chinese
        "销售负责人（李静）"."""
        if not self.person:
            return self.name
        # Translators: an owner: the role, and the person who holds it today
        return fill(_("{role} ({person})"), role=self.name, person=self.person)


@dataclass
class Metric(Located):
    name: str = ""
    target: str = ""


@dataclass
class Branch(Located):
    label: str = ""
    next: str = ""


@dataclass
class Customer(Located):
    motivation: str = ""
    concerns: list[str] = field(default_factory=list)


@dataclass
class Step(Located):
    id: str = ""
    title: str = ""
    type: StepType = StepType.TASK
    stage: str = ""
    channel: str = ""
    touchpoint: str = ""
    next: list[str] = field(default_factory=list)
    owner: str = ""
    automation: list[str] = field(default_factory=list)
    metrics: list[Metric] = field(default_factory=list)
    critical: bool = False
    sop: str = ""
    customer: Customer | None = None
    branches: list[Branch] = field(default_factory=list)
    continues: str = ""
    notes: str = ""

    def successors(self) -> list[str]:
        """Every step id this step can lead to, in order, without repeats."""
        out: list[str] = []
        for target in [*self.next, *(b.next for b in self.branches)]:
            if target and target not in out:
                out.append(target)
        return out


@dataclass
class Journey(Located):
    id: str = ""
    src_uri: str = ""  # docs-relative path of the YAML, e.g. journeys/x.yml
    title: str = ""
    system: str = ""
    owner: str = ""
    product: str = ""
    segment: str = ""
    status: str = "as-is"
    summary: str = ""
    stages: list[str] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)

    def step(self, step_id: str) -> Step | None:
        for s in self.steps:
            if s.id == step_id:
                return s
        return None

    def step_ids(self) -> list[str]:
        return [s.id for s in self.steps]


@dataclass
class ChecklistItem:
    """One Markdown task-list item of an SOP, with the heading it sits under."""

    text: str
    section: str
    line: int
    checked: bool = False


@dataclass
class Sop(Located):
    id: str = ""
    src_uri: str = ""  # docs-relative path of the Markdown, e.g. sops/x.md
    title: str = ""
    owner: str = ""
    review_every: str = ""  # "90d", "2w", "3m", "1y"
    last_reviewed: _dt.date | None = None
    tools: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    body: str = ""  # Markdown after the front matter
    body_line: int = 1  # file line on which ``body`` starts
    front_matter: str = ""  # the front matter block as written, for MkDocs to read again
    kind: str = "procedure"  # or "reference": a page to read, no checklist
    items: list[ChecklistItem] = field(default_factory=list)
    expect_every: str = ""  # a critical SOP should run at least this often ("1w"), if set
    schedule: Schedule | None = None  # recurring runs the scheduled workflow opens

    def due_date(self) -> _dt.date | None:
        """When the next review is due, if ``review_every`` and ``last_reviewed`` are set."""
        if self.last_reviewed is None or not self.review_every:
            return None
        return add_interval(self.last_reviewed, self.review_every)

    def is_overdue(self, today: _dt.date) -> bool:
        due = self.due_date()
        return due is not None and due < today


def parse_interval(text: str) -> tuple[int, str] | None:
    """``"90d"`` -> ``(90, "d")``; None when the text is not ``N`` + one of d, w, m, y."""
    text = text.strip()
    if len(text) < 2 or text[-1] not in "dwmy" or not text[:-1].isdigit():
        return None
    number = int(text[:-1])
    if number <= 0:
        return None
    return number, text[-1]


def add_interval(start: _dt.date, interval: str) -> _dt.date | None:
    parsed = parse_interval(interval)
    if parsed is None:
        return None
    number, unit = parsed
    if unit == "d":
        return start + _dt.timedelta(days=number)
    if unit == "w":
        return start + _dt.timedelta(weeks=number)
    months = number if unit == "m" else number * 12
    month0 = start.month - 1 + months
    year, month = start.year + month0 // 12, month0 % 12 + 1
    day = min(start.day, _days_in_month(year, month))
    return _dt.date(year, month, day)


def _days_in_month(year: int, month: int) -> int:
    nxt = _dt.date(year + (month == 12), month % 12 + 1, 1)
    return (nxt - _dt.timedelta(days=1)).day


@dataclass
class Playbook:
    """Everything loaded from one project, plus the problems found on the way."""

    stages: list[Stage] = field(default_factory=lambda: list(default_stages()))
    journeys: dict[str, Journey] = field(default_factory=dict)
    sops: dict[str, Sop] = field(default_factory=dict)
    owners: dict[str, Owner] = field(default_factory=dict)
    owners_source: str = ""
    unreadable: dict[tuple[str, str], str] = field(default_factory=dict)
    """(kind, file stem) -> source of the journey, SOP and owners files that did not load
    (``("owner", "*")`` for the owners file): references to them are not "unknown"."""
    excluded_sops: dict[str, str] = field(default_factory=dict)
    """File stem -> source of the SOP files the site excludes (``Settings.excluded``)."""
    broken_links: list[tuple[str, str, str]] = field(default_factory=list)
    """(page src_uri, folder it was written in, link target as written) of each reported
    link to no file, page or step."""
    runs: list[RunRecord] = field(default_factory=list)
    """Run records (``records/runs/``), oldest first."""
    actuals: list[MetricActual] = field(default_factory=list)
    """Metric actuals (``records/actuals/*.csv``), in file order."""

    def stage(self, stage_id: str) -> Stage | None:
        for s in self.stages:
            if s.id == stage_id:
                return s
        return None

    def stage_label(self, stage_id: str) -> str:
        s = self.stage(stage_id)
        return s.label if s else stage_id

    def journey_stages(self, journey: Journey) -> list[Stage]:
        """The journey's stages in its own order, or the configured ones of its system."""
        if journey.stages:
            return [s for sid in journey.stages if (s := self.stage(sid)) is not None]
        return list(self.stages)
