"""Property-based tests: whatever editors write, checking and page generation never crash.

Hypothesis generates whole playbooks (owners, journeys, SOPs), valid and mutated: random
graphs with cycles and dangling references, wrong types, any Unicode, huge strings,
hostile HTML and links, and YAML text with characters deleted, inserted or swapped. Every
outcome must be either a built site or a list of problems, each located in a file:

* the pure pipeline (load, check, every generated page, every map's DOT, each page's
  Markdown rendered and sanitised) never raises, and sanitised HTML never holds anything
  the policy forbids;
* the YAML reader never raises on any text or bytes;
* :func:`journeydocs.safety.policy.clean_html` output is clean by the checker's own reading,
  so the enforcer and the reporter agree;
* a few generated playbooks go through real MkDocs builds: a plain build always
  publishes, a strict build fails exactly when the checker found errors.

Settings are fixed in :data:`PROFILE` (no example database, no deadline) so a run costs
about the same every time; ``JOURNEYDOCS_HYPOTHESIS_SCALE=10`` runs ten times as many.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from html_as_parsed import as_parsed
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st
from test_corpus import make_project, run_build, speed_up_builds

from journeydocs.content.pipeline import load_and_check
from journeydocs.content.settings import Settings
from journeydocs.content.yamlload import decode, load_yaml
from journeydocs.maps.dot import journey_dot
from journeydocs.problems import Problems
from journeydocs.safety import csp, findings, policy
from journeydocs.site.build import generated_pages, make_site
from journeydocs.site.pages import sop_markdown

SCALE = int(os.environ.get("JOURNEYDOCS_HYPOTHESIS_SCALE", "1"))
PROFILE = {
    "deadline": None,
    "database": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large,
                              HealthCheck.large_base_example],
}

PAYLOADS = [
    '<script>alert("jd")</script>', '<img src=x onerror=alert(1)>', "<svg onload=alert(1)>",
    "javascript:alert(1)", "[x](javascript:alert(1))", "[x](data:text/html,<b>hi</b>)",
    "<<b>html label</b>>", '"]; x [label="pwn" URL="javascript:alert(1)"]; y [label="',
    "trailing backslash \\", "</title><script>alert(1)</script>", '"><svg/onload=alert(1)>',
    "{: onclick=\"alert(1)\" }", "<a href='jav&#x09;ascript:alert(1)'>x</a>",
    "[[owner:nobody|<script>alert(1)</script>]]", "&lt;script&gt;", "{{ config }}", "%s%n",
    "\u202eevil\u202c", "\x00\x07", "- [ ] item", "# heading", "```\ncode\n```",
]
IDS = ["a", "b", "c", "start", "end", "call", "x-1"]
BAD_IDS = ["A", "my step", "../etc", "", "1a", "é", "a/b"]
STAGES = ["know", "like", "trust", "try", "buy", "repeat", "refer"]

huge = st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=8), st.integers(500, 4000))
texts = st.one_of(st.text(max_size=40), st.sampled_from(PAYLOADS), huge,
                  st.sampled_from(["yes", "no", "on", "12:30", "1.10", "~", "null", ""]))
ids = st.one_of(st.sampled_from(IDS), st.sampled_from(BAD_IDS), st.text(max_size=6))
scalars = st.one_of(texts, st.integers(), st.booleans(), st.none())


def anything(depth: int = 2) -> st.SearchStrategy[Any]:
    """A value of the wrong shape: text, number, list or mapping."""
    if depth <= 0:
        return scalars
    return st.one_of(scalars, st.lists(anything(depth - 1), max_size=3),
                     st.dictionaries(st.text(max_size=5), anything(depth - 1), max_size=3))


def maybe_wrong(good: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly ``good``, sometimes a value of any shape."""
    return st.one_of(good, good, good, anything(1))


@st.composite
def step(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["start", "end", "task", "decision", "task", "bogus"]))
    out: dict[str, Any] = {"id": draw(maybe_wrong(ids)), "type": kind,
                           "title": draw(maybe_wrong(texts)),
                           "stage": draw(maybe_wrong(st.sampled_from([*STAGES, "nowhere"])))}
    if draw(st.booleans()):
        out["next"] = draw(maybe_wrong(st.one_of(ids, st.lists(ids, max_size=3))))
    if kind == "decision" or draw(st.integers(0, 5)) == 0:
        out["branches"] = draw(maybe_wrong(st.lists(
            st.fixed_dictionaries({"label": texts, "next": ids}), max_size=3)))
    for key, value in (("critical", st.sampled_from(["true", "false", "yes"])),
                       ("owner", ids), ("sop", ids), ("notes", texts),
                       ("touchpoint", texts), ("automation", st.lists(texts, max_size=2)),
                       ("metrics", st.lists(st.fixed_dictionaries(
                           {"name": texts, "target": texts}), max_size=2)),
                       ("customer", st.fixed_dictionaries(
                           {"motivation": texts, "concerns": st.lists(texts, max_size=2)})),
                       ("continues", ids), ("channel", st.sampled_from(["paid", "x"])),
                       ("unknwon", texts)):
        if draw(st.integers(0, 3)) == 0:
            out[key] = draw(maybe_wrong(value))
    if out.get("critical") == "true":  # YAML booleans, as editors write them
        out["critical"] = True
    return out


@st.composite
def journey(draw: st.DrawFn) -> Any:
    data: dict[str, Any] = {
        "title": draw(maybe_wrong(texts)),
        "system": draw(st.sampled_from(["marketing", "operations", "sales"])),
        "owner": draw(maybe_wrong(ids)),
        "steps": draw(maybe_wrong(st.lists(step(), max_size=7))),
    }
    for key, value in (("summary", texts), ("product", texts), ("segment", texts),
                       ("stages", st.lists(st.sampled_from([*STAGES, "nope"]), max_size=4)),
                       ("status", st.sampled_from(["as-is", "to-be", "was"])), ("id", ids)):
        if draw(st.integers(0, 3)) == 0:
            data[key] = draw(maybe_wrong(value))
    return data if draw(st.integers(0, 15)) else draw(anything())


@st.composite
def owners(draw: st.DrawFn) -> Any:
    out = {}
    for oid in draw(st.lists(ids, max_size=4)):
        owner: dict[str, Any] = {"name": draw(maybe_wrong(texts))}
        for key, value in (("person", texts), ("team", texts),
                           ("email", st.one_of(texts, st.just("a@b.example"))),
                           ("chat", st.one_of(texts, st.just("https://chat.example/x"))),
                           ("github", texts)):
            if draw(st.booleans()):
                owner[key] = draw(value)
        out[oid] = owner
    return out if draw(st.integers(0, 15)) else draw(anything())


markdown_lines = st.one_of(
    texts, st.sampled_from(PAYLOADS),
    st.builds(lambda t: f"- [ ] {t}", texts), st.builds(lambda t: f"## {t}", texts),
    st.builds(lambda k, t: f"[[{k}:{t}]]", st.sampled_from(["owner", "sop", "step", "journey"]),
              ids),
    st.builds(lambda u: f"[link]({u})", st.sampled_from(
        ["https://example.com", "../x.md", "#a", "mailto:a@b.c", "javascript:x", "data:,x",
         "vbscript:x", "//evil.example", "tel:1"])),
)


@st.composite
def sop(draw: st.DrawFn) -> str:
    front: dict[str, Any] = {"owner": draw(maybe_wrong(ids))}
    for key, value in (("title", texts), ("review_every", st.sampled_from(["90d", "2x", ""])),
                       ("last_reviewed", st.sampled_from(["2026-01-01", "2026-13-01"])),
                       ("tools", st.lists(texts, max_size=2)), ("tags", st.lists(texts)),
                       ("description", texts), ("template", texts), ("icon", texts),
                       ("status", texts), ("id", ids)):
        if draw(st.integers(0, 4)) == 0:
            front[key] = draw(value)
    body = "\n".join(draw(st.lists(markdown_lines, max_size=8)))
    head = dump(front) if draw(st.integers(0, 10)) else draw(st.text(max_size=30))
    closing = "---\n" if draw(st.integers(0, 10)) else ""
    return f"---\n{head}{closing}{body}\n"


def dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200)


@st.composite
def mutate(draw: st.DrawFn, text: str) -> str:
    """Usually the text as is; sometimes a slice deleted, characters inserted or doubled."""
    how = draw(st.integers(0, 5))
    if how > 2 or not text:
        return text
    at = draw(st.integers(0, len(text)))
    if how == 0:
        return text[:at] + text[at + draw(st.integers(1, 20)):]
    if how == 1:
        junk = draw(st.text(alphabet="\t :-[]{}\"'&*!|>#%@`\n\r\ufeff\x00", min_size=1,
                            max_size=4))
        return text[:at] + junk + text[at:]
    lines = text.split("\n")
    i = draw(st.integers(0, len(lines) - 1))
    return "\n".join(lines[: i + 1] + lines[i:])


@st.composite
def playbook(draw: st.DrawFn) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {"owners.yml": draw(mutate(dump(draw(owners()))))}
    for i, data in enumerate(draw(st.lists(journey(), min_size=1, max_size=3))):
        files[f"journeys/{draw(st.sampled_from(['j', 'call', 'Bad Name']))}{i}.yml"] = draw(
            mutate(dump(data)))
    for i, text in enumerate(draw(st.lists(sop(), max_size=3))):
        files[f"sops/{draw(st.sampled_from(['call', 's', 'x']))}{i}.md"] = draw(mutate(text))
    if draw(st.integers(0, 8)) == 0:
        files["journeys/raw.yml"] = draw(st.binary(max_size=60))
    return files


# --- valid playbooks: any Unicode in text, any graph that is a proper system map ----------

SLUGS = st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True)
# any Unicode but control characters (the checker rightly refuses those: see CONTROL_RE)
plain = st.text(st.characters(blacklist_categories=("Cs", "Cc"),
                              blacklist_characters="\ufffe\uffff"),
                min_size=1, max_size=30).filter(lambda t: t.strip() != "")
any_title = st.one_of(plain, st.sampled_from(PAYLOADS[:13]).map(lambda t: t + " x"),
                      st.builds(lambda t, n: (t * n)[:500], plain, st.integers(100, 600)))
# Markdown fields of a valid playbook: no raw HTML or link syntax (the checker rightly
# reports what it would drop), but any other character
md_text = st.text(alphabet=st.characters(blacklist_characters="<>[]{}()&`\\!*_#|~=\r"
                                                              "\ufffe\uffff",
                                         blacklist_categories=("Cs", "Cc")),
                  min_size=1, max_size=40).filter(lambda t: t.strip() != "")


@st.composite
def valid_playbook(draw: st.DrawFn) -> dict[str, str | bytes]:
    owner_ids = draw(st.lists(SLUGS, min_size=1, max_size=3, unique=True))
    owners_data = {o: {"name": draw(any_title), "person": draw(any_title)} for o in owner_ids}
    files: dict[str, str | bytes] = {"owners.yml": dump(owners_data)}
    sop_ids: list[str] = []
    for j in range(draw(st.integers(1, 2))):
        n = draw(st.integers(2, 7))
        sids = [f"s{i}" for i in range(n)]
        steps: list[dict[str, Any]] = []
        for i, sid in enumerate(sids):
            step_: dict[str, Any] = {"id": sid, "title": draw(any_title),
                                     "stage": draw(st.sampled_from(STAGES))}
            if i == 0:
                step_["type"] = "start"
            if i == n - 1:
                step_["type"] = "end"
            else:  # the chain keeps every step reachable; extra arrows may loop back
                extra = draw(st.lists(st.sampled_from(sids[:-1]), max_size=2))
                targets = list(dict.fromkeys([sids[i + 1], *extra]))
                if len(targets) > 1 and i > 0 and draw(st.booleans()):
                    step_["type"] = "decision"
                    step_["branches"] = [{"label": draw(any_title), "next": t}
                                         for t in targets]
                else:
                    step_["next"] = targets if len(targets) > 1 else targets[0]
            if 0 < i < n - 1 and draw(st.booleans()):
                sop_id = f"sop-{j}-{i}"
                sop_ids.append(sop_id)
                step_.update(critical=True, owner=draw(st.sampled_from(owner_ids)), sop=sop_id,
                             metrics=[{"name": draw(any_title), "target": draw(any_title)}])
            if draw(st.integers(0, 3)) == 0:
                step_["notes"] = draw(md_text)
            steps.append(step_)
        data = {"title": draw(any_title), "system": draw(st.sampled_from(["marketing",
                                                                          "operations"])),
                "owner": draw(st.sampled_from(owner_ids)), "summary": draw(md_text),
                "product": draw(any_title), "steps": steps}
        files[f"journeys/j{j}.yml"] = dump(data)
    for sop_id in sop_ids:
        front = {"owner": draw(st.sampled_from(owner_ids)), "title": draw(any_title),
                 "tools": draw(st.lists(any_title, max_size=2))}
        items = "\n".join(f"- [ ] {draw(md_text)}" for _ in range(draw(st.integers(1, 4))))
        files[f"sops/{sop_id}.md"] = f"---\n{dump(front)}---\n# {draw(md_text)}\n\n{items}\n"
    return files


def write(root: Path, files: dict[str, str | bytes]) -> Settings:
    content = root / "content"
    for name, data in files.items():
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_bytes(data.encode("utf-8", "surrogatepass"))
    content.mkdir(parents=True, exist_ok=True)
    return Settings(root=root, docs_dir=content, today=dt.date(2026, 11, 22))


_MD = markdown.Markdown(extensions=["toc", "tables", "fenced_code", "attr_list", "admonition",
                                    "md_in_html", "pymdownx.tasklist"])
_FORBIDDEN = re.compile(r"<(script|iframe|object|embed|math|style|form|foreignobject|animate|"
                        r"set|image|textarea|select|button)\b|"
                        r"<[^>]*\son\w+\s*=|<[^>]*(href|src)\s*=\s*\"\s*(javascript|data|"
                        r"vbscript):|<use\b[^>]*\shref=\"(?!#)|"
                        r"<[^>]*\s(fill|stroke|clip-path|mask|style)=\"[^\"]*url\(\s*['\"]?(?!#)|"
                        r"<input\b(?![^>]*type=\"(checkbox|radio)\")", re.IGNORECASE)
"""What never reaches a page: active elements, handlers, script URLs, an SVG loading a
file, an ``<input>`` one can type into. (Inline SVG shapes may.)"""


_DOT_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|<[^<>]*>|[\w.]+|\S')


def script_urls(dot: str) -> list[str]:
    """The ``URL``/``href`` attribute values of a DOT graph that hold a script URL, read as
    Graphviz reads DOT: a quoted string is one token, so a name that contains
    ``URL="javascript:..."`` inside its quoted label is text, not an attribute."""
    tokens = _DOT_TOKEN.findall(dot)
    found = []
    for name, eq, value in zip(tokens, tokens[1:], tokens[2:], strict=False):
        if eq == "=" and name.strip('"').lower() in ("url", "href"):
            text = value[1:-1] if value.startswith('"') else value
            if re.match(r"\s*(javascript|data|vbscript):", text, re.IGNORECASE):
                found.append(value)
    return found


def test_script_urls_reads_dot_as_graphviz_does() -> None:
    assert script_urls('digraph { a [URL="javascript:x()"] }') == ['"javascript:x()"']
    assert script_urls('digraph { a [href=" data:text/html,x"] }')
    assert not script_urls('digraph { a [label="\\"]; x [URL=\\"javascript:x\\"]"] }')
    assert not script_urls('digraph { a [URL="../a/", label="javascript: a word"] }')


def assert_located(problems: Problems, root: Path) -> None:
    for p in problems:
        assert isinstance(p.line, int) and p.line >= 0 and p.column >= 0
        assert p.message and "Traceback" not in p.message
        assert p.path.startswith("content/") or p.path == "mkdocs.yml", p.path


@settings(max_examples=60 * SCALE, **PROFILE)
@given(playbook())
def test_checker_and_pages_never_crash(files: dict[str, str | bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        settings_ = write(root, files)
        book, problems = load_and_check(settings_)
        assert_located(problems, root)
        site = make_site(book, problems, settings_, use_directory_urls=True)
        pages = [p.markdown for p in generated_pages(site, "owners.yml")]
        pages += [sop_markdown(site, s) for s in book.sops.values()]
        for j in book.journeys.values():
            dot = journey_dot(j, book, step_url=lambda s: f"#step-{s.id}",
                              journey_url=lambda jid: f"../{jid}/", graph_id=f"map-{j.id}")
            assert dot.startswith("digraph")
            assert not script_urls(dot), script_urls(dot)
        for text in pages:
            _MD.reset()
            html = policy.clean_page(_MD.convert(text))
            assert not _FORBIDDEN.search(html), _FORBIDDEN.search(html)
        if not problems.errors():
            assert len(pages) >= len(book.journeys) + len(book.sops)


@settings(max_examples=40 * SCALE, **PROFILE)
@given(valid_playbook())
def test_valid_playbooks_have_no_problems_and_every_page(
        files: dict[str, str | bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings_ = write(Path(tmp), files)
        book, problems = load_and_check(settings_)
        assert not problems.errors(), [p.text() for p in problems.errors()]
        site = make_site(book, problems, settings_, use_directory_urls=True)
        pages = generated_pages(site, "owners.yml")
        assert len(book.journeys) == sum(1 for f in files if f.startswith("journeys/"))
        assert len(pages) == len(book.journeys) + len(book.owners) + 5
        for s in book.sops.values():
            assert s.items and sop_markdown(site, s)


@settings(max_examples=150 * SCALE, **PROFILE)
@given(st.one_of(st.text(), st.builds(dump, anything(3)).flatmap(mutate)))
def test_yaml_reader_never_raises(text: str) -> None:
    problems = Problems()
    doc = load_yaml(text, "f.yml", problems)
    assert doc.data is None or not problems or all(p.code != "yaml" for p in problems)
    for p in problems:
        assert p.line >= 0 and p.column >= 0


@settings(max_examples=100 * SCALE, **PROFILE)
@given(st.binary(max_size=200))
def test_any_bytes_decode_or_are_reported(raw: bytes) -> None:
    problems = Problems()
    text = decode(raw, "f.yml", problems)
    assert (text is None) == bool(problems)
    if text is not None:
        load_yaml(text, "f.yml", problems)


tags = st.sampled_from(["p", "a", "img", "script", "svg", "div", "span", "iframe", "input",
                        "style", "td", "table", "details", "form", "math", "b", "object",
                        "path", "g", "use", "foreignObject", "linearGradient", "title", "desc",
                        "feImage", "animate", "set", "label", "rect", "text", "font"])
attrs = st.sampled_from(["href", "src", "onclick", "onerror", "style", "class", "id",
                         "data-md-component", "data-x", "type", "srcset", "formaction",
                         "xlink:href", "name", "viewBox", "fill", "d", "transform", "for",
                         "checked", "disabled", "onload", "xmlns", "stroke", "color"])
values = st.one_of(st.sampled_from(["javascript:alert(1)", "JaVaScRiPt:x", " java\tscript:x",
                                    "data:text/html,x", "https://ok.example", "../ok/",
                                    "#top", "color:red", "text-align: left", "__config",
                                    "x\" onload=\"alert(1)", "checkbox", "text", "radio",
                                    "RADIO", "__tabbed_1", "__tabbed_1_2", "__drawer",
                                    "__codelineno-0-1", "url(#g)", "url(https://evil.example/x)",
                                    "u\\72l(x)", "rgb(1, 2, 3)", "translate(1 2) scale(2)",
                                    "M0 0h24v24H0z", "0 0 24 24", "#g",
                                    "https://evil.example/s.svg#g", "expression(alert(1))"]),
                   st.text(max_size=10))


@st.composite
def html_fragments(draw: st.DrawFn) -> str:
    out = []
    for _ in range(draw(st.integers(1, 6))):
        tag = draw(tags)
        pairs = " ".join(f'{draw(attrs)}="{draw(values)}"'
                         for _ in range(draw(st.integers(0, 3))))
        inner = draw(st.one_of(st.text(max_size=10), st.sampled_from(PAYLOADS)))
        out.append(f"<{tag} {pairs}>{inner}</{tag}>" if draw(st.booleans())
                   else f"<{tag} {pairs}>{inner}")
    return "".join(out)


@settings(max_examples=300 * SCALE, **PROFILE)
@given(st.one_of(html_fragments(), st.text()))
def test_sanitised_html_passes_the_checkers_reading(fragment: str) -> None:
    cleaned = policy.clean_html(fragment)
    assert findings.findings(cleaned) == []
    assert not _FORBIDDEN.search(cleaned)


@settings(max_examples=300 * SCALE, **PROFILE)
@given(st.one_of(html_fragments(), st.text()))
def test_what_the_checker_passes_the_sanitiser_keeps(fragment: str) -> None:
    """The other way round: when the checker finds nothing to report, the sanitiser
    changes nothing (its output is the fragment as parsed), so nothing goes silently."""
    note(policy.clean_html(fragment))
    if findings.findings(fragment) == []:
        assert policy.clean_html(fragment) == as_parsed(fragment)


@settings(max_examples=100 * SCALE, **PROFILE)
@given(st.lists(st.one_of(st.sampled_from(PAYLOADS), st.text(max_size=20)), max_size=4))
def test_csp_blesses_only_theme_scripts(bodies: list[str]) -> None:
    theme = csp.theme_scripts(['<script>var target=document.getElementById("{{ x }}");'
                               "target&&target.focus()</script>"])
    own = 'var target=document.getElementById("main");target&&target.focus()'
    page = ("<html><head><meta charset=utf-8><script>" + own + "</script></head><body>"
            + "".join(f"<script>{b}</script>" for b in bodies if "</script" not in b)
            + "</body></html>")
    out, foreign = csp.add_policy(page, theme)
    assert out.count('http-equiv="Content-Security-Policy"') == 1
    assert csp.script_hash(own) in out
    for body in foreign:
        assert csp.script_hash(body) not in out or theme.match(body)


@pytest.fixture(scope="module")
def fast_builds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with speed_up_builds(tmp_path_factory) as cache:
        yield cache


@settings(max_examples=8 * SCALE, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          **PROFILE)  # no shrinking: each example is two real builds; note() shows the input
@given(files=st.one_of(valid_playbook(), playbook()))
def test_real_builds_publish_or_list_problems(fast_builds: Path,
                                              files: dict[str, str | bytes]) -> None:
    note(repr(files))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "p"
        case = {"base": False, "files": {k: v for k, v in files.items()
                                         if isinstance(v, str)},
                "files_hex": {k: v.hex() for k, v in files.items() if isinstance(v, bytes)}}
        project = make_project(root, case, fast_builds)
        _, problems = load_and_check(write(project, {}))
        plain = run_build(project, strict=False)
        assert plain.error is None, plain.error
        assert (project / "site" / "index.html").is_file() or (
            project / "site" / "journeys" / "index.html").is_file()
        assert not any(r.exc_info for r in plain.records)
        strict = run_build(project, strict=True)
        if problems.errors():
            assert strict.error is not None
            warnings = strict.warnings()
            for p in problems.errors():
                assert f"journeydocs: {p.text()}" in warnings
        else:
            assert strict.error is None, (strict.error, strict.warnings())
        assert "Traceback" not in plain.text() + strict.text()
