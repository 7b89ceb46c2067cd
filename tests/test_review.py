"""`journeydocs review`: SOPs past or near their review date, by owner."""

from __future__ import annotations

from pathlib import Path

from git_playbook import ScratchRepo

OWNERS = """\
ops:
  name: Operations lead
  person: Olu Ops
  github: olu
sales:
  name: Sales lead
"""


def sop(owner: str, title: str, every: str = "", last: str = "") -> str:
    front = [f"owner: {owner}"]
    if every:
        front.append(f"review_every: {every}")
    if last:
        front.append(f"last_reviewed: {last}")
    return "---\n" + "\n".join(front) + f"\n---\n# {title}\n\n- [ ] Do it\n"


def project(tmp_path: Path) -> ScratchRepo:
    repo = ScratchRepo(tmp_path / "repo")
    repo.write({
        "mkdocs.yml": "site_name: R\ndocs_dir: content\nplugins:\n  - journeydocs:\n"
                      "      today: 2026-06-01\n",
        "content/owners.yml": OWNERS,
        "content/sops/invoice.md": sop("ops", "Send invoices", "30d", "2026-04-01"),  # due 05-01
        "content/sops/backup.md": sop("ops", "Check backups", "1m", "2026-05-10"),  # due 06-10
        "content/sops/audit.md": sop("ops", "Yearly audit", "1y", "2025-12-01"),  # due later
        "content/sops/quote.md": sop("sales", "Write a quote", "2w", "2026-05-18"),  # due 06-01
        "content/sops/pitch.md": sop("sales", "Pitch", "8w", "2026-03-01"),  # due 04-26
        "content/sops/adhoc.md": sop("sales", "Ad hoc"),  # never scheduled
        "content/sops/ghost.md": sop("nobody", "Orphan", "1d", "2026-05-01"),
    })
    repo.commit("playbook")
    return repo


EXPECTED_TEXT = """\
SOP reviews as of 2026-06-01 (overdue, or due within 14 days)

Operations lead (Olu Ops) @olu
  ! Send invoices [invoice] — overdue 31 days (due 2026-05-01) — content/sops/invoice.md
    Check backups [backup] — due in 9 days (2026-06-10) — content/sops/backup.md

Sales lead
  ! Pitch [pitch] — overdue 36 days (due 2026-04-26) — content/sops/pitch.md
    Write a quote [quote] — due today (2026-06-01) — content/sops/quote.md

nobody (not in owners.yml)
  ! Orphan [ghost] — overdue 30 days (due 2026-05-02) — content/sops/ghost.md

1 SOP has no review date (set review_every and last_reviewed).
"""


def test_review_lists_by_owner(tmp_path: Path) -> None:
    repo = project(tmp_path)
    code, out, _ = repo.run("review")
    assert code == 0
    assert out == EXPECTED_TEXT


def test_review_within_and_today(tmp_path: Path) -> None:
    repo = project(tmp_path)
    code, out, _ = repo.run("review", "--within", "0", "--today", "2026-05-01")
    assert code == 0
    assert out == (
        "SOP reviews as of 2026-05-01 (overdue, or due within 0 days)\n\n"
        "Operations lead (Olu Ops) @olu\n"
        "    Send invoices [invoice] — due today (2026-05-01) — content/sops/invoice.md\n\n"
        "Sales lead\n"
        "  ! Pitch [pitch] — overdue 5 days (due 2026-04-26) — content/sops/pitch.md\n\n"
        "1 SOP has no review date (set review_every and last_reviewed).\n")


def test_review_markdown_and_fail_overdue(tmp_path: Path) -> None:
    repo = project(tmp_path)
    code, out, _ = repo.run("review", "--markdown", "--fail-overdue")
    assert code == 1
    assert out.startswith("## SOP reviews as of 2026-06-01\n\nOverdue, or due within 14 days, "
                          "by owner.\n\n### Operations lead (Olu Ops) @olu\n\n")
    assert ("- [ ] ⚠️ **Send invoices** (`invoice`) — overdue 31 days (due 2026-05-01) — "
            "`content/sops/invoice.md`") in out
    assert "- [ ] **Write a quote** (`quote`) — due today (2026-06-01)" in out
    code, out, _ = repo.run("review", "--fail-overdue", "--today", "2026-01-01")
    assert code == 0
    assert "Nothing to review." in out


def test_review_without_project(tmp_path: Path) -> None:
    repo = ScratchRepo(tmp_path / "empty")
    code, _, err = repo.run("review")
    assert code == 2 and "no mkdocs.yml here" in err
