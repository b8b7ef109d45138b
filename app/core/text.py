"""Text helpers for Vietnamese: search that ignores diacritics and case."""
import unicodedata


def fold(text: str | None) -> str:
    """Lower-case ``text`` and strip diacritics, so "Cần Thơ" and "can tho" compare equal."""
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())


def blank_to_none(value):
    """Trim a typed string and store an empty one as ``None``; other values pass through."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value
