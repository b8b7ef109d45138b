"""Organiser pages for the exhibition."""
