"""Organisation profiles, logos, team membership and the directory query."""
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from app.core.errors import DomainError, NotAllowed
from app.core.uploads import InvalidUpload
from app.extensions import db
from app.teams import services
from app.teams.models import Membership, Organisation
from tests.factories import make_organisation, make_province, make_user
from tests.teams.helpers import english, image_bytes, upload


def roles_of(organisation: Organisation) -> list[tuple[int, str]]:
    rows = db.session.execute(
        select(Membership.user_id, Membership.role)
        .where(Membership.organisation_id == organisation.id).order_by(Membership.id)
    )
    return [tuple(row) for row in rows]


def stored_file(app, relative_path: str) -> Path:
    return Path(app.config["UPLOAD_FOLDER"]) / relative_path


# --- create_organisation / update_organisation ---------------------------------------------

def test_create_organisation_makes_creator_the_owner(frozen_time):
    owner = make_user()
    province = make_province()

    organisation = services.create_organisation(
        owner, name="  Nông   Sản Xanh ", kind="startup", sector="agritech", stage="mvp",
        country_code="vn", province_id=province.id, founded_year=2021, website=" https://nongsan.vn ",
        pitch_vi="Rau sạch", pitch_en="", description_vi=None, description_en=None,
    )

    db.session.expire_all()
    assert (organisation.name, organisation.name_folded) == ("Nông Sản Xanh", "nong san xanh")
    assert (organisation.kind, organisation.sector, organisation.stage) == ("startup", "agritech", "mvp")
    assert (organisation.country_code, organisation.province_id) == ("VN", province.id)
    assert (organisation.founded_year, organisation.website) == (2021, "https://nongsan.vn")
    assert (organisation.pitch_vi, organisation.pitch_en) == ("Rau sạch", None)
    assert organisation.logo_path is None
    assert organisation.created_at == frozen_time.start
    assert roles_of(organisation) == [(owner.id, "owner")]
    assert organisation.owner == owner


def test_create_organisation_abroad_clears_province():
    province = make_province()

    organisation = services.create_organisation(make_user(), name="Bangkok Labs", country_code="th",
                                                province_id=province.id)

    assert (organisation.country_code, organisation.province_id) == ("TH", None)


def test_create_organisation_without_country_defaults_to_viet_nam():
    organisation = services.create_organisation(make_user(), name="Cà Phê Đà Lạt")

    assert (organisation.kind, organisation.country_code, organisation.province_id) == ("startup", "VN", None)


def test_create_organisation_with_unknown_province_is_refused():
    with pytest.raises(DomainError) as refusal:
        services.create_organisation(make_user(), name="Nông Sản Xanh", country_code="VN", province_id=9999)

    assert english(refusal.value) == "Choose a province from the list."
    assert db.session.scalars(select(Organisation)).all() == []


def test_update_organisation_changes_profile_and_keeps_team():
    owner, member = make_user(), make_user()
    hai_phong = make_province()
    organisation = make_organisation(owner, name="Nông Sản Xanh", members=(member,), province_id=hai_phong.id)

    services.update_organisation(organisation, name="Nông Sản Sạch", kind="company", country_code="JP",
                                 province_id=hai_phong.id, website="", founded_year=2019)

    db.session.expire_all()
    assert (organisation.name, organisation.name_folded, organisation.kind) == (
        "Nông Sản Sạch", "nong san sach", "company")
    assert (organisation.country_code, organisation.province_id) == ("JP", None)
    assert (organisation.website, organisation.founded_year) == (None, 2019)
    assert roles_of(organisation) == [(owner.id, "owner"), (member.id, "member")]


def test_update_organisation_leaves_fields_not_given_alone():
    organisation = make_organisation(name="Nông Sản Xanh", sector="agritech", pitch_en="Clean greens")

    services.update_organisation(organisation, name="Nông Sản Xanh", stage="idea")

    db.session.expire_all()
    assert (organisation.sector, organisation.stage, organisation.pitch_en) == ("agritech", "idea", "Clean greens")


# --- logos ------------------------------------------------------------------------------------

def test_create_organisation_stores_logo_as_png_at_most_512_pixels(app):
    organisation = services.create_organisation(
        make_user(), name="Nông Sản Xanh", logo=upload(image_bytes(1024, 600, kind="JPEG"), "logo.jpg", "image/jpeg"),
    )

    assert organisation.logo_path.startswith("logos/") and organisation.logo_path.endswith(".png")
    with Image.open(stored_file(app, organisation.logo_path)) as stored:
        assert (stored.format, stored.size, stored.mode) == ("PNG", (512, 300), "RGBA")


def test_create_organisation_resizes_large_png_logo_and_drops_hidden_data(app):
    data = image_bytes(2000, 1000) + b"<?php system($_GET['c']); ?>"

    organisation = services.create_organisation(make_user(), name="Nông Sản Xanh", logo=upload(data))

    stored = stored_file(app, organisation.logo_path).read_bytes()
    assert b"<?php" not in stored
    with Image.open(stored_file(app, organisation.logo_path)) as image:
        assert (image.format, image.size) == ("PNG", (512, 256))


def test_create_organisation_keeps_small_logo_size(app):
    organisation = services.create_organisation(make_user(), name="Nông Sản Xanh", logo=upload(image_bytes(40, 30)))

    with Image.open(stored_file(app, organisation.logo_path)) as stored:
        assert (stored.format, stored.size) == ("PNG", (40, 30))


def test_create_organisation_refuses_logo_that_is_not_an_image(app):
    with pytest.raises(InvalidUpload) as refusal:
        services.create_organisation(make_user(), name="Nông Sản Xanh",
                                     logo=upload(b"%PDF-1.7 not an image at all", "logo.png"))

    assert english(refusal.value) == "The file is not a valid image."
    assert refusal.value.status_code == 400
    assert db.session.scalars(select(Organisation)).all() == []


def test_create_organisation_refuses_logo_larger_than_limit(app):
    too_big = image_bytes() + b"\0" * app.config["LOGO_MAX_BYTES"]

    with pytest.raises(InvalidUpload) as refusal:
        services.create_organisation(make_user(), name="Nông Sản Xanh", logo=upload(too_big))

    assert english(refusal.value) == "The file is larger than 2.0 MB."
    assert db.session.scalars(select(Organisation)).all() == []


def test_create_organisation_accepts_logo_of_exactly_the_limit(app, monkeypatch):
    data = image_bytes()
    monkeypatch.setitem(app.config, "LOGO_MAX_BYTES", len(data))

    organisation = services.create_organisation(make_user(), name="Nông Sản Xanh", logo=upload(data))

    assert stored_file(app, organisation.logo_path).is_file()


def test_create_organisation_refuses_empty_logo_file():
    with pytest.raises(InvalidUpload) as refusal:
        services.create_organisation(make_user(), name="Nông Sản Xanh", logo=upload(b""))

    assert english(refusal.value) == "The file is empty."


def test_update_organisation_new_logo_deletes_old_file(app):
    organisation = services.create_organisation(make_user(), name="Nông Sản Xanh", logo=upload(image_bytes()))
    old_path = organisation.logo_path

    services.update_organisation(organisation, name="Nông Sản Xanh", logo=upload(image_bytes(80, 80)))

    assert organisation.logo_path != old_path
    assert stored_file(app, old_path).exists() is False
    assert stored_file(app, organisation.logo_path).is_file()


def test_update_organisation_remove_logo_deletes_file(app):
    organisation = services.create_organisation(make_user(), name="Nông Sản Xanh", logo=upload(image_bytes()))
    old_path = organisation.logo_path

    services.update_organisation(organisation, name="Nông Sản Xanh", remove_logo=True)

    db.session.expire_all()
    assert organisation.logo_path is None
    assert stored_file(app, old_path).exists() is False


def test_update_organisation_without_new_logo_keeps_file(app):
    organisation = services.create_organisation(make_user(), name="Nông Sản Xanh", logo=upload(image_bytes()))
    path = organisation.logo_path

    services.update_organisation(organisation, name="Nông Sản Sạch")

    db.session.expire_all()
    assert organisation.logo_path == path
    assert stored_file(app, path).is_file()


def test_update_organisation_invalid_logo_keeps_old_logo(app):
    organisation = services.create_organisation(make_user(), name="Nông Sản Xanh", logo=upload(image_bytes()))
    path = organisation.logo_path

    with pytest.raises(InvalidUpload):
        services.update_organisation(organisation, name="Nông Sản Sạch", logo=upload(b"GIF89a broken"))
    db.session.rollback()

    assert (organisation.name, organisation.logo_path) == ("Nông Sản Xanh", path)
    assert stored_file(app, path).is_file()


# --- membership --------------------------------------------------------------------------------

def test_leave_organisation_removes_member():
    owner, member = make_user(), make_user()
    organisation = make_organisation(owner, members=(member,))

    services.leave_organisation(organisation, member)

    assert roles_of(organisation) == [(owner.id, "owner")]


def test_leave_organisation_refuses_owner():
    owner, member = make_user(), make_user()
    organisation = make_organisation(owner, members=(member,))

    with pytest.raises(NotAllowed) as refusal:
        services.leave_organisation(organisation, owner)

    assert english(refusal.value) == "As the owner, transfer ownership to another member before leaving."
    assert roles_of(organisation) == [(owner.id, "owner"), (member.id, "member")]


def test_remove_member_removes_membership():
    owner, member, other = make_user(), make_user(), make_user()
    organisation = make_organisation(owner, members=(member, other))

    services.remove_member(organisation, organisation.memberships[1])

    assert roles_of(organisation) == [(owner.id, "owner"), (other.id, "member")]


def test_remove_member_refuses_owner():
    owner, member = make_user(), make_user()
    organisation = make_organisation(owner, members=(member,))

    with pytest.raises(NotAllowed) as refusal:
        services.remove_member(organisation, organisation.memberships[0])

    assert english(refusal.value) == "The owner cannot be removed. Transfer ownership first."
    assert roles_of(organisation) == [(owner.id, "owner"), (member.id, "member")]


def test_remove_member_refuses_membership_of_another_organisation():
    organisation = make_organisation(members=(make_user(),))
    elsewhere = make_organisation(members=(make_user(),))

    with pytest.raises(DomainError) as refusal:
        services.remove_member(organisation, elsewhere.memberships[1])

    assert english(refusal.value) == "This person is not in the team."
    assert len(roles_of(elsewhere)) == 2


def test_transfer_ownership_leaves_exactly_one_owner():
    owner, member, other = make_user(), make_user(), make_user()
    organisation = make_organisation(owner, members=(member, other))

    services.transfer_ownership(organisation, organisation.memberships[1])

    db.session.expire_all()
    assert roles_of(organisation) == [(owner.id, "member"), (member.id, "owner"), (other.id, "member")]
    assert organisation.owner == member


def test_transfer_ownership_to_current_owner_changes_nothing():
    owner, member = make_user(), make_user()
    organisation = make_organisation(owner, members=(member,))

    services.transfer_ownership(organisation, organisation.memberships[0])

    assert roles_of(organisation) == [(owner.id, "owner"), (member.id, "member")]


def test_transfer_ownership_refuses_membership_of_another_organisation():
    owner = make_user()
    organisation = make_organisation(owner, members=(make_user(),))
    elsewhere = make_organisation(members=(make_user(),))

    with pytest.raises(DomainError) as refusal:
        services.transfer_ownership(organisation, elsewhere.memberships[1])

    assert english(refusal.value) == "Choose a member of the team."
    assert organisation.owner == owner
    assert [m.role for m in elsewhere.memberships] == ["owner", "member"]


# --- directory ------------------------------------------------------------------------------------

def names_found(**filters) -> list[str]:
    return [o.name for o in db.session.scalars(services.organisations_query(**filters))]


def test_organisations_query_ignores_diacritics_and_case():
    make_organisation(name="Nông Sản Xanh")
    make_organisation(name="Cà Phê Đà Lạt")
    make_organisation(name="Xanh Logistics")

    assert names_found(text="nong san") == ["Nông Sản Xanh"]
    assert names_found(text="NÔNG SẢN") == ["Nông Sản Xanh"]
    assert names_found(text="da lat") == ["Cà Phê Đà Lạt"]
    assert names_found(text="xanh") == ["Nông Sản Xanh", "Xanh Logistics"]
    assert names_found(text="  ") == ["Cà Phê Đà Lạt", "Nông Sản Xanh", "Xanh Logistics"]


def test_organisations_query_treats_wildcards_literally():
    make_organisation(name="Nông Sản Xanh")
    make_organisation(name="Giảm 100% rác")

    assert names_found(text="%") == ["Giảm 100% rác"]
    assert names_found(text="n_ng") == []


def test_organisations_query_filters_by_kind_and_province():
    hai_phong = make_province()
    can_tho = make_province(code="can-tho", name_vi="Cần Thơ", name_en="Can Tho")
    make_organisation(name="Nông Sản Xanh", kind="startup", province_id=can_tho.id)
    make_organisation(name="Quỹ Mekong", kind="fund", province_id=can_tho.id)
    make_organisation(name="Cảng Xanh", kind="startup", province_id=hai_phong.id)

    assert names_found(kind="startup") == ["Cảng Xanh", "Nông Sản Xanh"]
    assert names_found(province_id=can_tho.id) == ["Nông Sản Xanh", "Quỹ Mekong"]
    assert names_found(kind="fund", province_id=hai_phong.id) == []


def test_provinces_lists_current_ones_by_vietnamese_name():
    make_province(code="hai-phong", name_vi="Hải Phòng", name_en="Hai Phong")
    make_province(code="can-tho", name_vi="Cần Thơ", name_en="Can Tho")
    old = make_province(code="ha-tay", name_vi="Hà Tây", name_en="Ha Tay")
    old.is_current = False
    db.session.commit()

    assert [p.code for p in services.provinces()] == ["can-tho", "hai-phong"]
