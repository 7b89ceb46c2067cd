"""``journeydocs record``: a filed run (a GitHub ``issues`` event) becomes a run record.

Malformed issues are golden cases: ``tests/issues/<name>.yml`` holds an issue ``body`` (as
GitHub renders an issue form) and the exact ``issue #N: line L: message`` lines the command
prints in English (``errors``), Simplified (``errors_zh``) and Traditional Chinese
(``errors_zh_Hant``); it exits 1, writes no record and writes the lines into the comment.
Run this file as a script to record the lines of cases that have none yet (review them).
"""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from journeydocs.cli import main as journeydocs_main
from journeydocs.content.config import load_project
from journeydocs.content.pipeline import load_and_check
from journeydocs.content.runissue import compact, form_fields, item_numbers
from journeydocs.content.runs import parse_run
from journeydocs.problems import Problems

CASES = Path(__file__).parent / "issues"
BASE = Path(__file__).parent / "corpus" / "_base"
LANGS = {"errors": "en", "errors_zh": "zh", "errors_zh_Hant": "zh-Hant"}
MKDOCS = "site_name: t\ndocs_dir: content\ntheme: {name: material}\nplugins: [journeydocs]\n"


def make_project(root: Path) -> Path:
    import shutil

    shutil.copytree(BASE / "content", root / "content")
    (root / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    return root


def event(body: str, number: int = 7, login: str = "octocat") -> dict[str, Any]:
    return {"action": "opened", "issue": {"number": number, "body": body,
                                          "user": {"login": login},
                                          "labels": [{"name": "journeydocs-run"}]}}


def record(project: Path, payload: dict[str, Any], *extra: str,
           lang: str = "en") -> tuple[int, str, str]:
    path = project / "event.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = journeydocs_main(["record", "--lang", lang, "--event", str(path), "--path",
                                 str(project), *extra])
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("path", sorted(CASES.glob("*.yml")), ids=lambda p: p.stem)
def test_malformed_issue(path: Path, tmp_path: Path) -> None:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert case.get("description")
    project = make_project(tmp_path / "p")
    for key, lang in LANGS.items():
        comment = tmp_path / f"comment-{lang}.md"
        code, out, err = record(project, event(case["body"]), "--comment", str(comment),
                                lang=lang)
        assert code == 1, (out, err)
        assert out.splitlines() == case[key], lang
        assert all(line in comment.read_text(encoding="utf-8") for line in case[key])
        assert "Traceback" not in out + err
    assert not (project / "content" / "records").exists()


def test_a_good_issue_becomes_a_committed_record(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    subprocess.run([*git, "add", "-A"], cwd=project, check=True)
    subprocess.run([*git, "commit", "-qm", "start"], cwd=project, check=True)
    body = ("### SOP\n\ncall\n\n### SOP version (commit)\n\nabc1234\n\n### Run name\n\n"
            "Acme: first call\n\n### Started (UTC)\n\n2026-11-02T09:14:00Z\n\n"
            "### Finished (UTC)\n\n2026-11-02T09:40:00Z\n\n### Ticked items\n\n1\n\n"
            "### Skipped items\n\n_No response_\n\n### Notes\n\nWent well.\n\n### Next\n\n"
            "Call back Friday.")
    comment = tmp_path / "comment.md"
    code, out, err = record(project, event(body, 12, "octocat"), "--commit", "--comment",
                            str(comment))
    assert code == 0, out + err
    written = project / "content" / "records" / "runs" / "2026" / "call-12.yml"
    assert "content/records/runs/2026/call-12.yml" in comment.read_text(encoding="utf-8")
    problems = Problems()
    run = parse_run(written.read_text(encoding="utf-8"), "r.yml", problems)
    assert not problems and run is not None
    assert (run.sop, run.sop_commit, run.name, run.ran_by, run.issue) == \
        ("call", "abc1234", "Acme: first call", "octocat", 12)
    assert run.ticked == ["1"] and run.skipped == []
    assert run.notes == "Went well.\n\n### Next\n\nCall back Friday.\n"
    assert run.started is not None and run.started.isoformat() == "2026-11-02T09:14:00+00:00"
    log = subprocess.run(["git", "log", "--format=%s", "--name-only", "-1"], cwd=project,
                         capture_output=True, text=True, check=True).stdout
    assert "Run record: call, issue #12" in log
    assert "content/records/runs/2026/call-12.yml" in log
    # the playbook loads it: no problem, one run
    settings = load_project(project, Problems())
    assert settings is not None
    book, found = load_and_check(settings)
    assert [p.text() for p in found.errors()] == []
    assert [r.issue for r in book.runs] == [12]
    # filing the same issue again (an edit that changed nothing) commits nothing new
    code, _out, _err = record(project, event(body, 12, "octocat"), "--commit")
    assert code == 0
    count = subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=project,
                           capture_output=True, text=True, check=True).stdout.strip()
    assert count == "2"


@pytest.mark.parametrize(("text", "numbers"), [
    ("1-4, 6", [1, 2, 3, 4, 6]), ("", []), ("3", [3]), ("2 - 3，5、7", [2, 3, 5, 7]),
    ("1-", None), ("x", None), ("0", None), ("4-2", None),
])
def test_item_numbers(text: str, numbers: list[int] | None) -> None:
    assert item_numbers(text) == numbers
    if numbers:
        assert item_numbers(compact(numbers)) == sorted(set(numbers))


def test_compact_ranges() -> None:
    assert compact([1, 2, 3, 4, 6, 9, 10]) == "1-4,6,9-10"


def test_form_fields_lines() -> None:
    fields = form_fields("### SOP\n\ncall\n\n### Notes\n\n_No response_\n")
    assert (fields["sop"].value, fields["sop"].line) == ("call", 3)
    assert (fields["notes"].value, fields["notes"].line) == ("", 5)


NOTES = ("Went well.\n\n### What went wrong\n\nThe room was taken.\n\n### Notes\n\n"
         "### Skipped items\n\nnone, really")


@pytest.mark.parametrize("lang", ["en", "zh", "zh-Hant"])
def test_headings_in_the_notes_stay_in_the_notes(lang: str) -> None:
    """Only the form's own labels, in the form's order, start a section: a heading that a
    person wrote in the Notes box (even one that reads like a label) is part of the notes."""
    from journeydocs.content.runissue import FIELDS
    from journeydocs.i18n import _, load, use

    with use(load(lang)[0]):
        label = dict(FIELDS)
        notes = NOTES + f"\n\n### {_(label['notes'])}\n\nP.S."
        body = "".join(f"### {_(label[fid])}\n\n{value}\n\n" for fid, value in (
            ("sop", "call"), ("ticked", "1-2"), ("skipped", "_No response_"),
            ("notes", notes)))
        fields = form_fields(body)
    assert fields["sop"].value == "call" and fields["ticked"].value == "1-2"
    assert fields["skipped"].value == ""
    assert fields["notes"].value == notes
    assert fields["notes"].line == 15


def bless() -> None:
    import tempfile

    for path in sorted(CASES.glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        case = yaml.safe_load(text)
        if "errors" in case:
            continue
        found: dict[str, list[str]] = {}
        with tempfile.TemporaryDirectory() as tmp:
            project = make_project(Path(tmp) / "p")
            for key, lang in LANGS.items():
                found[key] = record(project, event(case["body"]), lang=lang)[1].splitlines()
        dumped = yaml.safe_dump(found, allow_unicode=True, width=1000, sort_keys=False)
        path.write_text(text.rstrip("\n") + "\n" + dumped, encoding="utf-8")
        print(f"== {path.name}\n{dumped}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    bless()
