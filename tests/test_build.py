"""Real `mkdocs build` runs: the sample playbook, links, backlinks, strict failures."""

from __future__ import annotations

import posixpath
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, BuildResult, copy_sample, run_mkdocs_build
from journeydocs.content.config import load_project
from journeydocs.content.pipeline import load_and_check
from journeydocs.content.references import Index
from journeydocs.problems import Problems


def soup(result: BuildResult, rel: str) -> BeautifulSoup:
    return BeautifulSoup(result.page(rel), "html.parser")


@pytest.fixture(scope="session")
def sample_index() -> Index:
    settings = load_project(ROOT, Problems())
    assert settings is not None
    book, problems = load_and_check(settings)
    assert not problems.errors()
    return Index.build(book)


def test_sample_builds_strict_without_warnings(sample_site: BuildResult) -> None:
    assert not re.search(r"WARNING\s+-", sample_site.output), sample_site.output
    for page in ("index.html", "journeys/index.html", "sops/index.html", "owners/index.html",
                 "metrics/index.html", "health/index.html",
                 "journeys/webinar-to-client/index.html", "owners/sales-lead/index.html",
                 "sops/consultation-call/index.html"):
        assert (sample_site.site / page).is_file(), page
    # the YAML sources are not published as files
    assert not list(sample_site.site.rglob("*.yml"))


def test_journey_page_has_every_step_anchor_and_yaml_edit_link(
        sample_site: BuildResult, sample_index: Index) -> None:
    for journey in sample_index.book.journeys.values():
        page = soup(sample_site, f"journeys/{journey.id}/index.html")
        for step in journey.steps:
            heading = page.find(id=f"step-{step.id}")
            assert heading is not None, (journey.id, step.id)
            assert heading.get("data-step-type") == step.type.value
        edit = page.select_one("a.md-content__button[href*='edit']")
        assert edit is not None
        assert edit["href"].endswith(f"/edit/main/content/{journey.src_uri}")


def _resolve(page_rel: str, href: str) -> tuple[str, str]:
    """Site-relative file and fragment that ``href`` on page ``page_rel`` points at."""
    url = urlparse(urljoin("http://site/" + page_rel, href))
    path = unquote(url.path.lstrip("/"))
    if path == "" or path.endswith("/"):
        path += "index.html"
    return posixpath.normpath(path), url.fragment


def _assert_resolves(site: Path, page_rel: str, href: str) -> None:
    target, fragment = _resolve(page_rel, href)
    file = site / target
    assert file.is_file(), f"{page_rel}: {href} -> {target} missing"
    if fragment:
        ids = set(re.findall(r'id="([^"]+)"', file.read_text(encoding="utf-8")))
        assert fragment in ids, f"{page_rel}: {href} -> #{fragment} missing in {target}"


@pytest.mark.parametrize("use_directory_urls", [True, False])
def test_every_map_link_resolves(tmp_path: Path, use_directory_urls: bool) -> None:
    project = copy_sample(tmp_path / "p")
    cfg = project / "mkdocs.yml"
    cfg.write_text(cfg.read_text() + f"\nuse_directory_urls: {str(use_directory_urls).lower()}\n")
    result = run_mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.output
    pages = sorted(result.site.glob("journeys/*/index.html") if use_directory_urls
                   else result.site.glob("journeys/*.html"))
    pages = [p for p in pages if p.name != "index.html" or use_directory_urls]
    pages = [p for p in pages if p.parent != result.site / "journeys" or not use_directory_urls]
    assert len(pages) == 3
    seen = 0
    for page in pages:
        rel = page.relative_to(result.site).as_posix()
        svg = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one(
            "svg.jd-map")
        assert svg is not None, rel
        for a in svg.find_all("a"):
            href = a.get("href") or a.get("xlink:href")
            assert href and not href.startswith(("/", "http", "javascript")), href
            _assert_resolves(result.site, rel, href)
            seen += 1
    assert seen > 20


def test_map_shapes_follow_step_types(sample_site: BuildResult, sample_index: Index) -> None:
    journey = sample_index.book.journeys["webinar-to-client"]
    page = soup(sample_site, "journeys/webinar-to-client/index.html")
    svg = page.select_one("svg.jd-map")
    assert svg is not None
    for step in journey.steps:
        node = svg.find(id=re.compile(rf"step-{re.escape(step.id)}$"))
        assert node is not None, step.id
        classes = node.get("class") or []
        assert f"jd-{step.type.value}" in classes
        assert ("jd-critical" in classes) == step.critical
        shape = node.find(["polygon", "path", "ellipse"])
        if step.type.value == "decision":
            assert shape.name == "polygon" and len(shape["points"].split()) in (4, 5)
        elif step.type.value in ("start", "end"):
            assert "jd-stadium" in classes
        else:
            assert shape.name in ("polygon", "path")


def test_sop_pages_list_exactly_the_steps_that_use_them(
        sample_site: BuildResult, sample_index: Index) -> None:
    for sop in sample_index.book.sops.values():
        page = soup(sample_site, f"sops/{sop.id}/index.html")
        used = page.find(id="used-in")
        assert used is not None, sop.id
        listed = used.find_next("ul")
        hrefs = [a["href"] for a in listed.find_all("a") if "journeys/" in a["href"]] \
            if listed else []
        expected = [f"step-{r.step.id}" for r in sample_index.uses_of(sop.id)]
        assert [h.split("#")[1] for h in hrefs] == expected
        for href in hrefs:
            _assert_resolves(sample_site.site, f"sops/{sop.id}/index.html", href)
        crit = [r.step.critical for r in sample_index.uses_of(sop.id)]
        assert crit == sorted(crit, reverse=True), "critical steps come first"
        assert page.find("meta", attrs={"name": "journeydocs:sop"})["content"] == sop.id


def test_owner_pages_list_exactly_their_accountabilities(
        sample_site: BuildResult, sample_index: Index) -> None:
    book = sample_index.book
    for owner in book.owners.values():
        page = soup(sample_site, f"owners/{owner.id}/index.html")
        text = page.get_text(" ")
        def section_links(anchor: str, page: BeautifulSoup = page) -> list[str]:
            h = page.find(id=anchor)
            table = h.find_next(["table", "p"])
            return [a["href"] for a in table.find_all("a")] if table.name == "table" else []
        journeys = [h for h in section_links("journeys") if "journeys/" in h]
        assert len(journeys) == len(sample_index.journeys_by_owner.get(owner.id, []))
        steps = [h for h in section_links("steps") if "#step-" in h]
        assert [h.split("#")[1] for h in steps] == [
            f"step-{r.step.id}" for r in sample_index.steps_by_owner.get(owner.id, [])]
        sops = [h for h in section_links("sops") if "sops/" in h]
        assert len(sops) == len(sample_index.sops_by_owner.get(owner.id, []))
        assert owner.name in text


def test_health_and_sop_pages_show_the_overdue_review(sample_site: BuildResult) -> None:
    health = soup(sample_site, "health/index.html")
    overdue = health.find(id="overdue").find_next("ul")
    assert "referral" in overdue.get_text().lower()
    sop = soup(sample_site, "sops/referral-request/index.html").get_text(" ")
    assert "Review overdue" in sop and "overdue" in sop


def test_search_index_has_steps_owners_and_checklist_items(sample_site: BuildResult) -> None:
    import json
    index = json.loads((sample_site.site / "search" / "search_index.json").read_text())
    docs = index["docs"]
    # Chinese words are found on this English site: the index splits on jieba's word breaks
    # (search is listed before journeydocs in the sample's plugins)
    assert r"\u200b" in index["config"]["separator"]
    by_loc = {d["location"]: d for d in docs}
    step = by_loc.get("journeys/webinar-to-client/#step-book-call")
    assert step is not None and "Chelsea Park" in step["text"]
    items = " ".join(d["text"] for d in docs if d["location"].startswith("sops/consultation-call/"))
    assert "case studies" in items.lower()
    # the map is not indexed (its labels are the step list's): no "System map" caption
    journey = " ".join(d["text"] for d in docs if d["location"].startswith("journeys/webinar"))
    assert "System map" not in journey and "Chelsea Park" in journey


def _broken_project(tmp_path: Path) -> Path:
    project = copy_sample(tmp_path / "broken")
    path = project / "content" / "journeys" / "webinar-to-client.yml"
    text = path.read_text().replace("sop: consultation-call", "sop: consultation-cal", 1)
    path.write_text(text)
    return project


def test_strict_build_fails_on_a_broken_reference(tmp_path: Path) -> None:
    result = run_mkdocs_build(_broken_project(tmp_path), "--strict")
    assert result.returncode != 0
    assert re.search(r"WARNING\s+-\s+journeydocs: content/journeys/webinar-to-client.yml:\d+:\d+: "
                     r"step '\w[\w-]*' sop: SOP 'consultation-cal' does not exist "
                     r"\(did you mean 'consultation-call'\?\)", result.output), result.output
    assert "Traceback" not in result.output


def test_non_strict_build_keeps_the_site_and_shows_the_problem(tmp_path: Path) -> None:
    result = run_mkdocs_build(_broken_project(tmp_path))
    assert result.returncode == 0, result.output
    page = soup(result, "journeys/webinar-to-client/index.html")
    box = page.select_one(".admonition.danger")
    assert box is not None and "consultation-cal" in box.get_text()
    assert (result.site / "sops" / "run-webinar" / "index.html").is_file()


def test_chinese_playbook_builds(tmp_path: Path) -> None:
    project = tmp_path / "zh"
    shutil.copytree(ROOT / "tests" / "fixtures" / "zh", project)
    shutil.copytree(ROOT / "theme", project / "theme")
    result = run_mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.output
    html = result.page("journeys/index.html")
    assert "认识" in html and "推荐" in html
    assert yaml.safe_load((project / "mkdocs.yml").read_text())["theme"]["language"] == "zh"


def test_edit_links_open_the_source_file(sample_site: BuildResult) -> None:
    def edit(rel: str) -> str | None:
        a = soup(sample_site, rel).select_one("a.md-content__button[href*='/edit/']")
        return a["href"] if a else None

    assert edit("owners/sales-lead/index.html").endswith("/edit/main/content/owners.yml")
    assert edit("sops/consultation-call/index.html").endswith(
        "/edit/main/content/sops/consultation-call.md")
    for aggregate in ("journeys/index.html", "sops/index.html", "metrics/index.html",
                      "health/index.html"):
        assert edit(aggregate) is None, aggregate  # built from many files: no single source


def test_sop_url_is_its_id_wherever_the_file_lives(tmp_path: Path) -> None:
    project = copy_sample(tmp_path / "p")
    sops = project / "content" / "sops"
    (sops / "sales").mkdir()
    text = (sops / "consultation-call.md").read_text()
    (sops / "consultation-call.md").unlink()
    (sops / "sales" / "call-script.md").write_text(
        text.replace("owner: sales-lead", "id: consultation-call\nowner: sales-lead", 1))
    result = run_mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.output
    page = soup(result, "sops/consultation-call/index.html")
    edit = page.select_one("a.md-content__button[href*='/edit/']")
    assert edit["href"].endswith("/edit/main/content/sops/sales/call-script.md")
    assert not (result.site / "sops" / "sales").exists()
