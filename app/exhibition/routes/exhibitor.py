"""The exhibitor's pages: apply for a booth, follow the application, pick a booth, staff passes."""
from flask import Blueprint

bp = Blueprint("exhibitor", __name__)
