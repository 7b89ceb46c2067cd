"""The page cache in a realistic site: Material with tags, git-revision-date-localized,
minify and a blog (issue 12).

    bench/plugins.py [S|L|XL] [--repeat N] [--edits N] [--no-blog] [--out FILE]

On the content bench/generate.py writes, plus a blog of one post a week (one post per ten
SOPs, at least ten: authors, categories, an excerpt, a link to an SOP), each project
committed to its own git repository (so the git dates are real), with the same plugins
added to both sites (Material's blog with its defaults: archive, categories, pagination,
reading time; --no-blog leaves it out), it builds in fresh processes, each time:

  (a) plain Material: the baseline site (the same SOPs, one Markdown page per journey);
  (b) journeydocs cold (no graph or page cache);
  (c) journeydocs warm (a second build, nothing changed);

and then runs `mkdocs serve` as ./dev serve runs it (served site in /dev/shm), opens one SOP's
page in headless Chromium and measures, for each of N edits of that SOP, the time from saving
the file until the browser shows the edited text (the page reloads itself when journeydocs'
preview has built it: journeydocs/mkdocs_plugin/preview.py) and until the whole site is
rebuilt (the server says "Reloading browsers"); each edit waits for the rebuild before.
It prints wall times (with --repeat, the fastest), the ratios to (a), and the edit times, and
writes the same text to --out (default bench/out/plugins-<SIZE>.txt).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import OBJECTS, SIZES, VERBS, Size, _sentence, generate  # noqa: E402
from run import PY, edit_sop, machine, run_measured, versions  # noqa: E402

CHROMIUM = os.environ.get("JOURNEYDOCS_CHROMIUM", "/usr/bin/chromium")
PLUGINS = """  - tags
  - git-revision-date-localized
  - minify:
      minify_html: true
"""
BLOG = "  - blog\n"
DATE = "2026-05-01T10:00:00"
AUTHORS = {"ana": ("Ana Park", "Operations lead"), "ben": ("Ben Ortiz", "Sales coordinator"),
           "chen": ("Chen Ito", "Delivery manager")}
CATEGORIES = ["News", "How-to", "Customers", "Team"]


def add_plugins(project: Path, blog: bool) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    plugins = PLUGINS + (BLOG if blog else "")
    config.write_text(text.replace("\nplugins:\n  - search\n",
                                   "\nplugins:\n  - search\n" + plugins, 1), encoding="utf-8")


def blog_posts(size: Size) -> int:
    return max(10, size.sops // 10)


def add_blog(project: Path, size: Size) -> None:
    """The same blog in both sites: a post a week from 2025-01-06 (the same bytes per size)."""
    rng = random.Random(f"journeydocs-bench-blog:{size.name}")
    blog = project / "content" / "blog"
    (blog / "posts").mkdir(parents=True)
    (blog / "index.md").write_text("# Blog\n\nNews from the team.\n", encoding="utf-8")
    (blog / ".authors.yml").write_text("authors:\n" + "".join(
        f"  {key}:\n    name: {name}\n    description: {role}\n"
        f"    avatar: https://example.com/{key}.png\n"
        for key, (name, role) in AUTHORS.items()), encoding="utf-8")
    sops = sorted(p.stem for p in (project / "content" / "sops").glob("*.md"))
    for i in range(blog_posts(size)):
        day = dt.date(2025, 1, 6) + dt.timedelta(days=7 * i)
        authors = sorted(rng.sample(sorted(AUTHORS), rng.randint(1, 2)))
        categories = sorted(rng.sample(CATEGORIES, rng.randint(1, 2)))
        title = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}, week {i + 1}"
        body = [_sentence(rng, rng.randint(20, 40)) + "." for _ in range(6)]
        sop = rng.choice(sops)
        text = (f"---\ndate: {day.isoformat()}\nauthors: [{', '.join(authors)}]\n"
                f"categories: [{', '.join(categories)}]\n---\n\n# {title}\n\n"
                f"{body[0]}\n\n{body[1]}\n\n<!-- more -->\n\n{body[2]}\n\n"
                f"See [the checklist](../../sops/{sop}.md).\n\n## What changed\n\n"
                + "".join(f"- {line}\n" for line in body[3:]) + "\n")
        (blog / "posts" / f"post-{i:03d}.md").write_text(text, encoding="utf-8")


def commit(project: Path) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": DATE, "GIT_COMMITTER_DATE": DATE,
           "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.com"}
    (project / ".gitignore").write_text("site/\n.cache/\n")
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "content"]):
        subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)


def build(project: Path, env: dict[str, str], log: Path, cold: bool,
          cpu: list[float]) -> float:
    """Wall seconds of one build in a fresh process; its CPU seconds go into ``cpu``."""
    if cold:
        shutil.rmtree(project / ".cache", ignore_errors=True)
    shutil.rmtree(project / "site", ignore_errors=True)
    code, wall, _ = run_measured([PY, "-m", "mkdocs", "build", "-q", "-f",
                                  str(project / "mkdocs.yml")], project, env, log, 3600, cpu)
    if code != 0:
        raise SystemExit(f"build failed ({code}), see {log}")
    return wall


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _rebuilds(log: Path) -> int:
    """How many rebuilds `mkdocs serve` finished (it says "Reloading browsers" after each)."""
    return log.read_text(encoding="utf-8", errors="replace").count("Reloading browsers")


def edit_times(project: Path, env: dict[str, str], log: Path, edits: int,
               rebuilt: list[float]) -> list[float]:
    """Seconds from saving an SOP to headless Chromium showing the change, per edit; the
    seconds until the whole site was rebuilt go into ``rebuilt``. Each edit waits for the
    rebuild of the one before."""
    from playwright.sync_api import sync_playwright
    addr = f"127.0.0.1:{free_port()}"
    serve_env = {**env, "TMPDIR": "/dev/shm" if os.path.isdir("/dev/shm") else env.get(
        "TMPDIR", tempfile.gettempdir())}
    out = log.open("wb")
    proc = subprocess.Popen([PY, "-m", "mkdocs", "serve", "-a", addr, "-f",
                             str(project / "mkdocs.yml")], cwd=project, env=serve_env,
                            stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    times: list[float] = []
    rng = random.Random(1)
    try:
        url = edit_sop(project, "0")
        time.sleep(1)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
                "--headless", "--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            deadline = time.time() + 900
            while True:
                try:
                    page.goto(f"http://{addr}/{url}", timeout=5000)
                    if "Edited 0" in page.content():
                        break
                except Exception:  # noqa: BLE001 - not serving yet
                    pass
                if time.time() > deadline or proc.poll() is not None:
                    raise SystemExit(f"mkdocs serve did not serve, see {log}")
                time.sleep(1)
            time.sleep(3)
            for n in range(1, edits + 1):
                time.sleep(2 + rng.random() * 0.5)  # spread over MkDocs' 0.5 s polling
                token = f"Edited {n}x"
                built = _rebuilds(log)
                start = time.perf_counter()
                edit_sop(project, f"{n}x")
                # (a selector runs in Playwright's own world: the page's CSP allows no eval)
                page.get_by_text(token).first.wait_for(state="attached", timeout=60000)
                times.append(time.perf_counter() - start)
                while _rebuilds(log) <= built:  # the next edit after the whole rebuild
                    if time.perf_counter() - start > 300:
                        raise SystemExit(f"mkdocs serve did not finish rebuilding, see {log}")
                    time.sleep(0.1)
                rebuilt.append(time.perf_counter() - start)
            browser.close()
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(timeout=30)
        out.close()
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("size", nargs="?", default="L", choices=sorted(SIZES))
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--no-blog", action="store_true", help="leave the blog out")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    size = SIZES[args.size]
    work = Path(tempfile.mkdtemp(prefix=f"jd-bench-plugins-{size.name}-"))
    logs = work / "logs"
    logs.mkdir()
    root = generate(size, work / "gen")
    jd, base = root / "jd", root / "base"
    blog = not args.no_blog
    for project in (jd, base):
        add_plugins(project, blog)
        if blog:
            add_blog(project, size)
        commit(project)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    load = [Path("/proc/loadavg").read_text().split()[:3]]
    runs: dict[str, list[float]] = {"a": [], "b": [], "c": []}
    cpus: dict[str, list[float]] = {"a": [], "b": [], "c": []}
    for i in range(args.repeat):
        runs["a"].append(build(base, env, logs / f"a{i}.log", True, cpus["a"]))
        runs["b"].append(build(jd, env, logs / f"b{i}.log", True, cpus["b"]))
        runs["c"].append(build(jd, env, logs / f"c{i}.log", False, cpus["c"]))
    rebuilt: list[float] = []
    edits = edit_times(jd, env, logs / "serve.log", args.edits, rebuilt)
    load.append(Path("/proc/loadavg").read_text().split()[:3])
    best = {k: min(v) for k, v in runs.items()}
    cpu = {k: min(v) for k, v in cpus.items()}
    v = versions()
    with_blog = f", a blog of {blog_posts(size)} posts" if blog else ""
    lines = [
        f"journeydocs page cache with tags, git-revision-date-localized, minify"
        f"{' and blog' if blog else ''}, size {size.name}: {size.journeys} journeys, "
        f"{size.sops} SOPs{with_blog}",
        f"measured {dt.datetime.now():%Y-%m-%d %H:%M} on {machine()}",
        "versions: " + ", ".join(f"{k} {x}" for k, x in v.items()),
        "both sites: search, tags, git-revision-date-localized, minify (minify_html)"
        + (", blog (its defaults)" if blog else "") + "; content committed to git",
        "",
        f"{'build':<58}{'wall s':>8}{'x (a)':>8}{'CPU s':>8}{'x (a)':>8}",
        *(f"{label:<58}{best[k]:>8.1f}{best[k] / best['a']:>8.2f}{cpu[k]:>8.1f}"
          f"{cpu[k] / cpu['a']:>8.2f}" for k, label in (
              ("a", "(a) Material, same plugins, no journeydocs"),
              ("b", "(b) journeydocs cold (no graph or page cache)"),
              ("c", "(c) journeydocs warm (second build, nothing changed)"))),
        "wall s: the fastest of " + ", ".join(f"{k} {[round(x, 2) for x in r]}"
                                             for k, r in runs.items()),
        "CPU s (user and system, the build's own processes): the least of "
        + ", ".join(f"{k} {[round(x, 2) for x in r]}" for k, r in cpus.items()),
        "(d) mkdocs serve (served site in /dev/shm): a saved SOP edit shown by headless "
        "Chromium after " + ", ".join(f"{t:.2f}" for t in edits) + " s (the page built "
        "first: journeydocs' preview); whole site rebuilt after "
        + ", ".join(f"{t:.2f}" for t in rebuilt) + " s",
        f"load average (1, 5, 15 min) before and after: {' '.join(load[0])} / "
        f"{' '.join(load[1])}",
        "",
        f"targets: warm (c) <= 0.15 x (a): {best['c'] / best['a']:.2f} "
        f"({'met' if best['c'] <= 0.15 * best['a'] else 'NOT met'}; CPU "
        f"{cpu['c'] / cpu['a']:.2f}); "
        f"edit shown within 2 s: slowest {max(edits):.2f} s "
        f"({'met' if max(edits) <= 2 else 'NOT met'})",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    out = args.out or HERE / "out" / f"plugins-{size.name}.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(f"logs in {logs}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
