"""Builders and readers for the competitions tests: people, files, a competition with one of everything."""
from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from io import BytesIO
from types import SimpleNamespace

from PIL import Image
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from app.accounts.models import Role, RoleGrant
from app.competitions.models import Entry, Track
from app.extensions import db
from app.notifications.models import OutboxMessage
from tests.factories import (make_assignment, make_competition, make_edition, make_entry, make_judge,
                             make_organisation, make_round, make_user)

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def person(**fields):
    """An account that reads the site in English (the source language)."""
    return make_user(locale="en", **fields)


def organiser_of(edition, **fields):
    user = person(**fields)
    db.session.add(RoleGrant(user=user, role=str(Role.ORGANISER), edition_id=edition.id))
    db.session.commit()
    return user


def png_bytes(width: int = 40, height: int = 30) -> bytes:
    output = BytesIO()
    Image.new("RGB", (width, height), (20, 140, 60)).save(output, format="PNG")
    return output.getvalue()


def upload(data: bytes, filename: str = "deck.pdf", content_type: str = "application/pdf") -> FileStorage:
    """An uploaded file, as a service receives it from a form."""
    return FileStorage(stream=BytesIO(data), filename=filename, content_type=content_type)


def form_file(data: bytes, filename: str = "deck.pdf"):
    """A file for the test client's ``data=`` (multipart)."""
    return (BytesIO(data), filename)


COMPLETE = dict(
    project_name="Nông trại thông minh", problem="Nông dân mất 30% sản lượng vì sâu bệnh.",
    solution="Cảm biến và ứng dụng cảnh báo sớm.", innovation="Mô hình AI chạy trên điện thoại rẻ tiền.",
    target_market="2 triệu hộ trồng lúa ở đồng bằng sông Cửu Long.", business_model="Thuê bao 50.000 đồng mỗi tháng.",
    traction="300 hộ dùng thử, 40 hộ trả phí.", team_description="Ba kỹ sư nông nghiệp và một lập trình viên.",
    funding_sought_vnd=2_000_000_000, links="https://nongtrai.example.vn", video_url="https://youtu.be/abc123",
)


def complete_fields(**changes) -> dict:
    return {**COMPLETE, **changes}


def outbox_rows(kind: str | None = None) -> list[OutboxMessage]:
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    return list(db.session.scalars(query))


def reload(entry: Entry) -> Entry:
    db.session.expire_all()
    return db.session.get(Entry, entry.id)


def page_text(response) -> str:
    """The visible text of a page, tags stripped and spaces squashed."""
    body = response.get_data(as_text=True)
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def build_world(*, closes_at=utc(2026, 11, 30, 16, 59), opens_at=utc(2026, 11, 1, 0, 0)):
    """A published edition "hai-phong" with a competition "talent" (two tracks, a screening round open until
    30 November 23:59 in Viet Nam and a final), a team with an entry, and people in every relation to it."""
    edition = make_edition(slug="hai-phong", name_en="Techfest Haiphong 2026")
    other_edition = make_edition(slug="can-tho")
    competition = make_competition(edition, slug="talent", name_en="Startup talent search",
                                   rules_en="Five-minute pitch.", eligibility_en="Startups under five years old.",
                                   prizes_en="First prize: 100 million VND.")
    tracks = [Track(competition=competition, name_vi="Ý tưởng", name_en="Idea", position=0),
              Track(competition=competition, name_vi="Dự án", name_en="Project", position=1)]
    db.session.add_all(tracks)
    db.session.commit()
    screening = make_round(competition, position=1, submission_opens_at=opens_at, submission_closes_at=closes_at,
                           name_en="Online screening")
    final = make_round(competition, position=2, kind="final", name_en="Final pitch",
                       submission_closes_at=utc(2026, 12, 8, 16, 59), requires_updated_deck=True,
                       material_request_en="Send your updated deck with this year's revenue.")
    owner, member, other_member = person(name="Lê Thị Hoa"), make_user(locale="vi", name="Trần Văn Nam"), person()
    team = make_organisation(owner, name="Nông Trại Xanh", members=(member,))
    other_team = make_organisation(other_member, name="Robot Biển")
    entry = make_entry(competition, organisation=team, status="draft", project_name="Nông trại thông minh")
    judge_user, unassigned_judge_user = person(name="Kim Min-jun"), person()
    judge = make_judge(competition, user=judge_user)
    make_judge(competition, user=unassigned_judge_user)
    make_assignment(screening, judge, entry)
    people = {
        "anonymous": None, "other team's member": other_member, "own team member": member, "own team owner": owner,
        "assigned judge": judge_user, "unassigned judge": unassigned_judge_user,
        "organiser of the edition": organiser_of(edition), "organiser of another edition": organiser_of(other_edition),
        "admin": person(roles=(Role.ADMIN,)),
    }
    return SimpleNamespace(edition=edition, competition=competition, tracks=tracks, screening=screening, final=final,
                           team=team, other_team=other_team, entry=entry, owner=owner, member=member,
                           judge=judge, people=people)


def element_text(response, element_id: str) -> str | None:
    """The words inside the element with ``id`` (tags count as spaces; the first closing tag of its kind ends it)."""
    body = response.get_data(as_text=True)
    match = re.search(rf'<(\w+)[^>]*\bid="{re.escape(element_id)}"[^>]*>(.*?)</\1>', body, flags=re.S)
    if not match:
        return None
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", match.group(2))).split())


def row_text(response, attribute: str, value) -> str:
    """The words of the table row ``<tr data-<attribute>="<value>">``."""
    body = response.get_data(as_text=True)
    match = re.search(rf'<tr data-{attribute}="{value}">(.*?)</tr>', body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split())
