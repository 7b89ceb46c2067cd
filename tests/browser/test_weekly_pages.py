"""The weekly review pages in Chromium: from the owner page to the week, and on to the SOP."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from test_weekly_site import _project

from conftest import StaticServer, run_mkdocs_build

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaticServer]:
    repo = _project(tmp_path_factory.mktemp("weekly-browser") / "repo", "zh")
    result = run_mkdocs_build(repo.project, "--strict")
    assert result.returncode == 0, result.output
    with StaticServer(result.site) as served:
        yield served


def test_an_owner_walks_to_last_weeks_review_and_its_sop(browser: Any,
                                                         server: StaticServer) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(server.url + "owners/ops/")
    heading = page.locator("#weekly-review")
    assert heading.inner_text().strip() == "每周回顾会议"
    page.get_by_role("link", name="每周回顾会议 2026-W48").click()
    page.wait_for_url("**/review/2026-W48/ops/")
    assert page.locator("h1").inner_text().strip() == "Operations lead：每周回顾 2026-W48"
    runs = page.get_by_role("heading", name="执行情况")
    assert runs.is_visible()
    item = page.locator("article li", has_text="已错过")
    assert item.count() == 1
    assert "到期 2026年11月25日，每 1 周，从未执行" in item.inner_text()
    assert page.locator("article input[type=checkbox]").count() == 0  # nothing to tick here
    item.get_by_role("link", name="Check the backups").click()
    page.wait_for_url("**/sops/backup/")
    assert "Check the backups" in page.locator("h1").inner_text()
    context.close()


def test_the_page_reads_at_phone_width(browser: Any, server: StaticServer) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(server.url + "review/2026-W49/mkt/")
    # the review's text fits the phone (Material's header animates its second title in
    # from 25 px to the right, so the document itself may be a little wider)
    wider = page.evaluate("""[...document.querySelectorAll('article *')]
        .filter(e => e.getBoundingClientRect().right > innerWidth)
        .map(e => e.tagName + ': ' + e.textContent.slice(0, 40))""")
    assert wider == []
    assert page.get_by_text("新增步骤 enquiry/follow-up").is_visible()
    context.close()
