"""Reading rendered pages in request tests: field values, errors next to fields, alerts.

A small parser over the markup our templates produce (``_macros/forms.html`` and ``base.html``),
so tests assert on what a person sees rather than on raw HTML substrings.
"""
from __future__ import annotations

from html.parser import HTMLParser

VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


def _squash(text: str) -> str:
    return " ".join(text.split())


class Page(HTMLParser):
    """The parts of a page tests look at. Build it with ``Page(response)``."""

    def __init__(self, response):
        super().__init__(convert_charrefs=True)
        self.lang: str | None = None
        self.inputs: dict[str, list[dict]] = {}
        self.by_id: dict[str, str] = {}
        self.alerts: list[tuple[str, str]] = []  # (class attribute, text)
        self.title = ""
        self._open: list[dict] = []
        self._text: list[str] = []
        self.feed(response.get_data(as_text=True))
        self.close()
        self.text = _squash(" ".join(self._text))

    # -- parsing -----------------------------------------------------------------------------
    def handle_starttag(self, tag, attrs):
        attributes = {name: (value if value is not None else "") for name, value in attrs}
        if tag == "html":
            self.lang = attributes.get("lang")
        if tag in ("input", "textarea", "select") and "name" in attributes:
            self.inputs.setdefault(attributes["name"], []).append(attributes)
        if tag not in VOID_ELEMENTS:
            self._open.append({"tag": tag, "attrs": attributes, "text": []})

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if not any(frame["tag"] == tag for frame in self._open):
            return  # a stray closing tag closes nothing
        while self._open:
            frame = self._open.pop()
            text = _squash("".join(frame["text"]))
            attributes = frame["attrs"]
            if "id" in attributes:
                self.by_id[attributes["id"]] = text
            if "alert" in attributes.get("class", "").split():
                self.alerts.append((attributes["class"], text))
            if frame["tag"] == "title":
                self.title = text
            if frame["tag"] == tag:
                break

    def handle_data(self, data):
        if any(frame["tag"] in ("script", "style") for frame in self._open):
            return
        for frame in self._open:
            frame["text"].append(data)
        self._text.append(data)

    # -- questions tests ask -------------------------------------------------------------------
    def value(self, name: str) -> str | None:
        """The value a form field shows: the checked option for radios, else the ``value`` attribute."""
        fields = self.inputs.get(name, [])
        if fields and fields[0].get("type") in ("radio", "checkbox"):
            checked = [f.get("value") for f in fields if "checked" in f]
            return checked[0] if checked else None
        return fields[0].get("value") if fields else None

    def has_field(self, name: str) -> bool:
        return name in self.inputs

    def error(self, field: str) -> str | None:
        """The message shown next to ``field`` (``<div id="<field>-error">``)."""
        return self.by_id.get(f"{field}-error")

    @property
    def form_error(self) -> str | None:
        """The refusal shown at the top of a form."""
        messages = [text for classes, text in self.alerts if classes == "alert alert-danger"]
        return messages[0] if messages else None

    @property
    def flashes(self) -> list[str]:
        return [text for classes, text in self.alerts if "alert-dismissible" in classes]


def in_english(value) -> str:
    """``value`` (a lazy string or an error carrying one) as an English speaker reads it.

    Services run outside a request, where messages render in the default language
    (Vietnamese); English is the source language, so tests compare with the msgid.
    """
    from flask_babel import force_locale

    with force_locale("en"):
        return str(value)
