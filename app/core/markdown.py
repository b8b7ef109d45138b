"""Markdown written by exhibitors, turned into safe HTML.

markdown-it-py renders CommonMark with raw HTML switched off; nh3 then keeps only the tags
and attributes in the allow-list below, so a ``<script>``, an ``onerror=`` or a
``javascript:`` link never reaches a visitor's browser, whatever the renderer lets through.
"""
from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "h4", "blockquote", "code", "pre",
                "hr", "table", "thead", "tbody", "tr", "th", "td"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}

_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


def render_markdown(text: str | None) -> Markup:
    """Sanitised HTML for ``text``; links open safely (``rel="nofollow noopener"``)."""
    if not text:
        return Markup("")
    html = _renderer.render(text)
    return Markup(nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                            url_schemes=ALLOWED_URL_SCHEMES, link_rel="nofollow noopener noreferrer"))
