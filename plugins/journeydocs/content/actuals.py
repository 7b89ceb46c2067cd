"""Metric actuals: ``records/actuals/*.csv`` under the docs folder -> :class:`MetricActual`.

Each file has the header ``date,journey,step,metric,value,note`` (``note`` optional, the
columns in any order) and one measured value a row. A row with a problem is reported at
``file:line:col`` and left out; the rest of the file is kept. What is accepted, decided
for files people keep in a spreadsheet:

* **Encoding**: UTF-8, with or without the BOM Excel writes ("CSV UTF-8"). A file in
  another encoding (Excel's plain "CSV" on a Chinese Windows writes GB18030) is refused
  as a whole, with the hint to save it as CSV UTF-8.
* **Separator**: ``,``; or ``;`` when the header is separated by ``;`` (Excel in European
  locales). Then a decimal comma is read as the decimal mark (``12,5`` is 12.5).
* **Numbers**: ``1234``, ``-3.5``, ``1,234`` (thousands grouped by commas, quoted in a
  comma-separated file) and full-width digits. ``12%`` is accepted when the metric's
  target is a percentage (the value is 12: actuals of a percentage are in percent points);
  ``%`` on a metric whose target is no percentage is a problem (is 12% 12 or 0.12?).
* **Dates**: ``YYYY-MM-DD`` only (``2026/11/02`` and ``11/2/2026`` are ambiguous).
* **Order**: within one file, a journey/step/metric series' dates go up: a date before
  the previous row's in that file is reported (files may split a series any way, e.g. one
  file a month, whatever their names) (the value is kept and charted in date order); a second row
  for the same date is a duplicate and left out.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from pathlib import Path

from journeydocs.content.model import Journey, Metric, Playbook, Step
from journeydocs.content.records import MetricActual
from journeydocs.content.schema import suggest
from journeydocs.content.settings import Settings
from journeydocs.content.targets import Status, parse_target, status
from journeydocs.i18n import _
from journeydocs.problems import Problems, listing

COLUMNS = ("date", "journey", "step", "metric", "value", "note")
REQUIRED = COLUMNS[:5]
ACTUALS_DIR = "actuals"
Key = tuple[str, str, str]  # journey, step, metric name
MAX_BYTES = 2_000_000
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_PLAIN = re.compile(r"^[+-]?(?:\d+(?:\.\d+)?|\.\d+)$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")


def actuals_folder(settings: Settings) -> Path:
    return settings.docs_dir / settings.records_dir / ACTUALS_DIR


def load_actuals(settings: Settings, book: Playbook, problems: Problems) -> list[MetricActual]:
    """Every actual of every CSV file (files in name order, rows in file order)."""
    folder = actuals_folder(settings)
    out: list[MetricActual] = []
    if not folder.is_dir():
        return out
    series: dict[Key, dict[dt.date, MetricActual]] = {}  # each series' rows by date
    for path in sorted(folder.glob("*.csv")):
        if not path.is_file():
            continue
        out += read_csv(path.read_bytes(), settings.rel(path), book, problems, series)
    return out


def read_csv(data: bytes, source: str, book: Playbook, problems: Problems,
             series: dict[Key, dict[dt.date, MetricActual]] | None = None
             ) -> list[MetricActual]:
    """The actuals of one file's bytes; ``series`` carries each series' rows by date from
    one file to the next (a series may continue in next month's file)."""
    series = {} if series is None else series
    if len(data) > MAX_BYTES:
        problems.add(source, 0, 0, _("{file} is larger than {size} MB").format(
            file=source, size=MAX_BYTES // 1_000_000),
            _("keep one file per month or quarter"))
        return []
    try:
        text = data.decode("utf-8-sig")
        if "\x00" in text:
            raise UnicodeDecodeError("utf-8", data, data.index(b"\x00"),
                                     data.index(b"\x00") + 1, "NUL")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        problems.add(source, line, 0, _("the file is not UTF-8 text"),
                     _("save it as \"CSV UTF-8\" (Excel: File › Save As › CSV UTF-8)"))
        return []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if first is None:
        return []
    delimiter = ";" if ";" in lines[first] and "," not in lines[first] else ","
    header = _fields(lines[first], delimiter)
    names = [unicodedata.normalize("NFKC", name).strip().lower() for name, _col in header]
    problem_found, seen = False, set()
    for (name, column), key in zip(header, names, strict=True):
        if key in seen:
            problems.add(source, first + 1, column,
                         _("column '{name}' is there twice").format(name=key))
            problem_found = True
        seen.add(key)
        if key not in COLUMNS:
            problems.add(source, first + 1, column,
                         _("unknown column '{name}' in a file of actuals").format(name=name),
                         suggest(key, COLUMNS) or _("the columns are {columns}").format(
                             columns=listing(COLUMNS)))
            problem_found = True
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        problems.add(source, first + 1, 1,
                     _("a file of actuals needs the columns {columns}").format(
                         columns=listing(missing)),
                     _("the first line is the header: {header}").format(
                         header=",".join(COLUMNS)))
        return []
    if problem_found:
        return []
    where = {key: names.index(key) for key in COLUMNS if key in names}
    out: list[MetricActual] = []
    reader = csv.reader(io.StringIO("\n".join(lines[first + 1:])), delimiter=delimiter,
                        strict=False)
    line_no = first + 1
    in_file: dict[tuple[str, str, str], dt.date] = {}  # each series' latest date in this file
    for row in reader:
        start = line_no + 1
        line_no = first + 1 + reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        cols = _columns(lines[start - 1], delimiter) if start == line_no else []
        actual = _row(row, cols, where, source, start, delimiter, book, problems, len(names))
        if actual is None:
            continue
        assert actual.date is not None
        rows = series.setdefault((actual.journey, actual.step, actual.metric), {})
        if actual.date in rows:
            first_row = rows[actual.date]
            problems.add(source, start, actual.at("date")[1],
                         _("a second value for {metric} on {date}").format(
                             metric=actual.metric, date=actual.date.isoformat()),
                         _("the first is at {place}; keep one").format(
                             place=f"{first_row.source}:{first_row.line}"))
            continue
        which = (actual.journey, actual.step, actual.metric)
        last = in_file.get(which)
        if last is not None and actual.date < last:
            problems.add(source, start, actual.at("date")[1],
                         _("{date} is listed after {previous} in the series of {metric}")
                         .format(date=actual.date.isoformat(),
                                 previous=last.isoformat(), metric=actual.metric),
                         _("keep each series in date order in its file, oldest first"))
        in_file[which] = max(actual.date, last) if last is not None else actual.date
        rows[actual.date] = actual
        out.append(actual)
    return out


def _row(row: list[str], cols: list[int], where: dict[str, int], source: str, line: int,
         delimiter: str, book: Playbook, problems: Problems, width: int
         ) -> MetricActual | None:
    def col(key: str) -> int:
        index = where[key]
        return cols[index] if index < len(cols) else 1

    if len(row) != width:
        problems.add(source, line, 1,
                     _("this row has {found} fields, the header {expected}").format(
                         found=len(row), expected=width),
                     _("a note with the separator '{sep}' in it goes in double quotes")
                     .format(sep=delimiter))
        return None
    cell = {key: row[index].strip() for key, index in where.items()}
    actual = MetricActual(source=source, line=line, column=1, journey=cell["journey"],
                          step=cell["step"], metric=cell["metric"], note=cell.get("note", ""),
                          pos={key: (line, col(key)) for key in where})
    ok = True
    try:
        actual.date = dt.date.fromisoformat(cell["date"]) if len(cell["date"]) == 10 else None
    except ValueError:
        actual.date = None
    if actual.date is None:
        problems.add(source, line, col("date"),
                     _("'{value}' is not a date").format(value=cell["date"]),
                     _("write dates as YYYY-MM-DD, e.g. 2026-11-30"))
        ok = False
    metric = _metric(actual, book, problems)
    if metric is None:
        return None
    value = _number(cell["value"], delimiter, metric)
    if isinstance(value, str):
        problems.add(source, line, col("value"), value, _number_hint(metric))
        return None
    actual.value = value
    return actual if ok else None


def _metric(actual: MetricActual, book: Playbook, problems: Problems) -> Metric | None:
    """The metric an actual is about, or None (reported) when the journey, step or metric
    is not in the playbook."""
    at = actual.at
    journey = book.journeys.get(actual.journey)
    if journey is None:
        if ("journey", actual.journey) not in book.unreadable:
            problems.add(actual.source, *at("journey"),
                         _("unknown journey '{journey}'").format(journey=actual.journey),
                         suggest(actual.journey, list(book.journeys)))
        return None
    step = journey.step(actual.step)
    if step is None:
        problems.add(actual.source, *at("step"),
                     _("journey '{journey}' has no step '{step}'").format(
                         journey=journey.id, step=actual.step),
                     suggest(actual.step, journey.step_ids()))
        return None
    metric = next((m for m in step.metrics if m.name.strip() == actual.metric), None)
    if metric is None:
        known = [m.name for m in step.metrics]
        hint = suggest(actual.metric, known) or (
            _("its metrics are {names}").format(names=listing(known)) if known
            else _("the step has no metric yet: add it to the journey first"))
        problems.add(actual.source, *at("metric"),
                     _("step '{step}' has no metric '{metric}'").format(
                         step=step.id, metric=actual.metric), hint)
        return None
    return metric


def _number(text: str, delimiter: str, metric: Metric) -> float | str:
    """The value ``text`` states, or the message saying why it is none."""
    raw = text
    text = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    percent = text.endswith("%")
    if percent:
        text = text[:-1]
        threshold = parse_target(metric.target)
        if threshold is None or not threshold.percent:
            return _("'{value}' is a percentage, but the target of {metric} is not").format(
                value=raw, metric=metric.name)
    if delimiter == ";" and _DECIMAL_COMMA.match(text):
        return float(text.replace(",", "."))
    if _GROUPED.match(text):
        return float(text.replace(",", ""))
    if _PLAIN.match(text):
        return float(text)
    return _("'{value}' is not a number").format(value=raw)


def _number_hint(metric: Metric) -> str:
    threshold = parse_target(metric.target)
    if threshold is not None and threshold.percent:
        return _("write a number such as 12.5 or 12.5%")
    return _("write a number such as 1234 or 12.5, without units")


def _fields(line: str, delimiter: str) -> list[tuple[str, int]]:
    """A header line's names with the column each starts at."""
    row = next(csv.reader([line], delimiter=delimiter), [])
    cols = _columns(line, delimiter)
    return [(name.strip(), cols[i] if i < len(cols) else 1) for i, name in enumerate(row)]


def _columns(line: str, delimiter: str) -> list[int]:
    """The 1-based column at which each field of a CSV line starts (quotes respected)."""
    cols, quoted = [1], False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == delimiter and not quoted:
            cols.append(i + 2)
    return cols



def series(book: Playbook) -> dict[Key, list[MetricActual]]:
    """The actuals of each metric, oldest first."""
    out: dict[Key, list[MetricActual]] = {}
    for a in book.actuals:
        out.setdefault((a.journey, a.step, a.metric), []).append(a)
    for values in out.values():
        values.sort(key=lambda a: a.date or dt.date.min)
    return out


def step_status(book: Playbook, journey: Journey, step: Step) -> Status | None:
    """A step against its targets (the map marks critical steps with it): off target if
    the latest value of any of its metrics is, on target if each one's latest value is;
    None without a latest value to compare."""
    by_key = series(book)
    states = [status(m.target, by_key[k][-1].value) for m in step.metrics
              if (k := (journey.id, step.id, m.name.strip())) in by_key]
    known = [s for s in states if s is not Status.UNKNOWN]
    if not known:
        return None
    return Status.OFF if Status.OFF in known else Status.ON
