"""The plugin's docstring table is its events: every handler, its priority, in build order."""

from __future__ import annotations

import inspect

from mkdocs.plugins import CombinedEvent

from journeydocs.mkdocs_plugin import plugin as plugin_module
from journeydocs.mkdocs_plugin.plugin import JourneydocsPlugin

BUILD_ORDER = ["on_startup", "on_config", "on_pre_build", "on_files", "on_nav",
               "on_page_read_source", "on_page_markdown", "on_page_content", "on_env",
               "on_post_template",
               "on_page_context", "on_post_page", "on_post_build", "on_build_error",
               "on_serve"]
"""The order MkDocs 1.6 runs them in one build (mkdocs/commands/build.py): every page's
Markdown and HTML first, then the environment and theme templates, then each page's
template and output; on_serve after the first build."""


def table() -> list[tuple[str, str, int]]:
    doc = plugin_module.__doc__ or ""
    rows = []
    for line in doc.split("\n"):
        parts = line.split()
        if len(parts) >= 3 and parts[0].startswith("on_") and parts[2].lstrip("-").isdigit():
            rows.append((parts[0], parts[1], int(parts[2])))
    return rows


def handlers() -> list[tuple[str, str, int]]:
    """(event, method name, priority) of every event the class handles, in class order."""
    found = []
    for name, member in JourneydocsPlugin.__dict__.items():
        if not name.startswith("on_"):
            continue
        methods = member.methods if isinstance(member, CombinedEvent) else (member,)
        for method in methods:
            found.append((name, method.__name__, getattr(method, "mkdocs_priority", 0)))
    return found


def test_the_table_lists_every_handler_with_its_priority() -> None:
    assert sorted(table()) == sorted(handlers())


def test_the_table_and_the_class_follow_the_build_order() -> None:
    for rows in (table(), handlers()):
        events = list(dict.fromkeys(event for event, _, _ in rows))
        assert events == [e for e in BUILD_ORDER if e in events]


def test_every_handler_is_short() -> None:
    """Each event is a few lines: the work is in the core and the helpers."""
    for _, name, _ in handlers():
        lines = inspect.getsource(getattr(JourneydocsPlugin, name) if not name.startswith("_")
                                  else JourneydocsPlugin.__dict__[name]).count("\n")
        assert lines <= 30, f"{name}: {lines} lines"
