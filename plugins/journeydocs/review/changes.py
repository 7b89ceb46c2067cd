"""The vocabulary of a playbook change: what was added, removed or changed, field by field.

:func:`journeydocs.review.diff.diff_playbooks` produces these; the report
(:mod:`journeydocs.review.report`) and the diff map (:mod:`journeydocs.maps.diffmap`) read
them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from journeydocs.i18n import _
from journeydocs.review import words


class Action(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


MARK = {Action.ADDED: "＋", Action.REMOVED: "−", Action.CHANGED: "✎"}
"""The text marker of each action: reports and maps never tell them apart by colour alone."""


class Kind(StrEnum):
    """How a field change reads: a value, a member of a collection, or a block of prose."""

    VALUE = "value"  # owner: a → b
    MEMBER = "member"  # metric added: Open rate (target >= 35%)
    PROSE = "prose"  # notes edited


@dataclass(frozen=True)
class FieldChange:
    """One field of one element: what it was and what it is ("" when not set).

    ``field`` is the model's name for it (``owner``, ``branch``, ``metric target``...);
    ``name`` the branch label or metric name those two are about. :meth:`text` says it in
    the active language.
    """

    field: str
    old: str = ""
    new: str = ""
    kind: Kind = Kind.VALUE
    name: str = ""

    @property
    def label(self) -> str:
        return words.field_label(self.field, self.name)

    def text(self) -> str:
        label = self.label
        if self.kind is Kind.PROSE:
            if not self.old:
                return _("{field} added").format(field=label)
            if not self.new:
                return _("{field} removed").format(field=label)
            return _("{field} edited").format(field=label)
        if self.kind is Kind.MEMBER:
            if self.old and self.new:
                return _("{field}: {old} → {new}").format(field=label, old=self.old,
                                                         new=self.new)
            if self.new:
                return _("{field} added: {new}").format(field=label, new=self.new)
            return _("{field} removed: {old}").format(field=label, old=self.old)
        return _("{field}: {old} → {new}").format(
            field=label, old=words.value_label(self.field, self.old) or "—",
            new=words.value_label(self.field, self.new) or "—")


@dataclass(frozen=True)
class Change:
    """A journey, step, SOP or owner that was added, removed or changed.

    ``key`` is the id (``journey/step`` for a step); ``title`` what the site calls it (the new
    title, or the old one if it was removed); ``source`` and ``line`` where it is written on
    the side that has it (the new side unless it was removed).
    """

    kind: str  # "journey" | "step" | "sop" | "owner"
    key: str
    action: Action
    title: str
    fields: tuple[FieldChange, ...] = ()
    source: str = ""
    line: int = 0

    @property
    def mark(self) -> str:
        return MARK[self.action]

    def text(self) -> str:
        """One line: ``step webinar/consult changed: owner: a → b; sop: x → y``."""
        head = words.action_text(self.kind, self.key, self.action)
        if not self.fields:
            return head
        # Translators: a change and how its fields changed: "step a/b changed: owner: x → y"
        return _("{change}: {fields}").format(
            change=head, fields=words.clauses(f.text() for f in self.fields))


@dataclass
class PlaybookDiff:
    """Every change between two playbooks: journeys each followed by their steps, then SOPs,
    then owners, each group in id order (steps in journey order)."""

    changes: list[Change] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.changes)

    def of_kind(self, kind: str) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]

    def steps_of(self, journey_id: str) -> list[Change]:
        prefix = journey_id + "/"
        return [c for c in self.changes if c.kind == "step" and c.key.startswith(prefix)]

    def journey_ids(self) -> list[str]:
        """Journeys whose map differs: changed themselves or in any of their steps."""
        ids = [c.key for c in self.changes if c.kind == "journey"]
        for c in self.changes:
            if c.kind == "step":
                jid = c.key.split("/", 1)[0]
                if jid not in ids:
                    ids.append(jid)
        return ids

    def counts(self) -> dict[str, dict[Action, int]]:
        out: dict[str, dict[Action, int]] = {k: dict.fromkeys(Action, 0)
                                             for k in ("journey", "step", "sop", "owner")}
        for c in self.changes:
            out[c.kind][c.action] += 1
        return out

    def lines(self) -> list[str]:
        return [c.text() for c in self.changes]


# --------------------------------------------------------------------------- comparing
