"""`schedule:` in an SOP's front matter: read, checked at file:line:col, and its dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from git_playbook import ScratchRepo

from journeydocs import i18n
from journeydocs.content.config import load_project
from journeydocs.content.pipeline import load_and_check
from journeydocs.content.records import Schedule
from journeydocs.content.schedule import occurrences
from journeydocs.problems import Problems

OWNERS = "ops:\n  name: Operations lead\nsales:\n  name: Sales lead\n"


def sop(schedule: str) -> str:
    return f"---\nowner: ops\n{schedule}---\n# Check backups\n\n- [ ] Do it\n"


def load(tmp_path: Path, sops: dict[str, str]) -> tuple[dict[str, Schedule | None], list[str]]:
    repo = ScratchRepo(tmp_path / "p")
    repo.write({"mkdocs.yml": "site_name: S\ndocs_dir: content\nplugins:\n  - journeydocs\n",
                "content/owners.yml": OWNERS,
                **{f"content/sops/{k}.md": v for k, v in sops.items()}})
    problems = Problems()
    settings = load_project(repo.project, problems)
    assert settings is not None
    book, found = load_and_check(settings)
    lines = [p.text() for p in found if p.code != "unused-sop"]
    return {k: s.schedule for k, s in book.sops.items()}, lines


def test_a_schedule_is_read_with_its_weekday_and_assignee(tmp_path: Path) -> None:
    got, problems = load(tmp_path, {
        "backup": sop("schedule:\n  every: 2w\n  weekday: tuesday\n  assignee: sales\n"),
        "invoice": sop("schedule: {every: 1m}\n"),
        "plain": sop(""),
    })
    assert problems == []
    backup = got["backup"]
    assert backup is not None
    assert (backup.every, backup.weekday, backup.assignee) == ("2w", 1, "sales")
    assert (backup.source, backup.line, backup.column) == ("content/sops/backup.md", 3, 1)
    assert backup.at("assignee") == (6, 13)
    invoice = got["invoice"]
    assert invoice is not None and (invoice.every, invoice.weekday) == ("1m", None)
    assert got["plain"] is None


BROKEN = {
    "a": sop("schedule:\n  every: weekly\n"),
    "b": sop("schedule:\n  weekday: friday\n"),
    "c": sop("schedule:\n  every: 3d\n  weekday: frday\n"),
    "d": sop("schedule:\n  every: 3d\n  weekday: friday\n  assignee: boss\n"),
    "e": sop("schedule:\n  every: 1w\n  when: friday\n"),
    "f": sop("schedule: 1w\n"),
}


def test_mistakes_in_a_schedule_are_reported_where_they_are(tmp_path: Path) -> None:
    got, problems = load(tmp_path, BROKEN)
    assert problems == [
        "content/sops/a.md:4:10: 'every' of 'schedule' of the SOP front matter is 'weekly', "
        "which is not valid (write a number and d, w, m or y, e.g. 90d or 6m)",
        "content/sops/b.md:4:3: 'schedule' of the SOP front matter has no 'every' "
        "(add 'every:': How often it runs: Nd, Nw, Nm or Ny, e.g. 1w.)",
        "content/sops/c.md:5:12: 'weekday' of 'schedule' of the SOP front matter is 'frday', "
        "not one of monday, tuesday, wednesday, thursday, friday, saturday, sunday "
        "(did you mean 'friday'?)",
        "content/sops/d.md:5:12: 'weekday' of the schedule does not go with 'every: 3d': a "
        "run every few days falls on any day of the week (write 'every' in weeks (1w, 2w), "
        "months or years, or remove 'weekday')",
        "content/sops/d.md:6:13: schedule assignee: owner 'boss' does not exist "
        "(known owners: ops, sales)",
        "content/sops/e.md:5:3: unknown key 'when' in 'schedule' of the SOP front matter "
        "(schedule keys are: every, weekday, assignee)",
        "content/sops/f.md:3:11: 'schedule' of the SOP front matter must be a mapping of keys "
        "to values, found text",
    ]
    assert got["d"] is not None and got["d"].weekday is None
    assert got["a"] is None and got["b"] is None and got["f"] is None


@pytest.mark.parametrize(("lang", "expected"), [
    ("zh", "content/sops/d.md:5:12: 日程的 'weekday' 与 'every: 3d' 不匹配"),
    ("zh-Hant", "content/sops/d.md:5:12: 日程的 'weekday' 與 'every: 3d' 不相符"),
])
def test_schedule_problems_speak_chinese(tmp_path: Path, lang: str, expected: str) -> None:
    language, _ = i18n.load(lang)
    with i18n.use(language):
        _got, problems = load(tmp_path, {"d": BROKEN["d"]})
    assert problems[0].startswith(expected), problems
    assert problems[1].startswith("content/sops/d.md:6:13: ") and "does not" not in problems[1]


def _dates(every: str, weekday: int | None, start: str, end: str) -> list[str]:
    sched = Schedule(every=every, weekday=weekday)
    return [d.isoformat() for d in occurrences(sched, dt.date.fromisoformat(start),
                                               dt.date.fromisoformat(end))]


@pytest.mark.parametrize(("every", "weekday", "start", "end", "expected"), [
    ("1w", None, "2026-11-23", "2026-12-13", ["2026-11-23", "2026-11-30", "2026-12-07"]),
    ("1w", 4, "2026-11-23", "2026-12-06", ["2026-11-27", "2026-12-04"]),
    # 2026-11-23 is 151 weeks after 2024-01-01: odd, so "every 2w" skips that week
    ("2w", None, "2026-11-23", "2026-12-13", ["2026-11-30"]),
    # 2026-11-26 is 1060 days after 2024-01-01
    ("10d", None, "2026-11-20", "2026-12-10", ["2026-11-26", "2026-12-06"]),
    ("1m", None, "2026-11-15", "2027-01-15", ["2026-12-01", "2027-01-01"]),
    ("1m", 0, "2026-11-15", "2027-01-15", ["2026-12-07", "2027-01-04"]),
    ("3m", None, "2026-01-01", "2026-12-31", ["2026-01-01", "2026-04-01", "2026-07-01",
                                               "2026-10-01"]),
    ("1y", 2, "2026-01-01", "2027-12-31", ["2026-01-07", "2027-01-06"]),
    ("2y", None, "2026-01-01", "2029-12-31", ["2026-01-01", "2028-01-01"]),
    ("bad", None, "2026-01-01", "2026-12-31", []),
])
def test_the_dates_a_schedule_falls_on(every: str, weekday: int | None, start: str, end: str,
                                       expected: list[str]) -> None:
    assert _dates(every, weekday, start, end) == expected


def test_a_changed_schedule_shows_in_the_diff() -> None:
    from journeydocs.content.model import Playbook, Sop
    from journeydocs.review.diff import diff_playbooks

    def book(schedule: Schedule | None) -> Playbook:
        return Playbook(sops={"backup": Sop(id="backup", title="Backups", owner="ops",
                                            schedule=schedule)})

    before = book(Schedule(every="1w", weekday=2))
    after = book(Schedule(every="2w", weekday=4, assignee="sales"))
    assert diff_playbooks(before, after).lines() == [
        "sop backup changed: schedule: 1w wednesday → 2w friday @sales"]
    assert diff_playbooks(book(None), before).lines() == [
        "sop backup changed: schedule: — → 1w wednesday"]
    assert not diff_playbooks(before, book(Schedule(every="1w", weekday=2)))
