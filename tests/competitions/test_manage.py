"""Organiser pages: competitions, tracks, rounds with local times, rubrics, the screening list and decisions."""
import re
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.competitions import services
from app.competitions.models import Competition, Round, RoundEntry, Track
from app.extensions import db
from app.teams.models import Organisation
from tests.competitions.helpers import (PDF, build_world, complete_fields, element_text, reload, row_text, upload,
                                        utc)
from tests.core.pages import Page
from tests.events.manage_helpers import input_value, selected_value
from tests.factories import (make_assignment, make_competition, make_edition, make_entry, make_organisation,
                             make_province, make_village)

BASE = "/manage/e/hai-phong/competitions"


@pytest.fixture
def world(client, login):
    world = build_world()
    login(world.people["organiser of the edition"])
    return world


def round_data(**fields) -> dict:
    return {"kind": "semi_final", "name_vi": "Bán kết", "name_en": "Semi-final", "judges_per_entry": "5",
            "ranking_method": "raw", **fields}


# --- competitions ---------------------------------------------------------------------------------

def test_edition_dashboard_links_the_competitions(client, world):
    page = Page(client.get("/manage/e/hai-phong/"))

    assert page.by_id["competitions-link"] == "Competitions"


def test_competitions_list_counts_entries(client, world):
    services.update_entry(world.entry, deck=upload(PDF), submit=True, **complete_fields(track_id=world.tracks[0].id))
    make_entry(world.competition, status="draft")

    response = client.get(f"{BASE}/")

    assert row_text(response, "competition", "talent") == "Startup talent search talent 2 2 1 1 Entries"


def test_create_a_competition(client, world):
    response = client.post(f"{BASE}/new", data={
        "slug": "innovation-2026", "name_vi": "Đổi mới sáng tạo", "name_en": "Innovation award",
        "rules_en": "Ten minutes.", "blind_judging": "y", "tie_break_criterion_position": "1"})

    competition = db.session.scalar(select(Competition).where(Competition.slug == "innovation-2026"))
    assert (response.status_code, response.location) == (302, f"{BASE}/innovation-2026/")
    assert (competition.edition_id, competition.name_en, competition.rules_en, competition.blind_judging,
            competition.tie_break_criterion_position) == (world.edition.id, "Innovation award", "Ten minutes.", True, 1)
    assert Page(client.get(response.location)).flashes == ["The competition has been saved."]


def test_create_a_competition_with_a_taken_address_keeps_the_input(client, world):
    response = client.post(f"{BASE}/new", data={"slug": "talent", "name_vi": "Trùng", "name_en": "Duplicate"})

    page = Page(response)
    assert (response.status_code, page.error("slug"), page.value("name_en")) == (
        409, "Another competition of this edition already uses the address talent.", "Duplicate")


def test_create_a_competition_with_a_bad_address_is_422(client, world):
    response = client.post(f"{BASE}/new", data={"slug": "Bad Slug", "name_vi": "A b", "name_en": "A b"})

    assert (response.status_code, Page(response).error("slug")) == (
        422, "Use lowercase letters, digits and single dashes, e.g. startup-talent-2026.")


def test_edit_a_competition(client, world):
    form = Page(client.get(f"{BASE}/talent/edit"))
    assert (form.value("slug"), form.value("name_en")) == ("talent", "Startup talent search")

    response = client.post(f"{BASE}/talent/edit", data={"slug": "talent-2026", "name_vi": "Tài năng",
                                                        "name_en": "Talent", "prizes_en": "A trip to Seoul"})

    assert response.location == f"{BASE}/talent-2026/"
    assert db.session.get(Competition, world.competition.id).prizes_en == "A trip to Seoul"


def test_another_editions_competition_is_404_here(client, world):
    other = make_edition(slug="da-nang")
    make_competition(other, slug="elsewhere")

    assert client.get(f"{BASE}/elsewhere/").status_code == 404


# --- tracks ---------------------------------------------------------------------------------------

def test_create_a_track_of_a_village(client, world):
    village = make_village(world.edition, name_en="Agritech village")

    response = client.post(f"{BASE}/talent/tracks/new", data={"name_vi": "Nông nghiệp", "name_en": "Agritech",
                                                              "village_id": village.id, "position": "3"})

    track = db.session.scalar(select(Track).where(Track.name_en == "Agritech"))
    assert (response.location, track.village_id, track.position) == (f"{BASE}/talent/", village.id, 3)
    assert "Agritech (Agritech village)" in Page(client.get(response.location)).by_id["tracks"]


def test_a_village_of_another_edition_is_not_a_choice(client, world):
    foreign = make_village(make_edition())

    response = client.post(f"{BASE}/talent/tracks/new", data={"name_vi": "Khác", "name_en": "Other",
                                                              "village_id": foreign.id})

    assert (response.status_code, Page(response).error("village_id")) == (422, "Not a valid choice.")


def test_deleting_a_track_in_use_shows_why_not(client, world):
    services.update_entry(world.entry, track_id=world.tracks[0].id)

    response = client.post(f"{BASE}/talent/tracks/{world.tracks[0].id}/delete")

    assert (response.status_code, Page(response).form_error) == (409, "1 entry chose this track: it cannot be deleted.")
    assert client.post(f"{BASE}/talent/tracks/{world.tracks[1].id}/delete").status_code == 302
    assert [t.name_en for t in db.session.scalars(select(Track))] == ["Idea"]


# --- rounds ---------------------------------------------------------------------------------------

def test_create_a_round_with_times_typed_in_the_editions_timezone(client, world):
    response = client.post(f"{BASE}/talent/rounds/new", data=round_data(
        submission_opens_at="2026-12-01T08:00", submission_closes_at="2026-12-05T23:59",
        judging_opens_at="2026-12-06T09:00", judging_closes_at="2026-12-08T17:00", advance_count="10",
        advance_per_track="y", material_request_en="Updated deck, please.", requires_updated_deck="y"))

    round_ = db.session.scalar(select(Round).where(Round.name_en == "Semi-final"))
    assert response.location == f"{BASE}/talent/"
    assert (round_.position, round_.kind, round_.judges_per_entry, round_.ranking_method, round_.advance_count,
            round_.advance_per_track, round_.requires_updated_deck) == (3, "semi_final", 5, "raw", 10, True, True)
    assert (round_.submission_opens_at, round_.submission_closes_at, round_.judging_opens_at,
            round_.judging_closes_at) == (utc(2026, 12, 1, 1, 0), utc(2026, 12, 5, 16, 59), utc(2026, 12, 6, 2, 0),
                                          utc(2026, 12, 8, 10, 0))


def test_edit_form_shows_the_rounds_times_in_the_editions_timezone(client, world):
    response = client.get(f"{BASE}/talent/rounds/{world.screening.id}/edit")

    assert (input_value(response, "submission_opens_at"), input_value(response, "submission_closes_at")) == (
        "2026-11-01T07:00", "2026-11-30T23:59")
    assert selected_value(response, "kind") == "screening"


def test_extending_a_whole_round(client, world):
    client.post(f"{BASE}/talent/rounds/{world.screening.id}/edit", data=round_data(
        kind="screening", name_en="Online screening", submission_opens_at="2026-11-01T07:00",
        submission_closes_at="2026-12-02T23:59", ranking_method="corrected", judges_per_entry="3"))

    assert db.session.get(Round, world.screening.id).submission_closes_at == utc(2026, 12, 2, 16, 59)


def test_a_window_that_closes_before_it_opens_is_refused_next_to_the_field(client, world):
    response = client.post(f"{BASE}/talent/rounds/new", data=round_data(
        submission_opens_at="2026-12-05T08:00", submission_closes_at="2026-12-01T08:00"))

    page = Page(response)
    assert (response.status_code, page.error("submission_closes_at"), page.value("name_en")) == (
        400, "The window must close after it opens.", "Semi-final")


def test_judging_cannot_open_on_an_invalid_rubric_from_the_round_form(client, world):
    criterion = world.screening.criteria[0]
    services.save_criterion(world.screening, criterion, name_vi="Đội ngũ", name_en="Team", max_points=10,
                            weight=Decimal(25))

    response = client.post(f"{BASE}/talent/rounds/{world.screening.id}/edit", data=round_data(
        kind="screening", judging_opens_at="2026-11-23T09:00"))

    assert (response.status_code, Page(response).error("judging_opens_at")) == (
        409, "The rubric's weights add up to 105, not 100: judging cannot open until they do.")


def test_rounds_move_up_and_down(client, world):
    response = client.post(f"{BASE}/talent/rounds/{world.final.id}/move", data={"direction": "up"})

    assert response.location == f"{BASE}/talent/"
    db.session.expire_all()
    assert [r.name_en for r in db.session.get(Competition, world.competition.id).rounds] == [
        "Final pitch", "Online screening"]
    assert client.post(f"{BASE}/talent/rounds/{world.final.id}/move", data={"direction": "sideways"}).status_code == 400


def test_rounds_with_entries_do_not_move(client, world):
    services.update_entry(world.entry, deck=upload(PDF), submit=True, **complete_fields(track_id=world.tracks[0].id))

    response = client.post(f"{BASE}/talent/rounds/{world.final.id}/move", data={"direction": "up"})

    assert (response.status_code, Page(response).form_error) == (
        409, "Entries already take part in these rounds: their order cannot change.")


def test_delete_a_round(client, world):
    response = client.post(f"{BASE}/talent/rounds/{world.final.id}/delete")

    assert response.status_code == 302
    assert db.session.scalars(select(Round.name_en)).all() == ["Online screening"]


# --- rubric ---------------------------------------------------------------------------------------

def test_rubric_page_shows_the_sum_and_that_it_is_valid(client, world):
    response = client.get(f"{BASE}/talent/rounds/{world.screening.id}/rubric")

    assert Page(response).by_id["rubric-total"] == "The weights add up to 100%. The rubric is valid."
    assert row_text(response, "criterion", world.screening.criteria[0].id) == "1 Team 10 20% ↓ Edit Delete"
    assert row_text(response, "criterion", world.screening.criteria[5].id) == (
        "6 Social and environmental impact 10 10% ↑ Edit Delete")


def test_adding_a_criterion_makes_the_sum_wrong_and_judging_cannot_open(client, world):
    response = client.post(f"{BASE}/talent/rounds/{world.screening.id}/criteria/new", data={
        "name_vi": "Trình bày", "name_en": "Pitch", "max_points": "5", "weight": "12.5"})
    assert response.location == f"{BASE}/talent/rounds/{world.screening.id}/rubric"

    page = Page(client.get(response.location))
    assert page.by_id["rubric-total"] == ("The weights add up to 112.5%. They must add up to exactly 100% before "
                                          "judging can open.")
    refused = client.post(f"{BASE}/talent/rounds/{world.screening.id}/open-judging")
    assert (refused.status_code, Page(refused).form_error) == (
        409, "The rubric's weights add up to 112.5, not 100: judging cannot open until they do.")
    assert db.session.get(Round, world.screening.id).judging_opens_at is None


def test_a_weight_out_of_range_is_refused_by_the_form(client, world):
    response = client.post(f"{BASE}/talent/rounds/{world.screening.id}/criteria/new", data={
        "name_vi": "Trình bày", "name_en": "Pitch", "max_points": "5", "weight": "150"})

    assert (response.status_code, Page(response).error("weight")) == (422, "Enter a number between 0.01 and 100.")


def test_edit_move_and_delete_a_criterion(client, world):
    first, second = world.screening.criteria[0], world.screening.criteria[1]
    url = f"{BASE}/talent/rounds/{world.screening.id}/criteria"

    client.post(f"{url}/{first.id}/edit", data={"name_vi": "Đội", "name_en": "Founders", "max_points": "10",
                                                "weight": "20"})
    client.post(f"{url}/{second.id}/move", data={"direction": "up"})
    client.post(f"{url}/{first.id}/delete")

    db.session.expire_all()
    assert [(c.position, c.name_en) for c in db.session.get(Round, world.screening.id).criteria][:2] == [
        (0, "Problem and solution"), (1, "Market and scalability")]


def test_use_the_default_rubric_then_open_judging(client, world, clock):
    round_ = world.final
    services.save_criterion(round_, round_.criteria[0], name_vi="A", name_en="A", max_points=10, weight=Decimal(1))

    client.post(f"{BASE}/talent/rounds/{round_.id}/rubric/default")
    response = client.post(f"{BASE}/talent/rounds/{round_.id}/open-judging")

    db.session.expire_all()
    assert [c.weight for c in db.session.get(Round, round_.id).criteria] == [20, 20, 20, 20, 10, 10]
    assert db.session.get(Round, round_.id).judging_opens_at == clock.start
    assert Page(client.get(response.location)).flashes == [
        "The rubric is now the default one: six criteria weighted 20/20/20/20/10/10.", "Judging is open."]


def test_a_scored_rubric_is_locked(client, world):
    entry = make_entry(world.competition, round_=world.screening)
    make_assignment(world.screening, world.judge, entry, points=[8, 7, 6, 9, 5, 7])

    page = Page(client.get(f"{BASE}/talent/rounds/{world.screening.id}/rubric"))
    response = client.post(f"{BASE}/talent/rounds/{world.screening.id}/rubric/default")

    assert "Judges have already scored with this rubric: it can no longer change." in page.text
    assert "Add a criterion" not in page.text
    assert (response.status_code, Page(response).form_error) == (
        409, "Judges have already scored with this rubric: it can no longer change.")


# --- screening ------------------------------------------------------------------------------------

@pytest.fixture
def field(world):
    """Four entries: the team's (submitted, complete), an incomplete submission from Cần Thơ, a draft, a withdrawal."""
    services.update_entry(world.entry, deck=upload(PDF), submit=True, **complete_fields(track_id=world.tracks[0].id))
    can_tho = make_province(code="can-tho", name_vi="Cần Thơ", name_en="Can Tho")
    hai_phong = make_province()
    db.session.get(Organisation, world.team.id).province_id = hai_phong.id
    incomplete = make_entry(world.competition, organisation=make_organisation(name="Lúa Vàng", province_id=can_tho.id),
                            project_name="Lúa thông minh", track_id=world.tracks[1].id, round_=world.screening)
    draft = make_entry(world.competition, status="draft", project_name="Bản nháp")
    withdrawn = make_entry(world.competition, status="withdrawn", project_name="Rút lui")
    db.session.commit()
    return dict(complete=world.entry.id, incomplete=incomplete.id, draft=draft.id, withdrawn=withdrawn.id)


def listed(response) -> list[int]:
    return [int(n) for n in re.findall(r'<tr data-entry="(\d+)">', response.get_data(as_text=True))]


def test_entries_list_shows_completeness_and_counts(client, world, field):
    response = client.get(f"{BASE}/talent/entries")

    assert element_text(response, "counts") == ("4 Entries 1 Drafts 2 Submitted 1 Submitted and complete 2 To screen "
                                                 "0 Eligible 0 Not eligible 1 Withdrawn")
    assert listed(response) == [field["complete"], field["incomplete"], field["draft"], field["withdrawn"]]
    assert row_text(response, "entry", field["complete"]) == (
        "Nông trại thông minh Nông Trại Xanh Hai Phong Idea Submitted Not screened yet Complete 0 "
        "Nov 23, 2026, 10:00 AM (GMT+07:00)")
    assert row_text(response, "entry", field["incomplete"]) == (
        "Lúa thông minh Lúa Vàng Can Tho Project Submitted Not screened yet Problem Solution What is innovative "
        "Target market Business model Team Pitch deck (PDF) 0 Nov 23, 2026, 10:00 AM (GMT+07:00)")
    assert element_text(response, "shown") == "4 entries match."


@pytest.mark.parametrize(("query", "expected"), [
    ("status=submitted", ["complete", "incomplete"]),
    ("status=draft", ["draft"]),
    ("completeness=complete", ["complete"]),
    ("completeness=incomplete", ["incomplete", "draft", "withdrawn"]),
    ("q=lua", ["incomplete"]),
    ("q=n%C3%B4ng+tr%E1%BA%A1i", ["complete"]),
    ("eligibility=pending&status=submitted", ["complete", "incomplete"]),
])
def test_entries_list_filters(client, world, field, query, expected):
    response = client.get(f"{BASE}/talent/entries?{query}")

    assert listed(response) == [field[name] for name in expected]


def test_entries_list_filters_by_track_and_province(client, world, field):
    can_tho = db.session.scalar(select(Organisation.province_id).where(Organisation.name == "Lúa Vàng"))

    assert listed(client.get(f"{BASE}/talent/entries?track={world.tracks[1].id}")) == [field["incomplete"]]
    assert listed(client.get(f"{BASE}/talent/entries?province={can_tho}")) == [field["incomplete"]]
    assert listed(client.get(f"{BASE}/talent/entries?status=bogus")) == list(field.values())


def test_entry_page_for_organisers_shows_the_application_and_the_team(client, world, field):
    page = Page(client.get(f"{BASE}/talent/entries/{field['complete']}"))

    assert page.by_id["project-name"] == "Nông trại thông minh"
    assert f"Lê Thị Hoa <{world.owner.email}>" in page.text
    assert "Required parts: Complete" in page.text


def test_not_eligible_without_a_reason_is_refused_next_to_the_field(client, world, field):
    response = client.post(f"{BASE}/talent/entries/{field['complete']}/screening", data={"decision": "ineligible"})

    assert (response.status_code, Page(response).error("reason")) == (
        400, "Say why the entry is not eligible: the team will read it.")
    assert reload(world.entry).eligibility == "pending"


def test_not_eligible_with_a_reason_emails_the_team(client, world, field, outbox):
    response = client.post(f"{BASE}/talent/entries/{field['complete']}/screening",
                           data={"decision": "ineligible", "reason": "Founded in 2015."})

    assert response.location == f"{BASE}/talent/entries/{field['complete']}"
    entry = reload(world.entry)
    assert (entry.eligibility, entry.ineligible_reason) == ("ineligible", "Founded in 2015.")
    assert [m.subject for m in outbox][0] == "Your entry Nông trại thông minh is not eligible"
    assert len(outbox) == 2
    assert Page(client.get(response.location)).flashes == ["The decision has been saved and the team has been emailed."]


def test_a_draft_cannot_be_screened(client, world, field):
    response = client.post(f"{BASE}/talent/entries/{field['draft']}/screening", data={"decision": "eligible"})

    assert (response.status_code, Page(response).form_error) == (409, "Only submitted entries are screened.")


def test_extend_one_entrys_deadline_in_the_editions_timezone(client, world, field):
    response = client.post(f"{BASE}/talent/entries/{field['incomplete']}/deadline",
                           data={"round_id": world.screening.id, "until": "2026-12-03T12:00"})

    assert response.status_code == 302
    overrides = db.session.scalars(select(RoundEntry.deadline_override).where(
        RoundEntry.entry_id == field["incomplete"])).all()
    assert overrides == [utc(2026, 12, 3, 5, 0)]
    assert "extended" in Page(client.get(response.location)).by_id["deadlines"]


def test_an_extension_in_the_past_is_refused_next_to_the_field(client, world, field):
    response = client.post(f"{BASE}/talent/entries/{field['incomplete']}/deadline",
                           data={"round_id": world.screening.id, "until": "2026-11-20T12:00"})

    page = Page(response)
    assert (response.status_code, page.error("until")) == (400, "Choose a moment in the future.")


def test_an_entry_of_another_competition_is_404(client, world, field):
    other = make_entry(make_competition(world.edition, slug="other"))

    assert client.get(f"{BASE}/talent/entries/{other.id}").status_code == 404
