"""What ``mkdocs serve`` needs from journeydocs: every source watched, live reload let through.

``mkdocs serve`` appends an inline script to each HTML page it sends (``mkdocs.livereload``):
it asks the server whether the site was rebuilt and reloads the page when it was. The page's
Content-Security-Policy (:mod:`~journeydocs.safety.csp`) allows only the theme's inline scripts, so
the browser refused that one and saving a file never reloaded the page. The script holds the
server's build number and a request id, so its hash cannot be known when the page is built:
:func:`allow_live_reload` wraps the server's WSGI application and, in each HTML response that
ends with that script, adds the hash of exactly that script to the page's policy. Nothing
else of the policy changes, and ``mkdocs build`` never comes here (MkDocs calls ``on_serve``
only when it serves with live reload, whatever ``on_startup`` was told).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from wsgiref.types import StartResponse, WSGIEnvironment

from mkdocs import livereload
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import get_plugin_logger

from journeydocs.content.settings import Settings
from journeydocs.i18n import _
from journeydocs.safety import csp

log = get_plugin_logger("journeydocs.devserver")


def live_reload_pattern(template: str) -> re.Pattern[str]:
    """The texts a ``string.Template`` of numbers (``${epoch}``...) can become."""
    parts = re.split(r"\$\{\w+\}|\$\w+", template)
    return re.compile(r"\d+".join(re.escape(part) for part in parts))


def _live_reload_script() -> re.Pattern[str] | None:
    """MkDocs' live-reload script as a pattern, from the template MkDocs fills in.

    The template has a private name (``mkdocs.livereload._SCRIPT_TEMPLATE``): pyproject.toml
    pins MkDocs, and should another version lack it, this is None and serving says that the
    policy stops live reload, rather than journeydocs failing to load.
    """
    template = getattr(getattr(livereload, "_SCRIPT_TEMPLATE", None), "template", None)
    return live_reload_pattern(template) if isinstance(template, str) else None


LIVE_RELOAD = _live_reload_script()


def with_live_reload_allowed(page: str, script: re.Pattern[str]) -> str:
    """``page`` whose policy allows the live-reload script the server appended to it.

    MkDocs puts it right before the last ``</body>`` (at the end without one); the script
    found there must be one that ``script`` matches entirely, or nothing is allowed.
    """
    end = page.rfind("</body>")
    before = page[: end if end >= 0 else len(page)]
    if not before.endswith("</script>"):
        return page
    start = before.rfind("<script>")
    body = before[start + len("<script>"): -len("</script>")] if start >= 0 else ""
    if not script.fullmatch(body):
        return page
    return csp.allow_script(page, body)


def allow_live_reload(server: LiveReloadServer) -> None:
    """Let ``server``'s live-reload script through each HTML page's policy (see above)."""
    script = LIVE_RELOAD
    app = server.get_app()
    if app is None:
        return
    if script is None:
        log.warning(_("this MkDocs injects a live-reload script journeydocs does not know: "
                      "the pages' Content-Security-Policy stops it, reload pages by hand"))
        return

    def app_with_live_reload(environ: WSGIEnvironment,
                             start_response: StartResponse) -> Iterable[bytes]:
        held: list[tuple[str, list[tuple[str, str]]]] = []

        def hold_html(status: str, headers: list[tuple[str, str]],
                      exc_info: Any = None) -> Any:
            if exc_info is not None or not _is_html(headers):
                return start_response(status, headers, exc_info)
            held.append((status, headers))
            return _no_write

        result = app(environ, hold_html)
        if not held:
            return result
        status, headers = held[0]
        content = _allowed(b"".join(_drain(result)), script)
        headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
        start_response(status, [*headers, ("Content-Length", str(len(content)))])
        return [content]

    server.set_app(app_with_live_reload)


def sources_outside_docs(settings: Settings) -> list[Path]:
    """The journeys and SOPs folders and the owners file, where MkDocs does not watch them.

    MkDocs watches ``docs_dir``; the content model allows each of the three elsewhere (a
    path relative to ``docs_dir`` may climb out of it). A missing path is not watched.
    """
    docs = settings.docs_dir.resolve()
    found = []
    for rel in (settings.journeys_dir, settings.sops_dir, settings.owners_file):
        path = (docs / rel).resolve()
        if path.exists() and path != docs and docs not in path.parents and path not in found:
            found.append(path)
    return found


def _allowed(content: bytes, script: re.Pattern[str]) -> bytes:
    """:func:`with_live_reload_allowed` on a page as sent (MkDocs writes UTF-8)."""
    try:
        page = content.decode("utf-8")
    except UnicodeDecodeError:
        return content
    return with_live_reload_allowed(page, script).encode("utf-8")


def _is_html(headers: list[tuple[str, str]]) -> bool:
    return any(k.lower() == "content-type" and v.lower().startswith("text/html")
               for k, v in headers)


def _drain(result: Iterable[bytes]) -> Iterator[bytes]:
    """The chunks of a WSGI response, closing it afterwards as PEP 3333 asks."""
    try:
        yield from result
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()


def _no_write(data: bytes) -> None:
    raise RuntimeError("journeydocs holds HTML responses: write() is not supported")


def serve(server: LiveReloadServer, settings: Settings | None) -> None:
    """``on_serve``: saving a journey, an SOP or the owners file rebuilds the site and
    reloads the page: sources outside ``docs_dir`` are watched too, and the live-reload
    script passes the pages' Content-Security-Policy (:func:`allow_live_reload`)."""
    if settings is not None:
        for path in sources_outside_docs(settings):
            server.watch(str(path))
    allow_live_reload(server)
