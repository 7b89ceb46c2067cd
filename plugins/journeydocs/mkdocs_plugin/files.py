"""The playbook's files in MkDocs' ``Files``: sources out, generated pages in.

Journey YAML and ``owners.yml`` are sources, not pages: they are removed and the pages made
from them (:func:`journeydocs.site.build.generated_pages`) are added with ``File.generated``
and an edit link to their source. Their Markdown is written to files under the cache folder
(:class:`GeneratedPages`), so that other plugins can read them like any page's source
(``abs_src_path``). SOP pages keep the stable URL ``sops/<id>/`` wherever the file is.
Content that did not load gets a page saying why, at the URL it would have had. Files the
site excludes (:func:`excluded_sources`) are left out of the whole playbook.
"""

from __future__ import annotations

import fnmatch
import logging
import os
import posixpath
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from journeydocs.content.links import rebased
from journeydocs.content.partials import is_partial, snippet_places
from journeydocs.content.settings import Settings
from journeydocs.content.yamlload import MAX_BYTES, front_matter_risky
from journeydocs.i18n import _, current
from journeydocs.mkdocs_plugin.assets import written
from journeydocs.mkdocs_plugin.logs import REPORTED_LINKS, TOOL_LOGGER, log
from journeydocs.safety.markup import fill
from journeydocs.site import urls
from journeydocs.site.build import generated_pages, with_landing
from journeydocs.site.pages import Site, unpublished_markdown

EXCLUDE_PLUGINS = ("mkdocs_exclude",)
"""Modules of plugins that drop files by ``glob``/``regex`` options (mkdocs-exclude)."""


def excluded_sources(files: Files, config: MkDocsConfig) -> frozenset[str]:
    """The ``src_uri`` of every file the site leaves out of the build: MkDocs'
    ``exclude_docs`` and drafts (``File.inclusion``), and what an exclude plugin will drop
    (its ``glob`` and ``regex`` options, matched as that plugin does, on ``src_path``).
    journeydocs runs before such a plugin, so it applies the same rules itself."""
    out = {f.src_uri for f in files if f.inclusion.is_excluded()}
    for plugin in config.plugins.values():
        if not type(plugin).__module__.startswith(EXCLUDE_PLUGINS):
            continue
        globs, regexes = (_as_list(plugin.config.get(k)) for k in ("glob", "regex"))
        for file in files:
            names = {file.src_path, file.src_uri}
            if any(fnmatch.fnmatchcase(n, g) for n in names for g in globs) or any(
                    re.match(r, n) for n in names for r in regexes):
                out.add(file.src_uri)
    return frozenset(out)


def _as_list(value: object) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


DATE_PLUGINS = ("mkdocs_git_revision_date_localized_plugin",)
"""Modules of plugins that date each page by its source's git history (``exclude`` option)."""


def undated(config: MkDocsConfig, uris: list[str]) -> None:
    """Pages with no source file of their own (the indexes, metrics, health) have no git
    date: a date plugin would give them the time of the build, so no two builds would be
    the same. They are added to its ``exclude`` option (journey, owner and SOP pages point
    at their sources and are dated by them)."""
    for plugin in config.plugins.values():
        if type(plugin).__module__.startswith(DATE_PLUGINS):
            exclude = list(plugin.config.get("exclude") or [])
            plugin.config["exclude"] = exclude + [u for u in uris if u not in exclude]


class _GeneratedPagesAreHandled(logging.Filter):
    """static-i18n warns "Unhandled file case" for a page whose source is outside
    ``docs_dir`` and drops it; :meth:`GeneratedPages.restore` puts journeydocs' pages back,
    so its warning about them is not true (the filter drops just those records)."""

    def __init__(self) -> None:
        super().__init__()
        self.uris: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        _, found, uri = record.getMessage().partition("Unhandled file case - ")
        return not (found and uri in self.uris)


_HANDLED = _GeneratedPagesAreHandled()
logging.getLogger(f"{TOOL_LOGGER}.plugins.mkdocs_static_i18n.reconfigure").addFilter(_HANDLED)


class GeneratedPages:
    """The Markdown of the generated pages, as files under ``folder`` (a cache folder).

    A file is only rewritten when its text changes (its time then says when it did), and
    files no page uses any more are removed at :meth:`finish`.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.written: set[Path] = set()
        self.files: dict[str, File] = {}  # src_uri -> the File made for it
        self.markdown: dict[str, str] = {}  # src_uri -> its Markdown (on_page_read_source)
        _HANDLED.uris = set()

    def file(self, config: MkDocsConfig, uri: str, content: str,
             source: Path | None = None) -> File:
        """The page ``uri`` with Markdown ``content``. With a ``source`` (the journey's
        YAML, the owners file, an SOP's own file) the File points there, as a file of the
        site: plugins that read a page's source (git dates, static-i18n) read the real one;
        the Markdown comes from :attr:`markdown`. Without, it points to a file of
        ``content`` in :attr:`folder`, marked generated."""
        self.markdown[uri] = content
        if source is not None and source.is_file():
            made = File(uri, src_dir=None, dest_dir=config.site_dir,
                        use_directory_urls=config.use_directory_urls)
            made.abs_src_path = str(source)
            self.files[uri] = made
            return made
        path = written(self.folder / uri, content)
        self.written.add(path)
        self.files[uri] = File.generated(config, uri, abs_src_path=str(path))
        _HANDLED.uris.add(uri)
        return self.files[uri]

    def restore(self, files: Files, config: MkDocsConfig) -> None:
        """Put back the generated pages a later plugin dropped (static-i18n drops pages whose
        file is outside ``docs_dir``, and writes each further language under a prefix such
        as ``zh/``: the pages put back get it too). A file another plugin made for a page
        (static-i18n's, with its languages) stays: the Markdown of the page is
        :attr:`markdown` all the same (``on_page_read_source``)."""
        prefix = _url_prefix(files, set(self.files), config.use_directory_urls)
        language = next((str(p.current_language) for p in config.plugins.values()
                         if type(p).__module__.startswith("mkdocs_static_i18n")), None)
        for uri, made in self.files.items():
            if prefix and not made.dest_uri.startswith(prefix):
                made.dest_uri = prefix + made.dest_uri
                made.url = prefix + made.url
                made.__dict__.pop("abs_dest_path", None)
            if files.get_file_from_path(uri) is not None:
                continue  # another plugin's file for it stays: its Markdown is ours anyway
            if language is not None:  # static-i18n: a page of this language, no others
                made.locale, made.alternates = language, {}  # type: ignore[attr-defined]
                made.locale_alternate_of = made.url  # type: ignore[attr-defined]
            files.append(made)

    def finish(self) -> None:
        """Remove the files of pages that were not generated this time."""
        if not self.folder.is_dir():
            return
        for folder, _subdirs, names in os.walk(self.folder, topdown=False):
            for name in names:
                path = Path(folder, name)
                if path not in self.written:
                    path.unlink(missing_ok=True)
            if folder != str(self.folder) and not os.listdir(folder):
                os.rmdir(folder)


def _url_prefix(files: Files, ours: set[str], use_directory_urls: bool) -> str:
    """The folder another plugin writes every page under in this build (static-i18n's
    ``zh/`` for a further language), from a page of the site: ``""`` when none."""
    for file in files.documentation_pages():
        if file.src_uri in ours:
            continue
        plain = urls.page_url(file.src_uri, use_directory_urls)
        if not plain or not file.url.endswith(plain):
            continue  # (the home page, a page another plugin renamed: they say nothing)
        return file.url[:-len(plain)]
    return ""


def add_playbook(files: Files, config: MkDocsConfig, site: Site, settings: Settings,
                 pages: GeneratedPages) -> tuple[dict[str, str], set[str]]:
    """Put the playbook's pages into ``files``; ``pages`` writes the generated ones.

    Returns ``{SOP page src_uri: SOP id}`` and the ``src_uri`` of every page journeydocs
    owns (generated or filled in by it): the pages it cleans and whose front matter it
    escapes. The site's other pages stay as Material and their extensions make them.
    """
    book = site.book
    made: set[str] = set()
    _leave_out_partials(files, settings)
    owners_uri = Path(settings.owners_file).as_posix()
    journeys_prefix = settings.journeys_dir.rstrip("/") + "/"
    actuals_prefix = f"{settings.records_dir.strip('/')}/actuals/"
    for file in list(files):
        uri = file.src_uri
        if uri == owners_uri or (uri.startswith(journeys_prefix) and
                                 uri.endswith((".yml", ".yaml"))):
            files.remove(file)  # sources, not pages; their pages are generated below
        elif uri.startswith(actuals_prefix) and uri.endswith(".csv"):
            files.remove(file)  # actuals are drawn, never published as files (they may name
            # clients)
    for page in generated_pages(site, owners_uri):
        existing = files.get_file_from_path(page.src_uri)
        markdown, edit_uri = page.markdown, page.edit_uri
        if existing is not None:
            landing = _text(Path(existing.abs_src_path or "")) if (
                existing.generated_by is None) else None
            if page.src_uri.endswith("index.md") and landing is not None:
                # a hand-written landing page: shown above the generated list
                markdown, edit_uri = with_landing(landing, markdown), existing.src_uri
            files.remove(existing)
        source = settings.docs_dir / edit_uri if edit_uri else None
        generated = _generated(pages, config, page.src_uri, markdown, made, source)
        generated.edit_uri = edit_uri
        files.append(generated)
    sop_pages = {}
    for sop in book.sops.values():
        page_uri = urls.sop_page(sop.id)
        sop_pages[page_uri] = sop.id
        if sop.src_uri != page_uri:  # keep the stable URL sops/<id>/
            original = files.get_file_from_path(sop.src_uri)
            if original is not None:
                files.remove(original)
            moved = _generated(pages, config, page_uri, sop.body, made,
                               settings.docs_dir / sop.src_uri)
            moved.edit_uri = sop.src_uri
            files.append(moved)
    _unpublished_pages(files, config, site, settings, pages, made)
    pages.finish()
    undated(config, [uri for uri, f in pages.files.items() if f.generated_by is not None])
    REPORTED_LINKS.links = {
        (page, rebased(path, folder, posixpath.dirname(page), site.moved_sops()))
        for page, folder, path in book.broken_links}
    for journey in book.journeys.values():  # built last: their maps are drawn meanwhile
        journey_file = files.get_file_from_path(urls.journey_page(journey.id))
        if journey_file is not None:
            files.remove(journey_file)
            files.append(journey_file)
    return sop_pages, set(sop_pages) | made


def _leave_out_partials(files: Files, settings: Settings) -> None:
    """Partials in the SOP folder (:mod:`journeydocs.content.partials`) are no pages:
    MkDocs leaves them out as if ``exclude_docs`` named them (snippets and include plugins
    read them from disk all the same)."""
    folder = settings.docs_dir / settings.sops_dir
    prefix = settings.sops_dir.rstrip("/") + "/"
    places = snippet_places(settings.markdown, settings.root)
    for file in files:
        if file.src_uri.startswith(prefix) and file.src_uri.endswith(".md") and \
                is_partial(settings.docs_dir / file.src_uri, folder, places):
            file.inclusion = InclusionLevel.EXCLUDED


def _unpublished_pages(files: Files, config: MkDocsConfig, site: Site, settings: Settings,
                       pages: GeneratedPages, made: set[str]) -> None:
    """Content files that did not load get a page that says why, at the URL they would
    have had; Markdown pages that are not UTF-8 text (or are huge) are replaced too, since
    MkDocs would stop with a traceback on them."""
    book = site.book
    sops_prefix = settings.sops_dir.rstrip("/") + "/"
    loaded = {s.src_uri for s in book.sops.values()}
    for file in list(files.documentation_pages()):
        uri = file.src_uri
        if file.generated_by is not None or uri in made or uri in settings.excluded:
            continue
        source = settings.rel(Path(file.abs_src_path or ""))
        if (uri.startswith(sops_prefix) and uri != sops_prefix + "index.md"
                and uri not in loaded):
            _replace(files, config, file, unpublished_markdown(site, source, "SOP"), pages,
                     made)
            continue
        text = _text(Path(file.abs_src_path or ""))
        if text is None:
            log.warning(fill(_("{file}: the page is not UTF-8 text or larger than {size} "
                               "bytes, so it is not published (save it as UTF-8)"),
                             file=source, size=current().number(MAX_BYTES)))
            _replace(files, config, file, unpublished_markdown(site, source, "page"), pages,
                     made)
        elif front_matter_risky(text):
            # MkDocs' front matter parser would crash on it; an SOP page is built from
            # what journeydocs read (its problems are reported), any other page is not
            if uri in loaded:
                sop = next(s for s in book.sops.values() if s.src_uri == uri)
                _replace(files, config, file, sop.body, pages, made)
                continue
            log.warning(fill(_("{file}: the front matter is nested too deeply or expands too "
                               "many aliases, so the page is not published"), file=source))
            _replace(files, config, file, unpublished_markdown(site, source, "page"), pages,
                     made)
    journeys = {j.source for j in book.journeys.values()}
    folder = settings.docs_dir / settings.journeys_dir
    for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
        if path.suffix not in (".yml", ".yaml") or not path.is_file():
            continue
        source = settings.rel(path)
        uri = urls.journey_page(path.relative_to(folder).with_suffix("").as_posix())
        excluded = path.relative_to(settings.docs_dir).as_posix() in settings.excluded
        if excluded or source in journeys or files.get_file_from_path(uri) is not None:
            continue
        files.append(_generated(pages, config, uri,
                                unpublished_markdown(site, source, "journey"), made))


def _generated(pages: GeneratedPages, config: MkDocsConfig, uri: str, content: str,
               made: set[str], source: Path | None = None) -> File:
    made.add(uri)
    return pages.file(config, uri, content, source)


def _replace(files: Files, config: MkDocsConfig, file: File, markdown: str,
             pages: GeneratedPages, made: set[str]) -> None:
    files.remove(file)
    page = _generated(pages, config, file.src_uri, markdown, made)
    page.edit_uri = file.edit_uri
    files.append(page)


def _text(path: Path) -> str | None:
    """The page's text, or None when MkDocs could not (or should not) read it."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return None
        return path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
