"""The weekly review on the site: a page per week and owner, linked from the owner page.

The scratch playbook of test_weekly.py in its git repository, built for real (strict) with
the plugin's ``today`` on Monday 2026-11-30: this week's pages (2026-W49) and last week's
(2026-W48: it has reviews due and a change), in English and Chinese, the same bytes twice.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from git_playbook import ScratchRepo
from test_weekly import FILES, FOLLOW_UP, JOURNEY

from conftest import BuildResult, run_mkdocs_build

OWNERS = ("sales", "ops", "mkt")


def _project(top: Path, language: str = "en") -> ScratchRepo:
    repo = ScratchRepo(top)
    files = dict(FILES)
    files["mkdocs.yml"] = files["mkdocs.yml"].replace("name: material",
                                                      f"name: material\n  language: {language}")
    repo.write(files)
    repo.commit("playbook", date="2026-11-10T09:00:00+00:00")
    repo.write({"content/journeys/enquiry.yml": JOURNEY.format(after_call="follow-up",
                                                               extra=FOLLOW_UP)})
    repo.commit("a follow-up step", date="2026-11-26T15:00:00+00:00")
    return repo


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    repo = _project(tmp_path_factory.mktemp("weekly-site") / "repo")
    result = run_mkdocs_build(repo.project, "--strict")
    assert result.returncode == 0, result.output
    return result


def _text(result: BuildResult, page: str) -> str:
    soup = BeautifulSoup(result.page(page), "html.parser")
    article = soup.select_one("article")
    assert article is not None
    return article.get_text(" ", strip=True)


def test_a_page_per_week_and_owner(built: BuildResult) -> None:
    pages = sorted(p.relative_to(built.site).as_posix()
                   for p in (built.site / "review").rglob("index.html"))
    assert pages == sorted(f"review/{w}/{o}/index.html" for w in ("2026-W48", "2026-W49")
                           for o in OWNERS)
    text = _text(built, "review/2026-W48/ops/index.html")
    assert text.startswith("Operations lead: weekly review 2026-W48 "
                           "Weekly review 2026-W48 (2026-11-23 to 2026-11-29)")
    assert "Yearly audit ( audit ) — overdue 28 days (due 2026-11-01)" in text
    assert "missed: Check the backups ( backup ), due 2026-11-25, every 1 week, never run" \
        in text
    text = _text(built, "review/2026-W49/ops/index.html")
    assert "As of 2026-11-30: the week is not over." in text
    assert "to do: Check the backups ( backup ), due 2026-12-02" in text
    text = _text(built, "review/2026-W49/mkt/index.html")
    assert "journey enquiry changed" in text and "step enquiry/follow-up added" in text


def test_its_links_lead_to_the_pages_they_name(built: BuildResult) -> None:
    page = built.site / "review" / "2026-W48" / "ops" / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    hrefs = {a.get_text(strip=True): a["href"] for a in soup.select("article a[href]")
             if not a["href"].startswith("#")}
    assert hrefs["Check the backups"] == "../../../sops/backup/"
    assert hrefs["Yearly audit"] == "../../../sops/audit/"
    for href in hrefs.values():
        assert (page.parent / href / "index.html").resolve().is_file(), href
    page = built.site / "review" / "2026-W49" / "mkt" / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    item = next(li for li in soup.select("article li") if "journey enquiry changed" in li.text)
    href = item.select_one("a")["href"]  # the week's diff map, drawn once for every owner
    assert href == "../maps/enquiry.svg"
    svg = (page.parent / href).resolve().read_text(encoding="utf-8")
    assert svg.startswith("<?xml") and "Follow-up email" in svg and "＋ added" in svg
    owner = BeautifulSoup(built.page("owners/ops/index.html"), "html.parser")
    section = owner.select_one("#weekly-review")
    assert section is not None
    links = [(a.get_text(strip=True), a["href"]) for a in section.find_next("ul").select("a")]
    assert links == [("Weekly review 2026-W49", "../../review/2026-W49/ops/"),
                     ("Weekly review 2026-W48", "../../review/2026-W48/ops/")]


def test_the_pages_are_the_same_bytes_every_build(built: BuildResult, tmp_path: Path) -> None:
    again = run_mkdocs_build(built.site.parent, "--strict", site=tmp_path / "again")
    assert again.returncode == 0, again.output
    for page in sorted((built.site / "review").rglob("*.*")):
        rel = page.relative_to(built.site)
        assert (again.site / rel).read_bytes() == page.read_bytes(), rel


@pytest.mark.parametrize(("language", "title", "missed"), [
    ("zh", "Operations lead：每周回顾 2026-W48", "已错过： Check the backups"),
    ("zh-TW", "Operations lead：每週回顧 2026-W48", "已錯過： Check the backups"),
])
def test_the_pages_speak_the_sites_language(tmp_path: Path, language: str, title: str,
                                            missed: str) -> None:
    repo = _project(tmp_path / "repo", language)
    result = run_mkdocs_build(repo.project, "--strict")
    assert result.returncode == 0, result.output
    text = _text(result, "review/2026-W48/ops/index.html")
    assert text.startswith(title), text[:80]
    assert missed in text
    owner = BeautifulSoup(result.page("owners/ops/index.html"), "html.parser")
    heading = owner.select_one("#weekly-review")
    assert heading is not None and re.search("[回顧顾]", heading.get_text())
    shutil.rmtree(result.site)


def test_no_page_without_owners(tmp_path: Path) -> None:
    repo = _project(tmp_path / "repo")
    repo.write({"content/owners.yml": "{}\n"})
    result = run_mkdocs_build(repo.project)
    assert not (result.site / "review").exists()
