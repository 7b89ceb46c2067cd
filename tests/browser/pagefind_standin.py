"""A MkDocs hook for the search tests: Pagefind's index on a built sample, the search box on.

Until the plugin runs Pagefind itself, this stands in for it, as a site's ``hooks:`` entry:
the search box's script and style (:mod:`journeydocs.mkdocs_plugin.searchui`), each
playbook page's filters (``data-pagefind-filter``: owner, stage, journey, system, critical,
tags and person, as the plugin's index has them, read from the playbook's YAML and
front matter), the page body Pagefind indexes
(the article, without the checklist panel, the map and the headings' ¶ links), and
Pagefind run on the site after the build (``python -m pagefind``, the wheel's binary).
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from journeydocs.mkdocs_plugin import searchui

_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">')


def on_config(config: Any) -> Any:
    searchui.add_to_config(config)
    return config


def on_files(files: Any, config: Any) -> Any:
    searchui.add_files(files, config)
    return files


def _load(docs: Path) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    owners = yaml.safe_load((docs / "owners.yml").read_text(encoding="utf-8")) or {}
    journeys = {path.stem: yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
                for path in sorted((docs / "journeys").glob("*.yml"))}
    return owners, journeys


def _owner(owners: dict[str, Any], oid: str) -> list[tuple[str, str]]:
    """The owner filter names the role; the person is a filter of its own."""
    entry = owners.get(oid) or {}
    found = [("owner", str(entry.get("name") or oid))]
    return found + ([("person", str(entry["person"]))] if entry.get("person") else [])


def _filters(page: Any, config: Any) -> list[tuple[str, str]]:
    docs = Path(config.docs_dir)
    owners, journeys = _load(docs)
    src = page.file.src_uri
    found: list[tuple[str, str]] = []
    m = re.fullmatch(r"sops/([^/]+)\.md", src)
    if m and m.group(1) != "index":
        sop = m.group(1)
        if page.meta.get("owner"):
            found += _owner(owners, str(page.meta["owner"]))
        found += [("tags", str(tag)) for tag in page.meta.get("tags") or []]
        for journey in journeys.values():
            for step in journey.get("steps") or []:
                if step.get("sop") == sop:
                    found += [("journey", journey["title"]), ("stage", step["stage"]),
                              ("system", journey["system"])]
                    if step.get("critical") == "true":
                        found.append(("critical", "critical"))
    m = re.fullmatch(r"journeys/([^/]+)\.(md|yml)", src)
    if m and m.group(1) in journeys:
        journey = journeys[m.group(1)]
        found += [("journey", journey["title"]), ("system", journey["system"])]
        found += _owner(owners, journey["owner"])
        found += [("stage", stage) for stage in journey.get("stages") or []]
        if any(step.get("critical") == "true" for step in journey.get("steps") or []):
            found.append(("critical", "critical"))
    m = re.fullmatch(r"owners/([^/]+)\.md", src)
    if m and m.group(1) in owners:
        found += _owner(owners, m.group(1))
    return sorted(set(found))


def on_page_context(context: Any, page: Any, config: Any, nav: Any) -> Any:
    page.meta["_pagefind_filters"] = _filters(page, config)
    return context


def on_post_page(output: str, page: Any, config: Any) -> str:
    marks = "".join(
        f'<span hidden data-pagefind-filter="{html.escape(name)}:{html.escape(value)}"></span>'
        for name, value in page.meta.get("_pagefind_filters", []))
    output = _ARTICLE.sub(lambda m: m.group(0)[:-1] + " data-pagefind-body>" + marks, output, 1)
    output = output.replace('class="headerlink"', 'class="headerlink" data-pagefind-ignore')
    return output.replace('data-search-exclude=""', 'data-search-exclude="" data-pagefind-ignore')


def on_post_build(config: Any) -> None:
    subprocess.run([sys.executable, "-m", "pagefind", "--site", config.site_dir],
                   check=True, capture_output=True)
