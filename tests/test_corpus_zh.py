"""The corpus in Chinese: the same broken playbooks, every problem in Chinese, same places.

A case of ``tests/corpus/`` (see ``test_corpus.py``) may also list what ``journeydocs check
--lang zh`` and ``--lang zh-Hant`` print: ``errors_zh`` and ``errors_zh_Hant`` (the exact
lines), and ``notices_zh``/``notices_zh_Hant`` when it has notices (without the printed
notice prefix, as ``notices``). For each such case and language:

1. ``journeydocs check`` prints exactly those lines and exits as in English;
2. the problems are at the same ``file:line:col`` as the English ones;
3. no English word is left outside ids, file names, keys, values and quoted author text
   (:func:`english_words`).

The cases with Chinese content (``zh-*.yml``: Chinese titles, labels, checklists; file
names stay ASCII ids) run the whole English corpus test too. One build test checks that
``mkdocs build`` of a Chinese site logs the same lines. Run this file as a script to record
the Chinese output of cases that have none yet (then review the diff).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_corpus import (
    CLASSES,
    CORPUS,
    corpus_files,
    load_case,
    make_project,
    run_build,
)

from journeydocs import i18n

LANGUAGES = {"zh": "zh", "zh_Hant": "zh-Hant"}  # key suffix in a case: --lang code
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    """The CLI and the plugin activate a language for the whole process: put English back."""
    before = i18n.current()
    yield
    i18n.activate(before)


def chinese_cases() -> list[Path]:
    return [p for p in corpus_files() if "errors_zh" in load_case(p)]


def note_prefix(code: str) -> str:
    """What ``journeydocs check`` prints before a notice in language ``code``."""
    language, _ = i18n.load(code)
    with i18n.use(language):
        return i18n._("note: {problem}").format(problem="")


def printed(out: str, code: str) -> tuple[list[str], list[str]]:
    """The errors and the notices (without their prefix) ``journeydocs check`` printed."""
    prefix = note_prefix(code)
    lines = [ln for ln in out.splitlines() if ln]
    return ([ln for ln in lines if not ln.startswith(prefix)],
            [ln.removeprefix(prefix) for ln in lines if ln.startswith(prefix)])


def location(line: str) -> str:
    """``file:line:col`` of a printed problem (the text before the first ``: ``)."""
    return line.split(": ", 1)[0]


def check_in(project: Path, code: str) -> tuple[int, str, str]:
    return run_check_args(["check", "--lang", code, str(project)])


def run_check_args(args: list[str]) -> tuple[int, str, str]:
    import contextlib
    import io

    from journeydocs.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    return code, out.getvalue(), err.getvalue()


# --- English words left in Chinese output ---------------------------------------------

ALLOWED = {
    # names of formats and tools
    "yaml", "utf", "csp", "svg", "html", "markdown", "github", "journeydocs", "mkdocs",
    "http", "https", "mailto", "yyyy-mm-dd", "utc",
    # keys of the content model and of mkdocs.yml
    "title", "system", "owner", "steps", "stage", "stages", "next", "branches", "sop",
    "continues", "metrics", "critical", "type", "label", "name", "target", "notes", "summary",
    "customer", "motivation", "concerns", "automation", "channel", "touchpoint", "kind",
    "review_every", "last_reviewed", "tools", "tags", "product", "segment", "status", "email",
    "chat", "person", "team", "template", "icon", "plugins", "exclude_docs",
    "draft_docs", "markdown_extensions", "expect_every",
    # keys of a run record
    "sop_commit", "ran_by", "started", "finished", "ticked", "skipped", "issue",
    # values the content model knows
    "start", "end", "task", "decision", "marketing", "operations", "paid", "earned",
    "procedure", "reference", "true", "false", "as-is", "to-be",
}
_QUOTED = re.compile(r"“[^”]*”|「[^」]*」|'[^']*'|`[^`]*`|<[^>\n]*>|\[\[[^\]]*\]\]")
_PATHISH = re.compile(r"\S*[/.@\\]\S*")  # file names, paths, addresses, links, dict reprs
_IDS = re.compile(r"(?<=：)[\w/-]+(?:、[\w/-]+)*")  # ids listed after a colon: "现有的步骤：a、b"
_WORD = re.compile(r"(?<![A-Za-z0-9_+-])[A-Za-z][A-Za-z_-]{2,}(?![A-Za-z0-9_])")


def english_words(line: str) -> list[str]:
    """ASCII words of 3+ letters in a printed problem that are not allowed in Chinese
    output: the location, quoted text, file names, links and the allowed names aside."""
    text = line.split(": ", 1)[1] if ": " in line else line
    text = _PATHISH.sub(" ", _IDS.sub(" ", _QUOTED.sub(" ", text)))
    return [w for w in _WORD.findall(text) if w.lower() not in ALLOWED]


def test_english_words_are_found() -> None:
    """The word test catches an untranslated message and lets ids, keys and paths pass."""
    assert english_words("a.yml:1:2: owner 'x' does not exist") == ["does", "not", "exist"]
    assert english_words("content/a.yml:3:1: 步骤“call”的 sop：SOP“cal”不存在"
                         "（是不是要写“call”？）") == []
    assert english_words("content/a.yml:3:1: 也被 content/journeys/x.yml 使用") == []
    assert english_words("a.yml:5:6: 负责人“x”不存在（现有的负责人：sales-lead、call）") == []
    assert english_words("a.yml:5:6: 负责人“x”不存在（known owners: sales-lead）") == \
        ["known", "owners", "sales-lead"]


# --- the golden cases -------------------------------------------------------------------

@pytest.mark.parametrize("path", chinese_cases(), ids=lambda p: p.stem)
@pytest.mark.parametrize("key", list(LANGUAGES))
def test_check_prints_the_case_in_chinese(path: Path, key: str, tmp_path: Path) -> None:
    case = load_case(path)
    expected: list[str] = case[f"errors_{key}"]
    notices: list[str] = case.get(f"notices_{key}") or []
    english_notices: list[str] | None = case.get("notices")  # optional beside errors
    assert len(expected) == len(case["errors"]), f"{path.name}: errors_{key} is out of date"
    if english_notices is not None:
        assert len(notices) == len(english_notices), f"{path.name}: notices_{key} is out of date"
    project = make_project(tmp_path / "p", case)

    code, out, err = check_in(project, LANGUAGES[key])
    errors, noted = printed(out, LANGUAGES[key])
    assert errors == expected
    assert noted == notices
    assert code == (1 if expected else 0)
    assert "Traceback" not in out + err
    assert CJK.search(err.splitlines()[-1]), err  # the summary line too

    # the same places as in English, line for line
    assert sorted(map(location, expected)) == sorted(map(location, case["errors"]))
    if english_notices is not None:
        assert sorted(map(location, notices)) == sorted(map(location, english_notices))
    for line in expected + notices:
        assert CJK.search(line.split(": ", 1)[1]), line
        assert not english_words(line), (line, english_words(line))


def test_the_chinese_cases_cover_every_kind_of_check() -> None:
    """Every class of the corpus, and each kind of check the issue names, is in Chinese
    too; some cases are written in Chinese."""
    cases = {p.stem: load_case(p) for p in chinese_cases()}
    assert len(cases) >= 40, len(cases)
    classes = {case["class"] for case in cases.values()}
    assert classes == set(CLASSES), set(CLASSES) - classes
    for kind in ("syntax-", "schema-unknown-key", "schema-critical-yes", "ref-",
                 "graph-", "sop-front-matter", "ref-links", "sop-review-overdue"):
        assert any(name.startswith(kind) for name in cases), kind
    written_in_chinese = [name for name, case in cases.items()
                          if CJK.search(str(case.get("files")))]
    assert len(written_in_chinese) >= 5, written_in_chinese
    assert any(case.get("notices_zh") for case in cases.values())


def test_traditional_is_not_simplified() -> None:
    """zh and zh-Hant differ where the scripts do (the catalogs are not copies)."""
    differ = sum(case["errors_zh"] != case["errors_zh_Hant"]
                 for case in map(load_case, chinese_cases()) if case["errors_zh"])
    assert differ == sum(1 for case in map(load_case, chinese_cases()) if case["errors_zh"])


# --- the language chosen by mkdocs.yml and by --lang -----------------------------------

def _chinese_site(tmp_path: Path, language: str) -> tuple[Path, dict[str, Any]]:
    case = load_case(CORPUS / "zh-references.yml")
    project = make_project(tmp_path / "p", case)
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["language"] = language
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True),
                                        encoding="utf-8")
    return project, case


def test_the_projects_language_is_used_without_lang(tmp_path: Path) -> None:
    project, case = _chinese_site(tmp_path, "zh")
    code, out, err = run_check_args(["check", str(project)])
    assert code == 1
    assert printed(out, "zh")[0] == case["errors_zh"]
    assert err.strip().endswith("个问题"), err


def test_lang_overrides_the_projects_language(tmp_path: Path) -> None:
    project, case = _chinese_site(tmp_path, "zh")
    code, out, err = run_check_args(["check", "--lang", "zh-Hant", str(project)])
    assert printed(out, "zh-Hant")[0] == case["errors_zh_Hant"]
    assert err.strip().endswith("個問題"), err
    code, out, err = run_check_args(["check", "--lang", "en", str(project)])
    assert code == 1
    assert printed(out, "en")[0] == case["errors"]
    assert err.strip() == f"{len(case['errors'])} problems"


def test_the_installed_command_speaks_the_projects_language(tmp_path: Path) -> None:
    """The same through ``python -m journeydocs.cli``, in a fresh process."""
    import os
    import subprocess

    project, case = _chinese_site(tmp_path, "zh-Hant")
    env = {**os.environ, "GITHUB_ACTIONS": "false"}
    proc = subprocess.run([sys.executable, "-m", "journeydocs.cli", "check", str(project)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 1
    assert printed(proc.stdout, "zh-Hant")[0] == case["errors_zh_Hant"]
    proc = subprocess.run([sys.executable, "-m", "journeydocs.cli", "check", "--lang", "en",
                           str(project)], capture_output=True, text=True, env=env, timeout=120)
    assert printed(proc.stdout, "en")[0] == case["errors"]
    assert "Traceback" not in proc.stderr


def test_zh_tw_reads_traditional(tmp_path: Path) -> None:
    project, case = _chinese_site(tmp_path, "zh-TW")
    _, out, _ = run_check_args(["check", str(project)])
    assert printed(out, "zh-Hant")[0] == case["errors_zh_Hant"]


def test_the_summary_counts_in_chinese(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", load_case(CORPUS / "sop-review-overdue-and-unused.yml"))
    _, _, err = run_check_args(["check", "--lang", "zh", str(project)])
    assert err.strip() == "0 个问题，2 条提示"
    _, _, err = run_check_args(["check", "--lang", "zh-Hant", str(project)])
    assert err.strip() == "0 個問題，2 則提示"
    _, _, err = run_check_args(["check", "--lang", "en", str(project)])
    assert err.strip() == "0 problems, 2 notes"


def test_github_annotations_are_in_chinese(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    project, case = _chinese_site(tmp_path, "zh")
    _, out, _ = run_check_args(["check", str(project)])
    first = case["errors_zh"][0]
    annotations = [ln for ln in out.splitlines() if ln.startswith("::error ")]
    assert annotations and annotations[0].endswith("::" + first.split(": ", 1)[1])


def test_a_parser_error_no_rule_knows_keeps_the_parsers_words(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """PyYAML's and libyaml's own sentences are English: an error no rule of
    ``yamlmessages`` knows gets a translated message and lead-in, the parser's words after it
    (unchanged, so they can be searched for)."""
    from journeydocs.content import yamlload
    from journeydocs.problems import Problems

    monkeypatch.setattr(yamlload, "explain", lambda context, problem: None)
    language, _ = i18n.load("zh")
    with i18n.use(language):
        problems = Problems()
        yamlload.load_yaml("title: Call: now\n", "j.yml", problems)
    [problem] = problems
    assert (problem.line, problem.column) == (1, 12)
    assert problem.message == "YAML 语法错误：这一行不是有效的 YAML"
    assert problem.hint.startswith("YAML 解析器的原文提示：mapping values are not allowed")


# --- the build log ----------------------------------------------------------------------

@pytest.mark.parametrize("key", list(LANGUAGES))
def test_a_chinese_build_logs_the_problems_in_chinese(key: str, tmp_path: Path) -> None:
    """``mkdocs build`` of a site whose theme is Chinese logs each problem as the checker
    prints it, and ``--strict`` fails on them."""
    project, case = _chinese_site(tmp_path, LANGUAGES[key])
    build = run_build(project, strict=True)
    assert build.error is not None
    warnings = build.warnings()
    for line in case[f"errors_{key}"]:
        assert f"journeydocs: {line}" in warnings, (line, warnings)
    assert not any("does not exist" in w for w in warnings), warnings


# --- recording --------------------------------------------------------------------------

def bless(names: list[str]) -> None:
    """Record ``errors_zh``/``errors_zh_Hant`` (and notices) for the cases named (all
    when none is), where they are missing; print them for review."""
    import tempfile

    for path in corpus_files():
        if names and path.stem not in names:
            continue
        text = path.read_text(encoding="utf-8")
        case = yaml.safe_load(text)
        if "errors_zh" in case or "errors" not in case:
            continue
        record: dict[str, list[str]] = {}
        for key, code in LANGUAGES.items():
            with tempfile.TemporaryDirectory() as tmp:
                project = make_project(Path(tmp), case)
                _, out, _ = check_in(project, code)
            errors, notices = printed(out, code)
            record[f"errors_{key}"] = errors
            if notices or case.get("notices"):
                record[f"notices_{key}"] = notices
        dumped = yaml.safe_dump(record, allow_unicode=True, width=1000, sort_keys=False)
        path.write_text(text.rstrip("\n") + "\n" + dumped, encoding="utf-8")
        print(f"== {path.name}\n{dumped}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    bless(sys.argv[1:])
