"""``journeydocs import PATH...``: existing Markdown procedures in, SOPs that pass ``check`` out.

Prints each file (``source -> target``) and every change as ``source:line: what changed``
(``to do:`` where the author still has to act), then runs the checker on the result and
prints its problems in the imported SOPs. Exit status: 0 when every imported SOP passes
``journeydocs check``, 1 when one does not (or a file could not be read), 2 for a usage error
(no mkdocs.yml, an unknown ``--owner``, a PATH that does not exist).
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import sys
import tempfile
from pathlib import Path

from journeydocs.cli.output import err, print_problems, shown
from journeydocs.content.config import load_project
from journeydocs.content.importing import convert
from journeydocs.content.importplan import MARKDOWN_SUFFIXES, plan, relink_for, title_from
from journeydocs.content.pipeline import load_and_check
from journeydocs.content.schema import SLUG_RE
from journeydocs.content.settings import Settings
from journeydocs.content.yamlload import decode
from journeydocs.i18n import _, ngettext
from journeydocs.problems import Problems


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="Markdown files, or folders of them (sub-folders are kept)")
    p.add_argument("--into", metavar="FOLDER",
                   help="where the SOPs go: the SOP folder (default) or a folder below it")
    p.add_argument("--owner", default="", metavar="ROLE",
                   help="owner id from owners.yml for procedures that name no valid owner")
    p.add_argument("--numbered-steps", action="store_true",
                   help="make numbered steps (1. 2. 3.) checklist items")
    p.add_argument("--force", action="store_true", help="overwrite SOP files that exist")
    p.add_argument("--dry-run", action="store_true",
                   help="print what would change and what check would say; write nothing")
    p.add_argument("--path", default=".", metavar="PROJECT", help="folder holding mkdocs.yml")


def run(args: argparse.Namespace) -> int:
    problems = Problems()
    settings = load_project(Path(args.path), problems)
    if settings is None:
        print_problems(problems, notices=False)
        return 2
    book = load_and_check(settings)[0]
    sops = settings.docs_dir / settings.sops_dir
    into = Path(args.into) if args.into else sops
    try:
        into_rel = into.resolve().relative_to(sops.resolve()).as_posix()
    except ValueError:
        return err(_("--into {folder} is not in the SOP folder {sops}; SOPs anywhere else are "
                     "not part of the playbook").format(folder=args.into, sops=shown(sops)))
    owners_file = shown(settings.docs_dir / settings.owners_file)
    if args.owner and args.owner not in book.owners:
        known = ", ".join(sorted(book.owners)) or _("none yet")
        example = args.owner if SLUG_RE.match(args.owner) else "the-role"
        return err(_("owner '{owner}' is not in {file} (known: {known}); add it there first, "
                     "e.g.").format(owner=args.owner, file=owners_file, known=known)
                   + f"\n\n{example}:\n  name: {example.replace('-', ' ').capitalize()}\n")
    found = _sources([Path(p) for p in args.paths])
    if isinstance(found, str):
        return err(found)
    sources, others = found
    if not sources:
        return err(_("no Markdown files (.md, .markdown) in {paths}").format(
            paths=" ".join(args.paths)))

    taken = {sid: _under(settings.docs_dir / sop.src_uri, sops) for sid, sop in book.sops.items()}
    taken.update({sid: "(excluded) " + rel for sid, rel in book.excluded_sops.items()
                  if sid not in taken})
    targets = plan([(s.resolve().as_posix(), _join(into_rel, rel)) for s, rel in sources], taken)
    owners = frozenset(book.owners)
    results: dict[Path, str] = {}
    skipped = failed = items = todo = 0
    for target in targets:
        source = Path(target.source)
        dest = sops / target.path
        print(f"{shown(source)} -> {shown(dest)}")
        if dest.exists() and not args.force:
            print(f"{shown(source)}: " + _("skipped: {file} exists (--force overwrites it)")
                  .format(file=shown(dest)))
            skipped += 1
            continue
        read = Problems()
        text = _read(source, read)
        if text is None:
            print_problems(read, notices=False)
            failed += 1
            continue
        converted = convert(text, title=title_from(target.source), owner=args.owner, owners=owners,
                            numbered_steps=args.numbered_steps,
                            relink=relink_for(targets, target,
                                              lambda p: (sops / p).exists()))
        if target.why:
            print(f"{shown(source)}: {_to_do(target.why, target.made_up)}")
            todo += target.made_up
        for change in converted.changes:
            where = f"{shown(source)}:{change.line}" if change.line else shown(source)
            print(f"{where}: {_to_do(change.message, change.attention)}")
            todo += change.attention
        items += converted.items
        results[dest] = converted.text
    if others:
        print(ngettext("{n} other file (images, attachments...) not copied; links to them "
                       "are listed above",
                       "{n} other files (images, attachments...) not copied; links to them "
                       "are listed above", others).format(n=others))

    found_problems = _check(settings, results, dry_run=args.dry_run)
    mine = {settings.rel(dest) for dest in results}
    errors = Problems(p for p in found_problems.errors() if p.path in mine)
    elsewhere = len(found_problems.errors()) - len(errors)
    print_problems(errors, notices=False)
    print(_summary(args.dry_run, len(results), len(targets), shown(into), items, todo,
                   skipped, failed, len(errors), elsewhere), file=sys.stderr)
    return 1 if errors or failed else 0


def _to_do(message: str, attention: bool) -> str:
    """A change as printed: ``to do: ...`` when the author still has to act."""
    return _("to do: {message}").format(message=message) if attention else message


def _summary(dry_run: bool, done: int, of: int, into: str, items: int, todo: int,
             skipped: int, failed: int, errors: int, elsewhere: int) -> str:
    """The last line: what was imported, and what ``journeydocs check`` says of it."""
    facts = {"done": done, "of": of, "folder": into, "items": items, "todo": todo}
    text = (_("would import {done} of {of} files into {folder}: {items} checklist items, "
              "{todo} to do") if dry_run else
            _("imported {done} of {of} files into {folder}: {items} checklist items, "
              "{todo} to do")).format(**facts)
    if skipped:
        text = _("{summary}, {n} skipped (exist)").format(summary=text, n=skipped)
    if failed:
        text = _("{summary}, {n} unreadable").format(summary=text, n=failed)
    check = ngettext("journeydocs check: {n} problem in the imported SOPs",
                     "journeydocs check: {n} problems in the imported SOPs", errors)
    text = _("{summary}; {check}").format(summary=text, check=check.format(n=errors))
    if elsewhere:
        text = _("{summary} ({n} elsewhere in the playbook)").format(summary=text, n=elsewhere)
    return text


def _sources(paths: list[Path]) -> tuple[list[tuple[Path, str]], int] | str:
    """((file, path below the folder it was found in), files left out), or why not."""
    out: list[tuple[Path, str]] = []
    others = 0
    for path in paths:
        if path.is_file():
            if path.suffix.lower() in MARKDOWN_SUFFIXES:
                out.append((path, path.name))
            else:
                return _("{path} is not a Markdown file (.md, .markdown)").format(path=path)
        elif path.is_dir():
            for file in sorted(path.rglob("*")):
                rel = file.relative_to(path)
                if not file.is_file() or any(part.startswith(".") for part in rel.parts):
                    continue
                if file.suffix.lower() in MARKDOWN_SUFFIXES:
                    out.append((file, rel.as_posix()))
                else:
                    others += 1
        else:
            return _("{path} does not exist").format(path=path)
    return out, others


def _join(folder: str, rel: str) -> str:
    return rel if folder in ("", ".") else f"{folder}/{rel}"


def _under(path: Path, folder: Path) -> str:
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:
        return path.as_posix()


def _read(path: Path, problems: Problems) -> str | None:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.add(shown(path), 0, 0, _("cannot read the file: {error}").format(
            error=exc.strerror))
        return None
    return decode(raw, shown(path), problems)


def _check(settings: Settings, results: dict[Path, str], *, dry_run: bool) -> Problems:
    """Write the results (into a copy of the playbook for a dry run) and check."""
    if not dry_run:
        for dest, text in results.items():
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(text, encoding="utf-8")
        return load_and_check(settings)[1]
    with tempfile.TemporaryDirectory(prefix="journeydocs-import-") as tmp:
        root = Path(tmp)
        try:
            docs = root / settings.docs_dir.resolve().relative_to(settings.root.resolve())
        except ValueError:
            docs = root / "docs"
        copy = dataclasses.replace(settings, root=root, docs_dir=docs)
        for part in (settings.owners_file, settings.journeys_dir, settings.sops_dir):
            src = settings.docs_dir / part
            if src.is_dir():
                shutil.copytree(src, docs / part)
            elif src.is_file():
                (docs / part).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(src, docs / part)
        for dest, text in results.items():
            moved = docs / dest.resolve().relative_to(settings.docs_dir.resolve())
            moved.parent.mkdir(parents=True, exist_ok=True)
            moved.write_text(text, encoding="utf-8")
        return load_and_check(copy)[1]
