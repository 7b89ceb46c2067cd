"""The input corpus: every file in tests/corpus/ goes through every way in.

A case (``tests/corpus/<name>.yml``) has a ``class`` (one of ``CLASSES``) and a
``description``, lays ``files`` over the small valid playbook in ``tests/corpus/_base/``
(``null`` deletes a file; ``files_hex`` gives raw bytes; ``generate`` writes big files at
test time) and lists in ``errors`` the exact ``file:line:col: message (hint)`` lines it must
produce, and in ``notices`` (optional; required when ``errors`` is empty) the exact notices.
Review dates count from ``TODAY`` (the plugin's ``today`` option). For each case:

1. ``journeydocs check`` prints exactly those errors (and ``note: `` + those notices) and
   exits 1, or 0 when there is no error;
2. ``mkdocs build --strict`` logs each error as a warning, fails, and leaves no site (with
   no error it succeeds); each notice is logged, never as a warning;
3. a plain ``mkdocs build`` finishes and shows each error on the playbook health page and
   on the page of the file it is about (the file's own page, or the page that stands in for
   a file that could not be published), and each notice on the page of its file;
4. no Python traceback appears in any output, log or page.

Builds run in-process (``mkdocs.commands.build``) with a shared Jinja bytecode cache and
Graphviz cache, so the whole corpus costs well under a minute. Run this file as a script
to record the current output for cases without ``errors`` (then review the diff).
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import re
import shutil
import sys
import time
import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT
from journeydocs.cli import main as journeydocs_main
from journeydocs.content.config import load_project
from journeydocs.content.pipeline import load_and_check

CORPUS = Path(__file__).parent / "corpus"
BASE = CORPUS / "_base"
TODAY = "2026-11-22"
CLASSES = ("yaml-syntax", "encoding", "limits", "schema", "ids", "references", "graph",
           "sop", "unsafe-content", "records")


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.yml"))


def load_case(path: Path) -> dict[str, Any]:
    case: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return case


def make_project(root: Path, case: dict[str, Any], cache: Path | None = None) -> Path:
    """A project folder (mkdocs.yml + content/) for ``case``."""
    content = root / "content"
    if case.get("base", True):
        shutil.copytree(BASE / "content", content)
    content.mkdir(parents=True, exist_ok=True)
    files: dict[str, str | bytes | None] = dict(case.get("files") or {})
    for name, hexed in (case.get("files_hex") or {}).items():
        files[name] = bytes.fromhex("".join(hexed.split()))
    for name, spec in (case.get("generate") or {}).items():
        # head + repeat * count + middle + close * count + tail; ``bytes`` sets the count
        part = {k: str(spec.get(k, "")).encode("utf-8")
                for k in ("head", "repeat", "middle", "close", "tail")}
        count = spec.get("count") or (spec["bytes"] - len(part["head"])) // len(
            part["repeat"]) + 1
        files[name] = (part["head"] + part["repeat"] * count + part["middle"]
                       + part["close"] * count + part["tail"])
    for name, data in files.items():
        path = content / name
        if data is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    options = {"today": TODAY, "cache_dir": str(cache or root / ".cache")}
    config = {
        "site_name": "Corpus",
        "docs_dir": "content",
        "theme": {"name": "material", "custom_dir": str(ROOT / "theme")},
        "plugins": ["search", {"journeydocs": options}],
        "validation": {"omitted_files": "info"},
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return root


def run_check(project: Path) -> tuple[int, str, str]:
    """``journeydocs check <project>`` in-process: exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = journeydocs_main(["check", str(project)])
        except SystemExit as exc:  # pragma: no cover - argparse
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


@dataclass
class Build:
    error: BaseException | None
    records: list[logging.LogRecord] = field(default_factory=list)

    def warnings(self) -> list[str]:
        return [r.getMessage() for r in self.records if r.levelno >= logging.WARNING]

    def text(self) -> str:
        return "\n".join(r.getMessage() for r in self.records)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def run_build(project: Path, *, strict: bool) -> Build:
    """``mkdocs build [--strict]`` in-process, with every log record kept."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    error: BaseException | None = None
    try:
        config = load_config(str(project / "mkdocs.yml"), strict=strict,
                             site_dir=str(project / "site"))
        build(config)
    except BaseException as exc:  # noqa: BLE001 - a SystemExit/Abort is the expected result
        error = exc
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    return Build(error, handler.records)


@contextlib.contextmanager
def speed_up_builds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Compile Material's templates once for all builds; yields a shared Graphviz cache."""
    from mkdocs.theme import Theme

    bytecode = jinja2.FileSystemBytecodeCache(str(tmp_path_factory.mktemp("jinja")))
    original = Theme.get_env

    def get_env(self: Theme) -> jinja2.Environment:
        env = original(self)
        env.bytecode_cache = bytecode
        return env

    Theme.get_env = get_env  # type: ignore[method-assign]
    try:
        yield tmp_path_factory.mktemp("graphviz")
    finally:
        Theme.get_env = original  # type: ignore[method-assign]


@pytest.fixture(scope="module")
def fast_builds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with speed_up_builds(tmp_path_factory) as cache:
        yield cache


def page_text(site: Path, rel: str) -> str | None:
    path = site / rel
    if not path.is_file():
        return None
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return " ".join(soup.get_text(" ").split())


def pages_for(project: Path, problem_path: str, line: int) -> list[str]:
    """The built pages (besides the health page) that must show a problem of this file."""
    settings = load_project(project, _Nothing())
    assert settings is not None
    book, _ = load_and_check(settings)
    rel = problem_path.removeprefix("content/")
    name = Path(rel)
    if name.stem == "index" and rel != "sops/index.md":
        return []  # a journey or SOP file called index has no page of its own: health says
    if rel.startswith("journeys/"):
        for journey in book.journeys.values():
            if journey.source == problem_path:
                return [f"journeys/{journey.id}/index.html"]
        return [f"journeys/{name.with_suffix('').as_posix()[len('journeys/'):]}/index.html"]
    if rel.startswith("sops/"):
        for sop in book.sops.values():
            if sop.source == problem_path:
                return [f"sops/{sop.id}/index.html"]
        return [f"sops/{name.stem}/index.html"]
    if rel == "owners.yml":
        owners = sorted(book.owners.values(), key=lambda o: o.line)
        mine = [o for i, o in enumerate(owners)
                if o.line <= line < (owners[i + 1].line if i + 1 < len(owners) else 10**9)]
        return [f"owners/{o.id}/index.html" for o in mine]
    return []


class _Nothing(list[Any]):
    def add(self, *args: Any, **kwargs: Any) -> None:
        pass


_LINE_RE = re.compile(r"^(?P<path>[^:]+?)(?::(?P<line>\d+))?(?::(?P<col>\d+))?: (?P<message>.*)$")


def split_problem(text: str) -> tuple[str, int, str, str]:
    """``file:line:col: message (hint)`` -> (file, line, location, message without hint)."""
    m = _LINE_RE.match(text)
    assert m, text
    location = text[: text.index(": ")]
    message = m.group("message")
    if message.endswith(")"):  # drop the hint: the parenthesis that closes at the end
        depth = 0
        for i in range(len(message) - 1, -1, -1):
            depth += {")": 1, "(": -1}.get(message[i], 0)
            if depth == 0:
                message = message[:i].rstrip()
                break
    return m.group("path"), int(m.group("line") or 0), location, message


def _norm(text: str) -> str:
    return " ".join(text.split())


def check_output(out: str) -> tuple[list[str], list[str]]:
    """The errors and the notices ``journeydocs check`` printed."""
    lines = [ln for ln in out.splitlines() if ln]
    return ([ln for ln in lines if not ln.startswith("note: ")],
            [ln.removeprefix("note: ") for ln in lines if ln.startswith("note: ")])


def shown_on_pages(project: Path, line: str, *, health: bool) -> None:
    """The problem ``line`` is on the page of its file (and on the health page)."""
    site = project / "site"
    file, number, location, message = split_problem(line)
    pages = pages_for(project, file, number) + (["health/index.html"] if health else [])
    for rel in pages:
        text = page_text(site, rel)
        assert text is not None, f"{rel} was not built"
        assert location in text and _norm(message) in text, (line, rel)


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.stem)
def test_corpus_case(path: Path, tmp_path: Path, fast_builds: Path) -> None:
    case = load_case(path)
    assert case.get("class") in CLASSES, f"{path.name}: class must be one of {CLASSES}"
    assert case.get("description"), f"{path.name}: say what the case is about"
    expected: list[str] = case["errors"]
    notices: list[str] | None = case.get("notices")
    assert expected or notices is not None, \
        f"{path.name}: a case without errors lists its notices ('notices: []' for none)"
    project = make_project(tmp_path / "p", case, fast_builds)

    # 1. journeydocs check
    code, out, err = run_check(project)
    printed, noted = check_output(out)
    assert printed == expected
    if notices is not None:
        assert noted == notices
    # every message is journeydocs' own: none falls back to a library's wording, which
    # changes with the installed PyYAML/libyaml version
    assert "the YAML parser says" not in out
    assert code == (1 if expected else 0)
    assert "Traceback" not in out + err

    # 2. mkdocs build --strict fails on errors, with the same messages, and leaves no site;
    # notices are logged but never fail it
    strict = run_build(project, strict=True)
    warnings = strict.warnings()
    if expected:
        assert strict.error is not None and type(strict.error).__name__ == "Abort", \
            strict.error
        assert not (project / "site").exists(), "a failed strict build left a site behind"
    else:
        assert strict.error is None, warnings
    for line in expected:
        assert f"journeydocs: {line}" in warnings, (line, warnings)
    for line in notices or []:
        assert f"journeydocs: {line}" in strict.text() and \
            f"journeydocs: {line}" not in warnings, (line, "notice logged, not a warning")
    assert not list(project.glob(".site*")), "a staging folder was left behind"

    # 3. a plain build finishes and shows every problem where it belongs
    plain = run_build(project, strict=False)
    assert plain.error is None, plain.error
    for line in expected:
        shown_on_pages(project, line, health=True)
    for line in notices or []:
        shown_on_pages(project, line, health=False)

    # 4. no traceback anywhere
    for build in (strict, plain):
        assert "Traceback" not in build.text()
        assert not any(r.exc_info for r in build.records)
    for page in (project / "site").rglob("*.html"):
        assert "Traceback (most recent call last)" not in page.read_text(encoding="utf-8")


def test_the_corpus_covers_every_class() -> None:
    """At least 60 inputs, and every class of the issue has cases."""
    cases = [load_case(p) for p in corpus_files()]
    assert len(cases) >= 60
    counts = {c: sum(1 for case in cases if case["class"] == c) for c in CLASSES}
    assert all(counts.values()), counts


@pytest.mark.parametrize("name", ["limits-alias-bomb", "limits-10mb-journey",
                                  "limits-10mb-sop", "limits-deep-nesting-flow",
                                  "limits-alias-bomb-front-matter", "limits-bracket-bomb"])
def test_huge_inputs_are_refused_fast_and_small(name: str, tmp_path: Path) -> None:
    """The alias bomb and the 10 MB files cost well under a second and a little memory."""
    project = make_project(tmp_path / "p", load_case(CORPUS / f"{name}.yml"))
    settings = load_project(project, _Nothing())
    assert settings is not None
    start = time.perf_counter()
    _, problems = load_and_check(settings)
    elapsed = time.perf_counter() - start
    assert problems.errors()
    assert elapsed < 1.0, f"{name}: {elapsed:.2f}s"
    tracemalloc.start()
    try:
        load_and_check(settings)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    size = sum(p.stat().st_size for p in (project / "content").rglob("*") if p.is_file())
    assert peak < 3 * size + 32_000_000, f"{name}: peak {peak:,} bytes for {size:,} on disk"


def bless() -> None:
    """Record ``errors`` (and any notices) for cases that have none yet (print them; review
    the diff)."""
    import tempfile

    for path in corpus_files():
        text = path.read_text(encoding="utf-8")
        case = yaml.safe_load(text)
        if "errors" in case:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            project = make_project(Path(tmp), case)
            _, out, _ = run_check(project)
        errors, notices = check_output(out)
        record: dict[str, list[str]] = {"errors": errors}
        if notices or not errors:
            record["notices"] = notices
        dumped = yaml.safe_dump(record, allow_unicode=True, width=1000, sort_keys=False)
        path.write_text(text.rstrip("\n") + "\n" + dumped, encoding="utf-8")
        print(f"== {path.name}\n{dumped}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    bless()


# --- the real commands, and nothing lost --------------------------------------------------

def test_real_commands_exit_1_with_the_message_and_no_traceback(tmp_path: Path) -> None:
    """The same through the installed entry points: ``journeydocs check`` and ``mkdocs``."""
    import subprocess

    case = load_case(CORPUS / "unsafe-journey-summary.yml")
    project = make_project(tmp_path / "p", case)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GITHUB_ACTIONS": "false"}
    check = subprocess.run([sys.executable, "-m", "journeydocs.cli", "check", str(project)],
                           capture_output=True, text=True, env=env, timeout=120)
    assert check.returncode == 1
    assert [ln for ln in check.stdout.splitlines() if ln.startswith("content/")] == \
        case["errors"]
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                            str(project / "mkdocs.yml")], capture_output=True, text=True,
                           env=env, timeout=300)
    assert build.returncode == 1
    for line in case["errors"]:
        assert f"WARNING -  journeydocs: {line}" in build.stderr, build.stderr
    assert "Traceback" not in check.stdout + check.stderr + build.stdout + build.stderr
    assert not (project / "site").exists()


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_failed_strict_build_leaves_the_published_site_as_it_was(
        tmp_path: Path, fast_builds: Path) -> None:
    """A deployment that publishes site/ after a failed ``--strict`` build publishes the
    last good site, never a half-built one; a good build replaces it (keeping dotfiles)."""
    project = make_project(tmp_path / "p", {"files": {}}, fast_builds)
    good = run_build(project, strict=True)
    assert good.error is None, good.warnings()
    site = project / "site"
    (site / ".git").mkdir()
    (site / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    before = _snapshot(site)
    assert "journeys/base/index.html" in before

    journey = project / "content" / "journeys" / "base.yml"
    journey.write_text(journey.read_text().replace("sop: call", "sop: cal"))
    (project / "content" / "journeys" / "new.yml").write_text(
        (BASE / "content" / "journeys" / "base.yml").read_text().replace("Base", "New"))
    failed = run_build(project, strict=True)
    assert failed.error is not None
    assert _snapshot(site) == before, "a failed strict build changed the published site"
    assert [p.name for p in project.iterdir() if p.name.startswith(".site")] == []

    plain = run_build(project, strict=False)  # not strict: warnings do not stop it
    assert plain.error is None
    after = _snapshot(site)
    assert "journeys/new/index.html" in after and after[".git/HEAD"] == before[".git/HEAD"]


def test_failed_first_strict_build_leaves_no_site_at_all(tmp_path: Path,
                                                         fast_builds: Path) -> None:
    case = load_case(CORPUS / "ref-sop.yml")
    project = make_project(tmp_path / "p", case, fast_builds)
    assert run_build(project, strict=True).error is not None
    assert sorted(p.name for p in project.iterdir()) == [".cache", "content", "mkdocs.yml"] \
        or sorted(p.name for p in project.iterdir()) == ["content", "mkdocs.yml"]


def test_dirty_builds_are_not_staged(tmp_path: Path) -> None:
    """``--dirty`` (build or serve) needs the old files in place: not redirected. A clean
    ``mkdocs serve`` build is staged like a build, so the server serves the last site whole
    while it rebuilds (and the preview's pages with it: journeydocs/mkdocs_plugin/preview)."""
    from mkdocs.config import load_config

    project = make_project(tmp_path / "p", {"files": {}})
    for command, dirty in (("serve", True), ("build", True)):
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
        plugin = config.plugins["journeydocs"]
        plugin.on_startup(command=command, dirty=dirty)
        config = config.plugins.on_config(config)
        assert config.site_dir == str(project / "site")
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    config.plugins["journeydocs"].on_startup(command="serve", dirty=False)
    assert config.plugins.on_config(config).site_dir != str(project / "site")
    config.plugins.on_build_error(error=RuntimeError("stop"))
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    config.plugins["journeydocs"].on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    assert config.site_dir != str(project / "site")
    config.plugins.on_build_error(error=RuntimeError("stop"))
    assert config.site_dir == str(project / "site")
    assert [p.name for p in project.iterdir() if p.name.startswith(".site")] == []
