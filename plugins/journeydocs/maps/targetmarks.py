"""On-target / off-target marks on a map's critical steps, from the latest metric actuals.

A mark is a line of the node's label (``✓ on target``, ``✕ off target``: a symbol and
words, so colour is never the only sign), the same words in its tooltip, and a class
(``jd-on-target``, ``jd-off-target``) that map.css colours.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeydocs.content.actuals import step_status
from journeydocs.content.model import Journey, Playbook
from journeydocs.content.targets import Status
from journeydocs.i18n import _

if TYPE_CHECKING:
    from journeydocs.maps.dot import StepNode


def mark_target(node: StepNode, journey: Journey, playbook: Playbook) -> None:
    if not node.step.critical:
        return
    state = step_status(playbook, journey, node.step)
    if state is None:
        return
    text = _("✓ on target") if state is Status.ON else _("✕ off target")
    node.marks.append(text)
    node.tip.append(text)
    node.classes.append(f"jd-{state.value}-target")
