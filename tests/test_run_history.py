"""The run history's counts, from the golden playbook's run records (tests/golden/playbook/
content/records/runs): older versions by commit, months counted up to the build's date,
critical SOPs not run within ``expect_every``, the filing data for the browser."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from journeydocs.content.pipeline import load_and_check
from journeydocs.content.settings import Settings
from journeydocs.mkdocs_plugin.runs import filing_url, public_pages
from journeydocs.site.build import make_site
from journeydocs.site.pages import Site, sop_markdown
from journeydocs.site.runhistory import (
    last_run,
    not_run_in_time,
    on_older_version,
    per_month,
    runs_of,
)

PLAYBOOK = Path(__file__).parent / "golden" / "playbook"


def site_on(today: dt.date) -> Site:
    settings = Settings(root=PLAYBOOK, docs_dir=PLAYBOOK / "content", today=today)
    book, problems = load_and_check(settings)
    assert problems.errors() == []
    return make_site(book, problems, settings, use_directory_urls=True)


def test_older_versions_are_runs_on_another_commit_of_the_sop() -> None:
    site = site_on(dt.date(2026, 11, 22))
    runs = runs_of(site, "call")
    assert [r.issue for r in runs] == [3, 8]
    site.commits = {"call": "1a2b3c4d" + "0" * 32}
    assert [on_older_version(site, r) for r in runs] == [False, False]  # 8: no commit known
    site.commits = {"call": "f" * 40}
    assert [on_older_version(site, r) for r in runs] == [True, False]
    page = sop_markdown(site, site.book.sops["call"])
    assert "1 of 2 runs followed an older version of this SOP" in page
    assert "Acme: first call · by @chelseapark · finished · &#35;3 · older version" in page


def test_months_and_lateness_count_from_the_build_date() -> None:
    early = site_on(dt.date(2026, 11, 5))
    assert per_month(early, runs_of(early, "call"))[-2:] == [("2026-10", 1, 1),
                                                             ("2026-11", 0, 0)]
    assert [s.id for s in not_run_in_time(early)] == []  # kickoff ran 11-01, due 11-15
    late = site_on(dt.date(2026, 11, 16))
    assert [s.id for s in not_run_in_time(late)] == ["kickoff"]
    last = last_run(late, "call")
    assert last is not None and last.issue == 8


@pytest.mark.parametrize(("repo", "url"), [
    ("https://github.com/example/playbook", "https://github.com/example/playbook/issues/new"),
    ("https://github.com/example/playbook.git/", "https://github.com/example/playbook/issues/new"),
    ("https://gitlab.com/example/playbook", ""), (None, ""),
    ("https://github.com/example", ""),
])
def test_filing_needs_a_github_repository(repo: str | None, url: str) -> None:
    assert filing_url(repo) == url


def test_public_pages_are_github_io() -> None:
    assert public_pages("https://example.github.io/playbook/")
    assert not public_pages("https://docs.example.com/")
    assert not public_pages(None)


def test_the_page_carries_the_form_and_the_commit() -> None:
    site = site_on(dt.date(2026, 11, 22))
    site.filing_url = "https://github.com/example/playbook/issues/new"
    site.commits = {"kickoff": "abc1234" + "0" * 33}
    page = sop_markdown(site, site.book.sops["kickoff"])
    assert ('<div class="jd-run-filing" data-jd-form="https://github.com/example/playbook/'
            'issues/new?template=journeydocs-run.yml" data-jd-commit="abc1234' in page)
    assert "[&#35;9](https://github.com/example/playbook/issues/9)" in page


def test_publishing_metric_actuals_alone_warns_too(tmp_path: Path) -> None:
    """Actuals' notes may name clients as runs do: a site with actuals and no run record
    gets the same warning."""
    from conftest import run_mkdocs_build

    root = _small_site(tmp_path / "a", "")
    shutil.rmtree(root / "content" / "records" / "runs")
    actuals = root / "content" / "records" / "actuals" / "calls.csv"
    actuals.parent.mkdir(parents=True)
    actuals.write_text("date,journey,step,metric,value,note\n"
                       "2026-11-02,base,call,Calls,12,Acme asked for a second call\n",
                       encoding="utf-8")
    warned = run_mkdocs_build(root, "--strict")
    assert warned.returncode == 1
    assert "records are shown on https://example.github.io/playbook/" in warned.output


def _small_site(root: Path, extra: str) -> Path:

    shutil.copytree(Path(__file__).parent / "corpus" / "_base" / "content", root / "content")
    record = root / "content" / "records" / "runs" / "2026" / "call-1.yml"
    record.parent.mkdir(parents=True)
    record.write_text("sop: call\nname: Acme\nran_by: octocat\n"
                      "started: 2026-11-02T09:00:00Z\nticked: [1]\nissue: 1\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: t\ndocs_dir: content\nsite_url: https://example.github.io/playbook/\n"
        "repo_url: https://github.com/example/playbook\ntheme: {name: material}\n"
        f"plugins:\n  - journeydocs:\n      today: 2026-11-22\n{extra}", encoding="utf-8")
    return root


def test_publishing_runs_on_public_pages_warns_until_acknowledged(tmp_path: Path) -> None:
    """The strict build fails on the warning; ``records_public: true`` says the team knows.
    The record files are never copied into the site."""
    from conftest import run_mkdocs_build

    warned = run_mkdocs_build(_small_site(tmp_path / "a", ""), "--strict")
    assert warned.returncode == 1
    assert "records are shown on https://example.github.io/playbook/, a public GitHub " \
        "Pages site" in warned.output
    known = run_mkdocs_build(_small_site(tmp_path / "b", "      records_public: true\n"),
                             "--strict")
    assert known.returncode == 0, known.output
    assert not list(known.site.rglob("*.yml")) and not (known.site / "records").exists()
    page = known.page("sops/call/index.html")
    assert "Acme" in page and "@octocat" in page and 'data-jd-form="https://github.com/' \
        "example/playbook/issues/new?template=journeydocs-run.yml" in page
