"""Every word journeydocs shows, in the reader's language: gettext catalogs read with Babel.

The messages are English in the code, marked the gettext way (``_("...")``,
``ngettext(singular, plural, n)``, ``N_("...")`` for text translated later), and
translated in one catalog per language: ``locales/<id>/LC_MESSAGES/journeydocs.po`` in
this package (``en``, ``zh`` for Simplified and ``zh_Hant`` for Traditional Chinese), and
``<id>.po`` files in a project's ``locale_dir`` (a team's own language, or its own wording:
see :mod:`.catalogs`). ``python -m journeydocs.i18n.extract`` (``./dev messages``) keeps the
template and the catalogs in step with the code (:mod:`.extract`); the browser's share is
written as a script by :mod:`.browser`.

One language is active at a time in a process (:func:`activate`, :func:`use`): the plugin
activates the site's in ``on_config``, the CLI the project's or ``--lang``. Until then
English is active, so the core works unchanged when nothing chooses.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from journeydocs.i18n.catalogs import ENGLISH, Language, load, resolve

__all__ = ["Language", "N_", "_", "activate", "current", "load", "ngettext", "resolve", "use"]

_active: Language = ENGLISH


def current() -> Language:
    """The active language (English until one is activated)."""
    return _active


def activate(language: Language) -> Language:
    """Make ``language`` the active one for the whole process; returns the one it replaces."""
    global _active
    before, _active = _active, language
    return before


@contextmanager
def use(language: Language) -> Iterator[Language]:
    """``with use(lang):`` the body runs with ``lang`` active; the previous one after."""
    before = activate(language)
    try:
        yield language
    finally:
        activate(before)


def _(message: str) -> str:
    """``message`` in the active language (``message`` itself when it has no translation)."""
    return _active.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for the count ``n``, by the active language's plural rules."""
    return _active.ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 (gettext's name for "mark only")
    """Marks ``message`` for the catalogs without translating it (for constants that are
    translated where they are shown, with ``_(constant)``)."""
    return message
