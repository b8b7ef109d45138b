"""Error pages, the JSON error answer, CSRF refusals and the health check."""
import re

import pytest

from app.accounts.models import User
from app.core.errors import DomainError
from app.extensions import db
from tests.core.apps import another_app
from tests.core.pages import Page
from tests.factories import PASSWORD, make_user


@pytest.fixture
def english(client):
    client.set_cookie("techfest_locale", "en")


def test_404_page(client, english):
    response = client.get("/no/such/page")
    page = Page(response)
    assert (response.status_code, page.title) == (404, "Page not found · Techfest Việt Nam")
    assert "404 Page not found The page you asked for does not exist or has moved. Back to the home page" in page.text


def test_404_as_json_for_api_clients(client, english):
    response = client.get("/no/such/page", headers={"Accept": "application/json"})
    assert (response.status_code, response.get_json()) == (
        404, {"error": "Page not found", "message": "The page you asked for does not exist or has moved."})


def test_405_page(client, english):
    response = client.get("/account/logout")
    assert (response.status_code, Page(response).title) == (405, "Method not allowed · Techfest Việt Nam")


def test_domain_error_message_and_status(app):
    error = DomainError("Room %(room)s is full.", room="A1")
    assert (str(error), error.status_code, error.params) == ("Room A1 is full.", 400, {"room": "A1"})


def test_unexpected_error_is_500_page_and_saves_nothing(app):
    with another_app(app) as second:
        def explode():
            db.session.add(User(email="half@example.vn", name="Half Done", password="x"))
            db.session.flush()
            raise RuntimeError("bug")

        second.add_url_rule("/explode", "explode", explode)
        client = second.test_client()
        client.set_cookie("techfest_locale", "en")
        response = client.get("/explode")
    page = Page(response)
    assert (response.status_code, page.title) == (500, "Something went wrong · Techfest Việt Nam")
    assert "An unexpected error happened." in page.text
    assert db.session.query(User).count() == 0


def test_health_check(client):
    response = client.get("/healthz")
    assert (response.status_code, response.get_json()) == (200, {"status": "ok"})


# -- CSRF --------------------------------------------------------------------------------------

@pytest.fixture
def csrf_client(app):
    with another_app(app, WTF_CSRF_ENABLED=True) as protected:
        client = protected.test_client()
        client.set_cookie("techfest_locale", "en")
        yield client


def csrf_token(response) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', response.get_data(as_text=True)).group(1)


def test_post_without_csrf_token_is_refused_with_translated_400(csrf_client):
    make_user(email="lan@example.vn")
    response = csrf_client.post("/account/login", data={"email": "lan@example.vn", "password": PASSWORD})
    page = Page(response)
    assert (response.status_code, page.title) == (400, "Bad request · Techfest Việt Nam")
    assert "The form expired or was sent from another site. Reload the page and try again." in page.text
    with csrf_client.session_transaction() as session:
        assert session.get("_user_id") is None


def test_post_with_wrong_csrf_token_is_refused(csrf_client):
    csrf_client.get("/account/login")
    response = csrf_client.post("/account/login", data={"csrf_token": "forged", "email": "a@b.vn", "password": "x"})
    assert response.status_code == 400


def test_post_with_csrf_token_from_the_form_is_accepted(csrf_client):
    user = make_user(email="lan@example.vn")
    token = csrf_token(csrf_client.get("/account/login"))
    response = csrf_client.post("/account/login", data={"csrf_token": token, "email": "lan@example.vn",
                                                         "password": PASSWORD})
    assert (response.status_code, response.headers["Location"]) == (302, "/")
    with csrf_client.session_transaction() as session:
        assert session["_user_id"] == str(user.id)


def test_language_switch_needs_csrf_token(csrf_client):
    response = csrf_client.post("/language", data={"language": "vi", "next": "/"})
    assert (response.status_code, csrf_client.get_cookie("techfest_locale").value) == (400, "en")


def test_domain_error_names_the_field_it_is_about():
    from app.core.errors import Conflict, DomainError

    refused = Conflict("Booth %(code)s was just taken.", field="booth_id", code="A-12")
    assert (refused.field, str(refused), refused.status_code) == ("booth_id", "Booth A-12 was just taken.", 409)
    assert DomainError("Something is wrong.").field is None
