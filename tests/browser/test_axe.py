"""Accessibility: axe-core on every kind of page the playbook publishes.

axe-core (4.12, shipped inside the ``axe-playwright-python`` wheel: nothing is downloaded at
test time) checks the rules tagged WCAG 2.0, 2.1 and 2.2 A and AA, and axe's best
practices, on each kind of page: home, journey page, journeys index, SOP page (and the same
page with a run started and an item ticked), SOP index, owner page, owners index, metrics,
health, a plain page of the site's own, and the report of ``journeydocs diff``; in the
light and the dark palette, 1280 and 390 px wide; in the English sample (``content/``) and
the Simplified Chinese one (``samples/zh``), each with a plain page added and built once.
The diff report is one standalone page without a dark palette: light only, both widths.

The wheel's ``axe.min.js`` is injected with ``page.evaluate`` (the DevTools protocol),
which the page's strict Content-Security-Policy does not govern: no ``bypass_csp``, and the
pages are checked under their real CSP (each has it, the tests check). The palette is switched with
Material's own toggle, the width by resizing the window, as a person does; a check waits
until transitions are over.

Every violation must be listed in ``axe-material-known.yml``, or the test fails: violations
in Material for MkDocs' own markup, each with its rule, a CSS selector its elements match
and why it is Material's and not ours. journeydocs' own markup has none.

An entry that no longer matches anything also fails the test, so the file stays true.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from axe_playwright_python.base import AXE_SCRIPT
from git_playbook import make_repo

from conftest import (
    BuildResult,
    StaticServer,
    copy_language_sample,
    copy_sample,
    run_mkdocs_build,
)

pytestmark = pytest.mark.browser

HERE = Path(__file__).parent
KNOWN_FILES = {"material": HERE / "axe-material-known.yml"}
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
OPTIONS = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}
WIDTHS = (1280, 390)
HEIGHT = 900

PAGES = {
    "en": {"home": "", "journey": "journeys/webinar-to-client/", "journeys": "journeys/",
           "sop": "sops/consultation-call/", "sops": "sops/", "owner": "owners/sales-lead/",
           "owners": "owners/", "metrics": "metrics/", "health": "health/",
           "plain": "guide/"},
    "zh": {"home": "", "journey": "journeys/content-to-first-order/", "journeys": "journeys/",
           "sop": "sops/live-tasting/", "sops": "sops/", "owner": "owners/founder/",
           "owners": "owners/", "metrics": "metrics/", "health": "health/",
           "plain": "guide/"},
}
KINDS = [*PAGES["en"], "sop-run", "diff"]

PLAIN = {
    "en": """\
# Working with this playbook

This is an ordinary page of the site, beside the pages journeydocs makes. Before you
change a checklist, read [the SOP index](sops/index.md) and ask its owner, for example the
[sales lead](owners/sales-lead.md). *Emphasis*, `code` and **bold** text look as usual.

## How a change goes

1. Open the checklist, for example [the consultation call](sops/consultation-call.md).
2. Change it in a pull request; the [health page](health.md) shows what is overdue.

| Word | Meaning |
|---|---|
| SOP | A checklist anyone can follow: see [the SOPs](sops/index.md) |
| Owner | Who is accountable: see [the owners](owners/index.md) |

!!! note "Ask first"
    Talk to the [founder](owners/founder.md) before you change a critical step.

```yaml
review_every: 90d
```
""",
    "zh": """\
# 如何使用这本手册

这是网站上的普通页面，和 journeydocs 生成的页面放在一起。修改检查清单之前，\
请先看[SOP 索引](sops/index.md)，再问问负责人，例如[创始人](owners/founder.md)。\
*强调*、`代码`和**粗体**照常显示。

## 一次修改的流程

1. 打开检查清单，例如[周四晚直播品鉴](sops/live-tasting.md)。
2. 用拉取请求修改；[手册健康度](health.md)会列出逾期的复审。

| 词语 | 含义 |
|---|---|
| SOP | 人人都能照着做的检查清单：见[全部 SOP](sops/index.md) |
| 负责人 | 对结果负责的人：见[负责人](owners/index.md) |

!!! note "先商量"
    修改关键步骤之前，请先和[创始人](owners/founder.md)商量。

```yaml
review_every: 90d
```
""",
}
"""A plain page of the site's own (not journeydocs'), added to each sample as guide.md."""


@dataclass
class Entry:
    """A listed violation: its rule, a CSS selector its elements match, and why."""

    file: str
    rule: str
    selector: str
    reason: str
    seen: int = 0


@dataclass
class Finding:
    lang: str
    kind: str
    scheme: str
    width: int
    rule: str
    target: str
    html: str
    summary: str
    entries: list[int] = field(default_factory=list)

    def where(self) -> str:
        return f"{self.lang} {self.kind} ({self.scheme}, {self.width} px)"


def load_entries() -> list[Entry]:
    entries = []
    for name, path in KNOWN_FILES.items():
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        for item in data:
            assert set(item) == {"rule", "selector", "reason"}, (path.name, item)
            assert item["reason"].strip(), (path.name, item)
            entries.append(Entry(name, item["rule"], item["selector"], item["reason"]))
    return entries


# In the page: axe's violations, each element with the listed entries it matches.
RUN = """async ([options, entries]) => {
  const results = await axe.run(document, options);
  return results.violations.flatMap((v) => v.nodes.map((n) => {
    const hits = [];
    entries.forEach((e, i) => {
      if (e.rule === v.id && n.element && n.element.matches(e.selector)) hits.push(i);
    });
    return {rule: v.id, target: n.target.join(" >> "), html: n.html.slice(0, 300),
            summary: (n.failureSummary || "").slice(0, 400), entries: hits};
  }));
}"""
SETTLED = """() => document.getAnimations().every((a) => a.playState !== "running" ||
  a.effect.getComputedTiming().iterations === Infinity)"""
SCHEME = "() => document.body.getAttribute('data-md-color-scheme')"


class Checker:
    """Runs axe in one page and collects what it finds."""

    def __init__(self, page: Any, entries: list[Entry]) -> None:
        self.page = page
        self.entries = entries
        self.findings: list[Finding] = []
        self.runs: set[tuple[str, str, str, int]] = set()
        self.rules: set[str] = set()

    def settle(self) -> None:
        self.page.wait_for_function(SETTLED, timeout=10000)

    def check(self, lang: str, kind: str, width: int, scheme: str | None = None) -> None:
        self.settle()
        scheme = scheme or self.page.evaluate(SCHEME)
        if not self.page.evaluate("() => typeof window.axe === 'object'"):
            self.page.evaluate(AXE_SCRIPT)  # (once per page load)
        rows = self.page.evaluate(RUN, [{**OPTIONS, "elementRef": True}, [
            {"rule": e.rule, "selector": e.selector} for e in self.entries]])
        if not self.rules:
            self.rules = set(self.page.evaluate("() => axe.getRules().map((r) => r.ruleId)"))
        for row in rows:
            self.findings.append(Finding(lang, kind, scheme, width, row["rule"], row["target"],
                                         row["html"], row["summary"], row["entries"]))
        self.runs.add((lang, kind, scheme, width))

    def both_widths(self, lang: str, kind: str, scheme: str | None = None) -> None:
        for width in WIDTHS:
            self.page.set_viewport_size({"width": width, "height": HEIGHT})
            self.check(lang, kind, width, scheme)

    def every_view(self, lang: str, kind: str) -> None:
        """Both widths in this palette, then both in the other one (Material's toggle)."""
        for _ in range(2):
            self.both_widths(lang, kind)
            self.switch_palette()

    def switch_palette(self) -> None:
        before = self.page.evaluate(SCHEME)
        self.page.locator("form[data-md-component=palette] label:not([hidden])").click()
        self.page.wait_for_function(f"() => ({SCHEME})() !== {before!r}")


def open_page(page: Any, url: str, kind: str) -> None:
    response = page.goto(url)
    assert response is not None and response.ok, url
    page.wait_for_selector(".jd-drawer-button", state="attached")
    if kind == "sop":
        page.wait_for_selector("article[data-jd-checklist=ready] .jd-checklist")
    if kind == "journey":
        page.wait_for_selector(".jd-map-tools")
    csp = page.locator("meta[http-equiv=Content-Security-Policy]")
    assert "script-src 'self'" in (csp.get_attribute("content") or ""), url


def start_run(page: Any) -> None:
    """Start a named run and tick its first item, from the keyboard-free controls."""
    page.locator("[data-jd-action=new-run]").click()
    page.locator(".jd-new-run__name").fill("Acme")
    page.locator(".jd-new-run button[type=submit]").click()
    page.locator(".jd-toast").first.wait_for()
    page.locator("li.jd-item input").first.check(force=True)
    page.wait_for_function("() => document.querySelector('li.jd-item input').checked")


def build_site(lang: str, dest: Path) -> BuildResult:
    if lang == "en":
        project = copy_sample(dest)
        docs = project / "content"
    else:
        project = copy_language_sample(lang, dest)
        docs = project / "docs"
    (docs / "guide.md").write_text(PLAIN[lang], encoding="utf-8")
    result = run_mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.output
    return result


def diff_report(lang: str, dest: Path) -> Path:
    """``journeydocs diff`` of a small change, in ``lang``: the folder of its index.html."""
    repo = make_repo(dest)
    args = ["diff", "HEAD~1", "HEAD", "--out", "report"]
    code, out, err = repo.run(*(["--lang", lang] if lang != "en" else []), *args)
    assert code == 0, out + err
    return repo.top / "report"


def check_site(browser: Any, checker_of: Any, lang: str, site: Path, report: Path) -> None:
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": HEIGHT},
                                  color_scheme="light")
    page = context.new_page()
    checker = checker_of(page)
    with StaticServer(site) as server:
        for kind, path in PAGES[lang].items():
            open_page(page, server.url + path, kind)
            checker.every_view(lang, kind)
            if kind == "sop":
                start_run(page)
                checker.every_view(lang, "sop-run")
    with StaticServer(report) as server:
        page.goto(server.url + "index.html")
        checker.both_widths(lang, "diff", scheme="default")
    context.close()


@dataclass
class Results:
    entries: list[Entry]
    findings: list[Finding]
    runs: set[tuple[str, str, str, int]]
    rules: set[str]
    sites: dict[str, Path]


@pytest.fixture(scope="module")
def results(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Results]:
    entries = load_entries()
    findings: list[Finding] = []
    runs: set[tuple[str, str, str, int]] = set()

    def checker_of(page: Any) -> Checker:
        checker = Checker(page, entries)
        checkers.append(checker)
        return checker

    checkers: list[Checker] = []
    sites = {}
    for lang in PAGES:
        sites[lang] = build_site(lang, tmp_path_factory.mktemp(f"axe-{lang}")).site
        report = diff_report(lang, tmp_path_factory.mktemp(f"axe-diff-{lang}"))
        check_site(browser, checker_of, lang, sites[lang], report)
    rules: set[str] = set()
    for checker in checkers:
        findings += checker.findings
        runs |= checker.runs
        rules |= checker.rules
    for finding in findings:
        for index in finding.entries:
            entries[index].seen += 1
    yield Results(entries, findings, runs, rules, sites)


def describe(findings: list[Finding]) -> str:
    lines = []
    for f in findings[:40]:
        lines.append(f"- {f.rule} on {f.where()}: {f.target}\n    {f.html}\n    {f.summary}")
    if len(findings) > 40:
        lines.append(f"... and {len(findings) - 40} more")
    return "\n".join(lines)


def test_axe_checked_every_page_in_every_view(results: Results) -> None:
    schemes = {"default", "slate"}
    want = {(lang, kind, scheme, width) for lang in PAGES for kind in KINDS if kind != "diff"
            for scheme in schemes for width in WIDTHS}
    want |= {(lang, "diff", "default", width) for lang in PAGES for width in WIDTHS}
    assert results.runs == want


@pytest.mark.parametrize("kind", KINDS)
def test_no_violation_but_the_listed_ones(results: Results, kind: str) -> None:
    unlisted = [f for f in results.findings if f.kind == kind and not f.entries]
    assert not unlisted, (
        f"axe found {len(unlisted)} violations on the {kind} pages that "
        f"{KNOWN_FILES['material'].name} does not list:\n"
        + describe(unlisted))


def test_every_listed_violation_still_occurs(results: Results) -> None:
    gone = [f"{e.file}: {e.rule} {e.selector}" for e in results.entries if not e.seen]
    assert not gone, "these listed violations no longer occur: remove them\n" + "\n".join(gone)


def test_an_unlisted_violation_fails(results: Results, browser: Any) -> None:
    """The check itself: an image without text and pale words put into a built page give
    violations that match no entry; Material's search dialog matches its entry."""
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    with StaticServer(results.sites["en"]) as server:
        open_page(page, server.url + PAGES["en"]["plain"], "plain")
        page.evaluate("""() => {
          const article = document.querySelector("article");
          const img = document.createElement("img");
          img.src = "data:image/gif;base64,R0lGODlhAQABAAAAACw=";
          const p = document.createElement("p");
          p.textContent = "Pale words.";
          p.style.color = "#ccc";
          article.append(img, p);
        }""")
        checker = Checker(page, results.entries)
        checker.check("en", "plain", 1280)
    context.close()
    unlisted = {f.rule for f in checker.findings if not f.entries}
    assert {"image-alt", "color-contrast"} <= unlisted, describe(checker.findings)
    assert any(f.rule == "aria-dialog-name" and f.entries for f in checker.findings)


def test_the_listed_entries_name_rules_axe_has(results: Results) -> None:
    for entry in results.entries:
        assert entry.rule in results.rules, entry
        assert entry.selector.strip() and "\n" not in entry.selector, entry
