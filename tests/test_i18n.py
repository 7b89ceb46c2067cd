"""The catalogs (journeydocs.i18n): in step with the code, complete, and chosen right.

Each language's words are tested where they are shown (build, browser and CLI tests); here:
every catalog has exactly the messages the code uses (no missing, no stale), each Chinese
message is translated with the same placeholders, the glossary's terms are used in the
right script, and a language code picks the catalog Material's users expect.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from conftest import ROOT
from journeydocs import i18n
from journeydocs.i18n import browser, catalogs, extract

CHINESE = ("zh", "zh_Hant")
SAME_IN_CHINESE = {"SOP", "★ SOP"}  # the glossary keeps "SOP" alone in tight UI
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


def _catalog(locale: str):  # type: ignore[no-untyped-def]
    path = catalogs.LOCALES / locale / "LC_MESSAGES" / "journeydocs.po"
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def test_catalogs_are_in_step_with_the_code() -> None:
    """A message the code uses and a catalog lacks, or one it has and the code no longer
    uses, fails here (run ./dev messages to update them)."""
    result = subprocess.run([sys.executable, "-m", "journeydocs.i18n.extract", "--check"],
                            capture_output=True, text=True, cwd=ROOT,
                            env={"PYTHONPATH": str(ROOT / "plugins")})
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_check_sees_a_missing_and_a_stale_message(tmp_path: Path) -> None:
    source = extract.template()
    source.add("A message only the code has", locations=[("journeydocs/x.py", None)])
    path = tmp_path / "zh.po"
    path.write_bytes(extract.updated(catalogs.packaged()["zh"], "zh", extract.template()))
    catalog = read_po(io.BytesIO(path.read_bytes()), locale="zh")
    catalog.add("A message the code no longer uses", "旧消息")
    ids = {m.id for m in catalog if m.id}
    assert "A message the code no longer uses" in ids
    again = read_po(io.BytesIO(extract.updated(path, "zh", source)), locale="zh")
    ids = {m.id for m in again if m.id}
    assert "A message only the code has" in ids
    assert "A message the code no longer uses" not in ids


@pytest.mark.parametrize("locale", CHINESE)
def test_every_message_is_translated_with_its_placeholders(locale: str) -> None:
    problems = []
    for message in _catalog(locale):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            problems.append(f"untranslated: {ids[0]!r}")
            continue
        if any(text in ids for text in strings) and ids[0] not in SAME_IN_CHINESE:
            problems.append(f"left in English: {ids[0]!r}")
            continue
        wanted = set(PLACEHOLDER.findall(ids[-1])) | set(PLACEHOLDER.findall(ids[0]))
        for text in strings:
            if set(PLACEHOLDER.findall(text)) != wanted:
                problems.append(f"placeholders differ: {ids[0]!r} -> {text!r}")
    assert not problems, "\n".join(problems)


def _glossary() -> list[tuple[str, str]]:
    """(Simplified, Traditional) term pairs of ../shared/glossary-zh.md that differ."""
    path = ROOT.parent / "shared" / "glossary-zh.md"
    pairs = []
    if not path.is_file():
        return pairs
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not re.search(r"[\u4e00-\u9fff]", cells[1]):
            continue
        for hans, hant in zip(re.split(r"\s*/\s*", cells[1]), re.split(r"\s*/\s*", cells[2]),
                              strict=False):
            hans, hant = re.sub(r"[（(].*", "", hans).strip(), re.sub(r"[（(].*", "", hant).strip()
            if hans and hant and hans != hant:
                pairs.append((hans, hant))
    return pairs


def test_each_script_uses_its_own_glossary_terms() -> None:
    """Simplified terms do not appear in the Traditional catalog, nor the reverse."""
    texts = {}
    for locale in CHINESE:
        texts[locale] = "\n".join(
            "".join(m.string) if isinstance(m.string, tuple) else m.string
            for m in _catalog(locale) if m.id)
    wrong = [f"zh_Hant uses the Simplified '{hans}' (want '{hant}')"
             for hans, hant in _glossary() if hans in texts["zh_Hant"]]
    wrong += [f"zh uses the Traditional '{hant}' (want '{hans}')"
              for hans, hant in _glossary() if hant in texts["zh"]]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(("code", "wanted", "fallback"), [
    ("en", "en", False), ("en-US", "en", False), ("", "en", False),
    ("zh", "zh", False), ("zh-CN", "zh", False), ("zh-Hans", "zh", False),
    ("zh-Hant", "zh_Hant", False), ("zh-TW", "zh_Hant", False), ("zh-HK", "zh_Hant", False),
    ("fr", "en", True), ("not a language", "en", True),
])
def test_a_code_picks_the_catalog(code: str, wanted: str, fallback: bool) -> None:
    chosen = catalogs.resolve(code, sorted(catalogs.packaged()))
    assert (chosen.id, chosen.fallback) == (wanted, fallback)


def test_a_project_catalog_adds_a_language_and_rewords_one(tmp_path: Path) -> None:
    (tmp_path / "fr.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n'
        '"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "Owner"\nmsgstr "Responsable"\n', encoding="utf-8")
    language, chosen = i18n.load("fr", tmp_path)
    assert (chosen.id, chosen.fallback) == ("fr", False)
    assert language.gettext("Owner") == "Responsable"
    assert language.gettext("Something else") == "Something else"  # English fallback
    assert language.tag == "fr"


def test_the_active_language_is_scoped() -> None:
    zh, _ = i18n.load("zh")
    assert i18n.current().id == "en"
    with i18n.use(zh):
        assert i18n.current().id == "zh"
        assert i18n.current().date(__import__("datetime").date(2026, 11, 30)) == "2026年11月30日"
    assert i18n.current().id == "en"


def test_the_browser_script_is_data_with_plural_categories() -> None:
    en, _ = i18n.load("en")
    zh, _ = i18n.load("zh")
    ids = (("{n} item", "{n} items"),)
    assert browser.messages(en, ids)["{n} item"] == {"one": "{n} item", "other": "{n} items"}
    assert set(browser.messages(zh, ids)["{n} item"]) == {"other"}
    text = browser.script(zh, ("</script>",))
    assert text.startswith("window.journeydocsMessages = {")
    assert "</script>" not in text


def test_a_new_message_is_untranslated_in_chinese_though_english_is_filled(
        tmp_path: Path) -> None:
    """The English catalog gets a new message's English text; the Chinese catalogs
    updated after it (from the same template) must not."""
    source = extract.template()
    source.add("A message only the code has", locations=[("journeydocs/x.py", None)])
    english = read_po(io.BytesIO(extract.updated(tmp_path / "en.po", "en", source)),
                      locale="en")
    chinese = read_po(io.BytesIO(extract.updated(tmp_path / "zh.po", "zh", source)),
                      locale="zh")
    assert english.get("A message only the code has").string == "A message only the code has"
    assert chinese.get("A message only the code has").string == ""


BROKEN_PO = '''msgid ""
msgstr ""
"Language: ja\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"
"Content-Type: text/plain; charset=utf-8\\n"

msgid "SOP '{name}' does not exist"
msgstr "SOP「{nme}」は存在しません"

msgid "Owner"
msgstr "責任者"

msgid "{n} item"
msgid_plural "{n} items"
msgstr[0] ""
msgstr[1] ""
'''


def test_a_project_catalog_with_mistakes_is_used_where_it_can_be(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A placeholder the message lacks would crash every message that uses it: that one is
    shown in English and reported by file and line; an untranslated plural is English
    (with English plural rules); Babel's own warnings do not reach standard output."""
    (tmp_path / "ja.po").write_text(BROKEN_PO, encoding="utf-8")
    language, _ = i18n.load("ja", tmp_path)
    assert language.gettext("Owner") == "責任者"
    assert language.gettext("SOP '{name}' does not exist") == "SOP '{name}' does not exist"
    assert language.ngettext("{n} item", "{n} items", 2) == "{n} items"
    assert language.ngettext("{n} item", "{n} items", 1) == "{n} item"
    assert language.note_texts() == [
        f"{tmp_path / 'ja.po'}:7: the translation of 'SOP '{{name}}' does not exist' cannot "
        "be filled in: 'SOP「{nme}」は存在しません' (its {placeholders} must be the "
        "message's: name; write {{ and }} for braces): it is shown in English"]
    assert capsys.readouterr().out == ""
    (tmp_path / "ja.po").write_bytes(b"\xff\xfe not a catalog")
    language, _ = i18n.load("ja", tmp_path)
    assert language.gettext("Owner") == "Owner"
    assert language.note_texts() and "cannot be read" in language.note_texts()[0]


def test_the_project_file_named_for_the_code_rewords_it(tmp_path: Path) -> None:
    """A Taiwan team names its file for its code (zh-TW.po); a Simplified rewording
    (zh.po) is not used for a Traditional site."""
    head = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
    (tmp_path / "zh-TW.po").write_text(head + 'msgid "Owner"\nmsgstr "負責窗口"\n', "utf-8")
    (tmp_path / "zh.po").write_text(head + 'msgid "Tools"\nmsgstr "用具"\n', "utf-8")
    language, chosen = i18n.load("zh-TW", tmp_path)
    assert chosen.id == "zh_Hant"
    assert language.gettext("Owner") == "負責窗口"
    assert language.gettext("Tools") == "工具"  # the packaged Traditional catalog
    assert i18n.load("zh-Hant", tmp_path)[0].gettext("Owner") == "負責人"
    assert i18n.load("zh", tmp_path)[0].gettext("Tools") == "用具"


def test_the_cli_reports_a_broken_project_catalog_and_goes_on(tmp_path: Path) -> None:
    from conftest import copy_sample

    project = copy_sample(tmp_path / "project")
    (project / "locales").mkdir()
    (project / "locales" / "ja.po").write_text(BROKEN_PO, encoding="utf-8")
    sop = project / "content" / "journeys" / "webinar-to-client.yml"
    sop.write_text(sop.read_text(encoding="utf-8").replace("sop: consultation-call",
                                                           "sop: consultation-cal", 1),
                   encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "journeydocs.cli", "--lang", "ja", "check",
                             str(project)], capture_output=True, text=True,
                            env={"PYTHONPATH": str(ROOT / "plugins"), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "locales/ja.po:7: the translation of" in result.stderr
    assert "SOP 'consultation-cal' does not exist" in result.stdout
