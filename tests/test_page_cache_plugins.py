"""The page cache with other plugins: a warm build equals a cold one after any input changes.

A Material site with journeydocs, Material's tags, git-revision-date-localized, minify and
``pymdownx.snippets`` (with ``auto_append``), in a git repository. After a first build fills
the cache, each case changes one input that some page's output depends on but its own
Markdown does not show, builds again with the cache (warm) and without it (cold, a fresh
copy), and compares every file byte for byte.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import BuildResult, copy_sample, run_mkdocs_build

EPOCH = "1780000000"
PLUGINS = """plugins:
  - search
  - tags
  - git-revision-date-localized:
      exclude: [journeys/*, owners/*, sops/index.md, sops/all/*, metrics.md, health.md]
  - minify:
      minify_html: true
  - journeydocs:
      today: 2026-06-01
"""
PAGES = {
    "a.md": "---\ntags: [alpha]\n---\n# Page A\n\nSee [B](b.md).\n\n--8<-- \"part.md\"\n",
    "b.md": "---\ntitle: Page B\nstatus: new\nicon: material/star\ntags: [beta]\n---\n\n"
            "Built on {{ git_revision_date_localized }}.\n",
    "tags.md": "# Tags\n\n<!-- material/tags -->\n",
}


def _git(project: Path, *args: str, date: str = "2026-05-01T10:00:00") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    subprocess.run(["git", *args], cwd=project, check=True, env=env, capture_output=True)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_sample(tmp_path_factory.mktemp("plugins") / "p")
    config = (root / "mkdocs.yml").read_text()
    head, _, rest = config.partition("\nplugins:")
    _, _, tail = rest.partition("\nmarkdown_extensions:")
    (root / "mkdocs.yml").write_text(
        head + "\nextra:\n  status:\n    new: Recently added\n    hot: Popular\n"
        "nav:\n  - index.md\n  - a.md\n  - b.md\n  - tags.md\n\n" + PLUGINS
        + "\nmarkdown_extensions:\n  - pymdownx.snippets:\n      base_path: [snippets]\n"
        "      auto_append: [footer.md]\n" + tail)
    (root / "snippets").mkdir()
    (root / "snippets" / "part.md").write_text("Part one.\n\n--8<-- \"nested.md\"\n")
    (root / "snippets" / "nested.md").write_text("Nested text.\n")
    (root / "snippets" / "footer.md").write_text("*Footer v1*\n")
    for name, text in PAGES.items():
        (root / "content" / name).write_text(text)
    (root / "theme" / "partials").mkdir(parents=True, exist_ok=True)
    (root / "theme" / "partials" / "copyright.html").write_text(
        "<div>Built {{ build_date_utc.strftime('%Y-%m-%d %H:%M:%S') }}</div>\n")
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "one")
    first = _build(root, root / "site0")
    assert first.returncode == 0, first.output
    return root


def _build(project: Path, site: Path, epoch: str = EPOCH) -> BuildResult:
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    try:
        return run_mkdocs_build(project, "-v", site=site)
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*")) if p.is_file()}


def _warm_equals_cold(project: Path, tmp: Path, epoch: str = EPOCH) -> BuildResult:
    warm = _build(project, tmp / "warm", epoch)
    assert warm.returncode == 0, warm.output
    cold_project = tmp / "cold"
    shutil.copytree(project, cold_project, ignore=shutil.ignore_patterns(".cache", "site*"))
    cold = _build(cold_project, tmp / "cold-site", epoch)
    assert cold.returncode == 0, cold.output
    one, two = _files(warm.site), _files(cold.site)
    assert one.keys() == two.keys()
    different = [name for name in one if one[name] != two[name]]
    assert different == [], different
    return warm


def _counts(result: BuildResult) -> tuple[int, int]:
    """(pages whose render was reused, pages written from the cache)."""
    found = re.search(r"page cache: (\d+) pages reused, \d+ rendered; (\d+) written",
                      result.output)
    assert found is not None, result.output
    return int(found.group(1)), int(found.group(2))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


CASES: list[tuple[str, Callable[[Path], None]]] = [
    ("nothing", lambda p: None),
    ("a snippet", lambda p: _edit(p / "snippets" / "nested.md", "Nested", "Changed")),
    ("an auto_append file", lambda p: _edit(p / "snippets" / "footer.md", "v1", "v2")),
    ("another page's status", lambda p: _edit(p / "content" / "b.md", "new", "hot")),
    ("another page's icon", lambda p: _edit(p / "content" / "b.md", "star", "heart")),
    ("a tag on another page", lambda p: _edit(p / "content" / "b.md", "beta", "gamma")),
    ("a file's git commit date",
     lambda p: _git(p, "commit", "-q", "--allow-empty", "--amend", "--no-edit",
                    date="2026-05-20T10:00:00")),
]


@pytest.mark.parametrize(("what", "change"), CASES, ids=[c[0] for c in CASES])
def test_warm_equals_cold_after_a_change(project: Path, tmp_path: Path, what: str,
                                         change: Callable[[Path], None]) -> None:
    change(project)
    warm = _warm_equals_cold(project, tmp_path)
    if what == "nothing":  # both levels were used (a change may touch every page)
        reused, written = _counts(warm)
        assert reused > 10 and written > 10, (reused, written)
        assert "pages go through their templates" not in warm.output


def test_warm_equals_cold_after_the_build_date_changes(project: Path, tmp_path: Path) -> None:
    _warm_equals_cold(project, tmp_path, epoch=str(int(EPOCH) + 86400 * 3))


def test_a_plugin_the_cache_does_not_know_sends_pages_through_their_templates(
        project: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(project, other, ignore=shutil.ignore_patterns("site*"))
    _edit(other / "mkdocs.yml", "  - tags\n", "  - tags\n  - glightbox\n")
    for run in ("one", "two"):
        result = _build(other, tmp_path / run)
        assert result.returncode == 0, result.output
    assert "pages go through their templates in this build: plugin code in mkdocs_glightbox" \
        in result.output
    reused, written = _counts(result)
    assert reused > 10 and written == 0
