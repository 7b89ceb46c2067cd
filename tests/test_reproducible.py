"""Same input, same bytes: two cold builds of the sample in fresh processes are identical.

Every deploy rewrote every SOP page while the HTML sanitiser wrote ``<input>`` attributes in
a per-process random order; this test builds the sample twice, each in its own project
folder (so no absolute path may leak into the output) with empty caches, and compares
every file of the two sites byte for byte. ``SOURCE_DATE_EPOCH`` pins the build date,
which MkDocs writes into the sitemap and journeydocs uses for review status.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import copy_sample


def _build(project: Path, site: Path, epoch: str) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": epoch,
           "PYTHONHASHSEED": "random"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"),
         "-d", str(site)], cwd=project, capture_output=True, text=True, timeout=600, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_cold_builds_give_the_same_bytes(tmp_path: Path) -> None:
    epoch = "1795824000"  # 2026-11-28
    sites = []
    for name in ("first", "second"):
        project = copy_sample(tmp_path / name / "project")
        _build(project, tmp_path / name / "site", epoch)
        sites.append(_files(tmp_path / name / "site"))
    first, second = sites
    assert sorted(first) == sorted(second)
    assert len(first) > 20
    differ = [name for name in first if first[name] != second[name]]
    assert not differ, f"{len(differ)} of {len(first)} files differ: {differ[:10]}"


def test_the_sanitiser_writes_the_same_bytes_in_every_process() -> None:
    """Forced attributes are written in one order (nh3 would add them in a per-process hash
    order), tabs and SVG as they are.

    Twelve fresh interpreters: with two forced attributes in a random order, the chance
    that all twelve agree by luck is 1 in 2,048.
    """
    code = ("from journeydocs.safety.policy import clean_html; print(clean_html("
            "'<ul><li><input type=\"checkbox\" checked disabled> a</li><li><input> b</li></ul>"
            "<input checked id=\"__tabbed_1_1\" name=\"__tabbed_1\" type=\"radio\">"
            "<svg viewBox=\"0 0 2 2\" fill=\"red\"><path d=\"M0 0\"/></svg>'))")
    outputs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              check=True).stdout for _ in range(12)}
    assert len(outputs) == 1, outputs
