"""Entries: drafts, submissions, edits and withdrawals, deadlines in the edition's timezone, uploads, receipts."""
from datetime import datetime
from pathlib import Path

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from app.competitions import services
from app.competitions.models import Entry, EntryImage, RoundEntry, Track
from app.core.errors import Conflict, NotAllowed
from app.core.uploads import InvalidUpload
from app.events.services import to_utc
from app.extensions import db
from tests.competitions.helpers import (PDF, build_world, complete_fields, outbox_rows, person, png_bytes, reload,
                                        upload, utc)
from tests.factories import make_competition, make_edition, make_organisation, make_round


@pytest.fixture
def world():
    return build_world()


def uploaded_files(app) -> list[str]:
    root = Path(app.config["UPLOAD_FOLDER"])
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def english(error) -> str:
    with force_locale("en"):
        return str(error)


def submitted(world, **fields):
    services.update_entry(world.entry, deck=upload(PDF), submit=True,
                          **complete_fields(track_id=world.tracks[0].id, **fields))
    return reload(world.entry)


# --- drafts and submissions ----------------------------------------------------------------------

def test_create_entry_keeps_a_draft_with_only_a_project_name(world):
    team = make_organisation(world.people["other team's member"], name="Đội Mới")
    entry = services.create_entry(world.competition, team, created_by=team.owner, project_name="  Ứng dụng Mới ")

    entry = reload(entry)
    assert (entry.status, entry.project_name, entry.eligibility, entry.created_by_id, entry.submitted_at) == (
        "draft", "Ứng dụng Mới", "pending", team.owner.id, None)
    assert entry.participations == []
    assert outbox_rows() == []


def test_create_entry_submits_at_once_when_complete(world, clock):
    team = make_organisation(world.people["other team's member"])
    entry = services.create_entry(world.competition, team, created_by=team.owner, deck=upload(PDF), submit=True,
                                  **complete_fields(track_id=world.tracks[1].id))

    entry = reload(entry)
    assert (entry.status, entry.submitted_at, entry.track_id) == ("submitted", clock.start, world.tracks[1].id)
    assert [p.round_id for p in entry.participations] == [world.screening.id]
    assert [m.recipient_email for m in outbox_rows("competitions.entry_received")] == [team.owner.email]


def test_create_entry_refuses_a_second_entry_of_the_same_team(world):
    with pytest.raises(Conflict) as refusal:
        services.create_entry(world.competition, world.team, created_by=world.owner, project_name="Again")

    assert english(refusal.value) == "Nông Trại Xanh has already entered this competition."
    assert refusal.value.field == "organisation_id"
    assert db.session.scalar(select(func.count()).select_from(Entry)) == 1


def test_create_entry_refuses_someone_outside_the_team(world):
    with pytest.raises(NotAllowed):
        services.create_entry(world.competition, world.other_team, created_by=world.owner, project_name="Not ours")


def test_create_entry_refuses_an_organisation_that_is_not_a_startup(world):
    university = make_organisation(world.owner, kind="university")

    with pytest.raises(NotAllowed) as refusal:
        services.create_entry(world.competition, university, created_by=world.owner, project_name="Lab")

    assert english(refusal.value) == "Only members of a startup team can enter it in a competition."


def test_submit_refuses_an_incomplete_entry_and_names_what_is_missing(world):
    services.update_entry(world.entry, problem="Sâu bệnh")

    with pytest.raises(services.IncompleteEntry) as refusal:
        services.submit_entry(world.entry)

    assert refusal.value.missing == ["track_id", "solution", "innovation", "target_market", "business_model",
                                     "team_description", "deck"]
    assert english(refusal.value) == ("The entry cannot be submitted yet. Still missing: Track, Solution, What is "
                                      "innovative, Target market, Business model, Team, Pitch deck (PDF).")
    assert refusal.value.status_code == 422
    assert reload(world.entry).status == "draft"
    assert outbox_rows() == []


def test_submit_without_a_deck_is_refused(world):
    services.update_entry(world.entry, **complete_fields(track_id=world.tracks[0].id))

    with pytest.raises(services.IncompleteEntry) as refusal:
        services.submit_entry(world.entry)

    assert refusal.value.missing == ["deck"]


def test_blank_text_counts_as_missing(world):
    with pytest.raises(services.IncompleteEntry) as refusal:
        services.update_entry(world.entry, deck=upload(PDF), submit=True,
                              **complete_fields(track_id=world.tracks[0].id, problem="   \n "))

    assert refusal.value.missing == ["problem"]


def test_track_is_not_required_when_the_competition_has_none(world):
    competition = make_competition(world.edition)
    make_round(competition, submission_closes_at=utc(2026, 12, 1))
    team = make_organisation(world.owner)

    entry = services.create_entry(competition, team, created_by=world.owner, deck=upload(PDF), submit=True,
                                  **complete_fields())

    assert reload(entry).status == "submitted"


def test_a_track_of_another_competition_is_refused(world):
    other = make_competition(world.edition)
    track = Track(competition=other, name_vi="Khác", name_en="Other")
    db.session.add(track)
    db.session.commit()

    with pytest.raises(services.DomainError) as refusal:
        services.update_entry(world.entry, track_id=track.id)

    assert (english(refusal.value), refusal.value.field) == ("Choose a track of this competition.", "track_id")


def test_first_submission_joins_the_first_round_once_and_keeps_its_time(world, clock):
    entry = submitted(world)
    first_time = entry.submitted_at
    clock(utc(2026, 11, 25, 3, 0))

    services.update_entry(entry, solution="Phiên bản 2")

    entry = reload(entry)
    assert (entry.status, entry.solution, entry.submitted_at) == ("submitted", "Phiên bản 2", first_time)
    assert db.session.scalar(select(func.count()).select_from(RoundEntry)) == 1


def test_editing_a_submitted_entry_cannot_make_it_incomplete(world):
    entry = submitted(world)

    with pytest.raises(services.IncompleteEntry):
        services.update_entry(entry, solution="")

    assert reload(entry).solution == "Cảm biến và ứng dụng cảnh báo sớm."


def test_withdraw_then_submit_again_within_the_window(world):
    entry = submitted(world)

    services.withdraw_entry(entry)
    assert reload(entry).status == "withdrawn"
    services.submit_entry(reload(entry))

    assert reload(entry).status == "submitted"


def test_saving_a_withdrawn_entry_makes_it_a_draft_again(world):
    services.withdraw_entry(world.entry)

    services.update_entry(reload(world.entry), problem="Mới")

    assert reload(world.entry).status == "draft"


def test_withdrawing_twice_is_refused(world):
    services.withdraw_entry(world.entry)

    with pytest.raises(Conflict) as refusal:
        services.withdraw_entry(reload(world.entry))

    assert english(refusal.value) == "This entry is already withdrawn."


def test_withdrawing_after_the_deadline_is_allowed(world, clock):
    entry = submitted(world)
    clock(utc(2026, 12, 2))

    services.withdraw_entry(entry)

    assert reload(entry).status == "withdrawn"


# --- deadlines, in the edition's timezone --------------------------------------------------------

def test_deadline_typed_in_the_editions_timezone_is_enforced_in_utc(world, clock):
    """23:59 on 30 November in Viet Nam is 16:59 UTC: a minute before it is fine, at 17:00 UTC it is too late."""
    world.screening.submission_closes_at = to_utc(world.edition, datetime(2026, 11, 30, 23, 59))
    db.session.commit()
    assert world.screening.submission_closes_at == utc(2026, 11, 30, 16, 59)

    clock(utc(2026, 11, 30, 16, 58))
    entry = submitted(world)
    assert entry.status == "submitted"

    clock(utc(2026, 11, 30, 17, 0))  # still 30 November in UTC, already 1 December in Viet Nam
    with pytest.raises(services.SubmissionClosed) as refusal:
        services.update_entry(entry, solution="Quá muộn")

    assert english(refusal.value) == ("The deadline passed on Nov 30, 2026, 11:59\u202fPM (GMT+07:00): the entry "
                                      "can no longer change.")
    assert refusal.value.status_code == 409
    assert reload(entry).solution == "Cảm biến và ứng dụng cảnh báo sớm."


def test_deadline_message_reads_in_vietnamese_too(world, clock):
    clock(utc(2026, 12, 1))

    with pytest.raises(services.SubmissionClosed) as refusal:
        services.update_entry(world.entry, problem="Muộn")

    with force_locale("vi"):
        assert "30 thg 11, 2026, 23:59 (GMT+07:00)" in str(refusal.value)


def test_deadline_of_an_edition_in_another_timezone(clock):
    edition = make_edition(timezone="Asia/Tokyo")
    competition = make_competition(edition)
    make_round(competition, submission_closes_at=to_utc(edition, datetime(2026, 11, 30, 23, 59)))
    owner = person()
    team = make_organisation(owner)
    clock(utc(2026, 11, 30, 14, 59))  # 23:59 in Tokyo

    with pytest.raises(services.SubmissionClosed) as refusal:
        services.create_entry(competition, team, created_by=owner, project_name="Tokyo")

    assert english(refusal.value) == ("The deadline passed on Nov 30, 2026, 11:59\u202fPM (GMT+09:00): the entry "
                                      "can no longer change.")


def test_submission_before_the_window_opens_is_refused_but_a_draft_is_kept(clock):
    world = build_world(opens_at=utc(2026, 11, 25, 1, 0))

    services.update_entry(world.entry, **complete_fields(track_id=world.tracks[0].id), deck=upload(PDF))
    with pytest.raises(services.SubmissionClosed) as refusal:
        services.submit_entry(reload(world.entry))

    assert english(refusal.value) == ("Submissions open on Nov 25, 2026, 8:00\u202fAM (GMT+07:00). Save a draft until "
                                      "then.")
    assert reload(world.entry).status == "draft"


def test_a_competition_without_rounds_takes_drafts_but_no_submission(world):
    competition = make_competition(world.edition)
    team = make_organisation(world.owner)
    entry = services.create_entry(competition, team, created_by=world.owner, deck=upload(PDF), **complete_fields())

    with pytest.raises(services.SubmissionClosed) as refusal:
        services.submit_entry(reload(entry))

    assert english(refusal.value) == "This competition does not accept submissions yet."


def test_extension_for_one_entry_lets_it_submit_after_the_round_closed(world, clock):
    other = services.create_entry(world.competition, world.other_team, created_by=world.people["other team's member"],
                                  project_name="Robot")
    clock(utc(2026, 11, 30, 17, 0))
    services.set_entry_deadline(world.entry, world.screening, until=utc(2026, 12, 2, 16, 59))

    entry = submitted(world)

    assert entry.status == "submitted"
    assert [(p.round_id, p.deadline_override) for p in entry.participations] == [
        (world.screening.id, utc(2026, 12, 2, 16, 59))]
    with pytest.raises(services.SubmissionClosed):
        services.update_entry(reload(other), problem="Muộn")


def test_an_extension_ends_too(world, clock):
    services.set_entry_deadline(world.entry, world.screening, until=utc(2026, 12, 2, 16, 59))
    clock(utc(2026, 12, 2, 16, 59))

    with pytest.raises(services.SubmissionClosed) as refusal:
        services.update_entry(reload(world.entry), problem="Muộn")

    assert english(refusal.value) == ("The deadline passed on Dec 2, 2026, 11:59\u202fPM (GMT+07:00): the entry can no "
                                      "longer change.")


def test_extending_the_whole_round_reopens_it_for_everyone(world, clock):
    clock(utc(2026, 12, 1))
    services.save_round(world.competition, world.screening, submission_closes_at=utc(2026, 12, 3, 16, 59))

    entry = submitted(world)

    assert entry.status == "submitted"


# --- uploads -------------------------------------------------------------------------------------

def test_a_renamed_png_deck_is_refused_and_nothing_changes(app, world):
    before = uploaded_files(app)

    with pytest.raises(InvalidUpload) as refusal:
        services.update_entry(world.entry, problem="Đổi", deck=upload(png_bytes(), filename="deck.pdf"))

    assert refusal.value.field == "deck"
    assert english(refusal.value) == ("The pitch deck must be a PDF file. Export your slides as PDF and upload that "
                                      "file.")
    db.session.rollback()
    assert (reload(world.entry).problem, reload(world.entry).deck_path) == (None, None)
    assert uploaded_files(app) == before


def test_an_oversized_deck_is_refused(app, world, monkeypatch):
    monkeypatch.setitem(app.config, "DECK_MAX_BYTES", 1024 * 1024)
    big = PDF[:-6] + b" " * (1024 * 1024) + b"%%EOF\n"

    with pytest.raises(InvalidUpload) as refusal:
        services.update_entry(world.entry, deck=upload(big))

    assert (english(refusal.value), refusal.value.field) == ("The file is larger than 1.0 MB.", "deck")
    assert reload(world.entry).deck_path is None


def test_a_new_deck_replaces_the_old_file(app, world):
    services.update_entry(world.entry, deck=upload(PDF))
    first = reload(world.entry).deck_path

    services.update_entry(reload(world.entry), deck=upload(PDF + b"\n"))

    second = reload(world.entry).deck_path
    assert second != first and second.startswith("private/decks/")
    assert (first in uploaded_files(app), second in uploaded_files(app)) == (False, True)


def test_images_are_cleaned_and_stored_up_to_five(app, world):
    services.update_entry(world.entry, images=[upload(png_bytes(), "a.png", "image/png") for _ in range(3)])
    services.update_entry(reload(world.entry), images=[upload(png_bytes(), "b.png", "image/png") for _ in range(2)])

    paths = [image.path for image in reload(world.entry).images]
    assert len(paths) == 5 and all(p.startswith("private/entries/") and p.endswith(".png") for p in paths)

    with pytest.raises(InvalidUpload) as refusal:
        services.update_entry(reload(world.entry), images=[upload(png_bytes(), "c.png", "image/png")])
    assert (english(refusal.value), refusal.value.field) == (
        "An entry has at most 5 images: remove one before adding more.", "images")


def test_a_file_that_is_not_an_image_is_refused(world):
    with pytest.raises(InvalidUpload) as refusal:
        services.update_entry(world.entry, images=[upload(PDF, "photo.png", "image/png")])

    assert (english(refusal.value), refusal.value.field) == ("The file is not a valid image.", "images")
    assert db.session.scalar(select(func.count()).select_from(EntryImage)) == 0


def test_deleting_an_image_removes_its_file(app, world):
    services.update_entry(world.entry, images=[upload(png_bytes(), "a.png", "image/png")])
    entry = reload(world.entry)
    image = entry.images[0]
    path = image.path

    services.delete_entry_image(entry, image)

    assert reload(world.entry).images == []
    assert path not in uploaded_files(app)


# --- receipts ------------------------------------------------------------------------------------

def test_every_submit_sends_a_receipt_to_each_member_in_their_language(world, clock):
    submitted(world)
    clock(utc(2026, 11, 24, 2, 30))
    services.update_entry(reload(world.entry), traction="500 hộ")

    messages = outbox_rows("competitions.entry_received")
    assert [(m.recipient_email, m.locale) for m in messages] == [
        (world.owner.email, "en"), (world.member.email, "vi")] * 2
    owner_mail, member_mail = messages[2], messages[3]
    assert owner_mail.subject == "Entry received: Nông trại thông minh"
    assert member_mail.subject.endswith("Nông trại thông minh")  # Vietnamese once the catalog is translated
    assert owner_mail.body_text.splitlines()[:12] == [
        "Hello Lê Thị Hoa,",
        "",
        "We received the entry of Nông Trại Xanh in Startup talent search (Techfest Haiphong 2026).",
        "",
        "Project: Nông trại thông minh",
        "Track: Idea",
        "Pitch deck: received",
        "Images: 0",
        "Received on: Nov 24, 2026, 9:30\u202fAM (GMT+07:00)",
        "",
        "You can change the entry until Nov 30, 2026, 11:59\u202fPM (GMT+07:00). Each change is a new submission and "
        "sends this receipt again.",
        "",
    ]
    assert f"/entries/{world.entry.id}" in owner_mail.body_text
    assert "Nông trại thông minh" in owner_mail.body_html and "Startup talent search" in owner_mail.body_html
    assert "Tìm kiếm tài năng khởi nghiệp" in member_mail.body_text


def test_a_draft_save_sends_no_receipt(world):
    services.update_entry(world.entry, problem="Nháp")

    assert outbox_rows() == []


# --- material for later rounds -------------------------------------------------------------------

@pytest.fixture
def finalist(world):
    entry = submitted(world)
    entry.participations.append(RoundEntry(round_id=world.final.id, outcome="pending"))
    db.session.commit()
    return next(p for p in reload(entry).participations if p.round_id == world.final.id)


def test_an_advancing_team_uploads_the_updated_deck(app, world, finalist):
    services.upload_round_deck(finalist, upload(PDF), note="  Doanh thu 2026  ")

    db.session.expire_all()
    assert finalist.updated_deck_path.startswith("private/decks/")
    assert finalist.material_note == "Doanh thu 2026"
    assert (Path(app.config["UPLOAD_FOLDER"]) / finalist.updated_deck_path).read_bytes() == PDF


def test_the_updated_deck_is_checked_like_the_first(world, finalist):
    with pytest.raises(InvalidUpload) as refusal:
        services.upload_round_deck(finalist, upload(png_bytes(), "deck.pdf"))

    assert refusal.value.field == "deck"
    assert finalist.updated_deck_path is None


def test_the_updated_deck_is_refused_after_the_rounds_deadline_unless_extended(world, finalist, clock):
    clock(utc(2026, 12, 8, 17, 0))

    with pytest.raises(services.SubmissionClosed) as refusal:
        services.upload_round_deck(finalist, upload(PDF))
    assert english(refusal.value) == ("The deadline passed on Dec 8, 2026, 11:59\u202fPM (GMT+07:00): the entry can no "
                                      "longer change.")

    db.session.rollback()
    services.set_entry_deadline(reload(world.entry), world.final, until=utc(2026, 12, 9, 10, 0))
    services.upload_round_deck(db.session.get(RoundEntry, finalist.id), upload(PDF))
    assert db.session.get(RoundEntry, finalist.id).updated_deck_path is not None


def test_a_withdrawn_entry_sends_no_more_material(world, finalist):
    services.withdraw_entry(reload(world.entry))

    with pytest.raises(Conflict) as refusal:
        services.upload_round_deck(db.session.get(RoundEntry, finalist.id), upload(PDF))

    assert english(refusal.value) == "This entry is withdrawn."


def test_the_first_rounds_deck_is_changed_by_editing_the_entry(world):
    entry = submitted(world)

    with pytest.raises(services.DomainError) as refusal:
        services.upload_round_deck(entry.participations[0], upload(PDF))

    assert english(refusal.value) == "Change the deck of the first round by editing the entry."
