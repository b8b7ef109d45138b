"""Teams enter a competition: drafts, submissions until the deadline, withdrawals, decks and images."""
from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.competitions import notifications
from app.competitions.decks import IMAGE_FOLDER, read_deck, store_deck
from app.competitions.models import Competition, Eligibility, Entry, EntryImage, EntryStatus, RoundEntry
from app.competitions.permissions import can_enter
from app.competitions.queries import (
    ENTRY_FIELD_LABELS, LocalTime, Window, competition_window, entry_window, first_round, missing_items,
    participation, round_window,
)
from app.competitions.services.common import clean, commit_or_conflict
from app.core.errors import Conflict, DomainError, NotAllowed
from app.core.time import utcnow
from app.core.uploads import InvalidUpload, delete_upload, process_image, read_limited, store_upload
from app.extensions import db


ENTRY_FIELDS = ("project_name", "track_id", "problem", "solution", "innovation", "target_market", "business_model",
                "traction", "team_description", "funding_sought_vnd", "links", "video_url")


class SubmissionClosed(DomainError):
    status_code = 409


class IncompleteEntry(DomainError):
    """A submission that lacks required parts; ``missing`` names them (form field names, and "deck")."""

    status_code = 422

    def __init__(self, missing: list[str]):
        super().__init__(_l("The entry cannot be submitted yet. Still missing: %(missing)s."),
                         missing=_FieldNames(missing))
        self.missing = missing


class _FieldNames:
    """Field labels joined in the reader's language when the message is shown."""

    def __init__(self, names: list[str]):
        self.names = names

    def __str__(self) -> str:
        return ", ".join(str(ENTRY_FIELD_LABELS[name]) for name in self.names)


def create_entry(competition: Competition, organisation, *, created_by, deck=None, images=(), submit: bool = False,
                 **fields) -> Entry:
    """Start a team's entry (one per team and competition), kept as a draft or submitted at once."""
    if not can_enter(created_by, organisation):
        raise NotAllowed(_l("Only members of a startup team can enter it in a competition."))
    taken = select(Entry.id).where(Entry.competition_id == competition.id, Entry.organisation_id == organisation.id)
    if db.session.scalar(taken) is not None:
        raise Conflict(_l("%(team)s has already entered this competition."), field="organisation_id",
                      team=organisation.name)
    entry = Entry(status=EntryStatus.DRAFT, eligibility=Eligibility.PENDING, created_by_id=created_by.id)
    _save_entry(entry, competition, competition_window(competition), fields=fields, deck=deck, images=images,
                submit=submit, organisation=organisation)
    return entry


def update_entry(entry: Entry, *, deck=None, images=(), submit: bool = False, **fields) -> None:
    """Change an entry until its deadline; a submitted entry stays complete and each save is a resubmission."""
    _save_entry(entry, entry.competition, entry_window(entry), fields=fields, deck=deck, images=images,
                submit=submit or entry.status == EntryStatus.SUBMITTED)


def submit_entry(entry: Entry) -> None:
    """Submit (or resubmit) an entry inside the first round's window, complete and with its deck."""
    _save_entry(entry, entry.competition, entry_window(entry), fields={}, deck=None, images=(), submit=True)


def _save_entry(entry: Entry, competition: Competition, window: Window, *, fields: dict, deck, images,
                submit: bool, organisation=None) -> None:
    """Check everything first (deadline, values, files, completeness), then change, store and commit."""
    now = utcnow()
    _check_not_closed(window, competition, now)
    values = _entry_values(competition, fields)
    deck_data = _read_upload(read_deck, deck, field="deck") if deck else None
    image_data = _read_images(entry, images)
    if submit:
        _check_submission(entry, competition, window, now, values, has_deck=bool(deck_data or entry.deck_path))
    stored = []
    if organisation is not None:  # a new entry joins the session only now, all checks passed
        entry.competition, entry.organisation = competition, organisation
    for name, value in values.items():
        setattr(entry, name, value)
    old_deck = None
    if deck_data:
        old_deck, entry.deck_path = entry.deck_path, store_deck(deck_data)
        stored.append(entry.deck_path)
    for png in image_data:
        path = store_upload(png, folder=IMAGE_FOLDER, suffix=".png")
        stored.append(path)
        entry.images.append(EntryImage(path=path))
    if submit:
        _mark_submitted(entry, competition, now)
    elif entry.status == EntryStatus.WITHDRAWN:
        entry.status = EntryStatus.DRAFT  # saving a withdrawn entry takes it back as a draft
    db.session.add(entry)
    if submit:
        db.session.flush()
        notifications.notify_entry_received(entry)
    commit_or_conflict(_l("Your team has already entered this competition."), field="organisation_id",
                       cleanup=stored)
    delete_upload(old_deck)


def _check_not_closed(window: Window, competition: Competition, now: datetime) -> None:
    if window.has_closed(now):
        raise SubmissionClosed(_l("The deadline passed on %(deadline)s: the entry can no longer change."),
                               deadline=LocalTime(window.closes_at, competition.edition.zone))


def _entry_values(competition: Competition, fields: dict) -> dict:
    values = {name: clean(fields[name]) for name in ENTRY_FIELDS if name in fields}
    if "project_name" in values and not values["project_name"]:
        raise DomainError(_l("This field is required."), field="project_name")
    track_id = values.get("track_id")
    if track_id is not None and track_id not in {track.id for track in competition.tracks}:
        raise DomainError(_l("Choose a track of this competition."), field="track_id")
    return values


def _read_upload(reader, file_storage, *, field: str):
    try:
        return reader(file_storage)
    except InvalidUpload as error:
        error.field = field
        raise


def _read_images(entry: Entry, images) -> list[bytes]:
    """New images checked and cleaned in memory (nothing is stored before every check passed)."""
    images = [image for image in images or () if image and image.filename]
    limit = current_app.config["ENTRY_MAX_IMAGES"]
    if len(entry.images) + len(images) > limit:
        raise InvalidUpload(_l("An entry has at most %(max)d images: remove one before adding more."),
                      field="images", max=limit)
    config = current_app.config

    def clean(image):
        data = read_limited(image.stream, config["ENTRY_IMAGE_MAX_BYTES"])
        return process_image(data, max_pixels=config["ENTRY_IMAGE_MAX_PIXELS"])

    return [_read_upload(clean, image, field="images") for image in images]


def _check_submission(entry: Entry, competition: Competition, window: Window, now: datetime, values: dict, *,
                      has_deck: bool) -> None:
    if first_round(competition) is None:
        raise SubmissionClosed(_l("This competition does not accept submissions yet."))
    if not window.has_opened(now):
        raise SubmissionClosed(_l("Submissions open on %(opens)s. Save a draft until then."),
                               opens=LocalTime(window.opens_at, competition.edition.zone))
    current = {name: getattr(entry, name) for name in ENTRY_FIELDS}
    prospective = SimpleNamespace(**{**current, **values}, deck_path="deck" if has_deck else None)
    missing = missing_items(prospective, has_tracks=bool(competition.tracks))
    if missing:
        raise IncompleteEntry(missing)


def _mark_submitted(entry: Entry, competition: Competition, now: datetime) -> None:
    entry.status = EntryStatus.SUBMITTED
    entry.submitted_at = entry.submitted_at or now  # the first submission counts for the tie-break
    first = first_round(competition)
    if participation(entry, first) is None:
        entry.participations.append(RoundEntry(round_id=first.id))


def withdraw_entry(entry: Entry) -> None:
    """A team may withdraw its entry at any time; it can submit again while the window is open."""
    if entry.status == EntryStatus.WITHDRAWN:
        raise Conflict(_l("This entry is already withdrawn."))
    entry.status = EntryStatus.WITHDRAWN
    db.session.commit()


def delete_entry_image(entry: Entry, image: EntryImage) -> None:
    """Remove an image of the entry, until the deadline."""
    _check_not_closed(entry_window(entry), entry.competition, utcnow())
    path = image.path
    entry.images.remove(image)
    db.session.commit()
    delete_upload(path)


def upload_round_deck(round_entry: RoundEntry, deck, *, note: str | None = None) -> None:
    """An advancing team hands in the updated deck a later round asks for, before that round's deadline."""
    entry, round_ = round_entry.entry, round_entry.round
    if entry.status != EntryStatus.SUBMITTED:
        raise Conflict(_l("This entry is withdrawn."))
    if first_round(entry.competition).id == round_.id:
        raise DomainError(_l("Change the deck of the first round by editing the entry."))
    window = round_window(round_, round_entry)
    if not window.has_opened(utcnow()):
        raise SubmissionClosed(_l("Material for this round can be sent from %(opens)s."),
                               opens=LocalTime(window.opens_at, entry.competition.edition.zone))
    _check_not_closed(window, entry.competition, utcnow())
    data = _read_upload(read_deck, deck, field="deck")
    old = round_entry.updated_deck_path
    round_entry.updated_deck_path = store_deck(data)
    round_entry.material_note = clean(note)
    db.session.commit()
    delete_upload(old)
