"""Builders and readers for the results tests, with the hand-computed worked example."""
from __future__ import annotations

import html
import re
from datetime import timedelta
from types import SimpleNamespace

from sqlalchemy import select

from app.accounts.models import Role, RoleGrant
from app.core.time import utcnow
from app.extensions import db
from app.notifications.models import OutboxMessage
from tests.factories import (make_assignment, make_competition, make_edition, make_entry, make_judge,
                             make_organisation, make_round, make_user)

# Worked example: 3 judges, 4 entries, the default rubric (Team 20 %, Problem and solution 20 %,
# Market 20 %, Business model 20 %, Science and technology 10 %, Impact 10 %, each out of 10), so a
# sheet's weighted total is 2 × (the first four points) + (the last two points). Each judge scores
# three entries; E4 is scored by all three. Points, and the totals they give:
#
#   J1 (lenient): E1 (10, 9, 8, 9, 10, 8)   → 2 × 36 + 18 = 90
#                 E3 (7, 8, 6, 7, 7, 7)     → 2 × 28 + 14 = 70
#                 E4 (8, 8, 8, 8, 8, 8)     → 2 × 32 + 16 = 80
#   J2 (harsh):   E1 (5, 4, 6, 5, 5, 5)     → 2 × 20 + 10 = 50
#                 E2 (6, 7, 5, 6, 6, 6)     → 2 × 24 + 12 = 60
#                 E4 (4, 4, 4, 4, 4, 4)     → 2 × 16 +  8 = 40
#   J3:           E2 (8, 7, 6, 9, 5, 7)     → 2 × 30 + 12 = 72   (DOMAIN.md's example)
#                 E3 (7.5, 6, 6, 6.5, 6, 6) → 2 × 26 + 12 = 64
#                 E4 (7, 7, 7, 7, 6, 6)     → 2 × 28 + 12 = 68
POINTS = {
    ("J1", "E1"): (10, 9, 8, 9, 10, 8), ("J1", "E3"): (7, 8, 6, 7, 7, 7), ("J1", "E4"): (8, 8, 8, 8, 8, 8),
    ("J2", "E1"): (5, 4, 6, 5, 5, 5), ("J2", "E2"): (6, 7, 5, 6, 6, 6), ("J2", "E4"): (4, 4, 4, 4, 4, 4),
    ("J3", "E2"): (8, 7, 6, 9, 5, 7), ("J3", "E3"): (7.5, 6, 6, 6.5, 6, 6), ("J3", "E4"): (7, 7, 7, 7, 6, 6),
}
TOTALS = {("J1", "E1"): 90, ("J1", "E3"): 70, ("J1", "E4"): 80, ("J2", "E1"): 50, ("J2", "E2"): 60,
          ("J2", "E4"): 40, ("J3", "E2"): 72, ("J3", "E3"): 64, ("J3", "E4"): 68}
JUDGE_NAMES = {"J1": "Kim Min-jun", "J2": "Tanaka Yuki", "J3": "Vũ Đức Thắng"}
PROJECTS = {"E1": "Cảng Thông Minh", "E2": "Nông Sản Xanh", "E3": "Học Vui", "E4": "Y Tế Số"}
COMMENTS = {("J1", "E1"): "Đội ngũ mạnh, thị trường rõ ràng.", ("J2", "E1"): "Cần số liệu doanh thu.",
            ("J3", "E2"): "Great traction; show the unit economics."}
PRIVATE_NOTES = {("J2", "E1"): "Nhà sáng lập có vẻ quá tự tin (private)."}


def person(**fields):
    """An account that reads the site in English (the source language)."""
    return make_user(locale="en", **fields)


def organiser_of(edition, **fields):
    user = person(**fields)
    db.session.add(RoleGrant(user=user, role=str(Role.ORGANISER), edition_id=edition.id))
    db.session.commit()
    return user


def worked_example(*, blind: bool = False, submit_all: bool = True):
    """The example above in the database: round 1 (screening) of a competition, round 2 (final) after it.

    Every entry's team has an owner reading Vietnamese and a member reading English. Entries
    were submitted one hour apart, E1 first.
    """
    edition = make_edition(slug="techfest-hai-phong")
    organiser = organiser_of(edition, name="Trần Thị Bích Ngọc")
    competition = make_competition(edition, slug="tim-kiem-tai-nang", blind=blind, name_en="Startup talent search",
                                   tie_break_criterion_position=0)
    first = make_round(competition, position=1, name_en="Online screening", name_vi="Vòng sơ loại")
    final = make_round(competition, position=2, kind="final", name_en="Grand final", name_vi="Chung kết",
                       material_request_en="Bring a 5-minute demo.", material_request_vi="Chuẩn bị demo 5 phút.")
    judges = {key: make_judge(competition, user=make_user(name=name, roles=(Role.JUDGE,)))
              for key, name in JUDGE_NAMES.items()}
    entries, members = {}, {}
    for number, (key, project) in enumerate(PROJECTS.items()):
        owner = make_user(name=f"Chủ nhóm {project}", locale="vi")
        member = make_user(name=f"Member of {project}", locale="en")
        team = make_organisation(owner, name=f"Công ty {project}", members=(member,))
        entries[key] = make_entry(competition, organisation=team, round_=first, project_name=project,
                                  submitted_at=utcnow() - timedelta(hours=10 - number))
        members[key] = (owner, member)
    sheets = {}
    for (judge, entry), points in POINTS.items():
        sheet = make_assignment(first, judges[judge], entries[entry], points=points, submitted=submit_all,
                                comment=COMMENTS.get((judge, entry)))
        sheet.private_note = PRIVATE_NOTES.get((judge, entry))
        sheets[(judge, entry)] = sheet
    db.session.commit()
    return SimpleNamespace(edition=edition, organiser=organiser, competition=competition, round=first, final=final,
                           judges=judges, entries=entries, members=members, sheets=sheets)


def results_url(example, round_=None, suffix: str = "results") -> str:
    round_ = round_ or example.round
    return (f"/manage/e/{example.edition.slug}/competitions/{example.competition.slug}"
            f"/rounds/{round_.id}/{suffix}")


def live_url(example, round_=None, suffix: str = "live") -> str:
    round_ = round_ or example.final
    return f"/e/{example.edition.slug}/competitions/{example.competition.slug}/rounds/{round_.id}/{suffix}"


def outbox_rows(kind_prefix: str = "results.") -> list[OutboxMessage]:
    return [message for message in db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
            if message.kind.startswith(kind_prefix)]


def outcomes(round_) -> dict[int, str]:
    from app.competitions.models import RoundEntry

    db.session.expire_all()
    return dict(db.session.execute(select(RoundEntry.entry_id, RoundEntry.outcome)
                                   .where(RoundEntry.round_id == round_.id)).all())


def places(round_) -> set[int]:
    from app.competitions.models import RoundEntry

    return set(db.session.scalars(select(RoundEntry.entry_id).where(RoundEntry.round_id == round_.id)))


def cell(response, row_id: str, field: str) -> str | None:
    """The text of ``data-field="field"`` inside the table row ``id="row_id"``."""
    body = response.get_data(as_text=True)
    row = re.search(rf'<tr id="{re.escape(row_id)}"[^>]*>(.*?)</tr>', body, flags=re.S)
    if not row:
        return None
    found = re.search(rf'<(\w+)[^>]*data-field="{re.escape(field)}"[^>]*>(.*?)</\1>', row.group(1), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found.group(2))).split()) if found else None


def row_ids(response, table_id: str) -> list[str]:
    body = response.get_data(as_text=True)
    table = re.search(rf'<table[^>]*id="{re.escape(table_id)}"[^>]*>(.*?)</table>', body, flags=re.S)
    return re.findall(r'<tr id="([^"]+)"', table.group(1)) if table else []


def page_text(response) -> str:
    body = response.get_data(as_text=True)
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())
