"""Reusable reads for exhibition pages."""
