"""Servers (gunicorn, in processes of their own) whose shared cache or database is in trouble:

- the Redis refuses connections, or accepts them and never answers: every endpoint answers from
  the database, 200, within a second of the Redis timeout, and /healthz/ stays in the load
  balancer, naming the cache (tests/delivery/test_cache_outage.py covers the same in one process);
- the PostgreSQL refuses connections, or accepts them and never answers: /healthz/ answers 503
  naming the database, the API 503 JSON, quickly (DATABASE_CONNECT_TIMEOUT), and the liveness
  probe still 200.
"""

import pytest

from django.db import connection

from tests.support.cms_processes import (
    PostgresCopy,
    Server,
    base_environment,
    sqlite_copy_of_test_database,
)
from tests.support.redis_stand_ins import SilentServer, closed_port

REDIS_TIMEOUT = 0.25
# An answer without the cache costs the Redis timeout at most once per REDIS_RETRY_AFTER, plus
# the uncached request itself. The goal is a second over the timeout: on a 2-CPU machine at load
# average 14, the slowest of 26 answers took 0.59 to 0.74 s (26 in 3.8 to 4.6 s); one answer took
# 1.35 s during a full run of the suite, hence the margin. redis-py's own 5 s wait would fail it.
QUICK = REDIS_TIMEOUT + 1.75
CONNECT_TIMEOUT = 2  # seconds, DATABASE_CONNECT_TIMEOUT (libpq's minimum that counts is 2)
FIRST_REQUEST_TIMEOUT = 60
pytestmark = pytest.mark.django_db  # the servers' database is a copy of the seeded one

CACHE_DOWN = ("Redis refusing connections", "Redis hanging")
DATABASE_DOWN = ("PostgreSQL refusing connections", "PostgreSQL hanging")


def postgres_at(port):
    return f"postgres://postgres@127.0.0.1:{port}/cms"


@pytest.fixture(scope="module")
def servers(django_db_setup, django_db_blocker, tmp_path_factory):
    """{scenario: Server}, started together."""
    workdir = tmp_path_factory.mktemp("faults")
    postgres_copy = None
    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            postgres_copy = PostgresCopy("faults")
            database_url = postgres_copy.url
        else:
            database_url = sqlite_copy_of_test_database(workdir / "db.sqlite3")
    silent_redis, silent_postgres = SilentServer().start(), SilentServer().start()
    common = {"API_CACHE_ENABLED": "true", "REDIS_TIMEOUT": str(REDIS_TIMEOUT)}
    environments = {
        CACHE_DOWN[0]: {"REDIS_URL": f"redis://127.0.0.1:{closed_port()}/0"},
        CACHE_DOWN[1]: {"REDIS_URL": silent_redis.url()},
        DATABASE_DOWN[0]: {"DATABASE_URL": postgres_at(closed_port())},
        DATABASE_DOWN[1]: {"DATABASE_URL": postgres_at(silent_postgres.port)},
    }
    started = {}
    try:
        for number, (scenario, environment) in enumerate(environments.items()):
            env = base_environment(
                **{
                    "DATABASE_URL": database_url,
                    "CACHE_DIR": str(workdir / f"cache-{number}"),
                    "DATABASE_CONNECT_TIMEOUT": str(CONNECT_TIMEOUT),
                    **common,
                    **environment,
                }
            )
            started[scenario] = Server(env, workdir / f"server-{number}.log")
        yield {scenario: server.ready() for scenario, server in started.items()}
    finally:
        for server in started.values():
            server.signal_stop()
        for server in started.values():
            server.stop()
        silent_redis.stop()
        silent_postgres.stop()
        if postgres_copy is not None:
            postgres_copy.drop()


def every_endpoint(server):
    """Paths of every kind of API answer, with ids read from the server itself."""
    status, body, _elapsed = server.get(
        "/api/v2/pages/?type=cluster.CityPage&slug=anyang", timeout=FIRST_REQUEST_TIMEOUT
    )
    assert status == 200, body
    city_id = body["items"][0]["id"]
    news_id = server.get("/api/v2/news/?limit=1")[1]["items"][0]["id"]
    image_id = server.get("/api/v2/images/?limit=1")[1]["items"][0]["id"]
    return [
        "/api/v2/pages/?type=cluster.CityPage&fields=*",
        f"/api/v2/pages/{city_id}/",
        "/api/v2/pages/?type=cluster.CityPage&locale=es&fields=*",
        "/api/v2/pages/?search=Anyang",
        "/api/v2/news/",
        f"/api/v2/news/{news_id}/",
        "/api/v2/knowledge/",
        "/api/v2/videos/",
        "/api/v2/topics/",
        "/api/v2/images/",
        f"/api/v2/images/{image_id}/",
        "/api/v2/documents/",
        "/api/v2/schema/",
    ]


@pytest.mark.parametrize("scenario", CACHE_DOWN)
def test_with_the_shared_cache_down_every_endpoint_answers_from_the_database(servers, scenario):
    server = servers[scenario]
    for path in every_endpoint(server):
        for _ in range(2):  # the second would be a cache hit
            status, body, elapsed = server.get(path)
            assert status == 200, (path, body)
            assert elapsed < QUICK, (path, elapsed)


@pytest.mark.parametrize("scenario", CACHE_DOWN)
def test_with_the_shared_cache_down_the_server_stays_ready_naming_the_cache(servers, scenario):
    status, body, elapsed = servers[scenario].get("/healthz/", timeout=FIRST_REQUEST_TIMEOUT)

    assert (status, body["status"]) == (200, "degraded")
    assert body["checks"]["cache"]["status"] == "failed"
    assert body["checks"]["database"]["status"] == "ok"


@pytest.mark.parametrize("scenario", DATABASE_DOWN)
def test_with_the_database_down_health_says_so_and_the_api_answers_503_quickly(servers, scenario):
    server = servers[scenario]

    status, body, elapsed = server.get("/healthz/", timeout=FIRST_REQUEST_TIMEOUT)
    assert (status, body["status"]) == (503, "failed")
    assert body["checks"]["database"]["status"] == "failed"
    assert elapsed < CONNECT_TIMEOUT + 1

    for path in ("/api/v2/pages/", "/api/v2/news/", "/api/v2/pages/find/?html_path=/en/"):
        status, body, elapsed = server.get(path)
        assert (status, body) == (503, {"message": "the database is unavailable"}), path
        assert elapsed < CONNECT_TIMEOUT + 1, (path, elapsed)

    assert server.get("/healthz/live/")[:2] == (200, {"status": "ok"})
