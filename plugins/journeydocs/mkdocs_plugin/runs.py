"""Run records at build time: the git facts the run history needs, and the privacy warning.

Before each build (:meth:`RunFiling.pre_build`) one ``git log`` reads when each source
last changed (the pages' dates) and in which commit (the SOP version a run follows).
Once the playbook is loaded (:meth:`RunFiling.attach`) the site learns each SOP's commit
and where "File this run" files (the GitHub repository's ``issues/new``; none without a
GitHub ``repo_url``), and the build warns when run history
(names, GitHub logins, notes) is about to be published on a public GitHub Pages site
without the ``records_public`` option that says the team knows.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig

from journeydocs.i18n import _
from journeydocs.mkdocs_plugin.logs import log
from journeydocs.review.commits import last_changes, versions
from journeydocs.site.pages import Site

_GITHUB_REPO = re.compile(r"^https://github\.com/[A-Za-z0-9-]+/[A-Za-z0-9._-]+$")


def filing_url(repo_url: str | None) -> str:
    """``https://github.com/o/r/issues/new`` for a GitHub ``repo_url``; else empty."""
    url = (repo_url or "").strip().rstrip("/").removesuffix(".git")
    return url + "/issues/new" if _GITHUB_REPO.match(url) else ""


def public_pages(site_url: str | None) -> bool:
    """Whether ``site_url`` is a GitHub Pages address (``*.github.io``), public unless the
    organisation pays for private Pages."""
    host = urlsplit(site_url or "").hostname or ""
    return host == "github.io" or host.endswith(".github.io")


class RunFiling:
    def __init__(self) -> None:
        self.commits: dict[str, str] = {}  # docs-relative source -> its last commit
        self.docs = Path()

    def pre_build(self, config: MkDocsConfig) -> dict[str, dt.datetime]:
        """The sources' dates (for the pages) and commits (for the runs), from git."""
        self.docs = Path(config.docs_dir)
        dates, self.commits = last_changes(self.docs)  # one `git log`
        return dates

    def attach(self, site: Site, config: MkDocsConfig, options: Any) -> Site:
        """``site`` with its SOPs' commits and filing address; ``options``: the plugin's."""
        site.filing_url = filing_url(config.repo_url)
        site.commits = {sop.id: self.commits[sop.src_uri] for sop in site.book.sops.values()
                        if sop.src_uri in self.commits}
        sops = site.book.sops  # is each run's SOP version the current content? one git call
        asked = {(sops[r.sop].src_uri, r.sop_commit) for r in site.book.runs
                 if r.sop_commit and r.sop in site.commits}
        ids = {sop.src_uri: sop.id for sop in sops.values()}
        site.versions = {(ids[path], commit): version
                         for (path, commit), version in versions(self.docs, asked).items()}
        book = site.book
        if (book.runs or book.actuals) and public_pages(config.site_url) \
                and not options.records_public:
            log.warning(_("records are shown on {url}, a public GitHub Pages site: the pages "
                          "name who ran each checklist, the runs' notes and the metric "
                          "actuals with their notes, which may name clients. Set "
                          "'records_public: true' under the journeydocs plugin if that is "
                          "intended, or publish the site privately").format(
                              url=config.site_url))
        return site
