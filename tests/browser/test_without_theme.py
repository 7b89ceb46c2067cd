"""A site without this repository's ``theme/``: the plugin brings its own scripts and styles.

Teams add journeydocs to a Material site they already have; they do not copy our
``custom_dir``. Built that way (no ``custom_dir`` at all), checklists tick and keep their
ticks across a reload, the map's controls work, and no script is refused by the page's
Content-Security-Policy.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from browser.test_checklist import click_box, ticked
from browser.test_from_disk import FIRST, MAP, Tab
from browser.test_maps import use_zoom_controls
from conftest import StaticServer, copy_sample, run_mkdocs_build

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaticServer]:
    project = copy_sample(tmp_path_factory.mktemp("bare") / "project")
    shutil.rmtree(project / "theme")
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8")
                            .replace("!ENV [SITE_URL, \"\"]", '""'))
    del config["theme"]["custom_dir"]
    # Material's stock repository partial asks api.github.com for stars: the sample's theme
    # replaces it, and the CSP would refuse it (a site owner's choice, not under test here)
    del config["repo_url"], config["repo_name"], config["edit_uri"]
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True),
                                        encoding="utf-8")
    result = run_mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.output
    with StaticServer(result.site) as srv:
        yield srv


@pytest.fixture
def tab(browser: Any) -> Iterator[Tab]:
    opened = Tab(browser)
    yield opened
    opened.context.close()


def test_checklist_works_without_the_repositorys_theme(server: StaticServer, tab: Tab) -> None:
    page = tab.page
    page.goto(server.url + "sops/consultation-call/")
    page.wait_for_selector("article[data-jd-checklist=ready] .jd-checklist")
    click_box(page, FIRST)
    assert ticked(page) == [FIRST]
    page.reload()
    page.wait_for_selector("article[data-jd-checklist=ready] .jd-checklist")
    assert ticked(page) == [FIRST]
    sheets = page.evaluate("""[...document.styleSheets].filter((s) => s.href &&
        s.href.includes('/assets/journeydocs/') && s.cssRules.length > 0)
        .map((s) => s.href.split('/').pop())""")
    assert sorted(sheets) == ["checklist.css", "map.css", "pages.css"]
    assert tab.clean(), (tab.errors, page.evaluate("window.__jdViolations"))


def test_map_controls_work_without_the_repositorys_theme(server: StaticServer,
                                                         tab: Tab) -> None:
    page = tab.page
    page.goto(server.url + "journeys/webinar-to-client/")
    page.wait_for_selector(f"{MAP} .jd-map-tools")
    use_zoom_controls(page)
    assert tab.clean(), (tab.errors, page.evaluate("window.__jdViolations"))


def test_the_plugins_files_are_in_the_built_site(server: StaticServer) -> None:
    assets = Path(server.root) / "assets" / "journeydocs"
    names = sorted(p.name for p in assets.iterdir())
    assert names == sorted(["checklist-early.js", "checklist-export.js", "checklist-panel.js",
                            "checklist-start.js", "checklist-storage.js", "checklist.css",
                            "fromdisk.js", "i18n.js", "keyboard.js", "map.css", "map.js",
                            "messages.js", "pages.css"])
