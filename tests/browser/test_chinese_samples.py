"""The Chinese samples (samples/zh, samples/zh-Hant) as a Chinese reader meets them.

Each sample is built as ``./dev build zh`` builds it and opened in Chromium. On every page
kind (home, journeys index, a journey with its map, the SOP index, an SOP, owners, an
owner, metrics, health), through a checklist run, in the exported Markdown and on the
printed page, no word of journeydocs' English catalog may be shown: not in the visible
text, nor in an attribute meant for people (``title``, ``aria-label``, ``alt``,
``placeholder``). Words the sample's own authors wrote (ids, names such as LINE or IG) and
the words the Chinese catalog itself keeps (SOP, Markdown) are not the catalog's to
translate. Every page says its language: ``<html lang>`` is the sample's, and no element
says another.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from babel.messages.pofile import read_po

from browser.test_checklist import STUB_PRINT
from browser.test_checklist_language import open_sop, printed_text, tick
from conftest import ROOT, SAMPLE_LANGUAGE, BuildResult, StaticServer
from journeydocs import i18n
from journeydocs.i18n.catalogs import LOCALES

pytestmark = pytest.mark.browser

LATIN = re.compile(r"[A-Za-z]{2,}")
PLACEHOLDER = re.compile(r"\{\w+\}")
PEOPLE = """() => {
  const out = [document.body.innerText];
  for (const el of document.querySelectorAll("[title], [aria-label], [alt], [placeholder]")) {
    for (const name of ["title", "aria-label", "alt", "placeholder"]) {
      if (el.hasAttribute(name)) out.push(el.getAttribute(name));
    }
  }
  return out.join("\\n");
}"""
LANGS = """() => [...document.querySelectorAll("[lang]")].map((el) =>
  el.tagName.toLowerCase() + "=" + el.getAttribute("lang"))"""


QUOTED = re.compile(r"“[^”]*”|「[^」]*」|‘[^’]*’|'[^'\n]*'|`[^`]*`")
IDENTIFIER = re.compile(r"[A-Za-z0-9]+(?:[_./:-][A-Za-z0-9]+)+")
URL = re.compile(r"(?:https?|file)://\S+")


def _keys() -> set[str]:
    """The content model's YAML keys (schemas/*.json): a message names them as written."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            found.update(node.get("properties", {}))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted((ROOT / "schemas").glob("*.json")):
        walk(json.loads(path.read_text(encoding="utf-8")))
    return found


KEYS = re.compile(r"\b(?:" + "|".join(sorted(_keys(), key=len, reverse=True)) + r")\b")


def _unquoted(text: str) -> str:
    """``text`` without what a message quotes as written (ids, code, “owner”), the content
    model's keys in lower case (owner, sop: the key, where a label would say Owner),
    identifiers and URLs: the words left are the ones meant to be read."""
    return KEYS.sub(" ", IDENTIFIER.sub(" ", QUOTED.sub(" ", URL.sub(" ", text))))


def _latin(texts: list[str]) -> set[str]:
    return {w.lower() for text in texts
            for w in LATIN.findall(_unquoted(PLACEHOLDER.sub(" ", text)))}


def leaks(text: str, words: set[str]) -> list[str]:
    """The words of ``words`` that ``text`` shows outside quotes and identifiers."""
    return sorted({w for w in LATIN.findall(_unquoted(text)) if w.lower() in words})


def catalog_words(code: str) -> set[str]:
    """Latin words of every English message that the ``code`` catalog does not keep in
    its translations (a message left in English keeps none of its words)."""
    with (LOCALES / "journeydocs.pot").open("rb") as handle:
        template = read_po(handle)
    language = i18n.load(code)[0]
    english, translated = [], []
    for message in template:
        if not message.id:
            continue
        ids = list(message.id) if isinstance(message.id, tuple) else [message.id]
        english += ids
        texts = ([language.ngettext(ids[0], ids[1], n) for n in (1, 2)] if len(ids) == 2
                 else [language.gettext(ids[0])])
        translated += [t for t in texts if t not in ids]  # (an English one keeps nothing)
    return _latin(english) - _latin(translated)


class _AnyTag(yaml.SafeLoader):
    """Reads mkdocs.yml's ``!ENV`` and other tags as plain values."""


_AnyTag.add_multi_constructor("!", lambda loader, suffix, node: None)


def _values(data: Any) -> Iterator[str]:
    """The strings of a YAML document's values (its keys are the content model's)."""
    if isinstance(data, dict):
        for value in data.values():
            yield from _values(value)
    elif isinstance(data, list):
        for value in data:
            yield from _values(value)
    elif data is not None and not re.fullmatch(r"[a-z0-9-]+", str(data)):
        yield str(data)  # (an id, or a value the content model names: not prose)


def authors_words(project: Path) -> set[str]:
    """Latin words the sample's authors wrote: its Markdown bodies and the values (not the
    keys) of its YAML, front matter and mkdocs.yml."""
    texts: list[str] = []
    for path in sorted(project.rglob("*")):
        if path.suffix not in (".md", ".yml") or "site" in path.relative_to(project).parts:
            continue
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".md" and text.startswith("---"):
            _, front, text = text.split("---", 2)
            texts += _values(yaml.load(front, Loader=_AnyTag))
        elif path.suffix == ".yml":
            texts += _values(yaml.load(text, Loader=_AnyTag))
            continue
        texts.append(text)
    return _latin(texts)


def checklist_sop(project: Path) -> str:
    """The sample's SOP with the most checklist items."""
    counts = {p.stem: p.read_text(encoding="utf-8").count("- [ ] ")
              for p in (project / "docs" / "sops").glob("*.md")}
    return max(sorted(counts), key=lambda sid: counts[sid])


def pages(project: Path) -> list[str]:
    """One page of each kind, by what the sample has."""
    docs = project / "docs"
    journey = sorted((docs / "journeys").glob("*.yml"))[0].stem
    sop = checklist_sop(project)
    owner = sorted(yaml.safe_load((docs / "owners.yml").read_text(encoding="utf-8")))[0]
    return ["", "journeys/", f"journeys/{journey}/", "sops/", f"sops/{sop}/", "owners/",
            f"owners/{owner}/", "metrics/", "health/"]


@pytest.fixture(scope="module")
def served(language_site: BuildResult) -> Iterator[tuple[str, Path, StaticServer]]:
    project = language_site.site.parent
    with StaticServer(language_site.site) as server:
        yield project.name, project, server


def test_no_english_word_of_journeydocs_on_any_page(browser: Any,
                                                    served: tuple[str, Path, StaticServer]
                                                    ) -> None:
    code, project, server = served
    words = catalog_words(code) - authors_words(project)
    assert {"owner", "review", "checklist", "journeys", "metrics", "health"} <= words
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    found: dict[str, list[str]] = {}
    try:
        for url in pages(project):
            response = page.goto(server.url + url)
            assert response is not None and response.ok, url
            lang = SAMPLE_LANGUAGE[code]
            assert page.evaluate("document.documentElement.lang") == lang, url
            assert set(page.evaluate(LANGS)) == {f"html={lang}"}, (url, page.evaluate(LANGS))
            if url.startswith("journeys/") and url != "journeys/":
                assert page.locator("svg.jd-map:visible").count() == 1, url  # its map
            leaked = leaks(page.evaluate(PEOPLE), words)
            if leaked:
                found[url or "/"] = leaked
        assert found == {}, found
        assert errors == []
    finally:
        context.close()


def test_a_run_its_export_and_its_print_are_chinese(browser: Any,
                                                    served: tuple[str, Path, StaticServer]
                                                    ) -> None:
    code, project, server = served
    words = catalog_words(code) - authors_words(project)
    _ = i18n.load(code)[0].gettext
    sop = pages(project)[4]
    context = browser.new_context(accept_downloads=True)
    context.add_init_script(STUB_PRINT)
    page = context.new_page()
    try:
        open_sop(page, server.url + sop)
        states = [page.evaluate(PEOPLE)]
        page.get_by_role("button", name=_("New run")).click()
        states.append(page.evaluate(PEOPLE))
        page.get_by_label(_("Name of the new run")).fill("周一早班")
        page.get_by_role("button", name=_("Start run")).click()
        tick(page, 0)
        tick(page, 2)
        states.append(page.evaluate(PEOPLE))
        page.get_by_role("button", name=_("Finish run")).click()
        states.append(page.evaluate(PEOPLE))
        for text in states:
            assert not leaks(text, words), leaks(text, words)

        with page.expect_download() as info:
            page.get_by_role("button", name=_("Download .md")).click()
        exported = Path(info.value.path()).read_text(encoding="utf-8")
        assert "周一早班" in exported and "- [x] " in exported
        assert not leaks(exported, words), leaks(exported, words)

        page.emulate_media(media="print")
        page.locator("[data-jd-action=print-run]").evaluate("(el) => el.click()")
        printed = printed_text(page.pdf())
        assert "周一早班" in printed
        assert not leaks(printed, words), leaks(printed, words)
    finally:
        context.close()
