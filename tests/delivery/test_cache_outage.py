"""The site with its Redis in trouble, refusing connections or accepting them and never
answering: the API and the admin answer as they do without a cache, quickly; the outage is
logged once, not per request; and a change published during an outage is not hidden, once
Redis is back, by answers cached before it. See cluster/delivery/redis_cache.py."""

import logging
import os
import subprocess
import sys
import time

import pytest
import redis

from cluster.delivery import redis_cache
from cluster.delivery.redis_cache import FallbackRedisCache
from cluster.models import CityPage, NewsItem
from tests.seed import english
from tests.support.redis_stand_ins import RedisProxy, SilentServer, closed_port

REDIS_TEST_DB = 6  # this module's own database of the real Redis, flushed
QUICK = 2.0  # seconds: an answer with Redis down; a hung Redis used to cost 5 s per cache call
BACKEND = "cluster.delivery.redis_cache.FallbackRedisCache"


@pytest.fixture(autouse=True)
def fresh_reachability(monkeypatch):
    """Each test meets its Redis for the first time (a port may be handed out twice)."""
    monkeypatch.setattr(redis_cache, "_reachabilities", {})


@pytest.fixture(params=["refusing connections", "hanging"])
def broken_redis(request):
    """The URL of a Redis that refuses connections or accepts them and never answers."""
    if request.param == "refusing connections":
        yield f"redis://127.0.0.1:{closed_port()}/0"
        return
    server = SilentServer().start()
    yield server.url()
    server.stop()


def redis_caches(url, **options):
    """`default` and `api` on the Redis at `url`, as production configures them."""
    entry = {"BACKEND": BACKEND, "LOCATION": url, "OPTIONS": options}
    return {"default": entry, "api": {**entry, "KEY_PREFIX": "api"}}


@pytest.fixture
def use_redis(settings):
    """`use_redis(url)`: from now on the caches are on that Redis and the API cache is on."""

    def switch(url, **options):
        settings.CACHES = redis_caches(url, **options)
        settings.API_CACHE_ENABLED = True

    return switch


@pytest.fixture
def outage_warnings(caplog):
    caplog.set_level(logging.INFO, logger=redis_cache.__name__)
    return lambda: [r for r in caplog.records if r.name == redis_cache.__name__ and r.levelno >= 30]


def api_requests():
    city = english(CityPage, slug="anyang")
    news = NewsItem.objects.filter(locale__language_code="en", live=True).first()
    return {
        "pages listing": ("pages/", {"type": "cluster.CityPage", "fields": "*"}),
        "page detail": (f"pages/{city.pk}/", {}),
        "find": ("pages/find/", {"html_path": city.get_url_parts()[2]}),
        "search": ("pages/", {"search": "Anyang"}),
        "snippet listing": ("news/", {}),
        "snippet detail": (f"news/{news.pk}/", {}),
    }


def timed_get(client, path, params=None):
    started = time.monotonic()
    response = client.get(path, params or {})
    return response, time.monotonic() - started


def answer(response):
    return response.status_code, response.get("Location"), response.content


@pytest.mark.django_db
def test_the_api_answers_as_without_a_cache_quickly_and_logs_the_outage_once(
    client, broken_redis, use_redis, outage_warnings
):
    requests = api_requests()
    expected = {
        name: answer(client.get(f"/api/v2/{path}", params))
        for name, (path, params) in requests.items()
    }
    use_redis(broken_redis)

    for _burst in range(3):
        for name, (path, params) in requests.items():
            response, seconds = timed_get(client, f"/api/v2/{path}", params)
            assert seconds < QUICK, name
            assert answer(response) == expected[name], name

    assert expected["page detail"][0] == 200 and expected["find"][0] == 302
    assert len(outage_warnings()) == 1
    assert "cannot be used" in outage_warnings()[0].getMessage()


@pytest.mark.django_db
def test_the_admin_works_and_publishing_shows_at_once(
    editor_client, client, broken_redis, use_redis, django_capture_on_commit_callbacks
):
    city = english(CityPage, slug="anyang")
    paths = ("/admin/", f"/admin/pages/{city.get_parent().pk}/", f"/admin/pages/{city.pk}/edit/")
    # The explorer alone can take 2 s on a busy machine: the outage may add no more than QUICK.
    usual = {path: max(timed_get(editor_client, path)[1] for _ in range(2)) for path in paths}
    use_redis(broken_redis)

    for path in paths:
        response, seconds = timed_get(editor_client, path)
        assert (response.status_code, seconds < usual[path] + QUICK) == (200, True), path

    city.summary = "Anyang, published while Redis was down."
    with django_capture_on_commit_callbacks(execute=True):
        city.save_revision().publish()
    client.logout()
    response, _seconds = timed_get(client, f"/api/v2/pages/{city.pk}/")
    assert response.json()["summary"] == "Anyang, published while Redis was down."


def test_a_hung_redis_costs_one_timeout_then_none_until_the_retry():
    server = SilentServer().start()
    try:
        cache = FallbackRedisCache(server.url(), {"OPTIONS": {"retry_after": 60}})
        started = time.monotonic()
        assert cache.get("key", "default") == "default"
        first = time.monotonic() - started
        started = time.monotonic()
        for _call in range(20):
            cache.get_many(["a", "b"])
            cache.set("key", "value")
        rest = time.monotonic() - started
    finally:
        server.stop()
    assert 0.2 <= first < 1.0  # the default socket timeout, 0.25 s
    assert rest < 0.05


def test_unreachable_redis_behaves_as_an_empty_cache_that_keeps_nothing():
    cache = FallbackRedisCache(f"redis://127.0.0.1:{closed_port()}/0", {})

    assert cache.get("key") is None
    assert cache.get("key", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("key") is False
    assert cache.add("key", "value") is False
    assert cache.set("key", "value") is None
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert cache.touch("key") is False
    assert cache.get_or_set("key", "computed") == "computed"
    assert cache.delete("key") is False
    assert cache.delete_many(["a", "b"]) is None
    with pytest.raises(ValueError):
        cache.incr("counter")


def test_the_warning_names_the_server_but_never_its_password(outage_warnings):
    port = closed_port()
    cache = FallbackRedisCache(f"redis://:s3cret@127.0.0.1:{port}/3", {})

    cache.get("key")

    [warning] = outage_warnings()
    assert f"127.0.0.1:{port}/3" in warning.getMessage()
    assert "s3cret" not in warning.getMessage()


# --- The real Redis ---------------------------------------------------------------------------


@pytest.fixture
def redis_proxy():
    """A way to the real Redis (database REDIS_TEST_DB, flushed before and after) to cut."""
    proxy = RedisProxy().start()
    flush = redis.Redis.from_url(f"redis://127.0.0.1:6379/{REDIS_TEST_DB}").flushdb
    flush()
    yield proxy
    proxy.stop()
    flush()


@pytest.mark.django_db
def test_a_change_published_while_redis_was_down_is_seen_when_it_returns(
    client,
    use_redis,
    redis_proxy,
    caplog,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    caplog.set_level(logging.INFO, logger=redis_cache.__name__)
    use_redis(redis_proxy.url(db=REDIS_TEST_DB), retry_after=0.2)
    city = english(CityPage, slug="anyang")
    detail = f"/api/v2/pages/{city.pk}/"
    client.get(detail)
    with django_assert_num_queries(0):  # kept in Redis: it works through the proxy
        assert client.get(detail).status_code == 200

    redis_proxy.cut()
    city.summary = "Anyang, published during an outage."
    with django_capture_on_commit_callbacks(execute=True):
        city.save_revision().publish()  # the API cache's invalidation cannot reach Redis
    redis_proxy.restore()
    time.sleep(0.3)  # past retry_after

    assert client.get(detail).json()["summary"] == "Anyang, published during an outage."
    logged = [r for r in caplog.records if r.name == redis_cache.__name__]
    server = f"Redis 127.0.0.1:{redis_proxy.port}/{REDIS_TEST_DB}"
    assert [(r.levelname, r.getMessage().startswith(server)) for r in logged] == [
        ("WARNING", True),
        ("INFO", True),
    ]
    assert "answers again" in logged[1].getMessage()


def test_a_redis_error_that_is_no_outage_is_raised():
    cache = FallbackRedisCache(f"redis://127.0.0.1:6379/{REDIS_TEST_DB}", {"KEY_PREFIX": "outage"})
    cache.set("not-a-number", "text")
    try:
        with pytest.raises(redis.exceptions.ResponseError):
            cache.incr("not-a-number")
    finally:
        cache.delete("not-a-number")


def test_production_puts_both_caches_on_redis_with_a_short_timeout():
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "a-production-key-of-fifty-characters-or-more-0123456789",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/unused",
        "WAGTAILADMIN_BASE_URL": "https://cms.example.org",
        "WAGTAILAPI_BASE_URL": "https://cms.example.org",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "REDIS_TIMEOUT": "0.1",
    }
    script = (
        "from django.conf import settings; "
        "caches = settings.CACHES.values(); "
        "print(sorted({(c['BACKEND'], c['OPTIONS']['socket_timeout']) for c in caches}))"
    )
    output = subprocess.run(
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=True
    ).stdout

    assert output.strip() == f"[('{BACKEND}', 0.1)]"
