"""Jinja filters and globals shared by every template."""
from flask import Flask
from flask_babel import format_date, format_datetime, format_decimal

from app.core.i18n import localized
from app.core.markdown import render_markdown


def init_templating(app: Flask) -> None:
    app.jinja_env.filters["datetime"] = lambda value, fmt="medium": format_datetime(value, fmt) if value else ""
    app.jinja_env.filters["date"] = lambda value, fmt="medium": format_date(value, fmt) if value else ""
    app.jinja_env.filters["number"] = lambda value: format_decimal(value) if value is not None else ""
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.globals["localized"] = localized
    app.jinja_env.globals["festival_name"] = lambda: app.config["FESTIVAL_NAME"]
