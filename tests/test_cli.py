"""`journeydocs check`: clean exits 0, broken prints every problem with its line and exits 1."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, copy_sample


def run_check(path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "journeydocs.cli", "check", str(path)],
                          capture_output=True, text=True, env={**os.environ, **env},
                          cwd=path, timeout=120)


def test_clean_playbook_exits_0() -> None:
    proc = run_check(ROOT, GITHUB_ACTIONS="false")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 problems" in proc.stderr
    assert "::error" not in proc.stdout


def test_check_defaults_to_the_current_folder() -> None:
    proc = subprocess.run([sys.executable, "-m", "journeydocs.cli", "check"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _break(project: Path) -> None:
    journey = project / "content" / "journeys" / "webinar-to-client.yml"
    text = journey.read_text()
    text = text.replace("system: marketing", "system: marketting", 1)
    text = text.replace("owner: sales-lead", "ownr: sales-lead", 1)
    journey.write_text(text)
    (project / "content" / "journeys" / "tabs.yml").write_text("title: x\nsteps:\n\t- id: a\n")


def test_broken_playbook_prints_every_problem_and_exits_1(tmp_path: Path) -> None:
    project = copy_sample(tmp_path / "p")
    _break(project)
    proc = run_check(project, GITHUB_ACTIONS="false")
    assert proc.returncode == 1
    lines = [ln for ln in proc.stdout.splitlines() if not ln.startswith("note:")]
    journey = (project / "content/journeys/webinar-to-client.yml").read_text().splitlines()
    system_line = next(i for i, ln in enumerate(journey, 1) if "marketting" in ln)
    ownr_line = next(i for i, ln in enumerate(journey, 1) if ln.strip().startswith("ownr:"))
    assert (f"content/journeys/webinar-to-client.yml:{system_line}:9: 'system' of the journey "
            "is 'marketting', not one of marketing, operations (did you mean 'marketing'?)"
            in lines)
    assert any(ln.startswith(f"content/journeys/webinar-to-client.yml:{ownr_line}:")
               and "unknown key 'ownr'" in ln and "did you mean 'owner'?" in ln for ln in lines)
    assert any(ln.startswith("content/journeys/tabs.yml:3:1: YAML syntax error") for ln in lines)
    assert "Traceback" not in proc.stdout + proc.stderr


def test_github_actions_annotations(tmp_path: Path) -> None:
    project = copy_sample(tmp_path / "p")
    _break(project)
    proc = run_check(project, GITHUB_ACTIONS="true")
    assert proc.returncode == 1
    annotations = [ln for ln in proc.stdout.splitlines() if ln.startswith("::error ")]
    assert any(ln.startswith("::error file=content/journeys/tabs.yml,line=3,col=1::YAML syntax")
               for ln in annotations), proc.stdout
    assert len(annotations) == len([ln for ln in proc.stdout.splitlines()
                                    if ln.startswith("content/")])


def test_missing_mkdocs_yml_is_a_clear_message(tmp_path: Path) -> None:
    proc = run_check(tmp_path)
    assert proc.returncode == 1
    assert "no mkdocs.yml here" in proc.stdout
    assert "Traceback" not in proc.stderr


def test_a_broken_mkdocs_yml_is_reported_at_its_line(tmp_path: Path) -> None:
    project = copy_sample(tmp_path / "p")
    config = project / "mkdocs.yml"
    lines = config.read_text(encoding="utf-8").split("\n")
    at = lines.index("plugins:") + 1
    lines.insert(at, " broken: [")
    config.write_text("\n".join(lines), encoding="utf-8")
    proc = run_check(project)
    assert proc.returncode == 1
    head = proc.stdout.split(": YAML syntax error: ")[0]
    assert head in (f"mkdocs.yml:{at + 1}:2", f"mkdocs.yml:{at + 2}:3"), proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr
