"""`journeydocs diff`, `review`, `codeowners` and `import` in Chinese: golden outputs.

A Chinese team's playbook (titles and names in Chinese, ids in pinyin) in a scratch git
repository, before and after a pull request, and one with SOPs due for review. Each command's
output in Simplified (``zh``) and Traditional (``zh-Hant``) Chinese is compared with its
golden copy in ``golden/cli/``; ``python tests/test_review_languages.py --update`` rewrites
them (review the diff). Beside the goldens:

* no English word is left: every Latin word the reader sees is an id, a file or code, or a
  word the catalog itself keeps (SOP, GitHub, ID...);
* the language comes from ``--lang`` or from the project's ``mkdocs.yml`` (the plugin's
  ``language`` option, else ``theme.language``, ``zh-TW`` meaning Traditional);
* ``--lang en`` gives the English text the other tests pin, on the same playbook.

The report's "Playbook health" rows are the site's words (``site/overview.py``), tested
with the site: the goldens keep the section's heading and leave its rows out.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from git_playbook import ScratchRepo

from journeydocs.i18n import catalogs

GOLDEN = Path(__file__).parent / "golden" / "cli"
LANGS = {"zh": "zh", "zh-Hant": "zh_Hant"}  # --lang -> catalog id (and golden file suffix)

MKDOCS = """\
site_name: 运营手册
docs_dir: content
theme:
  name: material
  language: {language}
plugins:
  - journeydocs:
      today: 2026-06-01
"""

OWNERS = """\
laoban:
  name: 总经理
  github: laoban-gh
xiaoshou:
  name: 销售主管
  github: xiaoshou-gh
yingxiao:
  name: 营销主管
"""

HUOKE = """\
title: 从咨询到签约
system: marketing
owner: laoban
steps:
  - {{id: liaojie, type: start, title: 听说我们, stage: know, next: goutong}}
  - id: goutong
    title: 需求沟通电话
    stage: trust
    critical: true
    owner: {caller}
    sop: goutong
    metrics: [{{name: 每周通话数, target: "{calls}"}}]
    next: jueding
  - id: jueding
    type: decision
    title: 是否购买？
    stage: try
{decision}    branches:
      - {{label: 是, next: qianyue}}
      - {{label: 否, next: {no}}}
{middle}  - {{id: liushi, type: end, title: 保持联系, stage: try}}
  - {{id: qianyue, type: end, title: 签约, stage: try}}
"""
DINGYUE = """\
  - {id: dingyue, title: 订阅电子报, stage: try, owner: yingxiao, sop: dianzibao, next: liushi}
"""
GENJIN = """\
  - id: genjin
    title: 跟进电话
    stage: try
    owner: xiaoshou
    next: liushi
    notes: 一周内再打一次电话。
"""
DECISION = """\
    critical: true
    owner: xiaoshou
    sop: chengjiao
    metrics: [{name: 成交率, target: 30%}]
"""


def sop(owner: str, title: str, items: list[str], every: str = "", last: str = "") -> str:
    front = [f"owner: {owner}"] + ([f"review_every: {every}"] if every else [])
    front += [f"last_reviewed: {last}"] if last else []
    body = "\n".join(items if items[0].startswith("#") else [f"- [ ] {i}" for i in items])
    return "---\n" + "\n".join(front) + f"\n---\n# {title}\n\n{body}\n"


GOUTONG = ["## 准备", "- [ ] 浏览客户网站", "- [ ] 询问预算", "", "## 跟进", "- [ ] 发送会议纪要"]

BASE: dict[str, str | None] = {
    "mkdocs.yml": MKDOCS.format(language="zh"),
    "content/index.md": "# 运营手册\n",
    "content/owners.yml": OWNERS,
    "content/journeys/huoke.yml": HUOKE.format(caller="xiaoshou", calls=10, decision="",
                                               no="dingyue", middle=DINGYUE),
    "content/sops/goutong.md": sop("xiaoshou", "进行需求沟通电话", GOUTONG, "90d", "2026-01-15"),
    "content/sops/dianzibao.md": sop("yingxiao", "发送电子报", ["撰写内容", "发送"], "30d",
                                     "2026-03-01"),
}

HEAD: dict[str, str | None] = {
    "content/owners.yml": OWNERS.replace("xiaoshou-gh", "xiaoshou2")
    + "chengjiao:\n  name: 成交专员\n  github: acme/closers\n",
    "content/journeys/huoke.yml": HUOKE.format(caller="laoban", calls=12, decision=DECISION,
                                               no="genjin", middle=GENJIN)
    .replace("next: goutong}", "next: goutong, notes: 多半是朋友介绍。}"),
    "content/journeys/tuijian.yml": """\
title: 转介绍
system: operations
owner: chengjiao
steps:
  - {id: qingqiu, type: start, title: 请客户转介绍, stage: refer, next: jieshao}
  - {id: jieshao, type: end, title: 完成引荐, stage: refer}
""",
    "content/sops/goutong.md": sop("xiaoshou", "进行需求沟通电话",
                                   [i.replace("询问预算", "询问时间安排") for i in GOUTONG],
                                   "60d", "2026-01-15"),
    "content/sops/chengjiao.md": sop("xiaoshou", "促成签约", ["发送合同"]),
    "content/sops/dianzibao.md": None,
}

REVIEWS: dict[str, str | None] = {
    "mkdocs.yml": MKDOCS.format(language="zh"),
    "content/owners.yml": "yunying:\n  name: 运营主管\n  github: yunying-gh\n"
                          "xiaoshou:\n  name: 销售主管\n",
    "content/sops/kaipiao.md": sop("yunying", "开具发票", ["核对金额"], "30d", "2026-04-01"),
    "content/sops/beifen.md": sop("yunying", "检查备份", ["恢复测试"], "1m", "2026-05-10"),
    "content/sops/nianshen.md": sop("yunying", "年度审计", ["准备账册"], "1y", "2025-12-01"),
    "content/sops/baojia.md": sop("xiaoshou", "撰写报价单", ["确认价格"], "2w", "2026-05-18"),
    "content/sops/tuijie.md": sop("xiaoshou", "产品推介", ["准备演示"], "8w", "2026-03-01"),
    "content/sops/linshi.md": sop("xiaoshou", "临时事项", ["记录"]),
    "content/sops/guer.md": sop("wuren", "无人负责", ["认领"], "1d", "2026-05-01"),
}


def diff_repo(tmp: Path) -> ScratchRepo:
    repo = ScratchRepo(tmp / "diff")
    repo.write(BASE)
    repo.commit("base", date="2026-02-01T09:00:00+00:00")
    repo.write(HEAD)
    repo.commit("change", date="2026-03-15T10:30:00+01:00")
    return repo


def review_repo(tmp: Path) -> ScratchRepo:
    repo = ScratchRepo(tmp / "review")
    repo.write(REVIEWS)
    repo.commit("playbook")
    return repo


def without_health_rows(text: str) -> str:
    """The report without the rows of its health table (the site's words)."""
    out, rows = [], False
    for line in text.split("\n"):
        if line.startswith("### "):
            rows = line in ("### 手册健康度", "### 手冊健康度", "### Playbook health")
        elif rows and line.startswith("| ") and "`" not in line:
            continue
        out.append(line)
    return "\n".join(out)


def outputs(tmp: Path) -> dict[str, str]:
    """Golden file name -> what the commands print now."""
    diff, review = diff_repo(tmp), review_repo(tmp)
    found = {}
    for lang, suffix in LANGS.items():
        code, out, err = diff.run("diff", "HEAD~1", "HEAD", "--out", f"maps-{suffix}",
                                  "--lang", lang)
        assert code == 0, err
        found[f"diff.{suffix}.md"] = without_health_rows(out)
        for name, extra in (("review.{}.txt", ()), ("review.{}.md", ("--markdown",))):
            code, out, err = review.run("review", "--lang", lang, *extra)
            assert code == 0, err
            found[name.format(suffix)] = out
    return found


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return outputs(tmp_path_factory.mktemp("languages"))


def golden_names() -> list[str]:
    return sorted(f"{kind}.{suffix}.{ext}" for suffix in LANGS.values()
                  for kind, ext in (("diff", "md"), ("review", "txt"), ("review", "md")))


@pytest.mark.parametrize("name", golden_names())
def test_output_matches_golden_file(name: str, generated: dict[str, str]) -> None:
    want = (GOLDEN / name).read_text(encoding="utf-8")
    assert generated[name] == want, "python tests/test_review_languages.py --update"


# --------------------------------------------------------------------------- no English


def _catalog_words(locale: str) -> set[str]:
    """Latin words a catalog's translations keep (SOP, GitHub, ID, journeydocs...)."""
    path = catalogs.LOCALES / locale / "LC_MESSAGES" / "journeydocs.po"
    with path.open("rb") as handle:
        texts = [s for m in read_po(handle, locale=locale) if m.id
                 for s in (m.string if isinstance(m.string, tuple) else (m.string,))]
    return _shown_words(re.sub(r"\{\w+\}", " ", "\n".join(texts)))


def _ids(*playbooks: dict[str, str | None]) -> set[str]:
    """The playbooks' ids and handles: the Latin text their authors wrote."""
    files = {name: text for book in playbooks for name, text in book.items()}
    text = "\n".join(t for book in playbooks for t in book.values() if t)
    found = re.findall(r"(?:id|owner|sop|next|github|stage|system|type|label): ([\w/-]+)",
                       text)
    found += re.findall(r"^(\w+):$", text, flags=re.MULTILINE)
    found += [Path(name).stem for name in files]
    return _words(" ".join(found))


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z]{2,}", text)}


def _shown_words(text: str) -> set[str]:
    """Latin words a reader sees, code spans, names (files, ``playbook-diff``) and @handles
    left out."""
    text = re.sub(r"`[^`\n]*`", " ", text)
    text = re.sub(r"\S*\w[./-]\w\S*|@\S+", " ", text)
    return _words(text)


@pytest.mark.parametrize("name", golden_names())
def test_no_english_word_is_left(name: str, generated: dict[str, str]) -> None:
    locale = name.split(".")[1]
    allowed = _catalog_words(locale) | _ids(BASE, HEAD, REVIEWS)
    assert _shown_words(generated[name]) - allowed == set()
    assert re.search(r"[\u4e00-\u9fff]", generated[name])


def test_the_english_words_test_can_fail() -> None:
    english = "## Playbook changes: `HEAD~1` → `HEAD`\n\n- 新增清单项：Prepare › Ask"
    assert _shown_words(english) - _catalog_words("zh") >= {"playbook", "changes", "ask"}


# --------------------------------------------------------------------------- choosing


def test_the_language_of_mkdocs_yml_and_lang(tmp_path: Path,
                                            generated: dict[str, str]) -> None:
    repo = diff_repo(tmp_path)
    code, out, _ = repo.run("diff", "HEAD~1", "HEAD", "--out", "maps-zh")
    assert code == 0 and without_health_rows(out) == generated["diff.zh.md"]
    html = (repo.top / "maps-zh" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh">' in html and "<title>运营手册变更：HEAD~1 → HEAD</title>" in html
    # still Markdown: the table, every bold title and code span rendered
    body = html.split("<figure", 1)[0]
    assert "<table>" in body and re.search(r"<th[^>]*>客户旅程</th>", body)
    assert "<strong>是否购买？</strong>（<code>jueding</code>）" in body
    assert "**" not in body and "`" not in body

    code, out, _ = repo.run("diff", "HEAD~1", "HEAD", "--no-maps", "--lang", "en")
    assert code == 0
    assert out.startswith("## Playbook changes: `HEAD~1` → `HEAD`\n\n**1 journey added, "
                          "1 changed · 3 steps added, 1 removed, 3 changed · 1 SOP added, "
                          "1 removed, 1 changed · 1 owner added, 1 changed**\n")
    assert "    - critical: no → yes\n" in out and "    - notes added\n" in out
    assert "- 2 steps added: **请客户转介绍**, **完成引荐**" in out

    for config in ("theme:\n  language: zh-TW\nplugins:\n  - journeydocs\n",
                   "theme:\n  language: en\nplugins:\n  - journeydocs:\n"
                   "      language: zh-Hant\n"):
        repo.write({"mkdocs.yml": "site_name: x\ndocs_dir: content\n" + config})
        repo.commit("language")
        code, out, err = repo.run("review", "--today", "2026-06-01")
        assert code == 0, err
        assert out.startswith("截至2026年6月1日的 SOP 複審（已逾期，或 14 天內到期）")


def test_review_counts_and_dates_in_chinese(tmp_path: Path) -> None:
    repo = review_repo(tmp_path)
    code, out, _ = repo.run("review", "--today", "2026-06-09", "--within", "1",
                            "--fail-overdue", "--lang", "zh-Hant")
    assert code == 1
    assert "检查备份 [beifen] — 1 天後到期（2026年6月10日）" in out
    code, out, _ = repo.run("review", "--today", "2025-01-01", "--markdown", "--lang", "zh")
    assert out == ("## 截至2025年1月1日的 SOP 复审\n\n已逾期或 14 天内到期的 SOP，按负责人列出。"
                   "\n\n没有需要复审的 SOP。 🎉\n\n有 1 个 SOP 没有复审日期（请设置 "
                   "`review_every` 和 `last_reviewed`）。\n")


def test_problems_of_a_change_are_counted_in_chinese(tmp_path: Path) -> None:
    repo = diff_repo(tmp_path)
    huoke = (repo.project / "content/journeys/huoke.yml").read_text(encoding="utf-8")
    repo.write({"content/journeys/huoke.yml": huoke.replace("next: liushi", "next: liushu")})
    code, out, _ = repo.run("diff", "HEAD", "--no-maps", "--lang", "zh")
    assert code == 0
    assert "\n    - 下一步：liushi → liushu\n" in out
    assert re.search(r"\n❌ (\d) 个问题，其中 \1 个是此次变更带来的。每个问题都已标注在拉取请求所改"
                     r"文件的对应行上。\n", out)
    assert "`content/journeys/huoke.yml:" in out and "**（新）**" in out


def test_codeowners_comments_in_chinese(tmp_path: Path) -> None:
    repo = diff_repo(tmp_path)
    code, _, err = repo.run("codeowners", "--lang", "zh-Hant")
    assert code == 0 and "已寫入 .github/CODEOWNERS" in err
    text = (repo.top / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert text.startswith("# BEGIN journeydocs: generated by `journeydocs codeowners`; do not "
                           "edit by hand\n# 營運手冊的審閱者。")
    assert "/content/journeys/huoke.yml @laoban-gh @xiaoshou2\n" in text
    assert repo.run("codeowners", "--check", "--lang", "zh-Hant")[0] == 0
    code, _, err = repo.run("codeowners", "--check", "--lang", "zh")
    assert code == 1 and "不是最新的：请运行 `journeydocs codeowners` 并提交结果" in err


def test_import_reports_in_chinese(tmp_path: Path) -> None:
    repo = review_repo(tmp_path)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "交接.md").write_text("# 交接班\n\n1. 检查告警\n2. 更新值班表\n",
                                            encoding="utf-8")
    code, out, err = repo.run("import", str(tmp_path / "in"), "--owner", "yunying",
                              "--numbered-steps", "--dry-run")
    assert code == 0, out + err
    assert "文件名 '交接.md' 中没有拉丁字母或数字：已临时生成 ID 'sop-" in out
    assert "编号步骤已改为清单项" in out and "已添加前置元数据" in out
    assert err.strip().startswith("将把 1 个文件中的 1 个导入 content/sops：共 2 个清单项，"
                                  "1 项待办；journeydocs check：导入的 SOP 中有 0 个问题")


def update() -> None:
    """Rewrite the golden files from what the commands print now."""
    with tempfile.TemporaryDirectory() as tmp:
        found = outputs(Path(tmp))
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for name in golden_names():
        (GOLDEN / name).write_text(found[name], encoding="utf-8")
        print(f"wrote tests/golden/cli/{name}")


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit(f"usage: python {sys.argv[0]} --update   (run the test with pytest)")
    update()
