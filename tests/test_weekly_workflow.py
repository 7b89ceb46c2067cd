"""The generated weekly workflow: actionlint passes, and its scripts open the right issues.

The scripts of the workflow's steps run here with bash, on the JSON that `journeydocs
review --week --json` prints for the scratch playbook of test_weekly.py, and a stand-in
`gh` that records what it is asked to do (and lists one run issue as already open).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from git_playbook import ScratchRepo
from test_weekly import FILES, ISSUES
from test_workflows import run_actionlint

from journeydocs.review.weekly_workflow import render_weekly_workflow

FAKE_GH = """\
#!/bin/bash
# records its arguments, one call per line (NUL-separated arguments)
printf '%s\\0' "$@" >> "$GH_LOG"; printf '\\n' >> "$GH_LOG"
if [ "$1 $2" = "issue list" ]; then
  case "$*" in
    *journeydocs-run-due*) echo "Check the backups (2026-W49)" ;;
    *) cat "$ISSUES_JSON" ;;
  esac
fi
if [ "$1" = "api" ]; then echo "https://o.github.io/r/"; fi
exit 0
"""


def write_workflow(top: Path, text: str) -> Path:
    path = top / ".github" / "workflows" / "journeydocs-weekly.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("prefix", ["", "docs/playbook/"])
def test_the_weekly_workflow_passes_actionlint(tmp_path: Path, prefix: str) -> None:
    wf = write_workflow(tmp_path, render_weekly_workflow(prefix))
    proc = run_actionlint(wf, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    data = yaml.load(wf.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert data["on"]["schedule"] == [{"cron": "0 6 * * 1"}]  # Mondays, 06:00 UTC
    assert data["permissions"] == {"contents": "read", "issues": "write"}
    review = next(s for s in data["jobs"]["weekly"]["steps"] if s["name"] == "The weekly review")
    assert review["working-directory"] == (prefix.rstrip("/") or ".")


def test_actionlint_catches_a_mistake_in_it(tmp_path: Path) -> None:
    text = render_weekly_workflow().replace('"$RUNNER_TEMP/meeting.md"\n',
                                            '$RUNNER_TEMP/meeting.md\n', 1)
    text = text.replace("${{ github.token }}", "${{ github.tokne }}")
    proc = run_actionlint(write_workflow(tmp_path, text), cwd=tmp_path)
    assert proc.returncode == 1
    assert "tokne" in proc.stdout


def _scripts(text: str) -> dict[str, str]:
    data = yaml.load(text, Loader=yaml.BaseLoader)
    return {s["name"]: s["run"] for s in data["jobs"]["weekly"]["steps"] if "run" in s}


def _calls(log: Path) -> list[list[str]]:
    lines = log.read_text(encoding="utf-8").split("\0\n")
    return [line.split("\0") for line in lines if line]


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq is not installed")
def test_its_scripts_open_the_meeting_and_the_run_issues(tmp_path: Path) -> None:
    repo = ScratchRepo(tmp_path / "repo")
    repo.write(FILES)
    repo.commit("playbook", date="2026-11-10T09:00:00+00:00")
    (repo.top / "issues.json").write_text(json.dumps(ISSUES), encoding="utf-8")
    # what the "weekly review" step runs on Monday 2026-11-30
    code, out, err = repo.run("review", "--week", "2026-11-29", "--runs-week", "2026-11-30",
                              "--json", "--filing", "issues.json", "--site-url",
                              "https://o.github.io/r/")
    assert (code, err) == (0, "")
    review = json.loads(out)
    assert review["title"] == "Weekly review 2026-W48"
    assert review["assignees"] == ["chelseapark", "olu"]
    assert [r["title"] for r in review["runs"]] == ["Check the backups (2026-W49)",
                                                   "Send the invoices (2026-W49)"]
    invoice = review["runs"][1]
    assert invoice["assignees"] == ["chelseapark"] and invoice["dates"] == ["2026-12-04"]
    assert "https://o.github.io/r/sops/invoice/" in invoice["body"]
    assert "Who runs it: Sales lead (Chelsea Park)." in invoice["body"]

    temp = tmp_path / "runner"
    temp.mkdir()
    (temp / "weekly.json").write_text(out, encoding="utf-8")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "gh").write_text(FAKE_GH, encoding="utf-8")
    (bin_dir / "gh").chmod(0o755)
    log = tmp_path / "gh.log"
    log.touch()
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "RUNNER_TEMP": str(temp),
           "GH_LOG": str(log), "ISSUES_JSON": str(repo.top / "issues.json")}
    scripts = _scripts(render_weekly_workflow())
    for name in ("Run issues that were not filed", "Open the meeting issue",
                 "Open the scheduled run issues"):
        proc = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", scripts[name]],
                              env=env, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr
    assert json.loads((temp / "filing.json").read_text(encoding="utf-8")) == ISSUES
    created = [c for c in _calls(log) if c[:2] == ["issue", "create"]]
    assert len(created) == 2  # the meeting, and the invoice run (the backup run is open)
    meeting, run = created
    assert meeting[meeting.index("--title") + 1] == "Weekly review 2026-W48"
    assert [meeting[i + 1] for i, a in enumerate(meeting) if a == "--assignee"] == [
        "chelseapark", "olu"]
    assert meeting[meeting.index("--label") + 1] == "journeydocs-weekly"
    assert run[run.index("--title") + 1] == "Send the invoices (2026-W49)"
    assert run[run.index("--label") + 1] == "journeydocs-run-due"
    assert [run[i + 1] for i, a in enumerate(run) if a == "--assignee"] == ["chelseapark"]
    body = (temp / "run.md").read_text(encoding="utf-8")
    assert body.startswith("**Send the invoices** is due every 1 week: on 2026-12-04.")


def test_the_issues_speak_the_projects_language(tmp_path: Path) -> None:
    repo = ScratchRepo(tmp_path / "repo")
    repo.write(FILES)
    repo.commit("playbook", date="2026-11-10T09:00:00+00:00")
    code, out, _err = repo.run("review", "--week", "2026-11-29", "--runs-week", "2026-11-30",
                               "--json", "--lang", "zh-Hant")
    review = json.loads(out)
    assert review["title"] == "每週回顧會議 2026-W48"
    assert review["runs"][1]["title"] == "Send the invoices（2026-W49）"
    assert review["runs"][1]["body"].startswith(
        "**Send the invoices** 每 1 週執行一次：本週在 2026年12月4日。")
    assert review["body"].startswith("## 每週回顧會議 2026-W48（")
