"""The Content-Security-Policy is the site owner's call: on by default, off, or extended."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import copy_sample, run_mkdocs_build
from journeydocs.safety.csp import (
    add_policy,
    blocked,
    check_sources,
    mermaid_script,
    policy,
    script_hash,
    site_sources,
    theme_scripts,
)

TAG = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def test_what_the_site_loads_from_elsewhere_is_allowed() -> None:
    sources = site_sources(
        scripts=["https://cdn.example.com/x.js", "assets/local.js", "//weird"],
        styles=["https://css.example.org/a.css"], repo_url="https://github.com/o/r",
        fonts=True, analytics="google")
    assert sources["script-src"] == ["https://cdn.example.com",
                                      "https://www.googletagmanager.com"]
    assert sources["style-src"] == ["https://css.example.org", "https://fonts.googleapis.com"]
    # (a script or stylesheet from a CDN, MathJax say, loads its fonts from there too)
    assert sources["font-src"] == ["https://cdn.example.com", "https://css.example.org",
                                   "https://fonts.gstatic.com"]
    assert "https://api.github.com" in sources["connect-src"]
    assert site_sources() == {}


@pytest.mark.parametrize(("extra", "why"), [
    ({"scrpt-src": ["https://a.example"]}, "'scrpt-src' is not a directive"),
    ({"script-src": "https://a.example; script-src *"}, "is not a CSP source"),
    ({"img-src": ["https://a.example x"]}, "is not a CSP source"),
    ({"img-src": [3]}, "must be a list of sources"),
    (["img-src"], "must be true, false, or a mapping"),
])
def test_extra_sources_that_would_break_the_policy_are_refused(extra: object, why: str) -> None:
    sources, wrong = check_sources(extra)
    assert sources == {} and len(wrong) == 1 and why in wrong[0]


def test_extra_sources_join_their_directive_once() -> None:
    text = policy(["'sha256-x'"], {"script-src": ["https://a.example", "'self'"]})
    assert "script-src 'self' https://a.example 'sha256-x';" in text


def _with(project: Path, options: str, extra: str = "") -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      journeys_dir: journeys\n", "      journeys_dir: journeys\n" + options, 1)
        + extra, encoding="utf-8")


def test_csp_false_leaves_the_pages_without_a_policy(tmp_path: Path) -> None:
    project = copy_sample(tmp_path / "p")
    _with(project, "      csp: false\n")
    result = run_mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.output
    assert not TAG.search(result.page("sops/consultation-call/index.html"))


def test_the_owners_sources_and_scripts_are_in_every_policy(tmp_path: Path) -> None:
    project = copy_sample(tmp_path / "p")
    _with(project, "      csp:\n        img-src: [https://img.example.com]\n",
          "extra_javascript:\n  - https://cdn.example.com/mermaid.min.js\n")
    result = run_mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.output
    for page in ("index.html", "sops/consultation-call/index.html", "404.html"):
        found = TAG.search(result.page(page))
        assert found, page
        assert "img-src 'self' data: https://img.example.com;" in found.group(1)
        assert "script-src 'self' https://cdn.example.com" in found.group(1)


def test_check_reports_a_broken_csp_option_at_its_line(tmp_path: Path) -> None:
    project = copy_sample(tmp_path / "p")
    _with(project, "      csp:\n        script-src: ['https://a.example; object-src *']\n")
    line = (project / "mkdocs.yml").read_text().split("\n").index("      csp:") + 1
    proc = subprocess.run([sys.executable, "-m", "journeydocs.cli", "check", str(project)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert f"mkdocs.yml:{line}:1: journeydocs option 'csp': 'script-src':" in proc.stdout


def test_a_site_that_draws_diagrams_may_load_the_themes_mermaid() -> None:
    """Material loads Mermaid from its CDN on a page with a diagram: the policy allows that
    one file, found in the theme's bundle, when the site's SuperFences make diagrams."""
    bundle = 'x=1;_t("https://unpkg.com/mermaid@11/dist/mermaid.min.js"):$(void 0)'
    url = mermaid_script(["no url here", bundle])
    assert url == "https://unpkg.com/mermaid@11/dist/mermaid.min.js"
    assert mermaid_script(["var a = 1;"]) == ""
    assert site_sources(mermaid=url)["script-src"] == [url]


def test_the_owner_allows_another_plugins_inline_script_by_its_hash() -> None:
    theme = theme_scripts(["<script>var theme_script = document.body;</script>"])
    page = ("<html><head><meta charset=\"utf-8\"><script>var theme_script = document.body;"
            "</script></head><body><script id=\"init\">GLightbox({});</script></body></html>")
    _, foreign = add_policy(page, theme)
    assert foreign == ["GLightbox({});"]
    allowed, wrong = check_sources({"script-src": [script_hash("GLightbox({});")]})
    assert not wrong
    out, foreign = add_policy(page, theme, allowed)
    assert foreign == [] and script_hash("GLightbox({});") in TAG.search(out).group(1)
    assert check_sources({"script-src": ["'sha256-a b'"]})[1]


def test_a_blocked_inline_script_is_reported_once_with_its_hash(tmp_path: Path) -> None:
    project = copy_sample(tmp_path / "p")
    hooks = project / "hooks.py"  # another plugin that adds an inline script to every page
    hooks.write_text("from mkdocs.plugins import event_priority\n"
                     "@event_priority(50)\n"
                     "def on_post_page(output, page, config):\n"
                     "    return output.replace('</body>',"
                     " '<script>lightbox();</script></body>')\n",
                     encoding="utf-8")
    _with(project, "", "hooks: [hooks.py]\n")
    result = run_mkdocs_build(project)
    assert result.returncode == 0, result.output
    lines = [ln for ln in result.output.splitlines() if "lightbox();" in ln]
    assert len(lines) == 1, result.output
    assert script_hash("lightbox();") in lines[0] and "csp: {script-src:" in lines[0]
    _with(project, f"      csp:\n        script-src: [\"{script_hash('lightbox();')}\"]\n")
    result = run_mkdocs_build(project, "--strict")
    assert result.returncode == 0, result.output


@pytest.mark.parametrize(("html", "wanted"), [
    ('<svg aria-label="&lt;img src=x onerror=alert(1)&gt; x" class="m"></svg>', []),
    ('<img alt="a src=//evil.example/x" src="/ok.png">', []),
    ("<a title='say onclick=x' href=\"#\">", []),
    ('<img src="https://evil.example/x.png">', ["<img> from https://evil.example"]),
    ('<div class=x onclick="go()">', ["the inline event handler onclick= on <div>"]),
    ("<a title=x\nonmouseover=alert(1)>", ["the inline event handler onmouseover= on <a>"]),
])
def test_what_is_blocked_is_found_in_attributes_not_in_their_values(
        html: str, wanted: list[str]) -> None:
    """An escaped title that reads ``onerror=`` inside an attribute's value (a map's
    ``aria-label``) is text, not a handler; the attribute itself is one."""
    assert [b.what for b in blocked(html, {})] == wanted


def test_what_a_site_page_will_not_run_is_said_at_its_file_and_line(tmp_path: Path) -> None:
    """The site's own pages are not cleaned, so what their policy blocks is reported, with
    the page's file (relative to mkdocs.yml, as content problems are) and line."""
    project = copy_sample(tmp_path / "p")
    (project / "content" / "about.md").write_text(
        "# About us\n\nText.\n\n![Team](https://img.example.com/team.png)\n\n"
        '<p>Hi <button type="button" onclick="alert(1)">x</button></p>\n\n'
        "<script>\n  window.tracker = 1;\n</script>\n", encoding="utf-8")
    result = run_mkdocs_build(project)
    assert result.returncode == 0, result.output
    said = [ln for ln in result.output.splitlines() if "Content-Security-Policy blocks" in ln]
    assert any("content/about.md:5:" in ln and "https://img.example.com" in ln
               for ln in said), said
    assert any("content/about.md:7:" in ln and "onclick=" in ln for ln in said), said
    assert any("content/about.md:10:" in ln and "window.tracker" in ln for ln in said), said
