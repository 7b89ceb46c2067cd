"""Pagefind's index made reproducible: the same pages give the same bytes.

Pagefind 1.5 writes three kinds of file differently on each run (Pagefind/pagefind#638): it
keeps filters in Rust hash maps, so each ``filter/<lang>_<hash>.pf_filter`` lists its values
in an arbitrary order (and is named for a hash of those bytes), the language's
``pagefind.<lang>_<hash>.pf_meta`` lists the filters (and sorts) in an arbitrary order with
those hashes, and ``pagefind-entry.json`` names the meta file's hash. Fragments and word
index chunks come out the same each run.

:func:`canonical` puts what has no order in one order and names each file again for its new
bytes, the way Pagefind does (``<lang>_`` and the start of the SHA-1 of the CBOR, written as
Pagefind writes it). What keeps its order: the page numbers (each list ascending, as
Pagefind writes them), the pages, index chunks and meta fields of the meta file. Pagefind's
reader (``pagefind_web``) puts filter values, filters and sorts in maps, so their order
does not change a search or a facet's counts; it fetches files by the names the meta and
entry files give and checks no hash.

Each Pagefind file is gzip of ``pagefind_dcd`` and one CBOR item; the rewritten ones are
gzip at level 9 with no name and time 0 (the header Pagefind's own gzip writes).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import cbor2

ENTRY = "pagefind-entry.json"
SIGNATURE = b"pagefind_dcd"
FILTER_HASH = 7
"""Hex characters of a filter file's hash after ``<lang>_`` (Pagefind's length)."""


def canonical(bundle: Mapping[str, bytes]) -> dict[str, bytes]:
    """The files that replace ``bundle``: Pagefind's entry file, each language's meta file
    and filter files (by path in the ``pagefind/`` folder), in one order and named for it.

    ``bundle`` holds at least :data:`ENTRY` and the meta and filter files it leads to."""
    entry = json.loads(bundle[ENTRY])
    out: dict[str, bytes] = {}
    languages = {}
    for language, info in sorted(entry["languages"].items()):
        meta = _decode(bundle[f"pagefind.{info['hash']}.pf_meta"])
        taken: set[str] = set()
        filters = []
        for name, old in sorted(meta[3]):
            title, values = _decode(bundle[f"filter/{old}.pf_filter"])
            body = cbor2.dumps([title, sorted(values, key=lambda value: value[0])])
            new = _name(language, body, FILTER_HASH, taken)
            out[f"filter/{new}.pf_filter"] = _encode(body)
            filters.append([name, new])
        meta[3] = filters
        meta[4] = sorted(meta[4], key=lambda sort: sort[0])
        body = cbor2.dumps(meta)
        # (the meta file's hash is as long as the language's name and 8 more)
        info["hash"] = _name(language, body, len(language) + 8, set())
        out[f"pagefind.{info['hash']}.pf_meta"] = _encode(body)
        languages[language] = info
    entry["languages"] = languages
    out[ENTRY] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode()
    return out


def make_reproducible(folder: Path) -> None:
    """Rewrite Pagefind's output in ``folder`` (``site/pagefind``) with :func:`canonical`."""
    paths = [folder / ENTRY, *folder.glob("*.pf_meta"), *folder.glob("filter/*.pf_filter")]
    bundle = {p.relative_to(folder).as_posix(): p.read_bytes() for p in paths}
    replaced = canonical(bundle)
    for rel in bundle.keys() - replaced.keys():
        (folder / rel).unlink()
    for rel, data in sorted(replaced.items()):
        if bundle.get(rel) != data:
            (folder / rel).write_bytes(data)


def full_hash(data: bytes) -> str:
    """SHA-1 as Pagefind writes it: each byte in hex without its leading zero."""
    return "".join(f"{byte:x}" for byte in hashlib.sha1(data).digest())


def _name(language: str, body: bytes, length: int, taken: set[str]) -> str:
    """``<language>_`` and ``length`` characters of the hash, more while one is taken."""
    digest = full_hash(body)
    while (name := f"{language}_{digest[:length]}") in taken and length < len(digest):
        length += 1
    taken.add(name)
    return name


def _decode(data: bytes) -> Any:
    raw = gzip.decompress(data)
    if not raw.startswith(SIGNATURE):
        raise ValueError("not a Pagefind index file (no pagefind_dcd signature)")
    return cbor2.loads(raw[len(SIGNATURE):])


def _encode(body: bytes) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=buffer,
                       mtime=0) as stream:
        stream.write(SIGNATURE + body)
    return buffer.getvalue()
