"""A founder signs up, creates a startup and brings a co-founder who had no account into the team."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.accounts.models import User
from app.extensions import db
from app.teams.models import Organisation, Province
from app.teams.provinces import ensure_provinces
from tests.browser.steps import expect_signed_in_as, fill_sign_in, fill_sign_up, submit
from tests.factories import make_organisation, make_user

pytestmark = pytest.mark.browser

OWNER = ("Nguyễn Thị Hồng Nhung", "nhung.nguyen@example.vn")
MEMBER = ("Trần Đức Lợi", "loi.tran@example.vn")
STARTUP = "Khởi nghiệp Sen Vàng"
PITCH = "Kết nối nông dân Đồng Tháp với chuỗi cung ứng sạch"
DESCRIPTION = ("Sen Vàng giúp hợp tác xã ghi nhật ký canh tác trên điện thoại và bán sen, lúa, "
               "xoài có truy xuất nguồn gốc cho siêu thị và bếp ăn trường học.")


def test_journey_founder_creates_startup_and_invited_person_joins(new_context, emailed_link, screenshot):
    ensure_provinces()
    owner = new_context().new_page()

    # The founder signs up, confirms the address from the mail and signs in.
    owner.goto("/")
    owner.locator('#main-nav a[href="/account/signup"]').click()
    fill_sign_up(owner, name=OWNER[0], email=OWNER[1])
    expect(owner.locator("#main")).to_contain_text(OWNER[1])
    owner.goto(emailed_link(OWNER[1], "/account/confirm/"))
    expect(owner.locator("#email")).to_have_value(OWNER[1])
    fill_sign_in(owner)
    expect_signed_in_as(owner, OWNER[0])

    # ... creates the startup's profile ...
    owner.locator('#main-nav a[href="/teams/mine"]').click()
    owner.locator('#main a[href="/teams/new"]').click()
    owner.locator("#name").fill(STARTUP)
    owner.locator("#province_id").select_option(label="Đà Nẵng")
    owner.locator("#pitch_vi").fill(PITCH)
    submit(owner)
    expect(owner.locator("#main h1")).to_have_text(STARTUP)
    expect(owner.locator("#main")).to_contain_text("Đà Nẵng")
    expect(owner.locator("#main .lead")).to_have_text(PITCH)
    team_url = owner.url

    # ... and invites a co-founder by email.
    invite_form = '#main form[action$="/invitations"]'
    owner.locator(invite_form).locator("#email").fill(MEMBER[1])
    submit(owner, invite_form)
    expect(owner.locator("#main")).to_contain_text(MEMBER[1])

    # The co-founder, who has no account, opens the invitation from the mail ...
    member = new_context().new_page()
    invitation_url = emailed_link(MEMBER[1], "/teams/join/")
    member.goto(invitation_url)
    expect(member.locator("#main h1")).to_contain_text(STARTUP)
    member.locator('#main a[href^="/account/signup"]').click()

    # ... creates an account there (the address is filled in), confirms it and signs in ...
    expect(member.locator("#email")).to_have_value(MEMBER[1])
    fill_sign_up(member, name=MEMBER[0])
    expect(member.locator("#main")).to_contain_text(MEMBER[1])
    member.goto(emailed_link(MEMBER[1], "/account/confirm/"))
    expect(member.locator("#email")).to_have_value(MEMBER[1])
    fill_sign_in(member)

    # ... lands back on the invitation, and joins.
    expect(member).to_have_url(invitation_url)
    expect_signed_in_as(member, MEMBER[0])
    member.locator('#main form[action*="/teams/join/"]').locator("[type=submit]").click()
    expect(member).to_have_url(team_url)

    # The owner's team page lists the new member.
    owner.reload()
    team = owner.locator("#main .list-group-item")
    expect(team).to_have_count(2)
    expect(team.filter(has_text=OWNER[0])).to_contain_text(OWNER[1])
    expect(team.filter(has_text=MEMBER[0])).to_contain_text(MEMBER[1])
    screenshot(owner, "team-page")

    organisation = db.session.scalar(select(Organisation).where(Organisation.name == STARTUP))
    roster = sorted((m.user.name, m.user.email, m.role) for m in organisation.memberships)
    assert (organisation.province.code, organisation.pitch_vi) == ("da-nang", PITCH)
    assert roster == [(OWNER[0], OWNER[1], "owner"), (MEMBER[0], MEMBER[1], "member")]
    db.session.rollback()


def test_journey_public_profile_hides_the_team(new_context, screenshot):
    ensure_provinces()
    founder, province = _founded_startup()
    visitor = new_context().new_page()

    visitor.goto("/teams/")
    visitor.locator("#main").get_by_role("link", name=STARTUP).click()

    expect(visitor.locator("#main h1")).to_have_text(STARTUP)
    expect(visitor.locator("#main .lead")).to_have_text(PITCH)
    expect(visitor.locator("#main")).to_contain_text(province)
    expect(visitor.locator("#main")).to_contain_text(DESCRIPTION)
    expect(visitor.locator("#main")).not_to_contain_text(founder.email)
    expect(visitor).to_have_url(re.compile(r"/teams/\d+$"))
    screenshot(visitor, "startup-profile")


def _founded_startup() -> tuple[User, str]:
    founder = make_user(name=OWNER[0], email=OWNER[1])
    da_nang = db.session.scalar(select(Province).where(Province.code == "da-nang"))
    make_organisation(founder, name=STARTUP, province_id=da_nang.id, pitch_vi=PITCH, sector="agritech",
                      stage="mvp", founded_year=2024, website="https://senvang.example.vn",
                      description_vi=DESCRIPTION)
    return founder, da_nang.name_vi
