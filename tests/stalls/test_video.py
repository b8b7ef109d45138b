"""Stall videos: YouTube and Vimeo links become no-tracking embed addresses; anything else is refused."""
import pytest

from app.stalls.video import InvalidVideo, embed_url, provider, watch_url
from tests.stalls.helpers import english


@pytest.mark.parametrize(("link", "embed"), [
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("https://youtube.com/watch?feature=share&v=dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("http://m.youtube.com/watch?v=dQw4w9WgXcQ&list=PL1", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("youtu.be/dQw4w9WgXcQ?si=abc", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("https://www.youtube.com/shorts/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("https://www.youtube.com/live/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("https://www.youtube.com/embed/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("https://youtu.be/dQw4w9WgXcQ?t=90", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=90"),
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1m30s", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=90"),
    ("  https://YOUTU.BE/dQw4w9WgXcQ  ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
    ("https://www.vimeo.com/76979871/", "https://player.vimeo.com/video/76979871?dnt=1"),
    ("https://vimeo.com/channels/staffpicks/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
    ("https://vimeo.com/76979871/8a1b2c3d4e", "https://player.vimeo.com/video/76979871?dnt=1&h=8a1b2c3d4e"),
    ("https://player.vimeo.com/video/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
])
def test_embed_url_normalises_youtube_and_vimeo(link, embed):
    assert embed_url(link) == embed


@pytest.mark.parametrize("link", [
    "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=90",
    "https://player.vimeo.com/video/76979871?dnt=1&h=8a1b2c3d4e",
])
def test_embed_url_keeps_an_embed_address_as_it_is(link):
    assert embed_url(link) == link


@pytest.mark.parametrize(("link", "message"), [
    ("https://www.dailymotion.com/video/x7tgad0", "Only YouTube and Vimeo videos can be shown on a stall."),
    ("https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ", "Only YouTube and Vimeo videos can be shown on a stall."),
    ("https://youtube.com@evil.example/watch?v=dQw4w9WgXcQ",
     "Paste the address of a YouTube or Vimeo video, starting with https://"),
    ("javascript:alert(1)//youtube.com", "Only YouTube and Vimeo videos can be shown on a stall."),
    ("ftp://youtube.com/watch?v=dQw4w9WgXcQ", "Paste the address of a YouTube or Vimeo video, starting with https://"),
    ("https://www.youtube.com/watch?v=short", "This YouTube address does not point to a video. Copy the link from "
                                              "the Share button."),
    ("https://www.youtube.com/@techfest", "This YouTube address does not point to a video. Copy the link from the "
                                         "Share button."),
    ("https://vimeo.com/techfest", "This Vimeo address does not point to a video. Copy the link from the Share "
                                   "button."),
])
def test_embed_url_refuses_other_addresses(link, message):
    with pytest.raises(InvalidVideo) as refused:
        embed_url(link)
    assert (english(refused.value), refused.value.status_code) == (message, 400)


def test_provider_and_watch_url_of_embed_addresses():
    youtube = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    vimeo = "https://player.vimeo.com/video/76979871?dnt=1"
    assert [provider(youtube), provider(vimeo), provider(None), provider("https://example.com/x")] == \
        ["YouTube", "Vimeo", None, None]
    assert [watch_url(youtube), watch_url(vimeo), watch_url(None)] == \
        ["https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://vimeo.com/76979871", None]
