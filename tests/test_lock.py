"""The lock (`requirements/lock.txt`) agrees with `pyproject.toml` and with what is installed.

`./dev` installs exactly the lock; `pyproject.toml` keeps ranges for teams that install the
plugin. These tests fail when someone changes one and not the other.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement

from conftest import ROOT


def _lock_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("lock", ROOT / "requirements" / "lock.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["lock"] = module
    spec.loader.exec_module(module)
    return module


lock = _lock_module()


def _applies(marker: str) -> bool:
    return not marker or Marker(marker).evaluate()


def _pinned_here() -> dict[str, str]:
    """The version the lock installs on this machine, per package."""
    out: dict[str, str] = {}
    for name, entries in lock.pins().items():
        for version, marker in entries:
            if _applies(marker):
                out[name] = version
    return out


def test_lock_was_written_for_these_requirements() -> None:
    assert lock.recorded_digest() == lock.digest(lock.inputs()), (
        "pyproject.toml's requirements changed since requirements/lock.txt was written: "
        "run ./dev lock and commit both")


def test_every_requirement_is_pinned_within_its_range() -> None:
    pinned = _pinned_here()
    for text in lock.inputs():
        if text.startswith("python "):
            continue  # requires-python: recorded in the digest, not a package
        requirement = Requirement(text)
        if requirement.marker and not requirement.marker.evaluate({"extra": ""}):
            continue
        name = lock._normalise(requirement.name)
        assert name in pinned, f"{text}: not in the lock"
        assert requirement.specifier.contains(pinned[name], prereleases=True), (
            f"{text}: the lock pins {pinned[name]}")


def test_every_pin_has_hashes() -> None:
    text = lock.LOCK.read_text(encoding="utf-8")
    blocks = [b for b in text.split("\n") if b and b[0] not in " #"]
    assert blocks, "the lock pins nothing"
    for line in blocks:
        assert line.endswith("\\"), f"{line}: no --hash lines follow"


def test_the_installed_packages_are_the_locked_ones() -> None:
    """What the suite runs on is what CI and every new machine get."""
    wrong = []
    for name, version in sorted(_pinned_here().items()):
        try:
            installed = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            wrong.append(f"{name}: not installed (lock: {version})")
            continue
        if installed != version:
            wrong.append(f"{name}: {installed} installed, {version} locked")
    assert not wrong, "the environment is not the lock (run ./dev setup):\n" + "\n".join(wrong)


@pytest.mark.parametrize("change", [
    ('"pyyaml>=6"', '"pyyaml>=6.1"'),
    ('"pytest>=8",', '"pytest>=8",\n    "coverage",'),
    ('requires = ["setuptools>=68", "wheel"]', 'requires = ["setuptools>=70", "wheel"]'),
    ('requires-python = ">=3.11"', 'requires-python = ">=3.12"'),
])
def test_a_changed_requirement_makes_the_lock_stale(tmp_path: Path,
                                                    change: tuple[str, str]) -> None:
    source = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert change[0] in source
    changed = tmp_path / "pyproject.toml"
    changed.write_text(source.replace(change[0], change[1], 1), encoding="utf-8")
    assert lock.digest(lock.inputs(changed)) != lock.recorded_digest()
