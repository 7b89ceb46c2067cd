"""A metric's ``target`` as written (``">= 30%"``, ``"≤ 1 张"``, ``"< 2 days"``) read as a
threshold an actual value can be compared with.

What is understood: an optional comparison (``>=``, ``>``, ``<=``, ``<``, ``=`` and the
signs ``≥``, ``≤``, ``＞``, ``＜``, ``＝``), an optional currency sign (``$ ¥ € £``), a
number (``1,234`` grouping allowed, full-width digits too), then optionally ``%`` and one
unit word without spaces (``days``, ``笔``). A bare number or percentage (``"100%"``,
``"0 次"``) is a value to reach exactly. Anything else (``">= 80% of the first"``, a
range, a sentence) is no threshold: its actuals are charted, but neither on nor off target.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from journeydocs.content.model import Metric

_OPS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "=": operator.eq,
}
_SIGNS = {"≥": ">=", "≤": "<=", "⩾": ">=", "⩽": "<=", "==": "="}
_TARGET_RE = re.compile(
    r"^(?P<op>>=|<=|>|<|=)?\s*[$¥€£]?\s*(?P<number>[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|"
    r"[+-]?\d+(?:\.\d+)?|[+-]?\.\d+)\s*(?P<percent>%)?\s*(?P<unit>[^\W\d_]\S*)?$")


class Status(StrEnum):
    ON = "on"  # the value meets its target
    OFF = "off"  # it does not
    UNKNOWN = "unknown"  # no target, or one that is not a threshold


@dataclass(frozen=True)
class Threshold:
    """``value op bound``: ``op`` one of ``>= > <= < =``; ``percent``: the target is a
    percentage (actuals are written in percent points: 12 means 12%)."""

    op: str
    bound: float
    percent: bool = False
    unit: str = ""

    def met_by(self, value: float) -> bool:
        if self.op == "=":
            return abs(value - self.bound) < 1e-9
        return _OPS[self.op](value, self.bound)


def normalise(text: str) -> str:
    """Full-width characters as ASCII (NFKC: ``＞＝３０％`` -> ``>=30%``), the signs ``≥ ≤``
    as ``>= <=``."""
    text = unicodedata.normalize("NFKC", text).strip()
    for sign, ascii_op in _SIGNS.items():
        text = text.replace(sign, ascii_op)
    return text


def parse_target(text: str) -> Threshold | None:
    """The threshold ``text`` states, or None when it states none we can compare with."""
    m = _TARGET_RE.match(normalise(text))
    if m is None:
        return None
    return Threshold(m.group("op") or "=", float(m.group("number").replace(",", "")),
                     percent=m.group("percent") is not None, unit=m.group("unit") or "")


def status(target: str, value: float) -> Status:
    threshold = parse_target(target)
    if threshold is None:
        return Status.UNKNOWN
    return Status.ON if threshold.met_by(value) else Status.OFF


def on_target(metric: Metric, value: float) -> bool | None:
    """Whether ``value`` meets ``metric``'s target: True, False, or None when the target
    states no threshold (the weekly review's judge)."""
    verdict = status(metric.target, value)
    return None if verdict is Status.UNKNOWN else verdict is Status.ON
