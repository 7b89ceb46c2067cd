"""What a map's nodes and stage groups say in words: each node's tooltip, which is also its
link's name for a screen reader, and each stage group's name. Pure; in the active language.

The map says the same to the eye with shapes, the stage boxes and the ★;
:mod:`journeydocs.maps.access` hands these words to the accessibility tree.
"""

from __future__ import annotations

from journeydocs.content.model import Journey, Playbook, Stage, Step, StepType
from journeydocs.i18n import _
from journeydocs.safety.markup import fill
from journeydocs.site.words import TYPE_LABEL, label


def step_tip(step: Step, journey: Journey, playbook: Playbook, url: str | None) -> list[str]:
    """A step node's tooltip lines, which are also its link's name for a screen reader
    (:mod:`journeydocs.maps.access`): what the step is called, what it is and in
    which stage, whether it is critical, where each answer of a decision leads, where its
    link ``url`` leads (a step's section of the page has an anchor, ``#step-<id>``; else it
    is the step's SOP), who owns it. The
    shape, the stage group and the ★ say the same to the eye."""
    stage = playbook.stage_label(step.stage) if step.stage else "—"
    # Translators: a line of a map node's tooltip, read out by screen readers: "Decision,
    # stage: Trust"; {type} is Start, End, Task or Decision
    lines = [step.title or step.id,
             fill(_("{type}, stage: {stage}"), type=label(TYPE_LABEL, step.type), stage=stage)]
    if step.critical:
        # Translators: a line of a critical map node's tooltip, read out by screen readers
        lines.append(_("Critical step"))
    for branch in step.branches:  # the arrows and their labels are hidden from them
        target = journey.step(branch.next)
        # Translators: a line of a decision node's tooltip, read out by screen readers:
        # where one answer leads, "If “yes”: Consultation call"
        lines.append(fill(_("If “{label}”: {step}"), label=branch.label,
                          step=target.title if target and target.title else branch.next))
    if url is not None and "#" in url:
        # Translators: where a map node's link leads: the step's section under the map
        lines.append(_("Opens the step's details on this page"))
    elif url is not None and step.sop:
        sop = playbook.sops.get(step.sop)
        # Translators: where a map node's link leads: the step's checklist
        lines.append(fill(_("Opens the SOP: {sop}"), sop=sop.title if sop else step.sop))
    owner_id = step.owner or journey.owner
    if owner_id:
        owner = playbook.owners.get(owner_id)
        lines.append(owner_tip(owner.display if owner else owner_id))
    return lines


def stage_name(stage: Stage) -> str:
    """The name a stage group gives a screen reader (a group role's label)."""
    # Translators: the name of a stage's group on a map, read out by screen readers
    return fill(_("Stage: {stage}"), stage=stage.label or stage.id)


def map_words() -> tuple[str, ...]:
    """Every fixed word of a map, in the active language: a map drawn in another language
    is another map (a cache of DOT sources keys on these)."""
    return (owner_tip(""), _("★ SOP"), _("{type}, stage: {stage}"), _("Critical step"),
            _("Opens the SOP: {sop}"), _("Opens the step's details on this page"),
            _("Next journey: opens its map"), _("If “{label}”: {step}"), _("Next journey"),
            _("Stage: {stage}"),
            *(label(TYPE_LABEL, t) for t in StepType))


def owner_tip(name: str) -> str:
    """The line of a node's tooltip (and the link's name for a screen reader) that says
    who is accountable."""
    # Translators: a line of a map node's tooltip, read out by screen readers
    return fill(_("Owner: {owner}"), owner=name)


def handover_tip(title: str, owner: str | None, *, linked: bool) -> list[str]:
    """The tooltip lines of the node an end step hands over to: the next journey, its link
    and who owns it (``owner``: their name, if it has one)."""
    # Translators: a line of the tooltip (and screen reader name) of the node an end step
    # hands over to: the map links to the next journey
    lines = [title, _("Next journey: opens its map") if linked else _("Next journey")]
    if owner:
        lines.append(owner_tip(owner))
    return lines
