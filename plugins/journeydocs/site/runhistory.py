"""What happened: the run history on the SOP, owner and health pages.

Built from the playbook's run records (:attr:`~journeydocs.content.model.Playbook.runs`),
counted up to the build's date (``Site.today``, from the settings), so the same records
give the same pages. A run "on an older version" followed an SOP commit where the SOP
file's content differs from today's (``Site.versions``, from git at build time: another
commit with the same content is the same version); a commit git does not know, or none,
is an unknown version. "Items most often skipped" counts only runs on the current version:
item numbers of another version may point at other items.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import TYPE_CHECKING

from journeydocs.content.model import Sop, add_interval
from journeydocs.content.records import RunRecord
from journeydocs.content.runissue import FORM_FILE
from journeydocs.i18n import _, ngettext
from journeydocs.safety.markup import attr, esc, facts, link, phrase, table
from journeydocs.site.words import day, every, header

if TYPE_CHECKING:
    from journeydocs.site.pages import Site

MONTHS = 6
"""The SOP page counts runs over this many months, the build's month last."""
TOP_SKIPPED = 5


def runs_of(site: Site, sop_id: str) -> list[RunRecord]:
    """The SOP's runs, oldest first."""
    return [r for r in site.book.runs if r.sop == sop_id]


def run_day(run: RunRecord) -> dt.date | None:
    when = run.finished or run.started
    return when.date() if when else None


def last_run(site: Site, sop_id: str) -> RunRecord | None:
    dated = [r for r in runs_of(site, sop_id) if run_day(r)]
    return max(dated, key=lambda r: (run_day(r), r.source)) if dated else None


def is_critical(site: Site, sop: Sop) -> bool:
    return any(ref.step.critical for ref in site.index.uses_of(sop.id))


def run_due(site: Site, sop: Sop) -> dt.date | None:
    """When the SOP should have run again (its ``expect_every`` after its last run); the
    build's date when it never ran; None without ``expect_every``."""
    if not sop.expect_every:
        return None
    last = last_run(site, sop.id)
    day_run = run_day(last) if last else None
    return add_interval(day_run, sop.expect_every) if day_run else site.today


def not_run_in_time(site: Site) -> list[Sop]:
    """Critical SOPs with ``expect_every`` whose last run is older than that (or none)."""
    out = []
    for sop in sorted(site.book.sops.values(), key=lambda s: s.id):
        due = run_due(site, sop)
        if due is not None and is_critical(site, sop) and (
                due < site.today or last_run(site, sop.id) is None):
            out.append(sop)
    return out


CURRENT, OLDER, UNKNOWN = "current", "older", "unknown"


def run_version(site: Site, run: RunRecord) -> str:
    """:data:`CURRENT`, :data:`OLDER` or :data:`UNKNOWN`: whether the run followed the SOP
    as its file is today. Without git history of the SOP file every run counts as current."""
    if run.sop not in site.commits:
        return CURRENT
    if not run.sop_commit:
        return UNKNOWN
    return site.versions.get((run.sop, run.sop_commit), UNKNOWN)


def on_older_version(site: Site, run: RunRecord) -> bool:
    return run_version(site, run) == OLDER


def _issue_link(site: Site, run: RunRecord) -> str:
    if not run.issue:
        return ""
    text = f"#{run.issue}"
    if not site.filing_url:
        return esc(text)
    return link(text, site.filing_url.removesuffix("/new") + f"/{run.issue}")


def run_summary(site: Site, run: RunRecord) -> str:
    """One run in a line: its day, name, who ran it, finished or not, its issue."""
    when = run_day(run)
    parts = [esc(day(when)) if when else "—"]
    if run.name:
        parts.append(esc(run.name))
    if run.ran_by:
        parts.append(phrase(_("by {login}"), login=esc("@" + run.ran_by)))
    parts.append(esc(_("finished") if run.finished else _("not finished")))
    issue = _issue_link(site, run)
    if issue:
        parts.append(issue)
    return " · ".join(parts)


def filing_data(site: Site, sop: Sop) -> str:
    """What "File this run" needs in the page: the issue form's address and the SOP's
    commit (empty without a GitHub repository: the button stays hidden)."""
    if not site.filing_url:
        return ""
    form = f"{site.filing_url}?template={FORM_FILE}"
    return (f'<div class="jd-run-filing" data-jd-form="{attr(form)}" '
            f'data-jd-commit="{attr(site.commits.get(sop.id, ""))}"></div>\n')


def sop_runs(site: Site, sop: Sop, src: str) -> str:
    """The SOP page's "Runs" section (none in a playbook with no record and no filing)."""
    if not site.book.runs and not site.filing_url:
        return ""
    out = ["", "## " + esc(_("Runs")) + " { #runs }", ""]
    filing = filing_data(site, sop)
    if filing:
        out.append(filing)
    runs = runs_of(site, sop.id)
    if not runs:
        out.append(phrase(_("No run filed yet.")) + "\n")
        return "\n".join(out)
    last = last_run(site, sop.id)
    rows = [[esc(_("Runs filed")), str(len(runs))]]
    if last is not None:
        rows.append([esc(_("Last run")), run_summary(site, last)])
    due = run_due(site, sop)
    if due is not None:
        status = esc(every(sop.expect_every))
        if due < site.today:
            status += " · **" + phrase(_("⚠ a run was due {date}"), date=esc(day(due))) + "**"
        rows.append([esc(_("Expected")), status])
    kinds = Counter(run_version(site, r) for r in runs)
    if kinds[OLDER]:
        rows.append([esc(_("On an older version")), phrase(ngettext(
            "{n} of {total} run followed an older version of this SOP",
            "{n} of {total} runs followed an older version of this SOP", len(runs)),
            n=str(kinds[OLDER]), total=str(len(runs)))])
    if kinds[UNKNOWN]:
        rows.append([esc(_("On an unknown version")), phrase(ngettext(
            "{n} of {total} run names no SOP commit this repository knows",
            "{n} of {total} runs name no SOP commit this repository knows", len(runs)),
            n=str(kinds[UNKNOWN]), total=str(len(runs)))])
    out.append(facts(rows, "jd-facts jd-run-facts"))
    out.append("### " + esc(_("Runs per month")) + " { #runs-per-month }\n")
    out.append(table(header(_("Month"), _("Runs"), _("Finished")), [
        [esc(month), str(count), str(done)] for month, count, done in per_month(site, runs)]))
    current = [r for r in runs if run_version(site, r) == CURRENT]
    skipped = most_skipped(sop, current)
    out.append("### " + esc(_("Items most often skipped")) + " { #runs-skipped }\n")
    finished = sum(1 for r in current if r.finished)
    out.append(table(header(_("Item"), _("Skipped")), [
        [esc(text), phrase(_("{n} of {total} finished runs"), n=str(n), total=str(finished))]
        for text, n in skipped]) or phrase(_("No item was skipped.")) + "\n")
    left_out = len(runs) - len(current)
    if left_out:
        out.append(phrase(ngettext(
            "Counted over the runs on the current version of this SOP: {n} run on an older "
            "or unknown version is left out (its item numbers may point at other items).",
            "Counted over the runs on the current version of this SOP: {n} runs on an older "
            "or unknown version are left out (their item numbers may point at other items).",
            left_out), n=str(left_out)) + "\n")
    out.append("### " + esc(_("Recent runs")) + " { #runs-recent }\n")
    recent = sorted(runs, key=lambda r: (run_day(r) or dt.date.min, r.source), reverse=True)
    tags = {OLDER: _("older version"), UNKNOWN: _("unknown version")}
    out.append("\n".join("- " + run_summary(site, r) + (
        " · " + esc(tags[v]) if (v := run_version(site, r)) in tags else "")
        for r in recent[:10]) + "\n")
    return "\n".join(out)


def per_month(site: Site, runs: list[RunRecord]) -> list[tuple[str, int, int]]:
    """(``YYYY-MM``, runs, finished runs) for the last :data:`MONTHS` months."""
    year, month = site.today.year, site.today.month
    keys = []
    for _i in range(MONTHS):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    counts: Counter[str] = Counter()
    done: Counter[str] = Counter()
    for run in runs:
        when = run_day(run)
        if when is None or when > site.today:
            continue
        key = f"{when.year:04d}-{when.month:02d}"
        counts[key] += 1
        done[key] += 1 if run.finished else 0
    return [(k, counts[k], done[k]) for k in reversed(keys)]


def most_skipped(sop: Sop, runs: list[RunRecord]) -> list[tuple[str, int]]:
    """The items finished runs skipped most (text as the page shows it, count)."""
    counts: Counter[int] = Counter()
    for run in runs:
        if run.finished:
            counts.update(int(k) for k in run.skipped if int(k) <= len(sop.items))
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_SKIPPED]
    return [(sop.items[number - 1].text, n) for number, n in ranked]


def owner_runs(site: Site, owner_id: str, src: str) -> str:
    """The owner page's "Runs of their SOPs" table (none in a playbook with no record)."""
    sops = site.index.sops_by_owner.get(owner_id, [])
    if not site.book.runs:
        return ""
    out = ["## " + esc(_("Runs of their SOPs")) + " { #runs }\n"]
    rows = []
    for sop in sops:
        runs = runs_of(site, sop.id)
        last = last_run(site, sop.id)
        due = run_due(site, sop)
        expected = esc(every(sop.expect_every)) if sop.expect_every else ""
        if due is not None and due < site.today or (due is not None and last is None):
            expected += " · **" + esc(_("⚠ overdue")) + "**"
        rows.append([site.sop_link(src, sop.id), str(len(runs)),
                     run_summary(site, last) if last else "—", expected])
    out.append(table(header(_("SOP"), _("Runs"), _("Last run"), _("Expected")), rows)
               or phrase(_("None.")) + "\n")
    return "\n".join(out)


def health_item(site: Site, sop: Sop, src: str) -> str:
    """One line of the health page's "not run as expected" list."""
    last = last_run(site, sop.id)
    when = run_day(last) if last else None
    status = phrase(_("last run {date}"), date=esc(day(when))) if when else \
        phrase(_("never run"))
    return phrase(_("{sop} — {every}, {status}, owner {owner}"), sop=site.sop_link(src, sop.id),
                  every=esc(every(sop.expect_every)), status=status,
                  owner=site.owner_link(src, sop.owner))
