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

RULES: tuple[tuple[str, str, str, str], ...] = (
    # (context contains, problem contains, message, hint); "" matches anything; first wins
    ("", "maximum nesting depth", "NESTING", ""),
    ("quoted scalar", "end of stream",
     "a quoted text is never closed: the file ends before its closing quote",
     "add the closing quote, or remove the opening one"),
    ("quoted scalar", "document separator",
     "a quoted text is not closed before a '---' or '...' line",
     "add the closing quote"),
    ("quoted scalar", "escape",
     "a double-quoted text holds a backslash that is not a valid escape",
     "write \\\\ for a backslash, or use single quotes"),
    ("block scalar", "tab",
     "a tab where the indentation of a '|' or '>' text should be spaces",
     "indent with spaces; YAML does not allow tabs"),
    ("block scalar", "",
     "the indicator after '|' or '>' is not valid",
     "write '|' or '>' alone at the end of the line, optionally with '-' or '+'"),
    ("simple key", "",
     "a key on this line has no ':' after it",
     "write 'key: value', or quote the text if it is not a key"),
    ("block mapping", "",
     "expected another 'key: value' line at this mapping's indentation",
     "check the indentation and quoting on this line and the one before"),
    ("block collection", "",
     "expected another '- ' item of this list at its indentation",
     "check the indentation and quoting on this line and the one before"),
    ("flow sequence", "",
     "a list in '[ ]' is not closed: expected ',' or ']'",
     "close the list with ']', or quote a value that contains '[', ']', ',' or ': '"),
    ("flow mapping", "",
     "a mapping in '{ }' is not closed: expected ',' or '}'",
     "close the mapping with '}', or quote a value that contains '{', '}', ',' or ': '"),
    ("", "mapping values are not allowed",
     "': ' here would start a key inside a value",
     "put the value in quotes, or fix the indentation"),
    ("", "mapping keys are not allowed",
     "a '? ' key is not allowed here",
     "write 'key: value'"),
    ("", "cannot start any token",
     "a value cannot start with this character",
     "check the indentation and quoting on this line and the one before"),
    ("", "incompatible yaml document",
     "the file asks for a YAML version journeydocs does not read (only 1.x)",
     "remove the '%YAML' line"),
    ("directive", "",
     "a '%' directive line is not valid",
     "remove the line that starts with '%'"),
    ("", "tag",
     "a '!' tag is not valid here",
     "remove the word that starts with '!', or quote the value"),
    ("alias", "", "an alias ('*name') has no valid name after the '*'",
     "write the value out, or quote it if '*' is part of the text"),
    ("anchor", "", "an anchor ('&name') has no valid name after the '&'",
     "quote the value if '&' is part of the text"),
    ("", "document start",
     "a second document starts here without a '---' line",
     "a file holds one YAML document: check the indentation of this line"),
    ("", "comment or a line break",
     "unexpected text after the value on this line",
     "quote the whole value, or move the text to its own line"),
    ("", "node content",
     "expected a value here",
     "check the indentation and quoting on this line and the one before"),
    ("", "end of stream",
     "the file ends in the middle of a value",
     "check the end of the file for something left open"),
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
