"""``journeydocs``: the checks and tools editors and CI run without building the site."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from journeydocs.content.config import load_project
from journeydocs.content.schema import json_schemas
from journeydocs.problems import Problems, Severity
from journeydocs.site.build import load_and_check

Command = Callable[[argparse.Namespace], int]
_COMMANDS: dict[str, Command] = {}


def command(name: str) -> Callable[[Command], Command]:
    def register(fn: Command) -> Command:
        _COMMANDS[name] = fn
        return fn
    return register


def _print_problems(problems: Problems, *, notices: bool) -> None:
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    for problem in problems:
        if problem.severity is Severity.NOTICE and not notices:
            continue
        prefix = "" if problem.severity is Severity.ERROR else "note: "
        print(prefix + problem.text())
        if github:
            print(problem.github_annotation())


@command("check")
def _check(args: argparse.Namespace) -> int:
    problems = Problems()
    settings = load_project(Path(args.path), problems)
    if settings is not None:
        _, found = load_and_check(settings)
        problems.extend(found)
    _print_problems(problems, notices=not args.quiet)
    errors = len(problems.errors())
    notes = len(problems.notices())
    summary = f"{errors} problem{'s' if errors != 1 else ''}"
    if notes:
        summary += f", {notes} note{'s' if notes != 1 else ''}"
    print(summary, file=sys.stderr)
    return 1 if errors else 0


@command("schemas")
def _schemas(args: argparse.Namespace) -> int:
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
        print("schemas out of date: " + ", ".join(drift) +
              " (run: journeydocs schemas)", file=sys.stderr)
        return 1
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="journeydocs", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="check the playbook without building the site")
    p.add_argument("path", nargs="?", default=".", help="folder holding mkdocs.yml")
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    p = sub.add_parser("schemas", help="write the JSON Schemas into schemas/")
    p.add_argument("path", nargs="?", default=".", help="the repository root")
    p.add_argument("--check", action="store_true", help="fail if the files are out of date")
    for extra in _EXTRA_PARSERS:
        extra(sub)
    return parser


_EXTRA_PARSERS: list[Callable[[argparse._SubParsersAction], None]] = []  # type: ignore[type-arg]

from journeydocs.cli import review_commands as cli_review  # noqa: E402,F401  (diff, codeowners, review: registers itself)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return _COMMANDS[args.command](args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
