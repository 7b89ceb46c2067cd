"""Metric charts: values drawn where they should be, the target line at the target, Chinese
labels inside the drawing, markup the page cleaner keeps whole, the same bytes every time;
and the charts, table, health entry and map marks on the pages a build makes."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from journeydocs import i18n
from journeydocs.content.model import Journey, Metric, Step
from journeydocs.content.pipeline import load_and_check
from journeydocs.content.records import MetricActual
from journeydocs.content.settings import Settings
from journeydocs.content.targets import Status, parse_target, status
from journeydocs.maps.dot import journey_dot
from journeydocs.safety.policy import clean_html
from journeydocs.site import urls
from journeydocs.site.actuals import chart_html
from journeydocs.site.build import generated_pages, make_site
from journeydocs.site.charts import Labels, Point, chart_svg

NS = {"s": "http://www.w3.org/2000/svg"}
XLINK = "{http://www.w3.org/1999/xlink}href"
VALUES = [55.0, 58.0, 62.0, 61.0, 66.0, 59.0, 63.0, 64.0]
TARGET = ">= 60%"


def points(values: list[float] = VALUES) -> list[Point]:
    start = dt.date(2026, 9, 7)
    return [Point(start + dt.timedelta(weeks=i), v, status(TARGET, v))
            for i, v in enumerate(values)]


def labels(title: str = "到场率") -> Labels:
    return Labels(title, "目标值 ≥ 60%", "✓ 达标", "✕ 未达标", "目标值无法比较",
                  [f"{p.date.month}月{p.date.day}日" for p in points()], "到场率：8 个数值")


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def group(root: ET.Element, cls: str) -> list[ET.Element]:
    return [g for g in root.iter() if cls in (g.get("class") or "").split()]


def y_scale(root: ET.Element) -> tuple[float, float]:
    """(a, b) with y_pixel = a * value + b, read from the y ticks: the mark's position and
    the label's number, as a reader of the chart would."""
    pairs = []
    for tick in group(root, "jd-ytick"):
        use = next(u for u in tick.iter(f"{{{NS['s']}}}use"))
        text = next(t for t in tick.iter(f"{{{NS['s']}}}text"))
        pairs.append((float(text.text or ""), float(use.get("y") or "")))
    assert len(pairs) >= 2
    (v1, y1), (v2, y2) = pairs[0], pairs[-1]
    a = (y2 - y1) / (v2 - v1)
    return a, y1 - a * v1


def plot_area(root: ET.Element) -> tuple[float, float, float, float]:
    path = group(root, "jd-plot-area")[0].find("s:path", NS)
    assert path is not None
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path.get("d") or "")]
    xs, ys = numbers[0::2], numbers[1::2]
    return min(xs), min(ys), max(xs), max(ys)


def test_values_are_drawn_at_their_value_and_date() -> None:
    svg = chart_svg(points(), parse_target(TARGET), labels(), "k")
    root = parse(svg)
    a, b = y_scale(root)
    drawn = []
    for state in ("on", "off"):
        for use in group(root, f"jd-points-{state}")[0].iter(f"{{{NS['s']}}}use"):
            drawn.append((float(use.get("x") or ""), (float(use.get("y") or "") - b) / a, state))
    drawn.sort()
    assert [round(v, 6) for _x, v, _s in drawn] == VALUES
    assert [s for _x, _v, s in drawn] == ["off" if v < 60 else "on" for v in VALUES]
    # x: in date order, evenly spaced, at the x ticks (one per date, labelled with it)
    ticks = group(root, "jd-xtick")
    tick_x = [float(next(t.iter(f"{{{NS['s']}}}use")).get("x") or "") for t in ticks]
    assert [round(x, 3) for x, _v, _s in drawn] == [round(x, 3) for x in tick_x]
    assert [next(t.iter(f"{{{NS['s']}}}text")).text for t in ticks] == labels().dates
    # the line joins the values in order
    line = group(root, "jd-values-line")[0].find("s:path", NS)
    assert line is not None
    ys = [float(y) for y in re.findall(r"[ML] [\d.]+ ([\d.]+)", line.get("d") or "")]
    assert [round((y - b) / a, 6) for y in ys] == VALUES


def test_the_target_line_is_at_the_target() -> None:
    root = parse(chart_svg(points(), parse_target(TARGET), labels(), "k"))
    a, b = y_scale(root)
    path = group(root, "jd-target")[0].find("s:path", NS)
    assert path is not None
    ys = {float(y) for y in re.findall(r"[ML] [\d.]+ ([\d.]+)", path.get("d") or "")}
    assert len(ys) == 1 and round((ys.pop() - b) / a, 6) == 60
    assert path.get("stroke-dasharray")  # dashed: not the values' line


def test_chinese_labels_are_text_inside_the_drawing() -> None:
    svg = chart_svg(points(), parse_target(TARGET), labels(), "k")
    root = parse(svg)
    _x, _y, width, height = (float(n) for n in (root.get("viewBox") or "").split())
    texts = {t.text: t for t in root.iter(f"{{{NS['s']}}}text")}
    for word in ("到场率", "目标值 ≥ 60%", "✓ 达标", "✕ 未达标", "9月7日"):
        assert word in texts, word  # text, not paths (svg.fonttype: none)
        x, y = float(texts[word].get("x") or ""), float(texts[word].get("y") or "")
        assert 0 <= x < width and 0 < y <= height, word
    left, top, right, bottom = plot_area(root)
    title = texts["到场率"]
    assert float(title.get("y") or "") < top  # above the plot, not over the values
    assert root.get("role") == "img" and root.get("aria-label") == "到场率：8 个数值"


def test_the_cleaner_keeps_the_chart_whole() -> None:
    named = Labels(*[getattr(labels(), f) for f in ("title", "target", "on", "off", "unknown",
                                                    "dates")],
                   name="Show-up rate (Webinar): 8 values, the last 64% (✓ on target)")
    svg = chart_svg(points(), parse_target(TARGET), named, "k")
    assert 'aria-label="Show-up rate (Webinar): 8 values' in clean_html(svg)
    assert "style=" not in svg and "<style" not in svg and "<metadata" not in svg

    def shape(markup: str) -> list[tuple[str, tuple[str, ...]]]:
        return [(m.group(1), tuple(sorted(re.findall(r'\s([\w:-]+)="', m.group(2)))))
                for m in re.finditer(r"<([\w:]+)((?:\s[^>]*)?)>", markup)]

    assert shape(clean_html(svg).replace("<use href=", "<use xlink:href=")) == shape(svg)


def test_same_bytes_every_time_and_ids_per_chart() -> None:
    one = chart_svg(points(), parse_target(TARGET), labels(), "sales/call/Show-up rate")
    two = chart_svg(points(), parse_target(TARGET), labels(), "sales/call/Show-up rate")
    other = chart_svg(points(), parse_target(TARGET), labels(), "sales/call/Calls booked")
    assert one == two
    ids = set(re.findall(r'\sid="([^"]+)"', one))
    assert ids and not ids & set(re.findall(r'\sid="([^"]+)"', other))


def test_a_chart_without_a_threshold_has_no_target_line() -> None:
    pts = [Point(p.date, p.value, Status.UNKNOWN) for p in points()]
    root = parse(chart_svg(pts, None, labels(), "k"))
    assert not group(root, "jd-target") and group(root, "jd-points-unknown")


def test_the_values_table_says_each_status_in_words() -> None:
    journey = Journey(id="sales", title="Sales")
    metric = Metric(name="Show-up rate", target=TARGET)
    step = Step(id="call", title="Call", metrics=[metric])
    actuals = [MetricActual(date=p.date, journey="sales", step="call", metric="Show-up rate",
                            value=p.value, note="late" if i == 0 else "")
               for i, p in enumerate(points())]
    html = chart_html(journey, step, metric, actuals)
    assert html.count("<tr>") == len(VALUES) + 1
    assert "<td>55%</td><td>✕ off target</td><td>late</td>" in html
    assert "<td>64%</td><td>✓ on target</td>" in html
    assert 'aria-label="Show-up rate (Call): 8 values, the last 64% on Oct 26, 2026 ' \
           '(✓ on target)"' in html


SAMPLE = Path(__file__).parent / "actuals" / "_base"
CSV = """date,journey,step,metric,value,note
2026-10-05,sales,call,Show-up rate,55,
2026-10-12,sales,call,Show-up rate,63,
2026-10-19,sales,call,Show-up rate,58,
2026-10-26,sales,call,Days to reply,1,
"""


@pytest.mark.parametrize(("language", "words"), [
    ("en", ("✕ off target", "Actuals", "no value for 5 weeks", "Metrics with no recent value")),
    ("zh", ("✕ 未达标", "实际值", "已有 5 周没有数值", "近期没有实际值的指标")),
])
def test_pages_show_charts_marks_and_stale_metrics(tmp_path: Path, language: str,
                                                   words: tuple[str, ...]) -> None:
    shutil.copytree(SAMPLE, tmp_path, dirs_exist_ok=True)
    folder = tmp_path / "content" / "records" / "actuals"
    folder.mkdir(parents=True)
    (folder / "2026.csv").write_text(CSV, encoding="utf-8")
    (tmp_path / "content" / "journeys" / "sales.yml").write_text(
        (SAMPLE / "content" / "journeys" / "sales.yml").read_text(encoding="utf-8")
        .replace("    owner: sales-lead\n    metrics:", "    owner: sales-lead\n"
                 "    critical: true\n    metrics:"), encoding="utf-8")
    with i18n.use(i18n.load(language)[0]):
        settings = Settings(root=tmp_path, docs_dir=tmp_path / "content",
                            today=dt.date(2026, 11, 30))
        book, problems = load_and_check(settings)
        assert len(book.actuals) == 4
        site = make_site(book, problems, settings, use_directory_urls=True)
        pages = {p.src_uri: p.markdown for p in generated_pages(site, None)}
        dot = journey_dot(book.journeys["sales"], book, step_url=lambda s: "#",
                          journey_url=lambda j: "#", graph_id="g")
    journey, metrics = pages[urls.journey_page("sales")], pages[urls.METRICS_PAGE]
    # one chart per metric with actuals, under its step and on the metrics page
    assert journey.count('<figure class="jd-chart">') == 2
    assert metrics.count('<figure class="jd-chart">') == 2
    assert words[0] in journey and words[1] in metrics
    # the latest Show-up rate (58%) is off target: the critical step says so on the map
    assert words[0] in dot and "jd-off-target" in dot
    health = pages[urls.HEALTH_PAGE]
    # Show-up rate's last value is on 2026-10-19: 6 weeks; Days to reply: 5 weeks
    assert words[3] in health and words[2] in health
    assert health.count(words[2].replace("5", "6")) == 1
