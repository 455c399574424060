"""Videos in the media centre: the YouTube and the BiliBili version with embeddable players, a
BiliBili embed finder that needs no network, and addresses checked when an editor saves."""

from html.parser import HTMLParser

import pytest

from django.core.exceptions import ValidationError
from django.utils import translation

from wagtail.embeds.blocks import EmbedValue
from wagtail.embeds.embeds import get_embed

from cluster.blocks import BodyBlock
from cluster.embeds import BiliBiliFinder, bilibili_player_url, youtube_player_url
from cluster.models import CityPage, KnowledgeProduct, Video
from tests.seed import english

BV = "BV1GJ411x7h7"
BILIBILI_PLAYER = f"https://player.bilibili.com/player.html?bvid={BV}&page=1&autoplay=0"
YOUTUBE_PLAYER = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"


def iframe_attributes(html):
    found = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "iframe":
                found.append(dict(attrs))

    Parser().feed(html)
    [attributes] = found
    return attributes


# --- Player URLs ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=30s&list=PL123",
        "https://m.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://youtu.be/dQw4w9WgXcQ",
        "https://youtu.be/dQw4w9WgXcQ?si=abc",
        "https://www.youtube.com/embed/dQw4w9WgXcQ",
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        "https://www.youtube.com/shorts/dQw4w9WgXcQ",
        "http://youtube.com/live/dQw4w9WgXcQ",
    ],
)
def test_youtube_addresses_give_the_privacy_enhanced_player(url):
    assert youtube_player_url(url) == YOUTUBE_PLAYER


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/channel/UCabcdefghijklmnopqrstuv",
        "https://www.youtube.com/watch?v=tooshort",
        "https://www.youtube.com/watch",
        "https://vimeo.com/76979871",
        "https://www.bilibili.com/video/BV1GJ411x7h7",
        "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "ftp://youtu.be/dQw4w9WgXcQ",
        "dQw4w9WgXcQ",
        "",
    ],
)
def test_other_addresses_have_no_youtube_player(url):
    assert youtube_player_url(url) is None


@pytest.mark.parametrize(
    "url, player",
    [
        (f"https://www.bilibili.com/video/{BV}", BILIBILI_PLAYER),
        (f"https://www.bilibili.com/video/{BV}/", BILIBILI_PLAYER),
        (f"https://bilibili.com/video/{BV}?spm_id_from=333.337", BILIBILI_PLAYER),
        (f"https://m.bilibili.com/video/{BV}", BILIBILI_PLAYER),
        (f"http://www.bilibili.com/video/{BV}?p=1", BILIBILI_PLAYER),
        (
            f"https://www.bilibili.com/video/{BV}?p=3",
            f"https://player.bilibili.com/player.html?bvid={BV}&page=3&autoplay=0",
        ),
        (
            "https://www.bilibili.com/video/av170001",
            "https://player.bilibili.com/player.html?aid=170001&page=1&autoplay=0",
        ),
    ],
)
def test_bilibili_addresses_give_the_embeddable_player(url, player):
    assert bilibili_player_url(url) == player
    assert BiliBiliFinder().accept(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://b23.tv/av170001",  # a short link: only BiliBili knows where it leads
        "https://space.bilibili.com/123456",
        "https://www.bilibili.com/video/BV1GJ411",  # a truncated id
        "https://www.bilibili.com/bangumi/play/ep123",
        "https://www.bilibili.com.evil.example/video/BV1GJ411x7h7",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "",
    ],
)
def test_the_finder_refuses_what_is_not_a_bilibili_video(url):
    assert bilibili_player_url(url) is None
    assert not BiliBiliFinder().accept(url)


# --- The embed finder -----------------------------------------------------------------------


def test_the_finder_builds_the_player_iframe_without_a_network_call(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the BiliBili finder must not call the network")

    monkeypatch.setattr("urllib.request.urlopen", no_network)
    embed = BiliBiliFinder().find_embed(f"https://www.bilibili.com/video/{BV}")
    assert embed["provider_name"] == "BiliBili"
    assert embed["type"] == "video"
    assert (embed["width"], embed["height"]) == (640, 360)
    iframe = iframe_attributes(embed["html"])
    assert iframe["src"] == BILIBILI_PLAYER
    assert (iframe["width"], iframe["height"]) == ("640", "360")
    assert "allowfullscreen" in iframe


def test_the_finder_fits_the_player_into_the_size_asked_for():
    embed = BiliBiliFinder().find_embed(f"https://www.bilibili.com/video/{BV}", max_width=320)
    assert (embed["width"], embed["height"]) == (320, 180)


def test_wagtail_finds_bilibili_embeds_through_the_configured_finder(db):
    embed = get_embed(f"https://www.bilibili.com/video/{BV}?p=2")
    assert embed.provider_name == "BiliBili"
    assert iframe_attributes(embed.html)["src"].endswith(f"bvid={BV}&page=2&autoplay=0")


def test_a_body_embed_block_accepts_a_bilibili_address(db):
    embed_block = BodyBlock().child_blocks["embed"]
    value = embed_block.clean(EmbedValue(f"https://www.bilibili.com/video/{BV}"))
    assert value.url.endswith(BV)


def test_a_body_embed_serves_the_bilibili_player_in_the_page_api(api):
    anyang = english(CityPage, slug="anyang")
    anyang.body.append(("embed", EmbedValue(f"https://www.bilibili.com/video/{BV}")))
    anyang.save()
    status, data = api(f"pages/{anyang.pk}/")
    assert status == 200
    embed = data["body"][-1]
    assert embed["type"] == "embed"
    assert embed["value"]["url"] == f"https://www.bilibili.com/video/{BV}"
    assert embed["value"]["provider"] == "BiliBili"
    assert iframe_attributes(embed["value"]["html"])["src"] == BILIBILI_PLAYER


# --- The API --------------------------------------------------------------------------------


def test_a_video_serves_both_versions_with_their_players(api):
    video = english(Video, slug="travel-south-over-cloud-china-mexico")
    video.youtube_url = "https://youtu.be/dQw4w9WgXcQ"
    video.bilibili_url = f"https://www.bilibili.com/video/{BV}"
    video.save()
    status, data = api(f"videos/{video.pk}/")
    assert status == 200
    assert data["youtube"] == {"url": "https://youtu.be/dQw4w9WgXcQ", "player_url": YOUTUBE_PLAYER}
    assert data["bilibili"] == {
        "url": f"https://www.bilibili.com/video/{BV}",
        "player_url": BILIBILI_PLAYER,
    }
    assert "youtube_url" not in data and "bilibili_url" not in data


def test_a_video_on_one_platform_only_has_null_for_the_other(api):
    video = english(Video, slug="travel-south-over-cloud-china-mexico")
    video.bilibili_url = f"https://www.bilibili.com/video/{BV}"
    video.save()
    status, data = api("videos/", fields="youtube,bilibili", slug=video.slug, locale="en")
    [item] = data["items"]
    assert item["youtube"] is None
    assert item["bilibili"]["player_url"] == BILIBILI_PLAYER


def test_the_seed_videos_have_no_addresses_yet_and_say_null(api):
    status, data = api("videos/", fields="youtube,bilibili", locale="en")
    assert status == 200 and data["items"]
    assert all(item["youtube"] is None and item["bilibili"] is None for item in data["items"])


def test_an_empty_external_link_is_null_and_a_set_one_is_the_address(api):
    report = KnowledgeProduct.objects.filter(live=True, locale__language_code="en").first()
    status, data = api(f"knowledge/{report.pk}/")
    assert data["external_url"] is None
    report.external_url = "https://unctad.org/publication/covid-19-and-tourism"
    report.save()
    status, data = api(f"knowledge/{report.pk}/")
    assert data["external_url"] == "https://unctad.org/publication/covid-19-and-tourism"


# --- Editors cannot save the wrong address --------------------------------------------------


def clean_errors(video):
    try:
        video.clean()
    except ValidationError as e:
        return e.message_dict
    return {}


@pytest.mark.parametrize(
    "field, url",
    [
        ("youtube_url", "https://vimeo.com/76979871"),
        ("youtube_url", f"https://www.bilibili.com/video/{BV}"),
        ("youtube_url", "https://www.youtube.com/channel/UCabcdefghijklmnopqrstuv"),
        ("bilibili_url", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
        ("bilibili_url", "https://b23.tv/av170001"),
        ("bilibili_url", "https://space.bilibili.com/123456"),
    ],
)
def test_a_video_address_on_the_wrong_platform_is_refused(field, url):
    video = Video(title="A video", slug="a-video", **{field: url})
    assert field in clean_errors(video)


def test_video_addresses_on_the_right_platforms_are_accepted():
    video = Video(
        title="A video",
        slug="a-video",
        youtube_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        bilibili_url=f"https://www.bilibili.com/video/{BV}",
    )
    assert clean_errors(video) == {}
    assert clean_errors(Video(title="No addresses yet", slug="later")) == {}


def test_the_refusal_speaks_the_editors_language():
    video = Video(title="A video", slug="a-video", bilibili_url="https://b23.tv/av170001")
    with translation.override("zh-hans"):
        [message] = clean_errors(video)["bilibili_url"]
    assert message.startswith("请输入哔哩哔哩")
