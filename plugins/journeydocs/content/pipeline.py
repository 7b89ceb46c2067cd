"""Files in, ``Playbook`` and ``Problems`` out: the whole content layer in one call.

The MkDocs plugin and the ``journeydocs`` CLI both call :func:`load_and_check`, so what CI
checks is exactly what the site build checks.
"""

from __future__ import annotations

from journeydocs.content.actuals import load_actuals
from journeydocs.content.checks import check_playbook
from journeydocs.content.links import check_links, playbook_pages
from journeydocs.content.loader import FileMemo, load_playbook
from journeydocs.content.model import Playbook
from journeydocs.content.runs import check_runs, load_runs
from journeydocs.content.settings import Settings
from journeydocs.i18n import _
from journeydocs.problems import Problems, Severity
from journeydocs.safety import rendering


def load_and_check(settings: Settings, memo: FileMemo | None = None) -> tuple[Playbook, Problems]:
    """Load every file and run every check; problems sorted by file and line. Markdown
    is rendered with ``settings.markdown`` (the site's extensions) when it is set."""
    if settings.markdown is not None:
        rendering.use(settings.markdown)
    memo = memo or FileMemo()
    book, problems = load_playbook(settings, memo)
    book.runs, found = load_runs(settings, memo)
    problems.extend(found)
    problems.extend(check_runs(book, book.runs))
    book.actuals = load_actuals(settings, book, problems)
    problems.extend(check_playbook(book, settings.today))
    check_links(book, settings.docs_dir, playbook_pages(book), problems)
    if settings.markdown is not None and settings.markdown.failure:
        # Translators: {error} is Python's own words for what went wrong
        problems.add(settings.config_file, 0, 0,
                     _("the site's Markdown extensions could not be used ({error}); "
                       "journeydocs' own were").format(error=settings.markdown.failure),
                     _("install what markdown_extensions names (pip install ...)"),
                     severity=Severity.NOTICE)
    return book, Problems(sorted(set(problems)))
