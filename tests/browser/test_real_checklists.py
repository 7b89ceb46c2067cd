"""Real-shaped checklists, built by the plugin and used in Chromium (issue 13).

An incident runbook as people write them: loose items, a numbered list with nested items
and plain bullets, rich text (links, code, emphasis), an item in a block quote, `####`
sub-sections, a `- [ ]` in a code block and in a comment (no items), in English and
Chinese. Every item the facts table counts can be ticked; the ticks survive a reload; the
Markdown export has every item with its links, code and plain bullets, in page order.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import StaticServer, copy_sample, run_mkdocs_build

pytestmark = pytest.mark.browser

RUNBOOK = """\
---
title: Respond to an incident
owner: delivery-lead
---
Use this when a client reports an outage. 处理事故时请按顺序完成。

## Declare

- [ ] Page the on-call engineer

- [ ] Open the incident channel, see [the guide](https://example.com/guide)

<!--
- [ ] not an item: it is in a comment
-->

## Work the problem

1. [ ] Check the `status` page
    - [ ] Note the **start time**
    - plain bullet: write it in UTC
2. [ ] Post an update every 30 minutes

    ```
    statusctl post "Investigating"
    ```

#### 通知客户

> - [ ] 通知受影响的客户

```bash
# restart only after the lead agrees
- [ ] not an item: it is code
```
"""
EXPECTED = [
    ("Declare", "Page the on-call engineer"),
    ("Declare", "Open the incident channel, see the guide"),
    ("Work the problem", "Check the status page"),
    ("Work the problem", "Note the start time"),
    ("Work the problem", "Post an update every 30 minutes"),
    ("通知客户", "通知受影响的客户"),
]


@pytest.fixture(scope="module")
def runbook_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = copy_sample(tmp_path_factory.mktemp("runbook") / "p")
    (project / "content" / "sops" / "incident.md").write_text(RUNBOOK, encoding="utf-8")
    config = project / "mkdocs.yml"  # code blocks inside list items, as most Material sites
    config.write_text(config.read_text(encoding="utf-8").replace(
        "markdown_extensions:\n", "markdown_extensions:\n  - pymdownx.superfences\n"),
        encoding="utf-8")
    result = run_mkdocs_build(project)  # (an SOP no step uses is a notice, not --strict)
    assert result.returncode == 0, result.output
    with StaticServer(result.site) as server:
        yield server.url + "sops/incident/"


def items(page: Any) -> list[tuple[str, str]]:
    return [tuple(x) for x in page.evaluate(
        """() => [...document.querySelectorAll("li[data-jd-item]")].map((li) =>
             [li.dataset.jdSection, li.querySelector("input").getAttribute("aria-label")])""")]


def test_every_counted_item_ticks_and_survives_a_reload(browser: Any, runbook_url: str) -> None:
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(runbook_url)
    page.wait_for_selector("article[data-jd-checklist=ready] .jd-checklist")
    facts = page.locator(".jd-sop-facts").inner_text()
    assert f"{len(EXPECTED)} items" in facts
    assert items(page) == EXPECTED
    assert page.locator("li.jd-item").count() == len(EXPECTED)

    for _, text in EXPECTED:
        box = page.get_by_role("checkbox", name=text, exact=True)
        box.scroll_into_view_if_needed()
        box.click(force=True)  # (the visible box is Material's drawing over the input)
        assert box.is_checked(), text
    assert page.locator(".jd-progress__text").inner_text().startswith("All 6 done")

    page.reload()
    page.wait_for_selector("article[data-jd-checklist=ready] .jd-checklist")
    assert all(page.get_by_role("checkbox", name=t, exact=True).is_checked()
               for _, t in EXPECTED)

    with page.expect_download() as info:
        page.get_by_role("button", name="Download .md").click()
    text = Path(info.value.path()).read_text("utf-8")
    exported = re.findall(r"^( *)(?:-|\d+\.) \[(x| )\] (.+)$", text, re.M)
    assert [(mark, body) for _, mark, body in exported] == [
        ("x", "Page the on-call engineer"),
        ("x", "Open the incident channel, see [the guide](https://example.com/guide)"),
        ("x", "Check the `status` page"),
        ("x", "Note the **start time**"),
        ("x", "Post an update every 30 minutes"),
        ("x", "通知受影响的客户"),
    ]
    assert [len(indent) for indent, _, _ in exported] == [0, 0, 0, 4, 0, 0]
    assert "1. [x] Check the `status` page\n    - plain bullet: write it in UTC\n" in text
    assert ('2. [x] Post an update every 30 minutes\n    ```\n    statusctl post "Investigating"'
            '\n    ```\n') in text
    assert "## Declare" in text and "## Work the problem" in text and "#### 通知客户" in text
    assert errors == []
    context.close()
