"""What changed in the playbook over the weekly review's 7 days, from git.

The playbook as it was on the branch (first parents: what landed) at the start of the first
day and at the end of the last day (UTC), loaded with the build's own loader
(:func:`~journeydocs.review.git.load_revision`) and compared with
:func:`~journeydocs.review.diff.diff_playbooks`. History that starts inside the window
counts as an empty playbook before it (everything added).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from journeydocs.content.model import Playbook
from journeydocs.review.diff import diff_playbooks
from journeydocs.review.git import GitError, Repo, git, load_revision
from journeydocs.review.weekly import WeekChanges


def commit_before(repo: Repo, moment: dt.datetime, branch: str = "HEAD") -> str | None:
    """The last commit on ``branch`` (first parents) made before ``moment``, if any."""
    try:
        out = git(repo.top, "rev-list", "-1", "--first-parent",
                  f"--before={int(moment.timestamp())}", branch, "--")
    except GitError:
        return None
    return out.strip() or None


def week_changes(repo: Repo, project: Path, since: dt.date, until: dt.date,
                 today: dt.date) -> WeekChanges:
    """The changes from the start of ``since`` to the end of ``until`` (UTC days)."""
    start = dt.datetime.combine(since, dt.time(), dt.UTC)
    end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), dt.UTC)
    before, after = commit_before(repo, start), commit_before(repo, end)
    key = (str(repo.top), repo.prefix, str(project), before, after, today)
    found = _LOADED.get(key)
    if found is None:
        old = load_revision(repo, before, project, today=today).book if before else Playbook()
        new = (old if after == before else load_revision(repo, after, project,
                                                         today=today).book
               if after else Playbook())
        found = _LOADED[key] = (old, new)
        while len(_LOADED) > 8:  # a long `mkdocs serve`: keep the last few
            del _LOADED[next(iter(_LOADED))]
    old, new = found
    return WeekChanges(diff_playbooks(old, new), old, new, since, until)


_LOADED: dict[tuple[object, ...], tuple[Playbook, Playbook]] = {}
"""Both sides of a window by their commits: a rebuild under ``mkdocs serve`` or the next
week's page in the same build loads no revision twice. Commits never change, so neither
does what they hold."""
