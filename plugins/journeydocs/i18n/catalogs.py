"""Which catalog a language code picks, and loading it (Babel reads the ``.po`` text).

Catalog ids are Babel locale ids: ``en``, ``zh`` (Simplified), ``zh_Hant`` (Traditional).
A code as Material writes it (``theme.language``: ``zh``, ``zh-Hant``, ``zh-TW``, ``en-US``)
is parsed by Babel, which adds the likely script (``zh-TW`` and ``zh-HK`` are written in
Traditional characters), and the most specific catalog that exists is chosen:
``zh_Hant_TW``, ``zh_Hant``, ``zh_TW``, ``zh``; a language with no catalog falls back to
English (:func:`resolve` says so).

Catalogs are read from their ``.po`` text (no compiled ``.mo`` files in the repository):
Babel parses it and compiles it in memory, once per process. A project's catalog
(``<locale_dir>/<id>.po``) comes first and falls back to the packaged one of the same
language, then to English, message by message: a team can add a language with one file, or
reword a few messages of an existing one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gettext
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.lists import format_list
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

LOCALES = Path(__file__).resolve().parent / "locales"
DOMAIN = "journeydocs"
SOURCE_LANGUAGE = "en"


def packaged() -> dict[str, Path]:
    """``{catalog id: .po file}`` shipped with journeydocs."""
    return {path.parent.parent.name: path
            for path in sorted(LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))}


def project_catalogs(locale_dir: Path | None) -> dict[str, Path]:
    """``{catalog id: .po file}`` of a project's ``locale_dir`` (``fr.po``, ``zh_Hant.po``)."""
    if locale_dir is None or not locale_dir.is_dir():
        return {}
    return {path.stem.replace("-", "_"): path for path in sorted(locale_dir.glob("*.po"))}


@dataclass(frozen=True)
class Resolved:
    """What :func:`resolve` chose: the catalog ``id``, the ``code`` asked for, and whether
    it is a ``fallback`` (no catalog for that language: English)."""

    id: str
    code: str
    fallback: bool = False


def candidates(code: str) -> list[str]:
    """Catalog ids to try for ``code``, most specific first (``[]``: not a language)."""
    try:
        locale = Locale.parse(code.strip().replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return []
    lang, script, territory = locale.language, locale.script, locale.territory
    found = [f"{lang}_{script}_{territory}" if script and territory else "",
             f"{lang}_{script}" if script else "",
             f"{lang}_{territory}" if territory else "",
             lang]
    if lang == "zh" and script == "Hans":
        found.insert(2, "zh")  # Simplified is the plain "zh" catalog, as in Material
    return list(dict.fromkeys(x for x in found if x))


def resolve(code: str | None, available: Sequence[str]) -> Resolved:
    """The catalog of ``available`` that serves ``code`` best (English when none does)."""
    if not code:
        return Resolved(SOURCE_LANGUAGE, "")
    for option in candidates(code):
        if option in available or option == SOURCE_LANGUAGE:
            return Resolved(option, code)
    return Resolved(SOURCE_LANGUAGE, code, fallback=True)


@dataclass(frozen=True)
class Language:
    """A catalog and Babel's data for its locale: translations, plurals, dates, numbers.

    ``id`` is the catalog id (``zh_Hant``); :attr:`tag` the BCP 47 tag for ``lang``
    attributes (``zh-Hant``).
    """

    id: str
    locale: Locale
    translations: gettext.NullTranslations = field(compare=False)
    notes: tuple[tuple[str, int, str], ...] = field(default=(), compare=False)
    """What a project catalog had that could not be used: ``(file, line, note)``, in
    English (the catalog that would translate them is the one in question)."""

    def note_texts(self) -> list[str]:
        """Each note as ``file:line: text``."""
        out = []
        for path, line, text in self.notes:
            where = f"{path}:{line}" if line else path
            out.append(f"{where}: {text}")
        return out

    @property
    def tag(self) -> str:
        return self.id.replace("_", "-")

    @property
    def chinese(self) -> bool:
        return self.locale.language == "zh"

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)

    def date(self, day: dt.date, width: str = "medium") -> str:
        """``day`` as the locale writes it (Babel; ``medium``: 30 Nov 2026, 2026年11月30日)."""
        return format_date(day, width, locale=self.locale)

    def number(self, value: float) -> str:
        """``value`` with the locale's digit grouping and decimal sign."""
        return format_decimal(value, locale=self.locale)

    def join(self, items: Sequence[str], conjunction: bool = True) -> str:
        """``a, b and c`` / ``a、b和c`` (Babel's list patterns; ``conjunction=False``: "or")."""
        style: Literal["standard", "or"] = "standard" if conjunction else "or"
        return format_list(list(items), style=style, locale=self.locale) if items else ""

    def plural_category(self, n: float) -> str:
        """The CLDR plural category of ``n`` (``one``, ``other``...), as the browser's
        ``Intl.PluralRules`` gives it."""
        return str(self.locale.plural_form(n))


PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


def _message_notes(path: Path, catalog: Catalog, checked: bool) -> list[tuple[str, int, str]]:
    """Drop from ``catalog`` what would break or blank a message, saying why: a
    translation with a ``{placeholder}`` its message lacks (it could not be filled) and an
    untranslated one (English is shown instead). ``(file, line, note)`` each."""
    notes: list[tuple[str, int, str]] = []
    for message in list(catalog):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, (tuple, list)) else (message.id,)
        strings = (message.string if isinstance(message.string, (tuple, list))
                   else (message.string,))
        if not all(strings):
            catalog.delete(message.id, message.context)
            continue
        allowed = {p[1:-1] for text in ids for p in PLACEHOLDER.findall(text)}
        if not checked or not all(_formats(text, allowed) for text in ids):
            continue  # (the packaged catalogs are tested; a message with literal braces is
            # never filled in with str.format)
        broken = [text for text in strings if not _formats(text or "", allowed)]
        if broken:
            catalog.delete(message.id, message.context)
            notes.append((str(path), message.lineno or 0,
                          f"the translation of '{ids[0]}' cannot be filled in: '{broken[0]}' "
                          f"(its {{placeholders}} must be the message's: "
                          f"{', '.join(sorted(allowed)) or 'none'}; write {{{{ and }}}} for "
                          "braces): it is shown in English"))
    return notes


class _Only(dict[str, str]):
    """Placeholder values for a trial ``format_map``: the allowed names, nothing else."""

    def __missing__(self, key: str) -> str:
        raise KeyError(key)


def _formats(text: str, allowed: set[str]) -> bool:
    """Whether ``text`` fills in with ``str.format`` using only the ``allowed`` names (as
    every message is filled somewhere: a stray brace or a misspelt name would stop it)."""
    try:
        text.format_map(_Only({name: "" for name in allowed}))
    except (KeyError, ValueError, IndexError, AttributeError, TypeError):
        return False
    return True


def _compiled(path: Path, locale: Locale,
              checked: bool = True) -> tuple[Translations, list[tuple[str, int, str]]]:
    """The catalog at ``path`` compiled in memory, and notes on what was left out of it
    (a file Babel cannot read at all is one note, and no translations)."""
    printed = io.StringIO()
    try:
        with path.open("rb") as handle, contextlib.redirect_stdout(printed):
            catalog = read_po(handle, locale=locale, domain=DOMAIN)  # (prints its warnings)
    except (OSError, ValueError, UnicodeDecodeError, SyntaxError) as exc:
        return Translations(domain=DOMAIN), [
            (str(path), 0, f"this catalog cannot be read ({exc}): its messages are shown "
                           "in English")]
    notes = _message_notes(path, catalog, checked)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)  # fuzzy entries are left out, as msgfmt does
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN), notes


_PO_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*$")


@functools.lru_cache(maxsize=32)
def _load(id_: str, project: Path | None, mtime: float) -> Language:
    locale = Locale.parse(id_) if _PO_LANGUAGE.match(id_) else Locale.parse(SOURCE_LANGUAGE)
    chain: list[Path] = []
    if project is not None:
        chain.append(project)
    if id_ in packaged():
        chain.append(packaged()[id_])
    translations: gettext.NullTranslations = gettext.NullTranslations()
    notes: list[tuple[str, int, str]] = []
    for path in reversed(chain):  # the packaged catalog is the fallback of the project's
        compiled, found = _compiled(path, locale, checked=path == project)
        compiled.add_fallback(translations)
        translations = compiled
        notes += found
    return Language(id_, locale, translations, tuple(notes))


def load(code: str | None = None, locale_dir: Path | None = None) -> tuple[Language, Resolved]:
    """The language for ``code`` (a Material/BCP 47 code; None: English), with the
    project's catalog in ``locale_dir`` before the packaged one: the project file named for
    the most specific candidate (``zh-TW.po`` before ``zh_Hant.po`` for ``zh-TW``) rewords
    the packaged catalog chosen for ``code``. Never raises for a project catalog: what it
    cannot use is in :attr:`Language.notes`."""
    project = project_catalogs(locale_dir)
    chosen = resolve(code, sorted({*packaged(), *project}))
    wanted = [(code or "").strip().replace("-", "_"), *candidates(code or "")]
    wanted = wanted[: wanted.index(chosen.id, 1) + 1] if chosen.id in wanted[1:] else wanted
    path = next((project[c] for c in wanted if c in project), None)
    return _load(chosen.id, path, path.stat().st_mtime if path else 0.0), chosen


ENGLISH = Language(SOURCE_LANGUAGE, Locale.parse(SOURCE_LANGUAGE), gettext.NullTranslations())
