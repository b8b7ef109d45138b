"""Builders for test data. Each returns a committed object with sensible defaults."""
from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from werkzeug.security import generate_password_hash

from app.accounts.models import Role, RoleGrant, User
from app.core.time import utcnow
from app.extensions import db
from app.teams.models import MemberRole, Membership, Organisation, Province

PASSWORD = "correct horse battery"
_sequence = itertools.count(1)


@lru_cache(maxsize=1)
def _password_hash() -> str:
    # Hash once per run: real scrypt, without paying for it in every test.
    return generate_password_hash(PASSWORD)


def make_user(*, email: str | None = None, name: str | None = None, locale: str = "vi",
              confirmed: bool = True, active: bool = True, roles: tuple[Role, ...] = ()) -> User:
    number = next(_sequence)
    user = User(email=email or f"user{number}@example.vn", name=name or f"Nguyễn Văn Thử {number}",
                password=None, locale=locale)
    user.password_hash = _password_hash()
    user.active = active
    user.email_confirmed_at = utcnow() if confirmed else None
    for role in roles:
        user.role_grants.append(RoleGrant(role=str(role)))
    db.session.add(user)
    db.session.commit()
    return user


def make_province(*, code: str = "hai-phong", name_vi: str = "Hải Phòng", name_en: str = "Hai Phong") -> Province:
    province = db.session.query(Province).filter_by(code=code).one_or_none()
    if province is None:
        province = Province(code=code, name_vi=name_vi, name_en=name_en)
        db.session.add(province)
        db.session.commit()
    return province


def make_organisation(owner: User | None = None, *, name: str | None = None, kind: str = "startup",
                      members: tuple[User, ...] = (), **fields) -> Organisation:
    organisation = Organisation(kind=kind, **fields)
    organisation.set_name(name or f"Khởi nghiệp Xanh {next(_sequence)}")
    organisation.memberships.append(Membership(user=owner or make_user(), role=MemberRole.OWNER))
    for member in members:
        organisation.memberships.append(Membership(user=member, role=MemberRole.MEMBER))
    db.session.add(organisation)
    db.session.commit()
    return organisation


# --- festival editions, agenda and registrations --------------------------------------------

def make_edition(*, slug: str | None = None, status: str = "published", starts_on: date = date(2026, 12, 10),
                 ends_on: date = date(2026, 12, 12), timezone: str = "Asia/Ho_Chi_Minh",
                 organisers: tuple[User, ...] = (), **fields):
    """An edition (published by default) on 10–12 December 2026; ``organisers`` get a grant for it."""
    from app.events.models import Edition

    number = next(_sequence)
    edition = Edition(slug=slug or f"techfest-{number}", name_vi=fields.pop("name_vi", f"Techfest Hải Phòng {number}"),
                      name_en=fields.pop("name_en", f"Techfest Haiphong {number}"), starts_on=starts_on,
                      ends_on=ends_on, timezone=timezone, status=status, **fields)
    db.session.add(edition)
    db.session.flush()
    for organiser in organisers:
        db.session.add(RoleGrant(user=organiser, role=str(Role.ORGANISER), edition_id=edition.id))
    db.session.commit()
    return edition


def make_venue(edition=None, *, name: str = "Trung tâm Hội nghị Thành phố", address: str | None = "18 Minh Khai, Hải Phòng",
               **fields):
    from app.events.models import Venue

    venue = Venue(edition=edition or make_edition(), name=name, address=address, **fields)
    db.session.add(venue)
    db.session.commit()
    return venue


def make_room(venue=None, *, name: str | None = None, capacity: int | None = 100):
    from app.events.models import Room

    room = Room(venue=venue or make_venue(), name=name or f"Phòng {next(_sequence)}", capacity=capacity)
    db.session.add(room)
    db.session.commit()
    return room


def make_village(edition=None, *, slug: str | None = None, name_vi: str = "Làng Nông nghiệp",
                 name_en: str = "Agritech village", **fields):
    from app.events.models import Village

    village = Village(edition=edition or make_edition(), slug=slug or f"village-{next(_sequence)}",
                      name_vi=name_vi, name_en=name_en, **fields)
    db.session.add(village)
    db.session.commit()
    return village


def make_speaker(edition=None, *, name: str = "Kim Min-jun", **fields):
    from app.events.models import Speaker

    speaker = Speaker(edition=edition or make_edition(), name=name, **fields)
    db.session.add(speaker)
    db.session.commit()
    return speaker


def make_session(edition=None, *, starts_at: datetime | None = None, duration: timedelta = timedelta(hours=2),
                 kind: str = "workshop", title_vi: str = "Hội thảo Chuyển đổi số",
                 title_en: str = "Digital transformation workshop", requires_registration: bool = True,
                 capacity: int | None = 30, **fields):
    """A scheduled session (a workshop needing registration, 30 seats) at 09:00 on the edition's first day."""
    from app.events.models import Session

    edition = edition or make_edition()
    if starts_at is None:
        starts_at = datetime.combine(edition.starts_on, datetime.min.time().replace(hour=9),
                                     tzinfo=edition.zone).astimezone(UTC)
    session = Session(edition=edition, kind=kind, title_vi=title_vi, title_en=title_en, starts_at=starts_at,
                      ends_at=starts_at + duration, requires_registration=requires_registration,
                      capacity=capacity, confirmed_seats=fields.pop("confirmed_seats", 0), **fields)
    db.session.add(session)
    db.session.commit()
    return session


def make_registration(session=None, user: User | None = None, *, status: str = "confirmed", seats: int = 1,
                      organisation: Organisation | None = None, **fields):
    """A registration written directly (no mail); a confirmed one takes its seats in the session's counter."""
    from app.registrations.codes import new_code
    from app.registrations.models import Registration

    session = session or make_session()
    registration = Registration(session=session, user=user or make_user(), organisation=organisation, seats=seats,
                                status=status, check_in_code=fields.pop("check_in_code", new_code()),
                                confirmed_at=fields.pop("confirmed_at", utcnow() if status == "confirmed" else None),
                                **fields)
    if status == "confirmed":
        session.confirmed_seats += seats
    db.session.add(registration)
    db.session.commit()
    return registration



# Competitions and judging ---------------------------------------------------------------

DEFAULT_RUBRIC = [  # DOMAIN.md's default: each criterion 0–10, weights sum to 100
    ("Đội ngũ", "Team", 20), ("Vấn đề và giải pháp", "Problem and solution", 20),
    ("Thị trường", "Market and scalability", 20), ("Mô hình kinh doanh", "Business model and traction", 20),
    ("Khoa học công nghệ", "Science and technology", 10), ("Tác động xã hội", "Social and environmental impact", 10),
]


def make_competition(edition=None, *, name_en: str = "Startup talent search", blind: bool = False, **fields):
    from app.competitions.models import Competition

    competition = Competition(
        edition=edition or make_edition(), slug=fields.pop("slug", f"competition-{next(_sequence)}"),
        name_vi=fields.pop("name_vi", "Tìm kiếm tài năng khởi nghiệp"), name_en=name_en,
        blind_judging=blind, **fields)
    db.session.add(competition)
    db.session.commit()
    return competition


def make_round(competition=None, *, position: int = 1, kind: str = "screening", judges_per_entry: int = 3,
               rubric=DEFAULT_RUBRIC, **fields):
    from decimal import Decimal

    from app.competitions.models import Criterion, Round

    competition = competition or make_competition()
    round_ = Round(competition=competition, position=position, kind=kind,
                   name_vi=fields.pop("name_vi", f"Vòng {position}"), name_en=fields.pop("name_en", f"Round {position}"),
                   judges_per_entry=judges_per_entry, **fields)
    for index, (vi, en, weight) in enumerate(rubric):
        round_.criteria.append(Criterion(position=index, name_vi=vi, name_en=en, max_points=10, weight=Decimal(weight)))
    db.session.add(round_)
    db.session.commit()
    return round_


def make_entry(competition=None, *, organisation=None, status: str = "submitted", round_=None, **fields):
    from app.competitions.models import Entry, RoundEntry

    competition = competition or make_competition()
    organisation = organisation or make_organisation(kind="startup")
    entry = Entry(competition=competition, organisation=organisation, status=status,
                  project_name=fields.pop("project_name", f"Dự án {organisation.name}"),
                  submitted_at=fields.pop("submitted_at", utcnow() if status == "submitted" else None), **fields)
    if round_ is not None:
        entry.participations.append(RoundEntry(round=round_))
    db.session.add(entry)
    db.session.commit()
    return entry


def make_judge(competition=None, *, user=None, organisation_name: str | None = None, **fields):
    from app.judging.models import Judge

    judge = Judge(competition=competition or make_competition(), user=user or make_user(roles=(Role.JUDGE,)),
                  organisation_name=organisation_name, **fields)
    db.session.add(judge)
    db.session.commit()
    return judge


def make_assignment(round_, judge, entry, *, points=None, submitted: bool = False, comment: str | None = None):
    """An assignment; ``points`` (one per criterion, in rubric order) also writes the scores."""
    from decimal import Decimal

    from app.judging.models import Assignment, Score

    assignment = Assignment(round=round_, judge=judge, entry=entry, comment_for_team=comment,
                            status="submitted" if submitted else "draft",
                            submitted_at=utcnow() if submitted else None)
    for criterion, value in zip(round_.criteria, points or ()):
        assignment.scores.append(Score(judge_id=judge.id, entry_id=entry.id, criterion=criterion,
                                       points=Decimal(str(value))))
    db.session.add(assignment)
    db.session.commit()
    return assignment


# --- exhibition, virtual stalls, leads and meetings ------------------------------------------

def make_exhibition(edition=None, *, applications_open: bool = True, online_opens_at: datetime | None = None,
                    online_closes_at: datetime | None = None, days: tuple[date, ...] = (), **fields):
    """An edition's exhibition settings; ``days`` open 08:00–17:30 local time."""
    from datetime import time

    from app.exhibition.models import Exhibition, ExhibitionDay

    exhibition = Exhibition(edition=edition or make_edition(), applications_open=applications_open,
                            online_opens_at=online_opens_at, online_closes_at=online_closes_at, **fields)
    for day in days:
        exhibition.days.append(ExhibitionDay(day=day, opens_at=time(8, 0), closes_at=time(17, 30)))
    db.session.add(exhibition)
    db.session.commit()
    return exhibition


def make_hall(edition=None, *, code: str = "A", name_vi: str | None = None, name_en: str | None = None,
              width: float = 60.0, depth: float = 30.0, **fields):
    from app.exhibition.models import Hall

    hall = Hall(edition=edition or make_edition(), code=code, name_vi=name_vi or f"Khu {code}",
                name_en=name_en or f"Hall {code}", width=width, depth=depth, **fields)
    db.session.add(hall)
    db.session.commit()
    return hall


def make_booth_type(edition=None, *, name_en: str = "Standard shell scheme 3×3 m", width: float = 3.0,
                    depth: float = 3.0, price_vnd: int = 0, **fields):
    from app.exhibition.models import BoothType

    booth_type = BoothType(edition=edition or make_edition(), name_vi=fields.pop("name_vi", "Gian tiêu chuẩn 3×3 m"),
                           name_en=name_en, width=width, depth=depth, price_vnd=price_vnd, **fields)
    db.session.add(booth_type)
    db.session.commit()
    return booth_type


def make_booth(hall=None, *, code: str | None = None, booth_type=None, x: float | None = None, y: float = 0.0,
               **fields):
    """A booth of ``booth_type``'s size; without ``x`` each new booth goes to the right of the last."""
    from app.exhibition.models import Booth

    hall = hall or make_hall()
    booth_type = booth_type or make_booth_type(hall.edition)
    number = next(_sequence)
    booth = Booth(edition_id=hall.edition_id, hall=hall, booth_type=booth_type,
                  code=code or f"{hall.code}-{number:02d}",
                  x=(number * 4.0) % max(hall.width - booth_type.width, 1.0) if x is None else x, y=y,
                  width=fields.pop("width", booth_type.width), depth=fields.pop("depth", booth_type.depth), **fields)
    db.session.add(booth)
    db.session.commit()
    return booth


def make_booth_application(edition=None, *, organisation=None, booth_type=None, status: str = "submitted",
                           booth=None, **fields):
    """An application; ``booth`` also books that booth (and makes the application approved)."""
    from app.exhibition.models import BoothApplication, BoothBooking

    edition = edition or (booth.edition if booth is not None else make_edition())
    organisation = organisation or make_organisation(kind="startup")
    application = BoothApplication(
        edition=edition, organisation=organisation, applicant=organisation.owner,
        booth_type=booth_type or (booth.booth_type if booth is not None else make_booth_type(edition)),
        products=fields.pop("products", "Máy bay không người lái phun thuốc"),
        status="approved" if booth is not None else status, **fields)
    if booth is not None:
        application.bookings.append(BoothBooking(booth=booth))
        application.booths_taken = 1
    db.session.add(application)
    db.session.commit()
    return application


def make_stall(edition=None, *, organisation=None, **fields):
    from app.core.text import fold
    from app.stalls.models import Stall

    organisation = organisation or make_organisation(kind="startup")
    stall = Stall(edition=edition or make_edition(), organisation=organisation,
                  search_text=fields.pop("search_text", fold(organisation.name)), **fields)
    db.session.add(stall)
    db.session.commit()
    return stall


def make_product(stall=None, *, name_vi: str = "Cảm biến độ ẩm đất", name_en: str | None = "Soil moisture sensor",
                 price_vnd: int | None = None, **fields):
    from app.stalls.models import Product

    product = Product(stall=stall or make_stall(), name_vi=name_vi, name_en=name_en, price_vnd=price_vnd, **fields)
    db.session.add(product)
    db.session.commit()
    return product


def make_lead(stall=None, *, user=None, name: str = "Trần Thị Nhà Đầu Tư", email: str = "investor@example.vn",
              interest: str = "investment", message: str = "Chúng tôi muốn tìm hiểu thêm.", **fields):
    from app.leads.models import Lead

    lead = Lead(stall=stall or make_stall(), user=user, name=user.name if user else name,
                email=user.email if user else email, interest=interest, message=message, **fields)
    db.session.add(lead)
    db.session.commit()
    return lead


def make_meeting_slot(stall=None, *, starts_at: datetime | None = None, minutes: int = 15, mode: str = "booth",
                      **fields):
    """A slot at 10:00 local time on the stall's edition's first day, unless ``starts_at`` says otherwise."""
    from app.meetings.models import MeetingSlot

    stall = stall or make_stall()
    if starts_at is None:
        starts_at = datetime.combine(stall.edition.starts_on, datetime.min.time().replace(hour=10),
                                     tzinfo=stall.edition.zone).astimezone(UTC)
    slot = MeetingSlot(stall=stall, starts_at=starts_at, ends_at=starts_at + timedelta(minutes=minutes), mode=mode,
                       **fields)
    db.session.add(slot)
    db.session.commit()
    return slot


def make_meeting(slot=None, *, visitor=None, **fields):
    from app.meetings.models import Meeting

    meeting = Meeting(slot=slot or make_meeting_slot(), visitor=visitor or make_user(), **fields)
    db.session.add(meeting)
    db.session.commit()
    return meeting
