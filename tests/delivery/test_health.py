"""`/healthz/` for load balancers: JSON naming each check, a 503 only when this server cannot
serve (its database or its storage), never cached, no login, no language prefix, no host check;
`/healthz/live/` checks nothing. See cluster/health.py."""

import datetime

import pytest
from django_tasks_db.models import DBTaskResult

from django.utils import timezone

from cluster.renditions import make_renditions
from tests.support.redis_stand_ins import closed_port

CHECKS = {"database", "cache", "storage", "task_queue"}
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def health(client):
    def get(path="/healthz/", **headers):
        response = client.get(path, **headers)
        return response.status_code, response.json(), response

    return get


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz/", "/healthz"])
def test_healthy_server_answers_200_naming_every_check(health, path):
    status, body, response = health(path)

    assert status == 200
    assert body["status"] == "ok"
    assert set(body["checks"]) == CHECKS
    assert {check["status"] for check in body["checks"].values()} == {"ok"}
    assert body["checks"]["cache"]["caches"] == ["default", "api"]
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"] == "application/json"


@pytest.mark.django_db
def test_readiness_costs_one_query_and_liveness_none(health, settings, django_assert_num_queries):
    with django_assert_num_queries(1):  # SELECT 1; tasks run in the request: no queue to read
        assert health()[0] == 200
    settings.TASKS = DATABASE_TASKS
    with django_assert_num_queries(2):  # and the queue's oldest task
        assert health()[0] == 200
    with django_assert_num_queries(0):
        assert health("/healthz/live/")[:2] == (200, {"status": "ok"})


@pytest.mark.django_db
def test_a_load_balancer_probing_by_address_over_http_gets_an_answer(health, settings):
    """Not refused as an unknown host, not redirected to HTTPS nor to a language prefix."""
    settings.ALLOWED_HOSTS = ["cms.example.org"]
    settings.SECURE_SSL_REDIRECT = True

    status, body, _response = health(HTTP_HOST="10.0.0.7:8000")

    assert (status, body["status"]) == (200, "ok")


@pytest.mark.django_db
def test_a_missing_media_directory_fails_the_server(health, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "not-mounted"

    status, body, _response = health()

    assert (status, body["status"]) == (503, "failed")
    assert body["checks"]["storage"]["status"] == "failed"
    assert "media directory" in body["checks"]["storage"]["error"]
    assert body["checks"]["database"]["status"] == "ok"


@pytest.mark.django_db
def test_an_unreachable_cache_is_named_but_does_not_take_the_server_out(health, settings):
    """Every server shares the cache and answers without it, from the database."""
    settings.CACHES = {
        **settings.CACHES,
        "api": {
            "BACKEND": "cluster.delivery.redis_cache.FallbackRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        },
    }

    status, body, _response = health()

    assert (status, body["status"]) == (200, "degraded")
    assert body["checks"]["cache"] == {
        "status": "failed",
        "error": "the 'api' cache did not keep a value",
        "ms": body["checks"]["cache"]["ms"],
    }
    assert body["checks"]["database"]["status"] == "ok"


@pytest.mark.django_db
def test_the_task_queue_reports_waiting_tasks_and_fails_when_the_oldest_waits_too_long(
    health, settings
):
    settings.TASKS = DATABASE_TASKS
    settings.HEALTH_MAX_QUEUE_AGE = 300
    make_renditions.enqueue([])
    make_renditions.enqueue([])

    status, body, _response = health()

    assert status == 200
    queue = body["checks"]["task_queue"]
    assert (queue["status"], queue["pending"], queue["oldest_seconds"]) == ("ok", 2, 0)

    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    DBTaskResult.objects.filter(pk=DBTaskResult.objects.first().pk).update(enqueued_at=an_hour_ago)
    status, body, _response = health()

    assert (status, body["status"]) == (200, "degraded")
    assert body["checks"]["task_queue"]["status"] == "failed"
    assert "2 tasks waiting, the oldest for 3600 s" in body["checks"]["task_queue"]["error"]
