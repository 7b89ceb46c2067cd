"""Golden cases: each file in tests/cases/ is content in, expected problems out.

A case holds ``files`` (path under content/ -> text) laid over a small valid base playbook
(``base: false`` starts from nothing), and ``errors`` / ``notices``: the exact
``file:line:col: message (hint)`` lines `journeydocs check` must print. Files given as
``files_hex`` are raw bytes, for encodings.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from journeydocs.build import load_and_check
from journeydocs.settings import Settings

CASES = Path(__file__).parent / "cases"
TODAY = dt.date(2026, 11, 22)

BASE = {
    "owners.yml": "sales-lead:\n  name: Sales lead\nmarketing-lead:\n  name: Marketing lead\n",
    "journeys/base.yml": """title: Base
system: marketing
owner: marketing-lead
steps:
  - id: in
    type: start
    title: Arrives
    stage: know
    next: call
  - id: call
    title: Call
    stage: trust
    critical: true
    owner: sales-lead
    sop: call
    metrics: [{name: Calls, target: "10"}]
    next: out
  - id: out
    type: end
    title: Leaves
    stage: try
""",
    "sops/call.md": "---\nowner: sales-lead\n---\n# Call\n\n## Do\n- [ ] Call them\n",
}


def case_files() -> list[Path]:
    return sorted(CASES.glob("*.yml"))


def make_project(root: Path, case: dict[str, Any]) -> Settings:
    content = root / "content"
    files: dict[str, str | bytes] = dict(BASE) if case.get("base", True) else {}
    files.update(case.get("files") or {})
    for name, hexed in (case.get("files_hex") or {}).items():
        files[name] = bytes.fromhex("".join(hexed.split()))
    for name, text in files.items():
        if text is None:
            continue
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return Settings(root=root, docs_dir=content, today=TODAY)


@pytest.mark.parametrize("path", case_files(), ids=lambda p: p.stem)
def test_case(path: Path, tmp_path: Path) -> None:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    settings = make_project(tmp_path, case)
    _, problems = load_and_check(settings)
    assert [p.text() for p in problems.errors()] == case.get("errors", [])
    if "notices" in case:
        assert [p.text() for p in problems.notices()] == case["notices"]


def test_there_are_cases_for_every_rule() -> None:
    """Every rule of the content model's checker list has at least one golden case."""
    assert len(case_files()) >= 30


def bless() -> None:
    """Record the current output as expected for cases that have none (review the diff!)."""
    import tempfile

    for path in case_files():
        text = path.read_text(encoding="utf-8")
        case = yaml.safe_load(text)
        if "errors" in case and "notices" in case:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            _, problems = load_and_check(make_project(Path(tmp), case))
        extra: dict[str, Any] = {}
        if "errors" not in case:
            extra["errors"] = [p.text() for p in problems.errors()]
        if "notices" not in case and problems.notices():
            extra["notices"] = [p.text() for p in problems.notices()]
        if extra:
            dumped = yaml.safe_dump(extra, allow_unicode=True, width=1000, sort_keys=False)
            path.write_text(text.rstrip("\n") + "\n" + dumped, encoding="utf-8")
            print(f"== {path.name}\n{dumped}")


if __name__ == "__main__":
    bless()
