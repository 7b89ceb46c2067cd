"""The site's language: the ``language`` option, else ``theme.language``, made active.

The catalog is chosen and loaded by :mod:`journeydocs.i18n` (the project's ``locale_dir``
first); a language journeydocs has no catalog for is said once per build, and English is
used. :func:`signature` is what the page cache needs to know of it (a project catalog may
change between builds while the options do not).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from journeydocs import i18n
from journeydocs.i18n import _
from journeydocs.i18n.catalogs import project_catalogs
from journeydocs.mkdocs_plugin.logs import log


def site_code(config: MkDocsConfig, option: str) -> str:
    """The language code the site asks for: the plugin's option, else the theme's."""
    theme = config.theme.get("language") if config.theme is not None else None
    return option.strip() or (theme if isinstance(theme, str) else "")


def activate(config: MkDocsConfig, option: str, locale_dir: str) -> str:
    """Load and activate the site's language (``on_config``); returns its
    :func:`signature`."""
    root = Path(config.config_file_path).parent
    language, chosen = i18n.load(site_code(config, option), root / locale_dir)
    if chosen.fallback:
        log.info(_("journeydocs has no catalog for the language '{code}': its words are "
                   "shown in English (add {file}; see the README's 'Languages')")
                 .format(code=chosen.code, file=f"{locale_dir}/{chosen.code}.po"))
    for note in language.note_texts():  # the project catalog's mistakes, by file and line
        log.warning(note.replace(f"{root}/", "", 1))
    i18n.activate(language)
    return signature(config, locale_dir)


def signature(config: MkDocsConfig, locale_dir: str) -> str:
    """The active catalog and its project file's time: part of each page's cache key."""
    root = Path(config.config_file_path).parent
    project = project_catalogs(root / locale_dir).get(i18n.current().id)
    return f"{i18n.current().id}:{project.stat().st_mtime_ns if project else 0}"
