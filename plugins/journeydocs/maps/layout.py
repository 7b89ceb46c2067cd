"""How roomy a system map is drawn: for a page column and laptop (:data:`WIDE`) or for a
phone (:data:`NARROW`). Pure.

:func:`journeydocs.maps.dot.draw` draws one map spec either way; the figure on a journey
page holds both drawings and map.css shows the one that suits the width it has
(:func:`journeydocs.maps.figures.map_html`).
"""

from __future__ import annotations

from dataclasses import dataclass

import graphviz

from journeydocs.content.model import StepType
from journeydocs.maps.labels import MAX_LINES, WRAP


@dataclass(frozen=True)
class Layout:
    """How roomy a map is drawn: label widths in display columns (:data:`WRAP`), the most
    lines a title gets, and spacing in inches (margins inside shapes: x only)."""

    wrap: dict[StepType, int]
    max_lines: int
    nodesep: str
    ranksep: str
    pad: str
    cluster_margin: str  # in points
    margin_x: str  # inside a box
    stadium_margin_x: str
    decision_margin_x: str
    label_margin_x: str  # inside a branch label node (:func:`journeydocs.maps.dot._fan_out`)
    stacked: bool  # stage groups one below the other (:func:`stack`)


WIDE = Layout(WRAP, MAX_LINES, nodesep="0.3", ranksep="0.35", pad="0.1", cluster_margin="10",
              margin_x="0.14", stadium_margin_x="0.26", decision_margin_x="0.04",
              label_margin_x="0.08", stacked=False)
"""The map as a page column and a laptop screen show it."""

NARROW = Layout({StepType.START: 14, StepType.END: 14, StepType.TASK: 14,
                 StepType.DECISION: 12}, MAX_LINES + 1,
                nodesep="0.15", ranksep="0.3", pad="0.04", cluster_margin="5",
                margin_x="0.08", stadium_margin_x="0.14", decision_margin_x="0",
                label_margin_x="0.04", stacked=True)
"""The map for a phone: the same steps in narrower shapes, stage groups stacked, so a map
that the wide layout draws 500-700 px wide fits a 360 px column at its natural size (labels
at 16 CSS px) or close to it. Only a decision with many branches stays wide."""


def stack(dot: graphviz.Digraph, layers: list[list[str]]) -> None:
    """Stage groups one below the other: every node of a group ranks below every node of the
    group before (through an invisible joint, so the edges grow with the nodes, not their
    square). Groups side by side are what makes a map wide."""
    for k, (above, below) in enumerate(zip(layers, layers[1:], strict=False)):
        joint = f"stack{k}"
        dot.node(joint, label="", shape="point", style="invis", width="0", height="0")
        for name in above:
            dot.edge(name, joint, style="invis", weight="0")
        for name in below:
            dot.edge(joint, name, style="invis", weight="0", minlen="0")
