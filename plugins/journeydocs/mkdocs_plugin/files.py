"""The playbook's files in MkDocs' ``Files``: sources out, generated pages in.

Journey YAML and ``owners.yml`` are sources, not pages: they are removed and the pages made
from them (:func:`journeydocs.site.build.generated_pages`) are added with ``File.generated``
and an edit link to their source. SOP pages keep the stable URL ``sops/<id>/`` wherever the
file is. Content that did not load gets a page saying why, at the URL it would have had.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from journeydocs.content.settings import Settings
from journeydocs.content.yamlload import MAX_BYTES, front_matter_risky
from journeydocs.mkdocs_plugin.logs import log
from journeydocs.site import urls
from journeydocs.site.build import generated_pages
from journeydocs.site.pages import Site, unpublished_markdown


def add_playbook(files: Files, config: MkDocsConfig, site: Site,
                 settings: Settings) -> tuple[dict[str, str], set[str]]:
    """Put the playbook's pages into ``files``.

    Returns ``{SOP page src_uri: SOP id}`` and the ``src_uri`` of every page journeydocs
    owns (generated or filled in by it): the pages it cleans and whose front matter it
    escapes. The site's other pages stay as Material and their extensions make them.
    """
    book = site.book
    made: set[str] = set()
    owners_uri = Path(settings.owners_file).as_posix()
    journeys_prefix = settings.journeys_dir.rstrip("/") + "/"
    for file in list(files):
        uri = file.src_uri
        if uri == owners_uri or (uri.startswith(journeys_prefix) and
                                 uri.endswith((".yml", ".yaml"))):
            files.remove(file)  # sources, not pages; their pages are generated below
    for page in generated_pages(site, owners_uri):
        existing = files.get_file_from_path(page.src_uri)
        if existing is not None:
            if page.src_uri.endswith("index.md"):
                continue  # a hand-written index wins
            files.remove(existing)
        generated = _generated(config, page.src_uri, page.markdown, made)
        generated.edit_uri = page.edit_uri
        files.append(generated)
    sop_pages = {}
    for sop in book.sops.values():
        page_uri = urls.sop_page(sop.id)
        sop_pages[page_uri] = sop.id
        if sop.src_uri != page_uri:  # keep the stable URL sops/<id>/
            original = files.get_file_from_path(sop.src_uri)
            if original is not None:
                files.remove(original)
            moved = _generated(config, page_uri, sop.body, made)
            moved.edit_uri = sop.src_uri
            files.append(moved)
    _unpublished_pages(files, config, site, settings, made)
    return sop_pages, set(sop_pages) | made


def _unpublished_pages(files: Files, config: MkDocsConfig, site: Site, settings: Settings,
                       made: set[str]) -> None:
    """Content files that did not load get a page that says why, at the URL they would
    have had; Markdown pages that are not UTF-8 text (or are huge) are replaced too, since
    MkDocs would stop with a traceback on them."""
    book = site.book
    sops_prefix = settings.sops_dir.rstrip("/") + "/"
    loaded = {s.src_uri for s in book.sops.values()}
    for file in list(files.documentation_pages()):
        uri = file.src_uri
        if file.generated_by is not None:
            continue
        source = settings.rel(Path(file.abs_src_path or ""))
        if (uri.startswith(sops_prefix) and uri != sops_prefix + "index.md"
                and uri not in loaded):
            _replace(files, config, file, unpublished_markdown(site, source, "SOP"), made)
            continue
        text = _text(Path(file.abs_src_path or ""))
        if text is None:
            log.warning(f"{source}: the page is not UTF-8 text or larger than "
                        f"{MAX_BYTES:,} bytes, so it is not published (save it as UTF-8)")
            _replace(files, config, file, unpublished_markdown(site, source, "page"), made)
        elif front_matter_risky(text):
            # MkDocs' front matter parser would crash on it; an SOP page is built from
            # what journeydocs read (its problems are reported), any other page is not
            if uri in loaded:
                sop = next(s for s in book.sops.values() if s.src_uri == uri)
                _replace(files, config, file, sop.body, made)
                continue
            log.warning(f"{source}: the front matter is nested too deeply or expands "
                        "too many aliases, so the page is not published")
            _replace(files, config, file, unpublished_markdown(site, source, "page"), made)
    journeys = {j.source for j in book.journeys.values()}
    folder = settings.docs_dir / settings.journeys_dir
    for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
        if path.suffix not in (".yml", ".yaml") or not path.is_file():
            continue
        source = settings.rel(path)
        uri = urls.journey_page(path.relative_to(folder).with_suffix("").as_posix())
        if source in journeys or files.get_file_from_path(uri) is not None:
            continue
        files.append(_generated(config, uri, unpublished_markdown(site, source, "journey"),
                                made))


def _generated(config: MkDocsConfig, uri: str, content: str, made: set[str]) -> File:
    made.add(uri)
    return File.generated(config, uri, content=content)


def _replace(files: Files, config: MkDocsConfig, file: File, markdown: str,
             made: set[str]) -> None:
    files.remove(file)
    page = _generated(config, file.src_uri, markdown, made)
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
