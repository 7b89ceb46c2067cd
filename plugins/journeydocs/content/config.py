"""Read a project's mkdocs.yml without MkDocs, for ``journeydocs check`` and friends."""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import re
from pathlib import Path
from typing import Any

import pathspec
import yaml

from journeydocs.content.options import BY_NAME, DEFAULTS
from journeydocs.content.schema import suggest
from journeydocs.content.settings import Settings, build_date, parse_stages
from journeydocs.content.yamlload import report_syntax_error
from journeydocs.i18n import N_, _
from journeydocs.problems import Problems
from journeydocs.safety.csp import check_sources
from journeydocs.safety.rendering import MarkdownSetup


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml may hold tags such as ``!!python/name:`` or ``!ENV``; we need none."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


class PythonName(str):
    """A ``!!python/name:`` value of mkdocs.yml: the dotted name of a Python object."""


def _python_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if suffix.startswith("name:"):
        return PythonName(suffix[len("name:"):])
    return _any_tag(loader, suffix, node)


# (PyYAML takes the first prefix that matches, in this order: the python/ one first)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _python_tag)
_ConfigLoader.add_multi_constructor("!", _any_tag)
_ConfigLoader.add_multi_constructor("", _any_tag)


def markdown_setup(config: dict[str, Any]) -> MarkdownSetup:
    """The site's Markdown extensions from a parsed mkdocs.yml (``markdown_extensions``:
    names, or one-key mappings of a name to its options), ``!!python/name:`` values
    imported. A value that cannot be imported leaves that extension's options out; the
    renderer reports an extension that does not load (:attr:`MarkdownSetup.failure`)."""
    names: list[Any] = []
    configs: dict[str, dict[str, Any]] = {}
    raw = config.get("markdown_extensions") or []
    for entry in raw if isinstance(raw, list) else [raw]:
        if isinstance(entry, str):
            names.append(entry)
        elif isinstance(entry, dict) and len(entry) == 1:
            (name, options), = entry.items()
            names.append(str(name))
            if isinstance(options, dict):
                with contextlib.suppress(ImportError, AttributeError, ValueError):
                    configs[str(name)] = _imported(options)
    return MarkdownSetup(names, configs)


def _imported(value: Any) -> Any:
    """``value`` with every :class:`PythonName` replaced by the object it names."""
    if isinstance(value, PythonName):
        module, _dot, attr = value.rpartition(".")
        return getattr(importlib.import_module(module), attr)
    if isinstance(value, dict):
        return {k: _imported(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_imported(v) for v in value]
    return value

def plugin_options(config: dict[str, Any]) -> dict[str, Any] | None:
    """The ``journeydocs`` entry of ``plugins:`` (``{}`` when listed without options)."""
    plugins = config.get("plugins") or []
    if isinstance(plugins, dict):
        plugins = [{k: v} for k, v in plugins.items()]
    for entry in plugins:
        if entry == "journeydocs":
            return {}
        if isinstance(entry, dict) and "journeydocs" in entry:
            return dict(entry["journeydocs"] or {})
    return None


def language_choice(path: Path) -> tuple[str, Path]:
    """The language a project's site shows and its catalog folder, from its mkdocs.yml
    (``path``: the file or its folder): the plugin's ``language`` option, else
    ``theme.language``; ``("", ...)`` when the file says none or cannot be read (the
    checker reports that file's problems itself)."""
    config_path = config_file_in(path) if path.is_dir() else path
    try:
        config = yaml.load(config_path.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        config = None
    config = config if isinstance(config, dict) else {}
    options = plugin_options(config) or {}
    theme = config.get("theme")
    code = options.get("language") or (theme.get("language") if isinstance(theme, dict)
                                         else None)
    folder = options.get("locale_dir") or DEFAULTS["locale_dir"]
    return (code if isinstance(code, str) else ""), config_path.parent / str(folder)


def settings_from_options(root: Path, docs_dir: Path, options: dict[str, Any],
                          config_file: str, problems: Problems,
                          config_text: str = "") -> Settings:
    """Plugin options (as written in mkdocs.yml) -> :class:`Settings`.

    An option journeydocs does not have is reported (MkDocs refuses it too), with the line
    of ``config_file`` where it is written when ``config_text`` is given.
    """
    options = dict(options)
    for name, value in list(options.items()):
        line = _option_line(config_text, name)
        where = (config_file, line, 1 if line else 0)
        option = BY_NAME.get(name)
        if option is None:
            problems.add(*where, _("unknown journeydocs option '{name}'").format(name=name),
                         suggest(name, list(BY_NAME)), code="option")
            del options[name]
        elif value is not None and not _is_a(value, option.type):
            # (the hint quotes the option's help, which is English: it documents the option)
            problems.add(*where, _("journeydocs option '{name}' must be {expected}, found "
                                   "{value}").format(name=name, expected=_kind(option.type),
                                                     value=repr(value)),
                         f"{name}: {option.help}", code="option")
            del options[name]
    if isinstance(options.get("csp"), dict):
        wrong = check_sources(options["csp"])[1]
        line = _option_line(config_text, "csp")
        for why in wrong:
            problems.add(config_file, line, 1 if line else 0,
                         _("journeydocs option 'csp': {problem}").format(problem=why),
                         _("e.g. csp: {script-src: [https://cdn.example.com]}"), code="option")
    today = options.get("today")
    if isinstance(today, str) and today:
        try:
            today = dt.date.fromisoformat(today)
        except ValueError:
            line = _option_line(config_text, "today")
            problems.add(config_file, line, 1 if line else 0,
                         _("journeydocs option 'today' is '{value}', not a date").format(
                             value=today),
                         _("write it as YYYY-MM-DD, e.g. today: 2026-11-22"), code="option")
            today = None
    if not isinstance(today, dt.date):
        today = build_date()
    return Settings(
        root=root, docs_dir=docs_dir,
        journeys_dir=str(options.get("journeys_dir") or DEFAULTS["journeys_dir"]),
        sops_dir=str(options.get("sops_dir") or DEFAULTS["sops_dir"]),
        owners_file=str(options.get("owners_file") or DEFAULTS["owners_file"]),
        records_dir=str(options.get("records_dir") or DEFAULTS["records_dir"]),
        actuals_stale_weeks=int(options.get("actuals_stale_weeks")
                                or DEFAULTS["actuals_stale_weeks"]),
        stages=parse_stages(options.get("stages"), config_file, problems),
        today=today, config_file=config_file)


CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml", "properdocs.yml", "properdocs.yaml")
"""The configuration file MkDocs (and ProperDocs, the MkDocs 1.x fork) reads from a folder."""


def config_file_in(folder: Path) -> Path:
    """The folder's MkDocs configuration file (the first of :data:`CONFIG_NAMES` there;
    ``mkdocs.yml`` when there is none)."""
    return next((folder / name for name in CONFIG_NAMES if (folder / name).is_file()),
                folder / CONFIG_NAMES[0])


def load_project(path: Path, problems: Problems) -> Settings | None:
    """Settings for the project whose mkdocs.yml (or properdocs.yml) is at ``path`` (the
    file or its folder)."""
    config_path = config_file_in(path) if path.is_dir() else path
    root = config_path.parent
    if not config_path.is_file():
        problems.add(str(config_path), 0, 0, _("no mkdocs.yml here"),
                     _("run journeydocs check in the folder that holds mkdocs.yml, or pass it"))
        return None
    try:
        text = config_path.read_text(encoding="utf-8")
        config = yaml.load(text, Loader=_ConfigLoader)
    except yaml.MarkedYAMLError as exc:
        report_syntax_error(exc, text, config_path.name, problems)
        return None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        problems.add(config_path.name, 0, 0,
                     _("{file} cannot be read").format(file=config_path.name),
                     _("save it as UTF-8 YAML ({error})").format(error=type(exc).__name__))
        return None
    if not isinstance(config, dict):
        problems.add(config_path.name, 0, 0,
                     _("{file} is not a mapping").format(file=config_path.name))
        return None
    options = plugin_options(config)
    if options is None:
        problems.add(config_path.name, 0, 0,
                     _("{file} does not enable the journeydocs plugin").format(
                         file=config_path.name),
                     _("add '- journeydocs' under 'plugins:'"))
        return None
    docs_dir = root / str(config.get("docs_dir") or "docs")
    settings = settings_from_options(root, docs_dir, options, config_path.name, problems, text)
    if settings is not None:
        settings.markdown = markdown_setup(config)
        settings.excluded = excluded_docs(config.get("exclude_docs"), docs_dir, [
            docs_dir / settings.journeys_dir, docs_dir / settings.sops_dir])
    return settings


MKDOCS_EXCLUDES = [".*", "/templates/"]
"""What MkDocs leaves out of every site before the site's own ``exclude_docs``."""


def excluded_docs(exclude_docs: object, docs_dir: Path, folders: list[Path]) -> frozenset[str]:
    """The files under ``folders`` that MkDocs leaves out of the site (its defaults and the
    site's ``exclude_docs``, gitignore patterns matched on the docs-relative path, as
    MkDocs matches them), docs-relative with '/': the build leaves them out of the
    playbook, and so does ``journeydocs check``. (Drafts, ``draft_docs``, are checked.)"""
    lines = MKDOCS_EXCLUDES + (exclude_docs.splitlines() if isinstance(exclude_docs, str)
                               else [])
    spec = pathspec.GitIgnoreSpec.from_lines(lines)
    out = set()
    for folder in folders:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            rel = path.relative_to(docs_dir).as_posix()
            if path.is_file() and spec.match_file(rel):
                out.add(rel)
    return frozenset(out)


def _is_a(value: Any, kind: type | tuple[type, ...]) -> bool:
    """``isinstance`` as MkDocs' ``Type`` option checks it, where ``True`` is no number."""
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(value, bool) and bool not in kinds:
        return False
    return isinstance(value, kinds)


_KINDS = {bool: N_("true or false"), int: N_("a whole number"), str: N_("text"),
          list: N_("a list"), dt.date: N_("a date")}


def _kind(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = [_(_KINDS[k]) if k in _KINDS else k.__name__ for k in kinds]
    text = names[0]
    for name in names[1:]:
        # Translators: two kinds of value an option may have: "true or false or dict"
        text = _("{first} or {second}").format(first=text, second=name)
    return text


def _option_line(text: str, name: str) -> int:
    """The line of ``name:`` in the journeydocs entry of ``plugins:``, or 0 if not found."""
    lines = text.split("\n")
    start = next((i for i, ln in enumerate(lines) if re.match(r"^\s*-?\s*journeydocs\s*:", ln)),
                 None)
    if start is None:
        return 0
    indent = len(lines[start]) - len(lines[start].lstrip(" -"))
    for i in range(start + 1, len(lines)):
        stripped = lines[i].strip()
        if not stripped or stripped.startswith("#"):
            continue
        if len(lines[i]) - len(lines[i].lstrip()) <= indent:
            break
        if re.match(rf"^{re.escape(name)}\s*:", stripped):
            return i + 1
    return 0
