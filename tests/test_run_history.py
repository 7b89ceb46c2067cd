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
    per_month,
    runs_of,
)

PLAYBOOK = Path(__file__).parent / "golden" / "playbook"


def site_on(today: dt.date) -> Site:
    settings = Settings(root=PLAYBOOK, docs_dir=PLAYBOOK / "content", today=today)
    book, problems = load_and_check(settings)
    assert problems.errors() == []
    return make_site(book, problems, settings, use_directory_urls=True)


def _git(root: Path, *args: str) -> str:
    import subprocess

    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
                          cwd=root, check=True, capture_output=True, text=True).stdout.strip()


SOP_V1 = "---\nowner: sales-lead\n---\n# Call\n\n## Do\n- [ ] Call them\n- [ ] Send notes\n"
SOP_V2 = "---\nowner: sales-lead\n---\n# Call\n\n## Do\n- [ ] Book the room\n- [ ] Call them\n"


def test_older_means_other_content_not_another_commit(tmp_path: Path) -> None:
    """A run citing an earlier commit whose SOP file holds today's content is on the current
    version; only a different content is older; a commit git does not know is unknown.
    "Items most often skipped" counts the current version's runs only and says so."""
    import shutil

    from conftest import run_mkdocs_build
    from journeydocs.i18n import load, use
    from journeydocs.review.commits import versions

    root = tmp_path / "p"
    shutil.copytree(Path(__file__).parent / "corpus" / "_base" / "content", root / "content")
    (root / "mkdocs.yml").write_text(
        "site_name: t\ndocs_dir: content\nrepo_url: https://github.com/example/playbook\n"
        "theme: {name: material}\nplugins:\n  - journeydocs:\n      today: 2026-11-22\n",
        encoding="utf-8")
    sop = root / "content" / "sops" / "call.md"
    _git(root, "init", "-q", "-b", "main")
    commits = []
    for text in (SOP_V2, SOP_V1, SOP_V2):  # the first commit has today's content again
        sop.write_text(text, encoding="utf-8")
        _git(root, "add", "-A")
        _git(root, "commit", "-q", "-m", "sop")
        commits.append(_git(root, "rev-parse", "HEAD"))
    same, older, last = commits
    runs = root / "content" / "records" / "runs" / "2026"
    runs.mkdir(parents=True)
    for issue, commit, skipped in ((1, same, 1), (2, older, 2), (3, "deadbeef1", 2)):
        (runs / f"call-{issue}.yml").write_text(
            f"sop: call\nsop_commit: '{commit}'\nname: Run {issue}\nran_by: octocat\n"
            f"started: 2026-11-0{issue}T09:00:00Z\nfinished: 2026-11-0{issue}T10:00:00Z\n"
            f"skipped: [{skipped}]\nissue: {issue}\n", encoding="utf-8")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "records")
    assert versions(root / "content", [("sops/call.md", same), ("sops/call.md", older),
                                       ("sops/call.md", "deadbeef1")]) == {
        ("sops/call.md", same): "current", ("sops/call.md", older): "older",
        ("sops/call.md", "deadbeef1"): "unknown"}

    built = run_mkdocs_build(root, "--strict")
    assert built.returncode == 0, built.output
    page = built.page("sops/call/index.html")
    assert f'data-jd-commit="{last}"' in page
    assert "1 of 3 runs followed an older version of this SOP" in page
    assert "1 of 3 runs name no SOP commit this repository knows" in page
    assert "issues/2\">#2</a> · older version</li>" in page
    assert "issues/3\">#3</a> · unknown version</li>" in page
    assert "issues/1\">#1</a></li>" in page  # an earlier commit with today's content
    skipped = page[page.index('id="runs-skipped"'):page.index('id="runs-recent"')]
    assert "Book the room" in skipped and "1 of 1 finished runs" in skipped
    assert "Call them" not in skipped and "Send notes" not in skipped
    assert "2 runs on an older or unknown version are left out" in skipped

    settings = Settings(root=root, docs_dir=root / "content", today=dt.date(2026, 11, 22))
    book, _problems = load_and_check(settings)
    site = make_site(book, _problems, settings, use_directory_urls=True)
    site.commits = {"call": last}
    site.versions = {("call", c): v for (_p, c), v in versions(
        root / "content", [("sops/call.md", r.sop_commit) for r in book.runs]).items()}
    with use(load("zh")[0]):
        zh = sop_markdown(site, book.sops["call"])
    assert "3 次执行中有 1 次" in zh and "旧版本" in zh and "未知版本" in zh, zh


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
