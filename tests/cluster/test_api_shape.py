"""One shape for everything the API serves: a top-level `type` on every item, `slug` in `meta`
for pages and snippets alike, one spelling of each language, one language per listing unless
asked for all, listings whose fields match their schema, clean `find/` redirects, and titles
in each language's alphabetical order where the database can."""

import pytest

from django.db import connection

from cluster.models import CityPage, NewsItem
from tests.seed import english

pytestmark = pytest.mark.django_db

CITIES = 17  # in the seed, in each language


def items(api, path, **params):
    status, data = api(path, **params)
    assert status == 200, data
    return data["items"]


@pytest.mark.parametrize(
    "path, params",
    [
        ("pages/", {"type": "cluster.CityPage", "fields": "*"}),
        ("cities/", {}),
        ("news/", {}),
        ("knowledge/", {}),
        ("videos/", {}),
        ("topics/", {}),
        ("images/", {}),
        ("documents/", {}),
    ],
)
def test_every_item_says_its_type_beside_its_id(api, path, params):
    for item in items(api, path, **params):
        assert list(item)[:2] == ["id", "type"]
        assert item["type"] == item["meta"]["type"]


def test_a_detail_says_its_type_too(api):
    status, anyang = api(f"pages/{english(CityPage, slug='anyang').pk}/")
    assert status == 200
    assert anyang["type"] == "cluster.CityPage"


def test_pages_and_snippets_carry_their_slug_in_meta(api):
    for path in ["pages/", "news/", "knowledge/", "videos/", "topics/"]:
        for item in items(api, path):
            assert "slug" not in item
            assert item["meta"]["slug"]


def test_a_recording_names_its_language_as_the_locales_do(api):
    recordings = [
        recording["language"]
        for news in items(api, "news/", limit=100)
        for recording in news["recordings"]
    ]
    assert "zh-hans" in recordings
    assert set(recordings) <= {"en", "zh-hans", "es"}


# --- Languages --------------------------------------------------------------------------------


def test_a_listing_without_locale_is_in_the_source_language(api):
    cities = items(api, "pages/", type="cluster.CityPage", limit=100)
    assert len(cities) == CITIES
    assert {city["meta"]["locale"] for city in cities} == {"en"}


def test_locale_all_lists_every_language(api):
    cities = items(api, "pages/", type="cluster.CityPage", locale="all", limit=100)
    assert len(cities) == 3 * CITIES
    assert {city["meta"]["locale"] for city in cities} == {"en", "zh-hans", "es"}


def test_translation_of_without_locale_lists_the_other_languages(api):
    anyang = english(CityPage, slug="anyang")
    versions = items(api, "pages/", translation_of=anyang.pk)
    assert {page["meta"]["locale"] for page in versions} == {"zh-hans", "es"}


def test_a_detail_is_found_in_any_language_without_locale(api):
    chinese = CityPage.objects.get(slug="anyang", locale__language_code="zh-hans")
    status, data = api(f"pages/{chinese.pk}/", fields="title")
    assert status == 200 and data["meta"]["locale"] == "zh-hans"


# --- Listings and their fields ----------------------------------------------------------------


def test_a_listing_of_one_page_type_serves_every_listing_field(api):
    cities = items(api, "cities/", locale="zh-hans", limit=100)
    assert len(cities) == CITIES
    for city in cities:
        assert city["type"] == "cluster.CityPage"
        assert {"country", "summary", "facts", "hero_image", "location"} <= set(city)
        assert "body" not in city  # detail only


def test_a_listing_of_one_page_type_has_no_detail_of_its_own(client, api):
    anyang = english(CityPage, slug="anyang")
    assert client.get(f"/api/v2/cities/{anyang.pk}/").status_code == 404
    status, data = api("cities/", type="cluster.CityPage")
    assert status == 400 and "type" in data["message"]


@pytest.mark.parametrize("fields", ["-title", "_", "_,title", "*,-summary", "topics(-slug)"])
def test_fields_cannot_be_removed(api, fields):
    status, data = api("news/", fields=fields)
    assert status == 400
    assert data["message"].startswith("fields can add fields to the defaults")


def test_fields_can_still_add_to_the_defaults(api):
    pages = items(api, "pages/", fields="seo_title")
    assert all("seo_title" in page["meta"] for page in pages)


# --- find/ ------------------------------------------------------------------------------------


def test_a_find_redirect_keeps_no_bare_question_mark(client):
    news = NewsItem.objects.filter(live=True, locale__language_code="en").first()
    response = client.get("/api/v2/news/find/", {"id": news.pk})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/api/v2/news/{news.pk}/")


def test_find_with_a_locale_finds_that_language_version(client):
    chinese = NewsItem.objects.filter(live=True, locale__language_code="zh-hans").first()
    english_version = chinese.get_translation(english(CityPage, slug="anyang").locale)
    response = client.get("/api/v2/news/find/", {"id": chinese.pk, "locale": "en"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/api/v2/news/{english_version.pk}/?locale=en")
    assert client.get(response["Location"]).status_code == 200


# --- Order ------------------------------------------------------------------------------------


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has no ICU collation: code-point order"
)
def test_chinese_titles_are_ordered_by_pinyin_on_postgresql(api):
    cities = items(api, "cities/", locale="zh-hans", order="title", limit=100)
    titles = [city["title"] for city in cities]
    # 安阳 (Anyang), 洛阳 (Luoyang), 泉州 (Quanzhou): by their pinyin, not their code points.
    positions = [titles.index(name) for name in ["安阳", "洛阳", "泉州"]]
    assert positions == sorted(positions)
    descending = items(api, "cities/", locale="zh-hans", order="-title", limit=100)
    assert [city["title"] for city in descending] == titles[::-1]


def test_code_points_would_order_them_otherwise():
    """Why the collation is needed: by code point 洛 (U+6D1B) comes after 泉 (U+6CC9)."""
    assert sorted(["安阳", "洛阳", "泉州"]) == ["安阳", "泉州", "洛阳"]


def test_every_url_an_item_hands_out_is_absolute(api):
    images = items(api, "images/")
    assert images and all(image["meta"]["download_url"].startswith("http") for image in images)
    for city in items(api, "cities/"):
        assert city["meta"]["detail_url"].startswith("http://testserver/api/v2/pages/")
        for rendition in (city["hero_image"] or {"renditions": {}})["renditions"].values():
            assert rendition is None or rendition["url"].startswith("http")
