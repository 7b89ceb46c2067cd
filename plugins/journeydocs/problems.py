"""Problems are data: every check returns them instead of raising on the first."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    """`error` fails `--strict` and `journeydocs check`; `notice` is only shown on the site."""

    ERROR = "error"
    NOTICE = "notice"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, located as precisely as we can.

    ``path`` is relative to the project root (the folder holding ``mkdocs.yml``) so that
    messages are clickable in editors and match GitHub annotations. ``line`` and ``column``
    are 1-based; 0 means "the whole file".
    """

    path: str
    line: int
    column: int
    message: str
    hint: str = ""
    severity: Severity = field(default=Severity.ERROR, compare=False)
    code: str = field(default="", compare=False)

    def location(self) -> str:
        if self.line <= 0:
            return self.path
        if self.column <= 0:
            return f"{self.path}:{self.line}"
        return f"{self.path}:{self.line}:{self.column}"

    def text(self) -> str:
        """`file:line:col: message (hint)`: the one format editors, CI and logs share."""
        tail = f" ({self.hint})" if self.hint else ""
        return f"{self.location()}: {self.message}{tail}"

    def github_annotation(self) -> str:
        """A GitHub Actions workflow command that puts the problem on the PR diff."""
        level = "error" if self.severity is Severity.ERROR else "notice"
        props = [f"file={_gh_prop(self.path)}"]
        if self.line > 0:
            props.append(f"line={self.line}")
        if self.column > 0:
            props.append(f"col={self.column}")
        body = self.message + (f" ({self.hint})" if self.hint else "")
        return f"::{level} {','.join(props)}::{_gh_data(body)}"


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


class Problems(list[Problem]):
    """A list of problems with a convenience constructor."""

    def add(
        self,
        path: str,
        line: int,
        column: int,
        message: str,
        hint: str = "",
        *,
        severity: Severity = Severity.ERROR,
        code: str = "",
    ) -> Problem:
        problem = Problem(path, line, column, message, hint, severity, code)
        self.append(problem)
        return problem

    def errors(self) -> list[Problem]:
        return [p for p in self if p.severity is Severity.ERROR]

    def notices(self) -> list[Problem]:
        return [p for p in self if p.severity is Severity.NOTICE]

    def for_path(self, path: str) -> list[Problem]:
        return [p for p in self if p.path == path]
