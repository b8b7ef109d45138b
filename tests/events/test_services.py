"""Every change to editions, organisers, venues, villages, speakers and sessions (app/events/services.py)."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from app.accounts.models import Role, RoleGrant
from app.core.errors import Conflict, DomainError
from app.events import services
from app.events.models import Edition, EditionStatus, Room, Session, Speaker, Venue, Village, session_speakers
from app.extensions import db
from app.registrations.models import Registration
from tests.events.manage_helpers import image_upload, outbox_rows, person, utc
from tests.factories import (make_edition, make_registration, make_room, make_session, make_speaker, make_user,
                             make_venue, make_village)
from tests.teams.helpers import english, upload

pytestmark = pytest.mark.usefixtures("frozen_time")  # "now" is 2026-11-23 03:00 UTC

EDITION = dict(slug="techfest-hai-phong-2026", name_vi="Techfest Hải Phòng 2026", name_en="Techfest Haiphong 2026",
               starts_on=date(2026, 12, 10), ends_on=date(2026, 12, 12), timezone="Asia/Ho_Chi_Minh")


def count(model, *conditions) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*conditions))


def organiser_grants(edition) -> list[tuple[int, str, int]]:
    rows = db.session.execute(select(RoleGrant.user_id, RoleGrant.role, RoleGrant.edition_id)
                              .where(RoleGrant.edition_id == edition.id).order_by(RoleGrant.id))
    return [tuple(row) for row in rows]


def local(edition, *args) -> datetime:
    """A wall-clock time at the edition's place, as UTC (what the form sends after conversion)."""
    return services.to_utc(edition, datetime(*args))


def session_fields(**overrides) -> dict:
    fields = dict(kind="workshop", title_vi="Hội thảo AI", title_en="AI workshop", description_vi=None,
                  description_en=None, room_id=None, online_url=None, village_id=None, track=None, language="vi",
                  requires_registration=True, capacity=None, registers_teams=False, seats_per_team=None,
                  registration_opens_at=None, registration_closes_at=None, speaker_ids=[])
    fields.update(overrides)
    return fields


def save(edition, session=None, *, start, end, **overrides):
    return services.save_session(edition, session, starts_at=start, ends_at=end, **session_fields(**overrides))


# --- editions ------------------------------------------------------------------------------------

def test_create_edition_is_a_draft_organised_by_its_creator(frozen_time):
    creator = person(roles=(Role.ORGANISER,))

    edition = services.create_edition(created_by=creator, **{**EDITION, "theme_vi": "  Đổi mới  ", "theme_en": ""})

    db.session.expire_all()
    assert (edition.slug, edition.name_vi, edition.name_en) == (
        "techfest-hai-phong-2026", "Techfest Hải Phòng 2026", "Techfest Haiphong 2026")
    assert (edition.theme_vi, edition.theme_en) == ("Đổi mới", None)
    assert (edition.starts_on, edition.ends_on, edition.timezone) == (date(2026, 12, 10), date(2026, 12, 12),
                                                                     "Asia/Ho_Chi_Minh")
    assert (edition.status, edition.banner_path, edition.created_at) == ("draft", None, frozen_time.start)
    assert organiser_grants(edition) == [(creator.id, "organiser", edition.id)]


def test_create_edition_without_timezone_uses_viet_nam_time():
    edition = services.create_edition(created_by=person(), **{**EDITION, "timezone": ""})

    assert edition.timezone == "Asia/Ho_Chi_Minh"


def test_create_edition_stores_the_banner(app):
    edition = services.create_edition(created_by=person(), banner=upload(image_upload()[0].getvalue()), **EDITION)

    assert edition.banner_path.startswith("banners/")
    assert (Path(app.config["UPLOAD_FOLDER"]) / edition.banner_path).is_file()


def test_create_edition_with_a_taken_slug_is_refused():
    make_edition(slug="techfest-hai-phong-2026")

    with pytest.raises(Conflict) as refusal:
        services.create_edition(created_by=person(), **EDITION)

    assert english(refusal.value) == "Another edition already uses the address techfest-hai-phong-2026."
    assert refusal.value.field == "slug"
    assert count(Edition) == 1
    assert count(RoleGrant) == 0


def test_create_edition_ending_before_it_starts_is_refused():
    with pytest.raises(DomainError) as refusal:
        services.create_edition(created_by=person(), **{**EDITION, "ends_on": date(2026, 12, 9)})

    assert english(refusal.value) == "The festival cannot end before it starts."
    assert (refusal.value.field, count(Edition)) == ("ends_on", 0)


def test_create_edition_of_one_day_is_accepted():
    edition = services.create_edition(created_by=person(), **{**EDITION, "ends_on": date(2026, 12, 10)})

    assert (edition.starts_on, edition.ends_on) == (date(2026, 12, 10), date(2026, 12, 10))


def test_create_edition_with_unknown_timezone_is_refused():
    with pytest.raises(DomainError) as refusal:
        services.create_edition(created_by=person(), **{**EDITION, "timezone": "Mars/Olympus_Mons"})

    assert english(refusal.value) == "Choose a timezone from the list."
    assert (refusal.value.field, count(Edition)) == ("timezone", 0)


def test_update_edition_changes_details():
    edition = make_edition(slug="old-slug")

    services.update_edition(edition, **{**EDITION, "slogan_en": "Accelerate and shine", "timezone": "Asia/Seoul"})

    db.session.expire_all()
    assert (edition.slug, edition.slogan_en, edition.timezone) == ("techfest-hai-phong-2026", "Accelerate and shine",
                                                                   "Asia/Seoul")


def test_update_edition_refuses_dates_that_leave_sessions_outside():
    edition = make_edition()  # 10–12 December
    make_session(edition, starts_at=local(edition, 2026, 12, 12, 14, 0))
    make_session(edition, starts_at=local(edition, 2026, 12, 11, 14, 0))
    make_session(edition, starts_at=local(edition, 2026, 12, 10, 9, 0))

    with pytest.raises(DomainError) as refusal:
        services.update_edition(edition, starts_on=date(2026, 12, 11), ends_on=date(2026, 12, 11))

    assert english(refusal.value) == "2 sessions would fall outside the new dates. Move them first."
    assert refusal.value.field == "starts_on"
    assert (edition.starts_on, edition.ends_on) == (date(2026, 12, 10), date(2026, 12, 12))  # nothing half-applied
    assert not db.session.dirty


def test_update_edition_refuses_a_timezone_that_moves_sessions_outside():
    edition = make_edition()  # Viet Nam time: 00:30 on the first day is 17:30 UTC on 9 December
    make_session(edition, starts_at=local(edition, 2026, 12, 10, 0, 30), duration=timedelta(hours=1))

    with pytest.raises(DomainError) as refusal:
        services.update_edition(edition, timezone="UTC")  # 17:30 on 9 December: before the first day

    assert english(refusal.value) == "1 sessions would fall outside the new dates. Move them first."
    assert edition.timezone == "Asia/Ho_Chi_Minh"
    services.update_edition(edition, timezone="Asia/Tokyo")  # 02:30 on the first day: inside
    assert edition.timezone == "Asia/Tokyo"


def test_update_edition_ignores_cancelled_sessions_outside_the_new_dates():
    edition = make_edition()
    make_session(edition, starts_at=local(edition, 2026, 12, 12, 14, 0), status="cancelled")

    services.update_edition(edition, ends_on=date(2026, 12, 11))

    assert edition.ends_on == date(2026, 12, 11)


def test_update_edition_to_a_taken_slug_is_refused_not_crashed():
    make_edition(slug="taken")
    edition = make_edition(slug="mine")
    make_session(edition)

    with pytest.raises(Conflict) as refusal:
        services.update_edition(edition, slug="taken")

    assert english(refusal.value) == "Another edition already uses the address taken."
    db.session.expire_all()
    assert edition.slug == "mine"


def test_update_edition_replaces_the_banner_and_deletes_the_old_file(app):
    edition = make_edition()
    services.update_edition(edition, banner=upload(image_upload()[0].getvalue()))
    first = Path(app.config["UPLOAD_FOLDER"]) / edition.banner_path

    services.update_edition(edition, banner=upload(image_upload()[0].getvalue()))

    assert (first.exists(), (Path(app.config["UPLOAD_FOLDER"]) / edition.banner_path).is_file()) == (False, True)
    services.update_edition(edition, remove_banner=True)
    assert edition.banner_path is None


@pytest.mark.parametrize(("start", "target", "expected"), [
    ("draft", EditionStatus.PUBLISHED, "published"),
    ("published", EditionStatus.ARCHIVED, "archived"),
    ("published", EditionStatus.DRAFT, "draft"),
    ("archived", EditionStatus.DRAFT, "draft"),
    ("draft", EditionStatus.DRAFT, "draft"),
])
def test_set_edition_status_follows_the_allowed_transitions(start, target, expected):
    edition = make_edition(status=start)

    services.set_edition_status(edition, target)

    db.session.expire_all()
    assert edition.status == expected


@pytest.mark.parametrize(("start", "target", "message"), [
    ("draft", EditionStatus.ARCHIVED, "An edition that is Draft cannot become Archived."),
    ("archived", EditionStatus.PUBLISHED, "An edition that is Archived cannot become Published."),
])
def test_set_edition_status_refuses_other_transitions(start, target, message):
    edition = make_edition(status=start)

    with pytest.raises(Conflict) as refusal:
        services.set_edition_status(edition, target)

    assert english(refusal.value) == message
    db.session.expire_all()
    assert edition.status == start


def test_next_statuses_are_the_allowed_transitions():
    assert [services.next_statuses(make_edition(status=s)) for s in ("draft", "published", "archived")] == [
        [EditionStatus.PUBLISHED], [EditionStatus.DRAFT, EditionStatus.ARCHIVED], [EditionStatus.DRAFT]]


# --- organisers ----------------------------------------------------------------------------------

def test_add_edition_organiser_by_email_ignores_case_and_spaces():
    edition, boss = make_edition(), person()
    lan = person(email="lan@techfest.vn")

    grant = services.add_edition_organiser(edition, email="  LAN@Techfest.vn ", granted_by=boss)

    assert organiser_grants(edition) == [(lan.id, "organiser", edition.id)]
    assert (grant.granted_by_id, grant.user_id) == (boss.id, lan.id)


def test_add_edition_organiser_twice_keeps_one_grant():
    edition = make_edition()
    lan = person(email="lan@techfest.vn")
    first = services.add_edition_organiser(edition, email="lan@techfest.vn", granted_by=lan)

    second = services.add_edition_organiser(edition, email="lan@techfest.vn", granted_by=lan)

    assert (second.id, organiser_grants(edition)) == (first.id, [(lan.id, "organiser", edition.id)])


def test_add_edition_organiser_with_unknown_email_is_refused():
    edition = make_edition()

    with pytest.raises(DomainError) as refusal:
        services.add_edition_organiser(edition, email="nobody@techfest.vn", granted_by=person())

    assert english(refusal.value) == "No account uses nobody@techfest.vn. Ask the person to sign up first."
    assert (refusal.value.field, organiser_grants(edition)) == ("email", [])


def test_remove_edition_organiser_deletes_the_grant():
    edition = make_edition()
    boss, lan = person(), person()
    services.add_edition_organiser(edition, email=boss.email, granted_by=boss)
    grant = services.add_edition_organiser(edition, email=lan.email, granted_by=boss)

    services.remove_edition_organiser(edition, grant, removed_by=boss)

    assert organiser_grants(edition) == [(boss.id, "organiser", edition.id)]


def test_remove_edition_organiser_refuses_removing_yourself():
    edition, lan = make_edition(), person()
    grant = services.add_edition_organiser(edition, email=lan.email, granted_by=lan)

    with pytest.raises(DomainError) as refusal:
        services.remove_edition_organiser(edition, grant, removed_by=lan)

    assert english(refusal.value) == "You cannot remove yourself from the organiser team."
    assert organiser_grants(edition) == [(lan.id, "organiser", edition.id)]


def test_remove_edition_organiser_refuses_a_grant_of_another_edition():
    edition, other, lan = make_edition(), make_edition(), person()
    grant = services.add_edition_organiser(other, email=lan.email, granted_by=lan)

    with pytest.raises(DomainError) as refusal:
        services.remove_edition_organiser(edition, grant, removed_by=person())

    assert english(refusal.value) == "This person is not an organiser of the edition."
    assert organiser_grants(other) == [(lan.id, "organiser", other.id)]


def test_edition_organisers_lists_this_editions_team_by_name():
    edition = make_edition()
    make_user(name="Trần Văn Bình", roles=(Role.ORGANISER,))  # platform-wide: not listed
    an = person(name="Nguyễn Văn An")
    chi = person(name="Đỗ Thị Chi")
    for user in (chi, an):
        services.add_edition_organiser(edition, email=user.email, granted_by=user)
    services.add_edition_organiser(make_edition(), email=person().email, granted_by=an)

    assert [g.user.name for g in services.edition_organisers(edition)] == ["Đỗ Thị Chi", "Nguyễn Văn An"]


# --- venues, rooms, villages, speakers --------------------------------------------------------------

def test_save_venue_creates_and_changes_a_venue():
    edition = make_edition()

    venue = services.save_venue(edition, name=" Đại học Hàng hải ", address="484 Lạch Tray", map_url=" ")
    services.save_venue(edition, venue, name="Đại học Hàng hải Việt Nam", address=None, map_url=None)

    db.session.expire_all()
    assert (venue.edition_id, venue.name, venue.address, venue.map_url) == (
        edition.id, "Đại học Hàng hải Việt Nam", None, None)


def test_save_room_sets_name_and_capacity():
    venue = make_venue()

    room = services.save_room(venue, name="  Hội trường   A ", capacity=250)

    assert (room.venue_id, room.name, room.capacity) == (venue.id, "Hội trường A", 250)


def test_save_room_with_a_name_taken_in_the_venue_is_refused():
    venue = make_venue()
    make_room(venue, name="Hội trường A")
    other = make_room(venue, name="Phòng 201")

    with pytest.raises(Conflict) as refusal:
        services.save_room(venue, other, name="Hội trường A", capacity=10)

    assert english(refusal.value) == "This venue already has a room called Hội trường A."
    assert refusal.value.field == "name"
    db.session.expire_all()
    assert other.name == "Phòng 201"


def test_same_room_name_in_two_venues_is_fine():
    make_room(make_venue(), name="Hội trường A")

    room = services.save_room(make_venue(), name="Hội trường A", capacity=None)

    assert (room.name, room.capacity) == ("Hội trường A", None)


def test_delete_room_used_by_a_session_is_refused():
    room = make_room()
    make_session(room.venue.edition, room_id=room.id)

    with pytest.raises(Conflict) as refusal:
        services.delete_room(room)

    assert english(refusal.value) == "1 sessions take place in this room. Move them first."
    assert count(Room) == 1


def test_delete_venue_deletes_its_unused_rooms():
    venue = make_venue()
    make_room(venue)
    make_room(venue)
    kept = make_room()

    services.delete_venue(venue)

    assert (count(Venue), db.session.scalars(select(Room.id)).all()) == (1, [kept.id])


def test_delete_venue_with_a_room_in_use_is_refused():
    room = make_room()
    make_session(room.venue.edition, room_id=room.id)
    make_session(room.venue.edition, room_id=room.id)

    with pytest.raises(Conflict) as refusal:
        services.delete_venue(room.venue)

    assert english(refusal.value) == "2 sessions take place at this venue. Move them to another room first."
    assert (count(Venue), count(Room)) == (1, 1)


def village_fields(**overrides) -> dict:
    fields = dict(slug="agritech", name_vi="Làng Nông nghiệp", name_en="Agritech village", description_vi=None,
                  description_en=None, head_email=None, co_head_email=None, position=None)
    fields.update(overrides)
    return fields


def test_save_village_finds_head_and_co_head_by_email():
    edition = make_edition()
    head, co_head = person(email="truong.lang@techfest.vn"), person(email="kim@k-startup.kr")

    village = services.save_village(edition, **village_fields(head_email="Truong.Lang@techfest.vn ",
                                                              co_head_email="kim@k-startup.kr", position=3))

    db.session.expire_all()
    assert (village.edition_id, village.slug, village.head_id, village.co_head_id, village.position) == (
        edition.id, "agritech", head.id, co_head.id, 3)


def test_save_village_with_unknown_head_email_is_refused_and_saves_nothing():
    edition = make_edition()

    with pytest.raises(DomainError) as refusal:
        services.save_village(edition, **village_fields(head_email="ghost@techfest.vn"))

    assert english(refusal.value) == "No account uses ghost@techfest.vn. Ask the person to sign up first."
    assert (refusal.value.field, count(Village)) == ("head_email", 0)


def test_save_village_with_unknown_co_head_names_that_field():
    with pytest.raises(DomainError) as refusal:
        services.save_village(make_edition(), **village_fields(co_head_email="ghost@techfest.vn"))

    assert refusal.value.field == "co_head_email"


def test_save_village_refuses_the_same_person_as_head_and_co_head():
    head = person()

    with pytest.raises(DomainError) as refusal:
        services.save_village(make_edition(), **village_fields(head_email=head.email, co_head_email=head.email))

    assert english(refusal.value) == "The co-head must be another person than the village head."
    assert (refusal.value.field, count(Village)) == ("co_head_email", 0)


def test_save_village_clears_the_head_when_the_email_is_blank():
    village = make_village(head_id=person().id)

    services.save_village(village.edition, village, **village_fields(head_email=""))

    assert village.head_id is None


def test_save_village_with_a_slug_taken_in_the_edition_is_refused():
    edition = make_edition()
    make_village(edition, slug="agritech")
    fintech = make_village(edition, slug="fintech")

    with pytest.raises(Conflict) as refusal:
        services.save_village(edition, fintech, **village_fields(slug="agritech"))

    assert english(refusal.value) == "Another village of this edition already uses the address agritech."
    db.session.expire_all()
    assert (refusal.value.field, fintech.slug) == ("slug", "fintech")


def test_same_village_slug_in_two_editions_is_fine():
    make_village(make_edition(), slug="agritech")

    village = services.save_village(make_edition(), **village_fields())

    assert village.slug == "agritech"


def test_delete_village_keeps_its_sessions_without_village():
    village = make_village()
    session = make_session(village.edition, village_id=village.id)

    services.delete_village(village)

    db.session.expire_all()
    assert (count(Village), session.village_id, session.status) == (0, None, "scheduled")


def speaker_fields(**overrides) -> dict:
    fields = dict(name="Tanaka Yuki", title="CEO", organisation="VJOIN", bio_vi="Chuyên gia", bio_en="Expert",
                  user_email=None)
    fields.update(overrides)
    return fields


def test_save_speaker_links_an_account_by_email_and_stores_the_photo(app):
    edition, yuki = make_edition(), person(email="yuki@vjoin.jp")

    speaker = services.save_speaker(edition, photo=upload(image_upload()[0].getvalue()),
                                    **speaker_fields(user_email="YUKI@vjoin.jp"))

    db.session.expire_all()
    assert (speaker.edition_id, speaker.name, speaker.title, speaker.organisation, speaker.user_id) == (
        edition.id, "Tanaka Yuki", "CEO", "VJOIN", yuki.id)
    assert (Path(app.config["UPLOAD_FOLDER"]) / speaker.photo_path).is_file()


def test_save_speaker_with_unknown_account_email_is_refused():
    with pytest.raises(DomainError) as refusal:
        services.save_speaker(make_edition(), **speaker_fields(user_email="ghost@vjoin.jp"))

    assert (refusal.value.field, count(Speaker)) == ("user_email", 0)


def test_save_speaker_removes_the_photo_on_request(app):
    speaker = services.save_speaker(make_edition(), photo=upload(image_upload()[0].getvalue()), **speaker_fields())
    stored = Path(app.config["UPLOAD_FOLDER"]) / speaker.photo_path

    services.save_speaker(speaker.edition, speaker, remove_photo=True, **speaker_fields())

    assert (speaker.photo_path, stored.exists()) == (None, False)


def test_delete_speaker_leaves_the_sessions_with_their_other_speakers():
    edition = make_edition()
    yuki, kim = make_speaker(edition, name="Tanaka Yuki"), make_speaker(edition, name="Kim Min-jun")
    session = make_session(edition, speakers=[yuki, kim])

    services.delete_speaker(yuki)

    db.session.expire_all()
    assert [s.name for s in session.speakers] == ["Kim Min-jun"]
    assert count(Speaker) == 1
    assert db.session.scalar(select(func.count()).select_from(session_speakers)) == 1


# --- sessions: times -------------------------------------------------------------------------------

def test_to_utc_reads_the_time_in_the_editions_timezone():
    assert services.to_utc(make_edition(), datetime(2026, 12, 10, 9, 0)) == utc(2026, 12, 10, 2, 0)
    assert services.to_utc(make_edition(timezone="Asia/Seoul"), datetime(2026, 12, 10, 9, 0)) == utc(2026, 12, 10, 0, 0)


def test_save_session_creates_a_scheduled_session():
    edition = make_edition()
    yuki = make_speaker(edition, name="Tanaka Yuki")
    make_speaker(edition, name="Kim Min-jun")

    session, warnings = save(edition, start=local(edition, 2026, 12, 10, 9, 0), end=local(edition, 2026, 12, 10, 11, 0),
                             kind="conference", track="  AI ", language="vi_en", speaker_ids=[yuki.id],
                             online_url="https://meet.example.vn/ai", capacity=80)

    db.session.expire_all()
    assert warnings == []
    assert (session.kind, session.title_vi, session.title_en, session.track, session.language) == (
        "conference", "Hội thảo AI", "AI workshop", "AI", "vi_en")
    assert (session.starts_at, session.ends_at) == (utc(2026, 12, 10, 2, 0), utc(2026, 12, 10, 4, 0))
    assert (session.status, session.capacity, session.confirmed_seats, session.online_url) == (
        "scheduled", 80, 0, "https://meet.example.vn/ai")
    assert [s.name for s in session.speakers] == ["Tanaka Yuki"]


def test_save_session_ending_before_it_starts_is_refused():
    edition = make_edition()

    with pytest.raises(DomainError) as refusal:
        save(edition, start=local(edition, 2026, 12, 10, 11, 0), end=local(edition, 2026, 12, 10, 11, 0))

    assert english(refusal.value) == "The session must end after it starts."
    assert (refusal.value.field, count(Session)) == ("ends_at", 0)


@pytest.mark.parametrize(("start", "end", "field"), [
    ((2026, 12, 9, 23, 0), (2026, 12, 10, 1, 0), "starts_at"),  # starts the evening before the first day
    ((2026, 12, 12, 23, 30), (2026, 12, 13, 0, 30), "ends_at"),  # runs past midnight after the last day
    ((2026, 12, 13, 0, 0), (2026, 12, 13, 1, 0), "starts_at"),  # the day after
])
def test_save_session_outside_the_edition_days_is_refused(start, end, field):
    edition = make_edition()  # 10–12 December, Viet Nam time

    with pytest.raises(DomainError) as refusal:
        save(edition, start=local(edition, *start), end=local(edition, *end))

    assert english(refusal.value) == "The session must take place between 2026-12-10 and 2026-12-12."
    assert (refusal.value.field, count(Session)) == (field, 0)


def test_save_session_on_the_edges_of_the_edition_days_is_accepted():
    edition = make_edition()

    first, _ = save(edition, start=local(edition, 2026, 12, 10, 0, 0), end=local(edition, 2026, 12, 10, 1, 0))
    last, _ = save(edition, start=local(edition, 2026, 12, 12, 23, 0), end=local(edition, 2026, 12, 13, 0, 0))

    # Midnight in Viet Nam is 17:00 UTC the day before: checked in the edition's timezone, not in UTC.
    assert (first.starts_at, last.ends_at) == (utc(2026, 12, 9, 17, 0), utc(2026, 12, 12, 17, 0))


def test_save_session_days_follow_the_editions_own_timezone():
    edition = make_edition(timezone="Asia/Seoul")

    with pytest.raises(DomainError):  # 23:30–00:30 on the last day, Seoul time
        save(edition, start=local(edition, 2026, 12, 12, 23, 30), end=local(edition, 2026, 12, 13, 0, 30))
    session, _ = save(edition, start=local(edition, 2026, 12, 12, 22, 0), end=local(edition, 2026, 12, 12, 23, 30))

    assert session.ends_at == utc(2026, 12, 12, 14, 30)


# --- sessions: capacity and registration rules -------------------------------------------------------

def test_save_session_takes_the_rooms_capacity_when_left_empty():
    edition = make_edition()
    room = make_room(make_venue(edition), capacity=120)

    session, _ = save(edition, start=local(edition, 2026, 12, 10, 9, 0), end=local(edition, 2026, 12, 10, 10, 0),
                      room_id=room.id, capacity=None)

    assert session.capacity == 120


def test_save_session_keeps_a_capacity_typed_by_the_organiser():
    edition = make_edition()
    room = make_room(make_venue(edition), capacity=120)

    session, _ = save(edition, start=local(edition, 2026, 12, 10, 9, 0), end=local(edition, 2026, 12, 10, 10, 0),
                      room_id=room.id, capacity=40)

    assert session.capacity == 40


def test_save_session_without_registration_has_no_capacity():
    edition = make_edition()
    room = make_room(make_venue(edition), capacity=120)

    session, _ = save(edition, start=local(edition, 2026, 12, 10, 9, 0), end=local(edition, 2026, 12, 10, 10, 0),
                      room_id=room.id, requires_registration=False)

    assert session.capacity is None


def test_save_session_refuses_a_capacity_below_the_confirmed_seats():
    session = make_session(capacity=30)
    for _ in range(3):
        make_registration(session)
    edition = session.edition

    with pytest.raises(DomainError) as refusal:
        save(edition, session, start=session.starts_at, end=session.ends_at, capacity=2)

    assert english(refusal.value) == "3 seats are already confirmed: the capacity cannot be lower."
    assert refusal.value.field == "capacity"
    assert (session.capacity, bool(db.session.dirty)) == (30, False)
    db.session.expire_all()
    assert session.capacity == 30


def test_save_session_accepts_a_capacity_equal_to_the_confirmed_seats():
    session = make_session(capacity=30)
    make_registration(session, seats=1)
    make_registration(session, seats=1)

    saved, _ = save(session.edition, session, start=session.starts_at, end=session.ends_at, capacity=2)

    assert saved.capacity == 2


def test_save_session_registering_teams_needs_seats_per_team():
    edition = make_edition()

    with pytest.raises(DomainError) as refusal:
        save(edition, start=local(edition, 2026, 12, 10, 9, 0), end=local(edition, 2026, 12, 10, 10, 0),
             registers_teams=True, seats_per_team=None)

    assert english(refusal.value) == "Say how many seats each team may take."
    assert (refusal.value.field, count(Session)) == ("seats_per_team", 0)


@pytest.mark.parametrize(("opens", "closes", "message"), [
    ((2026, 12, 1, 9, 0), (2026, 12, 1, 9, 0), "Registration must close after it opens."),
    (None, (2026, 12, 10, 10, 1), "Registration cannot close after the session has ended."),
])
def test_save_session_refuses_a_wrong_registration_window(opens, closes, message):
    edition = make_edition()

    with pytest.raises(DomainError) as refusal:
        save(edition, start=local(edition, 2026, 12, 10, 9, 0), end=local(edition, 2026, 12, 10, 10, 0),
             registration_opens_at=local(edition, *opens) if opens else None,
             registration_closes_at=local(edition, *closes))

    assert english(refusal.value) == message
    assert (refusal.value.field, count(Session)) == ("registration_closes_at", 0)


def test_save_session_refuses_a_room_or_village_of_another_edition():
    edition, other = make_edition(), make_edition()
    room, village = make_room(make_venue(other)), make_village(other)
    times = dict(start=local(edition, 2026, 12, 10, 9, 0), end=local(edition, 2026, 12, 10, 10, 0))

    with pytest.raises(DomainError) as room_refusal:
        save(edition, room_id=room.id, **times)
    with pytest.raises(DomainError) as village_refusal:
        save(edition, village_id=village.id, **times)

    assert (english(room_refusal.value), room_refusal.value.field) == ("Choose a room of this edition.", "room_id")
    assert (english(village_refusal.value), village_refusal.value.field) == (
        "Choose a village of this edition.", "village_id")
    assert count(Session) == 0


def test_save_session_ignores_speakers_of_another_edition():
    edition = make_edition()
    stranger = make_speaker(make_edition())

    session, _ = save(edition, start=local(edition, 2026, 12, 10, 9, 0), end=local(edition, 2026, 12, 10, 10, 0),
                      speaker_ids=[stranger.id])

    assert session.speakers == []


def test_save_session_refuses_changing_a_cancelled_session():
    session = make_session(status="cancelled")

    with pytest.raises(Conflict) as refusal:
        save(session.edition, session, start=session.starts_at, end=session.ends_at)

    assert english(refusal.value) == "This session is cancelled and can no longer be changed."


# --- sessions: warnings ---------------------------------------------------------------------------

def test_save_session_warns_about_another_session_in_the_same_room():
    edition = make_edition()
    room = make_room(make_venue(edition))
    make_session(edition, title_en="Opening ceremony", room_id=room.id,
                 starts_at=local(edition, 2026, 12, 10, 9, 0), duration=timedelta(hours=2))

    with force_locale("en"):
        session, warnings = save(edition, start=local(edition, 2026, 12, 10, 10, 0),
                                 end=local(edition, 2026, 12, 10, 12, 0), room_id=room.id)

    assert [w.message for w in warnings] == ["“Opening ceremony” uses the same room at the same time."]
    assert count(Session) == 2  # the warning does not stop the save


def test_save_session_warns_about_a_double_booked_speaker():
    edition = make_edition()
    yuki = make_speaker(edition, name="Tanaka Yuki")
    make_session(edition, title_en="Investor connection", speakers=[yuki],
                 starts_at=local(edition, 2026, 12, 10, 9, 0), duration=timedelta(hours=2))

    with force_locale("en"):
        session, warnings = save(edition, start=local(edition, 2026, 12, 10, 10, 30),
                                 end=local(edition, 2026, 12, 10, 11, 30), speaker_ids=[yuki.id])

    assert [w.message for w in warnings] == ["Tanaka Yuki also speaks at “Investor connection” at the same time."]
    assert [s.name for s in session.speakers] == ["Tanaka Yuki"]


def test_save_session_does_not_warn_about_back_to_back_or_cancelled_sessions():
    edition = make_edition()
    room = make_room(make_venue(edition))
    yuki = make_speaker(edition)
    make_session(edition, room_id=room.id, speakers=[yuki], starts_at=local(edition, 2026, 12, 10, 8, 0),
                 duration=timedelta(hours=1))
    make_session(edition, room_id=room.id, speakers=[yuki], starts_at=local(edition, 2026, 12, 10, 9, 0),
                 status="cancelled")

    _, warnings = save(edition, start=local(edition, 2026, 12, 10, 9, 0), end=local(edition, 2026, 12, 10, 10, 0),
                       room_id=room.id, speaker_ids=[yuki.id])

    assert warnings == []


# --- sessions: people registered ---------------------------------------------------------------------

def test_moving_a_session_tells_everyone_registered():
    session = make_session()
    make_registration(session, make_user(email="lan@example.vn", locale="en"))
    make_registration(session, make_user(email="minh@example.vn"), status="waitlisted")
    make_registration(session, make_user(email="gone@example.vn"), status="cancelled")

    save(session.edition, session, start=session.starts_at + timedelta(hours=1),
         end=session.ends_at + timedelta(hours=1), capacity=30)

    assert [(m.kind, m.recipient_email) for m in outbox_rows()] == [
        ("registrations.session_changed", "lan@example.vn"), ("registrations.session_changed", "minh@example.vn")]


def test_changing_only_the_title_tells_nobody():
    session = make_session()
    make_registration(session)

    save(session.edition, session, start=session.starts_at, end=session.ends_at, capacity=30, title_en="New title")

    assert outbox_rows() == []


def test_raising_the_capacity_moves_people_up_from_the_waitlist():
    session = make_session(capacity=1)
    make_registration(session, make_user(email="first@example.vn"))
    waiting = make_registration(session, make_user(email="second@example.vn"), status="waitlisted")

    save(session.edition, session, start=session.starts_at, end=session.ends_at, capacity=2)

    db.session.expire_all()
    assert (waiting.status, session.confirmed_seats) == ("confirmed", 2)
    assert [(m.kind, m.recipient_email) for m in outbox_rows()] == [("registrations.promoted", "second@example.vn")]


def test_cancel_session_emails_everyone_registered():
    session = make_session()
    make_registration(session, make_user(email="lan@example.vn", locale="en"))
    make_registration(session, make_user(email="minh@example.vn", locale="vi"), status="waitlisted")
    make_registration(session, make_user(email="gone@example.vn"), status="cancelled")

    services.cancel_session(session)

    db.session.expire_all()
    assert session.status == "cancelled"
    messages = outbox_rows()
    assert [(m.kind, m.recipient_email, m.locale) for m in messages] == [
        ("registrations.session_cancelled", "lan@example.vn", "en"),
        ("registrations.session_cancelled", "minh@example.vn", "vi")]
    assert messages[0].subject == "Cancelled: Digital transformation workshop"
    assert "Digital transformation workshop" in messages[0].body_text
    assert count(Registration) == 3


def test_cancel_session_twice_sends_nothing_more():
    session = make_session()
    make_registration(session)
    services.cancel_session(session)

    services.cancel_session(session)

    assert len(outbox_rows()) == 1
