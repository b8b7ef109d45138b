"""Awards: recorded by organisers, shown on the competition's public page with the advancing entries."""
import pytest
from flask import render_template_string
from flask_babel import force_locale

from app.competitions.models import Award, Track
from app.extensions import db
from app.results import services
from tests.factories import make_competition, make_edition, make_entry, make_village
from tests.results.helpers import page_text


def english(error) -> str:
    with force_locale("en"):
        return str(error)


def awards_url(example, suffix="awards"):
    return f"/manage/e/{example.edition.slug}/competitions/{example.competition.slug}/{suffix}"


def award_fields(example, **changes):
    fields = dict(title_vi="Giải Nhất", title_en="First prize", entry_id=example.entries["E2"].id, track_id=None,
                  village_id=None, position=1)
    return {**fields, **changes}


def test_create_award_with_track_and_village(example):
    track = Track(competition=example.competition, name_vi="Nông nghiệp", name_en="Agritech")
    db.session.add(track)
    db.session.commit()
    village = make_village(example.edition)

    award = services.create_award(example.competition, **award_fields(
        example, title_vi=" Giải Làng Nông nghiệp ", title_en="Agritech village prize", track_id=track.id,
        village_id=village.id, position=4))

    db.session.expire_all()
    assert (award.title_vi, award.title_en, award.entry_id, award.track_id, award.village_id, award.position) == (
        "Giải Làng Nông nghiệp", "Agritech village prize", example.entries["E2"].id, track.id, village.id, 4)


@pytest.mark.parametrize(("change", "field", "message"), [
    ("foreign_entry", "entry_id", "Choose an entry of this competition."),
    ("foreign_track", "track_id", "Choose a track of this competition."),
    ("foreign_village", "village_id", "Choose a village of this edition."),
])
def test_award_refusals(example, change, field, message):
    other = make_competition(make_edition())
    foreign = {
        "foreign_entry": {"entry_id": make_entry(other).id},
        "foreign_track": {"track_id": _track(other).id},
        "foreign_village": {"village_id": make_village(other.edition).id},
    }[change]

    with pytest.raises(services.ResultsError) as refused:
        services.create_award(example.competition, **award_fields(example, **foreign))

    assert (refused.value.field, english(refused.value)) == (field, message)
    db.session.rollback()
    assert db.session.query(Award).count() == 0


def _track(competition):
    track = Track(competition=competition, name_vi="Ý tưởng", name_en="Idea")
    db.session.add(track)
    db.session.commit()
    return track


def test_update_and_delete_award(example):
    award = services.create_award(example.competition, **award_fields(example))

    services.update_award(award, **award_fields(example, title_en="Grand prize", entry_id=example.entries["E1"].id))
    assert (award.title_en, award.entry_id) == ("Grand prize", example.entries["E1"].id)
    services.delete_award(award)
    assert db.session.query(Award).count() == 0


# --- organiser pages ------------------------------------------------------------------------------

def test_awards_page_records_an_award(client, login, example):
    login(example.organiser)

    response = client.post(awards_url(example), data={
        "title_vi": "Giải Nhì", "title_en": "Second prize", "entry_id": str(example.entries["E1"].id),
        "track_id": "", "village_id": "", "position": "2"})

    assert response.status_code == 302
    award = db.session.query(Award).one()
    assert (award.title_vi, award.entry_id, award.position, award.track_id) == (
        "Giải Nhì", example.entries["E1"].id, 2, None)
    page = client.get(awards_url(example))
    assert "Second prize Cảng Thông Minh Công ty Cảng Thông Minh" in page_text(page)


def test_awards_form_errors_keep_the_input(client, login, example):
    login(example.organiser)

    response = client.post(awards_url(example), data={
        "title_vi": "Giải Ba", "title_en": "", "entry_id": "", "position": "0"})

    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert '<div id="title_en-error" class="invalid-feedback d-block">This field is required.</div>' in body
    assert '<div id="entry_id-error" class="invalid-feedback d-block">This field is required.</div>' in body
    assert '<div id="position-error" class="invalid-feedback d-block">Enter a number between 1 and 999.</div>' in body
    assert 'value="Giải Ba"' in body


def test_award_for_a_withdrawn_entry_is_not_offered(client, login, example):
    example.entries["E3"].status = "withdrawn"
    db.session.commit()
    login(example.organiser)

    response = client.post(awards_url(example), data={
        "title_vi": "Giải Ba", "title_en": "Third prize", "entry_id": str(example.entries["E3"].id), "position": "3"})

    assert response.status_code == 422
    assert '<div id="entry_id-error" class="invalid-feedback d-block">Not a valid choice.</div>' in (
        response.get_data(as_text=True))


def test_edit_and_delete_award_pages(client, login, example):
    award = services.create_award(example.competition, **award_fields(example))
    login(example.organiser)

    assert client.get(awards_url(example, f"awards/{award.id}/edit")).status_code == 200
    response = client.post(awards_url(example, f"awards/{award.id}/edit"), data={
        "title_vi": "Giải Nhất", "title_en": "Grand prize", "entry_id": str(example.entries["E2"].id),
        "position": "1"})
    assert response.status_code == 302
    db.session.refresh(award)
    assert award.title_en == "Grand prize"
    assert client.post(awards_url(example, f"awards/{award.id}/delete")).status_code == 302
    assert db.session.query(Award).count() == 0


def test_award_of_another_competition_is_404(client, login, example):
    other = make_competition(example.edition)
    award = services.create_award(other, **award_fields(example, entry_id=make_entry(other).id))
    login(example.organiser)

    assert client.get(awards_url(example, f"awards/{award.id}/edit")).status_code == 404
    assert client.post(awards_url(example, f"awards/{award.id}/delete")).status_code == 404


# --- the public partial ------------------------------------------------------------------------------

def render_partial(app, competition, locale="en"):
    with app.test_request_context("/"):
        with force_locale(locale):
            return " ".join(render_template_string('{% include "results/_public_results.html" %}',
                                                   competition=competition).split())


def test_partial_is_empty_before_any_result(app, example):
    assert render_partial(app, example.competition) == ""  # the final has no finalist yet: no live link


def test_partial_hides_decisions_until_published(app, example):
    services.advance_top(example.round, count=2, per_track=False)

    html = render_partial(app, example.competition)

    assert "Cảng Thông Minh" not in html
    assert "Live leaderboard: Grand final" in html


def test_partial_shows_awards_and_advancing_entries(app, example):
    services.advance_top(example.round, count=2, per_track=False)
    services.publish_results(example.round)
    track = _track(example.competition)
    services.create_award(example.competition, **award_fields(example, track_id=track.id))
    services.create_award(example.competition, **award_fields(example, title_en="Second prize",
                                                              entry_id=example.entries["E1"].id, position=2))

    html = render_partial(app, example.competition)

    text = " ".join(__import__("re").sub(r"<[^>]+>", " ", html).split())
    assert ("Awards First prize · Idea Nông Sản Xanh — Công ty Nông Sản Xanh "
            "Second prize Cảng Thông Minh — Công ty Cảng Thông Minh") in text
    assert ("Online screening 2 entries advance to Grand final: Cảng Thông Minh — Công ty Cảng Thông Minh "
            "Nông Sản Xanh — Công ty Nông Sản Xanh") in text
    assert "Học Vui" not in text


def test_partial_in_vietnamese(app, example):
    services.create_award(example.competition, **award_fields(example))

    assert "Giải Nhất" in render_partial(app, example.competition, locale="vi")


def test_partial_queries_do_not_grow(app, example, count_queries):
    services.advance_top(example.round, count=2, per_track=False)
    services.publish_results(example.round)

    def statements():
        db.session.expire_all()
        from app.competitions.models import Competition

        competition = db.session.get(Competition, example.competition.id)
        with count_queries() as counter:
            render_partial(app, competition)
        return counter["n"]

    small = statements()
    for number in range(6):
        services.create_award(example.competition, **award_fields(
            example, title_en=f"Prize {number}", entry_id=example.entries["E3"].id, position=number + 3,
            track_id=_track(example.competition).id, village_id=make_village(example.edition).id))

    assert statements() == small


def test_public_competition_page_includes_the_results(client, example):
    services.create_award(example.competition, **award_fields(example))

    response = client.get(f"/e/{example.edition.slug}/competitions/{example.competition.slug}/")

    assert response.status_code == 200
    assert "Giải Nhất Nông Sản Xanh — Công ty Nông Sản Xanh" in page_text(response)  # Vietnamese by default
