"""The header search box on Pagefind's index: its script and style, added when Pagefind is on.

``search.js`` takes the place of Material's search box (same markup and classes) and
searches the index Pagefind writes into ``<site>/pagefind/``; ``search.css`` draws what
Material has no style for ("My SOPs", the filters). Both ship with the package like the
other assets (:mod:`.assets`); they are listed after journeydocs' own scripts, so the
messages and ``i18n.js`` come first, and after ``search-terms.js`` when a site has it
(the query's Chinese runs as the index knows them).
"""

from __future__ import annotations

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from journeydocs.mkdocs_plugin.assets import HERE, PREFIX

STYLE = "search.css"
SCRIPT = "search.js"


def add_to_config(config: MkDocsConfig) -> None:
    """List the style and the script once (``on_config``, after :func:`.assets.add_to_config`):
    the script after every other script of ours, the style after ours."""
    if PREFIX + STYLE not in config.extra_css:
        config.extra_css.append(PREFIX + STYLE)
    scripts = config.extra_javascript
    if any(str(item) == PREFIX + SCRIPT for item in scripts):
        return
    ours = [i for i, item in enumerate(scripts) if str(item).startswith(PREFIX)]
    at = ours[-1] + 1 if ours else len(scripts)
    scripts.insert(at, ExtraScriptValue(PREFIX + SCRIPT))


def add_files(files: Files, config: MkDocsConfig) -> None:
    """The two files into the site (``on_files``); a file the site has at the path wins."""
    for name in (STYLE, SCRIPT):
        uri = PREFIX + name
        if files.get_file_from_path(uri) is None:
            files.append(File.generated(config, uri, abs_src_path=str(HERE / "journeydocs" / name)))
