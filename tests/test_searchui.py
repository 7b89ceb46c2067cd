"""The search box's script and style (searchui): listed once, after journeydocs' own."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from journeydocs.mkdocs_plugin import assets, searchui


def config(tmp_path: Path, scripts: list[str]) -> MkDocsConfig:
    (tmp_path / "docs").mkdir(exist_ok=True)
    cfg = MkDocsConfig(config_file_path=str(tmp_path / "mkdocs.yml"))
    cfg.load_dict({"site_name": "t", "docs_dir": str(tmp_path / "docs"),
                   "extra_javascript": scripts})
    errors, _warnings = cfg.validate()
    assert not errors
    return cfg


def test_the_script_comes_once_after_ours(tmp_path: Path) -> None:
    cfg = config(tmp_path, ["first.js", "last.js"])
    assets.add_to_config(cfg)
    cfg.extra_javascript.append(assets.PREFIX + "search-terms.js")  # (as pfindex may)
    searchui.add_to_config(cfg)
    searchui.add_to_config(cfg)  # (serve: on_config again)
    listed = [str(s) for s in cfg.extra_javascript]
    assert listed.count(assets.PREFIX + searchui.SCRIPT) == 1
    at = listed.index(assets.PREFIX + searchui.SCRIPT)
    assert all(not name.startswith(assets.PREFIX) for name in listed[at + 1:])
    assert listed.index(assets.PREFIX + "i18n.js") < at
    assert listed.index("last.js") < listed.index(assets.PREFIX + "search-terms.js") < at
    assert cfg.extra_css.count(assets.PREFIX + searchui.STYLE) == 1
