"""``journeydocs codeowners [--check]``: the CODEOWNERS block from the owners' handles."""

from __future__ import annotations

import argparse
import difflib
import os
import sys
from pathlib import Path

from journeydocs.cli.output import shown
from journeydocs.content.config import load_project
from journeydocs.content.pipeline import load_and_check
from journeydocs.i18n import _
from journeydocs.problems import Problems
from journeydocs.review import codeowners as co
from journeydocs.review.git import Repo


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--path", default=".", help="the folder holding mkdocs.yml")
    p.add_argument("--file", default=None,
                   help="the CODEOWNERS file (default: .github/CODEOWNERS at the top of the "
                        "git repository, else beside mkdocs.yml)")
    p.add_argument("--check", action="store_true",
                   help="change nothing; fail if the file is out of date")


def run(args: argparse.Namespace) -> int:
    project = Path(args.path).resolve()
    problems = Problems()
    settings = load_project(project, problems)
    if settings is None:
        for p in problems:
            print(p.text(), file=sys.stderr)
        return 2
    book = load_and_check(settings)[0]
    repo = Repo.find(project)
    top, prefix = (repo.top, repo.prefix) if repo else (project, "")
    target = Path(args.file) if args.file else top / ".github" / "CODEOWNERS"
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    wanted = co.update(current, book, prefix)
    for oid in co.missing_handles(book):
        print(_("note: owner '{owner}' has no github handle in {file}, so no review is "
                "requested from them").format(owner=oid, file=book.owners_source),
              file=sys.stderr)
    if wanted == current:
        return 0
    if args.check:
        name = shown(target)
        diff = difflib.unified_diff((current or "").splitlines(keepends=True),
                                    wanted.splitlines(keepends=True), name, name + " (wanted)")
        sys.stderr.writelines(diff)
        print(_("{file} is out of date: run `journeydocs codeowners` and commit it").format(
            file=name), file=sys.stderr)
        if os.environ.get("GITHUB_ACTIONS") == "true":
            said = _("{file} is out of date: run journeydocs codeowners and commit the "
                     "result").format(file=name)
            print(f"::error file={name}::{said}")
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(wanted, encoding="utf-8")
    print(_("wrote {file}").format(file=shown(target)), file=sys.stderr)
    return 0
