"""What the benchmark compares the API with and how it measures in one process, on the seed:
Wagtail's stock news endpoint filters by `?locale=` and shows live items only, requests go
through Django's WSGI handler, and a cached answer in Redis asks the database nothing."""

import json

import pytest

from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from bench.api_caches import bench_redis_url, empty_redis, redis_available
from bench.endpoints import endpoints
from bench.in_process import alternating_ratio, count_queries, wsgi_get
from cluster.models import NewsItem

pytestmark = [pytest.mark.django_db, pytest.mark.urls("bench.server_urls")]
STOCK_NEWS = "/bench/stock/api/v2/news/"


@pytest.fixture
def application():
    """Django's WSGI handler, without the connection check that would close the test's
    transaction (Django's test client leaves it out the same way)."""
    from django.core.handlers.wsgi import WSGIHandler

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def ids(application, path):
    status, body = wsgi_get(application, path)
    assert status == 200, body[:300]
    return {item["id"] for item in json.loads(body)["items"]}


def test_stock_news_answers_in_the_language_asked_for_and_only_live_items(application):
    spanish = NewsItem.objects.filter(locale__language_code="es", live=True)
    english = NewsItem.objects.filter(locale__language_code="en", live=True)

    assert ids(application, f"{STOCK_NEWS}?locale=es&fields=*") == {n.pk for n in spanish}

    draft = english.first()
    draft.unpublish()
    assert ids(application, f"{STOCK_NEWS}?locale=en") == {
        n.pk for n in english.exclude(pk=draft.pk)
    }


def test_alternating_blocks_give_the_ratio_of_the_median_block_times(application):
    listing = endpoints()[0]

    figures = alternating_ratio(application, listing, ("a", "c"), 2, 1, None)

    assert figures["blocks"] == 2 and figures["requests"] == 1
    assert set(figures["ms"]) == {"a", "c"} and figures["ratio"] > 0
    expected = round(figures["ms"]["c"] / figures["ms"]["a"], 1)
    assert abs(figures["ratio"] - expected) <= 0.1 * expected + 0.05


def test_a_cached_answer_in_redis_or_in_memory_asks_the_database_nothing(application):
    url = bench_redis_url()
    assert redis_available(url), f"the tests expect Redis at {url} (BENCH_REDIS_URL)"
    empty_redis(url)
    listing = endpoints()[:1]

    counts = count_queries(listing, ["a", "b", "l", "c"], url)["city_listing"]

    empty_redis(url)
    assert counts["b"] == counts["l"] == 0
    assert counts["a"] > 0 and counts["c"] > 0
