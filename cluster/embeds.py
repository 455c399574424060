"""Video addresses and their players: the embeddable player URL of a YouTube or BiliBili address,
and a Wagtail embed finder for BiliBili.

BiliBili has no oEmbed endpoint (and Wagtail no provider for it), so the finder builds the player
from the address alone, without a network call::

    https://www.bilibili.com/video/BV1GJ411x7h7?p=2
    -> https://player.bilibili.com/player.html?bvid=BV1GJ411x7h7&page=2&autoplay=0

Short links (`b23.tv/...`) are refused: only BiliBili's servers know what they point to.
"""

import re
from urllib.parse import parse_qs, urlencode, urlsplit

from django.utils.html import format_html

from wagtail.embeds.embeds import get_embed
from wagtail.embeds.exceptions import EmbedException, EmbedNotFoundException
from wagtail.embeds.finders.base import EmbedFinder

YOUTUBE_HOSTS = {
    "youtube.com",
    "www.youtube.com",
    "m.youtube.com",
    "youtube-nocookie.com",
    "www.youtube-nocookie.com",
}
YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
YOUTUBE_PATH_ID = re.compile(r"^/(?:embed|shorts|live|v)/([A-Za-z0-9_-]{11})/?$")

BILIBILI_HOSTS = {"bilibili.com", "www.bilibili.com", "m.bilibili.com"}
BILIBILI_PATH_ID = re.compile(r"^/video/(?:(BV[0-9A-Za-z]{10})|av([1-9][0-9]*))/?$")

PLAYER_WIDTH, PLAYER_HEIGHT = 640, 360  # 16:9, scaled down to fit max_width and max_height


def _split(url):
    try:
        parts = urlsplit(url.strip())
    except (AttributeError, ValueError):
        return None
    if parts.scheme not in {"http", "https"}:
        return None
    return parts


def youtube_video_id(url):
    """The 11-character id in a YouTube address (`watch?v=`, `youtu.be/`, `/embed/`, `/shorts/`,
    `/live/`), or None when `url` is not a YouTube video address."""
    parts = _split(url)
    if parts is None:
        return None
    host = (parts.hostname or "").lower()
    if host == "youtu.be":
        video_id = parts.path.strip("/")
        return video_id if YOUTUBE_ID.match(video_id) else None
    if host not in YOUTUBE_HOSTS:
        return None
    if parts.path in {"/watch", "/watch/"}:
        video_id = parse_qs(parts.query).get("v", [""])[0]
        return video_id if YOUTUBE_ID.match(video_id) else None
    match = YOUTUBE_PATH_ID.match(parts.path)
    return match.group(1) if match else None


def youtube_player_url(url):
    """`https://www.youtube-nocookie.com/embed/<id>` for a YouTube video address, else None."""
    video_id = youtube_video_id(url)
    return f"https://www.youtube-nocookie.com/embed/{video_id}" if video_id else None


def bilibili_player_url(url):
    """The embeddable player of a BiliBili video address (`bilibili.com/video/BV...` or
    `.../video/av...`, `?p=` choosing a part of a multi-part video), else None. Autoplay is
    off: BiliBili's player otherwise starts, with sound, as soon as the page loads."""
    parts = _split(url)
    if parts is None or (parts.hostname or "").lower() not in BILIBILI_HOSTS:
        return None
    match = BILIBILI_PATH_ID.match(parts.path)
    if match is None:
        return None
    bvid, aid = match.groups()
    page = parse_qs(parts.query).get("p", ["1"])[0]
    query = {"bvid": bvid} if bvid else {"aid": aid}
    query.update(page=page if page.isdigit() and int(page) > 0 else "1", autoplay="0")
    return f"https://player.bilibili.com/player.html?{urlencode(query)}"


def player_size(max_width=None, max_height=None):
    """(width, height) of a 16:9 player no larger than the bounds given."""
    scale = min(
        1,
        (max_width or PLAYER_WIDTH) / PLAYER_WIDTH,
        (max_height or PLAYER_HEIGHT) / PLAYER_HEIGHT,
    )
    return round(PLAYER_WIDTH * scale), round(PLAYER_HEIGHT * scale)


class BiliBiliFinder(EmbedFinder):
    """Embeds BiliBili videos (`WAGTAILEMBEDS_FINDERS`), offline: BiliBili has no oEmbed."""

    def __init__(self, **options):
        self.options = options

    def accept(self, url):
        return bilibili_player_url(url) is not None

    def find_embed(self, url, max_width=None, max_height=None):
        player_url = bilibili_player_url(url)
        if player_url is None:
            raise EmbedNotFoundException
        width, height = player_size(max_width, max_height)
        return {
            "title": "",
            "author_name": "",
            "provider_name": "BiliBili",
            "type": "video",
            "thumbnail_url": None,
            "width": width,
            "height": height,
            "html": format_html(
                '<iframe src="{}" width="{}" height="{}" frameborder="0" scrolling="no" '
                'allow="fullscreen; picture-in-picture" allowfullscreen></iframe>',
                player_url,
                width,
                height,
            ),
        }


embed_finder_class = BiliBiliFinder


def embed_api_representation(url):
    """An embed as the API serves it, from Wagtail's embed cache and finders::

        {"url": "https://www.bilibili.com/video/BV1GJ411x7h7", "provider": "BiliBili",
         "type": "video", "html": "<iframe ...>", "width": 640, "height": 360}

    With no finder for the address (or its provider unreachable) everything but `url` is null.
    """
    try:
        embed = get_embed(url)
    except EmbedException:
        return {
            "url": url,
            "provider": None,
            "type": None,
            "html": None,
            "width": None,
            "height": None,
        }
    return {
        "url": url,
        "provider": embed.provider_name or None,
        "type": embed.type or None,
        "html": embed.html or None,
        "width": embed.width,
        "height": embed.height,
    }
