"""The page cache and the two-process build change how fast a site is built, never what it is.

A playbook big enough for the build to split (bench/generate.py writes it) is built three
ways: plainly (no cache, one process), cold and warm. The three sites must be the same byte
for byte; warnings must come out (and fail ``--strict``) whichever process built the page
and whether or not it came from the cache; an edit must show on every page it touches.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import pytest

from conftest import ROOT, BuildResult, run_mkdocs_build

sys.path.insert(0, str(ROOT / "bench"))

from generate import Size, generate  # noqa: E402

SIZE = Size("T", 4, 240)  # 240 SOP pages: more than the 200 a build needs to split


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*")) if p.is_file()}


def _options(project: Path, **options: object) -> None:
    config = project / "mkdocs.yml"
    lines = "".join(f"      {k}: {str(v).lower()}\n" for k, v in options.items())
    config.write_text(config.read_text().replace("  - journeydocs:\n",
                                                 "  - journeydocs:\n" + lines, 1))


@pytest.fixture(scope="module")
def playbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(SIZE, tmp_path_factory.mktemp("pc") / "gen") / "jd"


def _copy(playbook: Path, dest: Path, **options: object) -> Path:
    shutil.copytree(playbook, dest, ignore=shutil.ignore_patterns("site", ".cache"))
    _options(dest, **options)
    return dest


def _sop_late_in_the_build(project: Path) -> Path:
    """An SOP the second process builds (it takes the later SOP pages)."""
    return sorted((project / "content" / "sops").glob("*.md"))[-3]


def test_cold_warm_and_plain_builds_are_identical(playbook: Path, tmp_path: Path) -> None:
    plain = run_mkdocs_build(_copy(playbook, tmp_path / "plain", page_cache=False,
                                   parallel=False), "--strict")
    assert plain.returncode == 0, plain.output
    project = _copy(playbook, tmp_path / "fast")
    cold = run_mkdocs_build(project, "--strict", "-v", site=tmp_path / "cold")
    assert cold.returncode == 0, cold.output
    if sys.platform.startswith("linux") and (os.cpu_count() or 1) >= 2:  # it really split
        assert re.search(r"a second process builds \d+ of \d+ SOP pages", cold.output)
    warm = run_mkdocs_build(project, "--strict", "-v", site=tmp_path / "warm")
    assert warm.returncode == 0, warm.output
    assert re.search(r"page cache: (\d+) pages reused, 0 rendered", warm.output), warm.output
    reference = _files(plain.site)
    assert len(reference) > 250
    for result in (cold, warm):
        files = _files(result.site)
        assert files.keys() == reference.keys()
        different = [name for name in reference if files[name] != reference[name]]
        assert different == [], _first_difference(reference, files, different)


def _first_difference(one: dict[str, bytes], two: dict[str, bytes], names: list[str]) -> str:
    if not names:
        return ""
    a, b = one[names[0]].decode(errors="replace"), two[names[0]].decode(errors="replace")
    at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y),
              min(len(a), len(b)))
    return f"{names[0]} differs at {at}: {a[at - 80:at + 80]!r} != {b[at - 80:at + 80]!r}"


def _warnings(result: BuildResult, text: str) -> list[str]:
    return [line for line in result.output.splitlines()
            if line.startswith("WARNING") and text in line]


def test_warnings_come_out_from_either_process_and_from_the_cache(playbook: Path,
                                                                  tmp_path: Path) -> None:
    project = _copy(playbook, tmp_path / "p")
    sop = _sop_late_in_the_build(project)
    sop.write_text(sop.read_text().replace("\n## Do the work\n",
                                           "\nSee [the missing page](nowhere.md).\n\n"
                                           "## Do the work\n", 1))
    for run in ("cold", "warm"):
        result = run_mkdocs_build(project, "--strict", site=tmp_path / run)
        assert result.returncode != 0, f"{run}: --strict must fail"
        assert len(_warnings(result, "nowhere.md")) == 1, (run, result.output)


def test_an_edit_shows_on_every_page_it_touches(playbook: Path, tmp_path: Path) -> None:
    project = _copy(playbook, tmp_path / "p")
    first = run_mkdocs_build(project, site=tmp_path / "one")
    assert first.returncode == 0, first.output
    sop = _sop_late_in_the_build(project)
    text = sop.read_text()
    title = re.search(r'^title: "(.*)"$', text, re.M)
    assert title is not None
    sop.write_text(text.replace(title.group(0), 'title: "Renamed by the test"', 1)
                   .replace("\n- [ ] ", "\n- [ ] A new first step\n- [ ] ", 1))
    second = run_mkdocs_build(project, site=tmp_path / "two")
    assert second.returncode == 0, second.output
    page = (second.site / "sops" / sop.stem / "index.html").read_text()
    assert "Renamed by the test" in page and "A new first step" in page
    listed = [p for p in second.site.rglob("*.html")
              if "Renamed by the test" in p.read_text()]
    before = [p.relative_to(first.site) for p in first.site.rglob("*.html")
              if title.group(1) in p.read_text()]
    # every page that showed the old title shows the new one
    assert {p.relative_to(second.site) for p in listed} >= set(before)
    search = (second.site / "search" / "search_index.json").read_text()
    assert "A new first step" in search
