"""Scratch git repositories holding a tiny playbook, for the diff/codeowners/review tests.

``ScratchRepo`` writes files, commits them with a fixed author and date (so history is
reproducible) and runs the ``journeydocs`` CLI in-process. ``BASE`` and ``HEAD_CHANGES`` are
a playbook before and after a pull request whose every change the tests know.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import textwrap
from pathlib import Path

from journeydocs import i18n
from journeydocs.cli import main

MKDOCS_YML = """\
site_name: Scratch playbook
docs_dir: content
theme:
  name: material
plugins:
  - journeydocs:
      today: 2026-06-01
"""


class ScratchRepo:
    """A git repository in ``top``; the playbook (mkdocs.yml) in ``top / sub``."""

    def __init__(self, top: Path, sub: str = "") -> None:
        self.top = top
        self.project = top / sub if sub else top
        top.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, date: str = "2026-01-01T12:00:00+00:00") -> str:
        env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
               "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
        proc = subprocess.run(
            ["git", "-c", "user.name=Scratch", "-c", "user.email=scratch@example.com",
             "-c", "commit.gpgsign=false", *args],
            cwd=self.top, env=env, capture_output=True, text=True, check=True)
        return proc.stdout

    def write(self, files: dict[str, str | None]) -> None:
        """Write (or with None, delete) files relative to the project folder."""
        for rel, text in files.items():
            path = self.project / rel
            if text is None:
                path.unlink()
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")

    def commit(self, message: str, date: str = "2026-01-01T12:00:00+00:00") -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message, date=date)
        return self.git("rev-parse", "HEAD").strip()

    def run(self, *args: str, cwd: Path | None = None) -> tuple[int, str, str]:
        """``journeydocs ARGS`` in-process: (exit status, stdout, stderr). The language the
        command activates (``--lang``, the project's) is the one before it afterwards."""
        out, err = io.StringIO(), io.StringIO()
        old = Path.cwd()
        os.chdir(cwd or self.top)
        try:
            with (contextlib.redirect_stdout(out), contextlib.redirect_stderr(err),
                  i18n.use(i18n.current())):
                code = main(list(args))
        finally:
            os.chdir(old)
        return code, out.getvalue(), err.getvalue()


OWNERS = """\
boss:
  name: Managing director
  github: boss-gh
seller:
  name: Sales lead
  person: Sam Seller
  github: seller-gh
marketer:
  name: Marketing lead
"""

SALES = """\
title: Sales
system: marketing
owner: boss
steps:
  - id: start
    type: start
    title: Hears of us
    stage: know
    next: call
  - id: call
    title: Discovery call
    stage: trust
    critical: true
    owner: seller
    sop: call
    metrics:
      - name: Calls per week
        target: "10"
    next: decide
  - id: decide
    type: decision
    title: Buys?
    stage: try
    branches:
      - label: "yes"
        next: won
      - label: "no"
        next: nurture
  - id: nurture
    title: Newsletter
    stage: try
    owner: marketer
    sop: newsletter
    next: lost
  - id: lost
    type: end
    title: Stays in touch
    stage: try
  - id: won
    type: end
    title: Signs
    stage: try
"""

CALL = """\
---
owner: seller
review_every: 90d
last_reviewed: 2026-01-15
---
# Run a discovery call

## Prepare
- [ ] Read their website
- [ ] Ask budget

## Follow up
- [ ] Send notes
"""

NEWSLETTER = """\
---
owner: marketer
review_every: 30d
last_reviewed: 2026-03-01
---
# Send the newsletter

- [ ] Write it
- [ ] Send it
"""

BASE: dict[str, str | None] = {
    "mkdocs.yml": MKDOCS_YML,
    "content/index.md": "# Playbook\n",
    "content/owners.yml": OWNERS,
    "content/journeys/sales.yml": SALES,
    "content/sops/call.md": CALL,
    "content/sops/newsletter.md": NEWSLETTER,
}

SALES_AFTER = """\
title: Sales
system: marketing
owner: boss
steps:
  - id: start
    type: start
    title: Hears of us
    stage: know
    next: call
  - id: call
    title: Discovery call
    stage: trust
    critical: true
    owner: boss
    sop: call
    metrics:
      - name: Calls per week
        target: "12"
    next: decide
  - id: decide
    type: decision
    title: Buys?
    stage: try
    critical: true
    owner: seller
    sop: closing
    metrics:
      - name: Close rate
        target: 30%
    branches:
      - label: "yes"
        next: won
      - label: "no"
        next: followup
  - id: followup
    title: Follow-up call
    stage: try
    owner: seller
    next: lost
  - id: lost
    type: end
    title: Stays in touch
    stage: try
  - id: won
    type: end
    title: Signs
    stage: try
"""

HEAD_CHANGES: dict[str, str | None] = {
    "content/owners.yml": OWNERS.replace("seller-gh", "seller2") + """\
closer:
  name: Closer
  github: acme/closers
""",
    "content/journeys/sales.yml": SALES_AFTER,
    "content/journeys/referrals.yml": """\
        title: Referrals
        system: operations
        owner: closer
        steps:
          - id: ask
            type: start
            title: Asks for a referral
            stage: refer
            next: done
          - id: done
            type: end
            title: Introduced
            stage: refer
        """,
    "content/sops/call.md": CALL.replace("- [ ] Ask budget", "- [ ] Ask timeline"),
    "content/sops/closing.md": """\
        ---
        owner: seller
        ---
        # Close the deal

        - [ ] Send the contract
        """,
    "content/sops/newsletter.md": None,
}

EXPECTED_CHANGES = [
    "journey referrals added",
    "step referrals/ask added",
    "step referrals/done added",
    "journey sales changed",
    "step sales/call changed: owner: seller → boss; metric “Calls per week” target: 10 → 12",
    "step sales/decide changed: owner: — → seller; critical: no → yes; sop: — → closing; "
    "branch “no”: nurture → followup; metric added: Close rate (target 30%)",
    "step sales/followup added",
    "step sales/nurture removed",
    "sop call changed: checklist item removed: Prepare › Ask budget; "
    "checklist item added: Prepare › Ask timeline",
    "sop closing added",
    "sop newsletter removed",
    "owner closer added",
    "owner seller changed: github: seller-gh → seller2",
]
"""Every change between BASE and BASE + HEAD_CHANGES, as ``Change.text()`` lines."""


def make_repo(tmp: Path, sub: str = "") -> ScratchRepo:
    """A repository whose first commit is BASE and second BASE + HEAD_CHANGES."""
    repo = ScratchRepo(tmp / "repo", sub)
    repo.write(BASE)
    repo.commit("base", date="2026-02-01T09:00:00+00:00")
    repo.write(HEAD_CHANGES)
    repo.commit("change the sales journey", date="2026-03-15T10:30:00+01:00")
    return repo
