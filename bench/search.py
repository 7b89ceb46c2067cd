"""Search at S, L and XL: Material's built-in search (lunr) against Pagefind (issue 17).

    bench/search.py [S|L|XL|L-zh|XS|XS-zh ...] [--loads N] [--pagefind cli|plugin]
                    [--plugin-option YAML] [--ui-input SEL --ui-result SEL] [--quick]
                    [--out FILE] [--keep DIR] [--build-only | --reuse]

For each playbook (bench/generate.py; ``L-zh`` is L in Simplified Chinese) it builds two
journeydocs sites from the same content, each a cold `mkdocs build` in a fresh process:

  Material: the generated site as it is (Material's `search` plugin: one lunr index,
            search/search_index.json, downloaded whole before the first result);
  Pagefind: the same without Material's `search` plugin, then Pagefind 1.5 extended
            (`python -m pagefind --site site`, the binary from its PyPI wheel) writes
            site/pagefind/ (--pagefind cli, the default); with --pagefind plugin the build
            runs journeydocs' own option instead (--plugin-option, default `search: pagefind`,
            goes under `- journeydocs:` in mkdocs.yml) and nothing runs after it.

Each site is served over HTTP on 127.0.0.1 by a small threaded server that gzips text as
GitHub Pages does (HTML, CSS, JS, JSON, SVG, XML; Pagefind's own files are already
compressed and go as they are), and opened in headless Chromium (Playwright,
/usr/bin/chromium) N times (default 5) per profile, each time in a new browser context
with the cache disabled:

  unthrottled: the machine as it is;
  phone: CDP Emulation.setCPUThrottlingRate 4 and Network.emulateNetworkConditions
         "Fast 3G" (1.6 Mbps down, 750 kbps up, 150 ms round trip).

At the page's load event the query is typed (Material: keystrokes into the header search
box, until the first `.md-search-result__item` is visible; Pagefind: until a search UI
lands, in the page `await import("pagefind/pagefind.js")`, `pagefind.search(q)` and
`results[0].data()`, the fragment of the first result; with --ui-input/--ui-result it types
into that box and waits for that selector instead, as for Material). Measured per load:
time from typing to the first result (and from navigation start), bytes transferred
(the sum of CDP Network.loadingFinished encodedDataLength: gzip bodies plus headers, the
page, its assets, the index, until the first result is shown; the server's own count of
body bytes is printed beside it), and the page's JS heap after the first result (CDP
Performance.getMetrics JSHeapUsedSize: the page's main thread; search work done inside a
web worker is not in it, so the workers' heaps are printed on their own line, from
Runtime.getHeapUsage in each worker target). Figures are the median of the N loads,
all loads listed below the table; one load per engine and profile before them warms the
server's gzip cache and is not counted.

Also: index size on disk (bytes and files: site/search/ for Material, site/pagefind/ for
Pagefind), the build times (with lunr; without it; Pagefind indexing) and the answer of
the first result (its URL), so both engines are seen to find something.

The table goes to stdout and to --out (default bench/out/search-<SET>.txt). Sites are kept
in --keep; --build-only generates and builds (and saves the build figures), --reuse then
measures those sites, so big builds can run ahead of the browser measurements.
XS and XS-zh are tiny playbooks (2 journeys, 10 SOPs) for the test that runs this harness.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import http.server
import json
import mimetypes
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import TimeoutError as PlaywrightTimeout

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import SIZES, Size, generate  # noqa: E402
from run import PY, machine, run_measured, versions  # noqa: E402

CHROMIUM = os.environ.get("JOURNEYDOCS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
# XS: a tiny playbook for the test that runs this harness (tests/test_bench_search.py).
SETS = {"XS": (Size("XS", 2, 10), "en"), "XS-zh": (Size("XS", 2, 10), "zh"),
        "S": (SIZES["S"], "en"), "L": (SIZES["L"], "en"), "XL": (SIZES["XL"], "en"),
        "L-zh": (SIZES["L"], "zh")}
# The first query: a word every playbook of the generator has on many pages (an SOP title
# word and a checklist word), so both engines have results to show.
QUERIES = {"en": "invoice", "zh": "发票"}
MATERIAL_INPUT = ".md-search__input"
MATERIAL_RESULT = ".md-search-result__item"
PLUGIN_OPTION = "search: pagefind"
# Chrome DevTools' "Fast 3G": 1.6 Mbps down, 750 kbps up, 150 ms round trip (bytes/s here).
FAST_3G = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8,
           "uploadThroughput": 750e3 / 8}
PROFILES = ("unthrottled", "phone")
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml",
                "image/svg+xml", "application/manifest+json")


# --------------------------------------------------------------------------- server

class GzipServer:
    """A static server like GitHub Pages: text goes gzip-compressed when the browser asks.

    Compressed bodies are kept in memory (a CDN keeps them too), so the server's CPU time
    is not in the figures after a first, uncounted load. ``sent`` counts body bytes."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.cache: dict[Path, bytes] = {}
        self.lock = threading.Lock()
        self.sent = 0
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                server.handle(self)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def __enter__(self) -> GzipServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def handle(self, req: http.server.BaseHTTPRequestHandler) -> None:
        rel = req.path.split("?", 1)[0].split("#", 1)[0].lstrip("/")
        path = (self.root / rel).resolve()
        if path.is_dir():
            path = path / "index.html"
        if not path.is_relative_to(self.root) or not path.is_file():
            body = b"not found"
            req.send_response(404)
            req.send_header("Content-Type", "text/plain")
            req.send_header("Content-Length", str(len(body)))
            req.end_headers()
            req.wfile.write(body)
            return
        ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix == ".wasm":
            ctype = "application/wasm"
        gz = ctype.startswith(COMPRESSIBLE) and "gzip" in req.headers.get("Accept-Encoding", "")
        if gz:
            with self.lock:
                body = self.cache.get(path)
            if body is None:
                body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
                with self.lock:
                    self.cache[path] = body
        else:
            body = path.read_bytes()
        req.send_response(200)
        req.send_header("Content-Type", ctype + ("; charset=utf-8" if ctype.startswith("text/")
                                                 else ""))
        if gz:
            req.send_header("Content-Encoding", "gzip")
            req.send_header("Vary", "Accept-Encoding")
        req.send_header("Content-Length", str(len(body)))
        req.send_header("Cache-Control", "max-age=600")
        head = sum(len(h) for h in getattr(req, "_headers_buffer", []))
        req.end_headers()
        req.wfile.write(body)
        with self.lock:
            self.sent += len(body) + head


# --------------------------------------------------------------------------- builds

@dataclass
class Engine:
    name: str
    project: Path
    build_s: float = 0.0
    index_s: float = 0.0  # Pagefind's indexing after the build (cli)
    index_bytes: int = 0
    index_files: int = 0
    note: str = ""
    loads: dict[str, list[Load]] = field(default_factory=dict)


@dataclass
class Load:
    first_s: float  # typing -> first result shown
    from_nav_s: float  # navigation start -> first result shown
    bytes_cdp: int
    bytes_server: int
    heap_mb: float
    worker_heap_mb: float
    answer: str


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def prepare(name: str, dest: Path, via: str, plugin_option: str, env: dict[str, str],
            log: Any) -> tuple[Engine, Engine]:
    size, lang = SETS[name]
    start = time.perf_counter()
    generate(size, dest / "gen", lang=lang)
    log(f"   generated {name} in {time.perf_counter() - start:.1f} s")
    material = Engine("Material (lunr)", dest / "material")
    pagefind = Engine("Pagefind", dest / "pagefind")
    for engine in (material, pagefind):
        shutil.rmtree(engine.project, ignore_errors=True)
        shutil.copytree(dest / "gen" / "jd", engine.project)
    config = pagefind.project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\nplugins:\n  - search\n  - journeydocs:\n" in text, "unexpected generated config"
    text = text.replace("\nplugins:\n  - search\n", "\nplugins:\n", 1)
    if via == "plugin":
        option = "".join(f"      {line}\n" for line in plugin_option.splitlines())
        text = text.replace("  - journeydocs:\n", "  - journeydocs:\n" + option, 1)
    config.write_text(text, encoding="utf-8")
    # the baseline is Material's search whatever `search: auto` would choose (a Chinese site
    # takes Pagefind): say so under the plugin
    config = material.project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - journeydocs:\n", "  - journeydocs:\n"
                                   "      search: material\n", 1), encoding="utf-8")
    logs = dest / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    for engine in (material, pagefind):
        site = engine.project / "site"
        shutil.rmtree(site, ignore_errors=True)
        shutil.rmtree(engine.project / ".cache", ignore_errors=True)
        label = engine.name.split()[0].lower()
        code, wall, _ = run_measured([PY, "-m", "mkdocs", "build", "-q", "-f",
                                      str(engine.project / "mkdocs.yml"), "-d", str(site)],
                                     engine.project, env, logs / f"build-{label}.log", 3600)
        if code != 0:
            raise SystemExit(f"mkdocs build failed ({code}): see {logs}/build-{label}.log")
        engine.build_s = wall
        log(f"   {engine.name}: mkdocs build {wall:.1f} s")
    if via == "cli":
        code, wall, _ = run_measured([PY, "-m", "pagefind", "--site",
                                      str(pagefind.project / "site")], pagefind.project, env,
                                     logs / "pagefind.log", 3600)
        if code != 0:
            raise SystemExit(f"pagefind failed ({code}): see {logs}/pagefind.log")
        pagefind.index_s = wall
        log(f"   Pagefind indexing {wall:.1f} s")
    for engine, folder in ((material, "search"), (pagefind, "pagefind")):
        index = engine.project / "site" / folder
        if not index.is_dir():
            raise SystemExit(f"{engine.name}: no {index}")
        engine.index_bytes, engine.index_files = folder_size(index)
    figures = {e.name: {k: getattr(e, k) for k in BUILD_FIGURES} for e in (material, pagefind)}
    (dest / "builds.json").write_text(json.dumps(
        {"via": via, "stamp": stamp(), "load": loadavg(), "engines": figures}, indent=1))
    return material, pagefind


BUILD_FIGURES = ("build_s", "index_s", "index_bytes", "index_files")


def reuse(dest: Path, via: str) -> tuple[Engine, Engine, str] | None:
    """The sites and build figures of an earlier --build-only run, if there are some."""
    saved = dest / "builds.json"
    if not saved.is_file():
        return None
    data = json.loads(saved.read_text())
    if data["via"] != via:
        return None
    engines = []
    for name, project in (("Material (lunr)", "material"), ("Pagefind", "pagefind")):
        engine = Engine(name, dest / project)
        for key in BUILD_FIGURES:
            setattr(engine, key, data["engines"][name][key])
        engines.append(engine)
    return engines[0], engines[1], f"{data['stamp']}, load average {data['load']}"


def stamp() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


# --------------------------------------------------------------------------- browser

PAGEFIND_API = """async (q) => {
  const t0 = performance.now();
  const pagefind = await import(new URL("pagefind/pagefind.js", document.baseURI).href);
  const search = await pagefind.search(q);
  if (!search || !search.results.length) return {ms: performance.now() - t0, url: ""};
  const data = await search.results[0].data();
  return {ms: performance.now() - t0, url: data.url, count: search.results.length};
}"""


def worker_heap(browser_cdp: Any) -> float:
    """The JS heap of every worker (dedicated or shared) the browser runs now, in MB."""
    total = 0
    targets = browser_cdp.send("Target.getTargets")["targetInfos"]
    for info in targets:
        if info["type"] not in ("worker", "shared_worker"):
            continue
        used = _target_heap(browser_cdp, info["targetId"])
        total += used
    return total / 1e6


def _target_heap(browser_cdp: Any, target_id: str) -> int:
    session = browser_cdp.send("Target.attachToTarget",
                               {"targetId": target_id, "flatten": False})["sessionId"]
    answer: dict[str, Any] = {}
    done = threading.Event()

    def received(event: dict[str, Any]) -> None:
        if event.get("sessionId") != session:
            return
        message = json.loads(event["message"])
        if message.get("id") == 1:
            answer.update(message.get("result", {}))
            done.set()

    browser_cdp.on("Target.receivedMessageFromTarget", received)
    try:
        browser_cdp.send("Target.sendMessageToTarget", {
            "sessionId": session, "message": json.dumps({"id": 1,
                                                         "method": "Runtime.getHeapUsage"})})
        deadline = time.perf_counter() + 10
        while not done.is_set() and time.perf_counter() < deadline:
            browser_cdp.send("Target.getTargets")  # lets the event loop deliver the answer
            time.sleep(0.01)
    finally:
        browser_cdp.remove_listener("Target.receivedMessageFromTarget", received)
        browser_cdp.send("Target.detachFromTarget", {"sessionId": session})
    return int(answer.get("usedSize", 0))


class Workers:
    """The page's web workers seen through CDP, as DevTools sees them: each is attached
    paused (Target.setAutoAttach, waitForDebuggerOnStart), gets Network.enable and the cache
    off before it runs, and its Network.loadingFinished events count with the page's."""

    def __init__(self, cdp: Any, finished: Any) -> None:
        self.cdp, self.finished = cdp, finished
        self.errors: list[str] = []
        self.methods: dict[int, str] = {}
        self.sessions: list[str] = []
        self.next_id = 1000
        cdp.on("Target.attachedToTarget", self.attached)
        cdp.on("Target.receivedMessageFromTarget", self.received)
        cdp.send("Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": True,
                                          "flatten": False})

    def post(self, session: str, method: str, params: dict[str, Any] | None = None) -> None:
        self.next_id += 1
        self.methods[self.next_id] = method
        self.cdp.send("Target.sendMessageToTarget", {"sessionId": session, "message": json.dumps(
            {"id": self.next_id, "method": method, "params": params or {}})})

    def attached(self, event: dict[str, Any]) -> None:
        session = event["sessionId"]
        self.sessions.append(session)
        if event["targetInfo"]["type"] in ("worker", "shared_worker", "service_worker"):
            self.post(session, "Network.enable")
            self.post(session, "Network.setCacheDisabled", {"cacheDisabled": True})
            # Network.emulateNetworkConditions and Emulation.setCPUThrottlingRate answer "not
            # supported" on a worker (Chromium 156): a worker's requests go through the page's
            # network emulation, but its CPU runs unthrottled (see the table's header).
        self.post(session, "Runtime.runIfWaitingForDebugger")

    def received(self, event: dict[str, Any]) -> None:
        message = json.loads(event["message"])
        if "error" in message:
            method = self.methods.get(message.get("id", 0), "?")
            self.errors.append(f"{method}: {message['error'].get('message')}")
        if message.get("method") == "Network.loadingFinished":
            self.finished(message["params"], event["sessionId"])


def one_load(browser: Any, server: GzipServer, url: str, profile: str, query: str,
             ui: tuple[str, str] | None, timeout: float) -> Load:
    """One fresh load: a new context, cache off; type at `load`, stop at the first result."""
    context = browser.new_context()
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Performance.enable")
        sizes: dict[tuple[str, str], int] = {}
        counting = [True]

        def finished(event: dict[str, Any], session: str = "") -> None:
            if counting[0]:
                sizes[(session, event["requestId"])] = int(event["encodedDataLength"])

        cdp.on("Network.loadingFinished", finished)
        workers_seen = Workers(cdp, finished)
        if profile == "phone":
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
            cdp.send("Network.emulateNetworkConditions", FAST_3G)
        sent_before = server.sent
        nav = time.perf_counter()
        page.goto(url, wait_until="load", timeout=timeout * 1000)
        start = time.perf_counter()
        answer = ""
        try:
            answer = first_result(page, url, query, ui, timeout)
            end = time.perf_counter()
        except PlaywrightTimeout:
            # no result within the timeout: recorded as infinitely slow, not a crash
            end = float("inf")
        counting[0] = False
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        browser_cdp = browser.new_browser_cdp_session()
        try:
            workers = worker_heap(browser_cdp)
        finally:
            browser_cdp.detach()
        if workers_seen.errors:
            print(f"   CDP errors from workers: {workers_seen.errors}", file=sys.stderr)
        return Load(first_s=end - start, from_nav_s=end - nav, bytes_cdp=sum(sizes.values()),
                    bytes_server=server.sent - sent_before,
                    heap_mb=metrics.get("JSHeapUsedSize", 0) / 1e6, worker_heap_mb=workers,
                    answer=answer)
    finally:
        context.close()


def first_result(page: Any, url: str, query: str, ui: tuple[str, str] | None,
                 timeout: float) -> str:
    """Type ``query`` (or ask Pagefind's API) and wait for the first result: its page."""
    if ui is None:
        result = page.evaluate(PAGEFIND_API, query)
        return str(result.get("url", ""))
    box, first = ui
    page.locator(box).first.click(timeout=timeout * 1000)
    page.keyboard.type(query)
    # Characters not on a US keyboard arrive as text input without key events, and
    # Material's search box reacts to keyup: End (which changes nothing) sends one.
    page.keyboard.press("End")
    hit = page.locator(first).first
    hit.wait_for(state="visible", timeout=timeout * 1000)
    link = hit.locator("a").first
    answer = str(link.get_attribute("href") or "") if link.count() else ""
    return answer.replace(url, "/").split("?")[0]


def measure(engine: Engine, query: str, ui: tuple[str, str] | None, loads: int,
            timeout: float, log: Any) -> None:
    from playwright.sync_api import sync_playwright

    with GzipServer(engine.project / "site") as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            # one uncounted load warms the server's gzip cache and the OS's file cache
            one_load(browser, server, server.url, PROFILES[0], query, ui, timeout)
            for profile in PROFILES:
                engine.loads[profile] = []
                for _ in range(loads):
                    load = one_load(browser, server, server.url, profile, query, ui, timeout)
                    engine.loads[profile].append(load)
                    log(f"   {engine.name}, {profile}: first result {load.first_s:.2f} s, "
                        f"{load.bytes_cdp / 1e3:.0f} KB, heap {load.heap_mb:.1f} MB "
                        f"(workers {load.worker_heap_mb:.1f} MB), {load.answer}")
        finally:
            browser.close()


# --------------------------------------------------------------------------- table

def med(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def seconds(v: float) -> str:
    return f"{v:.2f}" if v != float("inf") else f"> {TIMEOUT_SHOWN[0]:.0f}"


TIMEOUT_SHOWN = [0.0]  # the --timeout of this run, for `seconds`


def mb(n: float) -> str:
    return f"{n / 1e6:.2f} MB" if n >= 1e6 else f"{n / 1e3:.0f} KB"


def table(name: str, material: Engine, pagefind: Engine, args: argparse.Namespace,
          query: str, load: list[str], when: str, built: str) -> str:
    s, lang = SETS[name]
    language = {"en": "English", "zh": "Simplified Chinese"}[lang]
    ver = versions()
    from importlib.metadata import version

    ver["pagefind"] = version("pagefind")
    ver["pagefind-bin-extended"] = version("pagefind-bin-extended")
    ver["playwright"] = version("playwright")
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True,
                              check=False).stdout.strip()
    via = ("`python -m pagefind --site site` after the build" if args.pagefind == "cli"
           else f"journeydocs' option `{args.plugin_option}`")
    ui = ("its JS API in the page (pagefind.search, then results[0].data())" if not args.ui_result
          else f"typed into {args.ui_input}, until {args.ui_result} shows")
    out = [f"search at size {name}: {s.journeys} journeys, {s.sops} SOPs ({language}), "
           f"first query {query!r}",
           f"measured {when} on {machine()}"
           + (f" (sites built {built})" if built else ""),
           "versions: " + ", ".join(f"{k} {v}" for k, v in ver.items()) + f", {chromium}",
           f"Material: Material's search plugin (lunr{', jieba' if lang == 'zh' else ''}), "
           f"typed into {MATERIAL_INPUT} until {MATERIAL_RESULT} shows",
           f"Pagefind: no Material search plugin; index by {via}; query by {ui}",
           f"each figure: the median of {args.loads} fresh loads (new browser context, cache "
           "disabled), served with gzip on 127.0.0.1; phone = 4x CPU throttling, Fast 3G "
           "(1.6 Mbps down, 750 kbps up, 150 ms RTT)",
           "note: Chromium throttles the page's CPU, not its web workers' (CDP answers \"only "
           "supported for pages\"), and both engines do their search work in a worker (lunr's "
           "index, Pagefind's WASM): phone times understate both; workers' requests do go "
           "through the phone's network", ""]
    w = 52
    out.append(f"{'':{w}}{'Material':>16}{'Pagefind':>16}{'P / M':>8}")

    TIMEOUT_SHOWN[0] = args.timeout

    def row(label: str, m: float, p: float, fmt: Any) -> None:
        finite = m not in (0, float("inf")) and p != float("inf")
        ratio = f"{p / m:.2f}" if finite else "-"
        out.append(f"{label:{w}}{fmt(m):>16}{fmt(p):>16}{ratio:>8}")

    row("index on disk", material.index_bytes, pagefind.index_bytes, mb)
    row("index on disk, files", material.index_files, pagefind.index_files, lambda n: f"{n:.0f}")
    for profile in PROFILES:
        ml, pl = material.loads[profile], pagefind.loads[profile]
        row(f"downloaded for page + first query, {profile}",
            med([x.bytes_cdp for x in ml]), med([x.bytes_cdp for x in pl]), mb)
        row(f"first result after typing, {profile} (s)", med([x.first_s for x in ml]),
            med([x.first_s for x in pl]), seconds)
        row(f"first result from navigation, {profile} (s)", med([x.from_nav_s for x in ml]),
            med([x.from_nav_s for x in pl]), seconds)
        row(f"page JS heap after first result, {profile} (MB)", med([x.heap_mb for x in ml]),
            med([x.heap_mb for x in pl]), lambda v: f"{v:.1f}")
        row(f"  and in its web workers, {profile} (MB)", med([x.worker_heap_mb for x in ml]),
            med([x.worker_heap_mb for x in pl]), lambda v: f"{v:.1f}")
    row("mkdocs build, cold (s)", material.build_s, pagefind.build_s, lambda v: f"{v:.1f}")
    if args.pagefind == "cli":
        row("  + Pagefind indexing (s)", 0.0, pagefind.index_s, lambda v: f"{v:.1f}")
        row("  = site ready (s)", material.build_s, pagefind.build_s + pagefind.index_s,
            lambda v: f"{v:.1f}")
    out.append("")
    out.append("every load (typing -> first result s / from navigation s / KB (CDP) / KB "
               "(server, bodies) / page heap MB / workers MB), first result's page:")
    for engine in (material, pagefind):
        for profile in PROFILES:
            loads = engine.loads[profile]
            out.append(f"  {engine.name}, {profile}: " + "; ".join(
                f"{seconds(x.first_s)}/{seconds(x.from_nav_s)}/{x.bytes_cdp / 1e3:.0f}/"
                f"{x.bytes_server / 1e3:.0f}/{x.heap_mb:.1f}/{x.worker_heap_mb:.1f}"
                for x in loads))
            answers = sorted({x.answer for x in loads})
            out.append(f"    first result: {', '.join(a or '(none)' for a in answers)}")
    out.append(f"load average (1, 5, 15 min) before and after: {load[0]} / {load[1]}")
    pm = med([x.first_s for x in pagefind.loads["phone"]])
    mm = med([x.first_s for x in material.loads["phone"]])
    ph = med([x.heap_mb for x in pagefind.loads["phone"]])
    out.append("")
    out.append(f"issue 17 targets: phone first result <= 4 s: Pagefind {seconds(pm)} s "
               f"({'met' if pm <= 4 else 'NOT met'}); page heap <= 10 MB: {ph:.1f} MB "
               f"({'met' if ph <= 10 else 'NOT met'}); Pagefind no slower than Material on "
               f"the phone: {seconds(pm)} vs {seconds(mm)} s ({'met' if pm <= mm else 'NOT met'})"
               + (" [XL is the size the first two are set for]" if name != "XL" else ""))
    return "\n".join(out) + "\n"


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", nargs="*", default=["S"], choices=sorted(SETS))
    parser.add_argument("--loads", type=int, default=5, help="fresh loads per figure")
    parser.add_argument("--pagefind", choices=("cli", "plugin"), default="cli",
                        help="index with the Pagefind CLI after the build, or the plugin's "
                             "own option")
    parser.add_argument("--plugin-option", default=PLUGIN_OPTION,
                        help="YAML under `- journeydocs:` for --pagefind plugin")
    parser.add_argument("--ui-input", default=MATERIAL_INPUT,
                        help="Pagefind UI's search box (with --ui-result)")
    parser.add_argument("--ui-result", default="",
                        help="Pagefind UI's first-result selector: type, do not call the API")
    parser.add_argument("--query", default="", help="the first query (default per language)")
    parser.add_argument("--timeout", type=float, default=180, help="seconds per load")
    parser.add_argument("--quick", action="store_true", help="one load per figure")
    parser.add_argument("--build-only", action="store_true",
                        help="generate and build, keep the sites and figures in --keep")
    parser.add_argument("--reuse", action="store_true",
                        help="measure the sites of an earlier --build-only run if there are")
    parser.add_argument("--out", type=Path, default=None,
                        help="results file (default bench/out/search-<SET>.txt)")
    parser.add_argument("--keep", type=Path, default=HERE / "out" / "search",
                        help="where the playbooks and sites go")
    args = parser.parse_args(argv)
    if args.quick:
        args.loads = 1
    if args.out and len(args.sets) > 1:
        parser.error("--out takes one set")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    for name in args.sets:
        lang = SETS[name][1]
        query = args.query or QUERIES[lang]
        dest = args.keep / name
        when = stamp()
        load = [loadavg()]
        log(f"== {name}")
        earlier = reuse(dest, args.pagefind) if args.reuse else None
        if earlier:
            material, pagefind, built = earlier
            log(f"   reusing the sites built {built}")
        else:
            material, pagefind = prepare(name, dest, args.pagefind, args.plugin_option, env, log)
            built = ""
        if args.build_only:
            continue
        measure(material, query, (MATERIAL_INPUT, MATERIAL_RESULT), args.loads, args.timeout,
                log)
        ui = (args.ui_input, args.ui_result) if args.ui_result else None
        measure(pagefind, query, ui, args.loads, args.timeout, log)
        load.append(loadavg())
        text = table(name, material, pagefind, args, query, load, when, built)
        print(text, flush=True)
        out = args.out or HERE / "out" / f"search-{name}.txt"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
