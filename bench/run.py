"""The journeydocs benchmark: one command, one table.

    bench/run.py [S|L|XL ...] [--before] [--repeat N] [--quick] [--no-serve] [--no-zensical]
                 [--against REV] [--out DIR] [--report]

For each size it generates a synthetic playbook (bench/generate.py) and, on that same
content, builds:

  (a) the baseline: the same SOPs plus one plain Markdown page per journey, built by
      Material for MkDocs with its default navigation and no journeydocs;
  (b) journeydocs cold (no graph or page cache);
  (c) journeydocs warm (a second build, nothing changed);
  (d) journeydocs after one SOP changed, as a full `mkdocs build`, and separately the time
      until a running `mkdocs serve` shows the changed page (polled over HTTP on 127.0.0.1);
  (e) Zensical on the baseline content, if it installs (in bench/.venv-zensical);
  with --before, (b) to (d) again with the page cache, the second build process and the
  navigation limits switched off.

Every build runs in a fresh process: wall time, its peak memory (ru_maxrss from wait4),
Graphviz runs (a `dot` shim first on PATH logs each rendering), site size, median and
largest HTML page. One more cold build runs in-process with timers around journeydocs'
event handlers to measure the plugin's own share of (b) (see bench/profile_build.py).
The table goes to stdout and bench/out/table-<SIZE>.txt; figures to
bench/out/results-<SIZE>.json, from which the scaling table (time per page from S to L to
XL) is printed with the sizes measured so far.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tarfile
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE))

from generate import SIZES, Size, generate  # noqa: E402

PY = sys.executable
ZENSICAL_VENV = HERE / ".venv-zensical"
TARGETS = {"cold": 0.4, "warm": 0.3, "serve_s": 2.0, "share": 0.10, "median": 1 / 3,
           "exponent": 1.15}


@dataclass
class Build:
    label: str
    ok: bool = True
    note: str = ""
    wall: float = 0.0
    peak_mb: float = 0.0
    dot_runs: int = 0
    pages: int = 0
    site_mb: float = 0.0
    median_kb: float = 0.0
    largest_kb: float = 0.0
    largest_page: str = ""
    runs: list[float] = field(default_factory=list)
    kinds: dict[str, float] = field(default_factory=dict)  # largest page of each kind, KB


@dataclass
class Result:
    size: str
    journeys: int
    sops: int
    owners: int
    date: str
    machine: str
    versions: dict[str, str] = field(default_factory=dict)
    builds: dict[str, Build] = field(default_factory=dict)
    serves: list[Serve] = field(default_factory=list)
    load: list[str] = field(default_factory=list)  # /proc/loadavg before and after
    share: dict[str, float] = field(default_factory=dict)
    share_note: str = ""


# --------------------------------------------------------------------------- machine

def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{cpus} CPUs (nproc), {model}, {ram:.1f} GiB RAM, {platform.system()} " \
           f"{platform.release()}, Python {platform.python_version()}"


def versions() -> dict[str, str]:
    from importlib.metadata import version

    out = {name: version(name) for name in ("mkdocs", "mkdocs-material", "markdown",
                                            "pymdown-extensions")}
    dot = shutil.which("dot")
    if dot:
        proc = subprocess.run([dot, "-V"], capture_output=True, text=True, check=False)
        out["graphviz"] = (proc.stderr or proc.stdout).strip().split(" (")[0].split()[-1]
    return out


# --------------------------------------------------------------------------- builds

def dot_shim(folder: Path) -> Path:
    """A `dot` first on PATH that logs each rendering (``-T``) and runs the real one."""
    real = shutil.which("dot")
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "dot-runs.log"
    shim = folder / "dot"
    if real is None:
        return log
    shim.write_text(f'#!/bin/sh\ncase "$*" in *-T*) echo run >> "{log}";; esac\n'
                    f'exec "{real}" "$@"\n')
    shim.chmod(0o755)
    return log


def dot_runs(log: Path) -> int:
    return len(log.read_text().splitlines()) if log.exists() else 0


def run_measured(cmd: list[str], cwd: Path, env: dict[str, str], log: Path,
                 timeout: float, cpu: list[float] | None = None) -> tuple[int | None, float, float]:
    """(exit status or None on timeout, wall seconds, peak RSS in MB) of one fresh process;
    its CPU seconds (user and system, with the children it waited for) go into ``cpu``."""
    with log.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                wall = time.perf_counter() - start
                proc.returncode = os.waitstatus_to_exitcode(status)
                if cpu is not None:
                    cpu.append(usage.ru_utime + usage.ru_stime)
                return proc.returncode, wall, usage.ru_maxrss / 1024
            if time.perf_counter() - start > timeout:
                os.killpg(proc.pid, signal.SIGKILL)
                _, status, usage = os.wait4(proc.pid, 0)
                proc.returncode = -9
                return None, time.perf_counter() - start, usage.ru_maxrss / 1024
            time.sleep(0.02)


def site_figures(build: Build, site: Path) -> None:
    pages = [p for p in site.rglob("*.html")]
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    sizes = sorted((p.stat().st_size, p.relative_to(site).as_posix()) for p in pages)
    build.pages = len(pages)
    build.site_mb = total / 1e6
    if sizes:
        build.median_kb = statistics.median(s for s, _ in sizes) / 1e3
        build.largest_kb, build.largest_page = sizes[-1][0] / 1e3, sizes[-1][1]
    for size, name in sizes:
        kind = page_kind(name)
        build.kinds[kind] = max(build.kinds.get(kind, 0.0), size / 1e3)
    index = site / "search" / "search_index.json"
    if index.exists():
        build.kinds["search index (whole site)"] = index.stat().st_size / 1e3


def page_kind(name: str) -> str:
    """What a page of the site is, for the table of largest pages by kind."""
    fixed = {"index.html": "home", "journeys/index.html": "journeys index",
             "sops/index.html": "SOP index", "owners/index.html": "owners index",
             "metrics/index.html": "metrics", "health/index.html": "health"}
    if name in fixed:
        return fixed[name]
    for prefix, kind in (("sops/all/", "SOP index, one page of it"), ("sops/", "SOP page"),
                         ("journeys/", "journey page"), ("owners/", "owner page")):
        if name.startswith(prefix):
            return kind
    return "other"


def mkdocs_build(label: str, project: Path, env: dict[str, str], shim_log: Path,
                 logs: Path, timeout: float) -> Build:
    site = project / "site"
    shutil.rmtree(site, ignore_errors=True)
    before = dot_runs(shim_log)
    code, wall, peak = run_measured(
        [PY, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        project, env, logs / f"{label}.log", timeout)
    build = Build(label, wall=wall, peak_mb=peak, dot_runs=dot_runs(shim_log) - before)
    if code is None:
        build.ok, build.note = False, f"> {timeout:.0f} s (timed out)"
    elif code != 0:
        build.ok, build.note = False, f"failed (exit {code}), see {logs / (label + '.log')}"
    if build.ok:
        site_figures(build, site)
    return build


def zensical_build(project: Path, env: dict[str, str], shim_log: Path, logs: Path,
                   timeout: float, install: bool) -> Build:
    build = Build("zensical")
    exe = ZENSICAL_VENV / "bin" / "zensical"
    if not exe.exists() and install:
        log = logs / "zensical-install.log"
        with log.open("wb") as out:
            ok = subprocess.run([sys.executable, "-m", "venv", str(ZENSICAL_VENV)],
                                stdout=out, stderr=subprocess.STDOUT).returncode == 0
            ok = ok and subprocess.run(
                [str(ZENSICAL_VENV / "bin" / "pip"), "install", "-q", "zensical"],
                stdout=out, stderr=subprocess.STDOUT, timeout=600).returncode == 0
        if not ok:
            tail = log.read_text(errors="replace").strip().splitlines()[-1:] or ["?"]
            build.ok, build.note = False, f"not available: pip install zensical failed: {tail[0]}"
            return build
    if not exe.exists():
        build.ok, build.note = False, "not available: not installed (run without --quick)"
        return build
    version = subprocess.run([str(exe), "--version"], capture_output=True, text=True,
                             check=False).stdout.strip().split()[-1:]
    build.label = f"zensical {version[0] if version else '?'}"
    site = project / "site"
    shutil.rmtree(site, ignore_errors=True)
    shutil.rmtree(project / ".cache", ignore_errors=True)
    before = dot_runs(shim_log)
    code, wall, peak = run_measured([str(exe), "build", "--clean", "-f",
                                     str(project / "mkdocs.yml")], project, env,
                                    logs / "zensical.log", timeout)
    build.wall, build.peak_mb, build.dot_runs = wall, peak, dot_runs(shim_log) - before
    if code is None:
        build.ok, build.note = False, f"> {timeout:.0f} s (timed out)"
    elif code != 0 or not site.is_dir():
        text = (logs / "zensical.log").read_text(errors="replace").strip().splitlines()
        build.ok, build.note = False, f"not available: build failed: {(text or ['?'])[-1]}"
    else:
        site_figures(build, site)
    return build


def edit_sop(project: Path, token: str) -> str:
    """Change one checklist item of one SOP (the middle one); returns its page URL path."""
    sops = sorted((project / "content" / "sops").glob("*.md"))
    path = sops[len(sops) // 2]
    text = path.read_text(encoding="utf-8")
    marker = "\n- [ ] "
    at = text.index(marker) + len(marker)
    end = text.index("\n", at)
    path.write_text(text[:at] + f"Edited {token}" + text[end:], encoding="utf-8")
    return f"sops/{path.stem}/"


@dataclass
class Serve:
    label: str
    seconds: list[float] = field(default_factory=list)  # save -> page shows it, per edit
    rebuilds: list[float] = field(default_factory=list)  # what mkdocs logged per rebuild
    first_build: float | None = None
    note: str = ""


def serve_latency(project: Path, env: dict[str, str], logs: Path, timeout: float,
                  label: str, edits: int = 5) -> Serve:
    """Seconds from saving an SOP to its page showing the change in `mkdocs serve`.

    `mkdocs serve` runs as an editor runs it, on 127.0.0.1; the page is fetched over HTTP
    every 50 ms from the moment the file is saved until it contains the new text. MkDocs
    polls the docs folder every 0.5 s and waits 0.1 s for more changes before it rebuilds,
    so up to 0.6 s of each figure is MkDocs noticing the save; the edits are spread over
    that cycle.
    """
    result = Serve(label)
    project = project.resolve()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = logs / f"serve-{label.split()[0]}.log"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    out = log.open("wb")
    proc = subprocess.Popen([PY, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"),
                             "-a", f"127.0.0.1:{port}"], cwd=project, env=env, stdout=out,
                            stderr=subprocess.STDOUT, start_new_session=True)

    def fetch(path: str) -> str | None:
        try:
            with opener.open(f"http://127.0.0.1:{port}/{path}", timeout=timeout) as resp:
                return str(resp.read().decode("utf-8", errors="replace"))
        except OSError:
            return None

    def built() -> list[float]:
        return [float(ln.split("built in ")[1].split()[0])
                for ln in log.read_text(errors="replace").splitlines()
                if "Documentation built in" in ln]

    try:
        page = edit_sop(project, "before serving")
        start = time.perf_counter()
        while fetch(page) is None:
            if proc.poll() is not None:
                result.note = f"mkdocs serve exited ({proc.returncode}), see {log}"
                return result
            if time.perf_counter() - start > timeout:
                result.note = f"mkdocs serve did not serve within {timeout:.0f} s"
                return result
            time.sleep(0.2)
        result.first_build = next(iter(built()), None)
        for i in range(edits):
            # let the watcher settle; the pause shifts by 0.1 s each time, so the saves land
            # at different points of MkDocs' 0.5 s polling cycle
            time.sleep(2.0 + 0.1 * i)
            token = f"bench-{time.time_ns()}"
            edit_sop(project, token)
            start = time.perf_counter()
            while True:
                body = fetch(page)
                elapsed = time.perf_counter() - start
                if body is not None and token in body:
                    break
                if elapsed > timeout:
                    result.note = f"a change did not show within {timeout:.0f} s"
                    return result
                time.sleep(0.05)
            result.seconds.append(elapsed)
        time.sleep(0.5)
        result.rebuilds = built()[1:]
        return result
    finally:
        try:
            os.killpg(proc.pid, signal.SIGINT)
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        except ProcessLookupError:
            proc.wait()
        out.close()


def shm() -> str | None:
    """Where ./dev serve keeps the served site: /dev/shm (memory) when it is writable."""
    return "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None


def plugin_share(project: Path, env: dict[str, str], logs: Path,
                 timeout: float) -> tuple[dict[str, float], str]:
    shutil.rmtree(project / ".cache", ignore_errors=True)
    result = logs / "share.json"
    code, _, _ = run_measured([PY, str(HERE / "profile_build.py"), str(project),
                               "--json", str(result)], project, env, logs / "share.log",
                              timeout)
    if code != 0 or not result.exists():
        return {}, f"in-process build failed, see {logs / 'share.log'}"
    return json.loads(result.read_text()), ""


def against_env(rev: str, env: dict[str, str]) -> dict[str, str]:
    """An environment whose `journeydocs` is the plugin code of git revision ``rev`` (or of
    the folder ``rev``, which holds a ``journeydocs`` package)."""
    if (Path(rev) / "journeydocs").is_dir():
        return {**env, "PYTHONPATH": str(Path(rev).resolve())}
    dest = OUT / f"against-{rev}"
    if not (dest / "plugins" / "journeydocs").is_dir():
        dest.mkdir(parents=True, exist_ok=True)
        data = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "plugins/journeydocs"],
                              capture_output=True, check=True).stdout
        tar = dest / "src.tar"
        tar.write_bytes(data)
        with tarfile.open(tar) as archive:
            archive.extractall(dest, filter="data")
    return {**env, "PYTHONPATH": str(dest / "plugins")}


# --------------------------------------------------------------------------- the run

def run_size(size: Size, args: argparse.Namespace) -> Result:
    work = args.out / size.name
    logs = work / "logs"
    print(f"== {size.name}: generating {size.journeys} journeys, {size.sops} SOPs "
          f"in {work}", file=sys.stderr, flush=True)
    generate(size, work / "content", seed=args.seed)
    logs.mkdir(parents=True, exist_ok=True)
    shim_log = dot_shim(work / "bin")
    if shim_log.exists():
        shim_log.unlink()
    env = {**os.environ, "PATH": f"{work / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
           "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("PYTHONPATH", None)
    jd, base = work / "content" / "jd", work / "content" / "base"
    result = Result(size.name, size.journeys, size.sops, size.owners,
                    dt.datetime.now().strftime("%Y-%m-%d %H:%M"), machine(), versions())

    def keep(key: str, build: Build) -> None:
        """Each figure is the fastest of the repetitions (the others are kept in ``runs``)."""
        old = result.builds.get(key)
        runs = [*(old.runs if old else []), round(build.wall, 2)]
        if old is None or (build.ok and (not old.ok or build.wall < old.wall)):
            result.builds[key] = build
        result.builds[key].runs = runs
        print(f"   {key}: {build.label}: {build.wall:.1f} s {build.note}", file=sys.stderr,
              flush=True)

    t = args.timeout
    result.load.append(_loadavg())
    before = work / "content" / "jd-before"
    if args.before:
        switch_off(jd, before)
    old = work / "content" / "jd-against"
    if args.against:
        shutil.rmtree(old, ignore_errors=True)
        shutil.copytree(jd, old, ignore=shutil.ignore_patterns("site", ".cache"))
    for rep in range(max(1, args.repeat)):
        keep("a", mkdocs_build("a-baseline", base, env, shim_log, logs, args.baseline_timeout))
        for key, project, run_env in (("", jd, env), ("0", before, env),
                                      ("1", old, against_env(args.against, env)
                                       if args.against else env)):
            if (key == "0" and not args.before) or (key == "1" and not args.against):
                continue
            shutil.rmtree(project / ".cache", ignore_errors=True)
            keep("b" + key, mkdocs_build(f"b{key}-cold", project, run_env, shim_log, logs, t))
            keep("c" + key, mkdocs_build(f"c{key}-warm", project, run_env, shim_log, logs, t))
            edit_sop(project, f"for the one-SOP build {rep}")
            keep("d" + key, mkdocs_build(f"d{key}-one-sop", project, run_env, shim_log, logs,
                                         t))
    if not args.no_serve:
        for label, extra in (("as ./dev serve runs it (served site in /dev/shm)",
                              {"TMPDIR": str(shm())} if shm() else None),
                             ("with the default TMPDIR (served site in /tmp)", {})):
            if extra is None:
                continue
            serve = serve_latency(jd, {**env, **extra}, logs, t, label)
            result.serves.append(serve)
            print(f"   serve {label}: {serve.seconds} {serve.note}", file=sys.stderr,
                  flush=True)
    if not args.no_zensical:
        keep("e", zensical_build(base, env, shim_log, logs, t, install=not args.quick))
    if not args.no_share:
        shutil.rmtree(jd / "site", ignore_errors=True)
        result.share, result.share_note = plugin_share(jd, env, logs, t)
    result.load.append(_loadavg())
    return result


def _loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def switch_off(jd: Path, dest: Path) -> None:
    """A copy of the playbook built with this work's switches off: no page cache, one
    process, every journey and owner listed in the navigation (what the plugin did before)."""
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(jd, dest, ignore=shutil.ignore_patterns("site", ".cache"))
    config = dest / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - journeydocs:\n", "  - journeydocs:\n"
                                   "      page_cache: false\n"
                                   "      parallel: false\n"
                                   "      nav_journey_limit: 1000000\n"
                                   "      nav_owner_limit: 1000000\n", 1), encoding="utf-8")


# --------------------------------------------------------------------------- the table

ROWS = [("a", "(a) baseline: Material, default nav, no journeydocs"),
        ("b", "(b) journeydocs, cold (empty graph and page cache)"),
        ("c", "(c) journeydocs, warm (second build, nothing changed)"),
        ("d", "(d) journeydocs, one SOP changed (full build)"),
        ("e", "(e) Zensical on the baseline content"),
        ("b0", "(b) cache, 2nd process, nav limits off, cold"),
        ("c0", "(c) cache, 2nd process, nav limits off, warm"),
        ("d0", "(d) cache, 2nd process, nav limits off, 1 SOP"),
        ("b1", "(b) plugin code of {rev}, cold"),
        ("c1", "(c) plugin code of {rev}, warm"),
        ("d1", "(d) plugin code of {rev}, one SOP")]


def table(r: Result, against: str | None) -> str:
    base = r.builds.get("a")
    base_t = base.wall if base and base.ok else None
    lines = [f"journeydocs benchmark, size {r.size}: {r.journeys} journeys (30 steps, a third "
             f"critical), {r.sops} SOPs (20 items), {r.owners} owners",
             f"measured {r.date} on {r.machine}",
             "versions: " + ", ".join(f"{k} {v}" for k, v in r.versions.items()), "",
             f"{'build':<56}{'wall s':>8}{'x (a)':>7}{'peak MB':>9}{'dot runs':>9}"
             f"{'pages':>7}{'site MB':>9}{'median KB':>10}{'largest KB':>11}"]
    for key, label in ROWS:
        b = r.builds.get(key)
        if b is None:
            continue
        label = label.format(rev=against or "?")
        if key == "e" and b.label.startswith("zensical "):
            label = f"(e) {b.label} on the baseline content"
        if not b.ok and b.note.startswith("not available"):
            lines.append(f"{label:<56}  {b.note}")
            continue
        wall = f"{b.wall:.1f}" if b.ok else b.note.split(" (")[0]
        ratio = f"{b.wall / base_t:.2f}" if b.ok and base_t else "-"
        lines.append(f"{label:<56}{wall:>8}{ratio:>7}{b.peak_mb:>9.0f}{b.dot_runs:>9}"
                     f"{b.pages:>7}{b.site_mb:>9.1f}{b.median_kb:>10.1f}{b.largest_kb:>11.1f}"
                     + ("" if b.ok else f"  {b.note}"))
    for serve in r.serves:
        if serve.seconds:
            shown = ", ".join(f"{x:.2f}" for x in serve.seconds)
            built = ", ".join(f"{x:.2f}" for x in serve.rebuilds)
            lines.append(f"(d) mkdocs serve {serve.label}: a saved SOP change is on its page "
                         f"after {shown} s (rebuilds logged: {built} s; first build "
                         f"{serve.first_build} s)")
        if serve.note:
            lines.append(f"(d) mkdocs serve {serve.label}: {serve.note}")
    lines.append("wall s: the fastest of " + ", ".join(
        f"{k} {b.runs}" for k, b in r.builds.items() if len(b.runs) > 1) if any(
        len(b.runs) > 1 for b in r.builds.values()) else "wall s: one run each")
    lines.append(f"load average (1, 5, 15 min) before and after: {' / '.join(r.load)}")
    for key in ("a", "b"):
        b = r.builds.get(key)
        if b and b.ok:
            lines.append(f"largest page {key}: {b.largest_page} ({b.largest_kb:.0f} KB)")
    if r.share:
        s = r.share
        busy = s["total"] + s.get("child_busy", 0.0)
        two = (f" + {s['child_busy']:.2f} s of the second build process = {busy:.2f} s"
               if s.get("child_busy") else "")
        lines += ["", f"plugin's own share of (b): {s['own']:.2f} s of {s['total']:.2f} s"
                      f"{two} = {100 * s['own'] / busy:.1f} % (an in-process cold build; "
                      f"{s['dot_runs']:.0f} Graphviz runs on {s['workers']:.0f} threads)",
                  f"  = {s['handlers']:.2f} s in journeydocs' MkDocs event handlers and page-cache "
                  f"hooks - {s['waits']:.2f} s of those spent waiting for Graphviz processes",
                  f"    - {s['foreign']:.2f} s running Material's search indexer from the hook"
                  f" + {s['pool']:.2f} s CPU time of journeydocs' worker threads (SVG "
                  "post-processing, page-cache compression)",
                  "  (theme rendering, Markdown and MkDocs itself are outside the handlers; "
                  "Graphviz runs in its own processes)"]
        parts = share_parts(s.get("breakdown", {}))  # type: ignore[arg-type]
        if parts:
            lines.append("  by part: " + ", ".join(f"{name} {t:.2f} s" for name, t in parts))
    elif r.share_note:
        lines.append(f"plugin's own share of (b): {r.share_note}")
    return "\n".join(lines)


def share_parts(breakdown: dict[str, float]) -> list[tuple[str, float]]:
    """The plugin's own time grouped by what it does (from profile_build's breakdown)."""
    groups = [("loading, checking, generating pages (on_files)", ("JourneydocsPlugin.on_files",)),
              ("sanitiser and CSP", ("JourneydocsPlugin._clean", "JourneydocsPlugin._policy",
                                     "JourneydocsPlugin.on_post_template",
                                     "JourneydocsPlugin._check_templates",
                                     "JourneydocsPlugin._escape_titles")),
              ("SOP pages' Markdown", ("JourneydocsPlugin._fill_in",)),
              ("page cache and second process", ("JourneydocsPlugin._cache",
                                                 "JourneydocsPlugin._fork", "PageCache.",
                                                 "restore", "pack")),
              ("SVG post-processing", ("inline_svg", "SvgRenderer.")),
              ("other", ("",))]
    totals: dict[str, float] = {}
    for key, seconds in breakdown.items():
        kind, _, name = key.partition(": ")
        if kind == "waits":
            continue
        sign = -1.0 if kind == "foreign" else 1.0
        if kind == "foreign":
            name = "PageCache."  # Material's indexer, called from the page cache's hook
        group = next(g for g, prefixes in groups if name.startswith(prefixes))
        totals[group] = totals.get(group, 0.0) + sign * seconds
    return [(g, totals[g]) for g, _ in groups if abs(totals.get(g, 0.0)) >= 0.005]


def scaling(results: dict[str, dict[str, object]]) -> str:
    """Time per page at each size measured so far, and the growth exponent between them."""
    order = [s for s in ("S", "L", "XL") if s in results]
    if not order:
        return ""
    lines = ["", "time per page (ms) by size (pages in the journeydocs site; each size "
                 "from its latest run)",
             f"{'build':<16}" + "".join(f"{s + ' (' + str(results[s]['date'])[:10] + ')':>18}"
                                        for s in order) + f"{'exponent':>12}"]
    for key, label in (("a", "(a) baseline"), ("b", "(b) cold"), ("c", "(c) warm"),
                       ("d", "(d) one SOP"), ("e", "(e) zensical")):
        cells, points = [], []
        for s in order:
            b = results[s]["builds"].get(key)  # type: ignore[attr-defined]
            if b and b["ok"] and b["pages"]:
                cells.append(f"{1000 * b['wall'] / b['pages']:>18.1f}")
                points.append((b["pages"], b["wall"]))
            else:
                cells.append(f"{'-':>18}")
        exp = "-"
        if len(points) >= 2:
            (n1, t1), (n2, t2) = points[0], points[-1]
            exp = f"{math.log(t2 / t1) / math.log(n2 / n1):.2f}"
        lines.append(f"{label:<16}" + "".join(cells) + f"{exp:>12}")
    lines.append("exponent k: build time ~ pages^k between the smallest and largest size "
                 "shown (1 = constant time per page)")
    kinds = sorted({k for s in order for k in results[s]["builds"].get("b", {})  # type: ignore
                    .get("kinds", {})})
    if kinds:
        lines += ["", "largest page of each kind (KB) in the journeydocs site (b), by size"]
        lines.append(f"{'page':<34}" + "".join(f"{s:>10}" for s in order))
        for kind in kinds:
            cells = [results[s]["builds"].get("b", {}).get("kinds", {}).get(kind)  # type: ignore
                     for s in order]
            lines.append(f"{kind:<34}" + "".join(f"{c:>10.1f}" if c is not None else f"{'-':>10}"
                                                 for c in cells))
    return "\n".join(lines)


def verdict(r: Result) -> str:
    a, b, c = (r.builds.get(k) for k in "abc")
    if not (a and b and c and a.ok and b.ok and c.ok):
        return ""
    out = ["", f"targets (set for size L; this is {r.size}):"]

    def mark(ok: bool) -> str:
        return "met    " if ok else "NOT met"

    out.append(f"  {mark(b.wall <= TARGETS['cold'] * a.wall)} cold (b) <= 0.4 x (a): "
               f"{b.wall / a.wall:.2f}")
    out.append(f"  {mark(c.wall <= TARGETS['warm'] * a.wall)} warm (c) <= 0.3 x (a): "
               f"{c.wall / a.wall:.2f}")
    for serve in r.serves:
        if serve.seconds:
            worst = max(serve.seconds)
            out.append(f"  {mark(worst <= TARGETS['serve_s'])} one-SOP edit shown by mkdocs "
                       f"serve {serve.label} within 2 s: slowest of {len(serve.seconds)} "
                       f"edits {worst:.2f} s, median {statistics.median(serve.seconds):.2f} s")
    out.append(f"  {mark(c.dot_runs == 0)} warm build runs Graphviz 0 times: {c.dot_runs}")
    if r.share:
        own = r.share["own"] / (r.share["total"] + r.share.get("child_busy", 0.0))
        out.append(f"  {mark(own <= TARGETS['share'])} plugin's own share of (b) <= 10 %: "
                   f"{100 * own:.1f} %")
        out.append(f"  {mark(r.share['workers'] >= 2)} cold build renders graphs on both "
                   f"cores: {r.share['workers']:.0f} worker threads, "
                   f"{r.share['dot_runs']:.0f} runs")
    out.append(f"  {mark(b.median_kb <= a.median_kb * TARGETS['median'])} median page <= 1/3 "
               f"of the baseline's: {b.median_kb:.1f} KB vs {a.median_kb:.1f} KB")
    return "\n".join(out)


def _result(data: dict[str, Any]) -> Result:
    data = dict(data)
    data["builds"] = {k: Build(**v) for k, v in data["builds"].items()}
    data["serves"] = [Serve(**v) for v in data.get("serves", [])]
    return Result(**data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", metavar="SIZE",
                        help="S, L or XL (default L); several run in turn")
    parser.add_argument("--quick", action="store_true",
                        help="no Zensical install and no `mkdocs serve` (for the smoke test)")
    parser.add_argument("--no-serve", action="store_true")
    parser.add_argument("--no-zensical", action="store_true")
    parser.add_argument("--no-share", action="store_true")
    parser.add_argument("--before", action="store_true",
                        help="also build (b), (c), (d) with the page cache and the navigation "
                             "limits switched off")
    parser.add_argument("--against", metavar="REV",
                        help="also build (b), (c), (d) with the plugin code of git revision "
                             "REV, or of a folder holding journeydocs/")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run (a) to (d) this many times and keep the fastest of each")
    parser.add_argument("--report", action="store_true",
                        help="build nothing: print the tables of the last run of each size")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=OUT,
                        help="where the content, logs and tables go (default bench/out)")
    parser.add_argument("--timeout", type=float, default=1800,
                        help="seconds before a journeydocs build or Zensical is stopped")
    parser.add_argument("--baseline-timeout", type=float, default=3600,
                        help="seconds before the baseline build is stopped")
    args = parser.parse_args(argv)
    if args.quick:
        args.no_serve = True
    unknown = [s for s in args.sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown size {unknown[0]!r}: choose from S, L, XL")
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    args.out = out
    for name in args.sizes or ["L"]:
        if args.report:  # the table of the last run of this size, with today's scaling table
            result = _result(json.loads((out / f"results-{name}.json").read_text()))
        else:
            result = run_size(SIZES[name], args)
        (out / f"results-{name}.json").write_text(json.dumps(asdict(result), indent=1))
        saved = {s: json.loads((out / f"results-{s}.json").read_text())
                 for s in ("S", "L", "XL") if (out / f"results-{s}.json").exists()}
        text = table(result, args.against) + "\n" + verdict(result) + "\n" + scaling(saved)
        (out / f"table-{name}.txt").write_text(text + "\n")
        print(text, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
