"""The plugin's options have one source: names, types and defaults in ``content.options``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import copy_sample, run_mkdocs_build
from journeydocs.content.options import DEFAULTS, OPTIONS
from journeydocs.content.settings import Settings
from journeydocs.mkdocs_plugin.plugin import JourneydocsConfig


def test_mkdocs_options_are_the_settings_options() -> None:
    schema = dict(JourneydocsConfig._schema)
    assert sorted(schema) == sorted(o.name for o in OPTIONS)
    for option in OPTIONS:
        assert schema[option.name].default == option.default, option.name


def test_settings_defaults_come_from_the_options() -> None:
    settings = Settings(root=Path("."), docs_dir=Path("docs"))
    for name in ("journeys_dir", "sops_dir", "owners_file"):
        assert getattr(settings, name) == DEFAULTS[name]


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
