"""The plugin's scripts and styles ship in the package and are added to any site once."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import copy_sample, run_mkdocs_build
from journeydocs.mkdocs_plugin.assets import (
    BEFORE_BUNDLE,
    HERE,
    IN_HEAD,
    MESSAGES,
    PREFIX,
    SCRIPTS,
    STYLES,
)


def test_every_asset_is_in_the_package() -> None:
    """Every file but the messages, which each build writes in the site's language."""
    for name in (*STYLES, *SCRIPTS, BEFORE_BUNDLE, IN_HEAD):
        assert (HERE / "journeydocs" / name).is_file() == (name != MESSAGES), name


def test_a_sites_own_file_replaces_the_plugins(tmp_path: Path) -> None:
    project = copy_sample(tmp_path / "p")
    own = project / "content" / "assets" / "journeydocs" / "map.css"
    own.parent.mkdir(parents=True)
    own.write_text("/* the site's own map styles */\n", encoding="utf-8")
    result = run_mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.output
    assert (result.site / PREFIX / "map.css").read_text() == own.read_text()
    assert (result.site / PREFIX / "map.js").read_bytes() == (
        HERE / "journeydocs" / "map.js").read_bytes()


def test_listed_once_in_order_even_when_the_site_lists_them(tmp_path: Path) -> None:
    project = copy_sample(tmp_path / "p")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "extra_javascript:\n"
                      f"  - {PREFIX}map.js\nextra_css:\n  - {PREFIX}map.css\n",
                      encoding="utf-8")
    result = run_mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.output
    page = (result.site / "sops" / "consultation-call" / "index.html").read_text()
    scripts = re.findall(r'<script src="\.\./\.\./assets/journeydocs/([^"]+)"', page)
    assert scripts == [IN_HEAD, BEFORE_BUNDLE, *SCRIPTS]  # (the first at the end of <head>)
    assert re.search(rf'<script src="[^"]*{IN_HEAD}"></script></head>', page)
    styles = re.findall(r'href="\.\./\.\./assets/journeydocs/([^"]+\.css)"', page)
    assert sorted(styles) == sorted(STYLES)
    assert '<meta name="journeydocs:sop" content="consultation-call">' in page
