"""What a change does to the playbook: two :class:`Playbook` objects -> a list of changes. Pure.

Reviewers of a pull request want to read "the consultation step now belongs to the founder",
not a YAML hunk. :func:`diff_playbooks` compares journeys, their steps, SOPs and owners by id
and says, for each one added, removed or changed, which of its fields changed and how. The
result is data (:class:`Change`, :class:`FieldChange`); :mod:`journeydocs.review.report` writes
it as Markdown and :mod:`journeydocs.maps.diffmap` draws it on the journey maps.

Identity is the id: a journey or SOP whose file is renamed (so its id changes) shows as
removed and added; a step whose id changes likewise. Layout-only edits (step order, YAML
formatting, comments) are not changes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from journeydocs.content.model import Journey, Metric, Owner, Playbook, Sop, Step
from journeydocs.i18n import _
from journeydocs.review import words
from journeydocs.review.changes import Action, Change, FieldChange, Kind, PlaybookDiff


def diff_playbooks(old: Playbook, new: Playbook) -> PlaybookDiff:
    """Everything that differs between ``old`` and ``new``, in reading order."""
    out = PlaybookDiff()
    for jid in _ids(old.journeys, new.journeys):
        out.changes += _journey(old.journeys.get(jid), new.journeys.get(jid))
    for sid in _ids(old.sops, new.sops):
        change = _sop(old.sops.get(sid), new.sops.get(sid))
        if change:
            out.changes.append(change)
    for oid in _ids(old.owners, new.owners):
        change = _owner(old.owners.get(oid), new.owners.get(oid))
        if change:
            out.changes.append(change)
    return out


def _ids(old: Mapping[str, object], new: Mapping[str, object]) -> list[str]:
    return sorted(set(old) | set(new))


def _whole(kind: str, key: str, old: object | None, new: object | None, title: str,
           source: str, line: int) -> Change:
    action = Action.ADDED if old is None else Action.REMOVED
    return Change(kind, key, action, title, (), source, line)


def _values(pairs: Iterable[tuple[str, str, str]]) -> list[FieldChange]:
    return [FieldChange(name, a, b) for name, a, b in pairs if a != b]


def _list(items: Sequence[str]) -> str:
    return words.listed(items)


def _prose(name: str, old: str, new: str) -> list[FieldChange]:
    if " ".join(old.split()) == " ".join(new.split()):
        return []
    return [FieldChange(name, "x" if old.strip() else "", "x" if new.strip() else "",
                        Kind.PROSE)]


def _journey(old: Journey | None, new: Journey | None) -> list[Change]:
    if old is None or new is None:
        j = new or old
        assert j is not None
        head = _whole("journey", j.id, old, new, j.title, j.source, j.line)
        steps = [Change("step", f"{j.id}/{s.id}", head.action, s.title, (), j.source, s.line)
                 for s in _unique(j.steps)]
        return [head, *steps]
    fields = _values([
        ("title", old.title, new.title),
        ("system", old.system, new.system),
        ("owner", old.owner, new.owner),
        ("product", old.product, new.product),
        ("segment", old.segment, new.segment),
        ("status", old.status, new.status),
        ("stages", _list(old.stages), _list(new.stages)),
    ])
    fields += _prose("summary", old.summary, new.summary)
    out: list[Change] = []
    if fields:
        out.append(Change("journey", new.id, Action.CHANGED, new.title, tuple(fields),
                          new.source, new.line))
    old_steps = {s.id: s for s in reversed(old.steps)}  # the first of a duplicate wins
    new_steps = _unique(new.steps)
    step_changes: list[Change] = []
    for step in new_steps:
        before = old_steps.get(step.id)
        key = f"{new.id}/{step.id}"
        if before is None:
            step_changes.append(Change("step", key, Action.ADDED, step.title, (), new.source,
                                       step.line))
            continue
        diffs = step_fields(before, step)
        if diffs:
            step_changes.append(Change("step", key, Action.CHANGED, step.title, tuple(diffs),
                                       new.source, step.line))
    new_ids = {s.id for s in new_steps}
    for step in _unique(old.steps):
        if step.id not in new_ids:
            step_changes.append(Change("step", f"{new.id}/{step.id}", Action.REMOVED,
                                       step.title, (), old.source, step.line))
    if step_changes and not fields:
        # the journey's own fields are the same, but its map is not: it changed
        out.append(Change("journey", new.id, Action.CHANGED, new.title, (), new.source,
                          new.line))
    return out + step_changes


def _unique(steps: list[Step]) -> list[Step]:
    seen: set[str] = set()
    out = []
    for s in steps:
        if s.id not in seen:
            seen.add(s.id)
            out.append(s)
    return out


def step_fields(old: Step, new: Step) -> list[FieldChange]:
    """How one step changed, field by field, in the order the content model lists them."""
    out = _values([
        ("title", old.title, new.title),
        ("type", old.type.value, new.type.value),
        ("stage", old.stage, new.stage),
        ("channel", old.channel, new.channel),
        ("touchpoint", old.touchpoint, new.touchpoint),
        ("owner", old.owner, new.owner),
        ("critical", "yes" if old.critical else "no", "yes" if new.critical else "no"),
        ("sop", old.sop, new.sop),
        ("next", _list(old.next), _list(new.next)),
    ])
    out += _branches(old, new)
    out += _values([("continues", old.continues, new.continues),
                    ("automation", _list(old.automation), _list(new.automation))])
    out += _metrics(old, new)
    old_c, new_c = old.customer, new.customer
    out += _values([
        ("customer motivation", old_c.motivation if old_c else "",
         new_c.motivation if new_c else ""),
        ("customer concerns", _list(old_c.concerns) if old_c else "",
         _list(new_c.concerns) if new_c else ""),
    ])
    out += _prose("notes", old.notes, new.notes)
    return out


def _branches(old: Step, new: Step) -> list[FieldChange]:
    before = {b.label: b.next for b in reversed(old.branches)}
    after = {b.label: b.next for b in reversed(new.branches)}
    out = []
    for label in dict.fromkeys([*(b.label for b in old.branches),
                                *(b.label for b in new.branches)]):
        a, b = before.get(label, ""), after.get(label, "")
        if a != b:
            out.append(FieldChange("branch", a, b, Kind.MEMBER, name=label))
    return out


def _metrics(old: Step, new: Step) -> list[FieldChange]:
    before = {m.name: m.target for m in reversed(old.metrics)}
    after = {m.name: m.target for m in reversed(new.metrics)}
    out = []
    for m in _first_by_name(old.metrics):
        if m.name not in after:
            out.append(FieldChange("metric", _metric(m.name, m.target), "", Kind.MEMBER))
    for m in _first_by_name(new.metrics):
        if m.name not in before:
            out.append(FieldChange("metric", "", _metric(m.name, m.target), Kind.MEMBER))
        elif before[m.name] != m.target:
            out.append(FieldChange("metric target", before[m.name], m.target, name=m.name))
    return out


def _first_by_name(metrics: list[Metric]) -> list[Metric]:
    seen: set[str] = set()
    out = []
    for m in metrics:
        if m.name not in seen:
            seen.add(m.name)
            out.append(m)
    return out


def _metric(name: str, target: str) -> str:
    # Translators: a metric in the diff report: "Open rate (target >= 35%)"
    return _("{name} (target {target})").format(name=name, target=target) if target else name


_TASK_LINE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\[[ xX]\]\s")


def _sop(old: Sop | None, new: Sop | None) -> Change | None:
    if old is None or new is None:
        s = new or old
        assert s is not None
        return _whole("sop", s.id, old, new, s.title, s.source, s.line)
    fields = _values([
        ("title", old.title, new.title),
        ("owner", old.owner, new.owner),
        ("review_every", old.review_every, new.review_every),
        ("last_reviewed", str(old.last_reviewed or ""), str(new.last_reviewed or "")),
        ("tools", _list(old.tools), _list(new.tools)),
        ("tags", _list(old.tags), _list(new.tags)),
        ("schedule", _schedule(old), _schedule(new)),
    ])
    fields += checklist_changes(old, new)
    fields += _prose("text", _without_items(old.body), _without_items(new.body))
    if not fields:
        return None
    return Change("sop", new.id, Action.CHANGED, new.title, tuple(fields), new.source, new.line)


def _schedule(sop: Sop) -> str:
    """``2w thursday @ops-lead``: a schedule as written (keys in their order), or ""."""
    sched = sop.schedule
    if sched is None:
        return ""
    days = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    parts = [sched.every]
    if sched.weekday is not None:
        parts.append(days[sched.weekday])
    if sched.assignee:
        parts.append("@" + sched.assignee)
    return " ".join(parts)


def _item(section: str, text: str) -> str:
    return f"{section} › {text}" if section else text


def checklist_changes(old: Sop, new: Sop) -> list[FieldChange]:
    """Checklist items removed, then added (an item moved to another section is both)."""
    before = [_item(i.section, i.text) for i in old.items]
    after = [_item(i.section, i.text) for i in new.items]
    removed = Counter(before) - Counter(after)
    added = Counter(after) - Counter(before)
    out = []
    for item in before:
        if removed[item] > 0:
            removed[item] -= 1
            out.append(FieldChange("checklist item", item, "", Kind.MEMBER))
    for item in after:
        if added[item] > 0:
            added[item] -= 1
            out.append(FieldChange("checklist item", "", item, Kind.MEMBER))
    return out


def _without_items(body: str) -> str:
    return "\n".join(line for line in body.split("\n") if not _TASK_LINE.match(line))


def _owner(old: Owner | None, new: Owner | None) -> Change | None:
    if old is None or new is None:
        o = new or old
        assert o is not None
        return _whole("owner", o.id, old, new, o.name, o.source, o.line)
    fields = _values([(name, getattr(old, name), getattr(new, name))
                      for name in ("name", "person", "team", "email", "chat", "github")])
    if not fields:
        return None
    return Change("owner", new.id, Action.CHANGED, new.name, tuple(fields), new.source,
                  new.line)


def owners_involved(diff: PlaybookDiff, old: Playbook, new: Playbook) -> list[str]:
    """Owner ids accountable for something that changed, on either side, in first-seen order.

    A changed step involves its owner (before and after) and its journey's owner; a changed
    SOP its owner; a changed owner entry itself.
    """
    out: dict[str, None] = {}

    def add(*ids: str) -> None:
        for oid in ids:
            if oid:
                out.setdefault(oid, None)

    for c in diff.changes:
        if c.kind == "journey":
            for book in (old, new):
                j = book.journeys.get(c.key)
                if j:
                    add(j.owner)
        elif c.kind == "step":
            jid, _slash, sid = c.key.partition("/")
            for book in (old, new):
                j = book.journeys.get(jid)
                s = j.step(sid) if j else None
                if j and s:
                    add(s.owner, j.owner)
        elif c.kind == "sop":
            for book in (old, new):
                sop = book.sops.get(c.key)
                if sop:
                    add(sop.owner)
        else:
            add(c.key)
    return list(out)

