"""The plugin's options as MkDocs config options (from :data:`journeydocs.content.options`),
and the Markdown extensions it needs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig

from journeydocs.content.config import settings_from_options
from journeydocs.content.options import BY_NAME
from journeydocs.content.settings import Settings
from journeydocs.mkdocs_plugin.logs import report
from journeydocs.problems import Problems
from journeydocs.safety.rendering import DEFAULT_EXTENSIONS, MarkdownSetup


def _option(name: str) -> Any:
    """A MkDocs config option from :data:`journeydocs.content.options.OPTIONS`."""
    option = BY_NAME[name]
    if option.default is None:
        return c.Optional(c.Type(option.type))
    return c.Type(option.type, default=option.default)


class JourneydocsConfig(base.Config):
    """The plugin's options; names, types and defaults come from ``content.options``."""

    journeys_dir = _option("journeys_dir")
    sops_dir = _option("sops_dir")
    owners_file = _option("owners_file")
    records_dir = _option("records_dir")
    records_public = _option("records_public")
    actuals_stale_weeks = _option("actuals_stale_weeks")
    stages = _option("stages")
    cache_dir = _option("cache_dir")
    nav_sop_limit = _option("nav_sop_limit")
    nav_journey_limit = _option("nav_journey_limit")
    nav_owner_limit = _option("nav_owner_limit")
    page_cache = _option("page_cache")
    parallel = _option("parallel")
    csp = _option("csp")
    sop_macros = _option("sop_macros")
    language = _option("language")
    locale_dir = _option("locale_dir")
    today = _option("today")
    search = c.Choice(("auto", "pagefind", "material"), default="auto")


def markdown_setup(config: MkDocsConfig) -> MarkdownSetup:
    """Add the Markdown extensions every journeydocs site has to ``config`` where missing
    (and Material's search the Chinese separator, :func:`search_separator`); return the
    site's extensions, for the checker to render with."""
    search_separator(config)
    for name, options in DEFAULT_EXTENSIONS.items():
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
            config.mdx_configs.setdefault(name, options)
    return MarkdownSetup(list(config.markdown_extensions),
                         {k: dict(v) for k, v in config.mdx_configs.items()})


SEPARATOR = r"[\s\u200b\u3000\-、。，．？！；]+"
"""Material's search separator for Chinese: whitespace, '-', the zero-width space its
Chinese word segmentation (jieba) puts between words, and Chinese punctuation. Splitting
English text on it gives the same words as the English default."""


def search_separator(config: MkDocsConfig) -> None:
    """Chinese words are found whatever ``theme.language`` is: Material's search plugin
    gets :data:`SEPARATOR` unless the site set its own ``separator``."""
    for plugin in config.plugins.values():
        if type(plugin).__module__.startswith("material.plugins.search") and \
                plugin.config.get("separator") in (None, "", r"[\s\-]+"):
            plugin.config["separator"] = SEPARATOR
            made = getattr(getattr(plugin, "search_index", None), "config", None)
            if isinstance(made, dict):  # the index its on_config made, if that ran first
                made["separator"] = SEPARATOR


def settings_of(config: MkDocsConfig, options: base.Config) -> Settings | None:
    """The playbook's :class:`Settings` from MkDocs' config and the plugin's options; a
    bad option is reported in the build log (None when the settings cannot be made).
    MkDocs reports unknown options itself."""
    problems = Problems()
    mine = {name: value for name, value in options.items() if name in BY_NAME}
    settings = settings_from_options(Path(config.config_file_path).parent,
                                     Path(config.docs_dir), mine,
                                     Path(config.config_file_path).name, problems)
    report(problems)
    return settings
