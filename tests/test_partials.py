"""Partials beside the SOPs are not SOPs (issue 12).

Teams keep the pieces that ``pymdownx.snippets`` and include-markdown bring into SOPs next
to them. The sample playbook gets four, each kept the way a Material user would:

* ``sops/_call-checks.md``: a name starting with ``_`` (brought in by include-markdown);
* ``sops/_shared/escalation.md``: in a folder whose name starts with ``_``;
* ``sops/snippets/greeting.md``: in the folder ``pymdownx.snippets`` reads from;
* ``sops/fragments/footer.md``: in a folder the site's ``exclude_docs`` leaves out.

None has front matter, an owner or a title: as SOPs, each would be an error. Then
``journeydocs check`` and ``mkdocs build --strict`` pass; the partials have no page (and no
"could not be read" page); what they bring into an SOP is on its page, as checklist items
that tick; a file beside them that is no partial is still reported (so the test can fail).
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from conftest import BuildResult, copy_sample, run_mkdocs_build
from journeydocs.cli import main as journeydocs_main
from journeydocs.content.config import excluded_docs
from journeydocs.content.partials import is_partial, snippet_places
from journeydocs.safety.rendering import MarkdownSetup

PARTIALS = {
    "sops/_call-checks.md": "- [ ] Confirm the time zone of the call\n- [ ] Test the video link\n",
    "sops/_shared/escalation.md": "Call the [[owner:sales-lead]] when in doubt.\n",
    "sops/snippets/greeting.md": "- [ ] Greet them by name\n",
    "sops/fragments/footer.md": "Thanks for following this checklist.\n",
}
CONFIG = """
markdown_extensions:
  - attr_list
  - admonition
  - tables
  - md_in_html
  - toc:
      permalink: true
  - pymdownx.tasklist:
      custom_checkbox: true
  - pymdownx.snippets:
      base_path: [content/sops/snippets]

exclude_docs: |
  sops/fragments/
"""


def project(root: Path, broken: bool = False) -> Path:
    """The sample with the partials, an SOP that includes them, and maybe a broken SOP."""
    copy_sample(root)
    content = root / "content"
    for name, text in PARTIALS.items():
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text(text, encoding="utf-8")
    sop = content / "sops/consultation-call.md"
    sop.write_text(sop.read_text(encoding="utf-8") + (
        '\n## Partials\n\n{% include-markdown "sops/_call-checks.md" %}\n\n'
        '--8<-- "greeting.md"\n'), encoding="utf-8")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text[:text.index("markdown_extensions:")] + CONFIG.lstrip() + \
        text[text.index("\nvalidation:"):]
    text = text.replace("plugins:\n  - search\n", "plugins:\n  - search\n  - include-markdown\n")
    config.write_text(text, encoding="utf-8")
    if broken:
        (content / "sops/not-a-partial.md").write_text("- [ ] no front matter\n",
                                                       encoding="utf-8")
    return root


def check(root: Path) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = journeydocs_main(["check", str(root)])
    return code, out.getvalue()


def test_check_reads_no_partial_as_an_sop(tmp_path: Path) -> None:
    code, out = check(project(tmp_path / "p"))
    assert code == 0, out
    for name in PARTIALS:
        assert name.rsplit("/", 1)[-1].removesuffix(".md") not in out, out


def test_check_still_reports_a_file_that_is_no_partial(tmp_path: Path) -> None:
    code, out = check(project(tmp_path / "p", broken=True))
    assert code == 1
    assert "content/sops/not-a-partial.md" in out
    assert not [line for line in out.splitlines()
                if any(name.rsplit("/", 1)[-1] in line for name in PARTIALS)], out


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    root = project(tmp_path_factory.mktemp("partials") / "p")
    result = run_mkdocs_build(root, "--strict")
    assert result.returncode == 0, result.output
    return result


def test_partials_have_no_page(built: BuildResult) -> None:
    for name in PARTIALS:
        page = name.removesuffix(".md")
        assert not (built.site / page).exists(), page
        assert not (built.site / "sops" / Path(page).name).exists(), page
    assert "_call-checks" not in built.page("sops/index.html")
    assert "could not be read" not in built.output


def test_what_partials_bring_in_is_on_the_sop_page(built: BuildResult) -> None:
    page = built.page("sops/consultation-call/index.html")
    for text in ("Confirm the time zone of the call", "Test the video link",
                 "Greet them by name"):
        assert text in page and f'aria-label="{text}"' in page, text  # checklist items


@pytest.mark.parametrize(("path", "partial"), [
    ("sops/_x.md", True), ("sops/_shared/a.md", True), ("sops/a/_b/c.md", True),
    ("sops/snippets/a.md", True), ("sops/snippets/deep/a.md", True),
    ("sops/footer.md", True),  # snippets' auto_append
    ("sops/a.md", False), ("sops/sales/a.md", False), ("sops/x_y.md", False),
])
def test_which_files_are_partials(tmp_path: Path, path: str, partial: bool) -> None:
    setup = MarkdownSetup(["pymdownx.snippets"], {"pymdownx.snippets": {
        "base_path": ["content/sops/snippets", "content"], "auto_append": ["sops/footer.md"]}})
    places = snippet_places(setup, tmp_path)
    sops = tmp_path / "content" / "sops"
    assert is_partial(tmp_path / "content" / path, sops, places) is partial
    # a snippets folder that holds the SOP folder itself makes no partials
    assert not is_partial(sops / "a.md", sops, snippet_places(MarkdownSetup(
        ["pymdownx.snippets"], {"pymdownx.snippets": {"base_path": "."}}), tmp_path))


def test_exclude_docs_is_read_as_mkdocs_reads_it(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    for name in ("sops/a.md", "sops/.hidden.md", "sops/drafts/b.md", "sops/c.py.md",
                 "sops/deep/drafts/d.md", "journeys/old-x.yml", "journeys/x.yml"):
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text("x", encoding="utf-8")
    found = excluded_docs("/sops/drafts/\njourneys/old-*\n*.py.md\n", docs,
                          [docs / "sops", docs / "journeys"])
    assert found == {"sops/.hidden.md", "sops/drafts/b.md", "sops/c.py.md",
                     "journeys/old-x.yml"}
