"""The YAML reader: text as typed, positions, and refusing what would hurt."""

from __future__ import annotations

import time

import pytest

from journeydocs.problems import Problems
from journeydocs.yamlload import MAX_BYTES, decode, load_yaml


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
