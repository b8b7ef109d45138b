"""Every change to virtual stalls."""
from __future__ import annotations

from sqlalchemy import select

from app.core.text import fold
from app.extensions import db
from app.stalls.models import Stall


def search_text_for(stall: Stall) -> str:
    """What the directory search matches: folded name, tagline (both languages), sector and place."""
    organisation = stall.organisation
    parts = [organisation.name, stall.tagline_vi, stall.tagline_en, organisation.sector_label and str(organisation.sector_label),
             organisation.province.name_vi if organisation.province else None,
             organisation.province.name_en if organisation.province else None]
    return " ".join(fold(part) for part in parts if part)


def ensure_stall(edition, organisation, *, village_id: int | None = None) -> Stall:
    """The organisation's stall at ``edition``, created from its profile the first time (no commit)."""
    stall = db.session.scalar(select(Stall).where(Stall.edition_id == edition.id,
                                                  Stall.organisation_id == organisation.id))
    if stall is None:
        stall = Stall(edition=edition, organisation=organisation, village_id=village_id, sector=organisation.sector,
                      tagline_vi=organisation.pitch_vi, tagline_en=organisation.pitch_en,
                      description_vi=organisation.description_vi, description_en=organisation.description_en,
                      website=organisation.website)
        db.session.add(stall)
        stall.search_text = search_text_for(stall)
    return stall
