"""The YAML reader: text as typed, positions, and refusing what would hurt."""

from __future__ import annotations

import time

import pytest
import yaml

from journeydocs.content import yamlload
from journeydocs.content.yamlload import MAX_BYTES, decode, load_yaml
from journeydocs.content.yamlmessages import NESTING, explain
from journeydocs.problems import Problems


@pytest.mark.parametrize("typed", ["yes", "no", "on", "off", "12:30", "1.10", "0o17", "1e3",
                                   "2026-10-01", "Yes", "NO", "y", "n", "010"])
def test_scalars_are_the_text_typed(typed: str) -> None:
    problems = Problems()
    doc = load_yaml(f"value: {typed}\nlist: [{typed}]\n", "f.yml", problems)
    assert doc.data == {"value": typed, "list": [typed]}
    assert not problems


def test_nulls_and_keys() -> None:
    doc = load_yaml("a:\nb: ~\nnull: x\nyes: y\n", "f.yml", Problems())
    assert doc.data == {"a": None, "b": None, "null": "x", "yes": "y"}


def test_positions_of_values_and_keys() -> None:
    doc = load_yaml("steps:\n  - id: a\n    next: [b, c]\n", "f.yml", Problems())
    assert doc.marks[("steps", 0, "next", 1)] == (3, 15)
    assert doc.key_marks[("steps", 0, "next")] == (3, 5)
    assert doc.at(("steps", 0, "missing")) == (2, 5)


def test_line_offset_for_front_matter() -> None:
    problems = Problems()
    load_yaml("a: 1\na: 2\n", "s.md", problems, line_offset=1)
    assert [p.text() for p in problems] == [
        "s.md:3:1: duplicate key 'a' (it is already set on line 2; YAML would keep only the "
        "last one, so remove one of them)"]


def test_alias_bomb_is_refused_fast() -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 12):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{','.join([prev] * 9)}]")
    problems = Problems()
    start = time.perf_counter()
    doc = load_yaml("\n".join(lines), "bomb.yml", problems)
    assert time.perf_counter() - start < 1.0
    assert doc.data is None
    assert "billion laughs" in problems[0].hint


def test_deep_nesting_is_refused_without_crashing() -> None:
    problems = Problems()
    load_yaml("[" * 100_000 + "]" * 100_000, "deep.yml", problems)
    assert "nested more than" in problems[0].message


def test_huge_file_is_refused_before_parsing() -> None:
    problems = Problems()
    start = time.perf_counter()
    assert decode(b"a: b\n" * (MAX_BYTES // 5 + 10), "big.yml", problems) is None
    assert time.perf_counter() - start < 1.0
    assert "more than" in problems[0].message


def test_bom_and_crlf() -> None:
    problems = Problems()
    text = decode(b"\xef\xbb\xbftitle: T\r\nx: y\r\n", "f.yml", problems)
    assert text == "title: T\nx: y\n" and not problems


def test_not_utf8_names_the_line() -> None:
    problems = Problems()
    assert decode(b"a: b\nc: \xff\n", "f.yml", problems) is None
    assert problems[0].location() == "f.yml:2:4"


# --- the same words whatever parser or version ---------------------------------------------

BROKEN = {
    "colon in value": "title: Call: now\n",
    "unclosed flow list": "title: T\nsteps: [a, b\n",
    "unclosed flow mapping": "title: T\nowner: {a: b\n",
    "unclosed double quote": 'title: "T\n',
    "unclosed single quote": "title: 'T\n",
    "tab indentation": "title: T\nsteps:\n\t- id: a\n",
    "key outdented": "steps:\n  - id: a\n title: x\n",
    "list after mapping": "title: T\n- a\n",
    "list item misaligned": "steps:\n  - a\n  b: c\n",
    "bad escape": 'title: "a\\qb"\n',
    "yaml 2.0": "%YAML 2.0\n---\ntitle: T\n",
    "bad anchor": "title: & x\n",
    "bad block indicator": "notes: |0\n  x\n",
    "text after quoted value": 'title: "a" b\n',
    "deep flow": "title: " + "[" * 5000 + "]" * 5000 + "\n",
}


@pytest.mark.parametrize("text", BROKEN.values(), ids=list(BROKEN))
@pytest.mark.parametrize("loader", ["CSafeLoader", "SafeLoader"])
def test_parser_errors_are_in_our_words(text: str, loader: str,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """libyaml and the pure-Python parser word errors differently; editors read ours."""
    if not hasattr(yaml, loader):
        pytest.skip(f"PyYAML was built without {loader}")
    monkeypatch.setattr(yamlload, "_Loader", getattr(yaml, loader))
    problems = Problems()
    load_yaml(text, "j.yml", problems)
    assert len(problems) == 1
    problem = problems[0]
    assert "the YAML parser says" not in problem.hint, problem
    assert problem.message.startswith(("YAML syntax error: ", "nested more than 40")), problem


@pytest.mark.parametrize("text", BROKEN.values(), ids=list(BROKEN))
def test_both_parsers_give_the_same_message(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML was built without libyaml")
    seen = []
    for loader in (yaml.CSafeLoader, yaml.SafeLoader):
        monkeypatch.setattr(yamlload, "_Loader", loader)
        problems = Problems()
        load_yaml(text, "j.yml", problems)
        seen.append(problems[0].message)
    assert seen[0] == seen[1]


def test_deep_flow_nesting_reports_our_limit_at_our_place() -> None:
    """libyaml (PyYAML 6.0.4) stops at 1,000 levels with its own words; we stop at 40."""
    problems = Problems()
    load_yaml("title: " + "[" * 100_000 + "x" + "]" * 100_000 + "\n", "deep.yml", problems)
    assert [(p.line, p.column, p.message) for p in problems] == [
        (1, 47, "nested more than 40 levels deep")]


@pytest.mark.parametrize(("context", "problem"), [
    ("while increasing flow level", "exceeded maximum nesting depth"),   # libyaml 0.2.6
    ("while parsing a flow node", "exceeded maximum nesting depth 1000"),
])
def test_a_parsers_own_nesting_limit_is_our_nesting_message(context: str, problem: str) -> None:
    assert explain(context, problem) == (NESTING, "")


def test_an_unknown_parser_error_still_names_the_line() -> None:
    message, hint = explain("while doing something new", "found a thing") or ("", "")
    assert (message, hint) == ("", "")  # no rule: load_yaml falls back to a general sentence


@pytest.mark.parametrize(("text", "where"), [
    ("title: 一二三\nb: c\n\nx: café \x01\n", (4, 9)),   # libyaml counts bytes: not our column
    ("a: café \x01\n", (1, 9)),
    ("a: b\x7f\n", (1, 5)),
])
def test_a_control_character_is_found_at_its_character_column(
        text: str, where: tuple[int, int]) -> None:
    problems = Problems()
    load_yaml(text, "f.yml", problems)
    assert [(p.line, p.column) for p in problems] == [where]
    assert "control character" in problems[0].message


def test_a_parsers_own_nesting_limit_is_found_fast_and_reported_at_ours() -> None:
    problems = Problems()
    start = time.perf_counter()
    load_yaml("a:\n  b: 日本語\n  c: " + "{x: " * 3000 + "1" + "}" * 3000 + "\n", "f.yml",
              problems)
    assert time.perf_counter() - start < 0.5
    assert [(p.line, p.message) for p in problems] == [(3, "nested more than 40 levels deep")]


@pytest.mark.parametrize(("text", "where"), [
    ("title: T\nsteps: [a, b\n", "j.yml:2:8"),
    ("title: T\nowner: {a: b\n", "j.yml:2:8"),
    ("title: T\ntags: [运营, 销售\nowner: x\n", "j.yml:2:7"),
    ("title: T\nsteps: [a,\n  b\n", "j.yml:2:8"),
])
@pytest.mark.parametrize("loader", ["CSafeLoader", "SafeLoader"])
def test_an_unclosed_bracket_is_said_where_it_opens(text: str, where: str, loader: str,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The parser notices a '[' or '{' left open only lines later; the editor is sent to
    the bracket, not to the line after it."""
    if not hasattr(yaml, loader):
        pytest.skip(f"PyYAML was built without {loader}")
    monkeypatch.setattr(yamlload, "_Loader", getattr(yaml, loader))
    problems = Problems()
    load_yaml(text, "j.yml", problems)
    assert [p.location() for p in problems] == [where]
    assert "not closed" in problems[0].message
