"""Virtual stalls for visitors (directory, stall page, brochures) and for their owners (editing, analytics)."""
from flask import Blueprint

bp = Blueprint("stalls", __name__)
