"""Where the content lives and which stages a playbook uses: the plugin's options, pure."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from journeydocs.content.model import DEFAULT_STAGES, SYSTEMS, Stage, default_stages
from journeydocs.content.options import DEFAULTS
from journeydocs.content.schema import SLUG_RE, suggest
from journeydocs.i18n import _
from journeydocs.problems import Problems
from journeydocs.safety.rendering import MarkdownSetup


def build_date() -> dt.date:
    """Today, for review dates: the UTC date of ``SOURCE_DATE_EPOCH`` when it is set.

    ``SOURCE_DATE_EPOCH`` (reproducible-builds.org; MkDocs honours it for the sitemap) lets
    two builds of the same commit on different days give the same bytes.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


_DEFAULT_SYSTEM = {s.id: s.system for s in DEFAULT_STAGES}


@dataclass
class Settings:
    """Everything the core needs to know about a project.

    ``root`` holds mkdocs.yml; ``docs_dir`` is MkDocs' docs folder (``content/``). The three
    locations are relative to ``docs_dir``, as in the content model.
    """

    root: Path
    docs_dir: Path
    journeys_dir: str = DEFAULTS["journeys_dir"]
    sops_dir: str = DEFAULTS["sops_dir"]
    owners_file: str = DEFAULTS["owners_file"]
    records_dir: str = DEFAULTS["records_dir"]
    actuals_stale_weeks: int = DEFAULTS["actuals_stale_weeks"]
    stages: list[Stage] = field(default_factory=lambda: list(default_stages()))
    today: dt.date = field(default_factory=build_date)
    config_file: str = "mkdocs.yml"
    markdown: MarkdownSetup | None = None
    """The site's Markdown extensions; None: journeydocs' own (see
    :mod:`journeydocs.safety.rendering`)."""
    excluded: frozenset[str] = frozenset()
    """docs-relative paths ('/'-separated) the site leaves out (MkDocs' ``exclude_docs``,
    drafts in a build, exclude plugins): not loaded, so not on any page."""

    def rel(self, path: Path) -> str:
        """A path as shown in messages: relative to the project root, with '/'."""
        try:
            return self._resolve(path).relative_to(self._resolve(self.root)).as_posix()
        except ValueError:
            return path.as_posix()

    def _resolve(self, path: Path) -> Path:
        """``path.resolve()``, resolving each folder once (a playbook has thousands of files)."""
        known: dict[Path, Path] = self.__dict__.setdefault("_resolved", {})
        if path in known:
            return known[path]
        if path.name in ("", ".", "..") or path.is_symlink():
            resolved = path.resolve()
        else:
            parent = known.get(path.parent)
            if parent is None:
                parent = known[path.parent] = path.parent.resolve()
            resolved = parent / path.name
        known[path] = resolved
        return resolved


def parse_stages(raw: Any, source: str, problems: Problems) -> list[Stage]:
    """The ``stages`` option: ids, or mappings with ``id``, ``label`` and ``system``."""
    if raw is None or raw == []:
        return list(default_stages())
    if not isinstance(raw, list):
        problems.add(source, 0, 0, _("journeydocs option 'stages' must be a list"),
                     _("e.g. stages: [know, like, trust, try, buy, repeat, refer]"))
        return list(default_stages())
    stages: list[Stage] = []
    system = "marketing"
    for item in raw:
        entry = {"id": item} if isinstance(item, str) else item
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            problems.add(source, 0, 0, _("journeydocs stage {stage} needs an 'id'").format(
                stage=repr(item)), _("write '- know' or '- {id: know, label: Know}'"))
            continue
        unknown = set(entry) - {"id", "label", "system"}
        for key in sorted(unknown):
            problems.add(source, 0, 0, _("unknown key '{key}' in journeydocs stage '{stage}'")
                         .format(key=key, stage=entry["id"]),
                         suggest(key, ["id", "label", "system"]))
        sid = entry["id"]
        if not SLUG_RE.match(sid):
            problems.add(source, 0, 0,
                         _("journeydocs stage id '{stage}' is not a valid id").format(stage=sid),
                         _("ids use lower-case letters, digits and '-'"))
            continue
        system = str(entry.get("system") or _DEFAULT_SYSTEM.get(sid, system))
        if system not in SYSTEMS:
            problems.add(source, 0, 0, _("journeydocs stage '{stage}' has system '{system}'")
                         .format(stage=sid, system=system),
                         _("choose marketing or operations"))
            system = "marketing"
        default = next((s.label for s in default_stages() if s.id == sid), None)
        label = str(entry.get("label") or default or sid.replace("-", " ").capitalize())
        if any(s.id == sid for s in stages):
            problems.add(source, 0, 0,
                         _("journeydocs stage '{stage}' is listed twice").format(stage=sid))
            continue
        stages.append(Stage(sid, label, system))
    return stages or list(default_stages())
