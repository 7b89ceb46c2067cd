"""`mkdocs serve` support without a browser: the live-reload script and the watched sources.

The browser side (a saved file reloads the open page) is tests/browser/test_live_reload.py.
"""

from __future__ import annotations

import io
import wsgiref.util
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from mkdocs.livereload import LiveReloadServer

from journeydocs.content.settings import Settings
from journeydocs.mkdocs_plugin import devserver
from journeydocs.safety import csp

THEME = csp.theme_scripts(["<script>window.theme = 'the theme script';</script>"])
PAGE = ("<!doctype html><html><head><meta charset=utf-8></head><body><p>Hi</p>"
        "<script>window.theme = 'the theme script';</script></body></html>")


def live_reload_script(epoch: int = 1234, request_id: int = 5678) -> str:
    template = devserver.livereload._SCRIPT_TEMPLATE  # what LiveReloadServer injects
    return template.substitute(epoch=epoch, request_id=request_id)


def served(page: str, script: str) -> str:
    end = page.rindex("</body>")
    return page[:end] + f"<script>{script}</script>" + page[end:]


def policy_of(page: str) -> str:
    start = page.index('content="', page.index("Content-Security-Policy")) + len('content="')
    return page[start:page.index('"', start)]


def test_mkdocs_live_reload_script_is_known() -> None:
    assert devserver.LIVE_RELOAD is not None
    assert devserver.LIVE_RELOAD.fullmatch(live_reload_script())
    assert devserver.LIVE_RELOAD.fullmatch(live_reload_script(9, 10))
    assert not devserver.LIVE_RELOAD.fullmatch(live_reload_script() + "alert(1);")


def test_only_the_appended_live_reload_script_is_allowed() -> None:
    built, _ = csp.add_policy(PAGE, THEME)
    assert devserver.LIVE_RELOAD is not None
    script = live_reload_script()
    page = devserver.with_live_reload_allowed(served(built, script), devserver.LIVE_RELOAD)
    script_src = next(d for d in policy_of(built).split("; ") if d.startswith("script-src "))
    assert policy_of(page) == policy_of(built).replace(
        script_src, f"{script_src} {csp.script_hash(script)}")
    assert page.replace(policy_of(page), "") == served(built, script).replace(
        policy_of(built), "")

    # anything else at the end of the page, or the script anywhere else, is not allowed
    for other in (served(built, "alert(1)"),
                  served(built, script + "alert(1)"),
                  built.replace("<p>Hi</p>", f"<script>{script}</script>")):
        assert devserver.with_live_reload_allowed(other, devserver.LIVE_RELOAD) == other


def test_allow_script_changes_the_first_policy_only() -> None:
    tag = ('<meta http-equiv="Content-Security-Policy" '
           """content="script-src 'self'; base-uri 'self'">""")
    page = f"<head>{tag}</head><body>{tag}</body>"
    allowed = csp.allow_script(page, "x()")
    assert allowed == page.replace(
        "script-src 'self'", f"script-src 'self' {csp.script_hash('x()')}", 1)
    assert csp.allow_script("<p>no policy</p>", "x()") == "<p>no policy</p>"


@pytest.fixture
def server(tmp_path: Path) -> Iterable[LiveReloadServer]:
    """A LiveReloadServer that is never bound: requests go straight to its WSGI app."""
    site = tmp_path / "site"
    site.mkdir()
    built, _ = csp.add_policy(PAGE, THEME)
    (site / "index.html").write_text(built, encoding="utf-8")
    (site / "app.js").write_text("console.log('hi');", encoding="utf-8")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(site))
    server.watch(str(tmp_path))  # live reload on: HTML pages get the script
    devserver.allow_live_reload(server)
    yield server
    server.server_close()


def request(server: LiveReloadServer, path: str) -> tuple[dict[str, str], bytes]:
    environ: dict[str, Any] = {"PATH_INFO": path, "wsgi.input": io.BytesIO()}
    wsgiref.util.setup_testing_defaults(environ)
    sent: dict[str, str] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        sent.update(headers)
        sent["status"] = status
        return lambda data: None

    app = server.get_app()
    assert app is not None
    body = b"".join(app(environ, start_response))
    return sent, body


def test_served_pages_allow_their_own_live_reload_script(server: LiveReloadServer) -> None:
    headers, body = request(server, "/index.html")
    page = body.decode("utf-8")
    assert headers["status"] == "200 OK" and headers["Content-Length"] == str(len(body))
    injected = page[page.rindex("<script>") + len("<script>"):page.rindex("</script>")]
    assert "livereload(" in injected
    assert csp.script_hash(injected) in policy_of(page)
    assert "'unsafe-inline'" not in policy_of(page).split("script-src")[1].split(";")[0]

    headers, body = request(server, "/app.js")  # not HTML: passed on untouched
    assert body == b"console.log('hi');" and headers["Content-Length"] == str(len(body))
    headers, _ = request(server, "/missing.html")
    assert headers["status"].startswith("404")


def test_sources_outside_docs_are_watched(tmp_path: Path) -> None:
    docs = tmp_path / "content"
    (docs / "sops").mkdir(parents=True)
    (tmp_path / "journeys").mkdir()
    (tmp_path / "owners.yml").write_text("{}\n", encoding="utf-8")
    inside = Settings(root=tmp_path, docs_dir=docs)
    assert devserver.sources_outside_docs(inside) == []
    outside = Settings(root=tmp_path, docs_dir=docs, journeys_dir="../journeys",
                       owners_file="../owners.yml", sops_dir="sops")
    assert devserver.sources_outside_docs(outside) == [
        (tmp_path / "journeys").resolve(), (tmp_path / "owners.yml").resolve()]
    missing = Settings(root=tmp_path, docs_dir=docs, journeys_dir="../nowhere")
    assert devserver.sources_outside_docs(missing) == []
