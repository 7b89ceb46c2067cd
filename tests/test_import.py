"""`journeydocs import` as an adopting team runs it: a folder of real-shaped procedures
(tests/fixtures/import/) into the sample playbook, then `journeydocs check` and
`mkdocs build --strict`, then every imported SOP's page against what its facts table says."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, BuildResult, copy_sample, run_mkdocs_build

FIXTURES = ROOT / "tests" / "fixtures" / "import"
EXPECTED = {
    # fixture: (SOP id, checklist items, of them ticked)
    "incident-response.md": ("incident-response", 9, 0),  # loose lists
    "on-call_handover.md": ("on-call-handover", 7, 0),  # numbered steps only
    "Alert - HighErrorRate.md": ("alert-higherrorrate", 6, 0),  # `- [ ]` in code fences
    "onboarding.md": ("onboarding", 11, 0),  # nested lists, links
    "offboarding.md": ("offboarding", 8, 0),  # foreign front matter
    "release-checklist.md": ("release-checklist", 10, 0),  # [x] items, Setext H1
    # no H1, and a "# comment" in a code block (no title: the facts table goes on top)
    "Database Failover (Runbook).markdown": ("database-failover-runbook", 7, 0),
    "security/index.md": ("security", 4, 0),  # index.md, numbered steps
    "security/lost-laptop.md": ("lost-laptop", 5, 0),  # in a sub-folder
    "事故响应.md": ("sop-8effb4c8", 8, 0),  # Simplified Chinese, Chinese file name
    "maintenance-window-zh-hant.md": ("maintenance-window-zh-hant", 8, 0),  # Traditional
}


def journeydocs(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GITHUB_ACTIONS": "false"}
    return subprocess.run([sys.executable, "-m", "journeydocs.cli", *args], cwd=project,
                          capture_output=True, text=True, env=env, timeout=300)


def sop_files(project: Path) -> set[str]:
    sops = project / "content" / "sops"
    return {p.relative_to(sops).as_posix() for p in sops.rglob("*.md")}


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, BuildResult]:
    project = copy_sample(tmp_path_factory.mktemp("import"))
    proc = journeydocs(project, "import", str(FIXTURES), "--owner", "delivery-lead",
                       "--numbered-steps")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    check = journeydocs(project, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    return project, proc.stdout + proc.stderr, run_mkdocs_build(project, "--strict")


def test_every_fixture_is_imported_with_its_changes_by_line(
        imported: tuple[Path, str, BuildResult]) -> None:
    project, output, _ = imported
    assert len([p for p in FIXTURES.rglob("*") if p.is_file()]) == len(EXPECTED)
    for rel, (sop_id, _, _) in EXPECTED.items():
        folder = "security/" if rel.startswith("security/") else ""
        assert f"import/{rel} -> content/sops/{folder}{sop_id}.md" in output
        assert (project / "content" / "sops" / f"{folder}{sop_id}.md").is_file()
    assert "import/offboarding.md:3: 'author' kept as a comment: not an SOP key" in output
    assert "import/offboarding.md:7: 'categories' renamed 'tags'" in output
    assert "import/on-call_handover.md:8: numbered step made a checklist item" in output
    assert "import/release-checklist.md:9: ticked item ([x]) unticked" in output
    assert "import/onboarding.md:9: link to 'security/index.md' made [[sop:security|" in output
    assert "import/事故响应.md: to do: the file name '事故响应.md' has no Latin letters" in output
    assert ("imported 11 of 11 files into content/sops: 83 checklist items, 1 to do; "
            "journeydocs check: 0 problems in the imported SOPs") in output
    assert "Traceback" not in output


def test_foreign_front_matter_is_kept(imported: tuple[Path, str, BuildResult]) -> None:
    text = (imported[0] / "content/sops/offboarding.md").read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: Offboarding a team member\nowner: delivery-lead\n"
                           "review_every: 6m\ntags: [people, security, access, it]\n"
                           "description: Remove access and recover equipment when someone "
                           "leaves.\n# Not SOP keys; kept from the original front matter by "
                           "journeydocs import:\n# author: Jordan Lee\n# date: 2024-03-18\n"
                           "# owner: IT Operations\n---\n")


def _facts(page: BeautifulSoup) -> dict[str, str]:
    table = page.select_one("article .jd-sop-facts")
    assert table is not None, "no facts table on the page (outside code)"
    rows = [[c.get_text(" ", strip=True) for c in tr.find_all(["td", "th"])]
            for tr in table.select("tr")]
    return {r[0]: r[1] for r in rows if len(r) == 2 and r[0]}


@pytest.mark.parametrize("rel", list(EXPECTED))
def test_the_strict_build_shows_every_item_the_facts_table_counts(
        imported: tuple[Path, str, BuildResult], rel: str) -> None:
    _, _, build = imported
    assert build.returncode == 0, build.output
    sop_id, items, ticked = EXPECTED[rel]
    page = BeautifulSoup(build.page(f"sops/{sop_id}/index.html"), "html.parser")
    stated = re.fullmatch(r"(\d+) items?", _facts(page)["Checklist"])
    assert stated is not None
    boxes = page.select("article li.task-list-item input[type=checkbox]")
    assert (int(stated.group(1)), len(boxes)) == (items, items)
    assert sum(box.has_attr("checked") for box in boxes) == ticked
    assert not page.select("article pre .jd-sop-facts, article pre input")


def test_an_owner_not_in_the_owners_file_says_how_to_add_it(tmp_path: Path) -> None:
    project = copy_sample(tmp_path / "p")
    before = sop_files(project)
    proc = journeydocs(project, "import", str(FIXTURES), "--owner", "sre-lead")
    assert proc.returncode == 2
    assert "owner 'sre-lead' is not in content/owners.yml" in proc.stderr
    assert "add it there first, e.g.\n\nsre-lead:\n  name: Sre lead\n" in proc.stderr
    assert sop_files(project) == before


def test_usage_errors_name_the_path_and_write_nothing(tmp_path: Path) -> None:
    project = copy_sample(tmp_path / "p")
    before = sop_files(project)
    missing = journeydocs(project, "import", "nowhere/")
    outside = journeydocs(project, "import", str(FIXTURES), "--into", "content/elsewhere")
    assert (missing.returncode, outside.returncode) == (2, 2)
    assert "journeydocs: nowhere does not exist" in missing.stderr
    assert "is not in the SOP folder content/sops" in outside.stderr
    assert "Traceback" not in missing.stderr + outside.stderr
    assert sop_files(project) == before


def test_dry_run_writes_nothing_and_reports_what_check_would_say(tmp_path: Path) -> None:
    project = copy_sample(tmp_path / "p")
    before = sop_files(project)
    proc = journeydocs(project, "import", str(FIXTURES / "on-call_handover.md"), "--owner",
                       "founder", "--dry-run")
    assert proc.returncode == 1
    assert sop_files(project) == before
    assert ("on-call_handover.md:8: to do: no checklist item: 7 numbered steps would become "
            "items with --numbered-steps") in proc.stdout
    assert "content/sops/on-call-handover.md:4: the SOP has no checklist item" in proc.stdout
    assert "would import 1 of 1 files" in proc.stderr


def test_an_existing_sop_is_kept_unless_forced(tmp_path: Path) -> None:
    project = copy_sample(tmp_path / "p")
    target = project / "content/sops/lost-laptop.md"  # a file given by name: no sub-folder
    source = FIXTURES / "security" / "lost-laptop.md"
    assert journeydocs(project, "import", str(source), "--owner", "founder").returncode == 0
    target.write_text(target.read_text(encoding="utf-8") + "- [ ] Local edit\n",
                      encoding="utf-8")
    again = journeydocs(project, "import", str(source), "--owner", "founder")
    assert again.returncode == 0
    assert "skipped: content/sops/lost-laptop.md exists (--force overwrites it)" in (
        again.stdout)
    assert "Local edit" in target.read_text(encoding="utf-8")
    forced = journeydocs(project, "import", str(source), "--owner", "founder", "--force")
    assert forced.returncode == 0, forced.stdout + forced.stderr
    assert "Local edit" not in target.read_text(encoding="utf-8")
    assert "lost-laptop-2" not in forced.stdout
