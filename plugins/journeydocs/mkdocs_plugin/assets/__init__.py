"""The plugin's own scripts and styles: shipped in the package, added to the site by it.

A site needs no ``custom_dir`` for journeydocs: :func:`add_to_config` lists the styles and
scripts in ``extra_css``/``extra_javascript`` (Material writes them after its own, on every
page), :func:`add_files` puts the files into the site (a file the site has at the same path,
e.g. in its ``docs_dir``, wins), and :func:`page_head` adds what a page needs before
Material's bundle runs: the SOP id and :data:`IN_HEAD` for the checklist script, and the
``file://`` fix.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from journeydocs.i18n import current
from journeydocs.i18n.browser import script

HERE = Path(__file__).parent
PREFIX = "assets/journeydocs/"
STYLES = ("pages.css", "map.css", "checklist.css")
MESSAGES = "messages.js"
"""The active language's messages for the scripts (:mod:`journeydocs.i18n.browser`), made
for each build: the first script, so the others find ``window.journeydocsMessages``."""
SCRIPTS = (MESSAGES, "i18n.js", "keyboard.js", "map.js", "checklist-storage.js",
           "checklist-panel.js", "checklist-export.js", "checklist-start.js")
"""In load order: the messages, then ``i18n.js`` that translates with them
(``window.journeydocs.i18n``, used by the drawer, the map and the checklist); ``keyboard.js``
makes Material's navigation drawer work by keyboard on narrow screens; the checklist's four parts
share ``window.journeydocs.checklist`` (storage and records, the panel, export and print,
start-up); classic scripts, as module scripts do not run from ``file://``."""
BEFORE_BUNDLE = "fromdisk.js"
IN_HEAD = "checklist-early.js"
"""On SOP pages, at the end of ``<head>`` (before the first paint): marks ``<html>`` with
what the stored runs will show, so the run panel's shell (:mod:`journeydocs.site.runpanel`)
takes its final size at once."""
_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)
_BUNDLE = re.compile(r'<script src="[^"]*assets/javascripts/bundle\.[^"]*"')
_HEAD = re.compile(r"<head(\s[^>]*)?>", re.IGNORECASE)


def add_to_config(config: MkDocsConfig) -> None:
    """List the styles and scripts once (``on_config``), after the site's own.

    The scripts depend on their order (the messages first), so when a site lists some of
    them itself, all of them go where the first of those is, in their order (the site's
    entries, with their attributes, are kept)."""
    for name in STYLES:
        if PREFIX + name not in config.extra_css:
            config.extra_css.append(PREFIX + name)
    scripts = config.extra_javascript
    ours = {PREFIX + name for name in SCRIPTS}
    first = next((i for i, item in enumerate(scripts) if str(item) in ours), len(scripts))
    listed = {str(item): item for item in reversed(scripts) if str(item) in ours}
    others = [item for item in scripts if str(item) not in ours]
    mine = [listed.get(PREFIX + name) or ExtraScriptValue(PREFIX + name) for name in SCRIPTS]
    scripts[:] = others[:first] + mine + others[first:]


def add_files(files: Files, config: MkDocsConfig, folder: Path | None = None) -> None:
    """The asset files into the site (``on_files``); the site's own file at a path wins.

    The messages are written for the active language under ``folder`` (the cache folder),
    so that, like every other asset, the file has a source path: plugins that sort the
    site's files by it (static-i18n, which builds each language in turn) keep it."""
    for name in (*STYLES, *SCRIPTS, BEFORE_BUNDLE, IN_HEAD):
        uri = PREFIX + name
        if files.get_file_from_path(uri) is not None:
            continue
        if name == MESSAGES and folder is None:
            files.append(File.generated(config, uri, content=script(current())))
        elif name == MESSAGES and folder is not None:
            path = written(folder / "assets" / current().id / MESSAGES, script(current()))
            files.append(File.generated(config, uri, abs_src_path=str(path)))
        else:
            files.append(File.generated(config, uri, abs_src_path=str(HERE / "journeydocs" / name)))


def written(path: Path, text: str) -> Path:
    """``path`` holding ``text`` (rewritten only when it differs: serve watches nothing
    here, and an unchanged file keeps its time)."""
    data = text.encode("utf-8")
    try:
        same = path.read_bytes() == data
    except OSError:
        same = False
    if not same:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return path


def page_head(output: str, page_url: str, sop_id: str | None) -> str:
    """``output`` with the SOP id in its head (for the checklist script) and
    :data:`IN_HEAD` at its end, and the ``file://`` fix right before Material's bundle
    (``on_post_page``)."""
    if sop_id is not None:
        end = _HEAD_END.search(output)
        if end is not None:  # (after Material's own head script, which sets __md_scope)
            src = get_relative_url(PREFIX + IN_HEAD, page_url)
            output = (output[: end.start()] + f'<script src="{html.escape(src)}"></script>'
                      + output[end.start():])
        meta = f'<meta name="journeydocs:sop" content="{html.escape(sop_id, quote=True)}">'
        head = _HEAD.search(output)
        if head is not None:
            output = output[: head.end()] + meta + output[head.end():]
    bundle = _BUNDLE.search(output)
    if bundle is not None:
        src = get_relative_url(PREFIX + BEFORE_BUNDLE, page_url)
        output = (output[: bundle.start()] + f'<script src="{html.escape(src)}"></script>'
                  + output[bundle.start():])
    return output
