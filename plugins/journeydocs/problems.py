"""Problems are data: every check returns them instead of raising on the first.

A problem's message and hint are written in the language active when it is found (the
checks translate them); :meth:`Problem.text` joins them in the active language's words.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from journeydocs.i18n import _


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
        return f"{self.location()}: {self.body()}"

    def body(self) -> str:
        """The message with its hint, in the active language's punctuation."""
        if not self.hint:
            return self.message
        # Translators: a checker message followed by its hint (what to do about it)
        return _("{message} ({hint})").format(message=self.message, hint=self.hint)

    def github_annotation(self) -> str:
        """A GitHub Actions workflow command that puts the problem on the PR diff."""
        level = "error" if self.severity is Severity.ERROR else "notice"
        props = [f"file={_gh_prop(self.path)}"]
        if self.line > 0:
            props.append(f"line={self.line}")
        if self.column > 0:
            props.append(f"col={self.column}")
        return f"::{level} {','.join(props)}::{_gh_data(self.body())}"


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def listing(items: Iterable[str]) -> str:
    """Ids, keys or names listed in a message: ``a, b, c`` (``a、b、c`` in Chinese)."""
    # Translators: the separator between ids, keys or names listed in a checker message
    return _(", ").join(items)


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
