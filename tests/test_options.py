"""The plugin's options have one source: names, types and defaults in ``content.options``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import copy_sample, run_mkdocs_build
from journeydocs.content.options import OPTIONS
from journeydocs.mkdocs_plugin.plugin import JourneydocsConfig


def test_mkdocs_options_are_the_settings_options() -> None:
    schema = dict(JourneydocsConfig._schema)
    assert sorted(schema) == sorted(o.name for o in OPTIONS)
    for option in OPTIONS:
        assert schema[option.name].default == option.default, option.name


def _misspell(project: Path) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("      journeys_dir: journeys\n",
                                   "      journey_dir: journeys\n", 1), encoding="utf-8")


def test_check_reports_an_unknown_option_with_its_line(tmp_path: Path) -> None:
    project = copy_sample(tmp_path / "p")
    _misspell(project)
    line = project.joinpath("mkdocs.yml").read_text().split("\n").index(
        "      journey_dir: journeys") + 1
    proc = subprocess.run([sys.executable, "-m", "journeydocs.cli", "check", str(project)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert (f"mkdocs.yml:{line}:1: unknown journeydocs option 'journey_dir' "
            "(did you mean 'journeys_dir'?)") in proc.stdout


def test_mkdocs_refuses_the_same_option(tmp_path: Path) -> None:
    project = copy_sample(tmp_path / "p")
    _misspell(project)
    result = run_mkdocs_build(project, "--strict")
    assert result.returncode != 0
    assert "journey_dir" in result.output


def test_check_reports_an_option_of_the_wrong_type_and_a_bad_date(tmp_path: Path) -> None:
    project = copy_sample(tmp_path / "p")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      journeys_dir: journeys\n",
        "      journeys_dir: journeys\n      page_cache: maybe\n      today: soon\n", 1),
        encoding="utf-8")
    lines = config.read_text(encoding="utf-8").split("\n")
    proc = subprocess.run([sys.executable, "-m", "journeydocs.cli", "check", str(project)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    cache_line = lines.index("      page_cache: maybe") + 1
    today_line = lines.index("      today: soon") + 1
    assert (f"mkdocs.yml:{cache_line}:1: journeydocs option 'page_cache' must be true or "
            "false, found 'maybe'") in proc.stdout
    assert f"mkdocs.yml:{today_line}:1: journeydocs option 'today' is 'soon', not a date" in (
        proc.stdout)
    result = run_mkdocs_build(project, "--strict")  # MkDocs refuses the first too
    assert result.returncode != 0 and "page_cache" in result.output
