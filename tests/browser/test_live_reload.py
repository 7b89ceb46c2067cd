"""`mkdocs serve` in Chromium: saving a journey, an SOP or owners.yml reloads the open page.

A copy of the sample playbook is served by a real `mkdocs serve` on a free port. Each test
opens a page, saves one source file with a changed text and waits, with a deadline of
3 seconds from the save, for the page to reload by itself (a new document) and show it.
MkDocs' live-reload script (an inline script it appends to every page it sends) must run
under the page's Content-Security-Policy: no violation is reported, and the rest of the
policy is the one `mkdocs build` writes (see journeydocs/devserver.py).
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, copy_sample

pytestmark = pytest.mark.browser

RELOAD_WITHIN = 3.0  # seconds from the save to the change on the page
START_WITHIN = 120.0  # seconds for the first build


@dataclass
class Served:
    project: Path
    url: str
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def wait_until_up(proc: subprocess.Popen[bytes], served: Served) -> None:
    deadline = time.monotonic() + START_WITHIN
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"mkdocs serve stopped:\n{served.output()}")
        try:
            with urllib.request.urlopen(served.url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"mkdocs serve did not answer within {START_WITHIN} s:\n{served.output()}")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The sample playbook under `mkdocs serve` (live reload on), stopped in every case."""
    root = tmp_path_factory.mktemp("serve")
    yield from _serve(copy_sample(root / "project"), root)


def _serve(project: Path, root: Path) -> Iterator[Served]:
    (root / "tmp").mkdir()  # mkdocs serve builds into a temporary folder: keep it here
    port = free_port()
    served = Served(project, f"http://127.0.0.1:{port}/", root / "serve.log")
    with served.log.open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"),
             "-a", f"127.0.0.1:{port}"],
            cwd=project, stdout=log, stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(root / "tmp")},
        )
        try:
            wait_until_up(proc, served)
            yield served
        finally:
            proc.send_signal(signal.SIGINT)  # what Ctrl-C sends: MkDocs cleans up after itself
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def policy_directives(policy: str) -> dict[str, str]:
    return dict(d.split(" ", 1) for d in policy.split("; "))


EDITS = [
    pytest.param("content/sops/consultation-call.md", "sops/consultation-call/",
                 "Prepare two case studies", "Prepare three case studies", id="sop"),
    pytest.param("content/journeys/webinar-to-client.yml", "journeys/webinar-to-client/",
                 "Registers for the free webinar", "Signs up for the spring webinar",
                 id="journey"),
    pytest.param("content/owners.yml", "owners/sales-lead/",
                 "Chelsea Park", "Jordan Ellison", id="owners"),
]


@pytest.mark.parametrize(("source", "path", "old", "new"), EDITS)
def test_saving_a_source_reloads_the_open_page(browser: Any, served: Served, source: str,
                                               path: str, old: str, new: str) -> None:
    from playwright.sync_api import Error as PlaywrightError

    from journeydocs.safety import csp

    context = browser.new_context()
    page = context.new_page()
    console: list[tuple[str, str]] = []
    page.on("console", lambda message: console.append((message.type, message.text)))
    try:
        page.goto(served.url + path)  # waits for `load`, when the script starts to poll
        text = page.locator("body").inner_text()
        assert old in text and new not in text
        page.evaluate("window.__jdBeforeSave = true")  # gone once the page has reloaded

        file = served.project / source
        content = file.read_text(encoding="utf-8")
        assert old in content
        file.write_text(content.replace(old, new), encoding="utf-8")
        saved = time.monotonic()

        shown_after = None
        try:  # (Playwright waits across the reload, and never longer than RELOAD_WITHIN:
            # a page.evaluate polled during the navigation once hung the whole suite)
            page.wait_for_function("(t) => !window.__jdBeforeSave && document.body !== null "
                                   "&& document.body.innerText.includes(t)", arg=new,
                                   polling=50, timeout=RELOAD_WITHIN * 1000)
            shown_after = time.monotonic() - saved
        except PlaywrightError:
            pass
        assert shown_after is not None, (
            f"{path} did not reload with the change within {RELOAD_WITHIN} s of saving "
            f"{source}; mkdocs serve said:\n{served.output()[-3000:]}")
        assert page.url == served.url + path

        # The live-reload script ran, and no script was refused.
        assert ("log", "Enabled live reload") in console, console
        refused = [t for _, t in console if "Content Security Policy" in t]
        assert refused == []
        # Only the live-reload script was added to the policy `mkdocs build` writes.
        served_policy = policy_directives(page.locator(
            'meta[http-equiv="Content-Security-Policy"]').get_attribute("content") or "")
        repo_url = re.search(r"^repo_url: (\S+)", (ROOT / "mkdocs.yml").read_text(
            encoding="utf-8"), re.M)
        built_policy = policy_directives(csp.policy((), csp.site_sources(
            repo_url=repo_url.group(1) if repo_url else "")))
        script_src = served_policy.pop("script-src").split()
        assert served_policy == {k: v for k, v in built_policy.items() if k != "script-src"}
        assert script_src[0] == "'self'"
        assert all(s.startswith("'sha256-") for s in script_src[1:]), script_src
    finally:
        context.close()


def _fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        text: str = response.read().decode("utf-8")
        return text


def _without_live_reload(page: str) -> str:
    """The page as built: without the script the server appends, nor its hash."""
    page = re.sub(r"<script>[^<]*livereload[^<]*</script>(?=\s*</body>)", "", page)
    return re.sub(r" 'sha256-[^']+'", "", page)


SLOW_HOOK = '''"""A slow site: each build after the file `slow` appears takes SLOW more seconds."""
import pathlib
import time

def on_post_build(config):
    if (pathlib.Path(config.config_file_path).parent / "slow").exists():
        time.sleep(SLOW)
'''
SLOW = 8.0


@pytest.fixture(scope="module")
def served_slow(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The sample under `mkdocs serve` with a hook that makes rebuilds take 8 s longer."""
    root = tmp_path_factory.mktemp("serve-slow")
    project = copy_sample(root / "project")
    (project / "slow_hook.py").write_text(SLOW_HOOK.replace("SLOW)", f"{SLOW})"),
                                          encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nhooks:\n  - slow_hook.py\n",
                      encoding="utf-8")
    yield from _serve(project, root)


def test_an_edited_sop_shows_before_a_slow_rebuild_ends(browser: Any,
                                                       served_slow: Served) -> None:
    """The preview (journeydocs/mkdocs_plugin/preview.py): the edited SOP's page is shown
    within the usual deadline although the full rebuild takes 8 s more; meanwhile other
    pages are served from the last build; when the rebuild ends the page reloads once more
    (what the edit changed elsewhere) and the site has the change."""
    from playwright.sync_api import Error as PlaywrightError

    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(served_slow.url + "sops/consultation-call/")
        page.evaluate("window.__jdBeforeSave = true")
        (served_slow.project / "slow").write_text("", encoding="utf-8")
        file = served_slow.project / "content/sops/consultation-call.md"
        content = file.read_text(encoding="utf-8")
        old, new = "Prepare two case studies", "Prepare five case studies"
        file.write_text(content.replace(old, new), encoding="utf-8")
        saved = time.monotonic()
        shown_after = None
        with contextlib.suppress(PlaywrightError):
            page.wait_for_function("(t) => !window.__jdBeforeSave && document.body !== null "
                                   "&& document.body.innerText.includes(t)", arg=new,
                                   polling=50, timeout=RELOAD_WITHIN * 1000)
            shown_after = time.monotonic() - saved
        assert shown_after is not None, served_slow.output()[-3000:]
        assert "consultation-call.md shown" in served_slow.output()
        preview = _without_live_reload(_fetch(served_slow.url + "sops/consultation-call/"))
        # the full rebuild is still running: other pages come from the last build, at once
        started = time.monotonic()
        with urllib.request.urlopen(served_slow.url + "journeys/", timeout=5) as response:
            assert response.status == 200
        assert time.monotonic() - started < 2.0
        assert time.monotonic() - saved < SLOW  # (still during the rebuild)
        # the rebuild ends: the page reloads once more (other pages may have changed too),
        # and the built site has the change
        page.evaluate("window.__jdAfterPreview = true")
        deadline = time.monotonic() + SLOW + 60
        while "Reloading browsers" not in served_slow.output().split("shown")[-1]:
            assert time.monotonic() < deadline, served_slow.output()[-3000:]
            time.sleep(0.2)
        reloaded = False
        with contextlib.suppress(PlaywrightError):
            page.wait_for_function("(t) => !window.__jdAfterPreview && document.body !== null "
                                   "&& document.body.innerText.includes(t)", arg=new,
                                   polling=100,
                                   timeout=max(1.0, deadline - time.monotonic()) * 1000)
            reloaded = True
        assert reloaded, "the open page did not reload when the rebuild ended"
        built = _without_live_reload(_fetch(served_slow.url + "sops/consultation-call/"))
        assert new in built
        assert preview == built  # the preview is the page the full build makes
        assert errors == []
    finally:
        (served_slow.project / "slow").unlink(missing_ok=True)
        context.close()
