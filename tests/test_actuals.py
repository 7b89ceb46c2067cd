"""Metric actuals: the CSV loader's golden cases, and targets read as thresholds.

A case (``tests/actuals/<name>.yml``) lays one file of actuals, ``csv`` (text) or
``csv_hex`` (raw bytes, for encodings), as ``content/records/actuals/actuals.csv`` over the
small playbook in ``tests/actuals/_base/`` and lists the exact ``file:line:col: message
(hint)`` lines (``errors``) it must produce, in ``language`` (default English), and how
many rows are ``kept``; ``extra`` is a second file, read after the first.
``python tests/test_actuals.py --update`` records the current output (review the diff).
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path

import pytest
import yaml

from journeydocs import i18n
from journeydocs.content.pipeline import load_and_check
from journeydocs.content.settings import Settings
from journeydocs.content.targets import Status, Threshold, parse_target, status

CASES = Path(__file__).parent / "actuals"
CSV = "content/records/actuals/actuals.csv"


def run_case(case: dict[str, object], root: Path) -> tuple[list[str], int]:
    shutil.copytree(CASES / "_base", root, dirs_exist_ok=True)
    path = root / CSV
    path.parent.mkdir(parents=True, exist_ok=True)
    data = (bytes.fromhex(str(case["csv_hex"])) if "csv_hex" in case
            else str(case["csv"]).encode("utf-8"))
    path.write_bytes(data)
    if "extra" in case:  # a second file, read after the first (files in name order)
        (path.parent / "zz-next.csv").write_text(str(case["extra"]), encoding="utf-8")
    language = i18n.load(str(case.get("language", "en")))[0]
    with i18n.use(language):
        settings = Settings(root=root, docs_dir=root / "content", today=dt.date(2026, 11, 30))
        book, problems = load_and_check(settings)
        return [p.text() for p in problems.errors()], len(book.actuals)


@pytest.mark.parametrize("name", sorted(p.stem for p in CASES.glob("*.yml")))
def test_case(name: str, tmp_path: Path) -> None:
    case = yaml.safe_load((CASES / f"{name}.yml").read_text(encoding="utf-8"))
    errors, kept = run_case(case, tmp_path)
    assert errors == case["errors"]
    assert kept == case["kept"]


@pytest.mark.parametrize(("text", "expected"), [
    (">= 30%", Threshold(">=", 30, percent=True)),
    ("≥ 95%", Threshold(">=", 95, percent=True)),
    ("＜ 3％", Threshold("<", 3, percent=True)),
    ("< 2 days", Threshold("<", 2, unit="days")),
    ("<= $18", Threshold("<=", 18)),
    ("≤ 1 张", Threshold("<=", 1, unit="张")),
    ("0 笔", Threshold("=", 0, unit="笔")),
    ("100%", Threshold("=", 100, percent=True)),
    (">= 1,200", Threshold(">=", 1200)),
    (">= 80% of the first", None), ("", None), ("weekly", None), ("5-10", None),
])
def test_targets(text: str, expected: Threshold | None) -> None:
    assert parse_target(text) == expected


@pytest.mark.parametrize(("target", "value", "expected"), [
    (">= 30%", 30, Status.ON), (">= 30%", 29.9, Status.OFF), ("< 1%", 1, Status.OFF),
    ("< 1%", 0.5, Status.ON), ("100%", 100, Status.ON), ("100%", 99, Status.OFF),
    ("≤ 0.5%", 0.5, Status.ON), (">= 80% of the first", 90, Status.UNKNOWN),
    ("", 3, Status.UNKNOWN),
])
def test_status(target: str, value: float, expected: Status) -> None:
    assert status(target, value) is expected


def test_every_sample_target_is_read_or_knowingly_not() -> None:
    """The samples' targets: all but the relative one are thresholds."""
    root = Path(__file__).parent.parent
    targets = set()
    for path in [*root.glob("content/journeys/*.yml"), *root.glob("samples/*/docs/journeys/*.yml")]:
        for journey_step in yaml.safe_load(path.read_text(encoding="utf-8"))["steps"]:
            targets |= {m["target"] for m in journey_step.get("metrics") or [] if m.get("target")}
    unread = sorted(t for t in targets if parse_target(t) is None)
    assert unread == [">= 80% of the first"]


def update() -> None:
    import tempfile
    for path in sorted(CASES.glob("*.yml")):
        case = yaml.safe_load(path.read_text(encoding="utf-8"))
        with tempfile.TemporaryDirectory() as tmp:
            errors, kept = run_case(case, Path(tmp))
        text = path.read_text(encoding="utf-8")
        head = text[:text.index("\nerrors:")]
        body = yaml.safe_dump({"errors": errors, "kept": kept}, allow_unicode=True,
                              sort_keys=False, width=1000)
        path.write_text(head + "\n" + body, encoding="utf-8")


if __name__ == "__main__":
    if "--update" in sys.argv:
        update()
