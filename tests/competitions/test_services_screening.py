"""Screening: eligible or not (with a reason, emailed to the team), and deadline extensions for one entry."""
import pytest
from flask_babel import force_locale
from sqlalchemy import delete

from app.competitions import services
from app.competitions.models import RoundEntry
from app.core.errors import Conflict, DomainError
from app.extensions import db
from app.notifications.models import OutboxMessage
from tests.competitions.helpers import PDF, build_world, complete_fields, outbox_rows, reload, upload, utc
from tests.factories import make_competition, make_round


def english(error) -> str:
    with force_locale("en"):
        return str(error)


@pytest.fixture
def world():
    world = build_world()
    services.update_entry(world.entry, deck=upload(PDF), submit=True, **complete_fields(track_id=world.tracks[0].id))
    db.session.execute(delete(OutboxMessage))  # forget the receipts: these tests read the decisions
    db.session.commit()
    return world


def test_not_eligible_needs_a_reason(world):
    with pytest.raises(DomainError) as refusal:
        services.decide_eligibility(world.entry, eligible=False, reason="   ")

    assert (english(refusal.value), refusal.value.field) == (
        "Say why the entry is not eligible: the team will read it.", "reason")
    assert reload(world.entry).eligibility == "pending"
    assert outbox_rows() == []


def test_not_eligible_is_saved_and_emailed_with_the_reason(world):
    services.decide_eligibility(world.entry, eligible=False, reason=" The company is older than five years. ")

    entry = reload(world.entry)
    assert (entry.eligibility, entry.ineligible_reason) == ("ineligible", "The company is older than five years.")
    messages = outbox_rows("competitions.screening_decision")
    assert [(m.recipient_email, m.locale) for m in messages] == [(world.owner.email, "en"), (world.member.email, "vi")]
    assert messages[0].subject == "Your entry Nông trại thông minh is not eligible"
    assert messages[0].body_text.splitlines()[:5] == [
        "Hello Lê Thị Hoa,",
        "",
        "The organisers of Startup talent search have screened the entry Nông trại thông minh of Nông Trại Xanh: it is "
        "not eligible for the competition.",
        "",
        "Reason: The company is older than five years.",
    ]
    assert "Reason:" in messages[0].body_html and "The company is older than five years." in messages[0].body_html
    assert "The company is older than five years." in messages[1].body_text
    assert "Tìm kiếm tài năng khởi nghiệp" in messages[1].body_text


def test_eligible_is_emailed_with_an_optional_note(world):
    services.decide_eligibility(world.entry, eligible=True, reason="Welcome to the screening round.")

    entry = reload(world.entry)
    assert (entry.eligibility, entry.ineligible_reason) == ("eligible", None)
    message = outbox_rows("competitions.screening_decision")[0]
    assert message.subject == "Your entry Nông trại thông minh is eligible"
    assert message.body_text.splitlines()[2:5] == [
        "The organisers of Startup talent search have screened the entry Nông trại thông minh of Nông Trại Xanh: it is "
        "eligible and goes on to judging.",
        "",
        "Reason: Welcome to the screening round.",
    ]


def test_the_same_decision_twice_sends_one_email(world):
    services.decide_eligibility(world.entry, eligible=True)
    services.decide_eligibility(reload(world.entry), eligible=True)

    assert len(outbox_rows("competitions.screening_decision")) == 2  # one per team member, once


def test_changing_the_decision_tells_the_team_again(world):
    services.decide_eligibility(world.entry, eligible=False, reason="Missing business licence.")
    services.decide_eligibility(reload(world.entry), eligible=True)

    entry = reload(world.entry)
    assert (entry.eligibility, entry.ineligible_reason) == ("eligible", None)
    assert len(outbox_rows("competitions.screening_decision")) == 4


def test_drafts_and_withdrawn_entries_are_not_screened(world):
    services.withdraw_entry(world.entry)

    with pytest.raises(Conflict) as refusal:
        services.decide_eligibility(reload(world.entry), eligible=True)

    assert english(refusal.value) == "Only submitted entries are screened."


# --- one entry's deadline -------------------------------------------------------------------------

def test_an_extension_is_kept_on_the_entrys_round(world):
    services.set_entry_deadline(world.entry, world.screening, until=utc(2026, 12, 3, 16, 59))

    assert [(p.round_id, p.deadline_override) for p in reload(world.entry).participations] == [
        (world.screening.id, utc(2026, 12, 3, 16, 59))]


def test_a_draft_gets_its_first_round_participation_with_the_extension():
    world = build_world()

    services.set_entry_deadline(world.entry, world.screening, until=utc(2026, 12, 3, 16, 59))

    assert [(p.round_id, p.deadline_override) for p in reload(world.entry).participations] == [
        (world.screening.id, utc(2026, 12, 3, 16, 59))]
    assert reload(world.entry).status == "draft"


def test_removing_an_extension(world):
    services.set_entry_deadline(world.entry, world.screening, until=utc(2026, 12, 3, 16, 59))

    services.set_entry_deadline(reload(world.entry), world.screening, until=None)

    assert [p.deadline_override for p in reload(world.entry).participations] == [None]


def test_an_extension_must_end_in_the_future(world, clock):
    with pytest.raises(DomainError) as refusal:
        services.set_entry_deadline(world.entry, world.screening, until=clock.start)

    assert (english(refusal.value), refusal.value.field) == ("Choose a moment in the future.", "until")


def test_an_extension_for_a_later_round_needs_the_entry_in_it(world):
    with pytest.raises(DomainError) as refusal:
        services.set_entry_deadline(world.entry, world.final, until=utc(2026, 12, 9))

    assert (english(refusal.value), refusal.value.field) == ("This entry does not take part in that round.",
                                                             "round_id")
    db.session.rollback()
    world.entry = reload(world.entry)
    world.entry.participations.append(RoundEntry(round_id=world.final.id))
    db.session.commit()
    services.set_entry_deadline(reload(world.entry), world.final, until=utc(2026, 12, 9))
    assert sorted(p.deadline_override is not None for p in reload(world.entry).participations) == [False, True]


def test_an_extension_for_a_round_of_another_competition_is_refused(world):
    other_round = make_round(make_competition(world.edition))

    with pytest.raises(DomainError) as refusal:
        services.set_entry_deadline(world.entry, other_round, until=utc(2026, 12, 9))

    assert refusal.value.field == "round_id"
