"""The scripts' words in the site's language: checklist panel, export, print, map controls.

The Chinese fixture playbook (tests/fixtures/zh) is built by the plugin with
``theme.language`` zh, zh-Hant and en (plus an SOP of one item and one of none). The plugin
writes the language's messages as ``assets/journeydocs/messages.js``; ``i18n.js`` translates
with them. On a Chinese site no English word of the scripts' messages may be left in what
the scripts write (visible or not, ``title``/``aria-label``/``placeholder``), through a
whole run: before it, ticking, a named run, finishing, reopening, deleting and undoing; nor
in the index badges, the map controls, the storage notices, the exported Markdown and the
printed page. In English the counts read right for 0, 1 and 10; and without messages.js
the scripts still work, in English.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

from browser.test_checklist import FULL_STORAGE, STUB_PRINT, THROWING_GETTER, pdf_text
from conftest import ROOT, StaticServer, run_mkdocs_build
from journeydocs import i18n
from journeydocs.i18n import browser as browser_messages

pytestmark = pytest.mark.browser

SOP = "consultation-call"  # ten items, in three sections
SOP_URL = f"sops/{SOP}/"
JOURNEY_URL = "journeys/webinar-to-client/"
ONE_ITEM = """---
title: 发出会议纪要
owner: sales-lead
review_every: 1y
last_reviewed: 2026-09-15
---
# 发出会议纪要

## 通话后

- [ ] 当天发出会议纪要
"""
NO_ITEMS = """---
title: 通话礼仪
kind: reference
owner: sales-lead
review_every: 1y
last_reviewed: 2026-09-15
---
# 通话礼仪

准时入会，先听后说。
"""
RUN_NAME = {"zh": "王先生的咨询", "zh-Hant": "王先生的諮詢"}
LATIN = re.compile(r"[A-Za-z]+")
URL = re.compile(r"(?:https?|file)://\S+")
# Everything the scripts write: the panel (with its print head, notices, forms), the
# section badges, the index badges, the map controls.
OURS = ".jd-checklist, .jd-section-progress, .jd-sop-runs, .jd-map-tools"
WRITTEN = """(selector) => {
  const out = [];
  for (const root of document.querySelectorAll(selector)) {
    out.push(root.textContent);
    for (const el of [root, ...root.querySelectorAll("*")]) {
      for (const name of ["title", "aria-label", "placeholder", "alt"]) {
        if (el.hasAttribute(name)) out.push(el.getAttribute(name));
      }
    }
  }
  return out.join("\\n");
}"""


# ---------------------------------------------------------------------------
# Sites and words
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, StaticServer]]:
    """The fixture playbook built in each language, served."""
    servers: dict[str, StaticServer] = {}
    with ExitStack() as stack:
        for code in ("zh", "zh-Hant", "en"):
            project = tmp_path_factory.mktemp("lang") / code
            shutil.copytree(ROOT / "tests" / "fixtures" / "zh", project)
            shutil.copytree(ROOT / "theme", project / "theme")
            config = project / "mkdocs.yml"
            config.write_text(config.read_text(encoding="utf-8").replace(
                "language: zh\n", f"language: {code}\n"), encoding="utf-8")
            (project / "content" / "sops" / "one-item.md").write_text(ONE_ITEM, "utf-8")
            (project / "content" / "sops" / "no-items.md").write_text(NO_ITEMS, "utf-8")
            result = run_mkdocs_build(project, "--strict")
            assert result.returncode == 0, result.output
            servers[code] = stack.enter_context(StaticServer(result.site))
        yield servers


def catalog(code: str) -> i18n.Language:
    return i18n.load(code)[0]


def english_words(code: str) -> set[str]:
    """Latin words of the scripts' English messages that their translation into ``code``
    does not keep itself (it keeps Markdown, SOP, Ctrl, .md, Acme, GitHub)."""
    ids = browser_messages.packaged_script_messages()
    english = [text for msgid in ids for text in (msgid if isinstance(msgid, tuple) else (msgid,))]
    translated = [text for value in browser_messages.messages(catalog(code), ids).values()
                  for text in (value.values() if isinstance(value, dict) else (value,))]
    def latin(texts: list[str]) -> set[str]:
        return {w.lower() for text in texts
                for w in LATIN.findall(re.sub(r"\{\w+\}", " ", text)) if len(w) > 1}

    kept, words = latin(translated), latin(english)
    assert kept == {"markdown", "md", "ctrl", "sop", "acme", "github"}
    assert {"run", "done", "finish", "reopen", "delete", "print", "blank", "zoom"} <= words - kept
    return words - kept


def leaks(text: str, words: set[str], *allowed: str) -> list[str]:
    """The English message words in ``text`` (URLs and the ``allowed`` ids taken out)."""
    text = URL.sub(" ", text)
    for value in allowed:
        text = text.replace(value, " ")
    return sorted({w for w in LATIN.findall(text) if w.lower() in words})


def printed_text(pdf: bytes) -> str:
    """The PDF's text; a CJK font's Kangxi radicals (⾏, U+2F8F, as its glyph table maps
    back) read as the characters they draw (行)."""
    return re.sub("[\u2e80-\u2fdf]", lambda m: unicodedata.normalize("NFKC", m.group()),
                  pdf_text(pdf))


def written(page: Any) -> str:
    return str(page.evaluate(WRITTEN, OURS))


def progress(page: Any) -> str:
    return str(page.locator(".jd-progress__text").inner_text())


def tick(page: Any, index: int) -> None:
    box = page.locator("li.jd-item input").nth(index)
    box.scroll_into_view_if_needed()
    box.click(force=True)  # (the visible box is Material's drawing over the input)


def open_sop(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("article[data-jd-checklist=ready] .jd-checklist")


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    ctx = browser.new_context(viewport={"width": 1100, "height": 900}, accept_downloads=True)
    yield ctx
    ctx.close()


def errors_of(page: Any) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return errors


# ---------------------------------------------------------------------------
# Chinese: no English word of the scripts' messages, through a whole run
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["zh", "zh-Hant"])
def test_the_panel_speaks_chinese_through_a_run(sites: dict[str, StaticServer], context: Any,
                                                code: str) -> None:
    server, lang, words = sites[code], catalog(code), english_words(code)
    _ = lang.gettext
    page = context.new_page()
    errors = errors_of(page)
    open_sop(page, server.url + SOP_URL)
    assert page.evaluate("document.documentElement.lang") == code
    assert page.evaluate("window.journeydocsMessages.lang") == code
    assert page.evaluate("window.journeydocs.i18n.lang()") == code

    seen: list[str] = []

    def check(state: str) -> None:
        text = written(page)
        seen.append(text)
        assert not leaks(text, words), (state, leaks(text, words), text)

    check("no run yet")
    assert progress(page) == {"zh": "已完成 0/10 项", "zh-Hant": "已完成 0/10 項"}[code]
    assert page.locator(".jd-run-none").inner_text() == {
        "zh": "还没有执行记录：勾选任意一项即开始“第 1 次执行”。",
        "zh-Hant": "尚無執行紀錄：勾選任一項目即開始「第 1 次執行」。"}[code]

    tick(page, 0)  # starts the run nobody named
    assert page.locator(".jd-run-select option:checked").inner_text() == (
        _("Run {n}").format(n=1) + " — 1/10")
    check("ticked")

    page.get_by_role("button", name=_("New run")).click()
    check("new-run form open")
    page.get_by_label(_("Name of the new run")).fill(RUN_NAME[code])
    page.get_by_role("button", name=_("Start run")).click()
    page.locator(".jd-toast", has_text=RUN_NAME[code]).wait_for()
    tick(page, 1)
    tick(page, 4)
    assert progress(page) == _("{done} of {total} done").format(done=2, total=10)
    check("a named run")

    page.get_by_role("button", name=_("Finish run")).click()
    assert page.locator("li.jd-item input").first.is_disabled()
    assert page.locator(".jd-run-meta time").count() == 3  # started, changed, finished
    check("finished")
    page.get_by_role("button", name=_("Reopen run")).click()
    assert page.locator("li.jd-item input").first.is_enabled()
    check("reopened")

    page.get_by_role("button", name=_("Delete run")).click()
    check("deleted, with undo")
    page.locator(".jd-toast").get_by_role("button", name=_("Undo")).click()
    page.locator(".jd-runs summary").click()
    assert page.locator(".jd-runs__run").count() == 2
    check("all runs listed")

    # The index: the runs in progress, and what each has done (title).
    page.goto(server.url + "sops/")
    badge = page.locator(f'.jd-sop-runs[data-sop="{SOP}"]')
    badge.filter(has_text={"zh": "2 次执行进行中", "zh-Hant": "2 次執行進行中"}[code]).wait_for()
    assert RUN_NAME[code] in (badge.get_attribute("title") or "")
    check("the SOP index")

    # The map controls: names, titles, and the full-screen button's other state.
    page.goto(server.url + JOURNEY_URL)
    page.wait_for_selector(".jd-map-tools")
    check("map controls")
    page.get_by_role("button", name=_("Full screen")).click()
    assert page.get_by_role("button", name=_("Close")).count() == 1
    check("map full screen")

    everything = "\n".join(seen)
    if code == "zh-Hant":  # Traditional characters only, not Simplified ones
        assert "執行" in everything and not re.search("[执开录选删进]", everything)
    else:
        assert "执行" in everything and not re.search("[執開錄選刪進]", everything)
    assert errors == []


@pytest.mark.parametrize("code", ["zh", "zh-Hant"])
def test_export_and_print_are_chinese(sites: dict[str, StaticServer], browser: Any,
                                      code: str) -> None:
    server, lang, words = sites[code], catalog(code), english_words(code)
    _ = lang.gettext
    context = browser.new_context(accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url[:-1])
    context.add_init_script(STUB_PRINT)
    page = context.new_page()
    errors = errors_of(page)
    open_sop(page, server.url + SOP_URL)
    page.get_by_role("button", name=_("New run")).click()
    page.get_by_label(_("Name of the new run")).fill(RUN_NAME[code])
    page.get_by_role("button", name=_("Start run")).click()
    tick(page, 0)
    tick(page, 3)
    page.get_by_role("button", name=_("Finish run")).click()

    with page.expect_download() as info:
        page.get_by_role("button", name=_("Download .md")).click()
    assert re.fullmatch(rf"{SOP}-{RUN_NAME[code]}-\d{{4}}-\d\d-\d\d\.md",
                        info.value.suggested_filename)
    text = Path(info.value.path()).read_text("utf-8")
    fields = [line[2:] for line in text.split("\n\n")[1].splitlines()]
    assert fields[:2] == [f"SOP：{SOP}", _("Run: {name}").format(name=RUN_NAME[code])]
    assert fields[1] == {"zh": "执行：王先生的咨询", "zh-Hant": "執行：王先生的諮詢"}[code]
    assert {"zh": "进度：已完成 2/10 项", "zh-Hant": "進度：已完成 2/10 項"}[code] in fields
    assert [f.split("：")[0] for f in fields] == [
        "SOP", *(_(x).split("：")[0] for x in (
            "Run: {name}", "Started: {time}", "Last changed: {time}", "Finished: {time}",
            "Exported: {time}", "Progress: {done} of {total} done", "Page: {url}"))]
    assert not leaks(text, words, SOP), leaks(text, words, SOP)
    assert "- [x] 阅读需求表和预约时记下的三点观察" in text

    page.get_by_role("button", name=_("Copy as Markdown")).click()
    page.locator(".jd-toast", has_text=_("Copied the run as Markdown.")).wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    exported = re.compile(r"^- " + re.escape(_("Exported: {time}").split("{")[0]) + ".*$", re.M)
    assert exported.sub("", copied) == exported.sub("", text)
    assert not leaks(written(page), words)  # the toasts

    # Printed: the run's head in Chinese, no English word of ours on the page.
    own_words = page.evaluate("""() => {
        const article = document.querySelector("article").cloneNode(true);
        article.querySelectorAll(".jd-widget").forEach((el) => el.remove());
        return article.textContent; }""")
    page.emulate_media(media="print")
    page.locator("[data-jd-action=print-run]").evaluate("(el) => el.click()")
    printed = printed_text(page.pdf())
    head = _("Run: {name} · started {started} · last changed {changed} · "
             "{done} of {total} done").split("{started}")[0].format(name=RUN_NAME[code])
    assert head in printed, printed
    assert {"zh": "已完成 2/10 项", "zh-Hant": "已完成 2/10 項"}[code] in printed
    assert "1/3" in printed  # a section's badge
    mine = words - {w.lower() for w in LATIN.findall(own_words)}
    assert not leaks(printed, mine), leaks(printed, mine)

    page.locator("[data-jd-action=print-blank]").evaluate("(el) => el.click()")
    blank = printed_text(page.pdf())
    assert _("Run: ______________________________   Date: ______________")[:5] in blank
    assert RUN_NAME[code] not in blank
    assert not leaks(blank, mine), leaks(blank, mine)
    assert page.evaluate("window.__printCalls") == 2
    assert errors == []
    context.close()


@pytest.mark.parametrize("script", [FULL_STORAGE, THROWING_GETTER], ids=["full", "blocked"])
def test_storage_notices_are_chinese(sites: dict[str, StaticServer], context: Any,
                                     script: str) -> None:
    context.add_init_script(script)
    page = context.new_page()
    open_sop(page, sites["zh"].url + SOP_URL)
    notice = page.locator(".jd-checklist__notice").inner_text()
    assert notice.startswith("勾选记录不会被保存：")
    assert ("存储空间已满" in notice) == (script is FULL_STORAGE)
    assert not leaks(written(page), english_words("zh"))


def test_runs_in_progress_are_counted_in_chinese(sites: dict[str, StaticServer],
                                                 context: Any) -> None:
    page = context.new_page()
    page.goto(sites["zh"].url + "sops/")
    assert index_badges(page, [0, 1, 10]) == ["", "1 次执行进行中", "10 次执行进行中"]


# ---------------------------------------------------------------------------
# English: counts that read right; and the scripts without messages.js
# ---------------------------------------------------------------------------


def index_badges(page: Any, counts: list[int]) -> list[str]:
    """The SOP index's badge of consultation-call with ``n`` runs in progress, for each n
    (stored through the checklist's own storage part)."""
    page.wait_for_selector(f'.jd-sop-runs[data-sop="{SOP}"]', state="attached")
    badges = []
    for n in counts:
        badges.append(page.evaluate("""([sop, n]) => {
            const ns = window.journeydocs.checklist;
            const record = ns.storage.emptyRecord(sop, "");
            for (let i = 0; i < n; i += 1) ns.storage.createRun(record, "", 10);
            ns.storage.saveRecord(record);
            ns.panel.renderIndex();
            return document.querySelector(`.jd-sop-runs[data-sop="${sop}"]`).textContent;
        }""", [SOP, n]))
    return badges


def test_english_counts_read_right(sites: dict[str, StaticServer], context: Any) -> None:
    server = sites["en"]
    page = context.new_page()
    errors = errors_of(page)

    open_sop(page, server.url + "sops/one-item/")
    assert page.evaluate("window.journeydocsMessages.lang") == "en"
    assert progress(page) == "0 of 1 done"
    tick(page, 0)
    assert progress(page) == "1 of 1 done — checklist complete."
    assert page.locator(".jd-run-select option:checked").inner_text() == "Run 1 — 1 of 1"

    open_sop(page, server.url + SOP_URL)
    assert progress(page) == "0 of 10 done"
    assert page.locator(".jd-section-progress").all_inner_texts() == [
        "0 of 3", "0 of 5", "0 of 2"]
    for index in range(10):
        tick(page, index)
    assert progress(page) == "All 10 done — checklist complete."

    # An SOP without items has no panel.
    page.goto(server.url + "sops/no-items/")
    page.wait_for_function("window.__journeydocsChecklist !== undefined")
    assert page.locator(".jd-checklist").count() == 0

    page.goto(server.url + "sops/")
    assert index_badges(page, [0, 1, 10]) == ["", "1 run in progress", "10 runs in progress"]
    assert errors == []


def test_without_messages_the_scripts_work_in_english(sites: dict[str, StaticServer],
                                                      context: Any) -> None:
    """A Chinese site whose messages.js does not load: English words, counts still right."""
    page = context.new_page()
    errors = errors_of(page)
    page.route(re.compile(r"/assets/journeydocs/messages\.js$"), lambda route: route.abort())
    open_sop(page, sites["zh"].url + SOP_URL)
    assert page.evaluate("window.journeydocsMessages") is None
    assert progress(page) == "0 of 10 done"
    assert page.locator(".jd-run-none").inner_text() == (
        "No run yet: ticking an item starts “Run 1”.")
    tick(page, 0)
    assert page.get_by_role("button", name="Finish run").is_visible()
    page.goto(sites["zh"].url + "sops/")
    assert index_badges(page, [1, 2]) == ["1 run in progress", "2 runs in progress"]
    page.goto(sites["zh"].url + JOURNEY_URL)
    page.wait_for_selector(".jd-map-tools")
    assert page.get_by_role("button", name="Zoom in").count() == 1
    assert not [e for e in errors if "messages.js" not in e and "ERR_FAILED" not in e], errors
