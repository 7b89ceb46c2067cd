"""``journeydocs check [PATH]``: every problem of the playbook, without building the site."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from journeydocs.cli.output import print_problems
from journeydocs.content.config import load_project
from journeydocs.content.pipeline import load_and_check
from journeydocs.problems import Problems


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", nargs="?", default=".", help="folder holding mkdocs.yml")
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")


def run(args: argparse.Namespace) -> int:
    problems = Problems()
    settings = load_project(Path(args.path), problems)
    if settings is not None:
        _, found = load_and_check(settings)
        problems.extend(found)
    print_problems(problems, notices=not args.quiet)
    errors = len(problems.errors())
    notes = len(problems.notices())
    summary = f"{errors} problem{'s' if errors != 1 else ''}"
    if notes:
        summary += f", {notes} note{'s' if notes != 1 else ''}"
    print(summary, file=sys.stderr)
    return 1 if errors else 0
