"""Checks across files: references, the shape of each system map, review dates.

Per-file checks (syntax, keys, types) happen while loading; these need the whole playbook.
Every rule of the content model's "What the checker reports" that spans files lives here.
"""

from __future__ import annotations

from collections import deque

from journeydocs.content.model import Journey, Playbook, Step, StepType
from journeydocs.content.references import REF_KINDS, Index, find_refs, resolve_target
from journeydocs.content.schema import suggest
from journeydocs.i18n import N_, _, ngettext
from journeydocs.problems import Problems, Severity, listing

# What a reference to something that is not there says, by the kind of thing: ``sop`` is
# how an SOP body writes it (``[[sop:x]]``), ``SOP`` how a step's ``sop:`` is reported.
_DOES_NOT_EXIST = {
    "owner": N_("owner '{name}' does not exist"), "stage": N_("stage '{name}' does not exist"),
    "step": N_("step '{name}' does not exist"), "SOP": N_("SOP '{name}' does not exist"),
    "sop": N_("sop '{name}' does not exist"), "journey": N_("journey '{name}' does not exist"),
}
_KNOWN = {
    "owner": N_("known owners: {ids}"), "stage": N_("known stages: {ids}"),
    "step": N_("known steps: {ids}"), "SOP": N_("known SOPs: {ids}"),
    "sop": N_("known sops: {ids}"), "journey": N_("known journeys: {ids}"),
}
_NONE_YET = {
    "owner": N_("there are no owners yet"), "stage": N_("there are no stages yet"),
    "step": N_("there are no steps yet"), "SOP": N_("there are no SOPs yet"),
    "sop": N_("there are no sops yet"), "journey": N_("there are no journeys yet"),
}
_UNREADABLE = {
    "owner": N_("owner '{name}' could not be read ({source} has an error)"),
    "SOP": N_("SOP '{name}' could not be read ({source} has an error)"),
    "journey": N_("journey '{name}' could not be read ({source} has an error)"),
}


def check_playbook(book: Playbook, today: object = None) -> Problems:
    """All cross-file problems of ``book``; ``today`` (a date) enables review notices."""
    problems = Problems()
    for journey in book.journeys.values():
        _check_journey(book, journey, problems)
    _check_sops(book, problems, today)
    return problems


def _unknown(kind: str, name: str, known: list[str]) -> tuple[str, str]:
    hint = suggest(name, known)
    if not hint:
        hint = (_(_KNOWN[kind]).format(ids=listing(sorted(known)[:12])) if known
                else _(_NONE_YET[kind]))
    return _(_DOES_NOT_EXIST[kind]).format(name=name), hint


def _missing(book: Playbook, kind: str, name: str, known: list[str]) -> tuple[str, str, Severity]:
    """What to say of a reference to an owner, SOP or journey that is not in ``book``: a
    file that did not load is reported once, where it is; here it is a notice."""
    source = book.unreadable.get((kind, name)) or (
        book.unreadable.get((kind, "*")) if kind == "owner" else None)
    if source is not None:
        return (_(_UNREADABLE[kind]).format(name=name, source=source),
                _("fix that file first"), Severity.NOTICE)
    return (*_unknown(kind, name, known), Severity.ERROR)


def _check_journey(book: Playbook, journey: Journey, problems: Problems) -> None:
    src = journey.source
    owners = list(book.owners)
    if journey.owner and journey.owner not in book.owners:
        msg, hint, level = _missing(book, "owner", journey.owner, owners)
        problems.add(src, *journey.at("owner"),
                     _("journey owner: {problem}").format(problem=msg), hint, severity=level)

    configured = [s.id for s in book.stages]
    for sid in journey.stages:
        if sid not in configured:
            msg, hint = _unknown("stage", sid, configured)
            problems.add(src, *journey.at("stages"),
                         _("journey stages: {problem}").format(problem=msg), hint)
    allowed = journey.stages or configured

    ids: dict[str, Step] = {}
    for step in journey.steps:
        if step.id in ids:
            problems.add(src, *step.at("id"),
                         _("step id '{step}' is used twice").format(step=step.id),
                         _("the first is on line {line}; step ids must be unique within a "
                           "journey").format(line=ids[step.id].line))
        else:
            ids[step.id] = step
    step_ids = list(ids)

    for step in journey.steps:
        sid = step.id
        if step.stage and step.stage not in allowed:
            msg, hint = _unknown("stage", step.stage, allowed)
            if step.stage in configured:
                msg = _("stage '{stage}' is not one of this journey's stages").format(
                    stage=step.stage)
                hint = _("add it to the journey's 'stages:' list")
            # Translators: {problem} is a whole sentence, e.g. "stage 'x' does not exist"
            problems.add(src, *step.at("stage"),
                         _("step '{step}': {problem}").format(step=sid, problem=msg), hint)
        for i, target in enumerate(step.next):
            if target not in ids:
                msg, hint = _unknown("step", target, step_ids)
                pos = step.pos.get(f"next.{i}") or step.at("next")
                problems.add(src, *pos, _("step '{step}' next: {problem}").format(
                    step=sid, problem=msg), hint)
        for branch in step.branches:
            if branch.next and branch.next not in ids:
                msg, hint = _unknown("step", branch.next, step_ids)
                problems.add(src, *branch.at("next"),
                             _("step '{step}' branch '{label}': {problem}").format(
                                 step=sid, label=branch.label, problem=msg), hint)
        if step.owner and step.owner not in book.owners:
            msg, hint, level = _missing(book, "owner", step.owner, owners)
            problems.add(src, *step.at("owner"), _("step '{step}' owner: {problem}").format(
                step=sid, problem=msg), hint, severity=level)
        if step.sop and step.sop in book.excluded_sops and step.sop not in book.sops:
            msg = _("SOP '{sop}' is excluded from the site ({source})").format(
                sop=step.sop, source=book.excluded_sops[step.sop])
            problems.add(src, *step.at("sop"), _("step '{step}' sop: {problem}").format(
                step=sid, problem=msg),
                _("publish the SOP (exclude_docs, draft_docs) or link another one"))
        elif step.sop and step.sop not in book.sops:
            msg, hint, level = _missing(book, "SOP", step.sop, list(book.sops))
            problems.add(src, *step.at("sop"), _("step '{step}' sop: {problem}").format(
                step=sid, problem=msg), hint, severity=level)
        if step.continues:
            if step.type is not StepType.END:
                problems.add(src, *step.at("continues"),
                             _("step '{step}' has 'continues' but is not an end step").format(
                                 step=sid),
                             _("only end steps hand over to another journey"))
            elif step.continues not in book.journeys:
                msg, hint, level = _missing(book, "journey", step.continues,
                                            list(book.journeys))
                problems.add(src, *step.at("continues"),
                             _("step '{step}' continues: {problem}").format(step=sid,
                                                                            problem=msg),
                             hint, severity=level)
        _check_step_shape(journey, step, problems)
        if step.critical:
            missing = [k for k in ("sop", "owner") if not getattr(step, k)]
            if missing:
                problems.add(src, step.line, step.column, _(_NO_SOP_OWNER[tuple(missing)])
                             .format(step=sid),
                             _("a critical step needs the checklist (sop) that keeps it right "
                               "and the owner accountable for it"))
            if not step.metrics:
                problems.add(src, step.line, step.column,
                             _("critical step '{step}' has no metric").format(step=sid),
                             _("add 'metrics:' with a name and a target so owners can see how "
                               "it performs"), severity=Severity.NOTICE, code="no-metric")

    starts = [s for s in journey.steps if s.type is StepType.START]
    ends = [s for s in journey.steps if s.type is StepType.END]
    if journey.steps and not starts:
        problems.add(src, *journey.at("steps"), _("the journey has no start step"),
                     _("mark the first step with 'type: start'"))
    if journey.steps and not ends:
        problems.add(src, *journey.at("steps"), _("the journey has no end step"),
                     _("mark where the journey stops with 'type: end'"))
    if starts:
        reached = _reachable(journey, [s.id for s in starts])
        for step in journey.steps:
            if step.id not in reached and step.type is not StepType.START:
                problems.add(src, step.line, step.column,
                             _("step '{step}' cannot be reached from any start").format(
                                 step=step.id),
                             _("point a 'next' or a branch of an earlier step at it, or "
                               "remove it"))


_NO_SOP_OWNER = {
    ("sop",): N_("critical step '{step}' has no sop"),
    ("owner",): N_("critical step '{step}' has no owner"),
    ("sop", "owner"): N_("critical step '{step}' has no sop and no owner"),
}


def _check_step_shape(journey: Journey, step: Step, problems: Problems) -> None:
    src, sid = journey.source, step.id
    if step.type is StepType.END:
        if step.next or step.branches:
            problems.add(src, *step.at("next" if step.next else "branches"),
                         _("end step '{step}' has a next step").format(step=sid),
                         _("an end step stops the journey; remove 'next' or change its type"))
        return
    if step.type is StepType.DECISION:
        if step.next:
            problems.add(src, *step.at("next"),
                         _("decision step '{step}' uses 'next'").format(step=sid),
                         _("a decision leads on through labelled 'branches:' instead"))
        if len(step.branches) < 2:
            count = len(step.branches)
            problems.add(src, *step.at("branches"),
                         ngettext("decision step '{step}' has {n} branch; it needs at least "
                                  "two",
                                  "decision step '{step}' has {n} branches; it needs at least "
                                  "two", count).format(step=sid, n=count),
                         _("add 'branches:' with a label and a next for each answer"))
        return
    if step.branches:
        problems.add(src, *step.at("branches"),
                     _("step '{step}' has branches but is not a decision").format(step=sid),
                     _("set 'type: decision', or use 'next' instead"))
    elif not step.next:
        problems.add(src, step.line, step.column,
                     _("step '{step}' has no next step").format(step=sid),
                     _("say what happens next with 'next:', or make it 'type: end'"))


def _reachable(journey: Journey, starts: list[str]) -> set[str]:
    seen = set(starts)
    queue = deque(starts)
    while queue:
        step = journey.step(queue.popleft())
        if step is None:
            continue
        for target in step.successors():
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def _check_sops(book: Playbook, problems: Problems, today: object) -> None:
    index = Index.build(book)
    for sop in book.sops.values():
        if sop.owner and sop.owner not in book.owners:
            msg, hint, level = _missing(book, "owner", sop.owner, list(book.owners))
            problems.add(sop.source, *sop.at("owner"),
                         _("SOP owner: {problem}").format(problem=msg), hint, severity=level)
        who = sop.schedule.assignee if sop.schedule else ""
        if sop.schedule and who and who not in book.owners:
            msg, hint, level = _missing(book, "owner", who, list(book.owners))
            problems.add(sop.source, *sop.schedule.at("assignee"),
                         _("schedule assignee: {problem}").format(problem=msg), hint,
                         severity=level)
        for ref in find_refs(sop.body, sop.body_line):
            if not resolve_target(book, ref.kind, ref.target):
                known = {"owner": list(book.owners), "sop": list(book.sops),
                         "journey": list(book.journeys),
                         "step": [f"{j.id}/{s.id}" for j in book.journeys.values()
                                  for s in j.steps]}[ref.kind]
                kind = {"sop": "SOP", "step": "journey"}.get(ref.kind, ref.kind)
                msg, hint, level = _missing(book, kind, ref.target.partition("/")[0]
                                            if ref.kind == "step" else ref.target, known)
                if level is Severity.ERROR:
                    msg, hint = _unknown(ref.kind, ref.target, known)
                if ref.kind == "step" and "/" not in ref.target:
                    hint = _("write steps as [[step:journey-id/step-id]]")
                problems.add(sop.source, ref.line, ref.column,
                             _("reference {reference}: {problem}").format(reference=ref.raw,
                                                                          problem=msg),
                             hint, code="ref", severity=level)
        unread = any(kind == "journey" for kind, _ in book.unreadable)
        if not index.uses_of(sop.id) and sop.kind != "reference" and not unread:
            problems.add(sop.source, 1, 1,
                         _("SOP '{sop}' is not used by any journey step").format(sop=sop.id),
                         _("link it from a step with 'sop:' or remove it"),
                         severity=Severity.NOTICE, code="unused-sop")
        if today is not None and sop.is_overdue(today):  # type: ignore[arg-type]
            problems.add(sop.source, *sop.at("last_reviewed"),
                         _("SOP '{sop}' was due for review on {date}").format(
                             sop=sop.id, date=sop.due_date()),
                         _("review it with its owner and update 'last_reviewed'"),
                         severity=Severity.NOTICE, code="overdue")


__all__ = ["check_playbook", "REF_KINDS"]
