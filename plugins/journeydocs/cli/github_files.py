"""``journeydocs github-files [--check]``: the issue form and workflows journeydocs keeps.

Writes every file of :data:`journeydocs.review.ghfiles.GENERATED` into the repository's
``.github/`` (at the top of the git repository holding the project, else beside
``mkdocs.yml``); with ``--check`` changes nothing and fails when one is missing or stale.
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
from pathlib import Path

from journeydocs.cli.output import shown
from journeydocs.content.config import load_project
from journeydocs.i18n import _
from journeydocs.problems import Problems
from journeydocs.review.ghfiles import GENERATED
from journeydocs.review.git import Repo


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--path", default=".", help="the folder holding mkdocs.yml")
    p.add_argument("--check", action="store_true",
                   help="change nothing; fail if a file is missing or out of date")


def run(args: argparse.Namespace) -> int:
    project = Path(args.path).resolve()
    problems = Problems()
    if load_project(project, problems) is None:
        for p in problems:
            print(p.text(), file=sys.stderr)
        return 2
    repo = Repo.find(project)
    top, prefix = (repo.top, repo.prefix) if repo else (project, "")
    stale = 0
    for rel, render in GENERATED:
        target = top / rel
        wanted = render(prefix)
        current = target.read_text(encoding="utf-8") if target.is_file() else None
        if wanted == current:
            continue
        name = shown(target)
        if args.check:
            stale += 1
            sys.stderr.writelines(difflib.unified_diff(
                (current or "").splitlines(keepends=True), wanted.splitlines(keepends=True),
                name, name + " (wanted)"))
            said = _("{file} is out of date: run `journeydocs github-files` and commit "
                     "it").format(file=name)
            print(said, file=sys.stderr)
            if os.environ.get("GITHUB_ACTIONS") == "true":
                print(f"::error file={name}::{said}")
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(wanted, encoding="utf-8")
        print(_("wrote {file}").format(file=name), file=sys.stderr)
    return 1 if stale else 0
