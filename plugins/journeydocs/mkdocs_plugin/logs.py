"""The plugin's logger, and how it reports problems and reads MkDocs' strict-mode count."""

from __future__ import annotations

import logging

import mkdocs
from mkdocs.plugins import get_plugin_logger
from mkdocs.utils import CountHandler

from journeydocs.problems import Problems, Severity

log = get_plugin_logger("journeydocs")
TOOL_LOGGER = mkdocs.__name__
"""The root logger of the tool that runs the build: ``mkdocs``, or ``properdocs`` when
ProperDocs (the MkDocs 1.x fork, which answers ``import mkdocs`` with itself) runs it. Its
strict-mode counter and every plugin's records live under this name."""


def report(problems: Problems) -> None:
    """Content problems are warnings (so ``--strict`` fails); notices are information."""
    for problem in problems:
        if problem.severity is Severity.ERROR:
            log.warning(problem.text())
        else:
            log.info(problem.text())


def strict_warnings() -> bool:
    """Did MkDocs' strict-mode counter see a warning (MkDocs aborts right after)?"""
    return any(isinstance(h, CountHandler) and h.get_counts()
               for h in logging.getLogger(TOOL_LOGGER).handlers)


class _ReportedLinks(logging.Filter):
    """MkDocs warns of a link to a missing file on the built page, without a line;
    journeydocs reports the same link of an SOP at its file and line. The filter drops
    MkDocs' warning for exactly those links (page ``src_uri``, target as on the page)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: set[tuple[str, str]] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if not message.startswith("Doc file '") or "' contains a link '" not in message:
            return True
        page, _, rest = message[len("Doc file '"):].partition("' contains a link '")
        target = rest.partition("'")[0]
        return not {(page, target), (page, target.partition("#")[0])} & self.links


REPORTED_LINKS = _ReportedLinks()
logging.getLogger(f"{TOOL_LOGGER}.structure.pages").addFilter(REPORTED_LINKS)
