"""Public exhibition pages: the exhibition of an edition and its floor plans."""
from flask import Blueprint

bp = Blueprint("exhibition", __name__)
