"""Author HTML as the sanitiser's parser reads it, with nothing of the policy applied.

The sanitiser (nh3) parses HTML as a browser does and writes it back its own way (quotes,
``<tbody>``, ``&para;`` as a character...). To say "the sanitiser kept everything", its
output is compared with :func:`as_parsed` of the same input: the same parser and writer
with every tag, attribute and scheme of the input allowed.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3

from journeydocs.safety import policy

_CAMEL = {n.lower(): n for n in (*policy.SVG_ELEMENTS, *(
    a for names in policy.ATTRIBUTES.values() for a in names)) if n != n.lower()}


class _Names(HTMLParser):
    """Every tag and attribute name of a fragment, as either namespace names it, and the
    schemes of its attribute values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.schemes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.update({tag, _CAMEL.get(tag, tag)})
        for name, value in attrs:
            local = name.split(":")[-1]
            self.attributes.update({name, local, _CAMEL.get(name, name), "xlink"})
            scheme = policy.link_scheme(value or "")
            if scheme:
                self.schemes.add(scheme)


def as_parsed(fragment: str) -> str:
    """``fragment`` as the sanitiser's parser reads and writes it with nothing of the policy
    applied: every tag, attribute and scheme it has allowed (what nh3 always does, such as
    dropping an element out of its namespace, happens here too). Only ``text-align`` styles
    are kept, so both sides write styles alike, and a checkbox gets ``disabled`` as the
    policy forces it (it is one already, so nothing is removed)."""
    names = _Names()
    names.feed(fragment)
    names.close()
    attributes = {a for allowed in policy.ATTRIBUTES.values() for a in allowed}
    cleaner = nh3.Cleaner(
        tags=(names.tags | policy.ALLOWED_TAGS | policy.SVG_TAGS) - policy.CLEAN_CONTENT_TAGS,
        clean_content_tags=set(), attributes={"*": names.attributes | attributes},
        url_schemes=names.schemes | {"http", "https"},
        filter_style_properties=set(policy.STYLE_PROPERTIES), link_rel=None,
        strip_comments=True)
    out: str = cleaner.clean(fragment)
    return _CHECKBOX_RE.sub(policy._forced, out)


_CHECKBOX_RE = re.compile(r'<(input)((?:\s[^\s=>]+(?:="[^"]*")?)*\stype="\s*checkbox\s*"'
                          r'(?:\s[^\s=>]+(?:="[^"]*")?)*)>', re.IGNORECASE)
