"""``journeydocs check [PATH]``: every problem of the playbook, without building the site."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from journeydocs.cli.output import print_problems
from journeydocs.content.config import load_project
from journeydocs.content.pipeline import load_and_check
from journeydocs.i18n import _, ngettext
from journeydocs.problems import Problems


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", nargs="?", default=".", help="folder holding mkdocs.yml")
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")


def run(args: argparse.Namespace) -> int:
    problems = Problems()
    settings = load_project(Path(args.path), problems)
    if settings is not None:
        found = load_and_check(settings)[1]
        problems.extend(found)
    print_problems(problems, notices=not args.quiet)
    errors = len(problems.errors())
    print(summary(errors, len(problems.notices())), file=sys.stderr)
    return 1 if errors else 0


def summary(errors: int, notes: int) -> str:
    """``3 problems, 1 note``: the last line of ``journeydocs check``."""
    counted = ngettext("{n} problem", "{n} problems", errors).format(n=errors)
    if not notes:
        return counted
    # Translators: the summary of journeydocs check: "3 problems, 1 note"
    return _("{problems}, {notes}").format(
        problems=counted, notes=ngettext("{n} note", "{n} notes", notes).format(n=notes))
