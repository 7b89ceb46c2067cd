"""The plugin's options, in one place: names, types, defaults and what each is for.

The MkDocs adapter declares its ``config_options`` from :data:`OPTIONS`, ``journeydocs
check`` reads the same options from ``mkdocs.yml`` (:mod:`journeydocs.content.config`), and
:class:`~journeydocs.content.settings.Settings` takes its defaults from here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Option:
    name: str
    type: type | tuple[type, ...]
    default: Any  # None: optional, no default
    help: str


OPTIONS: tuple[Option, ...] = (
    Option("journeys_dir", str, "journeys", "the journey YAML files, under docs_dir"),
    Option("sops_dir", str, "sops", "the SOP Markdown files, under docs_dir"),
    Option("owners_file", str, "owners.yml", "who is accountable, under docs_dir"),
    Option("records_dir", str, "records",
           "what happened, under docs_dir: run records (runs/<YYYY>/*.yml) and metric actuals "
           "(actuals/*.csv); read at build time, never published as files"),
    Option("records_public", bool, False,
           "acknowledge that run history (names, GitHub logins, notes) is shown on a public "
           "site; without it the build warns when site_url is a public GitHub Pages address"),
    Option("actuals_stale_weeks", int, 2,
           "the health page lists a metric with actuals but no value for this many weeks"),
    Option("stages", list, [], "the stages of the maps; empty: the Marketing Hourglass"),
    Option("cache_dir", str, ".cache/journeydocs",
           "rendered SVGs and built pages, relative to mkdocs.yml"),
    Option("nav_sop_limit", int, 60,
           "list SOPs in the navigation while there are at most this many"),
    Option("nav_journey_limit", int, 60, "the same for journeys"),
    Option("nav_owner_limit", int, 60, "the same for owners"),
    Option("page_cache", bool, True, "keep built pages in cache_dir; unchanged pages are "
           "not rebuilt"),
    Option("parallel", bool, True, "a cold `mkdocs build` of 200+ SOPs runs in two processes"),
    Option("csp", (bool, dict), True,
           "the pages' Content-Security-Policy: true, false (none), or extra sources per "
           "directive, e.g. {script-src: [https://cdn.example.com]}"),
    Option("sop_macros", bool, False,
           "let the macros plugin run Jinja in SOP pages (it runs code: only for playbooks "
           "whose every editor you trust); generated pages never"),
    Option("language", str, "",
           "the language of every word journeydocs shows and prints (en, zh, zh-Hant...); "
           "empty: the theme's language (theme.language)"),
    Option("locale_dir", str, "locales",
           "the project's own catalogs, <language>.po (a language journeydocs lacks, or "
           "its own wording), relative to mkdocs.yml"),
    Option("search", str, "auto",
           "the site's search: pagefind (an index loaded in fragments; written after the "
           "build), material (Material's search plugin), or auto: pagefind from 400 SOPs "
           "on, material below"),
    Option("today", (str, dt.date), None,
           "the date review status counts from (YYYY-MM-DD); default: SOURCE_DATE_EPOCH's "
           "date, else today"),
)
BY_NAME = {o.name: o for o in OPTIONS}
DEFAULTS: dict[str, Any] = {o.name: o.default for o in OPTIONS}
