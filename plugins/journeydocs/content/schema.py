"""The content model's fields, once: validation and the JSON Schemas both come from here.

A :class:`Spec` lists the keys an object may have. :func:`validate` checks parsed YAML
against it, reporting unknown keys (with a "did you mean"), missing keys, wrong types and
values outside their choices, and returns only the values that can be used, so one mistake
never hides the rest of the file. :func:`json_schema` turns the same specs into the files in
``schemas/`` that editors use while an author types.
"""
# size: every field of the content model in one table, with the one validator and the
# JSON Schema writer that read it

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from journeydocs.content.model import CHANNELS, STATUSES, STEP_TYPES, SYSTEMS
from journeydocs.content.wording import step_where
from journeydocs.content.yamlload import Path_, YamlDoc
from journeydocs.i18n import N_, _, current
from journeydocs.problems import Problems, listing

SLUG_RE = re.compile(r"^(?!index$)[a-z][a-z0-9-]*$")  # an id; never RESERVED_ID
RESERVED_ID = "index"
RESERVED_HINT = N_("a page called 'index' would take the place of its folder's generated "
                   "list; choose another id")
INTERVAL_RE = re.compile(r"^[1-9][0-9]*[dwmy]$")
EMAIL_RE = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")
URL_RE = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)
GITHUB_RE = re.compile(r"^@?[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:/[A-Za-z0-9._-]+)?$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ID_HINT = N_("ids use lower-case letters, digits and '-', starting with a letter")
MAX_TEXT = 500
"""One-line texts (titles, names, labels, targets) longer than this are refused: nobody
reads them on a map, and Graphviz cannot take a tooltip over 16 KB."""
CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters XML (and so an SVG map or a page) cannot hold."""

# Kinds of value. Text kinds accept what YAML 1.2 editors see as numbers, because the loader
# reads every scalar as the text the author typed.
TEXT = "text"  # one line of text
MARKDOWN = "markdown"  # Markdown, possibly several lines
SLUG = "slug"  # an id
SLUGS = "slugs"  # one id or a list of ids
TEXTS = "texts"  # one text or a list of texts
BOOL = "bool"
DATE = "date"
INTERVAL = "interval"
EMAIL = "email"
URL = "url"
GITHUB = "github"
CHOICE = "choice"
OBJECT = "object"
OBJECTS = "objects"  # a list of objects


@dataclass(frozen=True)
class Field:
    """One key of an object. The descriptions of required keys are marked for the
    catalogs: a hint quotes them when the key is missing or empty."""

    name: str
    kind: str
    description: str
    required: bool = False
    choices: tuple[str, ...] = ()
    spec: Spec | None = None


@dataclass(frozen=True)
class Spec:
    name: str  # what an author calls it: "step", "journey"
    description: str
    fields: tuple[Field, ...] = field(default_factory=tuple)

    def names(self) -> list[str]:
        return [f.name for f in self.fields]


METRIC = Spec("metric", "How the step's performance is measured.", (
    Field("name", TEXT, N_("What is measured, e.g. 'Open rate'."), required=True),
    Field("target", TEXT, "The target, e.g. '>= 35%'."),
))

BRANCH = Spec("branch", "One labelled way out of a decision.", (
    Field("label", TEXT, N_("The answer this branch stands for, e.g. 'yes'."), required=True),
    Field("next", SLUG, N_("The step this branch leads to."), required=True),
))

CUSTOMER = Spec("customer", "What drives the customer at this step.", (
    Field("motivation", TEXT, "What the customer wants here."),
    Field("concerns", TEXTS, "What holds the customer back."),
))

STEP = Spec("step", "One step of a system map.", (
    Field("id", SLUG, N_("Unique within the journey; the page anchor is #step-<id>."),
          required=True),
    Field("type", CHOICE, "start and end are terminals; decision needs branches.",
          choices=STEP_TYPES),
    Field("title", TEXT, N_("What happens, as the map shows it."), required=True),
    Field("stage", SLUG, N_("One of the journey's stages."), required=True),
    Field("channel", CHOICE, "How the customer is reached.", choices=CHANNELS),
    Field("touchpoint", TEXT, "Where the customer meets the business."),
    Field("next", SLUGS, "The step (or steps) that follow."),
    Field("owner", SLUG, "Who is accountable for the step (an id from owners.yml)."),
    Field("automation", TEXTS, "Tools that automate the step."),
    Field("metrics", OBJECTS, "How the step performs; expected on critical steps.",
          spec=METRIC),
    Field("critical", BOOL, "Critical steps need an sop and an owner."),
    Field("sop", SLUG, "The checklist for this step (an SOP id)."),
    Field("customer", OBJECT, "What drives the customer here.", spec=CUSTOMER),
    Field("branches", OBJECTS, "Decisions only: at least two labelled branches.",
          spec=BRANCH),
    Field("continues", SLUG, "End steps only: the journey that takes over."),
    Field("notes", MARKDOWN, "Anything else, in Markdown."),
))

JOURNEY = Spec("journey", "A system map: one customer journey from start to end.", (
    Field("id", SLUG, "Defaults to the file name."),
    Field("title", TEXT, N_("The journey's name."), required=True),
    Field("system", CHOICE, N_("Which system of the hourglass it belongs to."), required=True,
          choices=SYSTEMS),
    Field("owner", SLUG, N_("Accountable for the whole map (an id from owners.yml)."),
          required=True),
    Field("product", TEXT, "The product or service this system serves."),
    Field("segment", TEXT, "The ideal customer it is for."),
    Field("status", CHOICE, "as-is: what really happens (default); to-be: the plan.",
          choices=STATUSES),
    Field("summary", MARKDOWN, "A short description, in Markdown."),
    Field("stages", SLUGS, "The subset and order of the configured stages it uses."),
    Field("steps", OBJECTS, N_("The steps, at least one start and one end."), required=True,
          spec=STEP),
))

OWNER = Spec("owner", "Someone accountable: a role or a person.", (
    Field("name", TEXT, N_("What the site shows."), required=True),
    Field("person", TEXT, "Who holds the role today."),
    Field("team", TEXT, "Their team."),
    Field("email", EMAIL, "Shown as a mailto link."),
    Field("chat", URL, "A chat link (http or https only)."),
    Field("github", GITHUB, "GitHub user or team handle, for CODEOWNERS reviews."),
))

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

SCHEDULE = Spec("schedule", "Recurring runs: the scheduled workflow opens a run issue for "
                "each one that is due.", (
    Field("every", INTERVAL, N_("How often it runs: Nd, Nw, Nm or Ny, e.g. 1w."),
          required=True),
    Field("weekday", CHOICE, "On which day of the week (default: monday); with every in "
          "weeks, months or years.", choices=WEEKDAYS),
    Field("assignee", SLUG, "Who runs it (an owner id from owners.yml; default: the SOP's "
          "owner)."),
))

SOP = Spec("sop", "Front matter of a standard operating procedure.", (
    Field("id", SLUG, "Defaults to the file name."),
    Field("title", TEXT, "Defaults to the first heading."),
    Field("owner", SLUG, N_("Who keeps the SOP right (an id from owners.yml)."), required=True),
    Field("review_every", INTERVAL, "How often it is reviewed: Nd, Nw, Nm or Ny."),
    Field("last_reviewed", DATE, "When it was last reviewed (YYYY-MM-DD)."),
    Field("expect_every", INTERVAL, "A critical SOP should run at least this often: Nd, Nw, "
          "Nm or Ny (the health page lists it when no run was filed in that time)."),
    Field("tools", TEXTS, "Tools the procedure uses."),
    Field("tags", TEXTS, "Tags for search."),
    Field("schedule", OBJECT, "Recurring runs: every, weekday, assignee.", spec=SCHEDULE),
    Field("kind", CHOICE, "procedure (the default: a checklist staff run) or reference "
          "(a page to read beside them, such as a severity table: no checklist needed).",
          choices=("procedure", "reference")),
))

RUN = Spec("run", "One checklist run, as filed (records/runs/<YYYY>/<sop>-<issue>.yml).", (
    Field("sop", SLUG, N_("The SOP that was run (its id)."), required=True),
    Field("sop_commit", TEXT, "The commit of the SOP the run followed."),
    Field("name", TEXT, "The run's name."),
    Field("ran_by", GITHUB, "Who ran it: their GitHub login."),
    Field("started", TEXT, N_("When the run started (YYYY-MM-DDTHH:MM:SSZ)."), required=True),
    Field("finished", TEXT, "When it was finished; empty: filed unfinished."),
    Field("ticked", TEXTS, "The items ticked, by their number in the checklist."),
    Field("skipped", TEXTS, "The items left unticked in a finished run."),
    Field("notes", MARKDOWN, "Notes on the run."),
    Field("issue", TEXT, "The GitHub issue it was filed as."),
))

# MkDocs and Material read these front matter keys themselves; an SOP may use them.
SOP_PASSTHROUGH = ("template", "hide", "search", "status", "icon", "description", "subtitle")


def suggest(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """`did you mean 'owner'?` for a near miss, else an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return _("did you mean '{name}'?").format(name=close[0]) if close else ""


def _type_name(value: Any) -> str:
    # Translators: what a value was found to be, in "... must be text, found a mapping"
    if isinstance(value, dict):
        return _("a mapping")
    if isinstance(value, list):
        return _("a list")
    if value is None:
        return _("empty")
    return _("text")


_KEYS_ARE = {
    "metric": N_("metric keys are: {keys}"), "branch": N_("branch keys are: {keys}"),
    "customer": N_("customer keys are: {keys}"), "step": N_("step keys are: {keys}"),
    "journey": N_("journey keys are: {keys}"), "owner": N_("owner keys are: {keys}"),
    "sop": N_("sop keys are: {keys}"), "run": N_("run record keys are: {keys}"),
    "schedule": N_("schedule keys are: {keys}"),
}
_ITEM_OF = {
    # Translators: {where} is a place such as "step 'call'": "metric 1 of step 'call'"
    "metric": N_("metric {n} of {where}"),
    "branch": N_("branch {n} of {where}"),
}


class Validator:
    """Validates one parsed file; problems carry the file's name and exact positions."""

    def __init__(self, doc: YamlDoc, source: str, problems: Problems) -> None:
        self.doc = doc
        self.source = source
        self.problems = problems

    def report(self, path: Path_, message: str, hint: str = "", *, key: bool = False) -> None:
        line, col = self.doc.key_at(path) if key else self.doc.at(path)
        self.problems.add(self.source, line, col, message, hint, code="schema")

    def object(self, data: Any, spec: Spec, path: Path_, where: str) -> dict[str, Any] | None:
        """Check ``data`` against ``spec``; returns the usable values by key."""
        if not isinstance(data, dict):
            self.report(path, _("{where} must be a mapping of keys to values, found {found}")
                        .format(where=where, found=_type_name(data)))
            return None
        out: dict[str, Any] = {}
        by_name = {f.name: f for f in spec.fields}
        for key, value in data.items():
            fld = by_name.get(key)
            if fld is None:
                if spec is SOP and key in SOP_PASSTHROUGH:
                    continue
                hint = suggest(key, spec.names()) or _(_KEYS_ARE[spec.name]).format(
                    keys=listing(spec.names()))
                if "\u3000" in key:  # an input method's full-width space, invisible in a key
                    # Translators: two hints one after the other
                    hint = _("{first}; {then}").format(first=_(
                        "the key starts or ends with full-width spaces (U+3000): indent "
                        "with ordinary spaces"), then=hint)
                self.report((*path, key), _("unknown key '{key}' in {where}").format(
                    key=key, where=where), hint, key=True)
                continue
            checked = self.value(value, fld, (*path, key), where)
            if checked is not None:
                out[key] = checked
        for fld in spec.fields:
            if fld.required and (data.get(fld.name) in (None, "", [])):
                about = _(fld.description)
                if fld.name in data:
                    self.report((*path, fld.name), _("'{key}' of {where} is empty").format(
                        key=fld.name, where=where),
                        _("give it a value: {description}").format(description=about))
                else:
                    self.report(path, _("{where} has no '{key}'").format(
                        where=where, key=fld.name),
                        _("add '{key}:': {description}").format(key=fld.name,
                                                                description=about))
        return out

    def value(self, value: Any, fld: Field, path: Path_, where: str) -> Any:
        """The usable value of one field, or None (after reporting why)."""
        if value is None:
            return None
        # Translators: a key of an object, e.g. "'title' of step 'call'"
        label = _("'{key}' of {where}").format(key=fld.name, where=where)
        kind = fld.kind
        if kind in (TEXT, MARKDOWN, SLUG, CHOICE, BOOL, DATE, INTERVAL, EMAIL, URL, GITHUB):
            if not isinstance(value, str):
                self.report(path, _("{label} must be {expected}, found {found}").format(
                    label=label, expected=_expects(fld), found=_type_name(value)))
                return None
            return self.scalar(value.strip() if kind != MARKDOWN else value, fld, path, label)
        if kind in (SLUGS, TEXTS):
            items = value if isinstance(value, list) else [value]
            inner = Field(fld.name, SLUG if kind == SLUGS else TEXT, fld.description)
            out = []
            for i, item in enumerate(items):
                item_path = (*path, i) if isinstance(value, list) else path
                if not isinstance(item, str):
                    wrong = (_("{label} must list ids, found {found}") if kind == SLUGS
                             else _("{label} must list texts, found {found}"))
                    self.report(item_path, wrong.format(label=label, found=_type_name(item)))
                    continue
                checked = self.scalar(item.strip(), inner, item_path, label)
                if checked is not None:
                    out.append(checked)
            return out
        if kind == OBJECT:
            assert fld.spec is not None
            return self.object(value, fld.spec, path, label)
        if kind == OBJECTS:
            assert fld.spec is not None
            if not isinstance(value, list):
                self.report(path, _("{label} must be a list (lines starting with '- '), "
                                    "found {found}").format(label=label,
                                                            found=_type_name(value)))
                return None
            objs = []
            for i, item in enumerate(value):
                place = (_step_where(item, i) if fld.spec is STEP else
                         _(_ITEM_OF[fld.spec.name]).format(n=i + 1, where=where))
                obj = self.object(item, fld.spec, (*path, i), place)
                if obj is not None:
                    obj["__path__"] = (*path, i)
                    objs.append(obj)
            return objs
        raise AssertionError(kind)  # pragma: no cover - every kind is handled above

    def scalar(self, text: str, fld: Field, path: Path_, label: str) -> Any:
        kind = fld.kind
        hidden = CONTROL_RE.search(text)
        if hidden:  # e.g. "\x01" in a quoted string: invisible, and not text any page can show
            self.report(path, _("{label} contains the control character U+{code}").format(
                label=label, code=f"{ord(hidden.group()):04X}"),
                _("delete it; it is invisible in most editors"))
            return None
        if kind == SLUG and text == RESERVED_ID:
            self.report(path, _("{label} is 'index', which is reserved").format(label=label),
                        _(RESERVED_HINT))
            return None
        if kind == SLUG and not SLUG_RE.match(text):
            self.report(path, _("{label} is '{value}', which is not a valid id").format(
                label=label, value=text), _(ID_HINT))
            return None
        if kind == CHOICE and text not in fld.choices:
            hint = suggest(text, fld.choices) or _("choose one of: {choices}").format(
                choices=listing(fld.choices))
            self.report(path, _("{label} is '{value}', not one of {choices}").format(
                label=label, value=text, choices=listing(fld.choices)), hint)
            return None
        if kind == BOOL:
            if text.lower() not in ("true", "false"):
                self.report(path, _("{label} must be true or false, found '{value}'").format(
                    label=label, value=text), _("write true or false"))
                return None
            return text.lower() == "true"
        if kind == DATE:
            try:
                if not DATE_RE.match(text):
                    raise ValueError(text)
                return dt.date.fromisoformat(text)
            except ValueError:
                self.report(path, _("{label} is '{value}', which is not a date").format(
                    label=label, value=text), _("write it as YYYY-MM-DD, e.g. 2026-10-01"))
                return None
        checks = {INTERVAL: (INTERVAL_RE, N_("write a number and d, w, m or y, e.g. 90d or 6m")),
                  EMAIL: (EMAIL_RE, N_("write an address like name@example.com")),
                  URL: (URL_RE, N_("only http:// and https:// links are allowed")),
                  GITHUB: (GITHUB_RE, N_("a GitHub user or org/team name, e.g. @octocat"))}
        if kind in checks:
            regex, hint = checks[kind]
            if not regex.match(text):
                self.report(path, _("{label} is '{value}', which is not valid").format(
                    label=label, value=text), _(hint))
                return None
        if kind in (TEXT, SLUG) and fld.required and not text:
            return None
        if kind == TEXT and len(text) > MAX_TEXT:
            self.report(path, _("{label} is {length} characters long, more than the {limit} "
                                "a title, name or label may have").format(
                label=label, length=current().number(len(text)), limit=MAX_TEXT),
                _("shorten it; longer explanations belong in 'notes:' or the summary"))
            return None
        return text


def _step_where(item: Any, index: int) -> str:
    if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"].strip():
        return step_where(item["id"].strip())
    # Translators: a step that has no id, by its place in the list: "step 3"
    return _("step {n}").format(n=index + 1)


_EXPECTS = {
    # Translators: what a value must be, in "'title' of step 'a' must be text, found a list"
    TEXT: N_("text"), MARKDOWN: N_("text"), SLUG: N_("an id"), BOOL: N_("true or false"),
    DATE: N_("a date (YYYY-MM-DD)"), INTERVAL: N_("an interval like 90d"),
    EMAIL: N_("an email address"), URL: N_("a link"), GITHUB: N_("a GitHub handle"),
}


def _expects(fld: Field) -> str:
    if fld.kind == CHOICE:
        return _("one of {choices}").format(choices=listing(fld.choices))
    return _(_EXPECTS.get(fld.kind, _EXPECTS[TEXT]))


# --- JSON Schema ------------------------------------------------------------------------

SCHEMA_BASE = "https://journeydocs.invalid/schemas/"


def _field_schema(fld: Field) -> dict[str, Any]:
    text: dict[str, Any] = {"type": ["string", "number"]}
    out: dict[str, Any]
    if fld.kind in (TEXT, MARKDOWN):
        out = dict(text)
        if fld.required:
            out["minLength"] = 1
    elif fld.kind == SLUG:
        out = {"type": "string", "pattern": SLUG_RE.pattern}
    elif fld.kind == SLUGS:
        slug = {"type": "string", "pattern": SLUG_RE.pattern}
        out = {"anyOf": [slug, {"type": "array", "items": slug}]}
    elif fld.kind == TEXTS:
        out = {"anyOf": [text, {"type": "array", "items": text}]}
    elif fld.kind == BOOL:
        out = {"type": "boolean"}
    elif fld.kind == DATE:
        out = {"type": "string", "format": "date", "pattern": DATE_RE.pattern}
    elif fld.kind == INTERVAL:
        out = {"type": "string", "pattern": INTERVAL_RE.pattern}
    elif fld.kind == EMAIL:
        out = {"type": "string", "format": "email"}
    elif fld.kind == URL:
        out = {"type": "string", "pattern": "^https?://"}
    elif fld.kind == GITHUB:
        out = {"type": "string", "pattern": GITHUB_RE.pattern}
    elif fld.kind == CHOICE:
        out = {"type": "string", "enum": list(fld.choices)}
    elif fld.kind == OBJECT:
        assert fld.spec is not None
        out = _object_schema(fld.spec)
    elif fld.kind == OBJECTS:
        assert fld.spec is not None
        out = {"type": "array", "items": _object_schema(fld.spec)}
        if fld.spec is STEP:
            out["minItems"] = 2
    else:  # pragma: no cover
        raise AssertionError(fld.kind)
    out["description"] = fld.description
    return out


def _object_schema(spec: Spec) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "description": spec.description,
        "properties": {f.name: _field_schema(f) for f in spec.fields},
        "additionalProperties": False,
    }
    required = [f.name for f in spec.fields if f.required]
    if required:
        schema["required"] = required
    return schema


def json_schemas() -> dict[str, dict[str, Any]]:
    """File name -> JSON Schema (draft 2020-12) for journeys, owners and SOP front matter."""
    journey = _object_schema(JOURNEY)
    owners = {
        "type": "object",
        "description": "Who is accountable: owner id -> owner.",
        "propertyNames": {"pattern": SLUG_RE.pattern},
        "additionalProperties": _object_schema(OWNER),
    }
    sop = _object_schema(SOP)
    sop["properties"].update({k: {} for k in SOP_PASSTHROUGH})
    out = {}
    for name, schema, title in (("journey", journey, "journeydocs journey"),
                                ("owners", owners, "journeydocs owners"),
                                ("sop", sop, "journeydocs SOP front matter")):
        out[f"{name}.schema.json"] = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"{SCHEMA_BASE}{name}.schema.json",
            "title": title,
            **schema,
        }
    return out
