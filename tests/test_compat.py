"""journeydocs inside an existing Material site, beside the plugins such sites use (issue 12).

``tests/compat/site`` is a handbook as teams have them (content tabs, icons, Mermaid,
annotated code, images, grid cards, abbreviations, a blog and tags) with a small playbook
(English and Chinese journeys, SOPs, one in a sub-folder, owners). Each case appends its
``plugins:`` (and any other keys it needs) to the fixture's ``mkdocs.yml``, as a team would
after ``pip install``, and is checked four ways:

- ``test_strict_build``: one cold ``mkdocs build --strict`` passes;
- ``test_in_the_browser`` (Chromium): the other plugin's own feature works (the case's
  ``check``), the site's tabs switch and its Mermaid diagram is drawn, a checklist tick
  survives a reload, the journey map is on its page, and no page logs a CSP violation or an
  error or asks another host for anything (Mermaid's CDN is answered by a stand-in);
- ``test_playbook_pages``: journeydocs' own pages and maps are there;
- ``test_warm_equals_cold``: after a change to an input of that plugin, a build with the page
  cache warm gives the same HTML, byte for byte, as a cold build.

Every case is built once per session, all selected cases up front on two workers (see
:func:`builds`), into temporary folders. The ``properdocs`` case does the same with the
repository's sample under ProperDocs.
"""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from conftest import ROOT, BuildResult, StaticServer, copy_sample

SITE = ROOT / "tests" / "compat" / "site"
EPOCH = "1793000000"  # SOURCE_DATE_EPOCH (2026-10-26): the same bytes on any day
FONTS = Path("/usr/share/fonts/truetype/dejavu")
MERMAID_CDN = "https://unpkg.com/mermaid@11/dist/mermaid.min.js"
OFFLINE_SHIM = "https://unpkg.com/iframe-worker/shim"
MERMAID_STAND_IN = """
window.mermaid = {
  initialize() {},
  render(id, text) {
    (window.__mermaid = window.__mermaid || []).push(text);
    return Promise.resolve({
      svg: '<svg xmlns="http://www.w3.org/2000/svg" width="80" height="20"><text y="15">'
        + 'diagram</text></svg>',
    });
  },
};
"""
"""Mermaid's CDN script as Material calls it (``initialize``, ``render``): what the browser
gets instead of unpkg.com, so the test needs no network and still sees the page load it."""
WATCH_CSP = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.__jdCsp(location.pathname + ": " + e.violatedDirective + " blocked "
    + (e.blockedURI || "inline") + " " + (e.sample || ""));
});
"""


# ---------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _edit_sop(project: Path) -> None:
    """An SOP changes (journeydocs' own input; every plugin reads its page)."""
    _edit(project / "docs/sops/consultation-booking.md", "- [ ] Send the intake form",
          "- [ ] Send the intake form\n- [ ] Confirm the time zone")


def _git(project: Path, *args: str, when: str = "2026-09-01T10:00:00+00:00") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when,
           "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.com"}
    subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)


def _git_init(project: Path) -> None:
    (project / ".gitignore").write_text(".cache/\n", encoding="utf-8")
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "The handbook")


def _git_change(project: Path) -> None:
    _edit(project / "docs/guide/onboarding.md", "1. Get a laptop.", "1. Get a laptop and a phone.")
    _edit_sop(project)
    _git(project, "commit", "-q", "-am", "Onboarding: phone", when="2026-10-20T10:00:00+00:00")


def _social_fonts(project: Path) -> None:
    """Material's social plugin downloads its font from Google Fonts into its cache unless
    the family is there already: the Debian DejaVu font, placed as the plugin stores fonts."""
    fonts = project / ".cache/plugin/social/fonts/DejaVu Sans"
    fonts.mkdir(parents=True)
    shutil.copy(FONTS / "DejaVuSans.ttf", fonts / "Regular.ttf")
    shutil.copy(FONTS / "DejaVuSans-Bold.ttf", fonts / "Bold.ttf")


def _privacy_cache(project: Path) -> None:
    """Material's privacy plugin downloads the site's external assets (here: Mermaid, which
    the theme loads from unpkg.com) unless they are in its cache: the stand-in, placed as the
    plugin stores files. The site then loads Mermaid from itself, at its ``site_url``."""
    _write(project / ".cache/plugin/privacy/assets/external" / MERMAID_CDN.split("://")[1],
           MERMAID_STAND_IN)


NAV_ORDER = ["index.md", "guide", "journeys", "sops", "owners"]
"""The order a nav file gives: the site's home and guide, then the playbook's sections."""


def _awesome_pages(project: Path) -> None:
    """awesome-pages' ``.pages``: the order above, then the rest (``...``)."""
    entries = "".join(f"  - {name}\n" for name in [*NAV_ORDER, "..."])
    _write(project / "docs/.pages", "nav:\n" + entries)


def _awesome_nav(project: Path) -> None:
    """awesome-nav's ``.nav.yml``: the order above, then the rest (``"*"``)."""
    entries = "".join(f"  - {name}\n" for name in [*NAV_ORDER, '"*"'])
    _write(project / "docs/.nav.yml", "nav:\n" + entries)


def _macros(project: Path) -> None:
    _edit(project / "docs/sops/consultation-booking.md", "- [ ] Send the intake form",
          "- [ ] Send the intake form, signed {{ company }}")


def _i18n(project: Path) -> None:
    _write(project / "docs/index.zh.md", """
        # Acme 手册

        欢迎。请阅读[指南](guide/index.md)和[手册](journeys/index.md)。

        === "办公室"

            每周二开会。

        === "远程"

            先写下来。

        ``` mermaid
        graph LR
          A[请求] --> B[处理]
        ```
        """)
    _write(project / "docs/guide/index.zh.md", """
        # 指南

        Acme 的工作方式。

        ![团队](../images/team.png)
        """)


def _include_markdown(project: Path) -> None:
    _write(project / "includes/call-checks.md", """
        - [ ] Confirm the time zone of the call
        - [ ] Test the video link
        """)
    _edit(project / "docs/sops/sales/consultation-call.md",
          "- [ ] Prepare two relevant case studies",
          '- [ ] Prepare two relevant case studies\n\n'
          '{% include-markdown "../../../includes/call-checks.md" %}')
    _edit(project / "docs/guide/onboarding.md", "1. Get a laptop.",
          '1. Get a laptop.\n\n{% include-markdown "../../includes/call-checks.md" %}\n')


EXCLUDED = ("sops/draft-refund-policy", "journeys/old-webinar")


@dataclass
class Case:
    """One set-up: the plugins (YAML list items), other keys, and how to use and change it."""

    name: str
    plugins: str
    extra: str = ""
    setup: Callable[[Path], None] | None = None
    change: Callable[[Path], None] = _edit_sop
    check: Callable[[Any, Browse], None] | None = None
    directory_urls: bool = True
    properdocs: bool = False
    at_site_url: bool = False  # built with site_url set to the test server's address


@dataclass
class Browse:
    """A browser tab on a built case, with what it must never see."""

    page: Any
    url: str
    site: Path
    directory_urls: bool = True
    csp: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    cdn: list[str] = field(default_factory=list)  # requests to Mermaid's CDN

    def href(self, path: str) -> str:
        """``path`` as a directory URL (``sops/x/``) turned into this site's URL."""
        return self.url + file_path(self.site, path, self.directory_urls)

    def open(self, path: str) -> None:
        self.page.goto(self.href(path))
        self.page.wait_for_load_state("load")


# -- what each case checks in the browser: the other plugin's own feature ----------------


def file_path(site: Path, path: str, directory_urls: bool) -> str:
    """The file of directory URL ``path`` (``sops/x/``) in a site built either way."""
    if directory_urls or not (path.endswith("/") or path == ""):
        return path
    if (site / path / "index.html").is_file():
        return path + "index.html"
    return path.rstrip("/") + ".html"


def _nav_hrefs(b: Browse) -> list[str]:
    """The top-level entries of the primary navigation, as site paths."""
    b.open("")
    hrefs = b.page.eval_on_selector_all(
        "nav.md-nav--primary > ul > li > a, nav.md-nav--primary > ul > li > div > a,"
        "nav.md-nav--primary > ul > li > label + nav > ul > li:first-child > a",
        "els => els.map(e => e.href)")
    return [urlparse(h).path for h in hrefs]


def check_tags(b: Browse) -> None:
    b.open("tags/")
    listed = b.page.locator("article a", has_text="Book a consultation")
    assert listed.count() >= 1, "the SOP is not on the tags page"
    assert b.page.locator("article a", has_text="Onboarding").count() >= 1
    listed.first.click()
    b.page.wait_for_url("**/sops/consultation-booking/**")


def check_blog(b: Browse) -> None:
    b.open("blog/")
    b.page.locator("article a", has_text="Continue reading").first.click()
    b.page.wait_for_url(re.compile(r"/blog/\d{4}/\d{2}/\d{2}/our-playbook-is-online/"))
    # the post's link to the playbook (with tags on, the post's "playbook" tag links too)
    b.page.locator('article a[href*="journeys"]', has_text="playbook").first.click()
    b.page.wait_for_url("**/journeys/")
    assert b.page.locator("article .jd-hourglass, article svg").count() >= 1


def check_privacy(b: Browse) -> None:
    """Mermaid comes from the site itself, and external links open in a new tab."""
    assert not b.cdn, f"Mermaid was loaded from its CDN: {b.cdn}"
    assert (b.site / "assets/external/unpkg.com/mermaid@11/dist/mermaid.min.js").is_file()
    b.open("owners/marketing-lead/")
    chat = b.page.locator('article a[href^="https://chat.example.com"]').first
    html = chat.evaluate("a => a.outerHTML")
    assert chat.get_attribute("target") == "_blank", html
    assert "noopener" in (chat.get_attribute("rel") or ""), html


def check_offline(b: Browse) -> None:
    """The offline plugin's site from disk: its search index is inlined for it, the page's
    policy lets its search polyfill (``extra.polyfills``: iframe-worker from unpkg unless
    the site self-hosts it) load, and a checklist tick survives a reload. Search itself
    runs in that polyfill, which this machine cannot download: a stand-in answers here."""
    page = b.page
    assert (b.site / "search" / "search_index.js").is_file()
    page.goto((b.site / "index.html").as_uri())
    assert page.evaluate("window.__jdShimLoaded") is True, "the polyfill was blocked"
    page.goto((b.site / "sops/consultation-call.html").as_uri())
    _tick(page, "Read the intake form")


def check_social(b: Browse) -> None:
    b.open("sops/consultation-call/")
    card = b.page.locator('meta[property="og:image"]').get_attribute("content") or ""
    path = urlparse(card).path
    assert path.startswith("/assets/images/social/"), card
    response = b.page.request.get(b.url + path.lstrip("/"))
    assert response.ok and response.body()[:8] == b"\x89PNG\r\n\x1a\n", card


def check_search(b: Browse) -> None:
    b.open("")
    for query, expect in (("启动会议", "sops/client-kickoff/"),
                          ("intake form", "sops/consultation-call/"),
                          ("handbook", "")):
        hrefs = _search(b.page, query)
        assert any(urlparse(h).path == "/" + expect for h in hrefs), (query, hrefs)


def check_dates(b: Browse) -> None:
    for path in ("guide/onboarding/", "sops/consultation-booking/",
                 "journeys/webinar-to-client/"):
        b.open(path)
        date = b.page.locator(".md-source-file")
        assert date.count() == 1, f"{path}: no date under the page"
        text = date.inner_text()
        assert re.search(r"2026", text), (path, text)


def check_order(b: Browse) -> None:
    """The navigation follows the nav file: home, guide, then the playbook's sections."""
    hrefs = _nav_hrefs(b)
    want = ["/", "/guide/", "/journeys/", "/sops/", "/owners/"]
    got = [h for h in hrefs if h in want]
    assert got == want, hrefs


def check_macros(b: Browse) -> None:
    b.open("guide/")
    assert "9:00-17:00" in b.page.locator("article").inner_text()
    b.open("sops/consultation-booking/")
    assert b.page.get_by_role("checkbox", name="Send the intake form, signed Acme Ltd").count()


def check_i18n(b: Browse) -> None:
    b.open("zh/")
    assert "Acme 手册" in b.page.locator("article h1").inner_text()
    b.page.locator(".tabbed-labels label", has_text="远程").click()
    assert b.page.locator("text=先写下来。").is_visible()
    b.open("zh/journeys/webinar-to-client/")
    assert b.page.locator("svg.jd-map:visible").count() == 1, "no map on the Chinese version"
    b.open("zh/sops/consultation-call/")
    b.page.wait_for_selector("article[data-jd-checklist=ready] .jd-checklist")
    # a run belongs to the SOP, whatever the language of the page: the English tick is here
    assert b.page.get_by_role("checkbox", name="Read the intake form", exact=True).is_checked()
    _tick(b.page, "Prepare two relevant case studies")


def check_redirects(b: Browse) -> None:
    for old, new in (("old-guide/", "guide/"), ("playbook/booking/", "sops/consultation-booking/"),
                     ("systems/", "journeys/")):
        b.page.goto(b.url + old)
        b.page.wait_for_url(b.url + new + "**")


def check_minify(b: Browse) -> None:
    html = b.page.request.get(b.url + "sops/consultation-call/").text()
    assert "<html lang=en class=no-js>" in html, "the page is not minified"
    b.open("journeys/webinar-to-client/")
    b.page.wait_for_selector("figure.jd-map-frame .jd-map-tools")


def check_glightbox(b: Browse) -> None:
    for path in ("guide/", "sops/consultation-booking/"):
        b.open(path)
        b.page.locator("article a.glightbox").first.click()
        b.page.wait_for_selector(".glightbox-container .gslide-image img", state="visible")
        b.page.keyboard.press("Escape")
        b.page.wait_for_selector(".glightbox-container", state="detached")


def check_print(b: Browse) -> None:
    b.open("print_page/")
    assert b.page.locator("svg.jd-map:visible").count() == 3, "the print page lacks the maps"
    assert b.page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1, \
        "the print page (written in on_post_build) has no Content-Security-Policy"
    assert b.page.get_by_role("checkbox", name="Read the intake form").count() == 1
    assert b.page.locator("text=Book a consultation").count() >= 1


def check_include(b: Browse) -> None:
    b.open("guide/onboarding/")
    assert "Test the video link" in b.page.locator("article").inner_text()
    b.open("sops/consultation-call/")
    _tick(b.page, "Confirm the time zone of the call")


def check_excluded(b: Browse) -> None:
    for path in ("sops/", "owners/sales-lead/", "health/", "journeys/"):
        b.open(path)
        text = b.page.locator("article").inner_text()
        assert "Refund a client" not in text and "Old webinar funnel" not in text, path
    assert not _search(b.page, "refund clause", expect_results=False)


def check_properdocs(b: Browse) -> None:
    b.open("journeys/webinar-to-client/")
    b.page.wait_for_selector("figure.jd-map-frame .jd-map-tools")
    hrefs = _search(b.page, "case studies")
    assert any("sops/consultation-call/" in h for h in hrefs), hrefs


# -- the cases --------------------------------------------------------------------------

JD = "  - journeydocs\n"
GLIGHTBOX_SCRIPT = "'sha256-ppMapdXPIFI2gP+LvBsEW2hyw1bDkoppemYWYJpzj/I='"
"""glightbox's inline script (it adds one to every page) as journeydocs' build warning
names it: the site owner allows it with the ``csp`` option (see README)."""
JD_GLIGHTBOX = f"  - journeydocs:\n      csp:\n        script-src: [\"{GLIGHTBOX_SCRIPT}\"]\n"
PRINT_SCRIPT = "'sha256-8DI24woRHr2Za7X3CYG/KeviqMzstv5yQOf96ylvGJs='"
"""print-site's inline script on its print page (written in ``on_post_build``: journeydocs
adds the page's policy then, and names the script as for glightbox's)."""
JD_PRINT = f"  - journeydocs:\n      csp:\n        script-src: [\"{PRINT_SCRIPT}\"]\n"
JD_MACROS = "  - journeydocs:\n      sop_macros: true\n"
"""Macros act in SOP pages only when the site lets them (playbook text is untrusted)."""
SEARCH = "  - search\n"
I18N = """
  - i18n:
      docs_structure: suffix
      languages:
        - {locale: en, default: true, name: English, build: true}
        - {locale: zh, name: 中文, build: true}
"""
REDIRECTS = """
  - redirects:
      redirect_maps:
        old-guide.md: guide/index.md
        playbook/booking.md: sops/consultation-booking.md
        systems.md: journeys/index.md
"""
MINIFY = """
  - minify:
      minify_html: true
      minify_js: true
      minify_css: true
      htmlmin_opts: {remove_comments: true}
      js_files: [assets/journeydocs/map.js]
      css_files: [assets/journeydocs/map.css]
"""
EXCLUDE_DOCS = "exclude_docs: |\n  sops/draft-*.md\n  journeys/old-*.yml\n"


def _unexclude_journey(project: Path) -> None:
    _edit(project / "mkdocs.yml", "journeys/old-*", "journeys/older-*")


def _redirect_change(project: Path) -> None:
    _edit(project / "mkdocs.yml", "systems.md: journeys/index.md",
          "systems.md: journeys/webinar-to-client.md")


CASES = [
    Case("plain", SEARCH + JD),
    Case("tags", SEARCH + "  - tags\n" + JD, check=check_tags,
         change=lambda p: _edit(p / "docs/sops/sales/consultation-call.md",
                                "tags: [sales]", "tags: [sales, calls]")),
    Case("blog", SEARCH + "  - blog\n" + JD, check=check_blog,
         change=lambda p: _edit(p / "docs/blog/posts/new-playbook.md",
                                "now has a map", "now has a system map")),
    Case("privacy", SEARCH + "  - privacy:\n      links_attr_map: {target: _blank}\n" + JD,
         check=check_privacy, setup=_privacy_cache, at_site_url=True,
         change=lambda p: _edit(p / "mkdocs.yml", "links_attr_map: {target: _blank}",
                                "links_attr_map: {target: _blank, class: external}")),
    Case("offline", SEARCH + "  - offline\n" + JD, check=check_offline,
         extra="use_directory_urls: false\n", directory_urls=False),
    Case("social", SEARCH + "  - social:\n      cards_layout_options:\n"
         "        font_family: DejaVu Sans\n" + JD, setup=_social_fonts, check=check_social,
         change=lambda p: _edit(p / "docs/sops/sales/consultation-call.md",
                                "title: Run a consultation call", "title: Run a discovery call")),
    Case("search-zh", "  - search:\n      lang: [en, zh]\n"
         "      separator: '[\\s\\u200b\\-]+'\n" + JD, check=check_search,
         change=lambda p: _edit(p / "docs/sops/ops/client-kickoff.md", "阅读销售交接记录",
                                "阅读销售交接记录和合同")),
    Case("git-revision-date-localized", SEARCH + "  - git-revision-date-localized\n" + JD,
         setup=_git_init, change=_git_change, check=check_dates),
    Case("awesome-pages", SEARCH + "  - awesome-pages\n" + JD, setup=_awesome_pages,
         check=check_order, change=lambda p: _edit(p / "docs/.pages", "  - owners\n", "")),
    Case("awesome-nav", SEARCH + "  - awesome-nav\n" + JD, setup=_awesome_nav,
         check=check_order, change=lambda p: _edit(p / "docs/.nav.yml", "  - owners\n", "")),
    Case("macros", SEARCH + "  - macros\n" + JD_MACROS, setup=_macros, check=check_macros,
         change=lambda p: _edit(p / "mkdocs.yml", "company: Acme Ltd", "company: Acme Group")),
    Case("static-i18n", SEARCH + I18N + JD, setup=_i18n, check=check_i18n,
         change=lambda p: _edit(p / "docs/index.zh.md", "每周二开会。", "每周三开会。")),
    Case("redirects", SEARCH + REDIRECTS + JD, check=check_redirects, change=_redirect_change),
    Case("minify", SEARCH + MINIFY + JD, check=check_minify),
    Case("glightbox", SEARCH + "  - glightbox\n" + JD_GLIGHTBOX, check=check_glightbox,
         change=lambda p: _edit(p / "mkdocs.yml", "  - glightbox\n",
                                "  - glightbox:\n      background: black\n")),
    Case("print-site", SEARCH + JD_PRINT + "  - print-site\n", check=check_print),
    Case("include-markdown", SEARCH + "  - include-markdown\n" + JD, setup=_include_markdown,
         check=check_include,
         change=lambda p: _edit(p / "includes/call-checks.md", "Test the video link",
                                "Test the video link and the microphone")),
    Case("mkdocs-exclude", SEARCH + "  - exclude:\n      glob:\n        - sops/draft-*\n"
         "        - journeys/old-*\n" + JD, check=check_excluded, change=_unexclude_journey),
    Case("exclude_docs", SEARCH + JD, extra=EXCLUDE_DOCS, check=check_excluded,
         change=_unexclude_journey),
    Case("combination",
         "  - search:\n      lang: [en, zh]\n      separator: '[\\s\\u200b\\-]+'\n"
         "  - tags\n  - blog\n"
         "  - git-revision-date-localized\n  - awesome-pages\n  - macros\n"
         "  - include-markdown\n" + REDIRECTS.lstrip("\n") + "  - glightbox\n"
         + MINIFY.lstrip("\n") + JD_GLIGHTBOX.replace("]", f", \"{PRINT_SCRIPT}\"]")
         + "      sop_macros: true\n"
         + "  - print-site\n",
         setup=lambda p: (_awesome_pages(p), _macros(p), _include_markdown(p), _git_init(p)),
         check=lambda b: (check_tags(b), check_blog(b), check_search(b), check_dates(b),
                          check_order(b), check_macros(b), check_redirects(b),
                          check_glightbox(b), check_print(b), check_include(b)),
         change=_git_change),
    Case("properdocs", "", check=check_properdocs, properdocs=True,
         change=lambda p: _edit(p / "content/sops/consultation-call.md",
                                "and the three observations", "and the four observations")),
]
BY_NAME = {case.name: case for case in CASES}


# ---------------------------------------------------------------------------
# Building: every selected case once, up front, two at a time
# ---------------------------------------------------------------------------


def build(project: Path, site: Path, *args: str, properdocs: bool = False,
          site_url: str = "") -> BuildResult:
    """A real build of ``project`` into ``site`` in a fresh process (MkDocs or ProperDocs)."""
    command = ([str(Path(sys.executable).parent / "properdocs")] if properdocs
               else [sys.executable, "-m", "mkdocs"])
    proc = subprocess.run(
        [*command, "build", "-f", str(project / "mkdocs.yml"), "-d", str(site), *args],
        cwd=project, capture_output=True, text=True, timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": EPOCH,
             "DISABLE_MKDOCS_2_WARNING": "true", **({"SITE_URL": site_url} if site_url else {})},
    )
    return BuildResult(proc.returncode, proc.stdout + proc.stderr, site)


def html_files(site: Path) -> dict[str, Path]:
    return {str(p.relative_to(site)): p for p in sorted(site.rglob("*.html"))}


def compare_sites(warm: Path, cold: Path) -> list[str]:
    """Every difference between the HTML files of two built sites, one line each."""
    a, b = html_files(warm), html_files(cold)
    out = [f"only in the warm build: {n}" for n in sorted(a.keys() - b.keys())]
    out += [f"only in the cold build: {n}" for n in sorted(b.keys() - a.keys())]
    out += [f"differs: {n}" for n in sorted(a.keys() & b.keys())
            if not filecmp.cmp(a[n], b[n], shallow=False)]
    return out


@dataclass
class Built:
    case: Case
    project: Path
    cold: BuildResult
    server: StaticServer | None = None  # the case's server, when built for its address
    warm: BuildResult | None = None
    changed_cold: BuildResult | None = None
    differences: list[str] = field(default_factory=list)

    @property
    def site(self) -> Path:
        return self.cold.site


def make_project(case: Case, root: Path) -> Path:
    project = root / case.name / "project"
    if case.properdocs:
        return copy_sample(project)
    shutil.copytree(SITE, project)
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as f:
        f.write("\n" + case.extra + "plugins:\n" + case.plugins)
    if case.setup is not None:
        case.setup(project)
    return project


def build_case(case: Case, root: Path) -> Built:
    """The case's cold strict build; then its input changed, a warm build and a cold one."""
    project = make_project(case, root)
    server = StaticServer(root / case.name / "site") if case.at_site_url else None
    url = server.url if server else ""
    cold = build(project, root / case.name / "site", "--strict", properdocs=case.properdocs,
                 site_url=url)
    (root / case.name / "cold.log").write_text(cold.output, encoding="utf-8")
    built = Built(case, project, cold, server)
    if cold.returncode != 0:
        return built
    case.change(project)
    built.warm = build(project, root / case.name / "warm", "--verbose",
                       properdocs=case.properdocs, site_url=url)
    shutil.rmtree(project / ".cache" / "journeydocs", ignore_errors=True)
    built.changed_cold = build(project, root / case.name / "changed-cold",
                               properdocs=case.properdocs, site_url=url)
    (root / case.name / "warm.log").write_text(built.warm.output, encoding="utf-8")
    if built.warm.returncode == 0 and built.changed_cold.returncode == 0:
        built.differences = compare_sites(built.warm.site, built.changed_cold.site)
    return built


@pytest.fixture(scope="session")
def builds(request: pytest.FixtureRequest,
           tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    """Every case this session runs, built up front on two workers (the builds are
    separate processes); each is built once whichever tests use it."""
    wanted = []
    for item in request.session.items:
        callspec = getattr(item, "callspec", None)
        name = callspec.params.get("case") if callspec else None
        if name in BY_NAME and name not in wanted and item.module is sys.modules[__name__]:
            wanted.append(name)
    root = tmp_path_factory.mktemp("compat")
    with ThreadPoolExecutor(max_workers=2) as pool:
        done = pool.map(lambda name: build_case(BY_NAME[name], root), wanted)
        return {b.case.name: b for b in done}


@pytest.fixture
def built(builds: dict[str, Built], case: str) -> Built:
    return builds[case]


# ---------------------------------------------------------------------------
# Browser helpers
# ---------------------------------------------------------------------------


def _route(external: list[str], cdn: list[str]) -> Callable[[Any], None]:
    def handle(route: Any) -> None:
        url = route.request.url
        host = urlparse(url).hostname
        if host in ("127.0.0.1", "localhost") or url.startswith("file:"):
            route.continue_()
        elif url == MERMAID_CDN:  # (with the privacy plugin, the site serves it itself)
            cdn.append(url)
            route.fulfill(status=200, content_type="application/javascript",
                          headers={"Access-Control-Allow-Origin": "*"}, body=MERMAID_STAND_IN)
        elif url == OFFLINE_SHIM:  # the offline plugin's polyfill; this machine has none
            cdn.append(url)
            route.fulfill(status=200, content_type="application/javascript",
                          body="window.__jdShimLoaded = true;")
        else:
            external.append(url)
            route.abort()
    return handle


def _tick(page: Any, text: str) -> None:
    """Tick a checklist item by its text, reload, and see it still ticked."""
    page.wait_for_selector("article[data-jd-checklist=ready] .jd-checklist")
    box = page.get_by_role("checkbox", name=text, exact=True)
    page.locator("li.jd-item", has=box).click(position={"x": 30, "y": 8})
    assert box.is_checked(), f"{text!r} did not tick"
    page.reload()
    page.wait_for_selector("article[data-jd-checklist=ready] .jd-checklist")
    assert page.get_by_role("checkbox", name=text, exact=True).is_checked(), \
        f"{text!r} is not ticked after a reload"


def _search(page: Any, query: str, expect_results: bool = True) -> list[str]:
    page.click("input.md-search__input")
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.keyboard.type(query)
    page.keyboard.press("End")  # CJK text arrives without keyup (as from an IME): send one
    if expect_results:
        page.wait_for_selector(".md-search-result__item", timeout=15000)
    else:
        page.wait_for_selector(".md-search-result__meta", timeout=15000)
    page.wait_for_timeout(300)
    hrefs = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.href)")
    page.keyboard.press("Escape")
    return [urlparse(h)._replace(query="", fragment="").geturl() for h in hrefs]


def check_site(b: Browse, sop: str, sop_item: str, journey: str, home_extras: bool) -> None:
    """What every case must still do: the handbook's own features and journeydocs'."""
    page = b.page
    b.open("")
    if home_extras:
        page.locator(".tabbed-labels label", has_text="Remote").click()
        assert page.locator("text=We write things down first.").is_visible()
        page.wait_for_function("() => (window.__mermaid || []).length > 0", timeout=10000)
        assert page.locator("article div.mermaid").count() == 1
        assert page.locator("article abbr[title='Customer relationship management']").count()
        assert page.locator("article .md-annotation").count() >= 1
        assert page.locator("article .grid.cards").count() == 1
    b.open(journey)
    assert page.locator("svg.jd-map:visible").count() == 1, f"{journey}: no map"
    b.open(sop)
    _tick(page, sop_item)


# ---------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------

CASE_NAMES = [case.name for case in CASES]


@pytest.mark.parametrize("case", CASE_NAMES)
def test_strict_build(built: Built) -> None:
    assert built.cold.returncode == 0, built.cold.output[-6000:]


@pytest.mark.browser
@pytest.mark.parametrize("case", CASE_NAMES)
def test_in_the_browser(built: Built, browser: Any) -> None:
    assert built.cold.returncode == 0, "the build failed (test_strict_build)"
    case = built.case
    context = browser.new_context()
    external: list[str] = []
    cdn: list[str] = []
    context.route("**/*", _route(external, cdn))
    with built.server or StaticServer(built.site) as server:
        b = Browse(context.new_page(), server.url, built.site, case.directory_urls,
                   external=external, cdn=cdn)
        context.expose_function("__jdCsp", lambda text: b.csp.append(text))
        context.add_init_script(WATCH_CSP)
        b.page.on("pageerror", lambda e: b.errors.append(f"{b.page.url}: {e}"))
        b.page.on("console", lambda m: b.errors.append(f"{b.page.url}: {m.text}")
                  if m.type == "error" else None)
        missing: list[str] = []
        b.page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
        try:
            if case.properdocs:
                check_site(b, "sops/consultation-call/", "Read the intake form and the three "
                           "observations noted when booking", "journeys/webinar-to-client/",
                           home_extras=False)
            else:
                check_site(b, "sops/consultation-call/", "Read the intake form",
                           "journeys/webinar-to-client/", home_extras=True)
            if case.check is not None:
                case.check(b)
            b.page.wait_for_timeout(200)
        finally:
            context.close()
    assert not b.csp, "Content-Security-Policy violations:\n" + "\n".join(b.csp)
    if missing and all(u.endswith("/sitemap.xml") for u in missing) and "i18n" in case.plugins:
        # Material's language selector fetches each language's sitemap.xml; static-i18n
        # writes only the root one (the same without journeydocs): not a fault of ours
        b.errors = [e for e in b.errors if "Failed to load resource" not in e]
    assert not b.errors, "page errors:\n" + "\n".join(b.errors)
    assert not b.external, "requests to other hosts:\n" + "\n".join(b.external)


@pytest.mark.parametrize("case", CASE_NAMES)
def test_playbook_pages(built: Built) -> None:
    """journeydocs' pages are all there with their maps, and the site's own pages too."""
    assert built.cold.returncode == 0, "the build failed (test_strict_build)"
    site, case = built.site, built.case
    def page(path: str) -> str:
        rel = file_path(site, path, case.directory_urls)
        return (site / rel / ("index.html" if rel.endswith("/") else "")).read_text("utf-8")

    journeys = (["webinar-to-client", "client-onboarding", "referral-partner"]
                if case.properdocs else ["webinar-to-client", "client-onboarding"])
    for jid in journeys:
        assert len(re.findall(r'<figure class="?jd-map-frame[" >]', page(f"journeys/{jid}/"))
                   ) == 1, jid
    if case.properdocs:
        return
    for path in ("sops/", "owners/", "metrics/", "health/", "owners/client-success/"):
        page(path)
    for sop in ("consultation-booking", "consultation-call", "client-kickoff"):
        html = page(f"sops/{sop}/")
        assert 'name="journeydocs:sop"' in html, sop
    assert "召开启动会议" in page("owners/client-success/")
    excluded = case.name in ("mkdocs-exclude", "exclude_docs")
    for path in EXCLUDED:
        if excluded:
            assert not (site / path).exists(), f"{path} is published"
            for index in ("sops/", "journeys/", "owners/sales-lead/", "owners/marketing-lead/",
                          "health/", "metrics/"):
                assert "draft-refund-policy" not in page(index), (path, index)
                assert "old-webinar" not in page(index), (path, index)
            search = (site / "search/search_index.json").read_text(encoding="utf-8")
            assert "Refund a client" not in search and "Old webinar funnel" not in search
        else:
            assert (site / file_path(site, path + "/", case.directory_urls)).exists(), path


@pytest.mark.parametrize("case", CASE_NAMES)
def test_warm_equals_cold(built: Built) -> None:
    """After the change, a warm build writes the same HTML as a cold one."""
    assert built.cold.returncode == 0, "the build failed (test_strict_build)"
    assert built.warm is not None and built.changed_cold is not None
    assert built.warm.returncode == 0, built.warm.output[-4000:]
    assert built.changed_cold.returncode == 0, built.changed_cold.output[-4000:]
    assert not built.differences, "\n".join(built.differences[:40])
    cold_site, changed = built.site, built.warm.site
    assert compare_sites(cold_site, changed), "the change changed no page"


def test_no_nav_joins_automatic_navigation(builds: dict[str, Built]) -> None:
    """Without ``nav:`` the playbook's sections sit in MkDocs' automatic navigation next to
    the site's own pages (guide, blog, tags)."""
    built = builds["plain"]
    assert built.cold.returncode == 0, built.cold.output[-3000:]
    html = (built.site / "index.html").read_text(encoding="utf-8")
    nav = html[html.index('class="md-nav md-nav--primary"'):]
    nav = nav[: nav.index("</nav>\n</div>") if "</nav>\n</div>" in nav else len(nav)]
    for href in ('href="guide/"', 'href="blog/"', 'href="tags/"', 'href="journeys/"',
                 'href="sops/"', 'href="owners/"'):
        assert href in nav, f"{href} is not in the navigation"


def test_properdocs_strict_fails_on_a_content_problem(tmp_path: Path) -> None:
    """journeydocs' problems count under ProperDocs' --strict (it logs under properdocs.*)."""
    project = copy_sample(tmp_path / "project")
    _edit(project / "content/sops/consultation-call.md", "owner: sales-lead", "owner: nobody")
    result = build(project, tmp_path / "site", "--strict", properdocs=True)
    assert result.returncode != 0, result.output[-3000:]
    assert "nobody" in result.output, result.output[-3000:]
