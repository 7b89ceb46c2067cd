"""Does the second build process pay for itself? Cold builds with ``parallel`` on and off.

    bench/parallel.py [SIZE] [--repeat N]      (default: L, 3 repetitions of each side)

Only the ``parallel`` option differs between the two sides; the page cache is on in both
(and empty: every build is cold, ``.cache`` removed first) and the navigation limits are
the defaults. The sides alternate (on, off, on, off, ...) so a change in the machine's
load hits both. Each build runs in a fresh process; prints every wall time, the medians,
and the saving as a share of the one-process build.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import SIZES, generate  # noqa: E402
from run import OUT, _loadavg, dot_shim, machine, mkdocs_build  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("size", nargs="?", default="L", choices=sorted(SIZES))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    work = OUT / f"parallel-{args.size}"
    generate(SIZES[args.size], work / "content")
    jd = work / "content" / "jd"
    sides = {"on": jd, "off": work / "content" / "jd-one-process"}
    shutil.rmtree(sides["off"], ignore_errors=True)
    shutil.copytree(jd, sides["off"], ignore=shutil.ignore_patterns("site", ".cache"))
    config = sides["off"] / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - journeydocs:\n", "  - journeydocs:\n      parallel: false\n", 1), encoding="utf-8")
    logs = work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    shim_log = dot_shim(work / "bin")
    env = {**os.environ, "PATH": f"{work / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
           "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    walls: dict[str, list[float]] = {"on": [], "off": []}
    load_before = _loadavg()
    for rep in range(args.repeat):
        for side, project in sides.items():
            shutil.rmtree(project / ".cache", ignore_errors=True)
            build = mkdocs_build(f"parallel-{side}-{rep}", project, env, shim_log, logs, 1800)
            if not build.ok:
                print(f"build failed: {build.note}", file=sys.stderr)
                return 1
            walls[side].append(round(build.wall, 2))
            print(f"   parallel {side}: {build.wall:.2f} s", file=sys.stderr, flush=True)
    on, off = statistics.median(walls["on"]), statistics.median(walls["off"])
    print(f"two-process cold build, size {args.size}, {machine()}")
    print(f"load average before / after: {load_before} / {_loadavg()}")
    print(f"parallel: true   wall s {walls['on']}  median {on:.2f}")
    print(f"parallel: false  wall s {walls['off']}  median {off:.2f}")
    print(f"saving: {off - on:.2f} s = {(off - on) / off:.1%} of the one-process cold build")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
