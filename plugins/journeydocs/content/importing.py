"""One existing Markdown procedure in, one SOP out, with every change it took, by line.

``journeydocs import`` runs :func:`convert` on each file; deciding ids and target files is
:mod:`journeydocs.content.importplan`. Pure: text in, text out, nothing read or written.

What changes (each is a :class:`Change` at the line of the source file it came from):

- front matter: SOP keys are kept when their values are valid, obvious synonyms are mapped
  (``categories``/``keywords`` -> ``tags``, ``summary`` -> ``description``, ...), keys MkDocs
  and Material read are kept as written, and every other key is kept *as a YAML comment*
  (the content model refuses unknown keys, so a kept key would fail ``journeydocs check``);
- the owner: the file's own when it is in ``owners.yml``, else ``owner`` of the options;
- the title: the front matter's, else the first H1 (a Setext ``Title`` / ``=====`` heading is
  rewritten as ``# Title``), else the title made from the file name;
- numbered steps (``1.``, ``2)``) become ``- [ ]`` items only with ``numbered_steps``;
- links to other imported files become ``[[sop:id|text]]`` (SOP pages live at ``sops/<id>/``
  wherever the file is, so a path would break); links to nothing known are reported;
- ticked items (``- [x]``) are unticked: every run starts with its items unticked;
- nothing else in the body: fenced code (with its ``# comments`` and ``- [ ]``) stays as is.
"""
# size: one rule per function, in the order a file is converted; the front matter rules
# (half of it) read best beside the body rules they hand their lines to

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from journeydocs.content.checklist import glued_items, sop_items
from journeydocs.content.model import ChecklistItem
from journeydocs.content.schema import CONTROL_RE, DATE_RE, INTERVAL_RE, MAX_TEXT, SLUG_RE
from journeydocs.content.sopfile import first_heading, outside_code
from journeydocs.content.yamlload import YamlDoc, load_yaml
from journeydocs.i18n import N_, _
from journeydocs.problems import Problems
from journeydocs.safety.frontmatter import META_RULES

SOP_KEYS = ("title", "owner", "review_every", "last_reviewed", "tools", "tags")
PASSTHROUGH = ("description", "subtitle", "hide", "search", "template", "icon", "status")
"""Front matter keys MkDocs and Material read; kept as the author wrote them."""
SYNONYMS = {
    "categories": "tags", "category": "tags", "keywords": "tags", "labels": "tags",
    "summary": "description", "abstract": "description", "excerpt": "description",
    "reviewed": "last_reviewed", "last_review": "last_reviewed",
    "reviewed_on": "last_reviewed", "last_reviewed_on": "last_reviewed",
    "review_interval": "review_every", "review_cycle": "review_every",
    "review_frequency": "review_every", "tool": "tools",
}
"""Foreign keys whose meaning is an SOP (or Material) key's: their values move there."""

_NUMBERED_RE = re.compile(r"^(\s*)\d{1,9}[.)](\s+)(?!\[[ xX]\]\s)(\S.*)$")
_SETEXT_H1_RE = re.compile(r"^\s{0,3}=+\s*$")
_H1_RE = re.compile(r"^\s{0,3}#\s")
_LINK_RE = re.compile(r"(!?)\[([^\]]*)\]\((<[^>]*>|[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_REFDEF_RE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)")
_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_PLAIN_RE = re.compile(r"^[A-Za-z][A-Za-z0-9 ._/()-]*[A-Za-z0-9.)]$|^[A-Za-z]$")
_DROPPED = "\x00dropped"
"""A line the conversion removes (kept in place until the end, so lines keep their numbers)."""
_YAML_WORDS = {"yes", "no", "on", "off", "true", "false", "null", "y", "n"}
# Why a front matter key is kept as a comment (translated when reported; the first two need
# nothing from the author)
NOT_SOP_KEY, EMPTY = N_("not an SOP key"), N_("it is empty")
INVALID, ALREADY_SET = N_("its value is not valid"), N_("'{key}' is already set")


@dataclass(frozen=True)
class Change:
    """What the import did at ``line`` of the source file (0: the file as a whole).

    ``attention`` marks what the author still has to do (or check) by hand.
    """

    line: int
    message: str
    attention: bool = False


@dataclass
class Converted:
    """The SOP text, what changed, and the checklist the result holds."""

    text: str
    changes: list[Change] = field(default_factory=list)
    items: int = 0
    title: str = ""


Relink = Callable[[str], "str | None"]
"""A relative link target (path only, no ``#anchor``) -> the id of the SOP it was imported
as, ``""`` for a file that is there (left as it is), None when it points at nothing known."""


_TICKED_RE = re.compile(r"^(\s*(?:>\s*)*(?:[-*+]|\d+[.)])\s+)\[[xX]\]")

def convert(text: str, *, title: str, owner: str, owners: frozenset[str],
            numbered_steps: bool = False, relink: Relink | None = None) -> Converted:
    """Convert one procedure (``text``: decoded Markdown) into SOP Markdown.

    ``title`` is the title made from the file name (used when the file has none); ``owner``
    the owner id for files without a valid one ("" for none); ``owners`` every id of
    ``owners.yml``. Never raises on odd input: what it cannot use is kept as a comment and
    reported.
    """
    out = Converted("")
    front_lines, body, body_line = _split(text)
    was: list[tuple[str, int]] = []  # an owner the owners file does not have, and its line
    values, kept, comments = _front_matter(front_lines, out.changes, owners, was)
    body_lines = body.split("\n")
    _setext_to_atx(body_lines, body_line, out.changes)
    if numbered_steps:
        _number_to_tasks(body_lines, body_line, out.changes)
    if relink is not None:
        _relink(body_lines, body_line, relink, out.changes)
    body = "\n".join(line for line in body_lines if line != _DROPPED)

    given = values.get("title")
    out.title = (given if isinstance(given, str) else "") or first_heading(body)
    if not out.title:
        values["title"] = out.title = title
        out.changes.append(Change(1, _("no title and no H1: title '{title}' from the file "
                                       "name").format(title=title)))
    _owner(values, owner, owners, was[0] if was else ("", 1), out.changes)

    items = sop_items(body, body_line)
    out.items = len(items)
    ticked = [i for i in items if i.checked and i.line >= body_line]
    if ticked:
        lines = body.split("\n")
        for item in ticked:
            at = item.line - body_line
            if 0 <= at < len(lines):
                lines[at] = _TICKED_RE.sub(r"\1[ ]", lines[at], count=1)
                out.changes.append(Change(item.line, _("ticked item ([x]) unticked: every run "
                                                       "starts with its items unticked")))
        body = "\n".join(lines)
    body, items = _unglue(body, body_line, items, out.changes)
    out.items = len(items)
    if not items:
        out.changes.append(_no_items(body, body_line, numbered_steps))

    head = ["---", *_emit(values), *kept]
    if comments:
        head.append("# " + _("Not SOP keys; kept from the original front matter by "
                             "journeydocs import:"))
        head.extend(comments)
    head.append("---")
    out.text = "\n".join(head) + "\n" + body.lstrip("\n")
    if not out.text.endswith("\n"):
        out.text += "\n"
    out.changes.sort(key=lambda c: c.line)
    return out


def _split(text: str) -> tuple[list[tuple[int, str]] | None, str, int]:
    """(front matter lines with their file line numbers, or None; body; body's first line).

    A front matter that is never closed is no front matter: the whole file is the body.
    TOML front matter (``+++``, Hugo) is returned like YAML and fails to parse as YAML.
    """
    lines = text.split("\n")
    fence = lines[0].rstrip() if lines else ""
    if fence not in ("---", "+++"):
        return None, text, 1
    ends = ("---", "...") if fence == "---" else ("+++",)
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ends:
            return [(n + 1, lines[n]) for n in range(1, i)], "\n".join(lines[i + 1:]), i + 2
    return None, text, 1


def _front_matter(lines: list[tuple[int, str]] | None, changes: list[Change],
                  owners: frozenset[str], was: list[tuple[str, int]]
                  ) -> tuple[dict[str, str | list[str]], list[str], list[str]]:
    """(SOP values by key, kept lines (Material's keys), commented lines) of a front matter;
    an ``owner`` that is not in ``owners`` is added to ``was`` with its line."""
    values: dict[str, str | list[str]] = {}
    if not lines:
        if lines is None:
            changes.append(Change(1, _("front matter added")))
        return values, [], []
    problems = Problems()
    doc = load_yaml("\n".join(text for _n, text in lines), "", problems, line_offset=1)
    first = lines[0][0]
    if problems or not isinstance(doc.data, dict):
        error = (problems[0].message if problems
                 else _("it is not a list of 'key: value' lines"))
        changes.append(Change(first - 1, _("front matter cannot be read ({error}): kept as "
                                           "comments").format(error=error), attention=True))
        return values, [], _commented(text for _n, text in lines)
    blocks = _blocks(doc, lines)
    kept: list[str] = []
    comments = [text for _n, text in lines[:_first_key(doc, lines)] if text.lstrip()[:1] == "#"]
    present = set(doc.data)
    for key, raw in doc.data.items():
        line, block = blocks[key]
        target = SYNONYMS.get(key, key)
        why: str | None
        if target in SOP_KEYS:
            value = _sop_value(target, raw, owners)
            if value is None and key == "owner":  # reported with the owner chosen (_owner)
                was.append(("" if raw is None else str(raw).strip(), line))
                comments.extend(_commented(block))
                continue
            why = _taken(target, key, raw, value, values, present)
            if value is not None and why is None:
                if isinstance(value, list) and target in values:  # tags from two keys
                    value = [*values[target], *(v for v in value if v not in values[target])]
                values[target] = value
                if target != key:
                    changes.append(Change(line, _renamed(key, target)))
                elif isinstance(raw, str) and isinstance(value, list):
                    changes.append(Change(line, _("'{key}' made a list").format(key=key)))
                continue
        elif target in PASSTHROUGH:
            why = None if _passes(target, raw) else INVALID
            if why is None and target == key:
                kept.extend(block)
                continue
            why = why or _taken(target, key, raw, raw, values, present)
            if why is None and isinstance(raw, str):
                values[target] = raw.strip()
                changes.append(Change(line, _renamed(key, target)))
                continue
        else:
            why = NOT_SOP_KEY
        why = why or INVALID
        said = _(why).format(key=target)
        changes.append(Change(line, _("'{key}' kept as a comment: {why}").format(key=key,
                                                                                  why=said),
                              attention=why not in (NOT_SOP_KEY, EMPTY)))
        comments.extend(_commented(block))
    return values, kept, comments


def _renamed(key: str, target: str) -> str:
    return _("'{key}' renamed '{target}'").format(key=key, target=target)


def _taken(target: str, key: str, raw: object, value: object,
           values: dict[str, str | list[str]], present: set[str]) -> str | None:
    """Why ``value`` (read from ``raw`` of ``key``, meaning ``target``) is not used (one of
    the reasons above, untranslated), or None when it is."""
    if value is None:
        return EMPTY if raw in (None, "", []) else INVALID
    if target in ("tags", "tools"):
        return None  # lists merge
    if target in values or (target != key and target in present):
        return ALREADY_SET
    return None


def _first_key(doc: YamlDoc, lines: list[tuple[int, str]]) -> int:
    starts = [doc.key_marks[(k,)][0] for k in doc.data if (k,) in doc.key_marks]
    return (min(starts) - lines[0][0]) if starts else len(lines)


def _blocks(doc: YamlDoc, lines: list[tuple[int, str]]) -> dict[str, tuple[int, list[str]]]:
    """Each top-level key's (file line, its lines as written: the key's line to the next's)."""
    starts = sorted((doc.key_marks.get((k,), (lines[0][0], 1))[0], k) for k in doc.data)
    first = lines[0][0]
    out = {}
    for i, (line, key) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else first + len(lines)
        block = [text for n, text in lines if line <= n < end]
        while block and not block[-1].strip():
            block.pop()
        out[key] = (line, block)
    return out


def _commented(lines: Iterable[str]) -> list[str]:
    return [text if text.lstrip().startswith("#") else f"# {text}".rstrip() for text in lines]


def _text_ok(value: object) -> bool:
    return (isinstance(value, str) and bool(value.strip()) and "\n" not in value.strip()
            and len(value) <= MAX_TEXT and not CONTROL_RE.search(value))


def _sop_value(key: str, raw: object, owners: frozenset[str]) -> str | list[str] | None:
    """``raw`` as the SOP key ``key`` takes it, or None when it cannot be used."""
    if key in ("tools", "tags"):
        items = raw.split(",") if isinstance(raw, str) else raw
        if not isinstance(items, list) or not all(_text_ok(i) for i in items if str(i).strip()):
            return None
        listed = [str(i).strip() for i in items if str(i).strip()]
        return listed or None
    if not _text_ok(raw):
        return None
    text = str(raw).strip()
    if key == "owner":
        return text if text in owners else None
    if key == "review_every":
        return text if INTERVAL_RE.match(text) else None
    if key == "last_reviewed":
        return text if DATE_RE.match(text) and _is_date(text) else None
    return text


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _passes(key: str, raw: object) -> bool:
    """May a Material key keep this value? (Checked as ``journeydocs check`` does.)"""
    if key in META_RULES:
        return isinstance(raw, str) and bool(META_RULES[key][0].match(raw.strip()))
    if key in ("description", "subtitle"):
        return _text_ok(raw)
    return raw is not None


def _owner(values: dict[str, str | list[str]], owner: str, owners: frozenset[str],
           was_at: tuple[str, int],
           changes: list[Change]) -> None:
    was, line = was_at
    if "owner" in values:
        return
    if owner and owner in owners:
        values["owner"] = owner
        what = (_("owner '{was}' is not in the owners file (kept as a comment): owner "
                  "'{owner}' (--owner)") if was else _("owner '{owner}' (--owner)"))
        changes.append(Change(line, what.format(was=was, owner=owner)))
    else:
        what = (_("owner '{was}' is not in the owners file (kept as a comment): import with "
                  "--owner ROLE, or set 'owner:' to an id of the owners file") if was
                else _("no owner: import with --owner ROLE, or set 'owner:' to an id of the "
                       "owners file"))
        changes.append(Change(line, what.format(was=was), attention=True))


def _emit(values: dict[str, str | list[str]]) -> list[str]:
    out = []
    for key in (*SOP_KEYS, *PASSTHROUGH):
        if key in values:
            value = values[key]
            shown = ("[" + ", ".join(_scalar(v) for v in value) + "]"
                     if isinstance(value, list) else _scalar(value))
            out.append(f"{key}: {shown}")
    return out


def _scalar(text: str) -> str:
    """``text`` as a YAML scalar that every YAML reader takes as this very text."""
    plain = (SLUG_RE.match(text) or DATE_RE.match(text) or INTERVAL_RE.match(text)
             or _PLAIN_RE.match(text))
    if plain and text.lower() not in _YAML_WORDS and ": " not in text and " #" not in text:
        return text
    return json.dumps(text, ensure_ascii=False)


def _setext_to_atx(lines: list[str], first: int, changes: list[Change]) -> None:
    """``Title`` over ``=====`` (a Setext H1, outside code) -> ``# Title``."""
    outside = dict(outside_code("\n".join(lines)))
    for i in range(1, len(lines)):
        if i in outside and i - 1 in outside and _SETEXT_H1_RE.match(lines[i]):
            text = lines[i - 1].strip()
            before = lines[i - 2].strip() if i >= 2 else ""
            if text and not before and not text.startswith(("-", "*", "+", ">", "#", "|")):
                lines[i - 1], lines[i] = f"# {text}", _DROPPED
                changes.append(Change(first + i - 1, _("'=====' heading written as '# '")))


def _number_to_tasks(lines: list[str], first: int, changes: list[Change]) -> None:
    for i, line in outside_code("\n".join(lines)):
        m = _NUMBERED_RE.match(line)
        if m and len(m.group(1).expandtabs(4)) < 12:
            lines[i] = f"{m.group(1)}- [ ] {m.group(3)}"
            changes.append(Change(first + i, _("numbered step made a checklist item")))


def _relink(lines: list[str], first: int, relink: Relink, changes: list[Change]) -> None:
    """Links to other imported procedures -> ``[[sop:id|text]]``; links to nothing known
    reported (the strict build warns about them)."""
    def sub(m: re.Match[str], line: int, definition: bool = False) -> str:
        image, text, target = ("", "", m.group(1)) if definition else m.groups()
        inner = target[1:-1] if target.startswith("<") else target
        if not inner or inner.startswith(("#", "/")) or _SCHEME_RE.match(inner):
            return m.group(0)
        path, _hash, anchor = inner.partition("#")
        sop_id = relink(path)
        if sop_id is None:
            changes.append(Change(line, _("link to '{path}', which is neither imported nor in "
                                          "the SOP folder: the strict build warns about it")
                                  .format(path=path), attention=True))
            return m.group(0)
        if not sop_id or image:
            return m.group(0)
        if definition:  # a reference definition: it stays as it is
            changes.append(Change(line, _("link to '{path}', imported as SOP '{id}': write "
                                          "[[sop:{id}|text]] where it is used")
                                  .format(path=path, id=sop_id), attention=True))
            return m.group(0)
        ref = f"[[sop:{sop_id}|{text}]]" if text.strip() else f"[[sop:{sop_id}]]"
        made = (_("link to '{path}' made {ref} (the '#{anchor}' part is dropped)") if anchor
                else _("link to '{path}' made {ref}"))
        changes.append(Change(line, made.format(path=path, ref=ref, anchor=anchor),
                              attention=bool(anchor)))
        return ref

    for i, line in outside_code("\n".join(lines)):
        def inline(m: re.Match[str], n: int = first + i) -> str:
            return sub(m, n)

        def definition(m: re.Match[str], n: int = first + i) -> str:
            return sub(m, n, definition=True)

        lines[i] = _REFDEF_RE.sub(definition, _LINK_RE.sub(inline, line))


def _unglue(body: str, body_line: int, items: list[ChecklistItem],
            changes: list[Change]) -> tuple[str, list[ChecklistItem]]:
    """A blank line before each task list that follows a paragraph line (GitHub shows it
    as a list, Markdown as text): the body and its items after."""
    glued = glued_items(body, body_line, items)
    if not glued:
        return body, items
    lines = body.split("\n")
    for line in reversed(glued):
        lines.insert(line - body_line, "")
        changes.append(Change(line, _("blank line added before the task list: after a "
                                      "paragraph line the page showed it as text")))
    body = "\n".join(lines)
    return body, sop_items(body, body_line)


def _no_items(body: str, first: int, numbered_steps: bool) -> Change:
    numbered = [first + i for i, ln in outside_code(body) if _NUMBERED_RE.match(ln)]
    if numbered and not numbered_steps:
        return Change(numbered[0], _("no checklist item: {n} numbered steps would become "
                                     "items with --numbered-steps").format(n=len(numbered)),
                      attention=True)
    at = next((first + i for i, ln in outside_code(body) if _H1_RE.match(ln)), first)
    return Change(at, _("no checklist item: write the steps as a task list (lines starting "
                        "with '- [ ] '); journeydocs check fails until then"), attention=True)
