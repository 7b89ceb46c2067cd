"""From a ticked checklist to a run on the site, all local (issue 16's "Done when").

1. The sample playbook is copied into a scratch git repository and built; its health page
   lists the client kick-off (a critical SOP, ``expect_every: 2w``) as not run in time.
2. Chromium ticks a run of that SOP, finishes it and presses "File this run": the tab it
   opens (GitHub is never reached: the request is stopped) has the issue form's URL.
3. The URL becomes an ``issues`` event: its query parameters, written into the issue body
   the way GitHub renders an issue form (``### Label`` then the value, ``_No response_``
   for an empty field, in the form's order), and an author login.
4. ``journeydocs record --commit`` writes and commits the run record in the scratch repo.
5. A rebuild shows the run on the SOP page, the owner's page and the health page (the SOP
   is no longer listed), checked in Chromium.

Also: past GitHub's URL length the form opens without the item lists, which are copied for
the Notes, and the panel says the record will not have them (English and Chinese); the
button is hidden on a site without a GitHub repository; the Chinese sample shows the run
history and the button in Chinese.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from conftest import BuildResult, StaticServer, copy_sample, run_mkdocs_build
from journeydocs import i18n
from journeydocs.cli import main as journeydocs_main
from journeydocs.content.runissue import FIELDS, FORM_FILE, NO_RESPONSE
from journeydocs.safety.markup import fill

pytestmark = pytest.mark.browser

SOP = "client-kickoff"
OWNER = "client-success"
READY = "article[data-jd-checklist=ready]"
RUN_NAME = "Zephyr Labs kickoff"
GIT = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com"]


def issue_body(query: dict[str, list[str]]) -> str:
    """The issue form's answers as GitHub writes them into the issue body."""
    parts = []
    for fid, label in FIELDS:
        value = query.get(fid, [""])[0]
        parts.append(f"### {label}\n\n{value or NO_RESPONSE}")
    return "\n\n".join(parts)


def article_text(page: Any) -> str:
    return " ".join(page.locator("article").inner_text().split())


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    project = copy_sample(tmp_path_factory.mktemp("scratch") / "playbook")
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=project, check=True)
    subprocess.run([*GIT, "add", "-A"], cwd=project, check=True)
    subprocess.run([*GIT, "commit", "-qm", "The sample playbook"], cwd=project, check=True)
    result = run_mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.output
    return project, result


def test_a_ticked_run_becomes_a_record_and_shows_on_the_site(
        browser: Any, scratch: tuple[Path, BuildResult]) -> None:
    project, first = scratch
    health = " ".join(first.page("health/index.html").split())
    assert "Critical SOPs not run as often as expected" in health
    assert re.search(r'id="not-run".*?Run the client kick-off.*?</ul>', health)
    commit = subprocess.run(["git", "log", "-1", "--format=%H", "--",
                             f"content/sops/{SOP}.md"], cwd=project, capture_output=True,
                            text=True, check=True).stdout.strip()

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened: list[str] = []
    context.route(re.compile(r"^https://github\.com/"),
                  lambda route: (opened.append(route.request.url), route.abort()))
    try:
        with StaticServer(first.site) as server:
            page = context.new_page()
            page.goto(server.url + f"sops/{SOP}/")
            page.wait_for_selector(READY)
            file_button = page.locator("[data-jd-action=file]")
            assert not file_button.is_visible()  # no run yet: nothing to file
            page.locator("[data-jd-action=new-run]").click()
            page.locator(".jd-new-run__name").fill(RUN_NAME)
            page.locator(".jd-new-run button[type=submit]").click()
            boxes = page.locator("li.jd-item input")
            total = boxes.count()
            for index in [i for i in range(total) if i not in (2, 3, 4, 9)]:
                boxes.nth(index).check(force=True)
            page.locator("[data-jd-action=finish]").click()
            assert file_button.is_visible()
            with context.expect_page() as popup:
                file_button.click()
            popup.value.close()
            url = page.locator(".jd-checklist").get_attribute("data-jd-filed")
            assert "GitHub" in page.locator(".jd-toast").inner_text()
    finally:
        context.close()
    assert url and opened and opened[0] == url
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == \
        "https://github.com/example/journeydocs/issues/new"
    assert len(url) < 8000
    query = parse_qs(parts.query)
    assert query["template"] == [FORM_FILE]
    assert query["sop"] == [SOP] and query["sop_commit"] == [commit]
    assert query["name"] == [RUN_NAME]
    assert query["ticked"] == [f"1-2,6-9,11-{total}"] and query["skipped"] == ["3-5,10"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", query["started"][0])
    assert query["finished"][0] >= query["started"][0]

    event = {"action": "opened", "issue": {
        "number": 4242, "body": issue_body(query), "state": "open",
        "user": {"login": "sam-okafor"}, "labels": [{"name": "journeydocs-run"}]}}
    event_path = project.parent / "event.json"
    event_path.write_text(json.dumps(event), encoding="utf-8")
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = journeydocs_main(["record", "--event", str(event_path), "--path", str(project),
                                 "--commit"])
    assert code == 0, out.getvalue()
    year = query["started"][0][:4]
    record = project / "content" / "records" / "runs" / year / f"{SOP}-4242.yml"
    data = yaml.safe_load(record.read_text(encoding="utf-8"))
    assert (data["ran_by"], data["name"], data["sop_commit"]) == \
        ("sam-okafor", RUN_NAME, commit)
    assert data["skipped"] == [3, 4, 5, 10]
    shown = subprocess.run(["git", "show", "--stat", "--format=%s", "HEAD"], cwd=project,
                           capture_output=True, text=True, check=True).stdout
    assert f"Run record: {SOP}, issue #4242" in shown and record.name in shown

    second = run_mkdocs_build(project, "--strict", site=project / "site2")
    assert second.returncode == 0, second.output
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        with StaticServer(second.site) as server:
            page = context.new_page()
            page.goto(server.url + f"sops/{SOP}/")
            page.wait_for_selector(READY)
            runs = " ".join(page.locator("#runs ~ *").all_inner_texts())
            last = page.locator(".jd-run-facts").inner_text()
            assert RUN_NAME in last and "@sam-okafor" in last and "#4242" in last
            recent = page.locator("#runs-recent + ul li").first.inner_text()
            assert RUN_NAME in recent and "older version" not in recent
            assert "Items most often skipped" in runs
            item_3 = page.locator("li.jd-item").nth(2).inner_text().split("\n")[0].strip()
            assert item_3 in page.locator("#runs-skipped").locator(
                "xpath=following::table[1]").inner_text()
            page.goto(server.url + f"owners/{OWNER}/")
            row = page.locator("#runs").locator("xpath=following::table[1]//tr").filter(
                has_text="Run the client kick-off")
            assert RUN_NAME in row.inner_text() and "@sam-okafor" in row.inner_text()
            page.goto(server.url + "health/")
            listed = page.locator("#not-run + ul, #not-run + p").first.inner_text()
            assert "Run the client kick-off" not in listed
    finally:
        context.close()


def test_item_lists_too_long_for_a_link_are_left_out_copied_and_said(
        browser: Any, scratch: tuple[Path, BuildResult]) -> None:
    """Past GitHub's URL length the form opens without the item lists, the lists are
    copied as text for the Notes, and the panel says the record will not have them."""
    _project, built = scratch
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    opened: list[str] = []
    context.route(re.compile(r"^https://github\.com/"),
                  lambda route: (opened.append(route.request.url), route.abort()))
    try:
        with StaticServer(built.site) as server:
            page = context.new_page()
            page.goto(server.url + f"sops/{SOP}/")
            page.wait_for_selector(READY)
            boxes = page.locator("li.jd-item input")
            boxes.nth(0).check(force=True)
            boxes.nth(2).check(force=True)
            page.locator("[data-jd-action=finish]").click()
            # a repository address long enough that only the item lists push the URL past
            # GitHub's limit: without them it fits
            page.evaluate("""() => {
              const data = document.querySelector(".jd-run-filing");
              const ns = window.journeydocs.checklist.export;
              const pad = 8003 - ns.fileUrl(false).length;  // 3 past the limit
              data.setAttribute("data-jd-form", data.getAttribute("data-jd-form").replace(
                "/issues/new", "x".repeat(pad) + "/issues/new"));
            }""")
            full, short = page.evaluate("""() => {
              const ns = window.journeydocs.checklist.export;
              return [ns.fileUrl(false), ns.fileUrl(true)];
            }""")
            assert len(full) > 8000 >= len(short), (len(full), len(short))
            with context.expect_page() as popup:
                page.locator("[data-jd-action=file]").click()
            popup.value.close()
            toast = page.locator(".jd-toast").inner_text()
            assert "the record will NOT say which items were ticked or skipped" in toast
            assert "paste them into Notes" in toast
            copied = page.evaluate("navigator.clipboard.readText()")
            total = boxes.count()
            assert copied == f"Ticked items: 1,3\nSkipped items: 2,4-{total}\n"
            filed = page.locator(".jd-checklist").get_attribute("data-jd-filed")
    finally:
        context.close()
    assert filed == short and opened == [short]
    query = parse_qs(urlsplit(short).query)
    assert query["sop"] == [SOP] and "ticked" not in query and "skipped" not in query


def test_item_lists_left_out_are_said_in_chinese(browser: Any, language_sites: Any) -> None:
    built = language_sites("zh-Hant")
    language = i18n.load("zh-Hant")[0]
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    context.route(re.compile(r"^https://github\.com/"), lambda route: route.abort())
    try:
        with StaticServer(built.site) as server:
            page = context.new_page()
            page.goto(server.url + "sops/pick-and-pack/")
            page.wait_for_selector(READY)
            page.locator("li.jd-item input").first.check(force=True)
            page.evaluate("""() => {
              const data = document.querySelector(".jd-run-filing");
              const ns = window.journeydocs.checklist.export;
              const pad = 8003 - ns.fileUrl(false).length;  // 3 past the limit
              data.setAttribute("data-jd-form", data.getAttribute("data-jd-form").replace(
                "/issues/new", "x".repeat(pad) + "/issues/new"));
            }""")
            with context.expect_page() as popup:
                page.locator("[data-jd-action=file]").click()
            popup.value.close()
            told = language.gettext(
                "This run's item lists are too long for a GitHub link, so the issue opened "
                "without them: the record will NOT say which items were ticked or skipped. "
                "They were copied: paste them into Notes to keep them with the run.")
            assert "備註" in told
            assert page.locator(".jd-toast").inner_text() == told
            copied = page.evaluate("navigator.clipboard.readText()")
            assert copied == language.gettext("Ticked items") + ": 1\n"
    finally:
        context.close()


def test_no_button_without_a_github_repository(browser: Any,
                                                scratch: tuple[Path, BuildResult]) -> None:
    """A page with no filing address (a site whose repo_url is not on GitHub) keeps the
    button hidden, even with a run."""
    _project, built = scratch
    context = browser.new_context()

    def without_filing(route: Any) -> None:
        body = route.fetch().text()
        route.fulfill(body=re.sub(r'<div class="jd-run-filing"[^>]*></div>', "", body),
                      content_type="text/html")

    try:
        with StaticServer(built.site) as server:
            context.route(re.compile(re.escape(server.url + f"sops/{SOP}/") + "$"),
                          without_filing)
            page = context.new_page()
            page.goto(server.url + f"sops/{SOP}/")
            page.wait_for_selector(READY)
            page.locator("li.jd-item input").first.check(force=True)
            assert page.locator("[data-jd-action=copy]").is_visible()
            assert not page.locator("[data-jd-action=file]").is_visible()
    finally:
        context.close()


def test_the_chinese_sample_shows_its_runs_in_chinese(browser: Any,
                                                     language_sites: Any) -> None:
    built = language_sites("zh")
    language = i18n.load("zh")[0]

    def t(msgid: str, **values: str) -> str:
        return fill(language.gettext(msgid), **values)

    context = browser.new_context()
    try:
        with StaticServer(built.site) as server:
            page = context.new_page()
            page.goto(server.url + "sops/pick-and-pack/")
            page.wait_for_selector(READY)
            text = article_text(page)
            for words in (t("Runs"), t("Runs per month"), t("Items most often skipped"),
                          t("Last run"), "@wang-hao-tea"):
                assert words in text, words
            page.locator("li.jd-item input").first.check(force=True)
            assert page.locator("[data-jd-action=file]").inner_text() == t("File this run")
            page.goto(server.url + "health/")
            assert t("Critical SOPs not run as often as expected") in article_text(page)
    finally:
        context.close()
