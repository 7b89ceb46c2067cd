"""Run records: ``records/runs/<YYYY>/<sop>-<issue>.yml`` under the docs folder -> RunRecords.

A record is one small YAML file per checklist run, written by ``journeydocs record`` from
a filed GitHub issue (or by hand). Each file is read on its own (:func:`read_run`, memoised
like every other source) and the checks across files (:func:`check_runs`: the SOP exists,
its items do) run once the SOPs are loaded. Problems point at the file, line and column an
editor must change, in the site's language.

Items are named by their number in the SOP's checklist (1 = the first item the page
shows), as the browser files them: short enough for a URL, and the same numbers the page
and the loader count (:func:`~journeydocs.content.checklist.page_items`).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from journeydocs.content.model import Playbook
from journeydocs.content.records import RunRecord
from journeydocs.content.schema import RUN, Validator, suggest
from journeydocs.content.settings import Settings
from journeydocs.content.yamlload import YamlDoc, decode, load_yaml
from journeydocs.i18n import N_, _, ngettext
from journeydocs.problems import Problems, Severity, listing

RUNS_FOLDER = "runs"
"""Run records live in ``<records_dir>/runs/``."""
COMMIT_RE = re.compile(r"^[0-9a-f]{7,40}$")
TIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$")
TIME_HINT = N_("write it as YYYY-MM-DDTHH:MM:SSZ (UTC), e.g. 2026-11-02T09:14:00Z")


def runs_folder(settings: Settings) -> Path:
    return settings.docs_dir / settings.records_dir / RUNS_FOLDER


def run_files(settings: Settings) -> list[Path]:
    """The run record files, sorted by path."""
    folder = runs_folder(settings)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in (".yml", ".yaml"))


def parse_time(text: str) -> dt.datetime | None:
    """An ISO 8601 time with its zone (``Z`` or ``+08:00``) -> an aware UTC datetime."""
    text = text.strip()
    if not TIME_RE.match(text):
        return None
    try:
        when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when.astimezone(dt.UTC)


def format_time(when: dt.datetime) -> str:
    """An aware datetime as a record writes it: ``2026-11-02T09:14:00Z``."""
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def read_run(settings: Settings, path: Path, problems: Problems) -> RunRecord | None:
    """One record file -> a RunRecord (None when it cannot be used), problems added."""
    source = settings.rel(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.add(source, 0, 0, _("cannot read the file: {error}").format(
            error=exc.strerror))
        return None
    text = decode(raw, source, problems)
    if text is None:
        return None
    return parse_run(text, source, problems)


def parse_run(text: str, source: str, problems: Problems) -> RunRecord | None:
    """A record's YAML text -> a RunRecord, with every problem of the file on its own."""
    doc = load_yaml(text, source, problems)
    if doc.data is None:
        if not problems:
            problems.add(source, 1, 1, _("the run record is empty"),
                         _("start with 'sop:' and 'started:'"), code="run")
        return None
    v = Validator(doc, source, problems)
    data = v.object(doc.data, RUN, (), _("the run record"))
    if data is None or not data.get("sop"):
        return None
    run = RunRecord(source=source, line=1, column=1, pos=_positions(doc), sop=data["sop"],
                    name=data.get("name", ""), ran_by=data.get("ran_by", "").lstrip("@"),
                    notes=data.get("notes", ""))
    commit = data.get("sop_commit", "")
    if commit and not COMMIT_RE.match(commit):
        _report(problems, source, doc, "sop_commit",
                _("'sop_commit' of the run record is '{value}', which is not a commit").format(
                    value=commit), _("write the commit's hexadecimal id (7 to 40 of 0-9, a-f)"))
    else:
        run.sop_commit = commit
    for key in ("started", "finished"):
        value = data.get(key, "")
        if not value:
            continue
        when = parse_time(value)
        if when is None:
            _report(problems, source, doc, key,
                    _("'{key}' of the run record is '{value}', which is not a time").format(
                        key=key, value=value), _(TIME_HINT))
        setattr(run, key, when)
    if run.started and run.finished and run.finished < run.started:
        _report(problems, source, doc, "finished",
                _("the run finished ({finished}) before it started ({started})").format(
                    finished=format_time(run.finished), started=format_time(run.started)),
                _("check both times; they are UTC"))
    issue = data.get("issue", "")
    if issue:
        if issue.isdigit() and int(issue) > 0:
            run.issue = int(issue)
        else:
            _report(problems, source, doc, "issue",
                    _("'issue' of the run record is '{value}', not an issue number").format(
                        value=issue), _("write the number alone, e.g. 42"))
    for key in ("ticked", "skipped"):
        keys: list[str] = []
        for index, item in enumerate(data.get(key, [])):
            if not item.isdigit() or int(item) < 1:
                line, col = doc.at((key, index)) if isinstance(doc.data.get(key), list) \
                    else doc.at((key,))
                problems.add(source, line, col,
                             _("'{item}' in '{key}' of the run record is not an item "
                               "number").format(item=item, key=key),
                             _("items are numbered from 1, in the order the SOP's page "
                               "shows them"), code="run")
                continue
            keys.append(str(int(item)))
        setattr(run, key, keys)
    both = sorted(set(run.ticked) & set(run.skipped), key=int)
    if both:
        _report(problems, source, doc, "skipped",
                ngettext("item {items} is both ticked and skipped",
                         "items {items} are both ticked and skipped", len(both)).format(
                    items=listing(both)),
                _("keep each item number in one list"))
    return run


def _positions(doc: YamlDoc) -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    for path, mark in doc.marks.items():
        if len(path) == 1:
            out[str(path[0])] = mark
        elif len(path) == 2 and path[0] in ("ticked", "skipped"):
            out[f"{path[0]}.{path[1]}"] = mark
    return out


def _report(problems: Problems, source: str, doc: YamlDoc, key: str, message: str,
            hint: str) -> None:
    line, col = doc.at((key,))
    problems.add(source, line, col, message, hint, code="run")


def check_runs(book: Playbook, runs: list[RunRecord]) -> Problems:
    """Checks across files: the run's SOP exists and its item numbers are the SOP's."""
    problems = Problems()
    for run in runs:
        if run.sop not in book.sops:
            if ("SOP", run.sop) in book.unreadable:
                continue  # its own problems say why it did not load
            hint = suggest(run.sop, sorted(book.sops)) or \
                _("the record names an SOP by its id (the SOP file's name)")
            problems.add(run.source, *run.at("sop"),
                         _("the run record is of SOP '{sop}', which does not exist").format(
                             sop=run.sop), hint, code="run")
            continue
        total = len(book.sops[run.sop].items)
        for key in ("ticked", "skipped"):
            for index, item in enumerate(getattr(run, key)):
                if int(item) > total:
                    problems.add(run.source, *run.at(f"{key}.{index}"),
                                 ngettext("item {n} in '{key}': SOP '{sop}' has {total} item "
                                          "(the run followed an older version?)",
                                          "item {n} in '{key}': SOP '{sop}' has {total} items "
                                          "(the run followed an older version?)",
                                          total).format(
                                     n=item, key=key, sop=run.sop, total=total),
                                 severity=Severity.NOTICE, code="run-item")
    return problems


def load_runs(settings: Settings, memo: Any) -> tuple[list[RunRecord], Problems]:
    """Every run record under the records folder, oldest first (by start, then file)."""
    problems = Problems()
    runs: list[RunRecord] = []
    for path in run_files(settings):
        run, found = memo.get(path, lambda p, pr: read_run(settings, p, pr))
        problems.extend(found)
        if run is not None:
            runs.append(run)
    epoch = dt.datetime.min.replace(tzinfo=dt.UTC)
    runs.sort(key=lambda r: (r.started or epoch, r.source))
    return runs, problems
