"""The demo's residents' voice: the council decisions behind its projects (with minutes)
and a few questions from residents, answered, waiting, overdue and refused, so that
every page shows them. Everything goes through the same services as the API."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlmodel import Session

from ledger.communities.models import Community
from ledger.decisions.services import attach_minutes, create_decision
from ledger.demo.spending import COMPOUND, OFFICER, PROJECTS, receipt_pdf
from ledger.questions import services as questions
from ledger.timeutil import local_zone

ANSWERER = "王会计"
# body, subject, votes for / against / abstaining, present, the projects it approved
DECISIONS = (
    ("居民议事会", "老年助餐补贴与儿童阅览室改造年度预算", (17, 1, 2), 21, ("elderly_meals", "reading_room")),
    ("红色议事会", "老旧楼道声控节能灯改造", (11, 0, 1), 12, ("stair_lights",)),
)


def council(session: Session, community: Community, start: date, *, vouchers: Path, max_bytes: int) -> None:
    """The decisions approving the projects' budgets, taken before the year began."""
    budgets = {code: budget for code, _name, _purpose, budget in PROJECTS}
    for number, (body, subject, (yes, no, abstain), present, codes) in enumerate(DECISIONS, start=1):
        view = create_decision(session, community, {
            "decided_on": start - timedelta(days=30 - 7 * number), "body": body, "subject": subject,
            "votes_for": yes, "votes_against": no, "abstentions": abstain, "attendance": present,
            "projects": [{"code": code, "budget": budgets[code]} for code in codes]}, today=start, created_by=OFFICER)
        attach_minutes(session, community, view.decision.id, receipt_pdf(f"Minutes of council decision {number}"),
                       f"minutes-{number}.pdf", root=vouchers, max_bytes=max_bytes, by=OFFICER)


def _moment(today: date, days_ago: int, hour: int) -> datetime:
    return datetime.combine(today - timedelta(days=days_ago), time(hour), local_zone())


def _month(today: date, back: int) -> date:
    index = today.year * 12 + today.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def residents_questions(session: Session, community: Community, today: date) -> None:
    """Questions as residents ask them: answered, refused, waiting and overdue."""
    asked = [
        (60, {"kind": "project", "ref": "elderly_meals"}, "老年助餐补贴每月 3200 元，是按多少位老人算的？", "陈阿姨",
         ("每月补贴按登记的 64 位 70 岁以上老人、每人每餐补贴 2.5 元、每月约 20 个工作日计算，"
          "名单在社区公告栏公示。", 3)),
        (35, {"kind": "operator", "ref": "cafe", "month": _month(today, 2)}, "咖啡吧这个月的收入比上个月少，是什么原因？",
         "", ("该月有一周因设备检修停业，营业天数减少；反哺比例仍为 8%。", 2)),
        (28, {"kind": "compound", "ref": COMPOUND, "month": _month(today, 1)}, "保洁费用为什么比去年同期高？", "业主小刘",
         ("今年起保洁合同增加了地下车库的每周清洁，合同已在业主大会上通过。", 4)),
        (20, {"kind": "project", "ref": "reading_room"}, "阅览室周末开放到几点？图书采购清单能公示吗？", "王先生", None),
        (2, {"kind": "transaction", "ref": "5"}, "这笔收入是哪一天的营业额？", "", None),
    ]
    for days_ago, about, text, name, reply in asked:
        question = questions.ask(session, community, {"about": about, "text": text, "name": name,
                                                      "contact": "13800001234" if name else ""},
                                 now=_moment(today, days_ago, 9), today=today)
        if reply is not None:
            answer, after = reply
            questions.answer(session, community, question.id, answer, by=OFFICER, answerer=ANSWERER,
                             now=_moment(today, days_ago - after, 16))
    refused = questions.ask(session, community, {"about": {"kind": "project", "ref": "stair_lights"},
                                                 "text": "3 号楼 502 的住户天天占用楼道，电话 13912345678，快管管！",
                                                 "name": "", "contact": ""}, now=_moment(today, 12, 20), today=today)
    questions.refuse(session, community, refused.id, "含有他人门牌号和电话，涉及个人信息；楼道占用问题已转网格员处理。",
                     by=OFFICER, now=_moment(today, 11, 10))
