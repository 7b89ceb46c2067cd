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
