"""A filed run, from the GitHub issue to the record: the issue form's fields, read and checked.

GitHub writes an issue form's answers into the issue body as Markdown sections, one per
field, in the form's order::

    ### SOP

    consultation-call

    ### Started

    _No response_

This module reads such a body back into fields (:func:`form_fields`), checks them against
the playbook (:func:`run_from_issue`: problems located by the body's line, said as
``issue #N: line L: message``) and writes the run record's YAML (:func:`record_yaml`).
The person who ran it is the issue's author (GitHub's login), never a field of the form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from journeydocs.content.model import Playbook
from journeydocs.content.records import RunRecord
from journeydocs.content.runs import COMMIT_RE, RUNS_FOLDER, TIME_HINT, format_time, parse_time
from journeydocs.content.schema import suggest
from journeydocs.i18n import N_, _, ngettext
from journeydocs.problems import Problem, Problems, Severity

FORM_FILE = "journeydocs-run.yml"
"""The issue form's file name in ``.github/ISSUE_TEMPLATE/`` (the URL's ``template=``)."""
LABEL = "journeydocs-run"
"""The label the form puts on its issues; the records workflow acts on issues that have it."""
NO_RESPONSE = "_No response_"

FIELDS: tuple[tuple[str, str], ...] = (
    # (field id: the URL's query parameter and the record's key, label as the form shows it)
    ("sop", N_("SOP")),
    ("sop_commit", N_("SOP version (commit)")),
    ("name", N_("Run name")),
    ("started", N_("Started (UTC)")),
    ("finished", N_("Finished (UTC)")),
    ("ticked", N_("Ticked items")),
    ("skipped", N_("Skipped items")),
    ("notes", N_("Notes")),
)
"""The form's fields, in order. Item lists are item numbers, compact: ``1-4, 6``."""
_HEADING = re.compile(r"^###\s+(.*?)\s*$")
_RANGE = re.compile(r"^(\d+)\s*(?:-\s*(\d+))?$")
MAX_ITEMS = 1000


@dataclass
class Field:
    value: str
    line: int  # the body line of the value (of its heading when the value is empty)


def form_fields(body: str) -> dict[str, Field]:
    """The body's sections by field id. A section starts at a heading that is the label
    (in the active language or in English) of a field that comes later in the form than
    the section before: any other heading, such as a ``### `` line in the notes, stays in
    the field's text. Text before the first label is ignored."""
    ids: dict[str, int] = {}
    for order, (_fid, label) in enumerate(FIELDS):
        ids[label.casefold()] = order
        ids[_(label).casefold()] = order
    lines = body.replace("\r\n", "\n").split("\n")
    starts: list[tuple[int, int]] = []  # (line index, field order)
    for index, text in enumerate(lines):
        m = _HEADING.match(text)
        found = ids.get(m.group(1).casefold()) if m else None
        if found is not None and (not starts or found > starts[-1][1]):
            starts.append((index, found))
    out: dict[str, Field] = {}
    for number, (index, order) in enumerate(starts):
        end = starts[number + 1][0] if number + 1 < len(starts) else len(lines)
        chunk = lines[index + 1:end]
        first = next((i for i, text in enumerate(chunk) if text.strip()), None)
        value = "\n".join(chunk).strip()
        if value == NO_RESPONSE:
            value = ""
        out[FIELDS[order][0]] = Field(value, index + 2 + first if first is not None and value
                                      else index + 1)
    return out


def item_numbers(text: str) -> list[int] | None:
    """``"1-4, 6"`` -> ``[1, 2, 3, 4, 6]``; None when it is not such a list."""
    out: list[int] = []
    text = re.sub(r"\s*-\s*", "-", text.replace("，", ",").replace("、", ","))
    for part in re.split(r"[,\s]+", text.strip()):
        if not part:
            continue
        m = _RANGE.match(part)
        if not m:
            return None
        low, high = int(m.group(1)), int(m.group(2) or m.group(1))
        if low < 1 or high < low or high - low > MAX_ITEMS:
            return None
        out.extend(range(low, high + 1))
    return out


def compact(numbers: list[int]) -> str:
    """``[1, 2, 3, 4, 6]`` -> ``"1-4,6"`` (what the browser puts in the URL)."""
    out: list[str] = []
    ordered = sorted(set(numbers))
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        out.append(str(ordered[i]) if i == j else f"{ordered[i]}-{ordered[j]}")
        i = j + 1
    return ",".join(out)


def run_from_issue(event: dict[str, Any], book: Playbook) -> tuple[RunRecord | None, Problems]:
    """The run an ``issues`` event's issue files, checked against ``book``; problems are
    located as ``issue #N``, line L of its body."""
    issue = event.get("issue") if isinstance(event, dict) else None
    problems = Problems()
    if not isinstance(issue, dict) or not isinstance(issue.get("number"), int):
        problems.add("event", 0, 0, _("the event holds no issue"),
                     _("pass the payload of an 'issues' event (GITHUB_EVENT_PATH)"))
        return None, problems
    where = f"issue #{issue['number']}"
    body = issue.get("body") or ""
    user = issue.get("user") or {}
    fields = form_fields(body)

    def add(fid: str, message: str, hint: str = "") -> None:
        field = fields.get(fid)
        problems.add(where, field.line if field else 1, 0, message, hint, code="issue")

    def text(fid: str) -> str:
        field = fields.get(fid)
        return field.value if field else ""

    run = RunRecord(source=where, line=1, issue=issue["number"],
                    ran_by=str(user.get("login") or ""), name=text("name").split("\n")[0],
                    notes=text("notes"))
    sop_id = text("sop")
    if "sop" not in fields:
        problems.add(where, 1, 0, _("the issue has no '{label}' section").format(
            label=_("SOP")), _("file the run with the 'File this run' button of the SOP's "
                               "page, or use the issue form"), code="issue")
    elif not sop_id:
        add("sop", _("the SOP is not given"), _("write the SOP's id, as in its page's address"))
    elif sop_id not in book.sops:
        add("sop", _("there is no SOP '{sop}'").format(sop=sop_id),
            suggest(sop_id, sorted(book.sops)))
    run.sop = sop_id
    commit = text("sop_commit")
    if commit and not COMMIT_RE.match(commit):
        add("sop_commit", _("the SOP version '{value}' is not a commit").format(value=commit),
            _("leave it as the page filled it in"))
    elif commit:
        run.sop_commit = commit
    for fid in ("started", "finished"):
        value = text(fid)
        if not value:
            if fid == "started":
                add(fid, _("the run's start time is not given"), _(TIME_HINT))
            continue
        when = parse_time(value)
        if when is None:
            add(fid, _("'{value}' is not a time").format(value=value), _(TIME_HINT))
        setattr(run, fid, when)
    if run.started and run.finished and run.finished < run.started:
        add("finished", _("the run finished ({finished}) before it started ({started})").format(
            finished=format_time(run.finished), started=format_time(run.started)),
            _("check both times; they are UTC"))
    sop = book.sops.get(sop_id)
    lists: dict[str, list[int]] = {}
    for fid in ("ticked", "skipped"):
        value = text(fid)
        numbers = item_numbers(value)
        if numbers is None:
            add(fid, _("'{value}' is not a list of item numbers").format(value=value),
                _("write numbers and ranges, e.g. 1-4, 6"))
            numbers = []
        if sop is not None:
            beyond = [n for n in numbers if n > len(sop.items)]
            if beyond:
                add(fid, ngettext("item {n} does not exist: SOP '{sop}' has {total} item",
                                  "item {n} does not exist: SOP '{sop}' has {total} items",
                                  len(sop.items)).format(
                    n=beyond[0], sop=sop.id, total=len(sop.items)),
                    _("file the run again from the SOP's page"))
        lists[fid] = numbers
    both = sorted(set(lists["ticked"]) & set(lists["skipped"]))
    if both:
        add("skipped", _("item {n} is both ticked and skipped").format(n=both[0]))
    run.ticked = [str(n) for n in sorted(set(lists["ticked"]))]
    run.skipped = [str(n) for n in sorted(set(lists["skipped"]))]
    if not run.ran_by:
        problems.add(where, 0, 0, _("the event does not say who filed the issue"),
                     severity=Severity.NOTICE, code="issue")
    errors = [p for p in problems if p.severity is Severity.ERROR]
    return (None if errors else run), Problems(sorted(problems))


def issue_line(problem: Problem) -> str:
    """``issue #12: line 7: message (hint)``: a problem with the issue, for its comment."""
    if problem.line <= 0:
        return f"{problem.path}: {problem.body()}"
    return _("{issue}: line {line}: {message}").format(
        issue=problem.path, line=problem.line, message=problem.body())


def record_path(records_dir: str, run: RunRecord) -> str:
    """Where the record goes, docs-relative: ``records/runs/2026/<sop>-<issue>.yml``."""
    year = run.started.year if run.started else 0
    return f"{records_dir.strip('/')}/{RUNS_FOLDER}/{year:04d}/{run.sop}-{run.issue}.yml"


class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def record_yaml(run: RunRecord) -> str:
    """The record file's text: the keys of :data:`~journeydocs.content.schema.RUN`, in
    order, empty ones left out; times in UTC with ``Z``; item numbers as a flow list."""
    data: dict[str, Any] = {"sop": run.sop}
    if run.sop_commit:
        data["sop_commit"] = run.sop_commit
    if run.name:
        data["name"] = run.name
    if run.ran_by:
        data["ran_by"] = run.ran_by
    if run.started:
        data["started"] = format_time(run.started)
    if run.finished:
        data["finished"] = format_time(run.finished)
    out = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000)
    for key in ("ticked", "skipped"):
        numbers = getattr(run, key)
        if numbers:
            out += f"{key}: [{', '.join(numbers)}]\n"
    if run.notes:
        out += yaml.dump({"notes": run.notes.replace("\r\n", "\n").rstrip() + "\n"
                          if "\n" in run.notes else run.notes},
                         Dumper=_Dumper, allow_unicode=True, width=1000)
    if run.issue:
        out += f"issue: {run.issue}\n"
    return out
