"""Metric actuals on the pages: a chart (with its values as a table) per metric, under each
step of the journey page and on the metrics page, and the metrics with no recent value for
the health page.

Each chart is HTML on one line (a ``<figure>`` holding the SVG of :mod:`.charts`, then a
``<details>`` with the values), so Markdown passes it through as it is; every author word
in it is escaped.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING

from journeydocs.content.actuals import series
from journeydocs.content.model import Journey, Metric, Step
from journeydocs.content.records import MetricActual
from journeydocs.content.targets import Status, parse_target, status
from journeydocs.i18n import _, current, ngettext
from journeydocs.safety.markup import attr, fill
from journeydocs.site.charts import Labels, Point, chart_svg

if TYPE_CHECKING:
    from journeydocs.site.pages import Site


def status_words(state: Status) -> str:
    """On target / off target as words with their symbol (never colour alone)."""
    if state is Status.ON:
        # Translators: a metric's value meets its target (✓ is shown with it)
        return _("✓ on target")
    if state is Status.OFF:
        # Translators: a metric's value misses its target (✕ is shown with it)
        return _("✕ off target")
    # Translators: a metric's value whose target is no comparable threshold
    return _("no comparable target")


def number(value: float, percent: bool) -> str:
    text = current().number(value)
    return text + "%" if percent else text  # (Chinese writes 62% too)


def chart_html(journey: Journey, step: Step, metric: Metric,
               actuals: Sequence[MetricActual]) -> str:
    """A metric's chart and its values (HTML on one line)."""
    threshold = parse_target(metric.target)
    percent = threshold is not None and threshold.percent
    points = tuple(Point(a.date or dt.date.min, a.value, status(metric.target, a.value))
                   for a in actuals)
    # Translators: how a chart's axis writes a date: a CLDR pattern ("MMM d": Nov 2)
    pattern = _("MMM d")
    dates = tuple(current().date(p.date, pattern) for p in points)
    last = points[-1]
    # Translators: a chart's accessible name: the metric, how many values, the last one
    name = fill(ngettext("{metric} ({step}): {n} value, the last {value} on {date} ({status})",
                         "{metric} ({step}): {n} values, the last {value} on {date} ({status})",
                         len(points)),
                metric=metric.name, step=step.title, n=len(points),
                value=number(last.value, percent), date=current().date(last.date),
                status=status_words(last.status))
    # Translators: the legend's entry for a chart's target line: "Target ≥ 60%"
    target = fill(_("Target {target}"), target=metric.target)
    labels = Labels(title=metric.name, target=target, on=status_words(Status.ON),
                    off=status_words(Status.OFF), unknown=status_words(Status.UNKNOWN),
                    dates=list(dates), name=name)
    svg = _svg(points, metric.target, labels.title, labels.target, labels.on, labels.off,
               labels.unknown, dates, name, f"{journey.id}/{step.id}/{metric.name}")
    caption = fill(_("Target: {target}"), target=metric.target) if metric.target else \
        _("No target yet.")
    rows = "".join(
        f"<tr><td>{attr(current().date(p.date))}</td><td>{attr(number(p.value, percent))}"
        f"</td><td>{attr(status_words(p.status))}</td><td>{attr(a.note)}</td></tr>"
        for p, a in zip(points, actuals, strict=True))
    head = "".join(f"<th>{attr(h)}</th>" for h in (_("Date"), _("Value"), _("Status"),
                                                     _("Note")))
    # Translators: the summary of a chart's values shown as a table
    summary = fill(_("The values of {metric}"), metric=metric.name)
    return (f'<figure class="jd-chart">{svg}<figcaption>{attr(caption)}</figcaption>'
            f'</figure>\n\n<details class="jd-chart-data"><summary>{attr(summary)}</summary>'
            f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></details>\n")


@functools.lru_cache(maxsize=1024)
def _svg(points: tuple[Point, ...], target: str, title: str, target_label: str, on: str,
         off: str, unknown: str, dates: tuple[str, ...], name: str, key: str) -> str:
    """One chart drawn once per build (a metric is on its step and the metrics page)."""
    return chart_svg(points, parse_target(target),
                     Labels(title, target_label, on, off, unknown, list(dates), name), key)


def step_charts(site: Site, journey: Journey, step: Step) -> str:
    """The charts of a step's metrics that have actuals, for its section of the journey page."""
    by_key = series(site.book)
    return "\n".join(chart_html(journey, step, m, by_key[key]) for m in step.metrics
                     if (key := (journey.id, step.id, m.name.strip())) in by_key)


def metrics_charts(site: Site, src: str) -> str:
    """Every chart, for the metrics page: journey by journey, in step order."""
    out = []
    for journey in site.book.journeys.values():
        for step in journey.steps:
            charts = step_charts(site, journey, step)
            if charts:
                out.append("**" + site.step_link(src, journey, step) + "**\n\n" + charts)
    return "\n".join(out)


def stale(site: Site, weeks: int) -> list[tuple[Journey, Step, Metric, dt.date, int]]:
    """Metrics with actuals whose last value is ``weeks`` weeks old or more: (journey, step,
    metric, last date, whole weeks since)."""
    out = []
    for (jid, sid, name), values in series(site.book).items():
        journey = site.book.journeys.get(jid)
        step = journey.step(sid) if journey else None
        metric = next((m for m in step.metrics if m.name.strip() == name), None) \
            if step else None
        last = values[-1].date
        if journey is None or step is None or metric is None or last is None:
            continue
        age = (site.today - last).days // 7
        if age >= weeks:
            out.append((journey, step, metric, last, age))
    return out
