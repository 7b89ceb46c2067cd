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
    (other / "stamp.py").write_text(  # a hook: code the cache cannot know
        "def on_post_page(output, page, config):\n"
        "    return output.replace('</body>', '<!-- stamped --></body>')\n")
    _edit(other / "mkdocs.yml", "\nplugins:\n", "\nhooks: [stamp.py]\nplugins:\n")
    for run in ("one", "two"):
        result = _build(other, tmp_path / run)
        assert result.returncode == 0, result.output
    assert "pages go through their templates in this build: plugin code in stamp" \
        in result.output
    reused, written = _counts(result)
    assert reused > 10 and written == 0
    assert "<!-- stamped -->" in (result.site / "a" / "index.html").read_text()


# --- Material's blog, glightbox and print-site -----------------------------------------------

BLOG_PLUGINS = """plugins:
  - search
  - tags
  - blog:
      post_readtime: true
      post_url_format: "{slug}"
      authors_profiles: true
      pagination_per_page: 2
      categories_pagination: false
  - glightbox
  - journeydocs:
      today: 2026-06-01
  - print-site
"""
POSTS = {
    "one.md": "---\ndate: 2026-01-10\nauthors: [ana]\ncategories: [News]\n"
              "slug: first\n---\n"
              "# First post\n\nThe playbook went online.\n\n<!-- more -->\n\n"
              "Every journey has a map.\n",
    "two.md": "---\ndate: 2026-02-10\nauthors: [ben]\ncategories: [News, Howto]\n---\n"
              "# Second post\n\nHow to read a map.\n\n<!-- more -->\n\n"
              "![A map](../../img.png)\n",
    "three.md": "---\ndate: 2026-03-10\nauthors: [ana, ben]\ncategories: [Howto]\n"
                "links:\n  - blog/posts/one.md\n---\n# Third post\n\n"
                "Checklists in the browser.\n\n<!-- more -->\n\nTick each step.\n",
}
AUTHORS = """authors:
  ana:
    name: Ana Park
    description: Operations lead
    avatar: https://example.com/ana.png
  ben:
    name: Ben Ortiz
    description: Sales coordinator
    avatar: https://example.com/ben.png
"""
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c63f8ffff3f0005fe02fea7d6a4f1"
                    "0000000049454e44ae426082")


@pytest.fixture(scope="module")
def blog_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_sample(tmp_path_factory.mktemp("blog") / "p")
    config = (root / "mkdocs.yml").read_text()
    head, _, rest = config.partition("\nplugins:")
    _, _, tail = rest.partition("\nmarkdown_extensions:")
    head = head.replace("  features:\n", "  features:\n    - navigation.footer\n", 1)
    (root / "mkdocs.yml").write_text(
        head + "\nnav:\n  - index.md\n  - a.md\n  - b.md\n  - Blog: blog/index.md\n"
        "  - Journeys: journeys/index.md\n\n" + BLOG_PLUGINS
        + "\nmarkdown_extensions:" + tail)
    (root / "content" / "a.md").write_text("# Page A\n\nSee [B](b.md).\n\n"
                                           "![A picture](img.png)\n")
    (root / "content" / "b.md").write_text("---\ntags: [beta]\n---\n# Page B\n\n"
                                           "No picture: glightbox adds only its script.\n")
    (root / "content" / "img.png").write_bytes(PNG)
    posts = root / "content" / "blog" / "posts"
    posts.mkdir(parents=True)
    (root / "content" / "blog" / "index.md").write_text("# Blog\n")
    (root / "content" / "blog" / ".authors.yml").write_text(AUTHORS)
    for name, text in POSTS.items():
        (posts / name).write_text(text)
    first = _build(root, root / "site0")
    assert first.returncode == 0, first.output
    return root


BLOG_CASES: list[tuple[str, Callable[[Path], None]]] = [
    ("nothing", lambda p: None),
    ("a post's excerpt", lambda p: _edit(p / "content/blog/posts/two.md",
                                         "How to read", "How to draw")),
    ("a post's text after its excerpt",
     lambda p: _edit(p / "content/blog/posts/one.md", "Every journey has a map.",
                     "Every journey has a map. " * 120)),
    ("a post's title (its neighbours' footers, the links to it)",
     lambda p: _edit(p / "content/blog/posts/one.md", "# First post", "# The first post")),
    ("a post's date", lambda p: _edit(p / "content/blog/posts/one.md", "2026-01-10",
                                      "2026-01-11")),
    ("a post's categories", lambda p: _edit(p / "content/blog/posts/three.md",
                                            "categories: [Howto]", "categories: [News]")),
    ("a new category", lambda p: _edit(p / "content/blog/posts/three.md",
                                       "categories: [News]", "categories: [Guides]")),
    ("an author in the authors file",
     lambda p: _edit(p / "content/blog/.authors.yml", "Operations lead", "Head of operations")),
    ("a glightbox option", lambda p: _edit(p / "mkdocs.yml", "  - glightbox\n",
                                           "  - glightbox:\n      background: black\n")),
    ("a page's glightbox front matter",
     lambda p: _edit(p / "content/b.md", "tags: [beta]", "tags: [beta]\nglightbox: false")),
    ("a page's text in the print page",
     lambda p: _edit(p / "content/a.md", "See [B]", "Read [B]")),
]


@pytest.mark.parametrize(("what", "change"), BLOG_CASES, ids=[c[0] for c in BLOG_CASES])
def test_blog_glightbox_print_site_warm_equals_cold(blog_project: Path, tmp_path: Path,
                                                    what: str,
                                                    change: Callable[[Path], None]) -> None:
    change(blog_project)
    warm = _warm_equals_cold(blog_project, tmp_path)
    assert "pages go through their templates in this build" not in warm.output
    assert re.search(r"page cache: \d+ pages go through their templates in every build "
                     r"\(Material's blog[^)]*\): blog/index\.md", warm.output), warm.output
    reused, written = _counts(warm)
    if what == "nothing":  # both levels were used; the blog's views went through templates
        assert reused > 20 and written > 20, (reused, written)
    elif what.startswith(("a post's", "an author")):  # the playbook's pages stay cached
        assert written > 20, (what, reused, written)  # (the posts' URLs did not change)
    if what == "a page's text in the print page":
        assert "Read <a" in (warm.site / "print_page" / "index.html").read_text()
