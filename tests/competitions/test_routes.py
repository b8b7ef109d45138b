"""Team-facing pages: the public competition page, entering, editing, submitting, withdrawing, files."""
import re
from io import BytesIO
from types import SimpleNamespace

import pytest
from jinja2 import ChoiceLoader, DictLoader
from sqlalchemy import func, select

from app.competitions import services
from app.competitions.models import Entry, RoundEntry
from app.extensions import db
from tests.competitions.helpers import (PDF, build_world, complete_fields, form_file, person, png_bytes, reload,
                                        upload, utc)
from tests.core.pages import Page
from tests.factories import make_competition, make_edition, make_organisation



@pytest.fixture
def world(client):
    client.set_cookie("techfest_locale", "en")  # visitors who are not signed in read English
    return build_world()


def entry_form(**fields) -> dict:
    """What the browser sends for the entry form (the submit button decides draft or submission)."""
    data = {name: ("" if value is None else str(value)) for name, value in complete_fields(**fields).items()}
    return data


def entry_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Entry))


# --- the public competition page ----------------------------------------------------------------

def test_competition_page_shows_rules_tracks_and_rounds_in_the_editions_time(client, world):
    response = client.get("/e/hai-phong/competitions/talent/")

    page = Page(response)
    assert response.status_code == 200
    assert page.by_id["competition-name"] == "Startup talent search"
    assert [page.by_id[f"competition-{name}"] for name in ("rules", "eligibility", "prizes")] == [
        "Five-minute pitch.", "Startups under five years old.", "First prize: 100 million VND."]
    assert page.by_id["competition-tracks"] == "Idea Project"
    assert page.by_id["competition-rounds"] == (
        f"Online screening Online screening Submissions: Nov 1, 2026, 7:00 AM (GMT+07:00) – Nov 30, 2026, "
        f"11:59 PM (GMT+07:00) Judging: not set yet "
        f"Final pitch Final pitch Submissions: until Dec 8, 2026, 11:59 PM (GMT+07:00) Judging: not set yet")
    assert page.by_id["deadline"] == f"Deadline: Nov 30, 2026, 11:59 PM (GMT+07:00)"
    assert "Sign in to enter" in page.text


def test_competition_page_in_vietnamese(client, world):
    client.set_cookie("techfest_locale", "vi")

    page = Page(client.get("/e/hai-phong/competitions/talent/"))

    assert page.by_id["competition-name"] == "Tìm kiếm tài năng khởi nghiệp"
    assert page.by_id["deadline"].endswith("30 thg 11, 2026, 23:59 (GMT+07:00)")


def test_competition_page_offers_entering_to_a_startup_member(client, login, world):
    login(world.people["other team's member"])

    page = Page(client.get("/e/hai-phong/competitions/talent/"))

    assert page.by_id["enter-button"] == "Enter the competition"


def test_competition_page_links_the_teams_own_entry(client, login, world):
    login(world.owner)

    response = client.get("/e/hai-phong/competitions/talent/")

    assert f'data-entry="{world.entry.id}"' in response.get_data(as_text=True)
    assert "enter-button" not in response.get_data(as_text=True)


def test_competition_page_says_when_entries_are_closed(client, world, clock):
    clock(utc(2026, 12, 1))

    assert Page(client.get("/e/hai-phong/competitions/talent/")).by_id["entries-closed"] == "Entries are closed."


def test_competition_page_of_a_draft_edition_is_hidden(client):
    competition = make_competition(make_edition(slug="draft-fest", status="draft"), slug="hidden")

    assert client.get(f"/e/draft-fest/competitions/{competition.slug}/").status_code == 404
    assert client.get("/e/draft-fest/competitions/").status_code == 404


def test_unknown_competition_is_404(client, world):
    assert client.get("/e/hai-phong/competitions/nothing/").status_code == 404


def test_competitions_index_lists_the_editions_competitions(client, world):
    page = Page(client.get("/e/hai-phong/competitions/"))

    assert page.by_id["competitions"] == "Startup talent search Idea · Project"


def test_public_page_includes_the_results_slot(client, world, app):
    """The results engineer's partial is included with ``competition`` in its context."""
    original = app.jinja_loader
    app.jinja_env.loader = ChoiceLoader([DictLoader({"results/_public_results.html":
                                                     "<p id='results-slot'>{{ competition.slug }}</p>"}), original])
    app.jinja_env.cache.clear()
    try:
        page = Page(client.get("/e/hai-phong/competitions/talent/"))
    finally:
        app.jinja_env.loader = original
        app.jinja_env.cache.clear()

    assert page.by_id["results-slot"] == "talent"


# --- entering -------------------------------------------------------------------------------------

def test_enter_page_offers_only_the_users_teams_without_an_entry(client, login, world):
    user = world.people["other team's member"]
    second = make_organisation(user, name="An Toàn Số")
    make_organisation(user, name="Trường Đại học", kind="university")
    login(user)

    body = client.get("/e/hai-phong/competitions/talent/enter").get_data(as_text=True)

    team_select = re.search(r'<select[^>]*name="organisation_id"[^>]*>(.*?)</select>', body, re.S).group(1)
    assert re.findall(r'<option[^>]*value="(\d+)"[^>]*>([^<]*)</option>', team_select) == [
        (str(second.id), "An Toàn Số"), (str(world.other_team.id), "Robot Biển")]


def test_enter_saves_a_draft_and_shows_the_entry(client, login, world, outbox):
    user = world.people["other team's member"]
    login(user)

    response = client.post("/e/hai-phong/competitions/talent/enter", data={
        "organisation_id": world.other_team.id, "project_name": "Robot lặn biển", "problem": "Rác thải nhựa",
        "save_draft": "Save draft"})

    entry = db.session.scalar(select(Entry).where(Entry.organisation_id == world.other_team.id))
    assert (response.status_code, response.location) == (302, f"/entries/{entry.id}")
    assert (entry.status, entry.project_name, entry.problem) == ("draft", "Robot lặn biển", "Rác thải nhựa")
    page = Page(client.get(response.location))
    assert page.flashes == ["Your draft has been saved. Submit it before the deadline."]
    assert page.by_id["project-name"] == "Robot lặn biển"
    assert outbox == []


def test_enter_and_submit_at_once_sends_the_receipts(client, login, world, outbox):
    user = world.people["other team's member"]
    login(user)

    response = client.post("/e/hai-phong/competitions/talent/enter", content_type="multipart/form-data", data={
        **entry_form(track_id=world.tracks[1].id), "organisation_id": world.other_team.id,
        "deck": form_file(PDF), "new_images": [form_file(png_bytes(), "a.png"), form_file(png_bytes(), "b.jpg")],
        "submit": "Submit entry"})

    entry = db.session.scalar(select(Entry).where(Entry.organisation_id == world.other_team.id))
    assert response.status_code == 302
    assert (entry.status, entry.track_id, entry.funding_sought_vnd, len(entry.images)) == (
        "submitted", world.tracks[1].id, 2_000_000_000, 2)
    assert [m.subject for m in outbox] == ["Entry received: Nông trại thông minh"]
    assert outbox[0].recipients == [f"{user.name} <{user.email}>"]


def test_funding_accepts_thousands_separators(client, login, world):
    login(world.people["other team's member"])

    client.post("/e/hai-phong/competitions/talent/enter", data={
        "organisation_id": world.other_team.id, "project_name": "Robot", "funding_sought_vnd": "1.500.000.000",
        "save_draft": "1"})

    assert db.session.scalar(select(Entry.funding_sought_vnd).where(Entry.organisation_id == world.other_team.id)) \
        == 1_500_000_000


def test_a_renamed_png_deck_keeps_everything_typed(client, login, world):
    login(world.people["other team's member"])

    response = client.post("/e/hai-phong/competitions/talent/enter", content_type="multipart/form-data", data={
        **entry_form(track_id=world.tracks[0].id), "organisation_id": world.other_team.id,
        "deck": form_file(png_bytes(), "deck.pdf"), "submit": "Submit entry"})

    page = Page(response)
    assert response.status_code == 400
    assert page.error("deck") == "The pitch deck must be a PDF file. Export your slides as PDF and upload that file."
    assert page.by_id["files-lost"] == ("Nothing was saved. Your text is kept below; choose your files again before "
                                        "saving.")
    assert page.value("project_name") == "Nông trại thông minh"
    assert (page.by_id["problem"], page.by_id["team_description"]) == (
        "Nông dân mất 30% sản lượng vì sâu bệnh.", "Ba kỹ sư nông nghiệp và một lập trình viên.")
    assert page.value("funding_sought_vnd") == "2000000000"
    assert 'selected value="%d"' % world.tracks[0].id in response.get_data(as_text=True)
    assert entry_count() == 1


def test_an_oversized_deck_keeps_everything_typed(client, login, world, app, monkeypatch):
    monkeypatch.setitem(app.config, "DECK_MAX_BYTES", 1024 * 1024)
    login(world.people["other team's member"])

    response = client.post("/e/hai-phong/competitions/talent/enter", content_type="multipart/form-data", data={
        **entry_form(), "organisation_id": world.other_team.id,
        "deck": form_file(PDF[:-6] + b" " * (1024 * 1024) + b"%%EOF\n"), "save_draft": "Save draft"})

    page = Page(response)
    assert (response.status_code, page.error("deck"), page.value("video_url")) == (
        400, "The file is larger than 1.0 MB.", "https://youtu.be/abc123")
    assert entry_count() == 1


def test_a_deck_with_another_extension_is_refused_by_the_form(client, login, world):
    login(world.people["other team's member"])

    response = client.post("/e/hai-phong/competitions/talent/enter", content_type="multipart/form-data", data={
        **entry_form(), "organisation_id": world.other_team.id, "deck": form_file(PDF, "deck.pptx"),
        "save_draft": "Save draft"})

    assert (response.status_code, Page(response).error("deck")) == (422, "The pitch deck must be a PDF file.")


def test_submitting_an_incomplete_entry_marks_each_missing_field(client, login, world):
    login(world.people["other team's member"])

    response = client.post("/e/hai-phong/competitions/talent/enter", data={
        "organisation_id": world.other_team.id, "project_name": "Robot", "problem": "Rác", "submit": "Submit entry"})

    page = Page(response)
    assert response.status_code == 422
    assert page.form_error == ("The entry cannot be submitted yet. Still missing: Track, Solution, What is innovative, "
                               "Target market, Business model, Team, Pitch deck (PDF).")
    assert [page.error(name) for name in ("track_id", "solution", "deck", "problem")] == [
        "Fill this in to submit.", "Fill this in to submit.", "Fill this in to submit.", None]
    assert page.value("project_name") == "Robot"
    assert entry_count() == 1


def test_enter_without_a_startup_team_explains_how(client, login, world):
    login(person())

    page = Page(client.get("/e/hai-phong/competitions/talent/enter"))

    assert page.by_id["cannot-enter"] == ("Competitions are entered by startup teams. Create your startup profile "
                                          "first, or ask your team owner to invite you. Create a startup profile")


def test_enter_after_the_deadline_says_entries_are_closed(client, login, world, clock):
    clock(utc(2026, 12, 1))
    login(world.people["other team's member"])

    response = client.post("/e/hai-phong/competitions/talent/enter", data={
        "organisation_id": world.other_team.id, "project_name": "Robot", "save_draft": "1"})

    assert Page(response).by_id["entries-closed"] == f"Entries closed on Nov 30, 2026, 11:59 PM (GMT+07:00)."
    assert entry_count() == 1


def test_a_team_that_entered_sees_its_entry_instead_of_the_form(client, login, world):
    login(world.owner)

    page = Page(client.get("/e/hai-phong/competitions/talent/enter"))

    assert page.by_id["cannot-enter"] == ("Your teams have already entered this competition: Nông trại thông minh "
                                          "(Nông Trại Xanh) Draft")


def test_posting_someone_elses_team_is_refused(client, login, world):
    login(world.people["other team's member"])

    response = client.post("/e/hai-phong/competitions/talent/enter", data={
        "organisation_id": world.team.id, "project_name": "Không phải của tôi", "save_draft": "1"})

    assert (response.status_code, Page(response).error("organisation_id")) == (422, "Not a valid choice.")
    assert entry_count() == 1


# --- the entry page, editing, submitting, withdrawing ---------------------------------------------

def test_entry_page_shows_status_deadline_and_what_is_missing(client, login, world):
    services.update_entry(world.entry, problem="Sâu bệnh", track_id=world.tracks[0].id)
    login(world.owner)

    page = Page(client.get(f"/entries/{world.entry.id}"))

    assert page.by_id["project-name"] == "Nông trại thông minh"
    assert page.by_id["window"] == (f"Submission window: Nov 1, 2026, 7:00 AM (GMT+07:00) – Nov 30, 2026, "
                                    f"11:59 PM (GMT+07:00)")
    assert page.by_id["entry-actions"] == "Edit Submit entry Withdraw"
    assert "Required parts: Solution What is innovative Target market Business model Team Pitch deck (PDF)" in page.text


def test_edit_then_submit_from_the_form(client, login, world, outbox):
    login(world.owner)

    response = client.post(f"/entries/{world.entry.id}/edit", content_type="multipart/form-data", data={
        **entry_form(track_id=world.tracks[0].id), "deck": form_file(PDF), "submit": "Submit entry"})

    assert (response.status_code, response.location) == (302, f"/entries/{world.entry.id}")
    assert reload(world.entry).status == "submitted"
    assert sorted(m.recipients[0] for m in outbox) == sorted(
        f"{user.name} <{user.email}>" for user in (world.owner, world.member))
    page = Page(client.get(response.location))
    assert page.flashes == ["Your entry has been submitted. Every team member receives a receipt by email."]
    assert page.by_id["entry-actions"] == "Edit Withdraw"


def test_edit_form_of_a_submitted_entry_resubmits(client, login, world, outbox):
    services.update_entry(world.entry, deck=upload(PDF), submit=True, **complete_fields(track_id=world.tracks[0].id))
    login(world.owner)
    form_page = client.get(f"/entries/{world.entry.id}/edit").get_data(as_text=True)
    assert 'value="Save and resubmit"' in form_page and 'name="save_draft"' not in form_page

    client.post(f"/entries/{world.entry.id}/edit", data={**entry_form(track_id=world.tracks[0].id),
                                                         "traction": "1000 hộ", "submit": "Save and resubmit"})

    assert (reload(world.entry).traction, reload(world.entry).status) == ("1000 hộ", "submitted")
    assert len(outbox) == 2


def test_editing_an_entry_with_images_keeps_them_when_none_is_added(client, login, world):
    services.update_entry(world.entry, images=[upload(png_bytes(), "a.png", "image/png")])
    login(world.owner)

    response = client.post(f"/entries/{world.entry.id}/edit", content_type="multipart/form-data", data={
        "project_name": "Nông trại 2", "new_images": (BytesIO(b""), ""), "deck": (BytesIO(b""), ""),
        "save_draft": "Save draft"})

    assert response.status_code == 302
    assert (reload(world.entry).project_name, len(reload(world.entry).images)) == ("Nông trại 2", 1)


def test_a_sixth_image_is_refused_next_to_the_images_field(client, login, world):
    services.update_entry(world.entry, images=[upload(png_bytes(), f"{n}.png", "image/png") for n in range(5)])
    login(world.owner)

    response = client.post(f"/entries/{world.entry.id}/edit", content_type="multipart/form-data", data={
        "project_name": "Nông trại", "problem": "Giữ lại", "new_images": form_file(png_bytes(), "6.png"),
        "save_draft": "Save draft"})

    page = Page(response)
    assert (response.status_code, page.error("new_images"), page.by_id["problem"]) == (
        400, "An entry has at most 5 images: remove one before adding more.", "Giữ lại")
    assert len(reload(world.entry).images) == 5


def test_edit_after_the_deadline_is_refused_with_the_typed_text_kept(client, login, world, clock):
    clock(utc(2026, 12, 1))
    login(world.owner)

    response = client.post(f"/entries/{world.entry.id}/edit", data={"project_name": "Muộn", "problem": "Quá hạn",
                                                                    "save_draft": "1"})

    page = Page(response)
    assert response.status_code == 409
    assert page.form_error == (f"The deadline passed on Nov 30, 2026, 11:59 PM (GMT+07:00): the entry can no "
                               "longer change.")
    assert (page.value("project_name"), page.by_id["problem"]) == ("Muộn", "Quá hạn")
    assert reload(world.entry).project_name == "Nông trại thông minh"


def test_submit_button_refusal_shows_the_entry_page_with_the_reason(client, login, world):
    login(world.owner)

    response = client.post(f"/entries/{world.entry.id}/submit")

    page = Page(response)
    assert response.status_code == 422
    assert page.form_error.startswith("The entry cannot be submitted yet. Still missing: Track, Problem,")


def test_submit_button_submits_a_complete_draft(client, login, world):
    services.update_entry(world.entry, deck=upload(PDF), **complete_fields(track_id=world.tracks[0].id))
    login(world.owner)

    response = client.post(f"/entries/{world.entry.id}/submit")

    assert (response.status_code, reload(world.entry).status) == (302, "submitted")


def test_withdraw_button(client, login, world):
    login(world.owner)

    response = client.post(f"/entries/{world.entry.id}/withdraw")

    assert (response.status_code, reload(world.entry).status) == (302, "withdrawn")
    assert Page(client.get(response.location)).flashes == [
        "Your entry has been withdrawn. You can submit it again until the deadline."]


def test_remove_an_image(client, login, world):
    services.update_entry(world.entry, images=[upload(png_bytes(), "a.png", "image/png")])
    image = reload(world.entry).images[0]
    login(world.owner)

    response = client.post(f"/entries/{world.entry.id}/images/{image.id}/delete")

    assert (response.status_code, reload(world.entry).images) == (302, [])


def test_an_image_of_another_entry_is_404(client, login, world):
    other = services.create_entry(world.competition, world.other_team, created_by=world.people["other team's member"],
                                  project_name="Robot", images=[upload(png_bytes(), "a.png", "image/png")])
    image_id = reload(other).images[0].id
    login(world.owner)

    assert client.post(f"/entries/{world.entry.id}/images/{image_id}/delete").status_code == 404
    assert client.get(f"/entries/{world.entry.id}/images/{image_id}").status_code == 404


def test_my_entries_lists_the_entries_of_my_teams(client, login, world):
    login(world.owner)

    page = Page(client.get("/me/entries"))

    assert page.by_id["entries"] == ("Nông trại thông minh Draft Nông Trại Xanh · Startup talent search · "
                                     "Techfest Haiphong 2026")


# --- files ----------------------------------------------------------------------------------------

def test_the_deck_is_served_inline_as_a_pdf(client, login, world):
    services.update_entry(world.entry, deck=upload(PDF))
    login(world.owner)

    response = client.get(f"/entries/{world.entry.id}/deck")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"] == f"inline; filename=entry-{world.entry.id}-deck.pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.data == PDF


def test_an_entry_without_a_deck_answers_404(client, login, world):
    login(world.owner)

    assert client.get(f"/entries/{world.entry.id}/deck").status_code == 404


def test_an_image_is_served_as_png(client, login, world):
    services.update_entry(world.entry, images=[upload(png_bytes(), "a.png", "image/png")])
    image = reload(world.entry).images[0]
    login(world.people["assigned judge"])

    response = client.get(f"/entries/{world.entry.id}/images/{image.id}")

    assert (response.status_code, response.headers["Content-Type"]) == (200, "image/png")
    assert response.data.startswith(b"\x89PNG")


# --- later rounds ---------------------------------------------------------------------------------

@pytest.fixture
def finalist(world):
    services.update_entry(world.entry, deck=upload(PDF), submit=True, **complete_fields(track_id=world.tracks[0].id))
    entry = reload(world.entry)
    entry.participations.append(RoundEntry(round_id=world.final.id))
    db.session.commit()
    return SimpleNamespace(entry=entry, round=world.final)


def test_an_advancing_team_sees_the_material_request(client, login, world, finalist):
    login(world.owner)

    page = Page(client.get(f"/entries/{world.entry.id}"))

    assert page.by_id[f"round-{world.final.id}"] == "You advanced to: Final pitch"
    assert "Send your updated deck with this year's revenue." in page.text
    assert f"Deadline: until Dec 8, 2026, 11:59 PM (GMT+07:00)" in page.text


def test_an_advancing_team_uploads_its_updated_deck(client, login, world, finalist):
    login(world.owner)
    url = f"/entries/{world.entry.id}/rounds/{world.final.id}/material"
    assert Page(client.get(url)).by_id["material-request"] == "Send your updated deck with this year's revenue."

    response = client.post(url, content_type="multipart/form-data", data={"deck": form_file(PDF + b" "),
                                                                         "note": "Doanh thu 2026"})

    assert (response.status_code, response.location) == (302, f"/entries/{world.entry.id}")
    deck = client.get(f"/entries/{world.entry.id}/rounds/{world.final.id}/deck")
    assert (deck.status_code, deck.headers["Content-Type"], deck.data) == (200, "application/pdf", PDF + b" ")


def test_an_updated_deck_that_is_not_a_pdf_is_refused_next_to_the_field(client, login, world, finalist):
    login(world.owner)

    response = client.post(f"/entries/{world.entry.id}/rounds/{world.final.id}/material",
                           content_type="multipart/form-data",
                           data={"deck": form_file(png_bytes(), "deck.pdf"), "note": "Bản mới"})

    page = Page(response)
    assert (response.status_code, page.error("deck"), page.by_id["note"]) == (
        400, "The pitch deck must be a PDF file. Export your slides as PDF and upload that file.", "Bản mới")


def test_an_updated_deck_after_the_rounds_deadline_is_refused(client, login, world, finalist, clock):
    clock(utc(2026, 12, 9))
    login(world.owner)

    response = client.post(f"/entries/{world.entry.id}/rounds/{world.final.id}/material",
                           content_type="multipart/form-data", data={"deck": form_file(PDF)})

    assert (response.status_code, Page(response).form_error) == (
        409, f"The deadline passed on Dec 8, 2026, 11:59 PM (GMT+07:00): the entry can no longer change.")


def test_material_page_of_a_round_the_entry_is_not_in_is_404(client, login, world):
    login(world.owner)

    assert client.get(f"/entries/{world.entry.id}/rounds/{world.final.id}/material").status_code == 404
