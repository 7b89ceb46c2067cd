"""When and in which commit each file last changed, in ONE ``git log`` pass.

The build needs both for every source: the date a page shows ("last updated", as
:func:`journeydocs.review.git.last_changed` reads it) and the commit of each SOP file, the
version of the SOP a run follows: the SOP page gives it to "File this run", and the run
history asks :func:`versions` whether the SOP file's content at a run's commit is the
current content (another commit with the same file, e.g. a merge, is the same version).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
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


CURRENT, OLDER, UNKNOWN = "current", "older", "unknown"


def versions(folder: Path, asked: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """``(path, commit)`` (path under ``folder``, '/'-separated) -> :data:`CURRENT` when the
    file's content at that commit is its content at ``HEAD``, :data:`OLDER` when it differs
    (or the file was not there), :data:`UNKNOWN` when git does not know the commit. One
    ``git cat-file --batch-check``; empty outside git; files not in ``HEAD`` are absent."""
    pairs = sorted(set(asked))
    if not pairs:
        return {}
    try:
        prefix = git_bytes(folder, "rev-parse", "--show-prefix").decode().strip()
        paths = sorted({path for path, _c in pairs})
        commits = sorted({commit for _p, commit in pairs})
        lines = ([f"HEAD:{prefix}{path}" for path in paths]
                 + [f"{commit}^{{commit}}" for commit in commits]
                 + [f"{commit}:{prefix}{path}" for path, commit in pairs])
        out = git_bytes(folder, "cat-file", "--batch-check",
                        stdin="".join(line + "\n" for line in lines).encode())
    except GitError:
        return {}
    ids = [None if line.endswith((" missing", " ambiguous")) else line.split(" ")[0]
           for line in out.decode("utf-8", errors="replace").splitlines()]
    if len(ids) != len(lines):
        return {}
    head = dict(zip(paths, ids[:len(paths)], strict=True))
    known = dict(zip(commits, ids[len(paths):len(paths) + len(commits)], strict=True))
    result: dict[tuple[str, str], str] = {}
    for (path, commit), blob in zip(pairs, ids[len(paths) + len(commits):], strict=True):
        if head[path] is None:
            continue
        result[path, commit] = (UNKNOWN if known[commit] is None
                                else CURRENT if blob == head[path] else OLDER)
    return result
