"""The generated site in the site's language: a Chinese playbook built with Material in
``zh`` and ``zh-Hant`` shows none of journeydocs' English words.

``tests/fixtures/i18n-site/`` is a small Chinese playbook; the test writes its ``mkdocs.yml``
(Material, no ``stages``: the hourglass with the language's labels) and builds it with
``--strict``. On every kind of page (home, journeys index, a journey page with its map, an
SOP page's facts table, owners, metrics, health) no English word of a message journeydocs
puts on a page (the English catalog's msgids of the site, maps and plugin code) is in the
visible text, in the SVG map's text and ``<title>``\\ s, or in a ``title``, ``aria-label``
or ``alt`` attribute. The checker's messages are left out: they are another part's (they
arrive with the playbook's problems). Then what the language decides is checked by value:
navigation labels, stage labels, durations, dates, ``<html lang>`` and the search separator.
Last, translated text holding Markdown, HTML or Jinja syntax is shown as typed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import markdown
import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from conftest import ROOT, BuildResult, run_mkdocs_build
from journeydocs import i18n
from journeydocs.content.config import load_project
from journeydocs.content.model import default_stages
from journeydocs.content.pipeline import load_and_check
from journeydocs.content.settings import Settings, parse_stages
from journeydocs.i18n import catalogs
from journeydocs.maps.figures import MapJobs
from journeydocs.problems import Problems
from journeydocs.site.build import generated_pages, make_site
from journeydocs.site.navigation import navigation
from journeydocs.site.pages import sop_markdown

FIXTURE = ROOT / "tests" / "fixtures" / "i18n-site"
TODAY = "2026-11-30"
CONFIG = """\
site_name: 服务手册
docs_dir: content
theme:
  name: material
  language: {language}
  font: false
plugins:
  - search
  - journeydocs:
      today: {today}
markdown_extensions:
  - attr_list
  - admonition
  - tables
  - md_in_html
  - toc: {{permalink: true}}
  - pymdownx.tasklist: {{custom_checkbox: true}}
"""
PAGES = {  # what each kind of page is, and where it is built
    "home": "index.html",
    "journeys index": "journeys/index.html",
    "journey": "journeys/webinar-to-client/index.html",
    "operations journey": "journeys/client-onboarding/index.html",
    "SOP": "sops/client-kickoff/index.html",
    "reference SOP": "sops/price-list/index.html",
    "SOP index": "sops/index.html",
    "owners": "owners/index.html",
    "owner": "owners/sales-lead/index.html",
    "metrics": "metrics/index.html",
    "health": "health/index.html",
}
SCOPE = ("journeydocs/site/", "journeydocs/maps/", "journeydocs/mkdocs_plugin/",
         "journeydocs/content/model.py")
"""The code whose messages reach the generated pages (this part of the catalogs)."""
LANGUAGES = {  # theme.language -> catalog, <html lang>, words the site must show
    "zh": ("zh", "zh", {"nav": ["服务手册", "客户旅程", "SOP", "负责人", "指标", "手册健康度"],
                        "stages": ["认识", "喜欢", "信任", "试用", "购买", "复购", "推荐"],
                        "owner tip": "负责人：", "every": "每 90 天",
                        "systems": ["营销系统", "运营系统"]}),
    "zh-Hant": ("zh_Hant", "zh-Hant",
                {"nav": ["服务手册", "客戶旅程", "SOP", "負責人", "指標", "手冊健康度"],
                 "stages": ["認識", "喜歡", "信任", "試用", "購買", "回購", "推薦"],
                 "owner tip": "負責人：", "every": "每 90 天",
                 "systems": ["行銷系統", "營運系統"]}),
}


@pytest.fixture(scope="module", params=sorted(LANGUAGES))
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
          ) -> tuple[str, BuildResult, Path]:
    language = request.param
    project = tmp_path_factory.mktemp(f"site-{language}")
    shutil.copytree(FIXTURE / "content", project / "content")
    (project / "mkdocs.yml").write_text(CONFIG.format(language=language, today=TODAY),
                                        encoding="utf-8")
    result = run_mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.output
    return language, result, project


def _catalog(locale: str):  # type: ignore[no-untyped-def]
    path = catalogs.LOCALES / locale / "LC_MESSAGES" / "journeydocs.po"
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
_WORDS = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z](?: [A-Za-z][A-Za-z'’-]*[A-Za-z])*")


KEPT = {"SOP", "Graphviz", "front matter", "apt-get install graphviz", "dev serve", "md",
        "Markdown", "Ctrl", "Acme"}
"""Words the Chinese catalogs keep as they are (names, commands, the glossary's "SOP", the
scripts' ".md" and Markdown, which file paths on a page also have)."""


def english_phrases() -> dict[str, str]:
    """English phrase -> the msgid it comes from: the runs of words of every message of
    :data:`SCOPE` but :data:`KEPT` and the date pattern. Each run is matched as whole
    words, with its case (a message left untranslated is found by its words)."""
    found: dict[str, str] = {}
    for message in _catalog("en"):
        if not message.id or not any(path.startswith(SCOPE) for path, _ in message.locations):
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        if ids[0] == "yyyy-MM-dd":
            continue  # (a date pattern, not words)
        for text in ids:
            for fragment in _PLACEHOLDER.split(text):
                for phrase in _WORDS.findall(fragment):
                    if phrase not in KEPT:
                        found.setdefault(phrase, ids[0])
    return found


def visible(html: str) -> tuple[str, list[str]]:
    """A page's text as a reader sees or hears it (SVG text and titles included), and the
    ``title``, ``aria-label`` and ``alt`` attributes of every element."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style", "template", "noscript"]):
        hidden.decompose()
    names = [str(el.get(a)) for el in soup.find_all(True)
             for a in ("title", "aria-label", "alt") if el.get(a)]
    text = soup.body.get_text("\n") if soup.body else ""
    return text, names


def checker_texts(project: Path, locale: str) -> list[str]:
    """The checker's messages and hints for this playbook (not this part's words)."""
    language, _ = i18n.load(locale)
    with i18n.use(language):
        settings = load_project(project, Problems())
        assert settings is not None
        _book, problems = load_and_check(settings)
    return sorted({t for p in problems for t in (p.message, p.hint) if t}, key=len,
                  reverse=True)


def _whole(phrase: str, text: str) -> re.Match[str] | None:
    return re.search(rf"(?<![A-Za-z]){re.escape(phrase)}(?![A-Za-z])", text)


def test_no_english_word_of_journeydocs_on_any_page(built: tuple[str, BuildResult, Path]
                                                   ) -> None:
    language, result, project = built
    locale = LANGUAGES[language][0]
    phrases = english_phrases()
    assert {"Owner", "Review", "Tools", "Tags", "Checklist", "Next", "Metrics", "target",
            "Touchpoint", "Channel", "Type", "items", "due", "every", "Playbook health",
            "Home", "Journeys", "SOPs", "Owners"} <= set(phrases)  # (the test sees them)
    skip = checker_texts(project, locale)
    found = []
    for kind, rel in PAGES.items():
        text, names = visible(result.page(rel))
        for problem in skip:
            text = text.replace(problem, " ")
        for where, texts in (("text", [" ".join(text.split())]), ("attribute", names)):
            for phrase, msgid in phrases.items():
                hits = [m for t in texts if (m := _whole(phrase, t)) is not None]
                if hits:
                    at, context = hits[0].start(), hits[0].string
                    found.append(f"{kind} ({rel}) {where}: {phrase!r} (from {msgid!r}) "
                                 f"in {context[max(at - 60, 0):at + 60]!r}")
    assert not found, "\n".join(found)


def test_the_map_speaks_the_language(built: tuple[str, BuildResult, Path]) -> None:
    language, result, _ = built
    words = LANGUAGES[language][2]
    soup = BeautifulSoup(result.page(PAGES["journey"]), "html.parser")
    svg = soup.select_one("figure.jd-map-frame svg")
    assert svg is not None
    texts = [t.get_text() for t in svg.find_all("text")]
    titles = [t.get_text() for t in svg.find_all("title")]
    assert [s for s in words["stages"][:4] if s in texts] == words["stages"][:4]
    assert titles and all(words["owner tip"] in t for t in titles if "\n" in t)
    assert any(words["owner tip"] in t for t in titles)
    caption = soup.select_one("figcaption.jd-map-caption")
    assert caption is not None and not re.search(r"[A-Za-z]{3}", caption.get_text()
                                                 .replace("SOP", ""))
    viewport = soup.select_one("figure.jd-map-frame .jd-map-viewport")  # named by the title
    assert viewport is not None and caption.select_one(".jd-map-title").get(
        "id") == viewport.get("aria-labelledby")


def test_navigation_stages_and_values_follow_the_language(
        built: tuple[str, BuildResult, Path]) -> None:
    language, result, _ = built
    _locale, lang, words = LANGUAGES[language]
    for rel in PAGES.values():
        soup = BeautifulSoup(result.page(rel), "html.parser")
        assert soup.html is not None and soup.html.get("lang") == lang, rel
    soup = BeautifulSoup(result.page(PAGES["journeys index"]), "html.parser")
    sections = [" ".join(li.find(["a", "label"]).get_text().split())
                for li in soup.select("nav.md-nav--primary > ul > li")]
    assert sections == words["nav"]
    hourglass = soup.select_one("nav.jd-hourglass")
    assert hourglass is not None
    assert [s.get_text() for s in hourglass.select(".jd-hg-stage")] == words["stages"]
    assert [s.get_text() for s in hourglass.select(".jd-hg-system")] == words["systems"]
    facts = BeautifulSoup(result.page(PAGES["SOP"]), "html.parser").select_one(
        ".jd-sop-facts")
    assert facts is not None
    review = " ".join(facts.get_text(" ").split())
    assert words["every"] in review and "2026年8月30日" in review, review
    # search: auto gives a Chinese site the playbook's Pagefind index, not Material's lunr
    assert (result.site / "pagefind" / "pagefind-entry.json").exists()
    assert not (result.site / "search" / "search_index.json").exists()


@pytest.mark.parametrize(("code", "labels"), [
    ("en", ["Know", "Like", "Trust", "Try", "Buy", "Repeat", "Refer"]),
    ("zh", LANGUAGES["zh"][2]["stages"]),
    ("zh-TW", LANGUAGES["zh-Hant"][2]["stages"]),
])
def test_default_stage_labels_follow_the_language(code: str, labels: list[str]) -> None:
    language, _ = i18n.load(code)
    with i18n.use(language):
        assert [s.label for s in default_stages()] == labels
        assert [s.label for s in Settings(root=ROOT, docs_dir=ROOT).stages] == labels
        configured = parse_stages([{"id": "know", "label": "Know"}, "buy"], "mkdocs.yml",
                                  Problems())
        assert [s.label for s in configured] == ["Know", labels[4]]  # as written; default


TRICKY = {
    "Owner": "*Owner* <b>{{x}}</b> {{% raw %}}",
    "{field}:": "{field} [x](javascript:alert(1)) {{#c#}}:",
    "{n} ({critical} critical)": "{n} | {critical} `code` &amp;",
    "System map: {title}": "<i>Map</i> {title} {{ y }}",
    "{metric}: target {target}": "{metric} — _target_ {target}",
    "Home": "<b>Home</b> {{ z }}",
}


def _tricky_catalog(folder: Path) -> Path:
    lines = ['msgid ""', 'msgstr ""', '"Language: fr\\n"',
             '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"',
             '"Content-Type: text/plain; charset=utf-8\\n"', ""]
    for msgid, msgstr in TRICKY.items():
        lines += [f"msgid {json.dumps(msgid, ensure_ascii=False)}",
                  f"msgstr {json.dumps(msgstr, ensure_ascii=False)}", ""]
    lines += ['msgid "{n} item"', 'msgid_plural "{n} items"', 'msgstr[0] "{n} *article*"',
              'msgstr[1] "{n} <em>articles</em>"', ""]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "fr.po").write_text("\n".join(lines), encoding="utf-8")
    return folder


def test_translated_markdown_and_html_are_shown_as_typed(tmp_path: Path) -> None:
    """A catalog (a team's own) may hold ``*``, ``<b>``, ``[x](...)`` and Jinja syntax:
    the generated Markdown shows them as text and holds no Jinja syntax."""
    playbook = ROOT / "tests" / "golden" / "playbook"
    language, chosen = i18n.load("fr", _tricky_catalog(tmp_path / "locales"))
    assert not chosen.fallback
    with i18n.use(language):
        settings = Settings(root=playbook, docs_dir=playbook / "content",
                            today=dt.date(2026, 11, 22))
        book, problems = load_and_check(settings)
        site = make_site(book, problems, settings, use_directory_urls=True)
        site.maps = MapJobs(site, _DotOnly()).placeholders()  # type: ignore[arg-type]
        pages = {p.src_uri: p.markdown for p in generated_pages(site, "owners.yml")}
        pages.update({f"sops/{s.id}.md": sop_markdown(site, s) for s in book.sops.values()})
        nav = navigation(site, "index.md", 60)
    for name, text in pages.items():
        assert not [d for d in ("{{", "{%", "{#", "#}", "%}") if d in text], name
    body = "\n\n".join(re.sub(r"\A---\n.*?\n---\n", "", pages[name], flags=re.S)
                       for name in ("journeys/webinar.md", "sops/call.md"))
    html = markdown.markdown(body, extensions=["tables", "attr_list", "md_in_html",
                                               "admonition"])
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find(["b", "i"]) and not soup.select("a[href^=javascript]")
    text = " ".join(soup.get_text(" ").split())
    for shown in ("*Owner* <b>{{x}}</b> {{% raw %}}", "[x](javascript:alert(1)) {{#c#}}:",
                  "`code` &amp;", "— _target_", "3 <em>articles</em>"):
        assert shown in text, shown
    assert next(iter(nav[0])) == "<b>Home</b> {{ z }}"  # (escaped by the plugin, on_nav)


class _DotOnly:
    def key(self, source: str) -> str:
        return ""

    def render_each(self, sources: list[str]) -> list[str]:
        return list(sources)


def test_english_pages_keep_their_words() -> None:
    """English is the catalogs' source: the words are the code's, list style British."""
    from journeydocs.site.overview import stage_list
    from journeydocs.site.words import day, every, names

    assert i18n.current().id == "en"
    assert stage_list(["A", "B", "C"]) == "A, B and C"
    assert every("90d") == "every 90d" and every("1y") == "every 1y"
    assert every("soon") == "every soon"
    assert day(dt.date(2026, 7, 5)) == "2026-07-05"
    assert names(["CRM", "Calendar"]) == "CRM, Calendar"
    zh, _ = i18n.load("zh")
    with i18n.use(zh):
        assert stage_list(["认识", "喜欢", "信任"]) == "认识、喜欢和信任"
        assert (every("90d"), every("2w"), every("6m")) == ("每 90 天", "每 2 周", "每 6 个月")
        assert day(dt.date(2026, 7, 5)) == "2026年7月5日"
        assert names(["工具", "日历"]) == "工具、日历"
