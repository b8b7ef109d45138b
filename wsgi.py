"""WSGI entry point: ``gunicorn wsgi:app`` in production, found by ``flask`` automatically."""
from app import create_app

app = create_app()
