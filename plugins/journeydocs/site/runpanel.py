"""The checklist's run panel as the server writes it: a shell the browser fills.

An SOP page's checklist panel (run picker, progress, actions, all runs) is built by
``checklist-panel.js``; written only by the script, it appeared after the page was shown
and pushed the whole page down (a layout shift). So the build writes the panel's static
shell into the page right where the script puts it (after the title), with its words in the
site's language and the page's item count, and the script adopts it
(``data-jd-shell``) instead of building it. Until then ``checklist.css`` shows the parts the
browser's stored runs will show, from classes ``checklist-early.js`` (in the page's
``<head>``, before the first paint) sets on ``<html>``; without scripts the shell is not
shown at all, and the page reads as a plain list with its boxes.

The shell is the same markup, part for part, as the script's ``buildPanel()`` (a browser
test compares them), is left out of the search index (``data-search-exclude``) and has
fixed ids (one panel per page; ``__`` is never a heading's id), so a build is
reproducible.
"""

from __future__ import annotations

import html
import re

from journeydocs.content.checklist import PageItem, mark_items, page_items
from journeydocs.i18n import _
from journeydocs.safety.markup import fill

_H1_END = re.compile(r"</h1\s*>", re.IGNORECASE)
RUN, FORM, NAME = "__jd_run", "__jd_form", "__jd_name"
"""The ids in the shell (the script makes its own when it builds a panel itself)."""


def checklist_page(content: str) -> str:
    """An SOP page's HTML with its items marked (:func:`~journeydocs.content.checklist.
    mark_items`) and the panel's shell after its title (at the start without one: then the
    theme writes the title right before the content)."""
    items = page_items(content)
    marked = mark_items(content, items)
    if not items:
        return marked  # nothing to tick: the script shows no panel
    shell = panel_shell(items)
    end = _H1_END.search(marked)
    at = end.end() if end is not None else 0
    return marked[:at] + shell + marked[at:]


def _t(text: str) -> str:
    return html.escape(text, quote=False)


def _a(text: str) -> str:
    return html.escape(text, quote=True)


def _button(action: str, label: str, css: str = "jd-btn", extra: str = "") -> str:
    return (f'<button type="button" class="{css}" data-jd-action="{action}"{extra}>'
            f"{_t(label)}</button>")


def panel_shell(items: list[PageItem]) -> str:
    """The panel's markup for a page with ``items``, before any run is known: no run,
    "0 of n done" (the script shows the stored runs)."""
    total = len(items)
    first_run = fill(_("Run {n}"), n=1)
    none = fill(_("No run yet: ticking an item starts “{name}”."), name=first_run)
    return "".join([
        f'<section class="jd-checklist jd-widget" aria-label="{_a(_("Checklist"))}" '
        'data-jd-shell="" data-search-exclude="">',
        '<div class="jd-checklist__notice" role="status" hidden=""></div>',
        '<div class="jd-print-head"></div>',
        '<div class="jd-checklist__bar jd-noprint">',
        f'<label class="jd-run-picker" for="{RUN}">',
        f'<span class="jd-run-picker__label">{_t(_("Run"))}</span>',
        f'<select id="{RUN}" class="jd-run-select"></select></label>',
        f'<span class="jd-run-none">{_t(none)}</span>',
        _button("new-run", _("New run"),
                extra=f' aria-expanded="false" aria-controls="{FORM}"'),
        "</div>",
        f'<form id="{FORM}" class="jd-new-run jd-noprint" hidden="">',
        f'<label for="{NAME}">{_t(_("Name of the new run"))}</label>',
        '<div class="jd-new-run__row">',
        f'<input id="{NAME}" type="text" class="jd-new-run__name" maxlength="80" '
        f'autocomplete="off" placeholder="{_a(_("e.g. Acme consultation, Week 48 review"))}">',
        f'<button type="submit" class="jd-btn jd-btn--primary">{_t(_("Start run"))}</button>',
        _button("cancel-run", _("Cancel")),
        "</div></form>",
        '<div class="jd-progress">',
        '<p class="jd-progress__text" aria-live="polite">'
        f'{_t(fill(_("{done} of {total} done"), done=0, total=total))}</p>',
        f'<progress class="jd-progress__bar" max="{max(total, 1)}" value="0" '
        'aria-hidden="true"></progress>',
        "</div>",
        '<p class="jd-run-meta"></p>',
        '<div class="jd-actions jd-noprint">',
        _button("finish", _("Finish run")),
        _button("reopen", _("Reopen run")),
        _button("copy", _("Copy as Markdown")),
        _button("download", _("Download .md")),
        _button("file", _("File this run"), extra=' hidden=""'),
        _button("print-run", _("Print run")),
        _button("print-blank", _("Print blank")),
        _button("delete", _("Delete run"), "jd-btn jd-btn--danger"),
        "</div>",
        '<div class="jd-toast jd-noprint" role="status"></div>',
        '<textarea class="jd-export-text jd-noprint" readonly="" hidden="" '
        f'aria-label="{_a(_("Checklist as Markdown"))}" rows="8"></textarea>',
        '<details class="jd-runs jd-noprint"><summary></summary>'
        '<ol class="jd-runs__list"></ol></details>',
        "</section>",
    ])
