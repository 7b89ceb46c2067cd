"""One `mkdocs build` in this process, with timers on journeydocs' own code.

    python bench/profile_build.py PROJECT [--json OUT]

How the plugin's own share is measured (no sampling, no profiler overhead):

* every MkDocs event handler that journeydocs registered (found in
  ``config.plugins.events`` by the module its function comes from) is wrapped with a
  wall-clock timer: that is time in journeydocs code on the build's main thread;
* time those handlers spend waiting for Graphviz is subtracted: the wall time of
  :meth:`MapJobs.drawn`, where the first journey page waits for the maps that Graphviz draws
  in the background (a ``dot`` process per core) while MkDocs converts the pages;
* time the page-cache hooks spend running *other* code (Material's search indexer, which
  they call on a miss) is subtracted too;
* journeydocs' work in background threads is added: the Python post-processing of each SVG
  (:func:`journeydocs.maps.render.inline_svg` and the cache write) and the compression of new
  page-cache entries, as the CPU time of those threads (an upper bound on what they add to
  the wall time: they run on the core the main thread leaves free).

When the build splits in two processes (journeydocs.mkdocs_plugin.pagecache.split), the
second one times its part with the same clocks and reports them at its end; the share is then the
journeydocs time of both processes over the time both were busy (the wall time of the
build plus the second process's).

What is left out is MkDocs itself, Python-Markdown, the Jinja theme templates, Material's
search plugin and the Graphviz processes. The result is printed and optionally written as
JSON for bench/run.py.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


class Clock:
    def __init__(self) -> None:
        self.totals: dict[str, float] = {}
        self.counts: dict[str, int] = {}
        self.detail: dict[str, float] = {}
        self.lock = threading.Lock()

    def add(self, name: str, seconds: float, detail: str = "") -> None:
        with self.lock:
            self.totals[name] = self.totals.get(name, 0.0) + seconds
            self.counts[name] = self.counts.get(name, 0) + 1
            if detail:
                key = f"{name}: {detail}"
                self.detail[key] = self.detail.get(key, 0.0) + seconds

    def wrap(self, name: str, fn: Callable[..., Any], *, cpu: bool = False) -> Callable[..., Any]:
        """Time ``fn``: wall clock, or with ``cpu`` the calling thread's CPU time, counted
        only in background threads (other processes or the main thread may hold them off a
        core; on the main thread the handler around the call already counts it)."""
        detail = getattr(fn, "__qualname__", "")
        clock = time.thread_time if cpu else time.perf_counter

        @functools.wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> Any:
            if cpu and threading.current_thread() is threading.main_thread():
                return fn(*args, **kwargs)
            start = clock()
            try:
                return fn(*args, **kwargs)
            finally:
                self.add(name, clock() - start, detail)
        return timed

    def reset(self) -> None:
        self.totals, self.counts, self.detail = {}, {}, {}


def _is_ours(method: Any) -> bool:
    fn = getattr(method, "__func__", method)
    return str(getattr(fn, "__module__", "")).startswith("journeydocs")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("project", type=Path)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    import journeydocs.maps.figures as maps
    import journeydocs.maps.render as render
    import journeydocs.mkdocs_plugin.pagecache as pagecache
    import journeydocs.mkdocs_plugin.pagecache.replay as replay
    import journeydocs.mkdocs_plugin.pagecache.split as split

    clock = Clock()
    maps.MapJobs.drawn = clock.wrap("waits", maps.MapJobs.drawn)  # type: ignore[method-assign]
    render.inline_svg = clock.wrap("pool", render.inline_svg, cpu=True)
    render.SvgRenderer._store = clock.wrap(  # type: ignore[method-assign]
        "pool", render.SvgRenderer._store, cpu=True)
    # the page cache's hooks outside MkDocs events: in place of Page.render, and in place of
    # Material's search indexing (which it calls on a miss: that part is Material's time)
    replay.restore = clock.wrap("handlers", replay.restore)
    pagecache.PageCache._index_page = clock.wrap(  # type: ignore[method-assign]
        "handlers", pagecache.PageCache._index_page)
    watch = pagecache.PageCache._watch_search

    def timed_watch(self: Any, config: Any) -> None:
        """Material's own indexing, which the page cache's hook calls on a miss."""
        watch(self, config)
        if self._search is not None:
            index, attr, method = self._search
            self._search = (index, attr, clock.wrap("foreign", method))
    pagecache.PageCache._watch_search = timed_watch  # type: ignore[method-assign]
    pagecache.pack = clock.wrap("pool", pagecache.pack, cpu=True)  # in a background thread
    workers: set[str] = set()
    run = render.SvgRenderer._run

    def counted_run(self: Any, source: str) -> str:
        workers.add(threading.current_thread().name)
        clock.add("dot", 0.0)
        return str(run(self, source))
    render.SvgRenderer._run = counted_run  # type: ignore[method-assign, assignment]

    # a second build process (journeydocs.mkdocs_plugin.pagecache.split) times its own share
    # of the pages with a copy of these clocks and writes them to a file when it is done
    forked = {"at": 0.0}
    fork, finish = split.Split.fork, split.Split.finish
    child_file = Path(tempfile.mkdtemp()) / "child.json"

    def timed_fork(self: Any) -> bool:
        child = bool(fork(self))
        if child:
            clock.reset()
            forked["at"] = time.perf_counter()
        return child

    def reporting_finish(self: Any) -> None:
        stats = {**clock.totals, **{"detail " + k: v for k, v in clock.detail.items()},
                 "busy": time.perf_counter() - forked["at"]}
        child_file.write_text(json.dumps(stats), encoding="utf-8")
        finish(self)
    split.Split.fork = timed_fork  # type: ignore[method-assign]
    split.Split.finish = reporting_finish  # type: ignore[method-assign]

    os.chdir(args.project)
    config = load_config(str(args.project / "mkdocs.yml"), site_dir=str(args.project / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    original_register = config.plugins._register_event

    def register(event_name: str, method: Any, **kwargs: Any) -> None:
        if _is_ours(method) and not getattr(method, "_jd_timed", False):
            timed = clock.wrap("handlers", method)
            timed.mkdocs_priority = getattr(method, "mkdocs_priority", 0)  # type: ignore
            timed._jd_timed = True  # type: ignore[attr-defined]
            method = timed
        original_register(event_name, method, **kwargs)

    config.plugins._register_event = register  # type: ignore[method-assign, assignment]
    for name, methods in config.plugins.events.items():
        for i, method in enumerate(methods):
            if _is_ours(method):
                timed = clock.wrap("handlers", method)
                timed._jd_timed = True  # type: ignore[attr-defined]
                methods[i] = timed
        config.plugins.events[name] = methods

    start = time.perf_counter()
    build(config)
    total = time.perf_counter() - start
    child: dict[str, float] = (json.loads(child_file.read_text(encoding="utf-8"))
                               if child_file.exists() else {})
    t = {k: clock.totals.get(k, 0.0) + child.get(k, 0.0)
         for k in ("handlers", "waits", "foreign", "pool")}
    own = t["handlers"] - t["waits"] - t["foreign"] + t["pool"]
    result = {"total": total, "own": own, "child_busy": child.get("busy", 0.0), **t,
              "dot_runs": float(clock.counts.get("dot", 0)), "workers": float(len(workers))}
    detail = dict(clock.detail)
    for k, v in child.items():  # both processes together
        if k.startswith("detail "):
            detail[k[7:]] = detail.get(k[7:], 0.0) + v
    breakdown = {k: round(v, 3) for k, v in sorted(detail.items(), key=lambda kv: -kv[1])}
    print(json.dumps({**result, "breakdown": breakdown}, indent=1))
    if args.json:
        args.json.write_text(json.dumps({**result, "breakdown": breakdown}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
