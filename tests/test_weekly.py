"""The weekly review: `journeydocs review --week` for a fixed date, against golden files.

A scratch git repository holds a small playbook with a history (a commit two weeks before
the reviewed week, one inside it). Runs and metric actuals are built as the loaders will
give them (``Playbook.runs``, ``Playbook.actuals``), and metric targets are read by a small
judge of the test's own (the real one comes with the actuals). ``python
tests/test_weekly.py --update`` rewrites the goldens (review the diff).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path

import pytest
from git_playbook import ScratchRepo

from journeydocs import i18n
from journeydocs.content.config import load_project
from journeydocs.content.model import Metric, Playbook
from journeydocs.content.pipeline import load_and_check
from journeydocs.content.records import MetricActual, RunRecord
from journeydocs.problems import Problems
from journeydocs.review.git import Repo
from journeydocs.review.weekly import (
    FilingProblem,
    Week,
    change_window,
    filing_problems,
    weekly_review,
)
from journeydocs.review.weekly_git import week_changes
from journeydocs.review.weekly_text import handles, weekly_markdown

GOLDEN = Path(__file__).parent / "golden" / "weekly"
UPDATE = "--update" in sys.argv

MKDOCS = """\
site_name: Weekly
docs_dir: content
theme:
  name: material
plugins:
  - journeydocs:
      today: 2026-11-30
"""

OWNERS = """\
sales:
  name: Sales lead
  person: Chelsea Park
  github: chelseapark
ops:
  name: Operations lead
  github: olu
mkt:
  name: Marketing lead
"""

JOURNEY = """\
title: Enquiry to client
system: marketing
owner: mkt
steps:
  - {{id: enquiry, type: start, title: Sends an enquiry, stage: know, next: call}}
  - id: call
    title: Discovery call
    stage: trust
    critical: true
    owner: sales
    sop: call
    metrics:
      - {{name: Calls per week, target: ">= 10"}}
      - {{name: Show rate, target: ">= 80%"}}
    next: {after_call}
{extra}  - {{id: client, type: end, title: Becomes a client, stage: try}}
"""

FOLLOW_UP = """\
  - {id: follow-up, title: Follow-up email, stage: trust, owner: sales, next: client}
"""


def sop(owner: str, title: str, front: str = "") -> str:
    return f"---\nowner: {owner}\n{front}---\n# {title}\n\n- [ ] Do it\n- [ ] Check it\n"


FILES = {
    "mkdocs.yml": MKDOCS,
    "content/owners.yml": OWNERS,
    "content/journeys/enquiry.yml": JOURNEY.format(after_call="client", extra=""),
    "content/sops/call.md": sop("sales", "Run a discovery call",
                                "review_every: 90d\nlast_reviewed: 2026-09-01\n"),
    "content/sops/backup.md": sop("ops", "Check the backups",
                                  "schedule:\n  every: 1w\n  weekday: wednesday\n"),
    "content/sops/invoice.md": sop("ops", "Send the invoices",
                                   "schedule: {every: 1w, weekday: friday, assignee: sales}\n"),
    "content/sops/audit.md": sop("ops", "Yearly audit",
                                 "review_every: 1y\nlast_reviewed: 2025-11-01\n"),
}

ISSUES = [
    {"number": 41, "title": "Run: Check the backups", "url": "https://github.com/o/r/issues/41",
     "author": {"login": "olu"}, "body": "### SOP\n\nbackup\n\n### Run name\n\nWeek 48\n"},
    {"number": 44, "title": "Run of something", "url": "https://github.com/o/r/issues/44",
     "author": {"login": "temp-help"}, "body": "no form here"},
]


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> ScratchRepo:
    repo = ScratchRepo(tmp_path_factory.mktemp("weekly") / "repo")
    repo.write(FILES)
    repo.commit("playbook", date="2026-11-10T09:00:00+00:00")
    repo.write({"content/journeys/enquiry.yml": JOURNEY.format(after_call="follow-up",
                                                               extra=FOLLOW_UP),
                "content/sops/backup.md": FILES["content/sops/backup.md"].replace(
                    "# Check the backups", "# Check the nightly backups")})
    repo.commit("a follow-up step", date="2026-11-26T15:00:00+00:00")
    (repo.top / "issues.json").write_text(json.dumps(ISSUES), encoding="utf-8")
    return repo


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs (--update rewrites it)"


@pytest.mark.parametrize("lang", ["en", "zh", "zh-Hant"])
def test_the_weekly_review_command_matches_its_golden(repo: ScratchRepo, lang: str) -> None:
    code, out, err = repo.run("review", "--week", "2026-11-25", "--lang", lang,
                              "--filing", "issues.json", "--site-url",
                              "https://o.github.io/r/")
    assert (code, err) == (0, "")
    golden(f"review-2026-W48.{lang}.md", out)
    if lang != "en":
        prose = re.sub(r"`[^`]*`|\]\([^)]*\)|@[\w-]+|#\d+|\*\*[^*]*\*\*", "", out)
        authored = set(re.findall(r"[a-z]+", (json.dumps(FILES) + json.dumps(ISSUES)
                                               + FOLLOW_UP + "nightly").lower()))
        leftover = set(re.findall(r"\b[a-z]{4,}\b", prose.lower())) - authored
        assert not leftover, f"English words left in {lang}: {sorted(leftover)}"


def test_one_owner_and_the_changes_with_their_maps(repo: ScratchRepo) -> None:
    code, out, _err = repo.run("review", "--week", "2026-11-25", "--owner", "ops",
                               "--maps", "maps")
    assert code == 0
    # one owner: no owner heading, the sections one level up
    assert not re.search(r"^#+ Operations lead", out, re.MULTILINE)
    assert re.search(r"^### SOP reviews$", out, re.MULTILINE)
    assert "Sales lead" not in out and "Send the invoices" not in out  # assigned to sales
    assert "- [ ] missed: **Check the nightly backups** (`backup`), due 2026-11-25, every " \
        "1 week, never run" in out
    assert "sop backup changed: title: Check the backups → Check the nightly backups" in out
    # the journey's change belongs to its owner (mkt) and the new step's (sales), not ops
    assert "journey enquiry" not in out
    code, out, _err = repo.run("review", "--week", "2026-11-25", "--owner", "sales",
                               "--maps", "maps")
    assert "- ✎ journey enquiry changed — [diff map](maps/enquiry.svg)" in out
    svg = (repo.top / "maps" / "enquiry.svg").read_text(encoding="utf-8")
    assert "Follow-up email" in svg and "added" in svg


def test_the_week_before_shows_no_change_and_nothing_missed_yet(repo: ScratchRepo) -> None:
    code, out, _err = repo.run("review", "--week", "2026-11-30", "--owner", "ops")
    assert code == 0
    assert "Weekly review 2026-W49 (2026-11-30 to 2026-12-06)" in out
    assert "As of 2026-11-30: the week is not over." in out
    # Wednesday's run is still to come; the change of 11-26 is within the last 7 days
    assert "- [ ] to do: **Check the nightly backups** (`backup`), due 2026-12-02" in out
    assert "missed" not in out
    code, out, _err = repo.run("review", "--week", "2026-11-16", "--owner", "ops")
    assert "0 changes to the playbook from 2026-11-16 to 2026-11-22." in out


def test_bad_arguments_are_said(repo: ScratchRepo) -> None:
    code, _out, err = repo.run("review", "--week", "2026-13-01")
    assert code == 2 and "'2026-13-01' is not a date" in err
    code, _out, err = repo.run("review", "--week", "--owner", "boss")
    assert code == 2 and "'boss' is not an owner in owners.yml" in err


def _judge(metric: Metric, value: float) -> bool | None:
    """The test's reading of ">= N" and ">= N%" targets."""
    m = re.fullmatch(r">=\s*([\d.]+)%?", metric.target.strip())
    return value >= float(m.group(1)) if m else None


def _utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


def _book(repo: ScratchRepo) -> Playbook:
    problems = Problems()
    settings = load_project(repo.project, problems)
    assert settings is not None
    book = load_and_check(settings)[0]
    book.runs = [
        RunRecord(sop="backup", name="Week 47", ran_by="olu", started=_utc("2026-11-18T08:00"),
                  finished=_utc("2026-11-18T08:20"), issue=30),
        RunRecord(sop="invoice", name="November", ran_by="chelseapark",
                  started=_utc("2026-11-27T16:00"), finished=_utc("2026-11-27T16:45"),
                  skipped=["check-it"], issue=43),
        RunRecord(sop="call", name="Acme", ran_by="chelseapark",
                  started=_utc("2026-11-24T10:00"), issue=42),
    ]
    book.sops["call"].expect_every = "1w"
    book.sops["audit"].expect_every = "2w"
    book.actuals = [
        MetricActual(date=dt.date(2026, 11, 23), journey="enquiry", step="call",
                     metric="Calls per week", value=12),
        MetricActual(date=dt.date(2026, 11, 27), journey="enquiry", step="call",
                     metric="Calls per week", value=7),  # the week's latest: off target
        MetricActual(date=dt.date(2026, 11, 27), journey="enquiry", step="call",
                     metric="Show rate", value=85.5),
        MetricActual(date=dt.date(2026, 12, 1), journey="enquiry", step="call",
                     metric="Show rate", value=40),  # the next week's
    ]
    return book


def test_runs_done_and_missed_and_metrics_off_target(repo: ScratchRepo) -> None:
    book = _book(repo)
    week = Week.containing(dt.date(2026, 11, 25))
    today = dt.date(2026, 11, 30)
    since, until = change_window(week, today)
    assert (since, until) == (dt.date(2026, 11, 23), dt.date(2026, 11, 29))
    repo_ = Repo.find(repo.project)
    assert repo_ is not None
    changes = week_changes(repo_, repo.project, since, until, today)
    filing = filing_problems(ISSUES, book.sops)
    assert filing == [
        FilingProblem(41, "Run: Check the backups", "https://github.com/o/r/issues/41", "olu",
                      "backup"),
        FilingProblem(44, "Run of something", "https://github.com/o/r/issues/44",
                      "temp-help", ""),
    ]
    review = weekly_review(book, week, today, judge=_judge, filing=filing, changes=changes)
    by_owner = {o.owner_id: o for o in review.owners}
    sales, ops = by_owner["sales"], by_owner["ops"]
    assert [(r.metric.name, r.value) for r in sales.off_target] == [("Calls per week", 7)]
    assert [r.issue for r in sales.runs] == [42, 43]  # by start
    assert [(d.sop.id, d.state) for d in sales.due_runs] == []  # call ran; invoice ran
    assert [(d.sop.id, d.state, d.due.isoformat(), d.last) for d in ops.due_runs] == [
        ("audit", "missed", "2026-11-23", None),  # expect_every, never run
        ("backup", "missed", "2026-11-25", dt.date(2026, 11, 18)),
    ]
    assert [f.number for f in ops.filing] == [41] and [f.number for f in review.filing] == [44]
    assert handles(review) == ["chelseapark", "olu"]
    golden("review-2026-W48-records.en.md", weekly_markdown(review))
    language, _ = i18n.load("zh")
    with i18n.use(language):
        golden("review-2026-W48-records.zh.md", weekly_markdown(review))


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q", "-p", "no:cacheprovider"]))
