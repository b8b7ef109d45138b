"""Permission truth table: who may open the back office and the profile page."""
import pytest

from app.accounts.models import Role
from app.extensions import db
from tests.core.pages import Page
from tests.factories import make_user

pytestmark = pytest.mark.usefixtures("fresh_request_globals")

ROLES_OF = {
    "anonymous": None,
    "visitor": (),
    "judge": (Role.JUDGE,),
    "organiser": (Role.ORGANISER,),
    "exhibitor": (Role.EXHIBITOR,),
    "admin": (Role.ADMIN,),
}

LOGIN = "/account/login?next="
PAGES = ("/admin/users/", "/admin/users/<id>", "/admin/outbox/", "/account/profile")

# who -> expected outcome for each page, in the order of PAGES
TRUTH_TABLE = {
    "anonymous": ("login", "login", "login", "login"),
    "visitor": (403, 403, 403, 200),
    "judge": (403, 403, 403, 200),
    "organiser": (403, 403, 403, 200),
    "exhibitor": (403, 403, 403, 200),
    "admin": (200, 200, 200, 200),
}

TITLE_OF = {
    "/admin/users/": "Users",
    "/admin/users/<id>": "Trần Văn Bình",
    "/admin/outbox/": "Outbox",
    "/account/profile": "My profile",
    403: "You do not have access to this page",
}

CASES = [(who, page, outcome) for who, outcomes in TRUTH_TABLE.items() for page, outcome in zip(PAGES, outcomes)]


@pytest.mark.parametrize(("who", "page", "expected"), CASES, ids=[f"{w}-{p}" for w, p, _ in CASES])
def test_access_truth_table(client, login, who, page, expected):
    target = make_user(name="Trần Văn Bình")
    if ROLES_OF[who] is not None:
        login(make_user(roles=ROLES_OF[who], locale="en"))
    path = page.replace("<id>", str(target.id))
    response = client.get(path)
    if expected == "login":
        assert (response.status_code, response.headers["Location"]) == (302, LOGIN + path)
    else:
        title = TITLE_OF[page if expected == 200 else expected]
        assert (response.status_code, Page(response).title) == (expected, f"{title} · Techfest Việt Nam")


@pytest.mark.parametrize("action", ["roles", "roles/judge/revoke", "active"])
def test_back_office_actions_refused_to_organiser(client, login, action):
    target = make_user(roles=(Role.JUDGE,))
    login(make_user(roles=(Role.ORGANISER,)))
    response = client.post(f"/admin/users/{target.id}/{action}", data={"role": "admin", "active": "0"})
    assert response.status_code == 403
    db.session.expire_all()
    assert (sorted(target.role_names), target.active) == (["judge"], True)


@pytest.mark.parametrize("action", ["roles", "roles/judge/revoke", "active"])
def test_back_office_actions_send_anonymous_to_sign_in(client, action):
    target = make_user(roles=(Role.JUDGE,))
    response = client.post(f"/admin/users/{target.id}/{action}", data={"role": "admin", "active": "0"})
    assert (response.status_code, response.headers["Location"]) == (
        302, f"{LOGIN}/admin/users/{target.id}/{action}")
    db.session.expire_all()
    assert (sorted(target.role_names), target.active) == (["judge"], True)
