"""Markdown in the SOP folder that is not an SOP: the pieces other pages include.

Teams keep what ``pymdownx.snippets`` (``--8<--``) or include-markdown bring into SOPs
next to the SOPs. Such a file is a partial, not an SOP (no page, not checked on its own;
what it brings into an SOP is checked there), when

* its name, or the name of a folder between the SOP folder and it, starts with ``_``
  (``sops/_call-checks.md``, ``sops/_shared/escalation.md``);
* it is in a folder inside the SOP folder that ``pymdownx.snippets`` reads from (its
  ``base_path``), or it is one of the files snippets adds to every page (``auto_append``).

A file the site leaves out with ``exclude_docs`` is out of the playbook anyway
(:attr:`~journeydocs.content.settings.Settings.excluded`): that is the other way to keep
partials, MkDocs' own.
"""

from __future__ import annotations

from pathlib import Path

from journeydocs.safety.rendering import MarkdownSetup


def snippet_places(markdown: MarkdownSetup | None, root: Path) -> tuple[Path, ...]:
    """The folders ``pymdownx.snippets`` reads from and the files it appends to every
    page, as absolute paths (relative ones are from ``root``, where MkDocs runs)."""
    if markdown is None or "pymdownx.snippets" not in markdown.extensions:
        return ()
    options = markdown.configs.get("pymdownx.snippets") or {}
    bases = options.get("base_path", ["."])
    bases = [bases] if isinstance(bases, str) else list(bases or [])
    folders = [(root / str(base)).resolve() for base in bases]
    appended = options.get("auto_append") or []
    appended = [appended] if isinstance(appended, str) else list(appended)
    files = [(folder / str(name)).resolve() for folder in folders for name in appended]
    return tuple(folders + files)


def is_partial(path: Path, sops_folder: Path, places: tuple[Path, ...] = ()) -> bool:
    """Whether ``path``, a Markdown file under ``sops_folder``, is a partial (see above).
    A snippets folder that holds the SOP folder itself (``base_path: docs``) makes no
    partials: only one inside it does."""
    folder = sops_folder.resolve()
    here = path.resolve()
    try:
        parts = here.relative_to(folder).parts
    except ValueError:
        return False
    if any(part.startswith("_") for part in parts):
        return True
    return any(place != folder and place.is_relative_to(folder) and
               (here == place or here.is_relative_to(place)) for place in places)
