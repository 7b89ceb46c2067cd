"""`journeydocs codeowners` on scratch git repositories."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest
from git_playbook import OWNERS, make_repo

from journeydocs.cli import main
from journeydocs.review.codeowners import BEGIN, END, HEADER, Rule, handle

GENERATED_AFTER_CHANGE = f"""\
{BEGIN}
{HEADER}
/playbook/content/journeys/referrals.yml @acme/closers
/playbook/content/journeys/sales.yml @boss-gh @seller2
/playbook/content/sops/call.md @seller2
/playbook/content/sops/closing.md @seller2
{END}
"""


def test_writes_codeowners_for_a_project_in_a_subfolder(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, sub="playbook")
    code, _, err = repo.run("codeowners", "--path", "playbook")
    assert code == 0, err
    target = repo.top / ".github" / "CODEOWNERS"
    assert target.read_text(encoding="utf-8") == GENERATED_AFTER_CHANGE
    assert "wrote .github/CODEOWNERS" in err
    assert repo.run("codeowners", "--path", "playbook", "--check")[0] == 0


def test_check_fails_when_an_owner_changes(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, sub="playbook")
    repo.run("codeowners", "--path", "playbook")
    repo.commit("codeowners")
    owners = (repo.project / "content/owners.yml").read_text(encoding="utf-8")
    repo.write({"content/owners.yml": owners.replace("github: boss-gh", "github: the-boss")})
    code, _, err = repo.run("codeowners", "--path", "playbook", "--check")
    assert code == 1
    assert "-/playbook/content/journeys/sales.yml @boss-gh @seller2" in err
    assert "+/playbook/content/journeys/sales.yml @the-boss @seller2" in err
    assert ".github/CODEOWNERS is out of date: run `journeydocs codeowners`" in err
    # --check changed nothing
    assert "@boss-gh" in (repo.top / ".github/CODEOWNERS").read_text(encoding="utf-8")


def test_annotation_under_github_actions(tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    repo = make_repo(tmp_path)
    code, out, _ = repo.run("codeowners", "--check")
    assert code == 1
    assert out.startswith("::error file=.github/CODEOWNERS::")


def test_hand_written_rules_are_kept(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    target = repo.top / ".github" / "CODEOWNERS"
    target.parent.mkdir()
    target.write_text("# code\n* @dev-team\n/plugins/ @dev-team\n", encoding="utf-8")
    repo.run("codeowners")
    first = target.read_text(encoding="utf-8")
    assert first.startswith("# code\n* @dev-team\n/plugins/ @dev-team\n\n" + BEGIN + "\n")
    assert first.endswith(END + "\n")
    # Rules written after the block stay after it, and a rerun changes nothing else.
    target.write_text(first + "/docs/ @writers\n", encoding="utf-8")
    repo.run("codeowners")
    assert target.read_text(encoding="utf-8") == first + "/docs/ @writers\n"


def test_owner_without_handle_is_a_visible_gap(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    repo.write({"content/sops/closing.md": "---\nowner: marketer\n---\n# C\n\n- [ ] Do\n"})
    code, _, err = repo.run("codeowners")
    assert code == 0
    text = (repo.top / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert "# /content/sops/closing.md: marketer without a github handle in owners.yml\n" in text
    assert "note: owner 'marketer' has no github handle in content/owners.yml" in err
    assert "marketer" in OWNERS  # (the scratch owners file has no handle for them)


def test_rule_lines_escape_and_handles() -> None:
    assert Rule("my docs/a#b.md", ("x",), ("@x",)).line() == "/my\\ docs/a\\#b.md @x"
    assert handle("@org/team") == "@org/team"
    assert handle(" someone ") == "@someone"
    assert handle("") == ""


def test_the_repository_codeowners_is_up_to_date() -> None:
    """The sample playbook's owners and .github/CODEOWNERS agree (as the PR workflow checks)."""
    root = Path(__file__).resolve().parent.parent
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["codeowners", "--check", "--path", str(root),
                     "--file", str(root / ".github" / "CODEOWNERS")])
    assert code == 0, err.getvalue() + "\nrun: .venv/bin/journeydocs codeowners"
