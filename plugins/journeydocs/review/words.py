"""The review tools' words: field names, kinds and actions, lists, dates and counts.

The diff report, the weekly review list and ``Change.text()`` all name the same things;
their messages live here, marked for the catalogs and translated where they are shown
(the language is active only when a command runs, never at import). Data stays in the
model's terms (``field="owner"``, ``ADDED``); only what a person reads is translated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from journeydocs.i18n import N_, _, current, ngettext

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
"""The values of :class:`journeydocs.review.changes.Action` (a ``StrEnum``: equal keys)."""

FIELDS = {
    # Translators: these are the names of the fields of a journey, step, SOP or owner in
    # the diff report ("owner: seller → boss"); the English is the key written in YAML
    "title": N_("title"), "system": N_("system"), "owner": N_("owner"),
    "product": N_("product"), "segment": N_("segment"), "status": N_("status"),
    "stages": N_("stages"), "summary": N_("summary"), "type": N_("type"),
    "stage": N_("stage"), "channel": N_("channel"), "touchpoint": N_("touchpoint"),
    "critical": N_("critical"), "sop": N_("sop"), "next": N_("next"),
    "continues": N_("continues"), "automation": N_("automation"), "metric": N_("metric"),
    "customer motivation": N_("customer motivation"),
    "customer concerns": N_("customer concerns"), "notes": N_("notes"),
    "review_every": N_("review_every"), "last_reviewed": N_("last_reviewed"),
    "tools": N_("tools"), "tags": N_("tags"), "schedule": N_("schedule"),
    "checklist item": N_("checklist item"),
    "text": N_("text"), "name": N_("name"), "person": N_("person"), "team": N_("team"),
    "email": N_("email"), "chat": N_("chat"), "github": N_("github"),
}

VALUES = {"yes": N_("yes"), "no": N_("no")}
"""Values the diff makes up itself (``critical: no → yes``); the author's values and ids
stay as written."""

ACTIONS = {ADDED: N_("added"), REMOVED: N_("removed"), CHANGED: N_("changed")}

KINDS = {"journey": N_("journeys"), "step": N_("steps"), "sop": N_("SOPs"),
         "owner": N_("owners")}
"""Column heads of the report's table."""


def field_label(field: str, name: str = "") -> str:
    """What the report calls a field; ``name`` is the branch label or metric name."""
    if field == "branch":
        # Translators: a decision's branch, by its label: branch “yes”
        return _("branch “{name}”").format(name=name)
    if field == "metric target":
        return _("metric “{name}” target").format(name=name)
    return _(FIELDS[field]) if field in FIELDS else field


def value_label(field: str, value: str) -> str:
    """A field's value as the report shows it: as the author wrote it, but for the yes or
    no the diff says of ``critical``."""
    return _(VALUES[value]) if field == "critical" and value in VALUES else value


def listed(items: Iterable[str]) -> str:
    """``a, b, c`` with the language's separator (no "and": ids and titles, not prose)."""
    # Translators: the separator between the items of a list of ids, titles or names
    return _(", ").join(items)


def clauses(items: Iterable[str]) -> str:
    """``owner: a → b; sop: x → y``: the parts of one line, each a phrase of its own."""
    # Translators: the separator between phrases on one line: "owner: a → b; sop: x → y"
    return _("; ").join(items)


def count(n: int) -> str:
    """A count as the language writes numbers."""
    return current().number(n)


def day(date: dt.date) -> str:
    """A date as the review tools write it (the catalog's pattern; English: ISO 8601)."""
    # Translators: how the review list writes a date: a CLDR date pattern such as
    # yyyy-MM-dd, or short, medium or long for the language's own format (2026年5月1日)
    return current().date(date, _("yyyy-MM-dd"))


def action_text(kind: str, key: str, action: str) -> str:
    """``step sales/call changed``: one change, as :meth:`Change.text` starts."""
    return _CHANGE_HEADS[(kind, action)]().format(key=key)


_CHANGE_HEADS: dict[tuple[str, str], Callable[[], str]] = {
    ("journey", ADDED): lambda: _("journey {key} added"),
    ("journey", REMOVED): lambda: _("journey {key} removed"),
    ("journey", CHANGED): lambda: _("journey {key} changed"),
    ("step", ADDED): lambda: _("step {key} added"),
    ("step", REMOVED): lambda: _("step {key} removed"),
    ("step", CHANGED): lambda: _("step {key} changed"),
    ("sop", ADDED): lambda: _("sop {key} added"),
    ("sop", REMOVED): lambda: _("sop {key} removed"),
    ("sop", CHANGED): lambda: _("sop {key} changed"),
    ("owner", ADDED): lambda: _("owner {key} added"),
    ("owner", REMOVED): lambda: _("owner {key} removed"),
    ("owner", CHANGED): lambda: _("owner {key} changed"),
}

_FIRST: dict[tuple[str, str], Callable[[int], str]] = {
    # Translators: the headline of the diff report starts each kind with its first count:
    # "1 journey added, 1 changed · 3 steps added, 1 removed"
    ("journey", ADDED): lambda n: ngettext("{n} journey added", "{n} journeys added",
                                                  n),
    ("journey", REMOVED): lambda n: ngettext("{n} journey removed",
                                                    "{n} journeys removed", n),
    ("journey", CHANGED): lambda n: ngettext("{n} journey changed",
                                                    "{n} journeys changed", n),
    ("step", ADDED): lambda n: ngettext("{n} step added", "{n} steps added", n),
    ("step", REMOVED): lambda n: ngettext("{n} step removed", "{n} steps removed", n),
    ("step", CHANGED): lambda n: ngettext("{n} step changed", "{n} steps changed", n),
    ("sop", ADDED): lambda n: ngettext("{n} SOP added", "{n} SOPs added", n),
    ("sop", REMOVED): lambda n: ngettext("{n} SOP removed", "{n} SOPs removed", n),
    ("sop", CHANGED): lambda n: ngettext("{n} SOP changed", "{n} SOPs changed", n),
    ("owner", ADDED): lambda n: ngettext("{n} owner added", "{n} owners added", n),
    ("owner", REMOVED): lambda n: ngettext("{n} owner removed", "{n} owners removed",
                                                  n),
    ("owner", CHANGED): lambda n: ngettext("{n} owner changed", "{n} owners changed",
                                                  n),
}

_MORE: dict[str, Callable[[int], str]] = {
    # Translators: the further counts of a kind in the headline: "3 steps added, 1 removed"
    ADDED: lambda n: ngettext("{n} added", "{n} added", n),
    REMOVED: lambda n: ngettext("{n} removed", "{n} removed", n),
    CHANGED: lambda n: ngettext("{n} changed", "{n} changed", n),
}


def counted(kind: str, actions: list[tuple[str, int]]) -> str:
    """``3 steps added, 1 removed, 2 changed``: one kind's part of the headline."""
    (first, n), rest = actions[0], actions[1:]
    text = _FIRST[(kind, first)](n).format(n=count(n))
    for action, k in rest:
        # Translators: one more count after the first: "{counts}" is "3 steps added",
        # "{more}" is "1 removed"
        text = _("{counts}, {more}").format(counts=text, more=_MORE[action](k).format(
            n=count(k)))
    return text
