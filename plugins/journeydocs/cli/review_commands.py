"""The pull-request commands: ``journeydocs diff``, ``codeowners`` and ``review``.

Thin glue between the command line, git (:mod:`journeydocs.review.git`) and the pure modules
that do the work (:mod:`~journeydocs.review.diff`, :mod:`~journeydocs.maps.diffmap`,
:mod:`~journeydocs.review.report`, :mod:`~journeydocs.review.codeowners`,
:mod:`~journeydocs.review.due`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import os
import sys
from pathlib import Path

from journeydocs.cli import _EXTRA_PARSERS, command
from journeydocs.content.config import load_project
from journeydocs.content.settings import build_date
from journeydocs.maps.diffmap import SVG_MARKER, diff_dot, standalone_svg
from journeydocs.maps.render import RenderError, SvgRenderer
from journeydocs.problems import Problems
from journeydocs.review import codeowners as co
from journeydocs.review.diff import diff_playbooks, owners_involved
from journeydocs.review.due import review_markdown, review_text, reviews, unscheduled
from journeydocs.review.git import WORKTREE, GitError, Repo, Revision, load_revision
from journeydocs.review.report import Side, report_html, summary_markdown
from journeydocs.site.build import load_and_check, make_site
from journeydocs.site.overview import health_figures


def _add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "diff", help="what changed in the playbook between two git revisions",
        description="Compare the playbook at BASE with HEAD (default: the working tree): "
                    "journeys, steps, SOPs and owners added, removed or changed. Prints a "
                    "Markdown summary and writes each changed journey's map, with the "
                    "changes marked, as SVG into --out.")
    p.add_argument("base", metavar="BASE", help="a git revision: main, HEAD~1, a commit id")
    p.add_argument("head", metavar="HEAD", nargs="?", default=None,
                   help="a git revision (default: the files as they are now)")
    p.add_argument("--path", default=".", help="the folder holding mkdocs.yml")
    p.add_argument("--out", default="diff-maps",
                   help="folder for the SVG maps and index.html (default: diff-maps)")
    p.add_argument("--no-maps", action="store_true", help="write no SVG, only the summary")

    p = sub.add_parser(
        "codeowners", help="write .github/CODEOWNERS from the owners' github handles",
        description="Write the journeydocs block of CODEOWNERS, so a pull request that "
                    "touches a journey or an SOP asks its owners to review.")
    p.add_argument("--path", default=".", help="the folder holding mkdocs.yml")
    p.add_argument("--file", default=None,
                   help="the CODEOWNERS file (default: .github/CODEOWNERS at the top of the "
                        "git repository, else beside mkdocs.yml)")
    p.add_argument("--check", action="store_true",
                   help="change nothing; fail if the file is out of date")

    p = sub.add_parser(
        "review", help="SOPs past or near their review date, by owner",
        description="List SOPs whose review is overdue or due soon, grouped by owner: the "
                    "agenda for the weekly review.")
    p.add_argument("--path", default=".", help="the folder holding mkdocs.yml")
    p.add_argument("--within", type=int, default=14, metavar="DAYS",
                   help="also list SOPs due in the next DAYS days (default 14; 0: overdue only)")
    p.add_argument("--today", type=dt.date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                   help="the date to count from (default: the plugin's 'today' option or today)")
    p.add_argument("--markdown", action="store_true", help="print Markdown (a task list)")
    p.add_argument("--fail-overdue", action="store_true",
                   help="exit with status 1 if any SOP is overdue")


_EXTRA_PARSERS.append(_add_parsers)


def _err(message: str) -> int:
    print(f"journeydocs: {message}", file=sys.stderr)
    return 2


def _side(rev: Revision) -> Side:
    health: list[tuple[str, str]] = []
    if rev.settings is not None:
        site = make_site(rev.book, rev.problems, rev.settings, True)
        health = health_figures(site)
    return Side(rev.label, rev.book, rev.problems, health, rev.settings is not None)


@command("diff")
def _diff(args: argparse.Namespace) -> int:
    project = Path(args.path).resolve()
    repo = Repo.find(project)
    if repo is None:
        return _err(f"{project} is not inside a git repository")
    problems = Problems()
    current = load_project(project, problems)
    today = current.today if current is not None else build_date()
    try:
        old = load_revision(repo, args.base, project, today=today)
        new = load_revision(repo, args.head if args.head is not None else WORKTREE, project,
                            today=today)
    except GitError as exc:
        return _err(str(exc))
    diff = diff_playbooks(old.book, new.book)
    base, head = _side(old), _side(new)

    maps: dict[str, str] = {}
    svgs: dict[str, str] = {}
    out_dir = Path(args.out)
    journey_ids = diff.journey_ids()
    if not args.no_maps:
        _clear_old_maps(out_dir)
        renderer = SvgRenderer(None)
        sources = [diff_dot(jid, old.book, new.book, diff, base_label=old.label,
                            head_label=new.label) for jid in journey_ids]
        for jid, result in zip(journey_ids, renderer.render_each(sources), strict=True):
            if isinstance(result, RenderError):
                print(f"journeydocs: could not draw the map of {jid}: {result}", file=sys.stderr)
                continue
            journey = new.book.journeys.get(jid) or old.book.journeys.get(jid)
            title = journey.title if journey else jid
            out_dir.mkdir(parents=True, exist_ok=True)
            target = out_dir / f"{jid}.svg"
            target.write_text(standalone_svg(result, f"Changes to {title}"), encoding="utf-8")
            maps[jid] = _shown(target)
            svgs[jid] = result
    note = ""
    if maps:
        note = ("The maps mark added steps ＋ (green), removed steps − (dashed grey) and "
                "changed steps ✎ (amber). In a pull request they are in the *playbook-diff* "
                "artifact, with an `index.html` that shows them all.")
    text = summary_markdown(diff, base, head, maps=maps,
                            owners=owners_involved(diff, old.book, new.book), maps_note=note)
    if maps:
        (out_dir / "summary.md").write_text(text, encoding="utf-8")
        (out_dir / "index.html").write_text(
            report_html(text, svgs, f"Playbook changes: {old.label} → {new.label}"),
            encoding="utf-8")
    sys.stdout.write(text)
    return 0


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _clear_old_maps(out_dir: Path) -> None:
    """Remove the SVGs an earlier run wrote (and only those), so no stale map remains."""
    if not out_dir.is_dir():
        return
    for path in out_dir.glob("*.svg"):
        try:
            with path.open(encoding="utf-8") as fh:
                head = fh.read(200)
        except (OSError, UnicodeDecodeError):
            continue
        if SVG_MARKER in head:
            path.unlink()


@command("codeowners")
def _codeowners(args: argparse.Namespace) -> int:
    project = Path(args.path).resolve()
    problems = Problems()
    settings = load_project(project, problems)
    if settings is None:
        for p in problems:
            print(p.text(), file=sys.stderr)
        return 2
    book, _ = load_and_check(settings)
    repo = Repo.find(project)
    top, prefix = (repo.top, repo.prefix) if repo else (project, "")
    target = Path(args.file) if args.file else top / ".github" / "CODEOWNERS"
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    wanted = co.update(current, book, prefix)
    for oid in co.missing_handles(book):
        print(f"note: owner '{oid}' has no github handle in {book.owners_source}, so no "
              "review is requested from them", file=sys.stderr)
    if wanted == current:
        return 0
    if args.check:
        shown = _shown(target)
        diff = difflib.unified_diff((current or "").splitlines(keepends=True),
                                    wanted.splitlines(keepends=True), shown, shown + " (wanted)")
        sys.stderr.writelines(diff)
        print(f"{shown} is out of date: run `journeydocs codeowners` and commit it",
              file=sys.stderr)
        if os.environ.get("GITHUB_ACTIONS") == "true":
            print(f"::error file={shown}::{shown} is out of date: run journeydocs codeowners "
                  "and commit the result")
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(wanted, encoding="utf-8")
    print(f"wrote {_shown(target)}", file=sys.stderr)
    return 0


@command("review")
def _review(args: argparse.Namespace) -> int:
    problems = Problems()
    settings = load_project(Path(args.path), problems)
    if settings is None:
        for p in problems:
            print(p.text(), file=sys.stderr)
        return 2
    today = args.today or settings.today
    settings.today = today
    book, _ = load_and_check(settings)
    groups = reviews(book, today, max(0, args.within))
    count = len(unscheduled(book))
    render = review_markdown if args.markdown else review_text
    sys.stdout.write(render(groups, today, max(0, args.within), count))
    overdue = any(item.overdue for g in groups for item in g.items)
    return 1 if args.fail_overdue and overdue else 0
