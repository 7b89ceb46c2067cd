"""Each distinct map is drawn once: a second build of an unchanged playbook runs no Graphviz."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from conftest import copy_sample


def _dot_shim(folder: Path, log: Path) -> None:
    """A `dot` first on PATH that records each rendering, then runs the real one."""
    real = subprocess.run(["which", "dot"], capture_output=True, text=True).stdout.strip()
    shim = folder / "dot"
    shim.write_text(f'#!/bin/sh\ncase "$*" in *-T*) echo run >> "{log}";; esac\n'
                    f'exec "{real}" "$@"\n')
    shim.chmod(shim.stat().st_mode | stat.S_IEXEC)


def _build(project: Path, shim_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{shim_dir}{os.pathsep}{os.environ['PATH']}",
           "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                           str(project / "mkdocs.yml")], cwd=project, env=env,
                          capture_output=True, text=True, timeout=600)


def test_second_build_runs_graphviz_zero_times(tmp_path: Path) -> None:
    project = copy_sample(tmp_path / "p")
    shim_dir = tmp_path / "bin"
    shim_dir.mkdir()
    log = tmp_path / "dot-runs.log"
    _dot_shim(shim_dir, log)
    journeys = len(list((project / "content" / "journeys").glob("*.yml")))

    first = _build(project, shim_dir)
    assert first.returncode == 0, first.stderr
    runs_first = len(log.read_text().splitlines()) if log.exists() else 0
    assert runs_first == 2 * journeys  # each map drawn for a page column and for a phone

    second = _build(project, shim_dir)
    assert second.returncode == 0, second.stderr
    runs_second = len(log.read_text().splitlines()) - runs_first
    assert runs_second == 0

    # change one journey: exactly one map is drawn again (both of its drawings)
    path = project / "content" / "journeys" / "referral-partner.yml"
    path.write_text(path.read_text().replace("title:", "title: Renamed -", 1))
    third = _build(project, shim_dir)
    assert third.returncode == 0, third.stderr
    assert len(log.read_text().splitlines()) - runs_first == 2
