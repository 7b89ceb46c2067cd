"""``journeydocs review``: SOPs past or near their review date, by owner; with ``--week``,
the whole weekly review (metrics off target, reviews, runs, changes) as Markdown."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from journeydocs.content.config import load_project
from journeydocs.content.pipeline import load_and_check
from journeydocs.problems import Problems
from journeydocs.review.due import review_markdown, review_text, reviews, unscheduled


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--path", default=".", help="the folder holding mkdocs.yml")
    p.add_argument("--within", type=int, default=14, metavar="DAYS",
                   help="also list SOPs due in the next DAYS days (default 14; 0: overdue only)")
    p.add_argument("--today", type=dt.date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                   help="the date to count from (default: the plugin's 'today' option or today)")
    p.add_argument("--markdown", action="store_true", help="print Markdown (a task list)")
    p.add_argument("--fail-overdue", action="store_true",
                   help="exit with status 1 if any SOP is overdue")
    p.add_argument("--week", nargs="?", const="", default=None, metavar="YYYY-MM-DD",
                   help="print the weekly review of the ISO week holding this date (default: "
                        "today's) as Markdown for the meeting issue")
    p.add_argument("--owner", default=None, metavar="ID",
                   help="with --week: only this owner's part (default: every owner)")
    p.add_argument("--filing", default=None, metavar="FILE",
                   help="with --week: open run issues that were not filed, as JSON from "
                        "'gh issue list --json number,title,url,author,body'")
    p.add_argument("--site-url", default="", metavar="URL",
                   help="with --week: the published site, so SOPs and steps link to it")
    p.add_argument("--maps", default=None, metavar="DIR",
                   help="with --week: write the diff map of each changed journey into DIR")
    p.add_argument("--maps-url", default="", metavar="URL",
                   help="with --maps: link each map to URL instead of its file (the "
                        "workflow run whose artifact holds the maps)")
    p.add_argument("--json", action="store_true",
                   help="with --week: print JSON for the scheduled workflow: the meeting "
                        "issue (title, body, assignees) and the run issues of the week's "
                        "scheduled SOPs (see --runs-week)")
    p.add_argument("--runs-week", default=None, metavar="YYYY-MM-DD",
                   help="with --json: the run issues are for the ISO week holding this date "
                        "(default: the reviewed week)")


def run(args: argparse.Namespace) -> int:
    problems = Problems()
    settings = load_project(Path(args.path), problems)
    if settings is None:
        for p in problems:
            print(p.text(), file=sys.stderr)
        return 2
    today = args.today or settings.today
    settings.today = today
    if args.week is not None:
        from journeydocs.cli.weekly import run_week

        return run_week(args, settings)
    book = load_and_check(settings)[0]
    groups = reviews(book, today, max(0, args.within))
    count = len(unscheduled(book))
    render = review_markdown if args.markdown else review_text
    sys.stdout.write(render(groups, today, max(0, args.within), count))
    overdue = any(item.overdue for g in groups for item in g.items)
    return 1 if args.fail_overdue and overdue else 0
