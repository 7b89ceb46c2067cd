"""Cross-references: who uses what, and the ``[[kind:id]]`` syntax in SOP bodies.

The index is built once per build from the whole playbook ("collect first"), and pages ask
it for backlinks ("resolve later"): which steps use an SOP, what an owner is accountable for.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from journeydocs.content.model import Journey, Metric, Playbook, Sop, Step
from journeydocs.content.sopfile import outside_code

REF_RE = re.compile(r"\[\[\s*(owner|sop|journey|step)\s*:\s*([^\]|\s]+)\s*(?:\|([^\]]*))?\]\]")
REF_KINDS = ("owner", "sop", "journey", "step")


@dataclass(frozen=True)
class StepRef:
    journey: Journey
    step: Step


@dataclass(frozen=True)
class BodyRef:
    """One ``[[kind:target|text]]`` in Markdown, with where it stands."""

    kind: str
    target: str
    text: str
    line: int
    column: int
    raw: str


@dataclass
class Index:
    """Backlinks over a whole playbook."""

    book: Playbook
    steps_by_sop: dict[str, list[StepRef]] = field(default_factory=dict)
    steps_by_owner: dict[str, list[StepRef]] = field(default_factory=dict)
    journeys_by_owner: dict[str, list[Journey]] = field(default_factory=dict)
    sops_by_owner: dict[str, list[Sop]] = field(default_factory=dict)

    @classmethod
    def build(cls, book: Playbook) -> Index:
        index = cls(book)
        for journey in book.journeys.values():
            index.journeys_by_owner.setdefault(journey.owner, []).append(journey)
            for step in journey.steps:
                ref = StepRef(journey, step)
                if step.sop:
                    index.steps_by_sop.setdefault(step.sop, []).append(ref)
                if step.owner:
                    index.steps_by_owner.setdefault(step.owner, []).append(ref)
        for sop in book.sops.values():
            index.sops_by_owner.setdefault(sop.owner, []).append(sop)
        for refs in (*index.steps_by_sop.values(), *index.steps_by_owner.values()):
            refs.sort(key=lambda r: (not r.step.critical, r.journey.title, r.step.title))
        return index

    def uses_of(self, sop_id: str) -> list[StepRef]:
        """Steps that use an SOP, critical ones first."""
        return self.steps_by_sop.get(sop_id, [])

    def metrics(self) -> list[tuple[Journey, Step, Metric]]:
        return [(j, s, m) for j in self.book.journeys.values() for s in j.steps
                for m in s.metrics]


def find_refs(body: str, first_line: int) -> list[BodyRef]:
    """Every ``[[kind:id]]`` outside fenced code, with its file line and column."""
    refs = []
    for index, line in outside_code(body):
        for m in REF_RE.finditer(line):
            refs.append(BodyRef(m.group(1), m.group(2), (m.group(3) or "").strip(),
                                first_line + index, m.start() + 1, m.group(0)))
    return refs


def resolve_target(book: Playbook, kind: str, target: str) -> bool:
    if kind == "owner":
        return target in book.owners
    if kind == "sop":
        return target in book.sops
    if kind == "journey":
        return target in book.journeys
    journey_id, _, step_id = target.partition("/")
    journey = book.journeys.get(journey_id)
    return journey is not None and journey.step(step_id) is not None


def replace_refs(body: str, link: Callable[[str, str, str], str]) -> str:
    """Replace each reference outside fenced code with ``link(kind, target, text)``."""
    lines = body.split("\n")
    for index, line in outside_code(body):
        lines[index] = REF_RE.sub(
            lambda m: link(m.group(1), m.group(2), (m.group(3) or "").strip()), line)
    return "\n".join(lines)
