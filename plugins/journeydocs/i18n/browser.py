"""The browser's share of a catalog: a script of data, served like the other assets.

The checklist and map scripts translate with ``gettext(msgid)`` and
``ngettext(singular, plural, n)`` (``window.journeydocs.i18n``, from ``i18n.js``). They
get the active language's translations of exactly the messages the package's scripts use,
as a static file (``assets/journeydocs/messages.js``): a file, not an inline script, so the
page's Content-Security-Policy stays ``script-src 'self'``, and it works from disk
(``file://``) where ``fetch`` does not.

A plural message maps its singular to one text per CLDR plural category of the language
(``{"one": ..., "other": ...}``), which the script picks with the browser's
``Intl.PluralRules``, the same rules Babel's plural categories follow.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from journeydocs.i18n.catalogs import DOMAIN, LOCALES, Language

SAMPLES = range(0, 200)  # the counts searched for one example of each plural category


def script_messages(template: Catalog) -> list[str | tuple[str, str]]:
    """The messages the package's browser scripts use (``id`` or ``(singular, plural)``)."""
    found: list[str | tuple[str, str]] = []
    for message in template:
        if message.id and any(path.endswith(".js") for path, _line in message.locations):
            ids = message.id
            found.append((str(ids[0]), str(ids[1])) if isinstance(ids, (tuple, list))
                         else str(ids))
    return sorted(found, key=str)


@functools.lru_cache(maxsize=1)
def packaged_script_messages() -> tuple[str | tuple[str, str], ...]:
    """:func:`script_messages` of the packaged template (``locales/journeydocs.pot``)."""
    with (LOCALES / f"{DOMAIN}.pot").open("rb") as handle:
        return tuple(script_messages(read_po(handle, domain=DOMAIN)))


def plural_forms(language: Language, singular: str, plural: str) -> dict[str, str]:
    """``{CLDR category: text}`` for a plural message in ``language``."""
    forms: dict[str, str] = {}
    for n in SAMPLES:
        category = language.plural_category(n)
        if category not in forms:
            forms[category] = language.ngettext(singular, plural, n)
    return forms


def messages(language: Language, ids: tuple[str | tuple[str, str], ...]) -> dict[str, Any]:
    """``{msgid: text or {category: text}}`` of ``ids`` in ``language``."""
    out: dict[str, Any] = {}
    for msgid in ids:
        if isinstance(msgid, tuple):
            out[msgid[0]] = plural_forms(language, msgid[0], msgid[1])
        else:
            out[msgid] = language.gettext(msgid)
    return out


def script(language: Language, ids: tuple[str | tuple[str, str], ...] | None = None) -> str:
    """The text of ``messages.js``: sets ``window.journeydocsMessages`` (sorted keys, so
    the same catalog gives the same bytes)."""
    found = packaged_script_messages() if ids is None else ids
    data = {"lang": language.tag, "messages": messages(language, found)}
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("</", "<\\/")
    return f"window.journeydocsMessages = {text};\n"
