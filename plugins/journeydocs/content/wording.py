"""Where a problem is, in the words several checks share.

A message names its place with a whole phrase (``step 'call' notes: ...``), translated as
one message with the problem as a placeholder, so each language puts the parts in its own
order (:mod:`journeydocs.i18n`).
"""

from __future__ import annotations

from collections.abc import Callable

from journeydocs.i18n import _


def step_where(step_id: str) -> str:
    """``step 'call'``: a step, as messages name it."""
    return _("step '{step}'").format(step=step_id)


def in_summary(problem: str) -> str:
    """``problem`` (a whole sentence) found in a journey's summary."""
    return _("summary: {problem}").format(problem=problem)


def in_notes(step_id: str) -> Callable[[str], str]:
    """What says that a problem (a whole sentence) is in the notes of step ``step_id``."""
    def where(problem: str) -> str:
        return _("step '{step}' notes: {problem}").format(step=step_id, problem=problem)
    return where
