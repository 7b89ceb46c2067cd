"""journeydocs' own words for YAML syntax errors, whatever parser found them.

The words an editor reads must not depend on the PyYAML or libyaml version installed:
libyaml says "mapping values are not allowed in this context" where PyYAML's pure-Python
parser says "... here", and new releases add limits with messages of their own. So a
parser error is classified by the parts both parsers share (the *context* it was parsing
and the kind of *problem*; see PyYAML's ``scanner.py``/``parser.py`` and libyaml's
``scanner.c``/``parser.c``, which word them alike) and reported in our sentence.
:func:`explain` returns ``(message, hint)``; an error that matches no rule falls back to a
general sentence with the parser's words in the hint, and :data:`RULES` is tested so that
every case in the corpus has a rule.
"""

from __future__ import annotations

import re

from journeydocs.i18n import N_

RULES: tuple[tuple[str, str, str, str], ...] = (
    # (context contains, problem contains, message, hint); "" matches anything; first wins.
    # Messages and hints are English here, translated where they are reported.
    ("", "maximum nesting depth", "NESTING", ""),
    ("quoted scalar", "end of stream",
     N_("a quoted text is never closed: the file ends before its closing quote"),
     N_("add the closing quote, or remove the opening one")),
    ("quoted scalar", "document separator",
     N_("a quoted text is not closed before a '---' or '...' line"),
     N_("add the closing quote")),
    ("quoted scalar", "escape",
     N_("a double-quoted text holds a backslash that is not a valid escape"),
     N_("write \\\\ for a backslash, or use single quotes")),
    ("block scalar", "tab",
     N_("a tab where the indentation of a '|' or '>' text should be spaces"),
     N_("indent with spaces; YAML does not allow tabs")),
    ("block scalar", "",
     N_("the indicator after '|' or '>' is not valid"),
     N_("write '|' or '>' alone at the end of the line, optionally with '-' or '+'")),
    ("simple key", "",
     N_("a key on this line has no ':' after it"),
     N_("write 'key: value', or quote the text if it is not a key")),
    ("block mapping", "",
     N_("expected another 'key: value' line at this mapping's indentation"),
     N_("check the indentation and quoting on this line and the one before")),
    ("block collection", "",
     N_("expected another '- ' item of this list at its indentation"),
     N_("check the indentation and quoting on this line and the one before")),
    ("flow sequence", "",
     N_("a list in '[ ]' is not closed: expected ',' or ']'"),
     N_("close the list with ']', or quote a value that contains '[', ']', ',' or ': '")),
    ("flow mapping", "",
     N_("a mapping in '{ }' is not closed: expected ',' or '}'"),
     N_("close the mapping with '}', or quote a value that contains '{', '}', ',' or ': '")),
    ("", "mapping values are not allowed",
     N_("': ' here would start a key inside a value"),
     N_("put the value in quotes, or fix the indentation")),
    ("", "mapping keys are not allowed",
     N_("a '? ' key is not allowed here"),
     N_("write 'key: value'")),
    ("", "cannot start any token",
     N_("a value cannot start with this character"),
     N_("check the indentation and quoting on this line and the one before")),
    ("", "incompatible yaml document",
     N_("the file asks for a YAML version journeydocs does not read (only 1.x)"),
     N_("remove the '%YAML' line")),
    ("directive", "",
     N_("a '%' directive line is not valid"),
     N_("remove the line that starts with '%'")),
    ("", "tag",
     N_("a '!' tag is not valid here"),
     N_("remove the word that starts with '!', or quote the value")),
    ("alias", "", N_("an alias ('*name') has no valid name after the '*'"),
     N_("write the value out, or quote it if '*' is part of the text")),
    ("anchor", "", N_("an anchor ('&name') has no valid name after the '&'"),
     N_("quote the value if '&' is part of the text")),
    ("", "document start",
     N_("a second document starts here without a '---' line"),
     N_("a file holds one YAML document: check the indentation of this line")),
    ("", "comment or a line break",
     N_("unexpected text after the value on this line"),
     N_("quote the whole value, or move the text to its own line")),
    ("", "node content",
     N_("expected a value here"),
     N_("check the indentation and quoting on this line and the one before")),
    ("", "end of stream",
     N_("the file ends in the middle of a value"),
     N_("check the end of the file for something left open")),
)
NESTING = "NESTING"
"""Marks the rule for a parser's own nesting limit: the caller reports its nesting message."""

_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|#x[0-9a-f]+")


def _norm(text: str | None) -> str:
    return " ".join(_QUOTED.sub("", (text or "").lower()).split())


def explain(context: str | None, problem: str | None) -> tuple[str, str] | None:
    """``(message, hint)`` for a parser error, or None when no rule knows it.

    ``message`` is :data:`NESTING` for a parser's own nesting limit.
    """
    ctx, prob = _norm(context), _norm(problem)
    for want_ctx, want_prob, message, hint in RULES:
        if want_ctx in ctx and want_prob in prob:
            return message, hint
    return None
