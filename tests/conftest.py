"""Shared fixtures: build a site with the real `mkdocs`, serve it, drive Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("JOURNEYDOCS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class BuildResult:
    returncode: int
    output: str  # stdout + stderr of mkdocs
    site: Path

    def page(self, rel: str) -> str:
        return (self.site / rel).read_text(encoding="utf-8")


def run_mkdocs_build(project: Path, *args: str, site: Path | None = None) -> BuildResult:
    """Run a real `mkdocs build` on ``project`` (a folder holding mkdocs.yml)."""
    site = site or project / "site"
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"),
         "-d", str(site), *args],
        cwd=project, capture_output=True, text=True, timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    return BuildResult(proc.returncode, proc.stdout + proc.stderr, site)


def copy_sample(dest: Path) -> Path:
    """A copy of the repository's sample playbook (mkdocs.yml, content/, theme/)."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "content", dest / "content")
    shutil.copytree(ROOT / "theme", dest / "theme")
    return dest


LANGUAGE_SAMPLES = ("zh", "zh-Hant")
"""The sample playbooks in other languages: samples/<name>."""
SAMPLE_LANGUAGE = {"zh": "zh", "zh-Hant": "zh-TW"}
"""Each sample's ``theme.language``: the Traditional one is Taiwan's (Material's zh-TW words
are Taiwan usage; its zh-Hant ones mix in Simplified characters)."""


def copy_language_sample(name: str, dest: Path) -> Path:
    """A copy of ``samples/<name>`` under ``dest``, laid out as in the repository (its
    mkdocs.yml finds the theme at ../../theme, copied too); returns the project folder."""
    project = dest / "samples" / name
    shutil.copytree(ROOT / "samples" / name, project,
                    ignore=shutil.ignore_patterns(".cache", "site"))
    if not (dest / "theme").exists():
        shutil.copytree(ROOT / "theme", dest / "theme")
    return project


TEST_LIMIT = 900
"""Seconds one test may take before it fails (a hang must not eat CI's 90 minutes: a
Playwright call waiting on a page that never answers once did)."""


@pytest.fixture(autouse=True)
def _time_limit() -> Iterator[None]:
    """Fail a test that runs past :data:`TEST_LIMIT` instead of hanging the suite (SIGALRM
    interrupts a blocking wait in the main thread; POSIX only)."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"the test ran for more than {TEST_LIMIT} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(TEST_LIMIT)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def use_pagefind(project: Path) -> Path:
    """``project`` with the plugin option ``search: pagefind`` (its mkdocs.yml lists the
    journeydocs plugin with options)."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text, n = re.subn(r"^(\s*)- journeydocs:\s*$", r"\g<0>\n\g<1>    search: pagefind", text,
                      count=1, flags=re.MULTILINE)
    assert n == 1, "the sample's mkdocs.yml lists the journeydocs plugin"
    config.write_text(text, encoding="utf-8")
    return project


@pytest.fixture
def sample_project(tmp_path: Path) -> Path:
    return copy_sample(tmp_path / "project")


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The sample playbook built once per test session (strict)."""
    project = copy_sample(tmp_path_factory.mktemp("sample"))
    result = run_mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.output
    return result


@pytest.fixture(scope="session")
def language_sites(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], BuildResult]:
    """``language_sites("zh")``: that sample of :data:`LANGUAGE_SAMPLES`, built (strict) the
    first time a test asks for it in the session; its project folder, ``result.site.parent``,
    is named after the sample (``zh``...)."""
    built: dict[str, BuildResult] = {}

    def get(name: str) -> BuildResult:
        if name not in built:
            project = copy_language_sample(name, tmp_path_factory.mktemp("sample"))
            result = run_mkdocs_build(project, "--strict")
            assert result.returncode == 0, result.output
            built[name] = result
        return built[name]

    return get


@pytest.fixture(scope="session", params=LANGUAGE_SAMPLES)
def language_site(request: pytest.FixtureRequest,
                  language_sites: Callable[[str], BuildResult]) -> BuildResult:
    """Each sample of :data:`LANGUAGE_SAMPLES` (:func:`language_sites`)."""
    return language_sites(request.param)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class StaticServer:
    """Serves a built site on 127.0.0.1, optionally under a sub-path like GitHub Pages."""

    def __init__(self, root: Path, prefix: str = "") -> None:
        self.root = root
        self.prefix = prefix.strip("/")
        serve_root = root
        if self.prefix:
            # Mount the site under /<prefix>/ by serving a parent folder with a link.
            serve_root = root.parent / f"_served_{self.prefix}"
            serve_root.mkdir(exist_ok=True)
            link = serve_root / self.prefix
            if not link.exists():
                link.symlink_to(root, target_is_directory=True)
        handler = functools.partial(_QuietHandler, directory=str(serve_root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        base = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        return base + (self.prefix + "/" if self.prefix else "")

    def __enter__(self) -> StaticServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian Chromium driven by Playwright; never a downloaded browser."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run ./dev test (it installs chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def sample_server(sample_site: BuildResult) -> Iterator[StaticServer]:
    with StaticServer(sample_site.site) as server:
        yield server
