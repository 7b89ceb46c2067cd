"""Read YAML the way editors mean it, with the line and column of every value.

PyYAML's own loaders get three things wrong for us: they turn ``yes``/``no``/``on``/
``12:30``/``1.10`` into booleans and numbers (YAML 1.1), they silently keep the last of two
duplicate keys, and their recursive composers crash (the C one with a segfault) on deeply
nested input. So we build documents ourselves from the parser's event stream, iteratively:

* every scalar is text, except an unquoted ``~``/``null``/empty value, which is ``None``;
  typed fields (``critical: true``) are interpreted by the schema, not here;
* duplicate keys, anchors that expand too far ("billion laughs"), very deep nesting, huge
  files and bytes that are not UTF-8 become :class:`~journeydocs.problems.Problem` values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from journeydocs.content.yamlmessages import NESTING, explain
from journeydocs.i18n import N_, _, current
from journeydocs.problems import Problems

try:  # libyaml's parser is iterative and ~10x faster; the pure one is a fine fallback
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 2_000_000
MAX_DEPTH = 40
MAX_NODES = 200_000
NESTING_MESSAGE = N_("nested more than {depth} levels deep")
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd"
                            "\U00010000-\U0010ffff]")
"""What YAML 1.1 (and so PyYAML and libyaml) refuses in a stream: its printable set."""
NESTING_HINT = N_("journeydocs content never needs this much nesting")
TAB_HINT = N_("indent with spaces; YAML does not allow tabs")

Path_ = tuple[str | int, ...]
Pos = tuple[int, int]
_NULLS = {"", "~", "null", "Null", "NULL"}


@dataclass
class YamlDoc:
    """A parsed document: plain data plus where each value (and mapping key) stands."""

    data: Any = None
    marks: dict[Path_, Pos] = field(default_factory=dict)
    key_marks: dict[Path_, Pos] = field(default_factory=dict)

    def at(self, path: Path_) -> Pos:
        """Position of the value at ``path``, or of its nearest located parent."""
        while path:
            if path in self.marks:
                return self.marks[path]
            path = path[:-1]
        return self.marks.get((), (1, 1))

    def key_at(self, path: Path_) -> Pos:
        return self.key_marks.get(path) or self.at(path)


def _nesting() -> tuple[str, str]:
    return _(NESTING_MESSAGE).format(depth=MAX_DEPTH), _(NESTING_HINT)


class _Abort(Exception):
    def __init__(self, line: int, column: int, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.line, self.column, self.message, self.hint = line, column, message, hint


def decode(raw: bytes, source: str, problems: Problems) -> str | None:
    """Bytes -> text: UTF-8 (a BOM is dropped), CRLF folded; None (and a problem) if not."""
    if len(raw) > MAX_BYTES:
        problems.add(source, 0, 0,
                     _("file is {size} bytes, more than the {limit} journeydocs reads").format(
                         size=current().number(len(raw)), limit=current().number(MAX_BYTES)),
                     _("split it into smaller files"), code="too-large")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.add(source, line, col, _("file is not UTF-8 text (byte 0x{byte})").format(
                     byte=f"{raw[exc.start]:02x}"), _("save the file as UTF-8"), code="encoding")
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load_yaml(text: str, source: str, problems: Problems, *, line_offset: int = 0) -> YamlDoc:
    """Parse one YAML document. Problems are added; the result is empty when it can't parse.

    ``line_offset`` is added to every line (front matter starts below the ``---``).
    """
    doc = YamlDoc()
    duplicates: list[tuple[int, int, str, str]] = []
    try:
        try:
            _compose(text, doc, line_offset, duplicates, _Loader)
        except yaml.MarkedYAMLError as exc:
            if explain(exc.context, exc.problem) != (NESTING, ""):
                raise
            # The parser stopped on a nesting limit of its own (libyaml in PyYAML 6.0.4: 1,000
            # levels), found while reading ahead, before our checks saw the events. The text
            # up to where it stopped holds fewer levels than its limit and at least as many
            # as ours: read again, our limit (MAX_DEPTH) fires at its own place, in our words.
            mark = exc.problem_mark or exc.context_mark
            cut = _offset(text, mark.line, mark.column) if mark else len(text)
            try:
                _compose(text[:cut], YamlDoc(), line_offset, [], _Loader)
            except _Abort:
                raise
            except yaml.YAMLError:
                pass
            raise exc from None  # ours did not fire first: the parser's limit, in our words
    except _Abort as exc:
        problems.add(source, exc.line, exc.column, exc.message, exc.hint, code="yaml")
        return YamlDoc()
    except yaml.MarkedYAMLError as exc:
        report_syntax_error(exc, text, source, problems, line_offset=line_offset)
        return YamlDoc()
    except yaml.reader.ReaderError:  # a control character YAML does not allow
        # found by us: libyaml counts its position in bytes, PyYAML's reader in characters
        bad = _NOT_PRINTABLE.search(text)
        position = bad.start() if bad else 0
        char = bad.group() if bad else "\0"
        before = text[:position]
        line = before.count("\n") + 1 + line_offset
        col = position - (before.rfind("\n") + 1) + 1
        problems.add(source, line, col, _("the file contains the control character U+{code}, "
                                          "which YAML does not allow").format(
                                              code=f"{ord(char):04X}"),
                     _("delete it; it is invisible in most editors"), code="yaml")
        return YamlDoc()
    except yaml.YAMLError as exc:
        problems.add(source, line_offset + 1, 0, _("YAML syntax error: the file cannot be read"),
                     _parser_says(" ".join(str(exc).split())), code="yaml")
        return YamlDoc()
    for line, col, message, hint in duplicates:
        problems.add(source, line, col, message, hint, code="duplicate-key")
    return doc


def report_syntax_error(exc: yaml.MarkedYAMLError, text: str, source: str, problems: Problems,
                        *, line_offset: int = 0) -> None:
    """A parser's syntax error as a problem at its line and column, in our words."""
    mark = exc.problem_mark or exc.context_mark
    slip = _full_width_colon(text, mark.line if mark else -1)
    if slip is not None:  # a Chinese input method's '：' after a key: the parser errs later
        problems.add(source, slip[0] + 1 + line_offset, slip[1] + 1,
                     _("YAML syntax error: the key on this line is followed by a full-width "
                       "colon '：'"), _("write an ordinary colon and a space: 'key: value'"),
                     code="yaml")
        return
    message, hint = _syntax_message(exc, text, mark.line if mark else -1)
    opened = exc.context_mark  # a '[' or '{' left open: the parser notices it lines later
    if opened and mark and mark.line > opened.line and "flow" in (exc.context or ""):
        mark = opened
    line = mark.line + 1 + line_offset if mark else line_offset + 1
    col = mark.column + 1 if mark else 0
    problems.add(source, line, col, message, hint, code="yaml")


_FULL_WIDTH_KEY = re.compile(r"^[ \t]*(?:- +)?[A-Za-z_][\w-]*[ \t]*(：)")


def _full_width_colon(text: str, line0: int) -> tuple[int, int] | None:
    """The last line up to the error's (0-based ``line0``) whose key is followed by '：',
    and the 0-based column of that '：'."""
    lines = text.split("\n")[: line0 + 1] if line0 >= 0 else []
    for index in range(len(lines) - 1, -1, -1):
        found = _FULL_WIDTH_KEY.match(lines[index])
        if found:
            return index, found.start(1)
    return None


def _offset(text: str, line0: int, column0: int) -> int:
    """The index in ``text`` of 0-based ``line0``, ``column0``."""
    start = 0
    for _line in range(line0):
        start = text.find("\n", start) + 1
        if start == 0:
            return len(text)
    return min(start + column0, len(text))


def _syntax_message(exc: yaml.MarkedYAMLError, text: str, line0: int) -> tuple[str, str]:
    """Our ``(message, hint)`` for a parser error: the same words whatever parser found it."""
    known = explain(exc.context, exc.problem)
    if known is None:
        words = " ".join(x for x in (exc.context, exc.problem) if x)
        return _("YAML syntax error: this line is not valid YAML"), _parser_says(words)
    message, hint = known
    if message == NESTING:
        return _nesting()
    if _has_tab_indent(text, line0):
        hint = TAB_HINT
    # Translators: {problem} is one of the sentences that say what is wrong with the YAML
    return _("YAML syntax error: {problem}").format(problem=_(message)), _(hint)


def _parser_says(words: str) -> str:
    """The hint for an error no rule of :mod:`.yamlmessages` knows: the parser's own
    words, which are English whatever the language (they come from PyYAML or libyaml)."""
    # Translators: {words} is the YAML parser's own English message, left as it is
    return _("the YAML parser says: {words}").format(words=words)


def _has_tab_indent(text: str, line0: int) -> bool:
    lines = text.split("\n")
    if 0 <= line0 < len(lines) and "\t" in lines[line0]:
        return True
    return any("\t" in ln[: len(ln) - len(ln.lstrip())] for ln in lines)


class _Frame:
    __slots__ = ("value", "path", "key", "key_mark", "size", "anchor")

    def __init__(self, value: Any, path: Path_, anchor: str | None) -> None:
        self.value = value
        self.path = path
        self.anchor = anchor
        self.key: str | None = None  # mappings: the key waiting for its value
        self.key_mark: Pos = (0, 0)
        self.size = 1


def _compose(
    text: str, doc: YamlDoc, offset: int, duplicates: list[tuple[int, int, str, str]],
    loader: Any,
) -> None:
    anchors: dict[str, tuple[Any, int]] = {}
    stack: list[_Frame] = []
    total = 0
    documents = 0
    root_set = False

    def pos(event: Any) -> Pos:
        return (event.start_mark.line + 1 + offset, event.start_mark.column + 1)

    def attach(value: Any, event: Any, size: int) -> Path_ | None:
        """Put a finished value into its parent; returns the value's path."""
        nonlocal root_set
        if not stack:
            doc.data = value
            root_set = True
            return ()
        parent = stack[-1]
        parent.size += size
        if isinstance(parent.value, list):
            path = (*parent.path, len(parent.value))
            parent.value.append(value)
            return path
        if parent.key is None:  # this value is a key
            if not isinstance(value, str):
                line, col = pos(event)
                raise _Abort(line, col, _("a mapping key must be plain text"),
                             _("remove the brackets or braces around the key"))
            parent.key = value
            parent.key_mark = pos(event)
            return None
        key = parent.key
        parent.key = None
        path = (*parent.path, key)
        if key in parent.value:
            first = doc.key_marks.get(path, (0, 0))
            duplicates.append((*parent.key_mark, _("duplicate key '{key}'").format(key=key),
                               _("it is already set on line {line}; YAML would keep only the "
                                 "last one, so remove one of them").format(line=first[0])))
        parent.value[key] = value
        doc.key_marks[path] = parent.key_mark
        return path

    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                line, col = pos(event)
                raise _Abort(line, col,
                             _("a file holds one YAML document; found a second '---'"),
                             _("remove the '---' line or split the file"))
            continue
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if len(stack) >= MAX_DEPTH:
                line, col = pos(event)
                raise _Abort(line, col, *_nesting())
            container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
            frame = _Frame(container, _child_path(stack), event.anchor)
            doc.marks[frame.path] = pos(event)
            stack.append(frame)
            continue
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            frame = stack.pop()
            attach(frame.value, event, frame.size)
            if frame.anchor:
                anchors[frame.anchor] = (frame.value, frame.size)
            continue
        if isinstance(event, yaml.ScalarEvent):
            total += 1
            plain = event.style in (None, "")
            is_null = plain and event.value in _NULLS and not _wants_key(stack)
            value: Any = None if is_null else event.value
            path = attach(value, event, 1)
            if path is not None:
                doc.marks[path] = pos(event)
            if event.anchor:
                anchors[event.anchor] = (value, 1)
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor not in anchors:
                line, col = pos(event)
                raise _Abort(line, col, _("unknown alias '*{anchor}'").format(anchor=event.anchor),
                             _("define the anchor with '&' before using it"))
            value, size = anchors[event.anchor]
            total += size
            if total > MAX_NODES:
                line, col = pos(event)
                raise _Abort(line, col,
                             _("aliases expand this document beyond {limit} values").format(
                                 limit=current().number(MAX_NODES)),
                             _("this looks like a 'billion laughs' alias bomb; write the "
                               "values out instead of nesting aliases"))
            path = attach(value, event, size)
            if path is not None:
                doc.marks[path] = pos(event)
        else:
            continue
        if total > MAX_NODES:
            line, col = pos(event)
            raise _Abort(line, col, _("document has more than {limit} values").format(
                limit=current().number(MAX_NODES)), _("split it into smaller files"))
    if not root_set:
        doc.data = None


def _child_path(stack: list[_Frame]) -> Path_:
    """The path the next value pushed onto ``stack`` will have."""
    if not stack:
        return ()
    parent = stack[-1]
    if isinstance(parent.value, list):
        return (*parent.path, len(parent.value))
    if parent.key is None:  # a collection used as a key: attach() rejects it
        return (*parent.path, "?")
    return (*parent.path, parent.key)


def _wants_key(stack: list[_Frame]) -> bool:
    """True when the next scalar is a mapping key (keys stay text, even ``null``)."""
    return bool(stack) and isinstance(stack[-1].value, dict) and stack[-1].key is None


_MKDOCS_FRONT_RE = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
"""How MkDocs finds front matter (``mkdocs.utils.meta.YAML_RE``)."""


def front_matter_risky(text: str, max_depth: int = MAX_DEPTH, max_values: int = MAX_NODES) -> bool:
    """Would MkDocs' own front matter parser crash or blow up on this Markdown file?

    MkDocs reads front matter with PyYAML's recursive C composer, which dies with a
    segmentation fault on very deep nesting, and hands aliases on as shared objects that
    anything walking them expands ("billion laughs"). We walk the parser's event stream
    instead, counting depth and the values aliases would expand to.
    """
    m = _MKDOCS_FRONT_RE.match(text)
    if not m:
        return False
    sizes: dict[str, int] = {}
    stack: list[list[Any]] = [[None, 0]]  # [anchor, values inside] per open collection
    try:
        for event in yaml.parse(m.group(1), Loader=_Loader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                stack.append([event.anchor, 1])
                if len(stack) > max_depth + 1:
                    return True
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                anchor, size = stack.pop()
                stack[-1][1] += size
                if anchor:
                    sizes[anchor] = size
            elif isinstance(event, yaml.ScalarEvent):
                stack[-1][1] += 1
                if event.anchor:
                    sizes[event.anchor] = 1
            elif isinstance(event, yaml.AliasEvent):
                stack[-1][1] += sizes.get(event.anchor or "", 1)
            if stack[-1][1] > max_values or stack[0][1] > max_values:
                return True
    except yaml.MarkedYAMLError as exc:
        # libyaml's own nesting limit (PyYAML 6.0.4) stops it first; MkDocs' pure-Python
        # composer has none and would recurse until it crashes
        return explain(exc.context, exc.problem) == (NESTING, "")
    except yaml.YAMLError:
        return False  # MkDocs ignores front matter it cannot parse
    return False
