"""Organiser pages to run the exhibition: applications, decisions, booths, payments, passes, overview."""
from flask import Blueprint

from app.core.permissions import guard_blueprint
from app.events.permissions import can_manage_any_edition

bp = Blueprint("exhibition_manage", __name__, url_prefix="/manage")
guard_blueprint(bp, can_manage_any_edition, "organiser")
