"""Every change to virtual stalls: opening one, the owner's edits, catalogue, brochures, visits, curation."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite

from app.core.errors import Conflict, DomainError
from app.core.text import blank_to_none, fold
from app.core.uploads import InvalidUpload, delete_upload, process_image, read_limited, store_upload
from app.events.models import Village
from app.extensions import db
from app.stalls import queries
from app.stalls.brochures import BROCHURE_FOLDER, read_brochure
from app.stalls.models import Brochure, Product, ProductImage, Stall, StallVisit
from app.stalls.video import embed_url
from app.teams.choices import SECTORS, STAGES


@dataclass(frozen=True)
class ImageKind:
    """Where an uploaded stall image goes and how large it may be (bytes uploaded, pixels kept)."""

    folder: str
    max_bytes: int
    max_pixels: int


BANNER = ImageKind("stalls/banners", 5 * 1024 * 1024, 1600)
LOGO = ImageKind("stalls/logos", 2 * 1024 * 1024, 400)
PRODUCT_IMAGE = ImageKind("stalls/products", 5 * 1024 * 1024, 1200)
PRODUCT_MAX_IMAGES = 5
STALL_MAX_BROCHURES = 10

STALL_FIELDS = ("tagline_vi", "tagline_en", "description_vi", "description_en", "village_id", "sector", "video_url",
                "contact_name", "contact_role", "contact_email", "contact_phone", "website")
PRODUCT_FIELDS = ("name_vi", "name_en", "description_vi", "description_en", "stage", "price_vnd", "position")
TAGLINE_LENGTH = 200  # Stall.tagline_*; an organisation's pitch may be longer


# Who has a stall -----------------------------------------------------------------------------

def search_text_for(stall: Stall) -> str:
    """What the directory search matches, folded: name, taglines, sector, village, province and products, both languages."""
    organisation = stall.organisation
    parts = [organisation.name, stall.tagline_vi, stall.tagline_en]
    sector = stall.sector or organisation.sector
    if sector in SECTORS:
        for locale in ("vi", "en"):
            with force_locale(locale):
                parts.append(str(SECTORS[sector]))
    for place in (stall.village, organisation.province):
        if place is not None:
            parts += [place.name_vi, place.name_en]
    for product in stall.products:
        parts += [product.name_vi, product.name_en]
    return " ".join(dict.fromkeys(fold(part) for part in parts if part))


def ensure_stall(edition, organisation, *, village_id: int | None = None) -> Stall:
    """The organisation's stall at ``edition``, created from its profile the first time (no commit)."""
    stall = db.session.scalar(select(Stall).where(Stall.edition_id == edition.id,
                                                  Stall.organisation_id == organisation.id))
    if stall is None:
        village = db.session.get(Village, village_id) if village_id else None
        stall = Stall(edition=edition, organisation=organisation, village=village, sector=organisation.sector,
                      tagline_vi=_tagline(organisation.pitch_vi), tagline_en=_tagline(organisation.pitch_en),
                      description_vi=organisation.description_vi, description_en=organisation.description_en,
                      website=organisation.website)
        db.session.add(stall)
        stall.search_text = search_text_for(stall)
    return stall


def _tagline(pitch: str | None) -> str | None:
    return pitch[:TAGLINE_LENGTH].rstrip() if pitch else None


def open_stall(edition, organisation) -> Stall:
    """Open the organisation's stall at an edition where it exhibits or competes; opening twice changes nothing."""
    if not queries.is_eligible_for_stall(edition, organisation):
        raise Conflict(_l("%(name)s does not exhibit or compete at this festival, so it cannot open a virtual "
                          "stall here."), name=organisation.name)
    stall = ensure_stall(edition, organisation)
    db.session.commit()
    return stall


# The owner's edits ---------------------------------------------------------------------------

def update_stall(stall: Stall, *, banner=None, remove_banner: bool = False, logo=None, remove_logo: bool = False,
                 **fields) -> None:
    """Save the stall's page (any time, even outside the online window); new images replace the old files."""
    values = _stall_values(stall, fields)
    banner_png = _clean_image(banner, BANNER, field="banner")
    logo_png = _clean_image(logo, LOGO, field="logo")
    for name, value in values.items():
        setattr(stall, name, value)
    old_files = []
    if banner_png or remove_banner:
        old_files.append(stall.banner_path)
        stall.banner_path = store_upload(banner_png, folder=BANNER.folder, suffix=".png") if banner_png else None
    if logo_png or remove_logo:
        old_files.append(stall.logo_path)
        stall.logo_path = store_upload(logo_png, folder=LOGO.folder, suffix=".png") if logo_png else None
    stall.search_text = search_text_for(stall)
    db.session.commit()
    for path in old_files:
        delete_upload(path)


def _stall_values(stall: Stall, fields: dict) -> dict:
    values = {name: blank_to_none(fields[name]) for name in STALL_FIELDS if name in fields}
    if values.get("village_id") is not None:
        village = db.session.get(Village, values["village_id"])
        if village is None or village.edition_id != stall.edition_id:
            raise DomainError(_l("Choose a village of this festival."), field="village_id")
        values["village"] = village
    elif "village_id" in values:
        values["village"] = None
    if values.get("sector") is not None and values["sector"] not in SECTORS:
        raise DomainError(_l("Choose a sector from the list."), field="sector")
    if values.get("website") and not values["website"].lower().startswith(("https://", "http://")):
        raise DomainError(_l("Enter a full web address, starting with https://"), field="website")
    if values.get("video_url"):
        values["video_url"] = _checked(embed_url, values["video_url"], field="video_url")
    return values


def _checked(function, value, *, field: str):
    try:
        return function(value)
    except DomainError as error:
        error.field = field
        raise


def _clean_image(file_storage, kind: ImageKind, *, field: str) -> bytes | None:
    """An uploaded image checked and re-encoded in memory (nothing is stored before every check passed)."""
    if not file_storage or not getattr(file_storage, "filename", None):
        return None

    def clean(upload):
        return process_image(read_limited(upload.stream, kind.max_bytes), max_pixels=kind.max_pixels)

    return _checked(clean, file_storage, field=field)


# The catalogue -------------------------------------------------------------------------------

def add_product(stall: Stall, *, images=(), **fields) -> Product:
    """Add a product or technology to the stall's catalogue, with up to five images."""
    product = Product()
    _save_product(product, images, fields, stall=stall, existing_images=0)
    return product


def update_product(product: Product, *, images=(), **fields) -> None:
    """Change a product; new images are added after the ones it has (five at most)."""
    _save_product(product, images, fields, stall=product.stall, existing_images=len(product.images))


def _save_product(product: Product, images, fields: dict, *, stall: Stall, existing_images: int) -> None:
    """Check the values and images first, then change, store the images and commit."""
    values = _product_values(fields)
    pngs = _clean_product_images(images, existing_images)
    product.stall = stall  # a new product joins the stall only now, all checks passed
    for name, value in values.items():
        setattr(product, name, value)
    position = max((image.position for image in product.images), default=-1)
    for offset, png in enumerate(pngs, start=1):
        path = store_upload(png, folder=PRODUCT_IMAGE.folder, suffix=".png")
        product.images.append(ProductImage(path=path, position=position + offset))
    db.session.add(product)
    stall.search_text = search_text_for(stall)
    db.session.commit()


def _product_values(fields: dict) -> dict:
    values = {name: blank_to_none(fields[name]) for name in PRODUCT_FIELDS if name in fields}
    if "name_vi" in values and not values["name_vi"]:
        raise DomainError(_l("This field is required."), field="name_vi")
    if values.get("stage") is not None and values["stage"] not in STAGES:
        raise DomainError(_l("Choose a stage from the list."), field="stage")
    if values.get("price_vnd") is not None and values["price_vnd"] < 0:
        raise DomainError(_l("A price cannot be negative. Leave it empty for \"Contact us\"."),
                       field="price_vnd")
    if "position" in values:
        values["position"] = values["position"] or 0
    return values


def _clean_product_images(images, existing: int) -> list[bytes]:
    images = [image for image in images or () if image and getattr(image, "filename", None)]
    if existing + len(images) > PRODUCT_MAX_IMAGES:
        raise InvalidUpload(_l("A product has at most %(max)d images: remove one before adding more."),
                       field="images", max=PRODUCT_MAX_IMAGES)
    return [_clean_image(image, PRODUCT_IMAGE, field="images") for image in images]


def delete_product(product: Product) -> None:
    """Remove a product from the catalogue, with its images."""
    stall, paths = product.stall, [image.path for image in product.images]
    stall.products.remove(product)
    db.session.flush()
    stall.search_text = search_text_for(stall)
    db.session.commit()
    for path in paths:
        delete_upload(path)


def delete_product_image(image: ProductImage) -> None:
    """Remove one image of a product."""
    path = image.path
    image.product.images.remove(image)
    db.session.commit()
    delete_upload(path)


# Brochures -----------------------------------------------------------------------------------

def add_brochure(stall: Stall, *, title: str, file) -> Brochure:
    """Add a PDF brochure (checked by content, at most 10 MB) for visitors to download."""
    if len(stall.brochures) >= STALL_MAX_BROCHURES:
        raise Conflict(_l("A stall has at most %(max)d brochures: delete one before adding another."),
                       field="file", max=STALL_MAX_BROCHURES)
    if not title or not title.strip():
        raise DomainError(_l("This field is required."), field="title")
    if not file or not getattr(file, "filename", None):
        raise InvalidUpload(_l("Choose a PDF file."), field="file")
    data = _checked(lambda upload: read_brochure(upload.stream), file, field="file")
    path = store_upload(data, folder=BROCHURE_FOLDER, suffix=".pdf")
    brochure = Brochure(stall=stall, title=" ".join(title.split()), path=path, size_bytes=len(data))
    db.session.add(brochure)
    db.session.commit()
    return brochure


def delete_brochure(brochure: Brochure) -> None:
    """Remove a brochure and its file."""
    path = brochure.path
    brochure.stall.brochures.remove(brochure)
    db.session.commit()
    delete_upload(path)


def count_brochure_download(brochure: Brochure) -> None:
    """One more download, counted in the database (an UPDATE, so concurrent downloads all count)."""
    db.session.execute(update(Brochure).where(Brochure.id == brochure.id)
                       .values(downloads=Brochure.downloads + 1))
    db.session.commit()


# Visits --------------------------------------------------------------------------------------

def record_visit(stall: Stall, *, day: date, visitor_key: str) -> bool:
    """Count a visitor once per stall and day; True if this was the day's first visit (safe under races)."""
    # ON CONFLICT DO NOTHING on the unique (stall, day, visitor): two requests at once cannot both insert.
    insert = postgresql.insert if db.session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(StallVisit).values(stall_id=stall.id, day=day, visitor_key=visitor_key).on_conflict_do_nothing(
        index_elements=["stall_id", "day", "visitor_key"]).returning(StallVisit.id)
    created = db.session.execute(statement).scalar() is not None
    db.session.commit()
    return created


# Curation by organisers ----------------------------------------------------------------------

def feature_stall(stall: Stall, *, position: int) -> None:
    """Put a stall in the directory's "Featured" strip, at ``position`` (smaller comes first)."""
    if position < 0:
        raise DomainError(_l("Enter a position of 0 or more."), field="position")
    stall.is_featured, stall.featured_position = True, position
    db.session.commit()


def unfeature_stall(stall: Stall) -> None:
    """Take a stall out of the "Featured" strip."""
    stall.is_featured, stall.featured_position = False, 0
    db.session.commit()


def hide_stall(stall: Stall, *, reason: str) -> None:
    """Take a stall down: visitors get "not found", its team sees the reason and can still edit."""
    reason = blank_to_none(reason)
    if not reason:
        raise DomainError(_l("Tell the exhibitor why their stall is taken down."), field="reason")
    stall.is_hidden, stall.hidden_reason = True, reason
    db.session.commit()


def unhide_stall(stall: Stall) -> None:
    """Put a taken-down stall back online."""
    stall.is_hidden, stall.hidden_reason = False, None
    db.session.commit()
