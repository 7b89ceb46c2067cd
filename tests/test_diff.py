"""`journeydocs diff` on scratch git repositories with known changes."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from git_playbook import BASE, EXPECTED_CHANGES, MKDOCS_YML, ScratchRepo, make_repo

from journeydocs.maps.diffmap import SVG_MARKER
from journeydocs.review.changes import Action, FieldChange, Kind
from journeydocs.review.diff import diff_playbooks
from journeydocs.review.git import WORKTREE, Repo, load_revision

SVG = "{http://www.w3.org/2000/svg}"


def marks(svg_path: Path) -> dict[str, tuple[str, str]]:
    """Node title -> (change class or "", the marker line) for every step on a diff map."""
    root = ET.parse(svg_path).getroot()
    out: dict[str, tuple[str, str]] = {}
    for g in root.iter(f"{SVG}g"):
        classes = (g.get("class") or "").split()
        if "jd-node" not in classes or "jd-continues" in classes:
            continue
        lines = [t.text or "" for t in g.iter(f"{SVG}text")]
        change = next((c for c in classes if c in ("jd-added", "jd-removed", "jd-changed")),
                      "")
        marker = lines[-1] if change else ""
        out[lines[0]] = (change, marker)
    return out


def edge_marks(svg_path: Path) -> list[tuple[str, str]]:
    """(change class, label) of every marked arrow."""
    root = ET.parse(svg_path).getroot()
    out = []
    for g in root.iter(f"{SVG}g"):
        classes = (g.get("class") or "").split()
        if "edge" not in classes:
            continue
        change = next((c for c in classes if c in ("jd-added", "jd-removed")), "")
        if change:
            label = " ".join(t.text or "" for t in g.iter(f"{SVG}text"))
            out.append((change, label))
    return sorted(out)


# --------------------------------------------------------------------------- the change list


def test_change_list_between_two_commits(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    git = Repo.find(repo.project)
    assert git is not None
    old = load_revision(git, "HEAD~1", repo.project)
    new = load_revision(git, "HEAD", repo.project)
    assert diff_playbooks(old.book, new.book).lines() == EXPECTED_CHANGES


def test_project_in_a_subfolder_and_working_tree(tmp_path: Path) -> None:
    """The project need not sit at the top of the repository; no HEAD means the files."""
    repo = make_repo(tmp_path, sub="playbook")
    git = Repo.find(repo.project)
    assert git is not None and git.prefix == "playbook/"
    repo.write({"content/sops/closing.md": "---\nowner: boss\n---\n# Close\n\n- [ ] Sign\n"})
    old = load_revision(git, "HEAD~1", repo.project)
    new = load_revision(git, WORKTREE, repo.project)
    lines = diff_playbooks(old.book, new.book).lines()
    assert "sop closing added" in lines
    assert len(lines) == len(EXPECTED_CHANGES)
    committed = load_revision(git, "HEAD", repo.project)
    assert diff_playbooks(committed.book, new.book).lines() == [
        "sop closing changed: title: Close the deal → Close; owner: seller → boss; "
        "checklist item removed: Send the contract; checklist item added: Sign; text edited"]


def test_identical_revisions_have_no_change(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    code, out, _ = repo.run("diff", "HEAD", "HEAD", "--out", "maps")
    assert code == 0
    assert "no change to journeys, steps, SOPs or owners" in out
    assert not (repo.top / "maps").exists()


@pytest.mark.parametrize(("field", "expected"), [
    (FieldChange("owner", "a", "b"), "owner: a → b"),
    (FieldChange("owner", "", "b"), "owner: — → b"),
    (FieldChange("metric", "", "Open rate", Kind.MEMBER), "metric added: Open rate"),
    (FieldChange("metric", "Open rate", "", Kind.MEMBER), "metric removed: Open rate"),
    (FieldChange("notes", "x", "x", Kind.PROSE), "notes edited"),
    (FieldChange("notes", "", "x", Kind.PROSE), "notes added"),
])
def test_field_change_text(field: FieldChange, expected: str) -> None:
    assert field.text() == expected


# --------------------------------------------------------------------------- the command


def test_diff_command_summary_and_maps(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    code, out, err = repo.run("diff", "HEAD~1", "HEAD", "--out", "maps")
    assert code == 0, err
    assert out.startswith("## Playbook changes: `HEAD~1` → `HEAD`\n")
    assert ("**1 journey added, 1 changed · 3 steps added, 1 removed, 2 changed · "
            "1 SOP added, 1 removed, 1 changed · 1 owner added, 1 changed**") in out
    assert "| ＋ added | 1 | 3 | 1 | 1 |" in out
    assert "| − removed | 0 | 1 | 1 | 0 |" in out
    assert "| ✎ changed | 1 | 2 | 1 | 1 |" in out
    assert "### ✎ Journey Sales (`sales`) changed" in out
    assert "- − step **Newsletter** (`nurture`) removed" in out
    assert "\n    - owner: seller → boss\n" in out  # nested: 4 spaces, for any Markdown
    assert "### ＋ Journey Referrals (`referrals`) added" in out
    assert "map: `maps/sales.svg`" in out
    assert "checklist item added: Prepare › Ask timeline" in out
    assert "Closer @acme/closers" in out  # owners involved, with their handles
    assert "### Playbook health" in out and "### Problems" in out

    sales = repo.top / "maps" / "sales.svg"
    assert sales.read_text(encoding="utf-8").startswith(f'<?xml version="1.0" '
                                                        f'encoding="UTF-8"?>\n{SVG_MARKER}\n')
    assert marks(sales) == {
        "Hears of us": ("", ""),
        "Discovery call": ("jd-changed", "✎ changed"),
        "Buys?": ("jd-changed", "✎ changed"),
        "Follow-up call": ("jd-added", "＋ added"),
        "Stays in touch": ("", ""),
        "Signs": ("", ""),
        "Newsletter": ("jd-removed", "− removed"),
    }
    assert edge_marks(sales) == [
        ("jd-added", "＋"), ("jd-added", "＋ no"),
        ("jd-removed", "−"), ("jd-removed", "− no"),
    ]
    referrals = repo.top / "maps" / "referrals.svg"
    assert set(marks(referrals).values()) == {("jd-added", "＋ added")}
    assert sorted(p.name for p in (repo.top / "maps").iterdir()) == [
        "index.html", "referrals.svg", "sales.svg", "summary.md"]
    assert (repo.top / "maps" / "summary.md").read_text(encoding="utf-8") == out


def test_removed_steps_stay_as_dashed_ghosts(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    repo.run("diff", "HEAD~1", "HEAD", "--out", "maps")
    root = ET.parse(repo.top / "maps" / "sales.svg").getroot()
    ghost = next(g for g in root.iter(f"{SVG}g") if "jd-removed" in (g.get("class") or "")
                 and "node" in (g.get("class") or ""))
    shape = next(el for el in ghost.iter() if el.tag in (f"{SVG}polygon", f"{SVG}path"))
    assert shape.get("stroke-dasharray")  # dashed outline, not only a grey colour


def test_stale_maps_are_removed_but_nothing_else(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    maps = repo.top / "maps"
    maps.mkdir()
    (maps / "old-journey.svg").write_text(f"<?xml version='1.0'?>\n{SVG_MARKER}\n<svg/>")
    (maps / "mine.svg").write_text("<svg/>")
    repo.run("diff", "HEAD~1", "HEAD", "--out", "maps")
    names = sorted(p.name for p in maps.iterdir())
    assert "old-journey.svg" not in names and "mine.svg" in names


def test_base_without_the_project_shows_everything_added(tmp_path: Path) -> None:
    repo = ScratchRepo(tmp_path / "repo")
    repo.write({"README.md": "# Before the playbook\n"})
    repo.commit("readme only")
    repo.write(BASE)
    repo.commit("add the playbook")
    code, out, _ = repo.run("diff", "HEAD~1", "HEAD", "--no-maps")
    assert code == 0
    assert "`HEAD~1` has no playbook here, so everything is new." in out
    assert ("**1 journey added · 6 steps added · 2 SOPs added · 3 owners added**") in out
    assert not (repo.top / "diff-maps").exists()


def test_content_with_problems_still_compares(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    broken = (repo.project / "content/journeys/sales.yml").read_text(encoding="utf-8")
    broken = broken.replace("next: lost", "next: lots")
    repo.write({"content/journeys/sales.yml": broken,
                "content/journeys/bad.yml": "title: [unclosed\n"})
    code, out, _ = repo.run("diff", "HEAD")
    assert code == 0
    assert "- ✎ step **Follow-up call** (`followup`) changed" in out
    assert "\n    - next: lost → lots\n" in out
    assert "❌ 3 problems, 3 new in this change" in out  # syntax, dangling next, unreachable
    assert "`content/journeys/sales.yml:" in out and "**(new)**" in out


def test_unknown_revision_is_an_error(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    code, out, err = repo.run("diff", "no-such-branch")
    assert code == 2 and out == ""
    assert "'no-such-branch' is not a commit" in err


def test_outside_git_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML)
    repo = ScratchRepo.__new__(ScratchRepo)
    repo.top = repo.project = tmp_path
    code, _, err = repo.run("diff", "HEAD", "--path", str(tmp_path))
    assert code == 2 and "not inside a git repository" in err


def test_actions_have_text_marks() -> None:
    """Colour is never the only mark: each action has its own symbol."""
    from journeydocs.review.changes import MARK

    assert {MARK[a] for a in Action} == {"＋", "−", "✎"}
