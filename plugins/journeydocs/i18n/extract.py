"""The catalogs in step with the code: extract the messages, update every ``.po``.

    python -m journeydocs.i18n.extract            # write the template, update the catalogs
    python -m journeydocs.i18n.extract --check    # exit 1 when they are not in step
    python -m journeydocs.i18n.extract --from F.po ...  # also take translations from F.po

Messages are found by Babel's extractors in the package's Python (``_``, ``N_``,
``ngettext``) and browser scripts (``gettext``, ``ngettext``). The template
(``locales/journeydocs.pot``) lists them; each catalog is updated from it with Babel
(``Catalog.update``, no fuzzy matching): new messages are added untranslated, messages the
code no longer uses are dropped. The English catalog gets each new message's English text
(a team may reword it there). Locations carry file names without line numbers, so a change
elsewhere in a file does not touch the catalogs, and the output is sorted: the same code
gives the same bytes.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import io
import sys
from collections.abc import Iterable
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from journeydocs.i18n.catalogs import DOMAIN, LOCALES, SOURCE_LANGUAGE, packaged

PACKAGE = Path(__file__).resolve().parents[1]
TEMPLATE = LOCALES / f"{DOMAIN}.pot"
METHODS = [("**/i18n/**.py", "ignore"), ("**.py", "python"), ("**.js", "javascript")]
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
EPOCH = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)  # fixed header dates: reproducible files
HEADER = ("# journeydocs messages: {language}.\n"
          "# Made and updated by `./dev messages` (python -m journeydocs.i18n.extract);\n"
          "# translate the msgstr lines, keep {placeholders} as they are.")


def _new(locale: str | None) -> Catalog:
    name = Locale.parse(locale).english_name if locale else "the template"
    return Catalog(locale=Locale.parse(locale) if locale else None, domain=DOMAIN,
                   header_comment=HEADER.replace("{language}", str(name)),
                   project="journeydocs", version="1", creation_date=EPOCH,
                   revision_date=EPOCH, charset="utf-8", fuzzy=False,
                   language_team="journeydocs", last_translator="journeydocs",
                   msgid_bugs_address="")


def _skip(path: str) -> bool:
    return "__pycache__" not in path


def template() -> Catalog:
    """Every message the package's code uses, located by file."""
    catalog = _new(None)
    found = extract_from_dir(PACKAGE, METHODS, keywords=KEYWORDS,
                             comment_tags=("Translators:",), strip_comment_tags=True,
                             directory_filter=_skip)
    for filename, _lineno, message, comments, context in found:
        catalog.add(message, None, [(f"journeydocs/{filename}", 0)],
                    auto_comments=comments, context=context)
    return catalog


def _write(catalog: Catalog, path: Path) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_output=True, ignore_obsolete=True,
             include_lineno=False)
    return buffer.getvalue()


def _read(path: Path, locale: str | None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale, domain=DOMAIN)


def _english(message: Message) -> None:
    """Fill an untranslated message of the English catalog with its English text."""
    if isinstance(message.id, tuple):
        strings = message.string if isinstance(message.string, tuple) else ()
        if not any(strings):
            message.string = (message.id[0],) + (message.id[1],) * max(len(strings) - 1, 1)
    elif not message.string:
        message.string = message.id


def updated(path: Path, locale: str, source: Catalog, extra: Iterable[Catalog] = ()) -> bytes:
    """The bytes of the catalog at ``path`` (new when missing) updated from ``source``,
    taking translations it lacks from ``extra`` catalogs."""
    catalog = _read(path, locale) if path.exists() else _new(locale)
    # (a copy: Catalog.update adds the template's own Message objects, which filling the
    # English catalog would otherwise change for every catalog updated after it)
    catalog.update(copy.deepcopy(source), no_fuzzy_matching=True,
                   update_header_comment=False, update_creation_date=False)
    catalog.revision_date = EPOCH
    for other in extra:
        if other.locale_identifier != locale:
            continue  # (translations come from a catalog of the same language only)
        for message in catalog:
            if message.id and not _translated(message):
                found = other.get(message.id, message.context)
                if found is not None and _translated(found) and not found.fuzzy:
                    message.string = found.string
    for message in catalog:
        if message.id and locale == SOURCE_LANGUAGE:
            _english(message)
    return _write(catalog, path)


def _translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings)


def targets() -> dict[str, Path]:
    """The packaged catalogs, with the English one even before it exists."""
    found = packaged()
    found.setdefault(SOURCE_LANGUAGE, LOCALES / SOURCE_LANGUAGE / "LC_MESSAGES" /
                     f"{DOMAIN}.po")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 when a file would change")
    parser.add_argument("--from", dest="sources", type=Path, nargs="*", default=[],
                        help="catalogs to take missing translations from (a merge)")
    args = parser.parse_args(argv)
    source = template()
    wanted = {TEMPLATE: _write(source, TEMPLATE)}
    extra = [_read(p, None) for p in args.sources]
    for locale, path in targets().items():
        wanted[path] = updated(path, locale, source, extra)
    stale = [p for p, data in wanted.items() if not p.exists() or p.read_bytes() != data]
    if args.check:
        for path in stale:
            print(f"{path.relative_to(PACKAGE.parent)}: not in step with the code "
                  "(run ./dev messages)")
        return 1 if stale else 0
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(wanted[path])
        print(f"wrote {path.relative_to(PACKAGE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
