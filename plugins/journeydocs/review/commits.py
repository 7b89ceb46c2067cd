"""The commit each file last changed in: the version of an SOP a run followed.

One ``git log`` pass for a whole folder, as :func:`journeydocs.review.git.last_changed`
reads dates. The SOP page gives its commit to "File this run"; the run history counts the
runs whose commit is not this one as runs on an older version.
"""

from __future__ import annotations

from pathlib import Path

from journeydocs.review.git import GitError, git_bytes


def last_commits(folder: Path) -> dict[str, str]:
    """Path under ``folder`` ('/'-separated) -> the full id of the last commit on the
    current branch that changed it (merges by what they brought, as for dates). Empty
    outside a git repository; files never committed are absent."""
    try:
        out = git_bytes(folder, "-c", "core.quotepath=off", "log", "--first-parent", "-m",
                        "--relative", "--name-only", "-z", "--format=%x01%H", "--", ".")
    except GitError:
        return {}
    return parse_commits(out.decode("utf-8", errors="surrogateescape"))


def parse_commits(text: str) -> dict[str, str]:
    """Parse ``git log --name-only -z --format=%x01%H``: the newest commit per path wins."""
    commits: dict[str, str] = {}
    for record in text.split("\x01")[1:]:
        head, *names = record.split("\0")
        commit = head.strip()
        for name in names:
            name = name.strip("\n")
            if name and name not in commits:
                commits[name] = commit
    return commits
