"""Each page shows when its source last changed, from one `git log` per build."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from git_playbook import make_repo

from conftest import run_mkdocs_build
from journeydocs.review.git import last_changed, parse_log

BASE_DATE = '<time datetime="2026-02-01T09:00:00+00:00">2026-02-01</time>'
CHANGE_DATE = '<time datetime="2026-03-15T10:30:00+01:00">2026-03-15</time>'


def test_last_changed_reads_one_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path)
    calls: list[list[str]] = []
    real_run = subprocess.run

    def counting_run(args: list[str], **kwargs: Any) -> Any:
        calls.append(list(args))
        return real_run(args, **kwargs)

    monkeypatch.setattr(subprocess, "run", counting_run)
    dates = last_changed(repo.project / "content")
    assert len(calls) == 1 and calls[0][0] == "git"
    base = dt.datetime.fromisoformat("2026-02-01T09:00:00+00:00")
    change = dt.datetime.fromisoformat("2026-03-15T10:30:00+01:00")
    assert dates == {
        "index.md": base,
        "journeys/sales.yml": change,
        "journeys/referrals.yml": change,
        "owners.yml": change,
        "sops/call.md": change,
        "sops/closing.md": change,
        "sops/newsletter.md": change,  # deleted then: no page will ask for it
    }


def test_last_changed_outside_git_is_empty(tmp_path: Path) -> None:
    assert last_changed(tmp_path) == {}


def test_parse_log_keeps_the_newest_date() -> None:
    text = ("\x012026-03-01T00:00:00+00:00\0\na.md\0b.md\0"
            "\x012026-01-01T00:00:00+00:00\0\nb.md\0c d.md\0"
            "\x012025-12-01T00:00:00+00:00\0")
    got = parse_log(text)
    assert {k: v.date().isoformat() for k, v in got.items()} == {
        "a.md": "2026-03-01", "b.md": "2026-03-01", "c d.md": "2026-01-01"}


def test_pages_show_their_source_date(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    repo.write({"content/extra.md": "# Not committed yet\n"})
    result = run_mkdocs_build(repo.project, site=tmp_path / "site")
    assert result.returncode == 0, result.output
    # index.md is the site's own page (no hourglass): its date is for the site's plugins
    assert "<time" not in result.page("index.html")
    journey = result.page("journeys/sales/index.html")
    assert CHANGE_DATE in journey  # the YAML's date, though the page is generated
    assert BASE_DATE not in journey
    sop = next(p for p in ("sops/call/index.html", "sops/call.html")
               if (result.site / p).exists())
    assert CHANGE_DATE in result.page(sop)
    assert "<time" not in result.page("extra/index.html")  # never committed
    assert "<time" not in result.page("journeys/index.html")  # made from many files


def test_no_dates_outside_git(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    plain = tmp_path / "plain"
    shutil.copytree(repo.project, plain, ignore=shutil.ignore_patterns(".git"))
    result = run_mkdocs_build(plain, "--strict", site=tmp_path / "site")
    assert result.returncode == 0, result.output
    assert "<time" not in result.page("index.html")
    assert "<time" not in result.page("journeys/sales/index.html")


def test_one_git_process_per_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    repo = make_repo(tmp_path)
    git_calls: list[list[str]] = []
    real_run = subprocess.run

    def counting_run(args: Any, **kwargs: Any) -> Any:
        if isinstance(args, list | tuple) and args and args[0] == "git":
            git_calls.append(list(args))
        return real_run(args, **kwargs)

    monkeypatch.setattr(subprocess, "run", counting_run)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(repo.project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    dates = [c for c in git_calls
             if c[1:5] == ["-c", "core.quotepath=off", "log", "--first-parent"]]
    assert len(dates) == 1  # every page's date from one `git log`
    # the rest is the weekly review's (review/weekly_git.py: the playbook as it was a week
    # and two weeks ago): a few calls a build, none per page
    others = [c for c in git_calls if c not in dates]
    assert all(c[1] in ("rev-parse", "rev-list", "show", "archive", "cat-file")
               for c in others), others
    assert len(others) <= 12, others
    assert CHANGE_DATE in (tmp_path / "site/journeys/sales/index.html").read_text("utf-8")
