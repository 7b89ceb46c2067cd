"""The words of the generated pages that are not sentences: labels of the content model's
choices, counts, review intervals, dates and lists, in the site's language.

The labels are marked with ``N_`` and translated where they are shown, with :func:`label`
(the language is activated after import: :mod:`journeydocs.i18n`). Values a page shows are
formatted here once, the same way on every page: dates by the catalog's pattern
(:func:`day`), review intervals as "every 90d" (:func:`every`), names one after the other
(:func:`names`) or as a sentence's list (:func:`sentence_list`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from babel import Locale
from babel.lists import format_list

from journeydocs.content.model import Metric, StepType, parse_interval
from journeydocs.i18n import N_, _, current, ngettext
from journeydocs.safety.markup import esc, fill, phrase

SYSTEM_LABEL = {"marketing": N_("Marketing system"), "operations": N_("Operations system")}
TYPE_LABEL: dict[str, str] = {StepType.START: N_("Start"), StepType.END: N_("End"),
                              StepType.TASK: N_("Task"), StepType.DECISION: N_("Decision")}
CHANNEL_LABEL = {"paid": N_("Paid"), "earned": N_("Earned"), "person": N_("In person")}
STATUS_LABEL = {"as-is": N_("As-is (what happens today)"), "to-be": N_("To-be (the plan)")}


def label(labels: Mapping[str, str], key: str) -> str:
    """The label of a choice (``marketing``...) in the site's language; a value the
    content model does not know (the checker reports it) as it is written."""
    found = labels.get(key)
    return _(found) if found is not None else key


def system_name(system: str) -> str:
    """"Marketing system", "营销系统": the name of a system on pages."""
    return label(SYSTEM_LABEL, system)


def fact(name: str, value: str) -> str:
    """``- **Owner:** value``: a line of a step's facts (``name`` translated, ``value``
    Markdown)."""
    # Translators: a field's name before its value, as in "Owner: Sales lead"
    return "- **" + phrase(_("{field}:"), field=esc(name)) + "** " + value


def header(*names: str) -> list[str]:
    """A table's header row from translated column names."""
    return [esc(name) for name in names]


def every(interval: str) -> str:
    """An SOP's review interval as the page shows it: ``every 90d``, ``每 90 天``."""
    parsed = parse_interval(interval)
    if parsed is None:  # (the checker reports it) shown as written
        return fill(_("every {interval}"), interval=interval)
    n, unit = parsed
    if n == 1:  # (a language may say it without the number: 每年)
        # Translators: an SOP's review interval of one unit (review_every: 1d...)
        return {"d": _("every 1d"), "w": _("every 1w"), "m": _("every 1m")}.get(
            unit, _("every 1y"))
    if unit == "d":
        # Translators: an SOP's review interval, written as in its front matter
        # (review_every: 90d): every 90 days
        text = ngettext("every {n}d", "every {n}d", n)
    elif unit == "w":
        # Translators: an SOP's review interval (review_every: 2w): every 2 weeks
        text = ngettext("every {n}w", "every {n}w", n)
    elif unit == "m":
        # Translators: an SOP's review interval (review_every: 6m): every 6 months
        text = ngettext("every {n}m", "every {n}m", n)
    else:
        # Translators: an SOP's review interval (review_every: 1y): every year
        text = ngettext("every {n}y", "every {n}y", n)
    return fill(text, n=n)


def day(date: dt.date) -> str:
    """A date on a page, as the catalog says dates are written."""
    # Translators: how pages write a date (a review date): a CLDR date pattern
    # ("yyyy-MM-dd": 2026-11-29) or one of full, long, medium, short for the language's own
    # format (medium: 2026年11月29日)
    return current().date(date, _("yyyy-MM-dd"))


def names(items: Sequence[str]) -> str:
    """Names (Markdown) one after the other, as tools, tags or next steps are listed:
    ``CRM, Calendar``, ``CRM、日历``."""
    # Translators: what separates the names of a list (tools, tags): "CRM, Calendar"
    return phrase(_(", ")).join(items)


def metric_list(metrics: Sequence[Metric], with_target: str) -> str:
    """A step's metrics (Markdown): each its name, or ``with_target`` (a translated message
    with ``{metric}`` and ``{target}``) when it has a target."""
    # Translators: what separates the metrics of a step: "Open rate; Bookings per week"
    separator = phrase(_("; "))
    return separator.join(phrase(with_target, metric=esc(m.name), target=esc(m.target))
                          if m.target else esc(m.name) for m in metrics)


def sentence_list(items: Sequence[str]) -> str:
    """``A, B and C`` / ``A、B和C``: a list in a sentence (Babel's list patterns).

    journeydocs' English writes no comma before "and", as British English does; other
    languages follow their own locale's pattern."""
    if len(items) < 2:
        return "".join(items)
    language = current()
    locale = Locale.parse("en_GB") if language.locale.language == "en" else language.locale
    return format_list(list(items), locale=locale)
