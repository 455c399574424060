"""The scheduler process (`manage.py run_scheduled_jobs`, Procfile `scheduler`): an editor's
go-live and expiry dates take effect when it runs, and a scheduled publish or expiry reaches the
frontends like any other: the webhook receivers are told and the cached API answers dropped."""

from datetime import timedelta
from types import SimpleNamespace

import pytest

from django.core.cache import caches
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from cluster.delivery import cache_version
from cluster.models import CityPage
from tests.delivery.test_webhooks import Receiver
from tests.seed import english

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver(settings):
    receiver = Receiver().start()
    settings.WEBHOOK_URLS = [receiver.url]
    settings.WEBHOOK_SECRET = "test-webhook-secret"
    yield receiver
    receiver.stop()


@pytest.fixture
def api_cache(settings):
    settings.API_CACHE_ENABLED = True
    caches[cache_version.CACHE_ALIAS].clear()
    yield
    caches[cache_version.CACHE_ALIAS].clear()


@pytest.fixture
def run_scheduled_jobs(django_capture_on_commit_callbacks):
    """One round of the scheduler, committed as in its own process."""

    def run(*arguments):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("run_scheduled_jobs", "--once", *arguments)

    return run


def summary_served(client, page):
    response = client.get(f"/api/v2/pages/{page.pk}/")
    return response.status_code, response.json().get("summary")


def test_a_revision_due_to_go_live_is_published_notified_and_served(
    client, receiver, api_cache, run_scheduled_jobs
):
    city = english(CityPage, slug="anyang")
    old_summary = city.summary
    assert summary_served(client, city) == (200, old_summary)  # now in the API cache
    city.summary = "Published by the scheduler."
    city.save_revision(approved_go_live_at=timezone.now() - timedelta(minutes=1))
    assert summary_served(client, city) == (200, old_summary)  # a scheduled draft is not live

    run_scheduled_jobs()

    city.refresh_from_db()
    assert city.live and city.summary == "Published by the scheduler."
    assert summary_served(client, city) == (200, "Published by the scheduler.")
    events = receiver.events()
    assert [(e["type"], e["object"]["id"]) for e in events] == [("page.published", city.pk)]
    assert f"/api/v2/pages/{city.pk}/" in events[0]["api_paths"]


def test_a_revision_due_later_waits(client, receiver, run_scheduled_jobs):
    city = english(CityPage, slug="anyang")
    city.summary = "Not yet."
    city.save_revision(approved_go_live_at=timezone.now() + timedelta(hours=1))

    run_scheduled_jobs()

    city.refresh_from_db()
    assert city.summary != "Not yet."
    assert receiver.events() == []


def test_a_page_past_its_expiry_date_is_unpublished_notified_and_gone(
    client, receiver, api_cache, run_scheduled_jobs
):
    city = english(CityPage, slug="anyang")
    assert summary_served(client, city)[0] == 200
    CityPage.objects.filter(pk=city.pk).update(expire_at=timezone.now() - timedelta(minutes=1))

    run_scheduled_jobs()

    city.refresh_from_db()
    assert not city.live and city.expired
    assert summary_served(client, city)[0] == 404
    assert [(e["type"], e["object"]["id"]) for e in receiver.events()] == [
        ("page.unpublished", city.pk)
    ]


def test_a_failing_job_does_not_stop_the_others_and_fails_a_once_run(monkeypatch):
    from cluster.management.commands import run_scheduled_jobs

    ran = []

    def fake_call_command(name, *arguments, **options):
        ran.append(name)
        if name == "publish_scheduled":
            raise RuntimeError("database gone")

    monkeypatch.setattr(run_scheduled_jobs, "call_command", fake_call_command)

    with pytest.raises(CommandError, match="failed: publish_scheduled"):
        call_command("run_scheduled_jobs", "--once")

    assert ran == ["publish_scheduled", "prune_webhook_deliveries", "clearsessions"]


def test_the_loop_runs_publish_scheduled_every_interval_and_the_prunes_once_a_day(monkeypatch):
    from cluster.management.commands import run_scheduled_jobs

    ran = []
    clock = {"now": 1000.0}

    class Stop(Exception):
        pass

    def sleep(seconds):
        clock["now"] += seconds
        if clock["now"] > 1000 + 3 * 60:
            raise Stop

    monkeypatch.setattr(run_scheduled_jobs, "call_command", lambda name, *a, **o: ran.append(name))
    monkeypatch.setattr(
        run_scheduled_jobs, "close_old_connections", lambda: ran.append("close_old_connections")
    )
    fake_time = SimpleNamespace(monotonic=lambda: clock["now"], sleep=sleep)
    monkeypatch.setattr(run_scheduled_jobs, "time", fake_time)

    with pytest.raises(Stop):
        call_command("run_scheduled_jobs", "--interval", "60")

    assert ran == [
        "publish_scheduled",
        "prune_webhook_deliveries",
        "clearsessions",
        "close_old_connections",
        *["publish_scheduled", "close_old_connections"] * 3,
    ]


def test_an_interval_under_a_second_is_refused():
    with pytest.raises(CommandError, match="--interval must be at least 1"):
        call_command("run_scheduled_jobs", "--interval", "0")
