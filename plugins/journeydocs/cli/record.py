"""``journeydocs record --event EVENT.json [--path .] [--commit] [--comment FILE]``.

Turns a filed run (a GitHub ``issues`` event: the issue form's body and its author) into a
run record, ``<docs>/records/runs/<YYYY>/<sop>-<issue>.yml``. The records workflow runs it
on GitHub; it runs the same on a saved event, so it is tested without GitHub. A malformed
issue writes no record: its problems are printed as ``issue #N: line L: message`` (and into
``--comment``, the text the workflow posts), and the exit status is 1.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from journeydocs.cli.output import shown
from journeydocs.content.config import load_project
from journeydocs.content.pipeline import load_and_check
from journeydocs.content.runissue import issue_line, record_path, record_yaml, run_from_issue
from journeydocs.i18n import _
from journeydocs.problems import Problems, Severity
from journeydocs.review.git import GitError, Repo, git


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--event", required=True,
                   help="the issues event payload, as JSON (on GitHub: $GITHUB_EVENT_PATH)")
    p.add_argument("--path", default=".", help="the folder holding mkdocs.yml")
    p.add_argument("--commit", action="store_true",
                   help="commit the record in the project's git repository")
    p.add_argument("--comment", default=None,
                   help="write the comment for the issue (Markdown) into this file")


def run(args: argparse.Namespace) -> int:
    project = Path(args.path).resolve()
    problems = Problems()
    settings = load_project(project, problems)
    if settings is None:
        for p in problems:
            print(p.text(), file=sys.stderr)
        return 2
    try:
        event = json.loads(Path(args.event).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(_("{file} is not an event's JSON: {error}").format(
            file=args.event, error=exc), file=sys.stderr)
        return 2
    book = load_and_check(settings)[0]
    record, found = run_from_issue(event, book)
    for problem in found.notices():
        print(_("note: {problem}").format(problem=issue_line(problem)), file=sys.stderr)
    if record is None:
        lines = [issue_line(p) for p in found if p.severity is Severity.ERROR]
        for line in lines:
            print(line)
        _comment(args.comment, "\n".join([
            _("journeydocs could not record this run:"), "", "```text", *lines, "```", "",
            _("Edit the issue to fix it (the record is made again on each edit), or file the "
              "run again from the SOP's page."), ""]))
        return 1
    rel = record_path(settings.records_dir, record)
    target = settings.docs_dir / rel
    text = record_yaml(record)
    unchanged = target.is_file() and target.read_text(encoding="utf-8") == text
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    name = shown(target)
    print(_("wrote {file}").format(file=name), file=sys.stderr)
    commit = ""
    if args.commit and not unchanged:
        try:
            commit = _commit(target, _("Run record: {sop}, issue #{issue}").format(
                sop=record.sop, issue=record.issue))
        except GitError as exc:
            print(str(exc), file=sys.stderr)
            return 2
        print(_("committed {commit}").format(commit=commit[:12]), file=sys.stderr)
    repo = Repo.find(project)
    in_repo = target.resolve().relative_to(repo.top.resolve()).as_posix() if repo else name
    url = _blob_url(commit or "HEAD", in_repo)
    shown_link = f"[`{in_repo}`]({url})" if url else f"`{in_repo}`"
    _comment(args.comment, _("Recorded this run as {file}. Thank you!").format(
        file=shown_link) + "\n")
    return 0


def _commit(target: Path, message: str) -> str:
    folder = target.parent
    git(folder, "add", "--", target.name)
    identity: list[str] = []
    try:
        git(folder, "config", "user.email")
    except GitError:  # no identity configured (a fresh CI runner): journeydocs signs
        identity = ["-c", "user.name=journeydocs", "-c",
                    "user.email=journeydocs@users.noreply.github.com"]
    git(folder, *identity, "commit", "-q", "-m", message, "--", target.name)
    return git(folder, "rev-parse", "HEAD").strip()


def _blob_url(rev: str, path: str) -> str:
    """The record on GitHub, when running in GitHub Actions (its server and repository)."""
    server, repo = os.environ.get("GITHUB_SERVER_URL"), os.environ.get("GITHUB_REPOSITORY")
    if not server or not repo:
        return ""
    return f"{server}/{repo}/blob/{rev}/{path}"


def _comment(path: str | None, text: str) -> None:
    if path:
        Path(path).write_text(text, encoding="utf-8")
