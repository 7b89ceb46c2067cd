"""journeydocs added to an existing site: its navigation, its exclusions, its other plugins.

One "existing site" (its own home page, a guide folder, no ``nav:``) with the sample
playbook added, built once per configuration with the real ``mkdocs build --strict``.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, BuildResult, run_mkdocs_build

SITE = """\
site_name: Team handbook
docs_dir: docs
theme:
  name: material
  features: [navigation.sections]
plugins:
  - search
  - journeydocs
markdown_extensions: [attr_list, admonition, md_in_html, toc]
"""
DRAFT = """\
---
title: Draft returns procedure
owner: client-success
---
# Draft returns procedure

- [ ] Not ready yet
"""


PITCH = """\
---
title: Give the pitch
owner: client-success
---
# Give the pitch

![The pitch diagram](diagram.png)

- [ ] Read [the set-up guide](../../guide/setup.md) and [the kick-off](../client-kickoff.md)
- [ ] Show the diagram
"""
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def existing_site(root: Path, extra: str = "", plugins: str = "") -> Path:
    """A handbook with its own pages and the sample playbook in ``docs/``."""
    docs = root / "docs"
    shutil.copytree(ROOT / "content", docs)
    (docs / "index.md").write_text("# Team handbook\n\nWelcome.\n", encoding="utf-8")
    (docs / "guide").mkdir()
    (docs / "guide" / "setup.md").write_text("# Setting up\n\nText.\n", encoding="utf-8")
    (docs / "about.md").write_text("# About us\n\nText.\n", encoding="utf-8")
    (docs / "sops" / "drafts").mkdir()
    (docs / "sops" / "drafts" / "returns.md").write_text(DRAFT, encoding="utf-8")
    sales = docs / "sops" / "sales"
    sales.mkdir()
    (sales / "diagram.png").write_bytes(PNG)
    (sales / "pitch.md").write_text(PITCH, encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        SITE.replace("  - journeydocs\n", "  - journeydocs\n" + plugins) + extra,
        encoding="utf-8")
    return root


def nav_titles(result: BuildResult, page: str = "index.html") -> list[str]:
    soup = BeautifulSoup(result.page(page), "html.parser")
    nav = soup.select_one("nav.md-nav--primary")
    assert nav is not None
    return [" ".join(a.get_text(" ", strip=True).split())
            for a in nav.select("a.md-nav__link, label.md-nav__link")]


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    root = existing_site(tmp_path_factory.mktemp("plain"),
                         "exclude_docs: |\n  sops/drafts/\n")
    result = run_mkdocs_build(root, "--strict")
    assert result.returncode == 0, result.output
    return result


def test_the_playbook_joins_the_automatic_navigation(plain: BuildResult) -> None:
    titles = nav_titles(plain)
    for own in ("Team handbook", "About us", "Setting up"):
        assert own in titles, titles  # the site's own pages stay
    for section in ("Journeys", "SOPs", "Owners", "Metrics", "Playbook health",
                    "Run the client kick-off"):
        assert section in titles, titles
    assert "Sops" not in titles  # not MkDocs' folder section with every SOP


def test_excluded_sops_are_nowhere(plain: BuildResult) -> None:
    assert not (plain.site / "sops" / "returns").exists()
    for page in ("sops/index.html", "owners/client-success/index.html", "health/index.html",
                 "index.html"):
        assert "Draft returns procedure" not in plain.page(page), page
    index = json.loads(plain.page("search/search_index.json"))
    assert not [d for d in index["docs"] if "Draft returns" in d["title"] + d["text"]]
    assert "Draft returns" not in plain.output


def test_generated_pages_are_files_other_plugins_can_read(plain: BuildResult) -> None:
    # a page with one source points at it (the journey's YAML); the others at their
    # Markdown, written to the cache folder
    pages = plain.site.parent / ".cache" / "journeydocs" / "pages"
    assert "Metrics" in (pages / "metrics.md").read_text(encoding="utf-8")
    assert not (pages / "journeys" / "client-onboarding.md").exists()


def test_include_markdown_acts_in_sops_and_macros_do_not_by_default(tmp_path: Path) -> None:
    root = existing_site(tmp_path, "not_in_nav: /shared.md\n",
                         plugins="  - include-markdown\n  - macros\n")
    text = "Shared fragment: call the client back within 24 hours.\n"
    (root / "docs" / "shared.md").write_text(text, encoding="utf-8")
    sop = root / "docs" / "sops" / "consultation-call.md"
    sop.write_text(sop.read_text(encoding="utf-8") +
                   '\n{% include-markdown "../shared.md" %}\n\nSite: {{ config.site_name }}\n',
                   encoding="utf-8")
    result = run_mkdocs_build(root, "--strict")
    assert result.returncode == 0, result.output
    page = result.page("sops/consultation-call/index.html")
    assert "call the client back within 24 hours" in page
    assert "Site: {{ config.site_name }}" in page  # SOP text is not a Jinja template
    assert re.search(r'class="[^"]*jd-sop-facts', page)  # still journeydocs' SOP page

    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - journeydocs\n", "  - journeydocs:\n      sop_macros: true\n"), encoding="utf-8")
    result = run_mkdocs_build(root, "--strict")
    assert result.returncode == 0, result.output
    assert "Site: Team handbook" in result.page("sops/consultation-call/index.html")


def test_a_step_linking_an_excluded_sop_says_so(tmp_path: Path) -> None:
    root = existing_site(tmp_path, "exclude_docs: |\n  sops/client-kickoff.md\n")
    result = run_mkdocs_build(root, "--strict")
    assert result.returncode == 1
    assert re.search(r"docs/journeys/client-onboarding\.yml:\d+:\d+: .*sop: SOP "
                     r"'client-kickoff' is excluded from the site "
                     r"\(docs/sops/client-kickoff\.md\)", result.output), result.output
    assert "Traceback" not in result.output


def test_an_sop_in_a_sub_folder_keeps_its_images_and_links(plain: BuildResult) -> None:
    page = plain.site / "sops" / "pitch"  # docs/sops/sales/pitch.md, at sops/<id>/
    soup = BeautifulSoup((page / "index.html").read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article")
    assert article is not None
    image = article.select_one('img[alt="The pitch diagram"]')
    assert image is not None and (page / str(image["src"])).resolve().is_file()
    hrefs = {a.get_text(): str(a["href"]) for a in article.select("a[href]")}
    assert (page / hrefs["the set-up guide"]).resolve() == (plain.site / "guide" / "setup")
    assert (page / hrefs["the kick-off"]).resolve() == (plain.site / "sops" / "client-kickoff")


@pytest.mark.parametrize(("markdown", "title"), [
    ("# Team handbook\n\n<!-- journeydocs:hourglass -->\n", "Team handbook"),  # MkDocs' own
    ("---\ndescription: d\n---\n\n# 服务手册\n\n<!-- journeydocs:hourglass -->\n", "服务手册"),
    ("Team handbook\n=============\n\n<!-- journeydocs:hourglass -->\n", "Team handbook"),
    ("# Team *handbook* { #top }\n\n<!-- journeydocs:hourglass -->\n", "Team handbook"),
    ("<!-- journeydocs:hourglass -->\n\n# Later heading\n", "首页"),  # not its opening
    ("## Welcome\n\n<!-- journeydocs:hourglass -->\n", "首页"),
    ("<!-- journeydocs:hourglass -->\n", "首页"),
])
def test_the_home_page_keeps_the_title_mkdocs_gives_it(markdown: str, title: str,
                                                       tmp_path: Path) -> None:
    """Adding the playbook does not rename the site's home page: only where MkDocs would
    fall back to its English "Home" does the site's language give the word."""
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

    from journeydocs import i18n
    from journeydocs.mkdocs_plugin.navsplice import splice

    config = MkDocsConfig()
    config.load_dict({"site_name": "x", "docs_dir": str(tmp_path)})
    (tmp_path / "index.md").write_text(markdown, encoding="utf-8")
    file = File("index.md", str(tmp_path), str(tmp_path / "site"), use_directory_urls=True)
    page = Page(None, file, config)
    with i18n.use(i18n.load("zh")[0]):
        splice(Navigation([page], [page]), [], Files([file]), set(), "index.md")
    assert page.__dict__.get("title") == title
