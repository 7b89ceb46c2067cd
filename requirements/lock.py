"""The lock of this repository's own set-up: `requirements/lock.txt`, written by `./dev lock`.

``pyproject.toml`` keeps ranges, because teams install the plugin into their own sites. This
repository's set-up (``./dev``, CI) installs exactly the versions in ``lock.txt``, with their
hashes, so every new machine tests the packages the last green run tested.

The lock is compiled by uv (``uv pip compile --universal --generate-hashes``) from what
``pyproject.toml`` asks for: the dependencies, the ``test`` and ``dev`` extras and the build
system's requirements (``./dev`` installs the project itself with ``--no-build-isolation``,
so setuptools comes from the lock too). Its first line records a SHA-256 of those inputs;
``tests/test_lock.py`` fails when they change and the lock was not refreshed.

Usage: ``python requirements/lock.py write`` (what ``./dev lock`` runs; needs uv, which the
``dev`` extra installs), ``python requirements/lock.py check`` (exit 1 when stale).
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LOCK = HERE / "lock.txt"
EXTRAS = ("test", "dev")
PYTHON = "3.11"
"""The oldest Python the project supports: the universal lock resolves for it and newer."""
DIGEST_PREFIX = "# inputs-sha256: "


def inputs(pyproject: Path = ROOT / "pyproject.toml") -> list[str]:
    """Every requirement the lock must satisfy, as written in ``pyproject.toml``, sorted."""
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    project = data["project"]
    wanted = list(project.get("dependencies", []))
    for extra in EXTRAS:
        wanted += project.get("optional-dependencies", {}).get(extra, [])
    wanted += data.get("build-system", {}).get("requires", [])
    # the Python versions the lock must serve decide what it resolves too
    wanted.append(f"python {project.get('requires-python', '')}")
    return sorted({" ".join(r.split()) for r in wanted})


def digest(requirements: list[str]) -> str:
    return hashlib.sha256("\n".join(requirements).encode("utf-8")).hexdigest()


def recorded_digest(lock: Path = LOCK) -> str | None:
    """The inputs' digest the lock was written for, or None for a lock without one."""
    if not lock.exists():
        return None
    first = lock.read_text(encoding="utf-8").split("\n", 1)[0]
    return first[len(DIGEST_PREFIX):].strip() if first.startswith(DIGEST_PREFIX) else None


def pins(lock: Path = LOCK) -> dict[str, list[tuple[str, str]]]:
    """``{normalised name: [(version, marker), ...]}`` of every package the lock pins."""
    found: dict[str, list[tuple[str, str]]] = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        if not line or line[0] in " #-":
            continue
        spec = line.rstrip(" \\")
        requirement, _, marker = spec.partition(";")
        name, _, version = requirement.strip().partition("==")
        found.setdefault(_normalise(name), []).append((version.strip(), marker.strip()))
    return found


def _normalise(name: str) -> str:
    return "-".join(name.replace("_", "-").replace(".", "-").lower().split("-"))


def write() -> None:
    """Resolve the newest versions the ranges allow and write ``lock.txt``."""
    command = [
        sys.executable, "-m", "uv", "pip", "compile", str(ROOT / "pyproject.toml"), "-",
        *[f"--extra={extra}" for extra in EXTRAS],
        "--universal", f"--python-version={PYTHON}", "--generate-hashes",
        "--custom-compile-command=./dev lock", "--no-progress",
    ]
    result = subprocess.run(command, input="\n".join(_build_requires()) + "\n", text=True,
                            capture_output=True, cwd=ROOT, check=False)
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        raise SystemExit(result.returncode)
    LOCK.write_text(f"{DIGEST_PREFIX}{digest(inputs())}\n{result.stdout}", encoding="utf-8")
    print(f"wrote {LOCK.relative_to(ROOT)}: {sum(len(v) for v in pins().values())} pins")


def _build_requires() -> list[str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return list(data.get("build-system", {}).get("requires", []))


def check() -> int:
    """0 when the lock was written for the current ``pyproject.toml``, else 1 (and why)."""
    if recorded_digest() != digest(inputs()):
        print("requirements/lock.txt was not written for the requirements in pyproject.toml:"
              " run ./dev lock and commit both files", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else ""
    if what == "write":
        write()
    elif what == "check":
        raise SystemExit(check())
    else:
        raise SystemExit("usage: python requirements/lock.py write|check")
