"""Organiser pages to set up the exhibition: settings, days, halls, booth types and floor plans."""
from flask import Blueprint

from app.core.permissions import guard_blueprint
from app.events.permissions import can_manage_any_edition

bp = Blueprint("exhibition_layout", __name__, url_prefix="/manage")
guard_blueprint(bp, can_manage_any_edition, "organiser")
