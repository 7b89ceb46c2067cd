"""``journeydocs diff BASE [HEAD]``: what a change does to the playbook, with its maps."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from journeydocs.cli.output import err, shown
from journeydocs.content.config import load_project
from journeydocs.content.model import Playbook
from journeydocs.content.settings import build_date
from journeydocs.i18n import _
from journeydocs.maps.diffmap import SVG_MARKER, diff_dot, standalone_svg
from journeydocs.maps.render import RenderError, SvgRenderer
from journeydocs.problems import Problems
from journeydocs.review.changes import PlaybookDiff
from journeydocs.review.diff import diff_playbooks, owners_involved
from journeydocs.review.git import WORKTREE, GitError, Repo, Revision, load_revision
from journeydocs.review.report import Side, report_html, summary_markdown
from journeydocs.site.build import make_site
from journeydocs.site.overview import health_figures


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("base", metavar="BASE", help="a git revision: main, HEAD~1, a commit id")
    p.add_argument("head", metavar="HEAD", nargs="?", default=None,
                   help="a git revision (default: the files as they are now)")
    p.add_argument("--path", default=".", help="the folder holding mkdocs.yml")
    p.add_argument("--out", default="diff-maps",
                   help="folder for the SVG maps and index.html (default: diff-maps)")
    p.add_argument("--no-maps", action="store_true", help="write no SVG, only the summary")


def _side(rev: Revision) -> Side:
    health: list[tuple[str, str]] = []
    if rev.settings is not None:
        site = make_site(rev.book, rev.problems, rev.settings, True)
        health = health_figures(site)
    return Side(rev.label, rev.book, rev.problems, health, rev.settings is not None)


def run(args: argparse.Namespace) -> int:
    project = Path(args.path).resolve()
    repo = Repo.find(project)
    if repo is None:
        return err(_("{folder} is not inside a git repository").format(folder=project))
    problems = Problems()
    current = load_project(project, problems)
    today = current.today if current is not None else build_date()
    try:
        old = load_revision(repo, args.base, project, today=today)
        new = load_revision(repo, args.head if args.head is not None else WORKTREE, project,
                            today=today)
    except GitError as exc:
        return err(str(exc))
    diff = diff_playbooks(old.book, new.book)
    base, head = _side(old), _side(new)

    maps: dict[str, str] = {}
    svgs: dict[str, str] = {}
    out_dir = Path(args.out)
    if not args.no_maps:
        maps, svgs = draw_maps(diff, old.book, new.book, out_dir, old.label, new.label)
    note = ""
    if maps:
        note = _("The maps mark added steps ＋ (green), removed steps − (dashed grey) and "
                 "changed steps ✎ (amber). In a pull request they are in the *playbook-diff* "
                 "artifact, with an `index.html` that shows them all.")
    text = summary_markdown(diff, base, head, maps=maps,
                            owners=owners_involved(diff, old.book, new.book), maps_note=note)
    if maps:
        (out_dir / "summary.md").write_text(text, encoding="utf-8")
        (out_dir / "index.html").write_text(
            report_html(text, svgs, _("Playbook changes: {base} → {head}").format(
                base=old.label, head=new.label)),
            encoding="utf-8")
    sys.stdout.write(text)
    return 0


def draw_maps(diff: PlaybookDiff, old: Playbook, new: Playbook, out_dir: Path,
              base_label: str, head_label: str) -> tuple[dict[str, str], dict[str, str]]:
    """Write each changed journey's diff map to ``out_dir/<journey>.svg`` (the SVGs an
    earlier run wrote are removed first): journey id -> path as shown, and -> SVG."""
    maps: dict[str, str] = {}
    svgs: dict[str, str] = {}
    _clear_old_maps(out_dir)
    journey_ids = diff.journey_ids()
    renderer = SvgRenderer(None)
    sources = [diff_dot(jid, old, new, diff, base_label=base_label, head_label=head_label)
               for jid in journey_ids]
    for jid, result in zip(journey_ids, renderer.render_each(sources), strict=True):
        if isinstance(result, RenderError):
            print("journeydocs: " + _("could not draw the map of {id}: {error}").format(
                id=jid, error=result), file=sys.stderr)
            continue
        journey = new.journeys.get(jid) or old.journeys.get(jid)
        title = journey.title if journey else jid
        out_dir.mkdir(parents=True, exist_ok=True)
        target = out_dir / f"{jid}.svg"
        label = _("Changes to {title}").format(title=title)
        target.write_text(standalone_svg(result, label), encoding="utf-8")
        maps[jid] = shown(target)
        svgs[jid] = result
    return maps, svgs


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
