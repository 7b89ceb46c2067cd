"""Synthetic playbooks of a given size, the same bytes for the same size and seed.

``generate(size, dest)`` writes two MkDocs projects from one set of content:

- ``dest/jd``: the playbook as journeydocs publishes it (``owners.yml``, journey YAML, SOPs);
- ``dest/base``: the baseline: the same SOP files plus one plain Markdown page per journey,
  built by Material for MkDocs with its default navigation and no journeydocs.

Journeys have 30 steps: a start, two ends, decisions whose branches skip ahead, loop back or
leave for the second end, and ten critical steps (a third) with an owner, an SOP and metrics.
SOPs have 20 checklist items in four sections. Everything comes from one seeded
:class:`random.Random`, never from the clock or the file system, so the content is
deterministic.

``lang="zh"`` writes the same shapes in Simplified Chinese (titles, checklist items, prose,
owners' names, decision questions: business Chinese built from a vocabulary of a few hundred
words, phrases and names, so a search index sees realistic words, not one repeated word),
with the site language set to ``zh`` (Material's search then segments with jieba). File names
and ids stay ASCII, as in samples/zh.
"""

from __future__ import annotations

import argparse
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-06-01"  # the plugin's `today`, so review status does not depend on the clock


@dataclass(frozen=True)
class Size:
    name: str
    journeys: int
    sops: int

    @property
    def owners(self) -> int:
        """Roles grow with the playbook (about one per 25 SOPs), as in a real company."""
        return max(8, self.sops // 25)


SIZES = {s.name: s for s in (Size("S", 10, 100), Size("L", 100, 1000), Size("XL", 300, 3000))}
STEPS_PER_JOURNEY = 30
ITEMS_PER_SOP = 20
SECTIONS = ("Before you start", "Do the work", "Check the result", "Hand over")

MARKETING = ["know", "like", "trust", "try"]
OPERATIONS = ["buy", "repeat", "refer"]
TEAMS = ["Sales", "Marketing", "Delivery", "Finance", "Support", "Operations", "People",
         "Partnerships"]
ROLES = ["lead", "coordinator", "manager", "specialist", "analyst", "owner"]
FIRST = ["Ana", "Ben", "Chen", "Dana", "Eli", "Fatima", "Gus", "Hana", "Ivan", "Jia", "Kofi",
         "Lena", "Mateo", "Nora", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tara", "Uma",
         "Victor", "Wen", "Yusuf", "Zoe"]
LAST = ["Park", "Ortiz", "Whitfield", "Novak", "Mensah", "Larsen", "Haddad", "Ito", "Kowalski",
        "Moreau", "Osei", "Rossi", "Silva", "Tanaka", "Varga", "Weber"]
VERBS = ["Send", "Review", "Prepare", "Confirm", "Schedule", "Qualify", "Welcome", "Invoice",
         "Survey", "Follow up on", "Publish", "Audit", "Train", "Escalate", "Record", "Plan",
         "Approve", "Measure", "Archive", "Onboard"]
OBJECTS = ["the proposal", "the kickoff call", "the welcome pack", "the webinar", "the newsletter",
           "the referral request", "the renewal", "the case study", "the quarterly review",
           "the invoice", "the intake form", "the support ticket", "the contract",
           "the project plan", "the discovery call", "the testimonial", "the partner intro",
           "the landing page", "the onboarding checklist", "the results report"]
QUESTIONS = ["Books a consultation?", "Accepts the proposal?", "Pays on time?",
             "Opens the email?", "Asks for a demo?", "Renews the contract?",
             "Refers a friend?", "Approves the plan?", "Shows up?", "Needs more help?"]
TOOLS = ["CRM", "Email platform", "Video call", "Invoicing", "Project tool", "Chat",
         "Spreadsheet", "Survey tool", "Calendar", "Help desk"]
CHANNELS = ["paid", "earned", "person"]
WORDS = ["client", "team", "plan", "call", "email", "result", "week", "owner", "target",
         "review", "check", "note", "record", "update", "share", "agree", "confirm", "before",
         "after", "every", "each", "first", "last", "clear", "short"]

# Simplified Chinese, parallel to the English lists where a slug is made from them.
VERBS_ZH = ["发送", "审核", "准备", "确认", "安排", "筛选", "欢迎", "开具", "调研", "跟进",
            "发布", "审计", "培训", "上报", "记录", "规划", "批准", "衡量", "归档", "引导"]
OBJECTS_ZH = ["方案报价", "启动会议", "欢迎礼包", "线上直播", "会员通讯", "推荐邀请", "续约合同",
              "客户案例", "季度复盘", "增值税发票", "登记表", "售后工单", "采购合同", "项目计划",
              "需求沟通电话", "客户评价", "合作伙伴介绍", "活动落地页", "入职清单", "结果报告"]
QUESTIONS_ZH = ["预约咨询了吗？", "接受报价了吗？", "按时付款了吗？", "打开邮件了吗？",
                "要求演示吗？", "续约了吗？", "推荐了朋友吗？", "批准计划了吗？", "到场了吗？",
                "还需要帮助吗？"]
TOOLS_ZH = ["客户管理系统", "邮件平台", "视频会议", "开票系统", "项目看板", "企业微信",
            "共享表格", "问卷工具", "共享日历", "工单系统"]
TEAMS_ZH = ["销售部", "市场部", "交付部", "财务部", "客服部", "运营部", "人事部", "合作部"]
ROLES_ZH = ["主管", "专员", "经理", "助理", "分析师", "负责人"]
SURNAMES_ZH = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐"
GIVEN_ZH = ["晓岚", "子涵", "志强", "丽娜", "建国", "雨桐", "浩然", "静怡", "俊杰", "欣怡", "伟",
            "敏", "磊", "婷", "宇轩", "思远", "秀英", "海峰", "嘉怡", "文博"]
SECTIONS_ZH = ("开始之前", "执行步骤", "检查结果", "交接")
SUBJECTS_ZH = ["客服", "店长", "仓库管理员", "出纳", "运营主管", "销售代表", "采购专员", "质检员",
               "营销主管", "会计", "项目经理", "负责人", "值班同事", "新同事"]
ACTIONS_ZH = ["核对", "确认", "登记", "整理", "发送", "审核", "跟进", "记录", "更新", "汇总",
              "检查", "上传", "归档", "通知", "复核", "打印", "签收", "对比", "补齐", "盘点"]
NOUNS_ZH = ["采购订单", "出口退税", "推荐值", "库存数量", "对账单", "物流单号", "退款申请",
            "增值税发票", "月结报表", "客户档案", "样品", "报价单", "付款凭证", "银行流水",
            "质检报告", "退货地址", "优惠券", "会员积分", "发货清单", "合同编号", "报销单",
            "预付款", "尾款", "交货日期", "包装规格", "客户反馈", "投诉记录", "应收账款",
            "供应商名单", "价格表", "促销方案", "直播脚本", "试用装", "订单备注", "收货人电话"]
TIMES_ZH = ["每天下班前", "收到订单后两小时内", "每周一上午", "月底最后一个工作日", "发货之前",
            "签收后三天内", "开会之前", "每季度第一周", "节假日前", "客户确认以后"]
ENDINGS_ZH = ["有疑问时先问负责人", "不要跳过这一步", "出错时当天改正", "结果写进工单",
              "完成后在群里说一声", "两个人一起确认", "截图留底", "按模板填写"]
GOALS_ZH = ["成交", "续约", "推荐", "复购"]
METRIC_NAMES_ZH = ["转化率", "用时", "占比", "数量"]
TARGETS_ZH = [">= 35%", "<= 2 天", "每周 10 个"]


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return (" ".join(words)).capitalize()


def _sentence_zh(rng: random.Random, n: int) -> str:
    """About ``n`` words' worth of Chinese: clauses from a few templates, joined by commas."""
    clauses = []
    for _ in range(max(1, n // 6)):
        subj, act, noun = rng.choice(SUBJECTS_ZH), rng.choice(ACTIONS_ZH), rng.choice(NOUNS_ZH)
        kind = rng.randrange(6)
        if kind == 0:
            clauses.append(f"{rng.choice(TIMES_ZH)}，{subj}{act}{noun}")
        elif kind == 1:
            clauses.append(f"{subj}要先{act}{noun}，再{rng.choice(ACTIONS_ZH)}"
                           f"{rng.choice(NOUNS_ZH)}")
        elif kind == 2:
            clauses.append(f"如果{noun}有问题，{subj}当天{act}并告诉{rng.choice(SUBJECTS_ZH)}")
        elif kind == 3:
            clauses.append(f"{noun}和{rng.choice(NOUNS_ZH)}必须一致")
        elif kind == 4:
            clauses.append(f"{act}完成后在{rng.choice(TOOLS_ZH)}里{rng.choice(ACTIONS_ZH)}{noun}")
        else:
            clauses.append(rng.choice(ENDINGS_ZH))
    return "，".join(clauses)


def _task(rng: random.Random, zh: bool) -> str:
    """A task's or an SOP's name: a verb and an object."""
    if zh:
        return f"{rng.choice(VERBS_ZH)}{rng.choice(OBJECTS_ZH)}"
    return f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}"


def _prose(rng: random.Random, n: int, zh: bool) -> str:
    """A sentence of about ``n`` words, with its full stop."""
    return _sentence_zh(rng, n) + "。" if zh else _sentence(rng, n) + "."


def _q(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass
class Content:
    owners: list[str]
    sop_ids: list[str]
    sop_titles: dict[str, str]
    critical_steps: int = 0  # SOPs are handed out to critical steps in turn
    zh: bool = False  # Simplified Chinese text


def generate(size: Size | str, dest: Path, seed: int = 1, lang: str = "en") -> Path:
    """Write ``dest/jd`` and ``dest/base`` for ``size``; returns ``dest``.

    ``lang`` is ``en`` (English) or ``zh`` (Simplified Chinese)."""
    if isinstance(size, str):
        size = SIZES[size]
    if lang not in ("en", "zh"):
        raise ValueError(f"lang must be en or zh, not {lang!r}")
    zh = lang == "zh"
    rng = random.Random(f"journeydocs-bench:{size.name}:{seed}" + (":zh" if zh else ""))
    if dest.exists():
        shutil.rmtree(dest)
    jd, base = dest / "jd", dest / "base"
    for project in (jd, base):
        (project / "content" / "sops").mkdir(parents=True)
        (project / "content" / "journeys").mkdir(parents=True)

    owners = _owners(rng, size, jd / "content" / "owners.yml", zh)
    sop_ids = [f"{_slug(rng.choice(VERBS))}-{_slug(rng.choice(OBJECTS))}-{i:04d}"
               for i in range(size.sops)]
    content = Content(owners, sop_ids, {}, zh=zh)
    for i, sid in enumerate(sop_ids):
        text = _sop(rng, content, i, sid)
        (jd / "content" / "sops" / f"{sid}.md").write_text(text, encoding="utf-8")
        (base / "content" / "sops" / f"{sid}.md").write_text(text, encoding="utf-8")

    journey_ids = [f"journey-{i:03d}" for i in range(size.journeys)]
    for i, jid in enumerate(journey_ids):
        journey = _journey(rng, content, size, i, journey_ids)
        (jd / "content" / "journeys" / f"{jid}.yml").write_text(_journey_yaml(journey),
                                                               encoding="utf-8")
        (base / "content" / "journeys" / f"{jid}.md").write_text(
            _journey_markdown(journey, content), encoding="utf-8")

    home = (ROOT / ("samples/zh/docs" if zh else "content") / "index.md").read_text(
        encoding="utf-8")
    (jd / "content" / "index.md").write_text(home, encoding="utf-8")
    (base / "content" / "index.md").write_text(
        home.replace("<!-- journeydocs:hourglass -->\n", "")
        .replace("(journeys/index.md)", "(journeys/journey-000.md)")
        .replace("(sops/index.md)", f"(sops/{sop_ids[0]}.md)")
        .replace("- **[Owners](owners/index.md)**", "- **Owners**")
        .replace("(metrics.md)", "(index.md)").replace("(health.md)", "(index.md)"),
        encoding="utf-8")
    _configs(jd, base, zh)
    return dest


def _slug(text: str) -> str:
    return "-".join(w for w in text.lower().split() if w != "the")


def _owners(rng: random.Random, size: Size, path: Path, zh: bool = False) -> list[str]:
    ids, lines = [], ["# Generated by bench/generate.py", ""]
    for i in range(size.owners):
        team = TEAMS[i % len(TEAMS)]
        role = ROLES[(i // len(TEAMS)) % len(ROLES)]
        oid = f"{team.lower()}-{role}-{i:03d}"
        ids.append(oid)
        if zh:
            team_zh = TEAMS_ZH[i % len(TEAMS)]
            name = f"{team_zh}{ROLES_ZH[(i // len(TEAMS)) % len(ROLES)]} {i}"
            person = rng.choice(SURNAMES_ZH) + rng.choice(GIVEN_ZH)
        else:
            team_zh, name = team, f"{team} {role} {i}"
            person = rng.choice(FIRST) + " " + rng.choice(LAST)
        lines += [f"{oid}:", f"  name: {_q(name)}", f"  person: {_q(person)}",
                  f"  team: {team_zh}", f"  email: {oid}@example.com",
                  f'  chat: "https://chat.example.com/channels/{team.lower()}"', ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return ids


def _sop(rng: random.Random, content: Content, i: int, sid: str) -> str:
    zh = content.zh
    title = f"{_task(rng, zh)}（{i + 1}）" if zh else f"{_task(rng, zh)} ({i + 1})"
    content.sop_titles[sid] = title
    owner = content.owners[i % len(content.owners)]
    every = rng.choice(["30d", "90d", "6m", "1y"])
    # about one in ten is overdue on TODAY (2026-06-01)
    month = rng.choice(["2025-03", "2025-04"] if rng.random() < 0.1 else ["2026-03", "2026-05"])
    tools = rng.sample(TOOLS_ZH if zh else TOOLS, 2)
    lines = ["---", f"title: {_q(title)}", f"owner: {owner}", f"review_every: {every}",
             f"last_reviewed: {month}-{rng.randint(1, 28):02d}",
             f"tools: [{', '.join(tools)}]",
             f"tags: [{rng.choice(TEAMS_ZH) if zh else rng.choice(TEAMS).lower()}]", "---",
             f"# {title}", "", _prose(rng, 24, zh), ""]
    other = content.sop_ids[(i * 7 + 3) % len(content.sop_ids)]
    for s, section in enumerate(SECTIONS_ZH if zh else SECTIONS):
        lines += [f"## {section}", ""]
        for k in range(ITEMS_PER_SOP // len(SECTIONS)):
            if zh:
                text = f"{_task(rng, zh)}：{_sentence_zh(rng, 8)}"
            else:
                text = f"{_task(rng, zh)}: {_sentence(rng, 8).lower()}"
            if s == 3 and k == 0:
                tell = "，并告诉 " if zh else " and tell "
                text += f"{tell}[[owner:{content.owners[(i + 1) % len(content.owners)]}]]"
            if s == 3 and k == 1 and other != sid:
                text += f"（见 [[sop:{other}]]）" if zh else f" (see [[sop:{other}]])"
            lines.append(f"- [ ] {text}")
        lines.append("")
    lines += [_prose(rng, 16, zh), ""]
    return "\n".join(lines)


@dataclass
class GStep:
    id: str
    type: str
    title: str
    stage: str
    next: list[str]
    branches: list[tuple[str, str]]
    critical: bool = False
    owner: str = ""
    sop: str = ""
    metrics: list[tuple[str, str]] | None = None
    channel: str = ""
    automation: list[str] | None = None
    continues: str = ""


@dataclass
class GJourney:
    id: str
    title: str
    system: str
    owner: str
    stages: list[str]
    summary: str
    steps: list[GStep]


def _journey(rng: random.Random, content: Content, size: Size, i: int,
             journey_ids: list[str]) -> GJourney:
    zh = content.zh
    system = "marketing" if i % 2 == 0 else "operations"
    stages = MARKETING if system == "marketing" else OPERATIONS
    n = STEPS_PER_JOURNEY
    ids = [f"s{k:02d}" for k in range(n)]
    lost = n - 2  # the second end: "leaves", reached from decisions only
    decisions = set(range(4, n - 3, 5))  # 4, 9, 14, 19, 24
    candidates = [k for k in range(1, n - 2) if k not in decisions]
    critical = set(rng.sample(candidates, 7)) | set(rng.sample(sorted(decisions), 3))
    steps = []
    for k in range(n):
        stage = stages[min(len(stages) - 1, k * len(stages) // (n - 1))]
        nxt = n - 1 if k == n - 3 else k + 1
        if k == 0:
            step = GStep(ids[k], "start", _task(rng, zh), stage, [ids[nxt]], [])
        elif k in (lost, n - 1):
            ends = ("暂时离开", "成为客户") if zh else ("Leaves for now", "Becomes a client")
            step = GStep(ids[k], "end", ends[0] if k == lost else ends[1], stage, [], [])
            if k == n - 1 and system == "marketing" and i + 1 < len(journey_ids):
                step.continues = journey_ids[i + 1]
        elif k in decisions:
            kind = rng.choice(["loop", "skip", "leave"]) if k != 9 else "leave"
            other = {"loop": ids[max(1, k - rng.randint(2, 4))], "skip": ids[k + 2],
                     "leave": ids[lost]}[kind]
            step = GStep(ids[k], "decision", rng.choice(QUESTIONS_ZH if zh else QUESTIONS),
                         stage, [],
                         [("yes", ids[nxt]), ("no", other)])
        else:
            step = GStep(ids[k], "task", _task(rng, zh), stage, [ids[nxt]], [])
            if rng.random() < 0.5:
                step.channel = rng.choice(CHANNELS)
            if rng.random() < 0.3:
                step.automation = rng.sample(TOOLS_ZH if zh else TOOLS, 1)
        if k in critical:
            step.critical = True
            step.owner = content.owners[(i + k) % len(content.owners)]
            step.sop = content.sop_ids[content.critical_steps % len(content.sop_ids)]
            content.critical_steps += 1
            if zh:
                step.metrics = [(f"{rng.choice(OBJECTS_ZH)}{rng.choice(METRIC_NAMES_ZH)}",
                                 rng.choice(TARGETS_ZH))]
            else:
                step.metrics = [(f"{rng.choice(['Conversion', 'Time to', 'Share of', 'Number of'])}"
                                 f" {rng.choice(OBJECTS)[4:]}", rng.choice([">= 35%", "<= 2 days",
                                                                              "10 per week"]))]
        elif step.type == "task" and rng.random() < 0.4:
            step.owner = content.owners[(i * 3 + k) % len(content.owners)]
        steps.append(step)
    if zh:
        title = f"从{rng.choice(OBJECTS_ZH)}到{rng.choice(GOALS_ZH)} {i + 1}"
    else:
        goal = rng.choice(["client", "renewal", "referral", "repeat order"])
        title = f"{rng.choice(OBJECTS)[4:].capitalize()} to {goal} {i + 1}"
    return GJourney(journey_ids[i], title, system, content.owners[i % len(content.owners)],
                    stages, _prose(rng, 20, zh), steps)


def _journey_yaml(j: GJourney) -> str:
    out = ["# yaml-language-server: $schema=../../schemas/journey.schema.json",
           f"title: {_q(j.title)}", f"system: {j.system}", f"owner: {j.owner}",
           f"summary: {_q(j.summary)}", f"stages: [{', '.join(j.stages)}]", "steps:"]
    for s in j.steps:
        out += [f"  - id: {s.id}", f"    title: {_q(s.title)}", f"    stage: {s.stage}"]
        if s.type != "task":
            out.append(f"    type: {s.type}")
        if s.critical:
            out.append("    critical: true")
        if s.owner:
            out.append(f"    owner: {s.owner}")
        if s.sop:
            out.append(f"    sop: {s.sop}")
        if s.channel:
            out.append(f"    channel: {s.channel}")
        if s.automation:
            out.append(f"    automation: [{', '.join(s.automation)}]")
        if s.metrics:
            out.append("    metrics:")
            out += [f"      - {{name: {_q(m)}, target: {_q(t)}}}" for m, t in s.metrics]
        if s.next:
            out.append(f"    next: {s.next[0]}")
        if s.branches:
            out.append("    branches:")
            out += [f"      - {{label: {_q(label)}, next: {nxt}}}" for label, nxt in s.branches]
        if s.continues:
            out.append(f"    continues: {s.continues}")
    return "\n".join(out) + "\n"


def _journey_markdown(j: GJourney, content: Content) -> str:
    """The baseline's journey page: the same facts as plain Markdown, no map."""
    titles = {s.id: s.title for s in j.steps}
    out = [f"# {j.title}", "", j.summary, "", f"- **System:** {j.system}",
           f"- **Owner:** {j.owner}", ""]
    for stage in j.stages:
        out += [f"## {stage.capitalize()}", ""]
        for s in (s for s in j.steps if s.stage == stage):
            out += [f"### {s.title}{' ★' if s.critical else ''} {{#step-{s.id}}}", "",
                    f"- **Type:** {s.type}"]
            if s.owner:
                out.append(f"- **Owner:** {s.owner}")
            if s.sop:
                out.append(f"- **Checklist (SOP):** [{content.sop_titles[s.sop]}]"
                           f"(../sops/{s.sop}.md)")
            for m, t in s.metrics or []:
                out.append(f"- **Metric:** {m}: target {t}")
            if s.next:
                out.append(f"- **Next:** [{titles[s.next[0]]}](#step-{s.next[0]})")
            for label, nxt in s.branches:
                out.append(f"- **If “{label}”:** [{titles[nxt]}](#step-{nxt})")
            if s.continues:
                out.append(f"- **Continues in:** [{s.continues}]({s.continues}.md)")
            out.append("")
    return "\n".join(out)


def _configs(jd: Path, base: Path, zh: bool = False) -> None:
    """jd: the sample's mkdocs.yml with a fixed `today`; base: the same theme, no plugin.
    In Chinese, the same with the site language ``zh``."""
    sample = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if zh:
        sample = sample.replace("  language: en\n", "  language: zh\n", 1).replace(
            "site_name: Northwind Consulting playbook", "site_name: 青叶茶事运营手册", 1)
    head, _, _ = sample.partition("\nplugins:")
    _, _, tail = sample.partition("\nmarkdown_extensions:")
    (jd / "mkdocs.yml").write_text(
        head + "\nplugins:\n  - search\n  - journeydocs:\n"
        f"      today: {TODAY}\n\nmarkdown_extensions:" + tail, encoding="utf-8")
    shutil.copytree(ROOT / "theme", jd / "theme")
    base_head = head.replace("  custom_dir: theme\n", "")
    (base / "mkdocs.yml").write_text(
        base_head + "\nplugins:\n  - search\n\nmarkdown_extensions:" + tail,
        encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("size", choices=sorted(SIZES))
    parser.add_argument("dest", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--lang", choices=("en", "zh"), default="en")
    args = parser.parse_args(argv)
    generate(SIZES[args.size], args.dest, args.seed, args.lang)
    print(args.dest)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
