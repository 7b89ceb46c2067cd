"""What every command prints the same way: problems, errors and paths."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from journeydocs.i18n import _
from journeydocs.problems import Problems, Severity


def print_problems(problems: Problems, *, notices: bool) -> None:
    """Each problem as ``file:line:col: message (hint)``; notices prefixed ``note: ``.

    Under GitHub Actions (``GITHUB_ACTIONS=true``) each is also printed as an ``::error``
    or ``::notice`` annotation, so it shows on the pull request's diff.
    """
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    for problem in problems:
        if problem.severity is Severity.NOTICE and not notices:
            continue
        if problem.severity is Severity.ERROR:
            print(problem.text())
        else:
            # Translators: a notice (not an error) of journeydocs check, as printed
            print(_("note: {problem}").format(problem=problem.text()))
        if github:
            print(problem.github_annotation())


def err(message: str) -> int:
    """Print ``journeydocs: message`` to stderr; returns the exit status for a usage error."""
    print(f"journeydocs: {message}", file=sys.stderr)
    return 2


def shown(path: Path) -> str:
    """``path`` relative to the working directory when it is below it, else as given."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()
