"""Listings cost a constant number of SQL queries, however many pages the site holds."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cluster.api.page_views import PAGE_MODELS
from cluster.models import CityPage, CityPageTopic, ClusterPage, Topic
from tests.seed import english

LISTING = {"type": "cluster.CityPage", "fields": "*", "limit": 20, "locale": "en"}
# Each count includes the queries for the translation meta: language versions with their source,
# and, when some items are translations, their strings and translated strings (two more). Page
# answers include the request's site (`Site.find_for_request`, once per request: sites can change
# while the process lives, so no process keeps them).
CITY_LISTING_QUERIES = 6
TRANSLATED_CITY_LISTING_QUERIES = 8
CITY_DETAIL_QUERIES = 6
NEWS_LISTING_QUERIES = 5
FIND_QUERIES = 2


def add_generated_cities(count):
    """Cities like the seed's: hero image, facts, highlights and two topics each."""
    cluster = english(ClusterPage)
    template = english(CityPage, slug="quanzhou")
    topics = list(Topic.objects.filter(locale=template.locale)[:2])
    for number in range(count):
        city = CityPage(
            title=f"Generated city {number}",
            slug=f"generated-city-{number}",
            country="MX",
            region="Generated",
            summary="A generated city.",
            hero_image=template.hero_image,
            facts=template.facts.raw_data,
            heritage_highlights=template.heritage_highlights.raw_data,
            topic_links=[CityPageTopic(topic=topic) for topic in topics],
        )
        cluster.add_child(instance=city)


def queries_for(client, path, params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params)
    assert response.status_code == 200
    return len(captured), response.json()


@pytest.mark.django_db
def test_city_listing_with_all_fields_costs_the_same_for_18_and_500_cities(client):
    client.get("/api/v2/pages/", LISTING)  # warm-up: renditions and caches
    seed_count, seed_data = queries_for(client, "/api/v2/pages/", LISTING)

    add_generated_cities(500 - 17)
    client.get("/api/v2/pages/", {**LISTING, "offset": 480})  # renditions of the new ones
    large_count, large_data = queries_for(client, "/api/v2/pages/", {**LISTING, "offset": 480})

    assert seed_data["meta"]["total_count"] == 17
    assert large_data["meta"]["total_count"] == 500
    assert len(large_data["items"]) == 20
    assert all(item["topics"] and item["facts"] for item in large_data["items"])
    assert seed_count == large_count == CITY_LISTING_QUERIES


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "zh-hans", "es"])
def test_city_listing_query_count_is_exact(client, django_assert_num_queries, language):
    listing = {**LISTING, "locale": language}
    client.get("/api/v2/pages/", listing)
    expected = CITY_LISTING_QUERIES if language == "en" else TRANSLATED_CITY_LISTING_QUERIES
    with django_assert_num_queries(expected):
        client.get("/api/v2/pages/", listing)


@pytest.mark.django_db
def test_city_detail_query_count_is_exact(client, django_assert_num_queries):
    anyang = english(CityPage, slug="anyang")
    client.get(f"/api/v2/pages/{anyang.pk}/")
    with django_assert_num_queries(CITY_DETAIL_QUERIES):
        client.get(f"/api/v2/pages/{anyang.pk}/")


@pytest.mark.django_db
def test_find_by_path_query_count_is_exact(client, django_assert_num_queries):
    path = "/es/turismo-patrimonio-economia-creativa/ciudad-de-mexico/"
    client.get("/api/v2/pages/find/", {"html_path": path})
    with django_assert_num_queries(FIND_QUERIES):  # the site and the page
        response = client.get("/api/v2/pages/find/", {"html_path": path})
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_page_type_remembered_wrongly_is_looked_up_again(client):
    anyang = english(CityPage, slug="anyang")
    PAGE_MODELS[anyang.pk] = ClusterPage  # as if an earlier page with this id had been deleted

    response = client.get(f"/api/v2/pages/{anyang.pk}/")
    assert response.status_code == 200
    assert response.json()["meta"]["type"] == "cluster.CityPage"
    assert PAGE_MODELS[anyang.pk] is CityPage


@pytest.mark.django_db
def test_news_listing_query_count_is_exact(client, django_assert_num_queries):
    with django_assert_num_queries(NEWS_LISTING_QUERIES):
        client.get("/api/v2/news/", {"fields": "*", "locale": "en"})
