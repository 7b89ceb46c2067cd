"""Other plugins' page handlers the page cache accounts for, and what they read.

Level 1 (rendered HTML) is stored before any ``on_page_content`` handler and every
handler of every plugin runs on a hit as it does on a miss, so no plugin switches it off.
Level 2 (the page as written) skips the template and what ``on_post_page`` handlers do, so
each plugin with ``on_page_context``, ``on_post_page`` or ``on_env`` handlers must be one
whose output follows from the level-2 key: these, read from their code:

- ``journeydocs``: its own (git date and map of a page: the plugin's ``extra``);
- the search plugins (MkDocs', Material's): their entries are stored and replayed;
- Material's ``tags``: ``on_env`` writes listings into page HTML before the key is taken;
  ``on_page_context`` gives the page its tags with links to listings (:func:`inputs`);
- ``git-revision-date-localized``: dates go into ``page.meta`` and the Markdown in
  ``on_page_markdown`` (both in the keys); its other handlers write site-wide assets;
- ``minify``: ``on_post_page`` is a function of the page and the plugin's options.

Any other plugin with such handlers switches level 2 off for the build (the log says which).
"""

from __future__ import annotations

import json
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from journeydocs.mkdocs_plugin.pagecache.key import origin, stable

UNDERSTOOD = ("journeydocs", "material.plugins.search", "mkdocs.contrib.search",
              "material.plugins.tags", "mkdocs_git_revision_date_localized_plugin",
              "mkdocs_minify_plugin")
OUTPUT_EVENTS = ("page_context", "post_page", "env")
PAGE_EVENTS = ("pre_page", "page_read_source", "page_markdown", "page_content",
               *OUTPUT_EVENTS)


def foreign(config: MkDocsConfig, events: tuple[str, ...]) -> list[str]:
    """The modules of handlers of ``events`` that are not understood, sorted."""
    return sorted({origin(m) for event in events for m in config.plugins.events.get(event, [])
                   if not origin(m).startswith(UNDERSTOOD)})


def inputs(config: MkDocsConfig, page: Page) -> str:
    """What understood plugins give a page's template besides the page itself (JSON)."""
    found: list[Any] = []
    for name, plugin in config.plugins.items():
        if type(plugin).__module__.startswith("material.plugins.tags"):
            found.append([name, _tags(plugin, page)])
    return json.dumps(found, sort_keys=True, default=_plain)


def _tags(plugin: Any, page: Page) -> Any:
    """The tag references the tags plugin's ``on_page_context`` gives the page."""
    conf = plugin.config
    if not conf.enabled or not conf.tags or not plugin.filter(page.file):
        return None
    mapping = plugin.mappings.get(page)
    return list(plugin.listings & mapping) if mapping else None


def _plain(value: Any) -> Any:
    if hasattr(value, "__dict__"):
        return {k: v for k, v in vars(value).items() if not k.startswith("_")}
    return stable(value)
