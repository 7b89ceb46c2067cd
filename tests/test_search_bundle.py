"""Pagefind's index rewritten in one order (journeydocs.site.search_bundle).

Pagefind 1.5 lists filter values, filters and sorts in hash-map order, different each run
(Pagefind/pagefind#638); :func:`canonical` must give the same files for any such order, keep
every page number where it was, and name each file for its new bytes as Pagefind does.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import cbor2
from hypothesis import given, settings
from hypothesis import strategies as st

from journeydocs.site.search_bundle import ENTRY, canonical, full_hash, make_reproducible

FILTERS: dict[str, dict[str, list[int]]] = {
    "owner": {"Sales lead": [1, 4], "Founder": [0, 2, 3], "Client success manager": [4]},
    "kind": {"SOP": [0, 1, 4], "Journey": [2], "Owner": [3]},
    "person": {"赵敏": [1], "王芳": [0, 3], "Ōtake": [2]},
}
SORTS = [["weight", [2, 0, 1, 4, 3]], ["date", [4, 3, 2, 1, 0]]]
PAGES = [["en_abc1234", 120], ["en_0f0f0f0", 80], ["en_1234567", 45], ["en_7654321", 9],
         ["en_aaaaaaa", 300]]


def _file(item: Any, mtime: int) -> bytes:
    return gzip.compress(b"pagefind_dcd" + cbor2.dumps(item), compresslevel=6, mtime=mtime)


def _bundle(order: list[int], value_order: list[int], mtime: int,
            languages: tuple[str, ...] = ("en",)) -> dict[str, bytes]:
    """Pagefind's files for :data:`FILTERS` with the filters in ``order`` and each
    filter's values rotated by ``value_order`` (as a run of Pagefind might list them)."""
    files: dict[str, bytes] = {}
    entry: dict[str, Any] = {"version": "1.5.2", "languages": {},
                             "include_characters": ["_", "＿"]}
    for language in languages:
        names = list(FILTERS)
        listed = []
        for i in order:
            name = names[i]
            values = [[v, pages] for v, pages in FILTERS[name].items()]
            shift = value_order[i] % len(values)
            values = values[shift:] + values[:shift]
            body = cbor2.dumps([name, values])
            hash_ = f"{language}_{full_hash(body)[:7]}"
            files[f"filter/{hash_}.pf_filter"] = _file([name, values], mtime)
            listed.append([name, hash_])
        sorts = SORTS if order[0] % 2 else SORTS[::-1]
        meta = ["1.5.2", PAGES, [["a", "m", f"{language}_1111111"],
                                 ["n", "z", f"{language}_2222222"]], listed, sorts,
                ["kind", "title"]]
        hash_ = f"{language}_{full_hash(cbor2.dumps(meta))[:10]}"
        files[f"pagefind.{hash_}.pf_meta"] = _file(meta, mtime)
        entry["languages"][language] = {"hash": hash_, "wasm": language, "page_count": 5}
    files[ENTRY] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode()
    return files


def _read(data: bytes) -> Any:
    raw = gzip.decompress(data)
    assert raw.startswith(b"pagefind_dcd")
    return cbor2.loads(raw[12:])


def test_two_orders_of_the_same_index_give_the_same_files() -> None:
    first = _bundle([0, 1, 2], [0, 0, 0], mtime=1)
    second = _bundle([2, 0, 1], [1, 2, 1], mtime=2)
    assert first.keys() != second.keys()  # (Pagefind named the files differently)
    assert canonical(first) == canonical(second)


def test_the_canonical_files_keep_every_page_and_lead_to_each_other() -> None:
    out = canonical(_bundle([2, 0, 1], [1, 2, 1], mtime=5))
    entry = json.loads(out[ENTRY])
    assert list(entry) == ["version", "languages", "include_characters"]
    assert entry["include_characters"] == ["_", "＿"] and entry["version"] == "1.5.2"
    info = entry["languages"]["en"]
    assert info["page_count"] == 5 and info["wasm"] == "en"
    meta_body = gzip.decompress(out[f"pagefind.{info['hash']}.pf_meta"])[12:]
    assert info["hash"] == "en_" + full_hash(meta_body)[:10]
    meta = cbor2.loads(meta_body)
    assert meta[0] == "1.5.2" and meta[1] == PAGES and meta[5] == ["kind", "title"]
    assert meta[2] == [["a", "m", "en_1111111"], ["n", "z", "en_2222222"]]
    assert meta[4] == [["date", [4, 3, 2, 1, 0]], ["weight", [2, 0, 1, 4, 3]]]
    assert [name for name, _ in meta[3]] == ["kind", "owner", "person"]
    for name, hash_ in meta[3]:
        data = out[f"filter/{hash_}.pf_filter"]
        assert data[:4] == b"\x1f\x8b\x08\x00" and data[4:8] == bytes(4)  # gzip, time 0
        assert hash_ == "en_" + full_hash(gzip.decompress(data)[12:])[:7]
        title, values = _read(data)
        assert title == name
        assert values == sorted([v, p] for v, p in FILTERS[name].items())
    assert sorted(out) == sorted([ENTRY, f"pagefind.{info['hash']}.pf_meta",
                                  *[f"filter/{h}.pf_filter" for _, h in meta[3]]])


def test_several_languages_each_keep_their_own_files() -> None:
    out = canonical(_bundle([0, 1, 2], [0, 1, 2], 0, languages=("zh", "en")))
    assert out == canonical(_bundle([1, 2, 0], [2, 0, 1], 9, languages=("en", "zh")))
    entry = json.loads(out[ENTRY])
    assert list(entry["languages"]) == ["en", "zh"]
    assert len([n for n in out if n.startswith("filter/zh_")]) == 3
    assert len([n for n in out if n.startswith("filter/en_")]) == 3
    assert entry["languages"]["zh"]["hash"].startswith("zh_")


@settings(max_examples=30, deadline=None)
@given(order=st.permutations([0, 1, 2]),
       shifts=st.lists(st.integers(0, 5), min_size=3, max_size=3))
def test_any_order_gives_the_files_of_the_first(order: list[int], shifts: list[int]) -> None:
    assert canonical(_bundle(order, shifts, 7)) == canonical(_bundle([0, 1, 2], [0, 0, 0], 0))


def test_pagefind_hashes_are_written_without_leading_zeros() -> None:
    # SHA-1 of b"" is da39a3ee 5e6b4b0d 3255bfef 95601890 afd80709; Rust's {:x?} per byte
    assert full_hash(b"") == "da39a3ee5e6b4bd3255bfef95601890afd879"


def test_the_folder_is_rewritten_in_place(tmp_path: Path) -> None:
    for rel, data in _bundle([1, 2, 0], [3, 1, 2], 3).items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(data)
    (tmp_path / "fragment").mkdir()
    (tmp_path / "fragment" / "en_abc1234.pf_fragment").write_bytes(b"kept")
    make_reproducible(tmp_path)
    found = {p.relative_to(tmp_path).as_posix(): p.read_bytes()
             for p in tmp_path.rglob("*") if p.is_file()}
    want = canonical(_bundle([0, 1, 2], [0, 0, 0], 0))
    assert found == {**want, "fragment/en_abc1234.pf_fragment": b"kept"}
