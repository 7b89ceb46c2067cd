"""When and in which commit each file last changed, in ONE ``git log`` pass.

The build needs both for every source: the date a page shows ("last updated", as
:func:`journeydocs.review.git.last_changed` reads it) and the commit of each SOP file, the
version of the SOP a run follows: the SOP page gives it to "File this run", and the run
history counts the runs whose commit is not this one as runs on an older version.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from journeydocs.review.git import GitError, git_bytes


def last_changes(folder: Path) -> tuple[dict[str, dt.datetime], dict[str, str]]:
    """Path under ``folder`` ('/'-separated) -> the committer date, and -> the full id, of
    the last commit on the current branch that changed it (merges by what they brought to
    the branch, ``--first-parent -m``). Empty outside a git repository; files never
    committed are absent."""
    try:
        out = git_bytes(folder, "-c", "core.quotepath=off", "log", "--first-parent", "-m",
                        "--relative", "--name-only", "-z", "--format=%x01%H %cI", "--", ".")
    except GitError:
        return {}, {}
    return parse_changes(out.decode("utf-8", errors="surrogateescape"))


def parse_changes(text: str) -> tuple[dict[str, dt.datetime], dict[str, str]]:
    """Parse ``git log --name-only -z --format=%x01%H %cI``: the newest commit per path."""
    dates: dict[str, dt.datetime] = {}
    commits: dict[str, str] = {}
    for record in text.split("\x01")[1:]:
        head, *names = record.split("\0")
        commit, _sep, stamp = head.strip().partition(" ")
        try:
            when = dt.datetime.fromisoformat(stamp.strip())
        except ValueError:
            continue
        for name in names:
            name = name.strip("\n")
            if name and name not in commits:
                commits[name] = commit
                dates[name] = when
    return dates, commits
