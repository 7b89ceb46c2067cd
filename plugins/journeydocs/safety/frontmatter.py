"""Front matter made safe for templates that print it without escaping.

Material prints ``title``, ``description``, ``subtitle`` and others into its templates
without escaping, and uses ``template``, ``icon`` and ``status`` as file names and CSS
classes. :func:`secure_meta` escapes what an author wrote and drops those keys when they
do not match :data:`META_RULES`; :func:`title_html` is a plain title as MkDocs expects it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from typing import Any

from journeydocs.i18n import N_

_TEMPLATE_RE = re.compile(r"^[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*\.html$")
_ICON_RE = re.compile(r"^[a-z0-9-]+(?:/[a-z0-9-]+)+$")
_STATUS_RE = re.compile(r"^[a-z0-9-]+$")
META_RULES = {
    "template": (_TEMPLATE_RE, N_("write a template file name of the theme, e.g. main.html")),
    "icon": (_ICON_RE, N_("write an icon name such as material/check")),
    "status": (_STATUS_RE, N_("write a word such as new or deprecated")),
}
"""Front matter keys that Material uses as a file name or a CSS class, with what to write
instead of a value that does not match (the checker's hint)."""


def secure_meta(meta: Mapping[str, Any], trusted: Iterable[str] = ()) -> dict[str, Any]:
    """Front matter made safe for templates that print it without escaping.

    Every text value is HTML-escaped (so ``<``, ``&`` and ``"`` show as typed) and the keys
    of :data:`META_RULES` are dropped when they do not match. Keys in ``trusted`` (set by
    the plugin itself) are kept as they are.
    """
    keep = set(trusted)
    out: dict[str, Any] = {}
    for key, value in meta.items():
        if key in keep:
            out[key] = value
            continue
        if key in META_RULES and not (isinstance(value, str)
                                      and META_RULES[key][0].match(value.strip())):
            continue
        out[key] = escape_values(value)
    return out


def escape_values(value: Any, _done: dict[int, Any] | None = None) -> Any:
    """Every text in ``value`` HTML-escaped. Shared lists and mappings (YAML aliases) are
    escaped once and shared again, so an alias bomb costs its size on disk, not its
    expansion."""
    if isinstance(value, str):
        return html.escape(value, quote=True)
    if not isinstance(value, (list, dict)):
        return value
    done = {} if _done is None else _done
    if id(value) in done:
        return done[id(value)]
    out: Any
    if isinstance(value, list):
        out = []
        done[id(value)] = out
        out.extend(escape_values(v, done) for v in value)
    else:
        out = {}
        done[id(value)] = out
        out.update((k, escape_values(v, done)) for k, v in value.items())
    return out


def title_html(text: str) -> str:
    """Plain text (a title) as the HTML text MkDocs and Material expect in ``page.title``."""
    return html.escape(" ".join(str(text).split()), quote=True)
