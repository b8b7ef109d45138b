"""Steps a person takes in the browser, shared by the journeys.

Elements are found by what does not change with the language (field ids, link targets,
form actions), so the journeys hold in Vietnamese and in English while the catalogues evolve.
"""
from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import Page, expect

from app.extensions import db

from tests.factories import PASSWORD  # the same password for accounts made in the browser and by factories


def submit(page: Page, form: str = "#main form") -> None:
    page.locator(form).locator("[type=submit]").click()


def fill_sign_up(page: Page, *, name: str, email: str | None = None, password: str = PASSWORD) -> None:
    """On the sign-up page: fill the form (keeping a prefilled email when none is given) and send it."""
    page.locator("#name").fill(name)
    if email is not None:
        page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("#password_again").fill(password)
    submit(page)


def fill_sign_in(page: Page, *, email: str | None = None, password: str = PASSWORD) -> None:
    """On the sign-in page: fill the form (keeping a prefilled email when none is given) and send it."""
    if email is not None:
        page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    submit(page)


def expect_signed_in_as(page: Page, name: str) -> None:
    expect(page.locator("#main-nav .dropdown-toggle")).to_have_text(name)


def sign_in(page: Page, person, *, go: bool = False) -> None:
    """Type ``person``'s email and the shared password on the sign-in page (opening it first if ``go``)."""
    if go:
        page.goto("/account/login")
    page.locator("#email").fill(person.email)
    fill_sign_in(page)
    expect_signed_in_as(page, person.name)


@dataclass(frozen=True)
class Person:
    """What a journey needs of an account, read once (no ORM object kept across the server's writes)."""

    id: int
    name: str
    email: str


def person(user) -> Person:
    """Read ``user`` into a :class:`Person` and end the test's transaction, so the server sees fresh data."""
    found = Person(user.id, user.name, user.email)
    db.session.rollback()
    return found
