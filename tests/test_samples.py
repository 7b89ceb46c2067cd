"""The sample playbooks in Chinese (samples/zh, samples/zh-Hant).

Each is a whole MkDocs project, as a Chinese team would write it: it builds with
``--strict``, ``journeydocs check`` finds no error in it, its review dates say the same on
any day, it has a marketing and an operations system with detailed checklists, and it is
written in its own script and wording (Simplified for mainland China, Traditional with
Taiwan's business words), with no line break inside a Chinese paragraph (a browser shows
one as a space).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import LANGUAGE_SAMPLES, ROOT, SAMPLE_LANGUAGE, BuildResult
from journeydocs.content.config import load_project
from journeydocs.content.model import Playbook
from journeydocs.content.pipeline import load_and_check
from journeydocs.content.references import Index
from journeydocs.problems import Problems, Severity

SAMPLES = ROOT / "samples"

# Characters each script writes differently: Simplified then Traditional, a pair each.
# Only characters that the other script never uses: 后, 里, 台, 冲... are left out.
SCRIPT_PAIRS = (
    "这這 们們 为為 发發 时時 会會 个個 说說 对對 过過 还還 没沒 单單 货貨 订訂",
    "户戶 务務 应應 经經 营營 运運 质質 号號 门門 问問 间間 题題 体體 实實 长長",
    "东東 电電 话話 语語 请請 认認 识識 让讓 记記 设設 计計 该該 级級 给給 续續",
    "红紅 绿綠 纸紙 线線 结結 统統 网網 买買 卖賣 费費 贵貴 负負 责責 账帳 资資",
    "购購 贴貼 价價 优優 传傳 动動 显顯 开開 关關 处處 备備 复復 宝寶 专專 业業",
    "与與 产產 节節 样樣 标標 检檢 测測 净淨 温溫 湿濕 热熱 点點 无無 现現 环環",
    "码碼 确確 种種 积積 稳穩 签簽 简簡 类類 装裝 见見 规規 视視 觉覺 讯訊 详詳",
    "诉訴 询詢 调調 谢謝 贺賀 赔賠 赠贈 转轉 轮輪 软軟 输輸 边邊 达達 选選 递遞",
    "钱錢 铁鐵 银銀 销銷 锁鎖 阅閱 际際 陆陸 队隊 难難 页頁 顶頂 项項 预預 领領",
    "频頻 额額 饮飲 馆館 马馬 鱼魚 鸟鳥 黄黃 齐齊 龙龍 叶葉",
)
SIMPLIFIED = "".join(pair[0] for row in SCRIPT_PAIRS for pair in row.split())
TRADITIONAL = "".join(pair[1] for row in SCRIPT_PAIRS for pair in row.split())

# Mainland words a Taiwan team does not use (in Traditional characters), and Taiwan words a
# mainland team does not use (in Simplified characters).
MAINLAND_WORDS = ("營銷", "運營", "視頻", "信息", "軟件", "質量", "默認", "網絡", "打印", "短信",
                  "鏈接", "二維碼", "屏幕", "反饋", "登錄", "快遞", "發貨", "渠道", "包郵",
                  "小程序", "合同", "郵箱", "性價比", "私域")
TAIWAN_WORDS = ("行销", "软体", "网路", "资讯", "萤幕", "简讯", "程式", "营运系统", "回购")

CJK = r"\u3400-\u9fff\uf900-\ufaff"
CJK_TEXT = re.compile(rf"[{CJK}]")
BLOCK = re.compile(r"^\s*(?:[-*+] |\d+[.)] |#|\||!!!|```|<!--|>)")


def project_of(name: str) -> Path:
    return SAMPLES / name


def texts(name: str) -> dict[Path, str]:
    """Every file of a sample people read: mkdocs.yml and everything under docs/."""
    root = project_of(name)
    files = [root / "mkdocs.yml", *sorted((root / "docs").rglob("*.md")),
             *sorted((root / "docs").rglob("*.yml"))]
    return {f: f.read_text(encoding="utf-8") for f in files}


@functools.cache
def loaded(name: str) -> tuple[Playbook, Problems]:
    """The sample as `journeydocs check` reads it (loaded once per session)."""
    settings = load_project(project_of(name), Problems())
    assert settings is not None
    return load_and_check(settings)


def test_there_is_a_sample_for_each_chinese_script() -> None:
    assert sorted(p.name for p in SAMPLES.iterdir() if (p / "mkdocs.yml").is_file()) == \
        sorted(LANGUAGE_SAMPLES)
    for name in LANGUAGE_SAMPLES:
        config = yaml.load((project_of(name) / "mkdocs.yml").read_text(encoding="utf-8"),
                           Loader=yaml.BaseLoader)
        assert config["theme"]["language"] == SAMPLE_LANGUAGE[name]
        assert config["theme"]["name"] == "material"
        options = next(p["journeydocs"] for p in config["plugins"]
                       if isinstance(p, dict) and "journeydocs" in p)
        # the default stage labels follow the language: the sample sets none
        assert "stages" not in options


def test_the_sample_builds_strict_with_the_page_language_everywhere(
        language_site: BuildResult) -> None:
    name = language_site.site.parent.name
    assert not re.search(r"WARNING\s+-", language_site.output), language_site.output
    book, _ = loaded(name)
    pages = ["index.html", "journeys/index.html", "sops/index.html", "owners/index.html",
             "metrics/index.html", "health/index.html"]
    pages += [f"journeys/{j}/index.html" for j in book.journeys]
    pages += [f"sops/{s}/index.html" for s in book.sops]
    pages += [f"owners/{o}/index.html" for o in book.owners]
    for page in pages:
        assert (language_site.site / page).is_file(), page
    for html in language_site.site.rglob("*.html"):
        tag = re.search(r"<html\b[^>]*>", html.read_text(encoding="utf-8"))
        assert tag and f'lang="{SAMPLE_LANGUAGE[name]}"' in tag.group(0), html
    for journey in book.journeys:
        page = BeautifulSoup(language_site.page(f"journeys/{journey}/index.html"),
                             "html.parser")
        assert page.select_one("svg.jd-map") is not None, journey
    assert not list(language_site.site.rglob("*.yml"))


@pytest.mark.parametrize("name", LANGUAGE_SAMPLES)
def test_check_finds_no_error_and_only_the_planted_overdue_review(name: str) -> None:
    book, problems = loaded(name)
    assert not problems.errors(), "\n".join(map(str, problems.errors()))
    notices = [(p.code, p.path) for p in problems if p.severity is not Severity.ERROR]
    # one SOP is overdue on purpose, so the health page and `journeydocs review` show one
    assert notices == [("overdue", "docs/sops/referral-invite.md")]
    proc = subprocess.run([sys.executable, "-m", "journeydocs.cli", "check", "-q",
                           str(project_of(name))], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("name", LANGUAGE_SAMPLES)
@pytest.mark.parametrize("epoch", ["", "2524608000"])  # today, and 2050
def test_review_dates_do_not_go_overdue_with_time(
        name: str, epoch: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The sample counts review dates from its own `today` (mkdocs.yml), not the build's
    date: it shows the same health page in any year."""
    if epoch:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    else:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    settings = load_project(project_of(name), Problems())
    assert settings is not None and settings.today == dt.date(2026, 12, 1)
    book, _ = load_and_check(settings)
    overdue = sorted(s.id for s in book.sops.values() if s.is_overdue(settings.today))
    assert overdue == ["referral-invite"]
    assert all(s.due_date() is not None for s in book.sops.values())


@pytest.mark.parametrize("name", LANGUAGE_SAMPLES)
def test_a_marketing_and_an_operations_system_with_detailed_checklists(name: str) -> None:
    book, _ = loaded(name)
    index = Index.build(book)
    systems = sorted(j.system for j in book.journeys.values())
    assert systems.count("marketing") >= 2 and systems.count("operations") >= 2
    used_stages = {s.stage for j in book.journeys.values() for s in j.steps}
    assert used_stages == {"know", "like", "trust", "try", "buy", "repeat", "refer"}
    for journey in book.journeys.values():
        types = [s.type.value for s in journey.steps]
        assert "decision" in types, journey.id
        critical = [s for s in journey.steps if s.critical]
        assert critical, journey.id
        for step in critical:
            assert step.sop and step.owner and step.metrics, (journey.id, step.id)
    for owner in book.owners:
        assert index.steps_by_owner.get(owner) or index.sops_by_owner.get(owner), owner
    procedures = [s for s in book.sops.values() if s.kind == "procedure"]
    assert len(procedures) >= 15
    for sop in procedures:
        sections = {item.section for item in sop.items}
        assert len(sop.items) >= 10 and len(sections) >= 3, sop.id
        assert all(CJK_TEXT.search(item.text) for item in sop.items), sop.id
    assert any(s.kind == "reference" for s in book.sops.values())
    bodies = "\n".join(s.body for s in book.sops.values())
    assert re.search(r"^ {4}- \[ \] ", bodies, re.MULTILINE), "no nested checklist item"
    assert re.search(r"^\|---", bodies, re.MULTILINE), "no table"
    assert re.search(r"^!!! \w+", bodies, re.MULTILINE), "no admonition"


@pytest.mark.parametrize(("name", "foreign", "words"), [
    ("zh", TRADITIONAL, TAIWAN_WORDS),
    ("zh-Hant", SIMPLIFIED, MAINLAND_WORDS),
])
def test_each_sample_is_written_in_its_own_script_and_wording(
        name: str, foreign: str, words: tuple[str, ...]) -> None:
    assert len(SIMPLIFIED) == len(TRADITIONAL)
    assert not set(SIMPLIFIED) & set(TRADITIONAL)
    found = []
    for path, text in texts(name).items():
        for number, line in enumerate(text.splitlines(), 1):
            where = f"{path.relative_to(ROOT)}:{number}"
            found += [f"{where}: '{c}'" for c in sorted(set(line) & set(foreign))]
            found += [f"{where}: '{w}'" for w in words if w in line]
    # quotation marks: “” in mainland text, 「」 in Taiwan's
    quote = "「" if name == "zh" else "“"
    found += [f"{p.relative_to(ROOT)}: {quote}" for p, t in texts(name).items() if quote in t]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("name", LANGUAGE_SAMPLES)
def test_no_line_break_inside_a_chinese_paragraph(name: str) -> None:
    """A line break between two Chinese characters shows as a space in Chromium: paragraphs
    and list items are one line each, and YAML texts are too."""
    found = []
    for path, text in texts(name).items():
        if path.suffix != ".md":
            continue
        lines = text.split("\n")
        start = lines.index("---", 1) + 1 if lines[0] == "---" else 0
        for number in range(start + 1, len(lines)):
            before, line = lines[number - 1], lines[number]
            if before.strip() and line.strip() and not BLOCK.match(line) \
                    and not BLOCK.match(before) \
                    and re.search(rf"[{CJK}，。：；）]$", before.rstrip()):
                found.append(f"{path.relative_to(ROOT)}:{number + 1}")
    book, _ = loaded(name)
    for journey in book.journeys.values():
        fields = [journey.title, journey.summary or ""]
        fields += [s.notes or "" for s in journey.steps]
        for text in fields:
            if re.search(rf"[{CJK}，。：；）]\s+[{CJK}（]", text):
                found.append(f"{journey.id}: {text[:30]}")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("name", LANGUAGE_SAMPLES)
def test_journeys_and_owners_name_their_schema_and_validate(name: str) -> None:
    """The first line lets an editor check the file while a Chinese author types."""
    docs = project_of(name) / "docs"
    files = [("owners.schema.json", docs / "owners.yml")]
    files += [("journey.schema.json", p) for p in sorted((docs / "journeys").glob("*.yml"))]
    for schema_name, path in files:
        text = path.read_text(encoding="utf-8")
        first = re.match(r"# yaml-language-server: \$schema=(\S+)\n", text)
        assert first, path
        schema_path = (path.parent / first.group(1)).resolve()
        assert schema_path == ROOT / "schemas" / schema_name, path
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        jsonschema.validate(json.loads(json.dumps(yaml.safe_load(text))), schema)
