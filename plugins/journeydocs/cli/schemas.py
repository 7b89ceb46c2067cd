"""``journeydocs schemas [--check]``: the editors' JSON Schemas, generated from the model."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from journeydocs.content.schema import json_schemas
from journeydocs.i18n import _


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", nargs="?", default=".", help="the repository root")
    p.add_argument("--check", action="store_true", help="fail if the files are out of date")


def run(args: argparse.Namespace) -> int:
    """Write schemas/*.json from the model, or with --check report drift."""
    out = Path(args.path) / "schemas"
    drift = []
    for name, schema in json_schemas().items():
        text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
        target = out / name
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current != text:
            drift.append(name)
            if not args.check:
                out.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
    if args.check and drift:
        print(_("schemas out of date: {files} (run: journeydocs schemas)").format(
            files=", ".join(drift)), file=sys.stderr)
        return 1
    return 0
