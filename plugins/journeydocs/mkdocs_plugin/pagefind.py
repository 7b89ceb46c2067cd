"""The site's search index, written by Pagefind after the build (``search`` option).

``search: pagefind`` indexes every page of the built site with Pagefind (its extended
binary ships in the ``pagefind_bin_extended`` wheel: nothing is downloaded) into
``site/pagefind/``, and turns Material's ``search`` plugin off, so its lunr index is not
built too (and its search box not drawn: the journeydocs search box takes its place).
``search: material`` leaves search to Material. ``search: auto`` (the default) chooses
Pagefind for a playbook of :data:`AUTO_SOPS` SOPs or more, Material's search below (see
the README's search section for the figures).

Pagefind reads a copy of each page (:func:`journeydocs.site.search.index_copy`: Han runs
spaced, the playbook's facets as markup), handed to it through its Python API; the pages
served stay as built. Pagefind's output is then rewritten in one order
(:mod:`journeydocs.site.search_bundle`), so a build gives the same bytes each time.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from journeydocs.i18n import _
from journeydocs.mkdocs_plugin import searchui
from journeydocs.mkdocs_plugin.assets import HERE, PREFIX, written
from journeydocs.mkdocs_plugin.logs import log
from journeydocs.safety.markup import fill
from journeydocs.site import search, search_bundle
from journeydocs.site.pages import Site
from journeydocs.site.urls import page_url

CHOICES = ("auto", "pagefind", "material")
AUTO_SOPS = 400
"""``search: auto`` takes Pagefind from this many SOPs on: the size at which Material's
search, downloaded whole before the first result, becomes slower on a phone than
Pagefind's start-up (README, "Search")."""
AUTO_LANGUAGES = ("zh", "ja", "ko")
"""``search: auto`` takes Pagefind at any size for these: Material's search (lunr, with
jieba for Chinese) answers a phrase with its first word's pages and finds no single
character; the playbook's index finds both (README, "Search": 20 of 20 known-answer
queries in the top 3 in Simplified and in Traditional Chinese)."""
SCRIPTS = ("search-terms.js",)
"""What the search box needs besides Pagefind's own bundle (``pagefind/pagefind.js``)."""
EXCLUDE = ("[data-search-exclude]", ".headerlink", ".md-content__button", ".jd-map-skip",
           ".md-source-file")
"""Parts of a page that are not its text: the run panel's shell and the map (both marked
for Material's search too), permalinks, the edit button, the dates line."""
OUTPUT = "pagefind"


class SiteSearch:
    """Which engine a build uses, and Pagefind's index when it is Pagefind's."""

    def __init__(self) -> None:
        self.engine = "material"
        self.facets: dict[str, search.Facets] = {}  # page URL -> its playbook facets
        self.seconds = 0.0  # how long the last index took

    def plan(self, option: str, config: MkDocsConfig, files: Files, site: Site) -> None:
        """``on_files``: choose the engine; with Pagefind, its scripts join the site and
        Material's search plugin is off."""
        self.engine = choose(option, len(site.book.sops),
                             search.language(str(config.theme.get("language") or "")))
        self.facets = {}
        if self.engine != "pagefind":
            return
        for plugin in config.plugins.values():
            if type(plugin).__module__.startswith("material.plugins.search"):
                plugin.config["enabled"] = False
        for name in SCRIPTS:
            uri = PREFIX + name
            if uri not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(uri)
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri,
                                            abs_src_path=str(HERE / "journeydocs" / name)))
        searchui.add_to_config(config)
        searchui.add_files(files, config)
        self.facets = {page_url(src, config.use_directory_urls): facets
                       for src, facets in search.playbook_facets(site).items()}

    def write(self, config: MkDocsConfig, cache_dir: Path) -> None:
        """``on_post_build``: index the built site into ``<site_dir>/pagefind/`` (the
        copies Pagefind reads are kept in ``cache_dir``)."""
        if self.engine != "pagefind":
            return
        start = time.perf_counter()
        site_dir = Path(config.site_dir)
        pages = sorted(site_dir.rglob("*.html"))
        count = _index(site_dir, pages, self.facets,
                       search.language(str(config.theme.get("language") or "")),
                       cache_dir / "pagefind")
        self.seconds = time.perf_counter() - start
        log.info(fill(_("search: Pagefind indexed {count} pages in {seconds} s"),
                      count=str(count), seconds=f"{self.seconds:.1f}"))


def choose(option: str, sops: int, language: str = "en") -> str:
    """The engine for ``search: option`` on a playbook of ``sops`` SOPs in ``language``
    (Pagefind's name for the site's language, :func:`journeydocs.site.search.language`)."""
    if option in ("pagefind", "material"):
        return option
    if language in AUTO_LANGUAGES:
        return "pagefind"
    return "pagefind" if sops >= AUTO_SOPS else "material"


def _index(site_dir: Path, pages: list[Path], facets: dict[str, search.Facets],
           language: str, copies: Path) -> int:
    """Write each page's copy under ``copies`` (as the site lays them out) and run
    Pagefind's binary over them, writing the bundle to ``<site_dir>/pagefind/``."""
    from pagefind.service import get_executable  # (only when it is used)

    binary = get_executable()
    if binary is None:
        raise PluginError(_("search: Pagefind's binary is missing (pip install "
                            "'pagefind[extended]')"))
    old = {p for p in copies.rglob("*.html")} if copies.is_dir() else set()
    count = 0
    for path in pages:
        rel = path.relative_to(site_dir).as_posix()
        if rel.startswith(OUTPUT + "/"):
            continue
        copy = search.index_copy(path.read_text(encoding="utf-8"),
                                 facets.get(_url(rel).lstrip("/")))
        if search.BODY not in copy:
            continue  # (404.html, redirect stubs: no page text)
        old.discard(written(copies / rel, copy))  # (unchanged copies are not rewritten)
        count += 1
    for gone in old:
        gone.unlink()
    output = site_dir / OUTPUT
    shutil.rmtree(output, ignore_errors=True)
    done = subprocess.run([str(binary), "--site", str(copies), "--output-path", str(output),
                           "--force-language", language, "--exclude-selectors",
                           ", ".join(EXCLUDE), "--quiet"],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise PluginError(fill(_("search: Pagefind failed: {error}"),
                               error=(done.stderr or done.stdout).strip()[-2000:]))
    search_bundle.make_reproducible(output)  # (Pagefind/pagefind#638)
    return count


def _url(rel: str) -> str:
    """The URL Pagefind gives a page at ``rel`` (``sops/x/index.html`` -> ``/sops/x/``)."""
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        return "/" + rel[: -len("index.html")]
    return "/" + rel

