"""core.urls: where a ``next`` link may lead, and absolute links for mail."""
import pytest

from app.core.urls import external_url, safe_next_url


@pytest.mark.parametrize("target", ["/", "/teams/mine", "/teams/?q=xanh&page=2", "/account/profile#roles"])
def test_safe_next_url_keeps_paths_on_this_site(target):
    assert safe_next_url(target) == target


@pytest.mark.parametrize("target", [
    "https://evil.example/", "http://evil.example", "//evil.example/path", "///evil.example",
    "evil.example", "teams/mine", "javascript:alert(1)", "data:text/html,hi",
    "/\\evil.example", "\\\\evil.example", "/\\/evil.example", "/\t/evil.example", "/\n/evil.example",
])
def test_safe_next_url_refuses_other_hosts_and_schemes(target):
    assert safe_next_url(target) is None


@pytest.mark.parametrize("target", [None, ""])
def test_safe_next_url_of_nothing_is_none(target):
    assert safe_next_url(target) is None


def test_external_url_outside_request_uses_base_url(app, monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", "https://techfest.example.vn")
    assert external_url("accounts.login", email="lan@example.vn") == \
        "https://techfest.example.vn/account/login?email=lan@example.vn"


def test_external_url_inside_request_uses_request_host(app):
    with app.test_request_context(base_url="https://dang-ky.techfest.vn"):
        assert external_url("accounts.signup") == "https://dang-ky.techfest.vn/account/signup"
