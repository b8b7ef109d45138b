"""core.permissions: every route declares who may use it."""
import pytest
from werkzeug.exceptions import Forbidden

from app.core.permissions import access_of, require


def endpoints(app) -> list[str]:
    return sorted({rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint != "static"})


def test_every_endpoint_declares_its_access(app):
    undeclared = [endpoint for endpoint in endpoints(app) if access_of(app, endpoint) is None]
    assert undeclared == []


@pytest.mark.parametrize(("endpoint", "label"), [
    ("core.index", "public"),
    ("core.set_language", "public"),
    ("core.health", "public"),
    ("accounts.signup", "public"),
    ("accounts.login", "public"),
    ("accounts.confirm_email", "public"),
    ("accounts.reset_password", "public"),
    ("accounts.profile", "signed in"),
    ("accounts.change_password", "signed in"),
    ("accounts_admin.users", "platform administrator"),
    ("accounts_admin.user", "platform administrator"),
    ("accounts_admin.grant_role", "platform administrator"),
    ("accounts_admin.revoke_role", "platform administrator"),
    ("accounts_admin.set_active", "platform administrator"),
    ("outbox_admin.messages", "platform administrator"),
    ("outbox_admin.resend", "platform administrator"),
])
def test_access_of_known_endpoints(app, endpoint, label):
    assert access_of(app, endpoint) == label


def test_access_of_undecorated_view_is_none(app):
    app.view_functions["tests.undeclared"] = lambda: "nobody said who may see this"
    try:
        assert access_of(app, "tests.undeclared") is None
    finally:
        del app.view_functions["tests.undeclared"]


def test_require_passes_when_allowed():
    assert require(True) is None


def test_require_refuses_with_403():
    with pytest.raises(Forbidden):
        require(False)
