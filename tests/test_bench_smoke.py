"""The benchmark runs: its generator is deterministic and valid, and `bench/run.py S --quick`
prints its table. No timing is asserted (a benchmark prints figures; it is not a test)."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))

from generate import SIZES, generate  # noqa: E402

from journeydocs.content.config import load_project  # noqa: E402
from journeydocs.content.model import Journey  # noqa: E402
from journeydocs.content.pipeline import load_and_check  # noqa: E402
from journeydocs.problems import Problems  # noqa: E402


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_seed_same_files(tmp_path: Path) -> None:
    one, two, other = (generate("S", tmp_path / name, seed=seed)
                       for name, seed in (("one", 7), ("two", 7), ("other", 8)))
    assert _tree(one) == _tree(two)
    assert _tree(one) != _tree(other)
    # the baseline gets the very same SOP files
    cmp = filecmp.dircmp(one / "jd" / "content" / "sops", one / "base" / "content" / "sops")
    assert not cmp.diff_files and not cmp.left_only and not cmp.right_only


def test_generated_playbook_has_the_promised_shape_and_no_problem(tmp_path: Path) -> None:
    size = SIZES["S"]
    project = generate(size, tmp_path / "s") / "jd"
    problems = Problems()
    settings = load_project(project, problems)
    assert settings is not None and not problems
    book, found = load_and_check(settings)
    assert [p.text() for p in found.errors()] == []
    assert (len(book.journeys), len(book.sops), len(book.owners)) == (
        size.journeys, size.sops, size.owners)
    for journey in book.journeys.values():
        assert len(journey.steps) == 30
        assert sum(s.critical for s in journey.steps) == 10
        kinds = {s.type.value for s in journey.steps}
        assert {"start", "end", "decision", "task"} <= kinds
        assert all(len(s.branches) == 2 for s in journey.steps if s.type.value == "decision")
    assert any(_loops_back(j) for j in book.journeys.values()), "no decision loops back"
    for sop in book.sops.values():
        assert len(sop.items) == 20
        assert len({i.section for i in sop.items}) == 4
        assert sop.owner in book.owners


def _loops_back(journey: Journey) -> bool:
    index = {s.id: i for i, s in enumerate(journey.steps)}
    return any(index[b.next] < index[s.id] for s in journey.steps for b in s.branches)


def test_run_s_quick_prints_the_table(tmp_path: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "S", "--quick",
                           "--out", str(tmp_path / "out")], capture_output=True, text=True,
                          env=env, timeout=600, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout
    for row in ("(a) baseline", "(b) journeydocs, cold", "(c) journeydocs, warm",
                "(d) journeydocs, one SOP changed", "plugin's own share of (b)",
                "time per page (ms)"):
        assert row in out, out
    assert (tmp_path / "out" / "table-S.txt").read_text().strip() == out.strip()
    warm = next(line for line in out.splitlines() if line.startswith("(c) journeydocs"))
    assert warm.split()[-5] == "0", warm  # dot runs: a warm build runs Graphviz 0 times
