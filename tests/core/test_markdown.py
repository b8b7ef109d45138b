"""Exhibitors' Markdown is rendered, and anything that could run script is removed."""
from html.parser import HTMLParser

import pytest

from app.core.markdown import render_markdown


def test_markdown_renders_emphasis_lists_and_links():
    html = render_markdown("**Nông sản** sạch\n\n- Gạo ST25\n- Cà phê\n\n[Website](https://example.vn)")
    assert "<strong>Nông sản</strong>" in html
    assert "<li>Gạo ST25</li>" in html
    assert '<a href="https://example.vn" rel="nofollow noopener noreferrer">Website</a>' in html


@pytest.mark.parametrize("attack", [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<iframe src='https://evil.example'></iframe>",
    '<svg onload="alert(1)"></svg>',
    "[x](JaVaScRiPt:alert(1))",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "![x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
])
def test_markdown_removes_script_injection(attack):
    html = str(render_markdown(f"Giới thiệu {attack} cuối"))
    elements = _elements(html)
    # Whatever survives is shown as text: no element may run script, embed content or style.
    assert {tag for tag, _ in elements} <= {"p", "a"}
    for tag, attributes in elements:
        assert set(attributes) <= {"href", "rel", "title"}
        assert not (attributes.get("href") or "").lower().startswith(("javascript:", "data:"))
    assert "Giới thiệu" in html


def _elements(html: str) -> list[tuple[str, dict]]:
    found = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Collector().feed(html)
    return found


def test_markdown_escapes_raw_html_as_text():
    assert str(render_markdown("<script>alert(1)</script>")) == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"


def test_markdown_link_with_script_scheme_is_not_a_link():
    assert _elements(str(render_markdown("[x](javascript:alert(1))"))) == [("p", {})]


def test_markdown_of_nothing_is_empty():
    assert render_markdown(None) == ""
    assert render_markdown("") == ""
