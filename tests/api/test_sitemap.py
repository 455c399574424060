"""`GET /api/v2/sitemap/`: every live, public page and news item, once per language, with its
frontend URL, `lastmod` and language alternates; paginated, checked, cached and described."""

import pytest

from wagtail.models import Page, PageViewRestriction

from cluster.models import CityPage, NewsItem
from tests.seed import english
from tests.support.openapi import Contract

FRONTEND = "https://cities.example.org"


@pytest.fixture(autouse=True)
def frontend(settings):
    settings.FRONTEND_BASE_URL = FRONTEND


def whole_sitemap(api, **params):
    items, offset = [], 0
    while True:
        status, page = api("sitemap/", limit=100, offset=offset, **params)
        assert status == 200
        items += page["items"]
        offset += 100
        if offset >= page["meta"]["total_count"]:
            return items


def public_pages():
    return Page.objects.live().filter(depth__gt=1)


def test_the_sitemap_lists_every_live_page_and_news_item_in_every_language(api):
    items = whole_sitemap(api)
    pages = [item for item in items if item["type"] != "cluster.NewsItem"]
    news = [item for item in items if item["type"] == "cluster.NewsItem"]
    assert sorted(item["id"] for item in pages) == sorted(
        public_pages().values_list("pk", flat=True)
    )
    assert sorted(item["id"] for item in news) == sorted(
        NewsItem.objects.filter(live=True).values_list("pk", flat=True)
    )
    assert items == pages + news  # pages first, in tree order
    for item in items:
        assert item["html_url"] == FRONTEND + item["html_path"]
        assert item["html_path"].startswith(f"/{item['locale']}/")
        assert item["lastmod"].endswith("Z")


def test_each_item_lists_its_language_versions_for_hreflang(api):
    items = whole_sitemap(api, locale="es")
    city = english(CityPage, slug="anyang")
    [spanish] = [item for item in items if item["html_path"].endswith("/anyang/")]
    assert spanish["type"] == "cluster.CityPage"
    assert [(a["locale"], a["hreflang"]) for a in spanish["alternates"]] == [
        ("en", "en"),
        ("zh-hans", "zh-Hans"),
        ("es", "es"),
    ]
    own = spanish["alternates"][2]
    assert (own["html_path"], own["html_url"]) == (spanish["html_path"], spanish["html_url"])
    english_city = spanish["alternates"][0]
    assert english_city["html_url"] == f"{FRONTEND}{city.get_url_parts()[2]}"
    news = next(item for item in items if item["type"] == "cluster.NewsItem")
    slug = NewsItem.objects.get(pk=news["id"]).slug
    assert news["html_path"] == f"/es/news/{slug}/"
    assert [a["html_path"] for a in news["alternates"]] == [
        f"/{language}/news/{slug}/" for language in ("en", "zh-hans", "es")
    ]


def test_drafts_unpublished_and_restricted_content_are_left_out(api, editor_client):
    city = english(CityPage, slug="anyang")
    PageViewRestriction.objects.create(page=city, restriction_type=PageViewRestriction.LOGIN)
    unpublished = english(CityPage, slug="puebla")
    unpublished.unpublish()
    news = NewsItem.objects.filter(live=True, locale__language_code="en").first()
    news.unpublish()
    draft = english(CityPage, slug="morelia")
    draft.title = "A draft title"
    draft.save_revision()  # not published

    items = whole_sitemap(api)
    ids = {item["id"] for item in items if item["type"] != "cluster.NewsItem"}
    assert city.pk not in ids
    spanish_city = CityPage.objects.get(slug="anyang", locale__language_code="es")
    assert spanish_city.pk in ids  # its other language versions are not restricted
    assert unpublished.pk not in ids
    assert news.pk not in {item["id"] for item in items if item["type"] == "cluster.NewsItem"}
    assert draft.pk in ids
    # A logged-in editor, who could see the restricted page in the pages endpoint, gets the
    # same public sitemap.
    listed = editor_client.get("/api/v2/sitemap/", {"limit": 100}).json()
    assert listed["items"] == items


def test_pages_of_the_sitemap_follow_each_other(api):
    everything = whole_sitemap(api)
    status, window = api("sitemap/", limit=7, offset=55)
    assert window["meta"]["total_count"] == len(everything)
    assert window["items"] == everything[55:62]  # across the pages and the news items
    status, past_the_end = api("sitemap/", offset=len(everything))
    assert past_the_end["items"] == []
    status, default = api("sitemap/")
    assert default["items"] == everything[:20]


@pytest.mark.parametrize(
    "params",
    [
        {"limit": "-1"},
        {"limit": "101"},
        {"offset": "abc"},
        {"locale": "fr"},
        {"type": "cluster.CityPage"},
        {"format": "xml"},
    ],
)
def test_bad_parameters_get_a_400_with_a_message(api, params):
    status, body = api("sitemap/", **params)
    assert status == 400
    assert set(body) == {"message"}


def test_a_page_of_the_sitemap_costs_the_same_queries_whatever_its_size(
    client, db, django_assert_num_queries
):
    client.get("/api/v2/sitemap/")  # the site's root paths and restricted pages are kept
    # The request's site; pages and news items each counted; for each kind in the window, the
    # window and its language versions.
    for limit in (1, 20, 59):  # pages only (60 of them: 20 in each language)
        with django_assert_num_queries(5):
            assert client.get("/api/v2/sitemap/", {"limit": limit}).status_code == 200
    for offset, limit in ((0, 61), (20, 100)):  # pages and news items
        with django_assert_num_queries(7):
            client.get("/api/v2/sitemap/", {"offset": offset, "limit": limit})
    with django_assert_num_queries(5):  # news items only
        client.get("/api/v2/sitemap/", {"offset": 60, "limit": 100})


def test_the_sitemap_is_cached_and_a_publish_replaces_it(
    client, api_cache, django_assert_num_queries, django_capture_on_commit_callbacks
):
    first = client.get("/api/v2/sitemap/", {"limit": 100})
    assert first["Cache-Control"].startswith("public")
    with django_assert_num_queries(0):
        assert client.get("/api/v2/sitemap/", {"limit": 100}).content == first.content
    city = english(CityPage, slug="anyang")
    with django_capture_on_commit_callbacks(execute=True):
        city.unpublish()
    after = client.get("/api/v2/sitemap/", {"limit": 100}).json()
    pages = {item["id"] for item in after["items"] if item["type"] != "cluster.NewsItem"}
    assert city.pk not in pages


def test_sitemap_responses_conform_to_the_openapi_document(client, db):
    contract = Contract(client.get("/api/v2/schema/").json())
    for params in ({"limit": 100}, {"locale": "zh-hans", "offset": 50}, {"limit": "x"}):
        contract.assert_conforms(client.get("/api/v2/sitemap/", params))
