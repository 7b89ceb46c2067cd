"""Golden pages: the Markdown and DOT journeydocs generates for one small fixed playbook.

``tests/golden/playbook/content/`` is a small valid playbook (two journeys with a decision
and a hand-over, three SOPs, three owners, a few notices). From it, without MkDocs, the
test generates what a build publishes and compares each file with its golden copy:

* ``golden/pages/<page>.md``: the Markdown of every generated page (journeys, owners,
  the indexes, metrics, health) and of every SOP page, as the plugin hands them to MkDocs
  (a journey page holds its map's placeholder);
* ``golden/dot/<journey>.dot``: the DOT of each journey map, as the build draws it, and
  ``<journey>-narrow.dot`` the same map drawn for a phone;
* ``golden/dot/diff-<journey>.dot``: the DOT of the diff map of each journey that changed
  between ``golden/before/`` (older versions of some files, laid over the playbook) and the
  playbook;
* ``golden/by-stages/<case>/``: for each playbook under ``golden/stages/<case>/`` (its
  ``content/`` and the plugin's ``stages`` option in ``stages.yml``), the journeys index and
  each journey's page and DOT. The fixed playbook above has the default stages (the
  hourglass); the cases configure their own: ``both-systems`` and ``no-marketing``.

Review dates count from ``TODAY``. A difference fails with a unified diff;
``python tests/test_golden.py --update`` rewrites the golden files (review the diff).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
import yaml

from journeydocs.content.model import DEFAULT_STAGES, Stage
from journeydocs.content.pipeline import load_and_check
from journeydocs.content.settings import Settings, parse_stages
from journeydocs.maps.diffmap import diff_dot
from journeydocs.maps.figures import MapJobs
from journeydocs.problems import Problems
from journeydocs.review.diff import diff_playbooks
from journeydocs.site import urls
from journeydocs.site.build import generated_pages, make_site
from journeydocs.site.pages import sop_markdown

GOLDEN = Path(__file__).parent / "golden"
PLAYBOOK = GOLDEN / "playbook"
BEFORE = GOLDEN / "before"
STAGE_CASES = GOLDEN / "stages"
OUTPUTS = ("pages", "dot", "by-stages")  # the folders of golden files under GOLDEN
TODAY = dt.date(2026, 11, 22)


class DotOnly:
    """Stands in for the SVG renderer: each map 'drawn' is its DOT source."""

    def key(self, source: str) -> str:
        return ""

    def render_each(self, sources: list[str]) -> list[str]:
        return list(sources)


def settings(root: Path, stages: list[Stage] | None = None) -> Settings:
    if stages is None:
        return Settings(root=root, docs_dir=root / "content", today=TODAY)
    return Settings(root=root, docs_dir=root / "content", today=TODAY, stages=stages)


def generate_case(case: Path) -> dict[str, str]:
    """The pages about stages of the playbook in ``case`` with its configured stages."""
    problems = Problems()
    raw = yaml.safe_load((case / "stages.yml").read_text(encoding="utf-8"))
    stages = parse_stages(raw, "stages.yml", problems)
    book, problems = load_and_check(settings(case, stages))
    assert not problems.errors(), [str(p) for p in problems.errors()]
    site = make_site(book, problems, settings(case, stages), use_directory_urls=True)
    maps = MapJobs(site, DotOnly())  # type: ignore[arg-type]
    site.maps = maps.placeholders()
    folder = f"by-stages/{case.name}"
    wanted = {urls.JOURNEYS_INDEX, *(urls.journey_page(j) for j in book.journeys)}
    out = {f"{folder}/{p.src_uri}": p.markdown for p in generated_pages(site, "owners.yml")
           if p.src_uri in wanted}
    for j, (wide, narrow) in zip(book.journeys.values(), maps.drawn(), strict=True):
        out[f"{folder}/{j.id}.dot"] = str(wide)
        out[f"{folder}/{j.id}-narrow.dot"] = str(narrow)
    return out


def generate(scratch: Path) -> dict[str, str]:
    """Golden file name (relative to GOLDEN) -> its generated text."""
    book, problems = load_and_check(settings(PLAYBOOK))
    site = make_site(book, problems, settings(PLAYBOOK), use_directory_urls=True)
    maps = MapJobs(site, DotOnly())  # type: ignore[arg-type]
    site.maps = maps.placeholders()
    out = {f"pages/{p.src_uri}": p.markdown for p in generated_pages(site, "owners.yml")}
    out.update({f"pages/sops/{s.id}.md": sop_markdown(site, s) for s in book.sops.values()})
    for j, (wide, narrow) in zip(book.journeys.values(), maps.drawn(), strict=True):
        out[f"dot/{j.id}.dot"] = str(wide)
        out[f"dot/{j.id}-narrow.dot"] = str(narrow)  # the phone's map

    old_root = scratch / "before"
    shutil.copytree(PLAYBOOK, old_root)
    shutil.copytree(BEFORE, old_root / "content", dirs_exist_ok=True)
    old, _ = load_and_check(settings(old_root))
    diff = diff_playbooks(old, book)
    out.update({f"dot/diff-{jid}.dot": diff_dot(jid, old, book, diff, base_label="before",
                                                 head_label="after")
                for jid in diff.journey_ids()})
    for case in sorted(p for p in STAGE_CASES.iterdir() if p.is_dir()):
        out.update(generate_case(case))
    return out


def golden_names() -> list[str]:
    return sorted(p.relative_to(GOLDEN).as_posix() for folder in OUTPUTS
                  for p in (GOLDEN / folder).rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return generate(tmp_path_factory.mktemp("golden"))


def test_every_output_has_a_golden_file(generated: dict[str, str]) -> None:
    assert sorted(generated) == golden_names(), "run: python tests/test_golden.py --update"


@pytest.mark.parametrize("name", golden_names())
def test_output_matches_golden_file(name: str, generated: dict[str, str]) -> None:
    want = (GOLDEN / name).read_bytes().decode("utf-8")
    got = generated.get(name)
    assert got is not None, f"{name} is no longer generated"
    if got != want:
        diff = "".join(difflib.unified_diff(want.splitlines(True), got.splitlines(True),
                                            f"golden/{name}", "generated now"))
        pytest.fail(f"{name} differs from its golden file (if the change is meant, run "
                    f"python tests/test_golden.py --update):\n{diff}", pytrace=False)


def test_generated_markdown_holds_no_jinja_syntax(generated: dict[str, str]) -> None:
    """The macros plugin reads every page's Markdown as a Jinja template: ``{#id}`` would
    open a Jinja comment, so our attribute lists are written ``{ #id }``."""
    for name, text in generated.items():
        if name.endswith(".md"):
            found = [d for d in ("{#", "{{", "{%", "#}", "%}") if d in text]
            assert found == [], f"{name}: {found}"


def test_stage_texts_follow_the_configured_stages(generated: dict[str, str]) -> None:
    """A playbook with its own stages names none of the hourglass stages it does not have;
    one with no marketing stage has no marketing system and no hourglass."""
    def case(name: str) -> str:  # what a reader sees or hears: CSS classes left out
        return re.sub(r'class="[^"]*"', "", "\n".join(
            text for key, text in generated.items() if key.startswith(f"by-stages/{name}/")))

    for name in ("both-systems", "no-marketing"):
        named = [s.label for s in DEFAULT_STAGES
                 if re.search(rf"\b{s.label}\b", case(name), flags=re.IGNORECASE)]
        assert named == [], (name, named)
    assert "Marketing system" in case("both-systems")
    assert "marketing" not in case("no-marketing").lower()
    assert "hourglass" not in case("no-marketing").lower()


def update() -> None:
    """Rewrite the golden files from what is generated now."""
    with tempfile.TemporaryDirectory() as tmp:
        generated = generate(Path(tmp))
    for folder in OUTPUTS:
        shutil.rmtree(GOLDEN / folder, ignore_errors=True)
    for name, text in sorted(generated.items()):
        path = GOLDEN / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        print(f"wrote tests/golden/{name}")


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit(f"usage: python {sys.argv[0]} --update   (run the test with pytest)")
    update()
