"""The search benchmark runs: bench/search.py on a tiny playbook (English and Chinese) builds
both sites, indexes with Pagefind, measures in Chromium and prints its table, and the first
result each engine shows is a page with the query on it. The Chinese playbook the generator
writes is valid and reads as Chinese. No timing is asserted (a benchmark prints figures)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))

from generate import generate  # noqa: E402

from journeydocs.content.config import load_project  # noqa: E402
from journeydocs.content.pipeline import load_and_check  # noqa: E402
from journeydocs.problems import Problems  # noqa: E402

HAN = re.compile(r"[\u4e00-\u9fff]+")


def test_chinese_playbook_is_valid_varied_chinese(tmp_path: Path) -> None:
    one = generate("S", tmp_path / "one", lang="zh")
    two = generate("S", tmp_path / "two", lang="zh")
    files = sorted((one / "jd" / "content").rglob("*.*"))
    assert [f.read_bytes() for f in files] == [
        (two / f.relative_to(one)).read_bytes() for f in files]
    problems = Problems()
    settings = load_project(one / "jd", problems)
    assert settings is not None and not problems
    book, found = load_and_check(settings)
    assert [p.text() for p in found.errors()] == []
    assert len(book.sops) == 100
    sop = next(iter(book.sops.values()))
    assert HAN.search(sop.title) and all(HAN.search(i.text) for i in sop.items)
    text = "".join(f.read_text(encoding="utf-8") for f in (one / "jd" / "content" / "sops")
                   .glob("*.md"))
    runs = HAN.findall(text)
    chars = Counter("".join(runs))
    assert len(chars) > 200  # hundreds of different characters, not one repeated word
    assert chars.most_common(1)[0][1] / sum(chars.values()) < 0.05
    assert "zh" in (one / "jd" / "mkdocs.yml").read_text(encoding="utf-8").split(
        "language:", 1)[1].split("\n", 1)[0]
    # the English playbook has no Chinese
    english = generate("S", tmp_path / "en")
    assert not HAN.search("".join(p.read_text(encoding="utf-8")
                                  for p in (english / "jd" / "content" / "sops").glob("*.md")))


@pytest.mark.browser
@pytest.mark.parametrize(("name", "query"), [("XS", "invoice"), ("XS-zh", "发票")])
def test_search_bench_runs_on_a_tiny_playbook(tmp_path: Path, name: str, query: str) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    out = tmp_path / "table.txt"
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "search.py"), name, "--quick",
                           "--keep", str(tmp_path / "sites"), "--out", str(out)],
                          capture_output=True, text=True, env=env, timeout=900, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    table = proc.stdout
    assert out.read_text(encoding="utf-8").strip() == table.strip()
    assert f"first query {query!r}" in table
    for row in ("index on disk", "downloaded for page + first query, unthrottled",
                "first result after typing, phone (s)", "page JS heap after first result, phone",
                "mkdocs build, cold (s)", "+ Pagefind indexing (s)", "issue 17 targets"):
        assert row in table, table
    files = next(line for line in table.splitlines() if line.startswith("index on disk, files"))
    material_files, pagefind_files = (int(n) for n in files.split()[-3:-1])
    assert material_files >= 1 and pagefind_files > 5, files
    sites = tmp_path / "sites" / name
    assert (sites / "material" / "site" / "search" / "search_index.json").is_file()
    assert not (sites / "pagefind" / "site" / "search").exists()  # no lunr index beside it
    assert (sites / "pagefind" / "site" / "pagefind" / "pagefind.js").is_file()
    # each engine's first result is a page of the site that has the query on it
    answers = [line.split(":", 1)[1].strip() for line in table.splitlines()
               if line.strip().startswith("first result:")]
    assert len(answers) == 4, table
    for engine, answer in zip(("material", "material", "pagefind", "pagefind"), answers,
                              strict=True):
        assert "," not in answer and answer.startswith("/"), table  # one page, every load
        page = sites / engine / "site" / answer.strip("/") / "index.html"
        assert query.lower() in page.read_text(encoding="utf-8").lower(), (engine, answer)
