"""Where each imported procedure goes: its SOP id (from the file name) and its target file.

Pure: paths are only compared and joined here, never read (``journeydocs import`` reads and
writes). Ids follow the content model: lower-case letters, digits and ``-``, starting with a
letter, unique among all SOPs, and never ``index``.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import unquote

from journeydocs.content.schema import SLUG_RE
from journeydocs.i18n import _

MARKDOWN_SUFFIXES = (".md", ".markdown")
_FOLDER_PAGES = ("index", "readme", "_index")
_NOT_SLUG_RE = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Target:
    """One source file's place in the playbook.

    ``source`` (the file read, absolute) and ``rel`` are '/'-separated: ``rel`` is where it
    goes below the SOP folder (the path below the folder it was found in); ``path`` is the
    target file, '/'-separated and relative to the SOP folder. ``why`` says how the id was
    made ("" when it is the file name as it was).
    """

    source: str
    rel: str
    sop_id: str
    path: str
    why: str = ""
    made_up: bool = False
    """The id is not made from the name (it has no Latin letters or digits): rename the file."""


def slug(text: str) -> str:
    """``text`` as an id: accents dropped, lower case, runs of anything else made one ``-``.

    ``""`` when nothing is left (a name in Chinese, say).
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_SLUG_RE.sub("-", ascii_text.lower()).strip("-")


def id_for(rel: str) -> tuple[str, str]:
    """(an id for the file at ``rel`` ('/'-separated; of a folder page such as ``index.md``
    the folder's name is used), why it differs from the file name, or "")."""
    base, why, _made_up = _id_for(rel)
    return base, why


def _id_for(rel: str) -> tuple[str, str, bool]:
    """:func:`id_for`, and whether the id is made up (not made from the name)."""
    path = PurePosixPath(rel)
    stem = path.stem
    why = ""
    if stem.lower() in _FOLDER_PAGES:
        parent = path.parent.name
        base = slug(parent)
        why = (_("'{file}' names its folder: id from the folder '{folder}'").format(
                   file=path.name, folder=parent) if base
               else _("'{file}' is not an id").format(file=path.name))
        stem = parent if base else "procedure"
    base = slug(stem)
    made_up = not base
    if made_up:
        base = "sop-" + hashlib.sha1(stem.encode()).hexdigest()[:8]
        why = _("the file name '{file}' has no Latin letters or digits: id '{id}' made up; "
                "rename the file to choose a better one").format(file=path.name, id=base)
    elif not base[0].isalpha():
        base = "sop-" + base
    if base == "index":
        base = "index-sop"
    if not why and base != path.stem:
        why = _("id '{id}' made from the file name '{file}'").format(id=base, file=path.name)
    assert SLUG_RE.match(base), base
    return base, why, made_up


def plan(sources: list[tuple[str, str]], taken: dict[str, str]) -> list[Target]:
    """Targets for ``sources`` ((source, rel) pairs, in the order given): the id from the
    source's file name (and its folder's, for ``index.md``), the target in ``rel``'s folder.

    ``taken`` maps the ids of SOPs already in the playbook to their files (relative to the
    SOP folder); an id taken by another file gets ``-2``, ``-3``... An id taken by the very
    file a source goes to is not a clash (importing again overwrites, when asked to).
    """
    used = dict(taken)
    out = []
    for source, rel in sources:
        base, why, made_up = _id_for(_named(source))
        folder = posixpath.dirname(rel)
        sop_id, n = base, 1
        while True:
            path = posixpath.join(folder, f"{sop_id}.md")
            holder = used.get(sop_id)
            if holder is None or holder == path and sop_id in taken:
                break
            n += 1
            sop_id = f"{base}-{n}"
        if sop_id != base:
            taken_by = _("'{id}' is taken by {file}: id '{new}'").format(
                id=base, file=used[base], new=sop_id)
            # Translators: the separator between phrases on one line
            why = _("; ").join(x for x in (why, taken_by) if x)
        used[sop_id] = path
        out.append(Target(source, rel, sop_id, path, why, made_up))
    return out


def _named(source: str) -> str:
    """The file's name with its folder's: what its id and title are made from."""
    path = PurePosixPath(source)
    return f"{path.parent.name}/{path.name}"


def title_from(source: str) -> str:
    """A title made from a file name: ``on-call_handover.md`` -> "On call handover"
    (``index.md`` and ``README.md``: from their folder's name)."""
    path = PurePosixPath(_named(source))
    stem = path.parent.name if path.stem.lower() in _FOLDER_PAGES else path.stem
    # Translators: the title of an imported procedure whose file name has no words
    words = re.sub(r"[-_\s]+", " ", stem).strip() or _("Procedure")
    return words[:1].upper() + words[1:]


def relink_for(targets: list[Target], source: Target,
               exists: Callable[[str], bool]) -> Callable[[str], str | None]:
    """A :data:`~journeydocs.content.importing.Relink` for links written in ``source``.

    A link to another imported file gives that file's SOP id; a link to a file that exists
    (``exists`` is asked with the path relative to the SOP folder, '/'-separated, perhaps
    starting with ``../``) gives ``""``: it stays; anything else None.
    """
    imported = {posixpath.normpath(t.source): t.sop_id for t in targets}
    here = posixpath.dirname(posixpath.normpath(source.source))
    there = posixpath.dirname(source.path)

    def relink(link: str) -> str | None:
        wanted = posixpath.normpath(posixpath.join(here, unquote(link)))
        if wanted in imported:
            return imported[wanted]
        landed = posixpath.normpath(posixpath.join(there, unquote(link)))
        return "" if exists(landed) else None

    return relink
