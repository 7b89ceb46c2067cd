"""What git knows about the playbook: a revision's content, and when each file last changed.

Two jobs, each one cheap:

* :func:`load_revision` puts one revision's ``mkdocs.yml`` and docs folder into a temporary
  folder (``git show`` + ``git archive``) and loads it with the very loader the build uses, so
  ``journeydocs diff`` compares what the site would have published at each revision.
* :func:`last_changed` reads the date each file under a folder last changed in ONE
  ``git log`` pass, however many pages the site has.

Nothing here imports MkDocs. Outside a git repository both return "nothing" rather than
raising, except for an unknown revision, which is the caller's mistake to report.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from journeydocs.content.config import load_project
from journeydocs.content.loader import FileMemo
from journeydocs.content.model import Playbook
from journeydocs.content.pipeline import load_and_check
from journeydocs.content.settings import Settings
from journeydocs.i18n import _
from journeydocs.problems import Problems

GIT_TIMEOUT = 120.0
WORKTREE = None
"""The ``rev`` meaning "the files as they are on disk, committed or not"."""


class GitError(Exception):
    """A git command failed; the message says which and what git said."""


def git(cwd: Path, *args: str) -> str:
    """Run ``git args`` in ``cwd``; its stdout, or :class:`GitError` with its stderr."""
    out = git_bytes(cwd, *args)
    return out.decode("utf-8", errors="replace")


def git_bytes(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False,
                              timeout=GIT_TIMEOUT, input=stdin)
    except FileNotFoundError as exc:
        raise GitError(_("git is not installed")) from exc
    except subprocess.TimeoutExpired as exc:
        raise GitError(_("{command} took longer than {seconds}s").format(
            command=f"git {args[0]}", seconds=f"{GIT_TIMEOUT:g}")) from exc
    if proc.returncode != 0:
        said = proc.stderr.decode("utf-8", errors="replace").strip()
        # Translators: {command} is a git command ("git show"), {said} what git printed
        raise GitError(_("{command} failed: {said}").format(
            command=f"git {' '.join(args[:2])}", said=said))
    return proc.stdout


@dataclass(frozen=True)
class Repo:
    """The repository around a project: its top folder and the project's path inside it."""

    top: Path
    prefix: str  # project folder relative to ``top``, "" or ending in "/"

    @classmethod
    def find(cls, project: Path) -> Repo | None:
        """The repository holding ``project`` (a folder), or None outside git."""
        try:
            out = git(project, "rev-parse", "--show-toplevel", "--show-prefix")
        except GitError:
            return None
        lines = out.split("\n")
        return cls(Path(lines[0]), lines[1] if len(lines) > 1 else "")

    def commit(self, rev: str) -> str:
        """The full commit id ``rev`` names; :class:`GitError` saying so if it names none."""
        try:
            return git(self.top, "rev-parse", "--verify", "--quiet", "--end-of-options",
                       f"{rev}^{{commit}}").strip()
        except GitError as exc:
            raise GitError(_("'{rev}' is not a commit in {folder}").format(
                rev=rev, folder=self.top)) from exc


# --------------------------------------------------------------------------- a revision


@dataclass
class Revision:
    """One side of a comparison: the playbook as loaded, or an empty one if there was none."""

    label: str  # what to call it: the revision as typed (a commit id shortened), or
    #             "working tree"
    book: Playbook
    problems: Problems
    settings: Settings | None  # None when the revision has no project (no mkdocs.yml); for
    #                            a commit, its folders were temporary and are gone


def load_revision(repo: Repo, rev: str | None, project: Path, *,
                  today: dt.date | None = None) -> Revision:
    """The playbook of ``project`` at ``rev`` (None: the working tree), checked.

    A revision without the project's ``mkdocs.yml`` yields an empty playbook, so comparing
    against it shows everything as added. Content with problems loads as far as it can, as in
    a build. ``today`` fixes the date review checks use, so both sides agree.
    """
    if rev is WORKTREE:
        problems = Problems()
        settings = load_project(project, problems)
        # Translators: the files as they are on disk, as one side of a comparison
        return _load(_("working tree"), settings, problems, today)
    commit = repo.commit(rev)
    if re.fullmatch(r"[0-9a-f]{13,64}", rev):
        rev = rev[:12]
    with tempfile.TemporaryDirectory(prefix="journeydocs-rev-") as tmp:
        root = Path(tmp) / "project"
        root.mkdir()
        try:
            config = git_bytes(repo.top, "show", f"{commit}:{repo.prefix}mkdocs.yml")
        except GitError:
            return Revision(rev, Playbook(), Problems(), None)
        (root / "mkdocs.yml").write_bytes(config)
        problems = Problems()
        settings = load_project(root, problems)
        if settings is not None:
            docs_rel = _inside(settings.docs_dir, root)
            if docs_rel is not None:
                _extract(repo, commit, repo.prefix + docs_rel, Path(tmp), repo.prefix)
        return _load(rev, settings, problems, today)


def _load(label: str, settings: Settings | None, problems: Problems,
          today: dt.date | None) -> Revision:
    if settings is None:
        return Revision(label, Playbook(), problems, None)
    if today is not None:
        settings.today = today
    book, found = load_and_check(settings, FileMemo())
    problems.extend(found)
    return Revision(label, book, problems, settings)


def _inside(path: Path, root: Path) -> str | None:
    """``path`` relative to ``root`` in posix form, or None if it leaves ``root``."""
    try:
        rel = path.resolve().relative_to(root.resolve())
    except ValueError:
        return None
    return rel.as_posix()


def _extract(repo: Repo, commit: str, path: str, dest: Path, prefix: str) -> None:
    """Unpack ``path`` (relative to the repository top) of ``commit`` under ``dest/project``.

    A path the revision lacks unpacks nothing. Members are unpacked with tarfile's ``data``
    filter: no links out of ``dest``, no device files, no absolute paths.
    """
    try:
        data = git_bytes(repo.top, "archive", "--format=tar", commit, "--", path.rstrip("/"))
    except GitError:
        return
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        for member in tar.getmembers():
            name = PurePosixPath(member.name).as_posix()
            if prefix and not name.startswith(prefix):
                continue
            if not (member.isfile() or member.isdir()):
                continue  # links and the like: the loader reads plain files only
            member.name = "project/" + name[len(prefix):]
            if ".." in PurePosixPath(member.name).parts:
                continue
            if hasattr(tarfile, "data_filter"):  # Python >= 3.11.4
                tar.extract(member, dest, filter="data")
            else:  # pragma: no cover
                tar.extract(member, dest)


# --------------------------------------------------------------------------- dates


def last_changed(folder: Path) -> dict[str, dt.datetime]:
    """When each file under ``folder`` last changed on the current branch, by git history.

    Keys are paths relative to ``folder`` with '/', values the committer date (with its time
    zone) of the last commit that changed the file, merges counted by what they brought to the
    branch (``--first-parent -m``), so a page shows when its change landed. One ``git log``
    process for the whole folder. Empty outside a git repository or without commits; files
    never committed are absent. A shallow clone dates every file by its oldest commit, so
    check out the full history (``fetch-depth: 0``) where the dates matter.
    """
    try:
        out = git_bytes(folder, "-c", "core.quotepath=off", "log", "--first-parent", "-m",
                        "--relative", "--name-only", "-z", "--format=%x01%cI", "--", ".")
    except GitError:
        return {}
    return parse_log(out.decode("utf-8", errors="surrogateescape"))


def parse_log(text: str) -> dict[str, dt.datetime]:
    """Parse ``git log --name-only -z --format=%x01%cI``: the newest date per path wins."""
    dates: dict[str, dt.datetime] = {}
    for record in text.split("\x01")[1:]:
        # "<date>\0\n<name>\0<name>\0" (names may be missing, e.g. an empty commit)
        head, *names = record.split("\0")
        try:
            when = dt.datetime.fromisoformat(head.strip())
        except ValueError:
            continue
        for name in names:
            name = name.strip("\n")
            if name and name not in dates:
                dates[name] = when
    return dates
