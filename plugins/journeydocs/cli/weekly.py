"""``journeydocs review --week [DATE]``: the weekly review as Markdown for the meeting issue.

The week is the ISO week holding DATE (default: the plugin's ``today`` or today). Changes
come from the git history of the project's repository (none outside git); run issues that
could not be filed come from ``--filing`` (the scheduled workflow saves them with ``gh``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from journeydocs.cli.diff import draw_maps
from journeydocs.cli.output import err
from journeydocs.content.pipeline import load_and_check
from journeydocs.content.settings import Settings
from journeydocs.content.targets import on_target
from journeydocs.i18n import _
from journeydocs.review.git import GitError, Repo
from journeydocs.review.weekly import (
    FilingProblem,
    Week,
    change_window,
    filing_problems,
    scheduled_runs,
    weekly_review,
)
from journeydocs.review.weekly_git import week_changes
from journeydocs.review.weekly_text import (
    Links,
    handles,
    meeting_title,
    run_issue,
    weekly_markdown,
)
from journeydocs.site import urls


def site_links(site_url: str, maps: dict[str, str], maps_url: str = "") -> Links:
    """Links into the published site (directory URLs), and to the diff maps written (or
    to ``maps_url``, where they are kept)."""
    base = site_url.rstrip("/") + "/" if site_url else ""

    def page(src: str, anchor: str = "") -> str:
        if not base:
            return ""
        return base + urls.page_url(src, True) + (f"#{anchor}" if anchor else "")

    def step(key: str) -> str:
        jid, _slash, sid = key.partition("/")
        return page(urls.journey_page(jid), urls.step_anchor(sid))

    def diff_map(jid: str) -> str:
        return (maps_url or maps[jid]) if jid in maps else ""

    return Links(sop=lambda sid: page(urls.sop_page(sid)), step=step, diff_map=diff_map)


def run_week(args: argparse.Namespace, settings: Settings) -> int:
    today: dt.date = settings.today
    try:
        day = dt.date.fromisoformat(args.week) if args.week else today
    except ValueError:
        return err(_("'{value}' is not a date: write it as YYYY-MM-DD").format(
            value=args.week))
    week = Week.containing(day)
    book = load_and_check(settings)[0]
    if args.owner is not None and args.owner not in book.owners:
        return err(_("'{owner}' is not an owner in owners.yml").format(owner=args.owner))
    filing: list[FilingProblem] = []
    if args.filing:
        try:
            data = json.loads(Path(args.filing).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            return err(_("could not read {file}: {error}").format(file=args.filing,
                                                                  error=exc))
        filing = filing_problems(data, book.sops)
    changes = None
    repo = Repo.find(settings.root)
    if repo is not None:
        since, until = change_window(week, today)
        try:
            changes = week_changes(repo, settings.root, since, until, today)
        except GitError as exc:
            print(f"journeydocs: {exc}", file=sys.stderr)
    maps: dict[str, str] = {}
    if changes is not None and args.maps and changes.diff:
        maps = draw_maps(changes.diff, changes.old, changes.new, Path(args.maps),
                         day_label(changes.since), day_label(changes.until))[0]
    review = weekly_review(book, week, today, owner=args.owner, filing=filing,
                           changes=changes, within=max(0, args.within),
                           judge=on_target)
    links = site_links(args.site_url, maps, args.maps_url)
    text = weekly_markdown(review, links)
    if not args.json:
        sys.stdout.write(text)
        return 0
    try:
        runs_week = Week.containing(dt.date.fromisoformat(args.runs_week)) \
            if args.runs_week else week
    except ValueError:
        return err(_("'{value}' is not a date: write it as YYYY-MM-DD").format(
            value=args.runs_week))
    out = {"title": meeting_title(review), "body": text, "assignees": handles(review),
           "runs": [run_issue(r, runs_week, book, links)
                    for r in scheduled_runs(book, runs_week)]}
    sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=1) + "\n")
    return 0


def day_label(day: dt.date) -> str:
    return day.isoformat()
