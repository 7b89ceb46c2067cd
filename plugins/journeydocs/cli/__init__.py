"""``journeydocs``: the checks and tools editors and CI run without building the site.

Each command is a module of this package with ``add_arguments(parser)`` and
``run(args) -> exit status``; :func:`main` imports only the module of the command it runs
(``journeydocs check`` never loads git or Graphviz code), and no command module imports
this one, so there is no import cycle.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

COMMANDS: dict[str, tuple[str, str, str]] = {
    # name: (module, help, description)
    "check": ("check", "check the playbook without building the site", ""),
    "schemas": ("schemas", "write the JSON Schemas into schemas/", ""),
    "diff": ("diff", "what changed in the playbook between two git revisions",
             "Compare the playbook at BASE with HEAD (default: the working tree): journeys, "
             "steps, SOPs and owners added, removed or changed. Prints a Markdown summary and "
             "writes each changed journey's map, with the changes marked, as SVG into --out."),
    "codeowners": ("codeowners", "write .github/CODEOWNERS from the owners' github handles",
                   "Write the journeydocs block of CODEOWNERS, so a pull request that touches "
                   "a journey or an SOP asks its owners to review."),
    "review": ("review", "SOPs past or near their review date, by owner",
               "List SOPs whose review is overdue or due soon, grouped by owner: the agenda "
               "for the weekly review."),
    "record": ("record", "turn a filed run (a GitHub issue event) into a run record",
               "Read an 'issues' event (the run issue form's answers and its author), check "
               "it against the playbook and write the run record under the records folder; "
               "--commit commits it. A malformed issue is said as 'issue #N: line L: "
               "message' lines (exit 1), also written to --comment for the issue."),
    "github-files": ("github_files", "write the run issue form and the workflows into .github/",
                     "Write the files journeydocs keeps in .github/ (the issue form 'File "
                     "this run' opens, the workflow that turns filed runs into records); "
                     "--check fails when one is missing or out of date."),
    "import": ("importing", "turn existing Markdown procedures into SOPs",
               "Convert Markdown procedures (files, or folders of them) into SOPs in the SOP "
               "folder: ids from file names, the owner from --owner, foreign front matter kept "
               "(as comments where the content model has no such key), numbered steps made "
               "checklist items with --numbered-steps. Prints every change as file:line, "
               "then checks the result."),
}


def build_parser(wanted: str | None = None) -> argparse.ArgumentParser:
    """The parser; the arguments of command ``wanted`` (or of every command) included."""
    parser = argparse.ArgumentParser(
        prog="journeydocs",
        description="The checks and tools editors and CI run without building the site.")
    parser.add_argument("--lang", dest="lang_first", metavar="LANG", default=None,
                        help="the language of the messages (also after the command)")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (module, help_text, description) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=description or None)
        p.add_argument("--lang", metavar="LANG", default=None,
                       help="the language of the messages (en, zh, zh-Hant...); default: "
                            "the project's (its mkdocs.yml)")
        if wanted in (None, name):
            commands = importlib.import_module(f"journeydocs.cli.{module}")
            commands.add_arguments(p)
            p.set_defaults(run=commands.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns its exit status (0 fine, 1 problems found, 2 usage)."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    wanted = next((a for a in args_list if a in COMMANDS), None)
    args = build_parser(wanted).parse_args(args_list)
    _speak(args)
    status: int = args.run(args)
    return status


def _speak(args: argparse.Namespace) -> None:
    """Activate the language of ``--lang``, else the project's (its mkdocs.yml)."""
    from pathlib import Path

    from journeydocs import i18n
    from journeydocs.content.config import language_choice

    code, locale_dir = language_choice(Path(getattr(args, "path", None) or "."))
    asked = args.lang or getattr(args, "lang_first", None)
    language, chosen = i18n.load(asked or code, locale_dir)
    if chosen.fallback and asked:
        print(f"journeydocs: no catalog for the language '{chosen.code}'; English is used",
              file=sys.stderr)
    for note in language.note_texts():  # the project catalog's mistakes, by file and line
        print(f"journeydocs: {note}", file=sys.stderr)
    i18n.activate(language)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
