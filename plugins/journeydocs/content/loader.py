"""Files -> :class:`~journeydocs.content.model.Playbook`, with every problem found on the way.

Each file is read on its own, so a broken file costs only itself: the rest of the playbook
still loads and publishes. Parsed files are memoised by (size, mtime) so `mkdocs serve`
re-reads only what changed.
"""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from journeydocs.content.checklist import glued_items, sop_items
from journeydocs.content.defuse import defuse_journey, defuse_sop
from journeydocs.content.markdown_checks import check_front_matter, check_journey, check_sop
from journeydocs.content.model import (
    Branch,
    Customer,
    Journey,
    Metric,
    Owner,
    Playbook,
    Sop,
    Step,
    StepType,
)
from journeydocs.content.partials import is_partial, snippet_places
from journeydocs.content.schedule import read_schedule
from journeydocs.content.schema import (
    ID_HINT,
    JOURNEY,
    OWNER,
    RESERVED_HINT,
    RESERVED_ID,
    SLUG_RE,
    SOP,
    Validator,
)
from journeydocs.content.settings import Settings
from journeydocs.content.sopfile import (
    first_heading,
    front_matter_block,
    split_front_matter,
)
from journeydocs.content.yamlload import YamlDoc, decode, load_yaml
from journeydocs.i18n import N_, _, current
from journeydocs.problems import Problems, Severity
from journeydocs.safety.findings import shorten

YAML_SUFFIXES = (".yml", ".yaml")
T = TypeVar("T")


class FileMemo:
    """Remembers what each file parsed to while its size and mtime stay the same.

    Each caller gets its own copy (builds may change what they get); the copy is kept
    pickled, several times faster than ``copy.deepcopy`` both ways. ``tag`` names what
    else the results depend on (the Markdown extensions an SOP's items are read with); the
    problems are in the language that was active, so a file is read again in another.
    """

    def __init__(self, tag: str = "") -> None:
        self.tag = tag
        self._entries: dict[str, tuple[tuple[int, int, int], Any, Problems]] = {}

    def get(self, path: Path, parse: Callable[[Path, Problems], T]) -> tuple[T, Problems]:
        stat = path.stat()
        stamp = (stat.st_size, stat.st_mtime_ns, id(current().translations))
        key = str(path)
        hit = self._entries.get(key)
        if hit and hit[0] == stamp:
            return _thaw(hit[1]), Problems(hit[2])
        problems = Problems()
        value = parse(path, problems)
        self._entries[key] = (stamp, _freeze(value), Problems(problems))
        return value, problems


def _freeze(value: Any) -> Any:
    try:
        return pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError):
        return copy.deepcopy(value)


def _thaw(frozen: Any) -> Any:
    return pickle.loads(frozen) if isinstance(frozen, bytes) else copy.deepcopy(frozen)


def load_playbook(settings: Settings, memo: FileMemo | None = None) -> tuple[Playbook, Problems]:
    """Load owners, journeys and SOPs. Cross-checks happen in :mod:`journeydocs.content.checks`."""
    memo = memo or FileMemo()
    problems = Problems()
    book = Playbook(stages=list(settings.stages))
    docs = settings.docs_dir

    owners_path = docs / settings.owners_file
    book.owners_source = settings.rel(owners_path)
    if owners_path.is_file():
        owners, found = memo.get(owners_path, lambda p, pr: _read_owners(settings, p, pr))
        problems.extend(found)
        if not owners and found.errors():
            book.unreadable[("owner", "*")] = book.owners_source
        book.owners = owners
    else:
        problems.add(book.owners_source, 0, 0, _("there is no owners file"),
                     _("create {file} listing who is accountable").format(
                         file=book.owners_source))

    for path in _files(settings, docs / settings.journeys_dir, YAML_SUFFIXES):
        journey, found = memo.get(path, lambda p, pr: _read_journey(settings, p, pr))
        problems.extend(found)
        if journey is None:
            book.unreadable[("journey", path.stem)] = settings.rel(path)
            continue
        if journey.id in book.journeys:
            problems.add(journey.source, *journey.at("id"),
                         _("journey id '{id}' is also used by {file}").format(
                             id=journey.id, file=book.journeys[journey.id].source),
                         _("ids must be unique; rename one"))
            continue
        book.journeys[journey.id] = journey

    sops_folder = docs / settings.sops_dir
    places = snippet_places(settings.markdown, settings.root)
    for path in _files(settings, sops_folder, (".md",), excluded=False):
        if not is_partial(path, sops_folder, places):
            book.excluded_sops[path.stem] = settings.rel(path)
    for path in _files(settings, sops_folder, (".md",)):
        if (path.name == "index.md" and path.parent == docs / settings.sops_dir) or \
                is_partial(path, sops_folder, places):
            continue  # the section's landing text; a piece SOPs include
        sop, found = memo.get(path, lambda p, pr: _read_sop(settings, p, pr))
        problems.extend(found)
        if sop is None:
            book.unreadable[("SOP", path.stem)] = settings.rel(path)
            continue
        if sop.id in book.sops:
            problems.add(sop.source, *sop.at("id"),
                         _("SOP id '{id}' is also used by {file}").format(
                             id=sop.id, file=book.sops[sop.id].source),
                         _("ids must be unique; rename one"))
            continue
        book.sops[sop.id] = sop
    return book, problems


def _files(settings: Settings, folder: Path, suffixes: tuple[str, ...], *,
           excluded: bool = True) -> list[Path]:
    """The folder's files with these suffixes, sorted, less those the site excludes (or,
    with ``excluded=False``, only those)."""
    if not folder.is_dir() or (not excluded and not settings.excluded):
        return []
    found = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in suffixes)
    if settings.excluded:
        docs = settings.docs_dir
        found = [p for p in found
                 if (p.relative_to(docs).as_posix() not in settings.excluded) == excluded]
    return found


def _read_text(path: Path, source: str, problems: Problems) -> str | None:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        # Translators: {error} is the operating system's own words ("Permission denied")
        problems.add(source, 0, 0, _("cannot read the file: {error}").format(
            error=exc.strerror))
        return None
    return decode(raw, source, problems)


def _file_id(settings: Settings, path: Path, source: str, explicit: Any,
             doc: YamlDoc, problems: Problems, kind: str) -> str | None:
    if isinstance(explicit, str) and SLUG_RE.match(explicit):
        return explicit
    if explicit is not None:  # the validator already reported the bad id
        return None
    stem = path.stem
    if stem == RESERVED_ID:
        problems.add(source, 0, 0, _(_RESERVED_NAME[kind]).format(name=path.name),
                     _("a page called 'index' would take the place of its folder's generated "
                       "list; choose another id: rename the file or set 'id:' in it"))
        return None
    if not SLUG_RE.match(stem):
        problems.add(source, 0, 0, _(_INVALID_NAME[kind]).format(name=path.name),
                     _("rename the file using lower-case letters, digits and '-', "
                       "or set 'id:' in the file"))
        return None
    return stem


_RESERVED_NAME = {
    "journey": N_("the file name '{name}' makes the journey id 'index', which is reserved"),
    "SOP": N_("the file name '{name}' makes the SOP id 'index', which is reserved"),
}
_INVALID_NAME = {
    "journey": N_("the file name '{name}' is not a valid journey id"),
    "SOP": N_("the file name '{name}' is not a valid SOP id"),
}


def _read_owners(settings: Settings, path: Path, problems: Problems) -> dict[str, Owner]:
    source = settings.rel(path)
    text = _read_text(path, source, problems)
    if text is None:
        return {}
    doc = load_yaml(text, source, problems)
    if doc.data is None:
        if not problems:
            problems.add(source, 1, 1, _("the owners file is empty"),
                         _("list each owner as 'owner-id:' with a 'name:'"))
        return {}
    v = Validator(doc, source, problems)
    if not isinstance(doc.data, dict):
        v.report((), _("owners.yml must map owner ids to owners"),
                 _("write 'sales-lead:' and under it 'name: Sales lead'"))
        return {}
    owners: dict[str, Owner] = {}
    for oid, raw in doc.data.items():
        if oid == RESERVED_ID:
            v.report((oid,), _("owner id 'index' is reserved"), _(RESERVED_HINT), key=True)
            continue
        if not SLUG_RE.match(oid):
            v.report((oid,), _("owner id '{id}' is not a valid id").format(id=oid),
                     _(ID_HINT), key=True)
            continue
        data = v.object(raw, OWNER, (oid,), _("owner '{id}'").format(id=oid))
        if data is None:
            continue
        line, col = doc.key_at((oid,))
        owners[oid] = Owner(source=source, line=line, column=col, pos=_positions(doc, (oid,)),
                            id=oid, name=data.get("name") or oid, person=data.get("person", ""),
                            team=data.get("team", ""), email=data.get("email", ""),
                            chat=data.get("chat", ""), github=data.get("github", ""))
    return owners


def _positions(doc: YamlDoc, path: tuple[str | int, ...]) -> dict[str, tuple[int, int]]:
    """Where each child of the value at ``path`` stands (indexed once per document)."""
    children: dict[tuple[str | int, ...], dict[str, tuple[int, int]]] | None
    children = doc.__dict__.get("_children")
    if children is None:
        children = {}
        for p, mark in doc.marks.items():
            if p:
                children.setdefault(p[:-1], {})[str(p[-1])] = mark
        doc.__dict__["_children"] = children
    return dict(children.get(path, {}))


def _read_journey(settings: Settings, path: Path, problems: Problems) -> Journey | None:
    source = settings.rel(path)
    text = _read_text(path, source, problems)
    if text is None:
        return None
    doc = load_yaml(text, source, problems)
    if doc.data is None:
        if not problems:
            problems.add(source, 1, 1, _("the journey file is empty"),
                         _("start with 'title:', 'system:', 'owner:' and 'steps:'"))
        return None
    v = Validator(doc, source, problems)
    data = v.object(doc.data, JOURNEY, (), _("the journey"))
    if data is None:
        return None
    jid = _file_id(settings, path, source, data.get("id", doc.data.get("id")), doc, problems,
                   "journey")
    if jid is None:
        return None
    journey = Journey(source=source, line=1, column=1, pos=_positions(doc, ()), id=jid,
                      src_uri=path.relative_to(settings.docs_dir).as_posix(),
                      title=data.get("title", jid), system=data.get("system", ""),
                      owner=data.get("owner", ""), product=data.get("product", ""),
                      segment=data.get("segment", ""), status=data.get("status", "as-is"),
                      summary=data.get("summary", ""), stages=data.get("stages", []))
    for raw in data.get("steps", []):
        step = _step(doc, raw)
        if step is not None:
            journey.steps.append(step)
    defuse_journey(journey, problems)  # a load step: new text, reported
    check_journey(journey, doc, text, problems)  # raw HTML and links the page drops
    return journey


def _step(doc: YamlDoc, raw: dict[str, Any]) -> Step | None:
    path = raw.pop("__path__")
    if "id" not in raw:
        return None
    line, col = doc.at(path)
    customer = None
    if isinstance(raw.get("customer"), dict):
        c = raw["customer"]
        cl, cc = doc.at((*path, "customer"))
        customer = Customer(source="", line=cl, column=cc, motivation=c.get("motivation", ""),
                            concerns=c.get("concerns", []))
    metrics = []
    for m in raw.get("metrics", []):
        mpath = m.pop("__path__")
        ml, mc = doc.at(mpath)
        metrics.append(Metric(line=ml, column=mc, name=m.get("name", ""),
                              target=m.get("target", "")))
    branches = []
    for b in raw.get("branches", []):
        bpath = b.pop("__path__")
        bl, bc = doc.at(bpath)
        branches.append(Branch(line=bl, column=bc, pos=_positions(doc, bpath),
                               label=b.get("label", ""), next=b.get("next", "")))
    nxt = raw.get("next", [])
    return Step(line=line, column=col, pos=_step_positions(doc, path), id=raw["id"],
                title=raw.get("title", raw["id"]), type=StepType(raw.get("type", "task")),
                stage=raw.get("stage", ""), channel=raw.get("channel", ""),
                touchpoint=raw.get("touchpoint", ""), next=list(nxt), owner=raw.get("owner", ""),
                automation=raw.get("automation", []), metrics=metrics,
                critical=bool(raw.get("critical", False)), sop=raw.get("sop", ""),
                customer=customer, branches=branches, continues=raw.get("continues", ""),
                notes=raw.get("notes", ""))


def _step_positions(doc: YamlDoc, path: tuple[str | int, ...]) -> dict[str, tuple[int, int]]:
    out = _positions(doc, path)
    # list-valued `next`: remember where each target stands
    nxt = doc.data
    for p in path:
        nxt = nxt[p]
    if isinstance(nxt, dict) and isinstance(nxt.get("next"), list):
        for i in range(len(nxt["next"])):
            if (*path, "next", i) in doc.marks:
                out[f"next.{i}"] = doc.marks[(*path, "next", i)]
    return out


def _read_sop(settings: Settings, path: Path, problems: Problems) -> Sop | None:
    source = settings.rel(path)
    text = _read_text(path, source, problems)
    if text is None:
        return None
    before = len(problems)
    split = split_front_matter(text, source, problems)
    doc = split.front
    v = Validator(doc, source, problems)
    data: dict[str, Any] = {}
    if split.has_front and doc.data is not None:
        data = v.object(doc.data, SOP, (), _("the SOP front matter")) or {}
    elif len(problems) == before:  # no front matter (or an empty one), and no YAML error
        problems.add(source, 1, 1, _("the SOP has no front matter with an owner"),
                     _("start the file with '---', 'owner: <owner id>', '---'"))
    raw_id = doc.data.get("id") if isinstance(doc.data, dict) else None
    sid = _file_id(settings, path, source, data.get("id", raw_id), doc, problems, "SOP")
    if sid is None:
        return None
    sop = Sop(source=source, line=1, column=1, pos=_positions(doc, ()), id=sid,
              src_uri=path.relative_to(settings.docs_dir).as_posix(),
              title=data.get("title") or first_heading(split.body) or sid,
              owner=data.get("owner", ""), review_every=data.get("review_every", ""),
              last_reviewed=data.get("last_reviewed"), tools=data.get("tools", []),
              tags=data.get("tags", []), body=split.body, body_line=split.body_line,
              front_matter=front_matter_block(text, split),
              kind=data.get("kind") or "procedure", expect_every=data.get("expect_every", ""),
              schedule=read_schedule(data.get("schedule"), doc, source, problems))
    sop.body = defuse_sop(sop, problems)  # a load step: new text, reported
    sop.items = sop_items(sop.body, sop.body_line)  # as the page shows them
    check_front_matter(doc, source, problems)
    check_sop(sop, text, problems)  # raw HTML and links the page drops
    if not sop.items and sop.kind != "reference":
        problems.add(source, split.body_line, 0, _("the SOP has no checklist item"),
                     _("add steps as a task list: lines starting with '- [ ] ' (or, for a "
                       "page to read, set 'kind: reference')"), code="no-checklist")
    for line in glued_items(sop.body, sop.body_line, sop.items):
        problems.add(source, line, 1, _("this task-list line follows a paragraph line, so the "
                                        "page shows it as text, not as a checklist item"),
                     _("add a blank line before the list"), code="glued-list")
    for item in sop.items:
        if item.checked:
            problems.add(source, item.line, 1,
                         _("checklist item '{item}' is ticked in the file ('[x]'): every run "
                           "starts with it unticked").format(item=shorten(item.text)),
                         _("write '- [ ] ' (ticks belong to runs, not to the procedure)"),
                         severity=Severity.NOTICE, code="ticked-item")
    return sop


def read_sop(settings: Settings, path: Path) -> tuple[Sop | None, Problems]:
    """One SOP file read and checked on its own (what :func:`load_playbook` does for each
    SOP, without the checks across files): the SOP, or None, and its problems."""
    problems = Problems()
    return _read_sop(settings, path, problems), problems
