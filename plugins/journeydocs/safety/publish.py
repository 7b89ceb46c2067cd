"""Build into a staging folder; publish it only when the build succeeded.

MkDocs cleans ``site_dir`` first and writes pages into it as it goes, then raises at the
very end when ``--strict`` counted warnings. A deployment that publishes ``site/`` after a
failed step would publish half a site. So the plugin points ``site_dir`` at a sibling
staging folder in ``on_config`` and, after every other plugin's ``on_post_build``, either
swaps the finished site into place or throws the staging folder away. The previous site is
untouched by a failed build; ``site_dir`` is never partly written.

Pure file operations: the plugin decides when.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

STAGING_MARK = ".journeydocs-staging-"


def staging_dir(final: Path) -> Path:
    """A fresh, empty folder next to ``final`` (same file system, so moves are renames)."""
    staging = final.parent / f".{final.name}{STAGING_MARK}{os.getpid()}"
    discard(staging)
    staging.mkdir(parents=True)
    return staging


def discard(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def publish(staging: Path, final: Path) -> None:
    """Replace ``final``'s contents with ``staging``'s.

    Like MkDocs' own clean, entries of ``final`` whose names start with ``.`` (a ``.git``
    of a deployment checkout, say) are kept. Two renames when possible; entry by entry
    when ``final`` cannot be renamed (a mount point, the web server's root).
    """
    if not final.exists():
        final.parent.mkdir(parents=True, exist_ok=True)
        staging.rename(final)
        return
    old = final.parent / f".{final.name}.journeydocs-old-{os.getpid()}"
    discard(old)
    try:
        final.rename(old)
    except OSError:
        _publish_in_place(staging, final)
        return
    staging.rename(final)
    for entry in old.iterdir():
        if entry.name.startswith(".") and not (final / entry.name).exists():
            entry.rename(final / entry.name)
    discard(old)


def _publish_in_place(staging: Path, final: Path) -> None:
    for entry in final.iterdir():
        if entry.name.startswith("."):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    for entry in staging.iterdir():
        entry.rename(final / entry.name)
    discard(staging)
