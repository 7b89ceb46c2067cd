"""The search index's side of Pagefind search (journeydocs.site.search, mkdocs_plugin.pagefind).

The rule for Chinese: the index writes each Han run as its pairs and its last character
(:func:`spaced`), a query is turned into words the index has (:func:`search_terms`), and
:func:`joined` gives the page's text back. A build with ``search: pagefind`` writes
``site/pagefind/`` (the same bytes each time: :mod:`journeydocs.site.search_bundle`), leaves
the served pages as they were and Material's lunr index out; ``search: auto`` picks by the
playbook's size.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from conftest import copy_sample, run_mkdocs_build
from journeydocs.mkdocs_plugin.pagefind import AUTO_SOPS, choose
from journeydocs.site.search import (
    BODY,
    Facets,
    index_copy,
    joined,
    language,
    search_terms,
    spaced,
)

HAN_TEXT = st.text(alphabet="出口退税纳申报赵敏红冲留样𠀀々", min_size=1, max_size=12)


def test_a_han_run_is_written_as_its_pairs_and_its_last_character() -> None:
    assert spaced("办理出口退税。OK") == " 办理 理出 出口 口退 退税 税 。OK"
    assert spaced("税") == " 税 "
    assert spaced("no Chinese") == "no Chinese"


def test_a_query_becomes_the_words_of_the_index() -> None:
    assert search_terms("出口退税") == "出口 口退 退税"
    assert search_terms("税") == "税"
    assert search_terms(" SOP  退税 ") == "SOP 退税"
    assert search_terms("purchase order") == "purchase order"
    assert search_terms("   ") == ""


@given(before=st.text(alphabet="出口退税纳申报 ,a", max_size=8), query=HAN_TEXT,
       after=st.text(alphabet="出口退税纳申报 ,a", max_size=8))
def test_every_query_word_is_a_word_the_index_holds_for_a_page_with_the_query(
        before: str, query: str, after: str) -> None:
    """The one rule: a page whose text has the query has every word the query becomes
    (a lone character: as the start of a word, which Pagefind matches as a prefix)."""
    index = spaced(before + query + after).split()
    for word in search_terms(query).split():
        assert word in index if len(word) > 1 else any(w.startswith(word) for w in index)


@given(HAN_TEXT)
def test_joined_gives_back_what_the_page_says(text: str) -> None:
    assert joined(spaced(text)).strip() == text


def test_joined_keeps_the_highlight_on_the_characters_found() -> None:
    excerpt = "办理 理出 出口 <mark>口退</mark> <mark>退税</mark> 税 SOP"
    assert joined(excerpt) == "办理出<mark>口退税</mark> SOP"


def test_joined_rebuilds_runs_wherever_pagefind_puts_the_marks() -> None:
    """Pagefind may close a mark after the space (``<mark>首次 </mark>次回``), mark a
    whole stretch of pairs, or stop an excerpt inside a run; the index copy puts spaces
    next to CJK punctuation the page does not have."""
    assert joined("登记 记与 与首 <mark>首次 </mark>次回 回复 复") == "登记与<mark>首次</mark>回复"
    assert joined("<mark>出口 口退 退税</mark> 税 SOP") == "<mark>出口退税</mark> SOP"
    assert joined("售后 后工 工单 单 ： 登记 记与 与首") == "售后工单：登记与首"
    assert joined("茶室 室店 店长 长 （ 兼主 主讲 讲茶 茶师 师 ）") == "茶室店长（兼主讲茶师）"
    assert joined("赵敏") == "赵敏" and joined("财务主管") == "财务主管"  # (not index text)
    # two text nodes ("由<a>财务主管</a>"): two runs, the page has no space between them
    assert joined(spaced("由") + spaced("财务主管")).strip() == "由财务主管"


def test_the_index_copy_is_the_page_text_with_its_facets() -> None:
    page = ('<html lang="zh"><head><title>退税 - 站点</title><script>var s = "出口";</script>'
            '</head><body><header>站点</header><article class="md-content__inner md-typeset">'
            '<h1 id="t">退税</h1><svg><text>地图</text></svg><p title="出口">出口退税</p>'
            '</article><footer>页脚</footer></body></html>')
    facets = Facets(meta={"kind": "SOP"}, weighted=["赵敏"])
    facets.add("owner", ["财务主管", "财务主管", " "])
    facets.add("person", ["赵敏"])
    copy = index_copy(page, facets)
    assert copy.startswith('<html lang="zh"><head><meta charset="utf-8"><title>退税 - 站点')
    assert f'<article {BODY} class="md-content__inner' in copy
    assert 'title="出口"' in copy and "var s" not in copy and "地图" not in copy
    assert "站点</header>" not in copy and "页脚" not in copy
    assert "> 出口 口退 退税 税 <" in copy
    assert copy.count('data-pagefind-filter="owner[content]" content="财务主管"') == 1
    assert '<meta data-pagefind-filter="person[content]" content="赵敏">' in copy
    assert '<meta data-pagefind-meta="kind[content]" content="SOP">' in copy
    assert re.search(r'</h1><p data-pagefind-weight="7"> 赵敏 敏 </p>', copy)
    assert index_copy("<html><body><p>404</p></body></html>", None) == ""


def test_one_language_for_the_whole_index() -> None:
    assert [language(c) for c in ("zh-TW", "zh_Hant", "en", "", "pt-BR", "??")] == [
        "zh", "zh", "en", "en", "pt", "en"]


def test_auto_takes_pagefind_from_a_playbook_size_on() -> None:
    assert choose("auto", AUTO_SOPS - 1) == "material"
    assert choose("auto", AUTO_SOPS) == "pagefind"
    assert choose("auto", 1, "zh") == "pagefind"  # Chinese: Pagefind at any size
    assert choose("material", 1, "zh") == "material"
    assert choose("pagefind", 1) == "pagefind" and choose("material", 10**5) == "material"


def _tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_pagefind_build_writes_its_index_and_leaves_the_pages_as_built(
        tmp_path: Path) -> None:
    project = copy_sample(tmp_path / "project")
    config = project / "mkdocs.yml"
    plain = run_mkdocs_build(project, "--strict", site=tmp_path / "plain")
    assert plain.returncode == 0, plain.output
    assert not (plain.site / "pagefind").exists()  # (auto: a small playbook keeps Material's)
    assert (plain.site / "search" / "search_index.json").exists()
    config.write_text(re.sub(r"^(\s*)- journeydocs:\s*$", r"\g<0>\n\g<1>    search: pagefind",
                             config.read_text(encoding="utf-8"), count=1, flags=re.M),
                      encoding="utf-8")
    first = run_mkdocs_build(project, "--strict", site=tmp_path / "first")
    assert first.returncode == 0, first.output
    second = run_mkdocs_build(project, "--strict", site=tmp_path / "second")
    assert second.returncode == 0, second.output
    index = _tree(first.site / "pagefind")
    assert "pagefind-entry.json" in index and "pagefind.js" in index
    assert any(name.startswith("filter/") for name in index)
    assert _tree(second.site / "pagefind") == index  # reproducible: the same bytes
    assert len([n for n in index if n.startswith("fragment/")]) >= 20
    assert not (first.site / "search" / "search_index.json").exists()  # no lunr index too
    page = first.page("sops/client-kickoff/index.html")
    assert "data-pagefind" not in page  # the served pages are as built
    assert 'src="../../assets/journeydocs/search-terms.js"' in page
    assert 'class="md-search"' not in page  # Material's box is off with its index
    assert "search-terms.js" not in plain.page("sops/client-kickoff/index.html")
