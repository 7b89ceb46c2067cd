"""Where each generated page lives, and relative links between pages.

Markdown links point at ``.md`` source paths (MkDocs turns them into URLs and validates
them); raw HTML such as the inline SVG maps needs real relative URLs, computed here for
``use_directory_urls`` on and off. Relative URLs keep working under a sub-path
(GitHub Pages project sites live under ``/<repo>/``).
"""

from __future__ import annotations

import posixpath

JOURNEYS_INDEX = "journeys/index.md"
SOPS_INDEX = "sops/index.md"
OWNERS_INDEX = "owners/index.md"
METRICS_PAGE = "metrics.md"
HEALTH_PAGE = "health.md"


def journey_page(journey_id: str) -> str:
    return f"journeys/{journey_id}.md"


def sop_page(sop_id: str) -> str:
    """SOP pages live at sops/<id>/ whatever the file is called or where it sits."""
    return f"sops/{sop_id}.md"


def sop_list_page(n: int) -> str:
    """Page ``n`` of a long SOP index (digits only: never an SOP id, so never an SOP page)."""
    return f"sops/all/{n}.md"


def owner_page(owner_id: str) -> str:
    return f"owners/{owner_id}.md"


def weekly_page(week: str, owner_id: str) -> str:
    """One owner's weekly review of an ISO week (``2026-W48``): ``review/2026-W48/<owner>/``."""
    return f"review/{week}/{owner_id}.md"


def step_anchor(step_id: str) -> str:
    return f"step-{step_id}"


def page_url(src: str, use_directory_urls: bool) -> str:
    """Site-relative URL of a Markdown source path, as MkDocs computes it."""
    stem, _ = posixpath.splitext(src)
    name = posixpath.basename(stem)
    parent = posixpath.dirname(stem)
    if name in ("index", "README"):
        return (parent + "/") if parent else ""
    if use_directory_urls:
        return f"{stem}/"
    return f"{stem}.html"


def relative_url(from_src: str, to_src: str, use_directory_urls: bool, anchor: str = "") -> str:
    """The URL of page ``to_src`` as seen from page ``from_src`` (both .md sources)."""
    here = page_url(from_src, use_directory_urls)
    there = page_url(to_src, use_directory_urls)
    is_dir = there == "" or there.endswith("/")
    if is_dir and not use_directory_urls:
        there += "index.html"
        is_dir = False
    here_dir = here.rsplit("/", 1)[0] if "/" in here else ""
    rel = _relpath(there or ".", here_dir or ".")
    if is_dir:
        rel = "./" if rel == "." else rel + "/"
    return rel + (f"#{anchor}" if anchor else "")


def md_link(from_src: str, to_src: str, anchor: str = "") -> str:
    """A Markdown link target from one source page to another (MkDocs validates these)."""
    rel = _relpath(to_src, posixpath.dirname(from_src) or ".")
    return rel + (f"#{anchor}" if anchor else "")


def _relpath(path: str, start: str) -> str:
    """``posixpath.relpath`` for the plain relative paths of a site, without its calls to
    ``os.getcwd()`` (pages link to each other tens of thousands of times)."""
    parts, base = path.split("/"), start.split("/") if start != "." else []
    if path.startswith("/") or start.startswith("/") or {"", ".", ".."} & {*parts, *base}:
        return posixpath.relpath(path, start)
    common = 0
    for a, b in zip(parts, base, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(base) - common) + parts[common:]) or "."
