"""Publish notifications: every publish, unpublish, deletion and move of a page or snippet, in
any language, is POSTed as a signed JSON event to each receiver in WEBHOOK_URLS, in the
background, retried with backoff, and logged for editors.

The receiver is a real HTTP server on 127.0.0.1 that the test starts. Tasks run through
`HoldingBackend`: the immediate backend, except that a retry (a task with `run_after`) is held
until the test runs it, so retries never sleep and the test decides when time has passed.
"""

import hashlib
import hmac
import io
import json
import socket
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler

import pytest
from django_tasks import TaskResultStatus, signals
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import http_date

from wagtail.models import ReferenceIndex
from wagtail_localize.models import Translation

from cluster.delivery.webhook_tasks import NO_DEFERRED_RETRY, deliver_webhook
from cluster.models import CityPage, ClusterPage, NewsItem, Topic, Video, WebhookDelivery
from cluster.translation.permissions import EDITORS_GROUP, TRANSLATOR_GROUPS
from home.models import HomePage
from tests.seed import english, locale
from tests.support.local_server import LocalServer

pytestmark = pytest.mark.django_db

SECRET = "test-webhook-secret"
NEWS_SLUG = "travel-south-over-cloud-china-mexico"
TOPIC_SLUG = "cities-clusters-tourism"


# --- a receiver on 127.0.0.1 ---------------------------------------------------------------


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes

    @property
    def event(self):
        return json.loads(self.body)


class Receiver:
    """Records every POST (path, headers, raw body) and answers 200, or the statuses queued
    with `answer()` (a status, or a status and headers), one per request; `delay` makes it
    wait before answering."""

    def __init__(self):
        self.received = []
        self.statuses = deque()
        self.delay = 0
        self.released = threading.Event()
        self.server = LocalServer(self._handler())
        self.url = f"{self.server.url}/revalidate"

    def _handler(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append(Received(self.path, dict(self.headers), body))
                if receiver.delay:
                    receiver.released.wait(receiver.delay)
                answer = receiver.statuses.popleft() if receiver.statuses else 200
                status, headers = answer if isinstance(answer, tuple) else (answer, {})
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        return Handler

    def answer(self, *statuses):
        self.statuses.extend(statuses)

    def events(self):
        return [request.event for request in self.received]

    def start(self):
        self.server.start()
        return self

    def stop(self):
        self.released.set()
        self.server.stop()


@pytest.fixture
def receiver():
    receiver = Receiver().start()
    yield receiver
    receiver.stop()


@pytest.fixture
def dead_url():
    """An address on 127.0.0.1 where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/revalidate"


# --- running tasks -------------------------------------------------------------------------


class HoldingBackend(ImmediateBackend):
    """Runs a task at once, like the immediate backend, unless it is to run later (`run_after`):
    such a task is held until `run_held()`."""

    supports_defer = True

    def __init__(self, alias, params):
        super().__init__(alias, params)
        self.held = []

    def enqueue(self, task, args, kwargs):
        if task.run_after is None:
            return super().enqueue(task, args, kwargs)
        self.validate_task(task)
        self.held.append((task, args, kwargs, timezone.now()))
        return None

    def run_held(self):
        """Run the held tasks, as the clock reaching their `run_after` would; returns the delay
        each of them was held for, in seconds, rounded."""
        delays = []
        while self.held:
            task, args, kwargs, enqueued_at = self.held.pop(0)
            delays.append(round((task.run_after - enqueued_at).total_seconds()))
            super().enqueue(replace(task, run_after=None), args, kwargs)
        return delays


HOLDING_BACKEND = f"{__name__}.HoldingBackend"
IMMEDIATE_BACKEND = "django_tasks.backends.immediate.ImmediateBackend"
DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"


@pytest.fixture
def failed_tasks():
    """Every task that raised (the backends record it instead of raising): none may."""
    failed = []

    def record(sender, task_result, **kwargs):
        if task_result.status == TaskResultStatus.FAILED:
            failed.append(task_result)

    signals.task_finished.connect(record, dispatch_uid="test-webhooks-failed-tasks")
    yield failed
    signals.task_finished.disconnect(dispatch_uid="test-webhooks-failed-tasks")
    assert not failed, [error.traceback for result in failed for error in result.errors]


@pytest.fixture
def webhooks(settings, receiver, failed_tasks):
    """Webhooks on, to the receiver; returns the task backend."""
    settings.WEBHOOK_URLS = [receiver.url]
    settings.WEBHOOK_SECRET = SECRET
    settings.WEBHOOK_TIMEOUT = 2
    settings.WEBHOOK_MAX_ATTEMPTS = 5
    settings.WEBHOOK_RETRY_DELAY = 10
    settings.TASKS = {"default": {"BACKEND": HOLDING_BACKEND}}
    return deliver_webhook.get_backend()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit(): ...` runs the change, then what it deferred to the commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


# --- seed objects --------------------------------------------------------------------------


def puebla(language="en"):
    return english(CityPage, slug="puebla").get_translation(locale(language))


def cluster_page(language="en"):
    return english(ClusterPage).get_translation(locale(language))


def news_item(language="en"):
    return NewsItem.objects.get(slug=NEWS_SLUG, locale__language_code=language)


def html_path(page):
    """Where the frontend serves a page: `/es/<cluster>/puebla/`."""
    return page.get_url_parts()[2]


def only_event(receiver, event_type):
    events = [event for event in receiver.events() if event["type"] == event_type]
    assert len(events) == 1, receiver.events()
    return events[0]


def publish_translation(obj, language):
    """Publish a translation as wagtail-localize does from its editor."""
    translation = Translation.objects.get(
        source__object_id=obj.translation_key, target_locale=locale(language)
    )
    translation.save_target(publish=True)


# --- what is sent ----------------------------------------------------------------------------


def test_publishing_a_page_posts_an_event_naming_what_to_revalidate(webhooks, receiver, commit):
    page, parent = puebla(), cluster_page()
    started = timezone.now()
    with commit():
        page.save_revision().publish()

    (request,) = receiver.received
    event = request.event
    assert uuid.UUID(event["id"])
    assert event["type"] == "page.published"
    assert started <= datetime.fromisoformat(event["timestamp"]) <= timezone.now()
    assert event["timestamp"].endswith("Z")
    assert event["object"] == {
        "type": "cluster.CityPage",
        "id": page.pk,
        "locale": "en",
        "slug": "puebla",
        "title": page.title,
        "translation": False,
        "source_locale": "en",
        "translation_key": str(page.translation_key),
        "html_path": html_path(page),
    }
    assert event["api_paths"][:4] == [
        f"/api/v2/pages/{page.pk}/",
        "/api/v2/pages/?type=cluster.CityPage",
        f"/api/v2/pages/?child_of={parent.pk}",
        f"/api/v2/pages/find/?html_path={html_path(page)}",
    ]
    assert event["url_paths"][:2] == [html_path(page), html_path(parent)]
    # Every other language version lists this one in its meta.translations.
    for language in ("zh-hans", "es"):
        assert f"/api/v2/pages/{puebla(language).pk}/" in event["api_paths"]
        assert html_path(puebla(language)) in event["url_paths"]
    assert request.path == "/revalidate"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["X-Event-Id"] == event["id"]
    assert request.headers["X-Event-Type"] == "page.published"
    assert request.headers["X-Webhook-Attempt"] == "1"


def test_every_api_path_in_an_event_is_one_the_api_answers(webhooks, receiver, commit, client):
    with commit():
        puebla("es").save_revision().publish()
        news_item("es").save_revision().publish()

    paths = [path for event in receiver.events() for path in event["api_paths"]]
    assert len(paths) > 10
    for path in paths:
        expected = 302 if "/find/" in path else 200  # find redirects to the detail
        assert client.get(path).status_code == expected, path


def test_publishing_a_spanish_translation_says_it_is_a_translation(webhooks, receiver, commit):
    spanish, english_page = puebla("es"), puebla("en")
    with commit():
        publish_translation(english_page, "es")

    event = only_event(receiver, "page.published")
    assert event["object"]["id"] == spanish.pk
    assert event["object"]["locale"] == "es"
    assert event["object"]["translation"] is True
    assert event["object"]["source_locale"] == "en"
    assert event["object"]["html_path"].startswith("/es/")
    assert event["api_paths"][0] == f"/api/v2/pages/{spanish.pk}/"
    assert f"/api/v2/pages/?child_of={cluster_page('es').pk}" in event["api_paths"]
    assert f"/api/v2/pages/{english_page.pk}/" in event["api_paths"]
    assert event["url_paths"][:2] == [html_path(spanish), html_path(cluster_page("es"))]


def test_publishing_a_snippet_posts_its_detail_and_listing(webhooks, receiver, commit):
    news = news_item("en")
    with commit():
        news.save_revision().publish()

    event = only_event(receiver, "snippet.published")
    assert event["object"] == {
        "type": "cluster.NewsItem",
        "id": news.pk,
        "locale": "en",
        "slug": NEWS_SLUG,
        "title": news.title,
        "translation": False,
        "source_locale": "en",
        "translation_key": str(news.translation_key),
    }
    assert event["api_paths"][:2] == [f"/api/v2/news/{news.pk}/", "/api/v2/news/"]
    for language in ("zh-hans", "es"):
        assert f"/api/v2/news/{news_item(language).pk}/" in event["api_paths"]
    # The video naming this news item shows it in its `related_news`.
    video = Video.objects.get(related_news=news)
    assert f"/api/v2/videos/{video.pk}/" in event["api_paths"]
    assert event["url_paths"] == []  # no page shows news


def test_publishing_a_spanish_snippet_translation(webhooks, receiver, commit):
    with commit():
        publish_translation(news_item("en"), "es")

    event = only_event(receiver, "snippet.published")
    assert event["object"]["id"] == news_item("es").pk
    assert event["object"]["locale"] == "es"
    assert event["object"]["translation"] is True
    assert event["object"]["source_locale"] == "en"
    assert f"/api/v2/news/{news_item('en').pk}/" in event["api_paths"]


def test_publishing_a_topic_names_the_pages_that_show_it(webhooks, receiver, commit):
    topic = Topic.objects.get(slug=TOPIC_SLUG, locale__language_code="en")
    assert ReferenceIndex.get_references_to(topic).exists()
    with commit():
        topic.save_revision().publish()

    event = only_event(receiver, "snippet.published")
    assert event["api_paths"][:2] == [f"/api/v2/topics/{topic.pk}/", "/api/v2/topics/"]
    assert f"/api/v2/pages/{puebla().pk}/" in event["api_paths"]
    assert html_path(puebla()) in event["url_paths"]


def test_the_signature_is_an_hmac_of_the_raw_body(webhooks, receiver, commit):
    with commit():
        puebla().save_revision().publish()

    (request,) = receiver.received
    expected = "sha256=" + hmac.new(SECRET.encode(), request.body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(request.headers["X-Signature-256"], expected)
    forged = "sha256=" + hmac.new(b"another secret", request.body, hashlib.sha256).hexdigest()
    assert not hmac.compare_digest(request.headers["X-Signature-256"], forged)


def test_every_receiver_gets_the_same_event(webhooks, settings, receiver, commit):
    second = Receiver().start()
    try:
        settings.WEBHOOK_URLS = [receiver.url, second.url]
        with commit():
            puebla().save_revision().publish()
    finally:
        second.stop()

    (first_request,) = receiver.received
    (second_request,) = second.received
    assert first_request.body == second_request.body
    assert WebhookDelivery.objects.filter(succeeded=True).count() == 2


# --- when nothing is sent --------------------------------------------------------------------


def test_without_webhook_urls_nothing_is_sent(webhooks, settings, receiver, commit):
    settings.WEBHOOK_URLS = []
    with commit():
        puebla().save_revision().publish()
        news_item().save_revision().publish()

    assert receiver.received == []
    assert webhooks.held == []
    assert not WebhookDelivery.objects.exists()


def test_a_rolled_back_publish_sends_nothing(webhooks, receiver, commit):
    class RolledBack(Exception):
        pass

    with commit(), pytest.raises(RolledBack), transaction.atomic():
        puebla().save_revision().publish()
        raise RolledBack

    assert receiver.received == []


# --- unpublish, delete, move -----------------------------------------------------------------


def test_unpublishing_a_page(webhooks, receiver, commit):
    page = puebla("es")
    with commit():
        page.unpublish()

    (event,) = receiver.events()  # Wagtail's generic `unpublished` signal adds nothing
    assert event["type"] == "page.unpublished"
    assert event["object"]["id"] == page.pk
    assert event["api_paths"][0] == f"/api/v2/pages/{page.pk}/"
    assert html_path(page) in event["url_paths"]


def test_unpublishing_a_snippet(webhooks, receiver, commit):
    news = news_item("es")
    with commit():
        news.unpublish()

    (event,) = receiver.events()
    assert event["type"] == "snippet.unpublished"
    assert event["object"]["id"] == news.pk
    assert event["api_paths"][:2] == [f"/api/v2/news/{news.pk}/", "/api/v2/news/"]


def test_deleting_a_page(webhooks, receiver, commit):
    page, parent = puebla("es"), cluster_page("es")
    path = html_path(page)
    with commit():
        page.delete()

    # One event: not one per model of the page's inheritance chain, nor a `page.unpublished` for
    # Wagtail unpublishing the page just before deleting it.
    (event,) = receiver.events()
    assert event["type"] == "page.deleted"
    assert event["object"]["id"] == page.pk
    assert event["object"]["html_path"] == path
    assert event["api_paths"][:4] == [
        f"/api/v2/pages/{page.pk}/",
        "/api/v2/pages/?type=cluster.CityPage",
        f"/api/v2/pages/?child_of={parent.pk}",
        f"/api/v2/pages/find/?html_path={path}",
    ]
    assert event["url_paths"][:2] == [path, html_path(parent)]


def test_deleting_a_snippet(webhooks, receiver, commit):
    news = news_item("es")
    news_id = news.pk
    with commit():
        news.delete()

    event = only_event(receiver, "snippet.deleted")
    assert event["object"]["id"] == news_id
    assert event["api_paths"][:2] == [f"/api/v2/news/{news_id}/", "/api/v2/news/"]


def test_moving_a_page_names_its_old_and_new_places(webhooks, receiver, commit):
    page, old_parent = puebla(), cluster_page()
    home = HomePage.objects.get(depth=2, locale__language_code="en")
    new_parent = home.add_child(
        instance=ClusterPage(title="Another cluster", slug="another", introduction="<p>New</p>")
    )
    old_path = html_path(page)
    with commit():
        page.move(new_parent, pos="last-child")

    page.refresh_from_db()
    new_path = html_path(page)
    assert new_path == "/en/another/puebla/"
    (event,) = receiver.events()
    assert event["type"] == "page.moved"
    assert event["object"]["html_path"] == new_path
    assert event["moved_from"] == {"parent_id": old_parent.pk, "html_path": old_path}
    assert event["moved_paths"] == [{"old_path": old_path, "new_path": new_path}]
    assert "/api/v2/redirects/" in event["api_paths"]
    for path in (
        f"/api/v2/pages/?child_of={new_parent.pk}",
        f"/api/v2/pages/?child_of={old_parent.pk}",
        f"/api/v2/pages/find/?html_path={new_path}",
        f"/api/v2/pages/find/?html_path={old_path}",
    ):
        assert path in event["api_paths"]
    for path in (new_path, old_path, "/en/another/", html_path(old_parent)):
        assert path in event["url_paths"]


def test_changing_a_slug_moves_the_page_and_the_pages_below_it(webhooks, receiver, commit):
    cluster = cluster_page()
    old_cluster_path, old_city_path = html_path(cluster), html_path(puebla())
    cluster.slug = "cluster"
    with commit():
        cluster.save_revision().publish()

    moved = only_event(receiver, "page.moved")
    assert only_event(receiver, "page.published")["object"]["html_path"] == "/en/cluster/"
    assert moved["moved_from"]["html_path"] == old_cluster_path
    moves = {move["old_path"]: move["new_path"] for move in moved["moved_paths"]}
    assert moves[old_cluster_path] == "/en/cluster/"
    assert moves[old_city_path] == "/en/cluster/puebla/"
    assert len(moves) == 1 + english(ClusterPage).get_descendants().count()
    for path in (old_cluster_path, "/en/cluster/", old_city_path, "/en/cluster/puebla/"):
        assert path in moved["url_paths"]
    assert f"/api/v2/pages/find/?html_path={old_city_path}" in moved["api_paths"]
    assert f"/api/v2/pages/{puebla().pk}/" in moved["api_paths"]


# --- delivery: retries, slow and dead receivers, the log ---------------------------------------


def test_a_failing_receiver_is_retried_with_backoff_until_it_accepts(webhooks, receiver, commit):
    receiver.answer(500, 503)
    with commit():
        puebla().save_revision().publish()

    assert len(receiver.received) == 1  # publishing made one attempt and held the retry
    assert webhooks.run_held() == [10, 20]  # seconds: the delay doubles

    bodies = {request.body for request in receiver.received}
    assert len(bodies) == 1  # the same signed event every time
    attempts = [request.headers["X-Webhook-Attempt"] for request in receiver.received]
    assert attempts == ["1", "2", "3"]
    log = list(WebhookDelivery.objects.order_by("attempt"))
    assert [(row.attempt, row.status_code, row.succeeded) for row in log] == [
        (1, 500, False),
        (2, 503, False),
        (3, 200, True),
    ]
    assert len({row.event_id for row in log}) == 1
    assert str(log[0].event_id) == receiver.received[0].event["id"]
    assert log[0].next_attempt_at - log[0].created_at == pytest.approx(
        timedelta(seconds=10), abs=timedelta(seconds=1)
    )
    assert log[1].next_attempt_at - log[1].created_at == pytest.approx(
        timedelta(seconds=20), abs=timedelta(seconds=1)
    )
    assert log[2].next_attempt_at is None
    assert log[0].error == "HTTP 500"
    assert log[0].url == receiver.url
    assert log[0].object_type == "cluster.CityPage"
    assert log[0].locale == "en"


def test_a_receiver_that_keeps_failing_is_given_up_after_the_last_attempt(
    webhooks, settings, receiver, commit
):
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    receiver.answer(500, 500, 500, 500)
    with commit():
        puebla().save_revision().publish()
    assert webhooks.run_held() == [10, 20]

    assert len(receiver.received) == 3
    last = WebhookDelivery.objects.get(attempt=3)
    assert not last.succeeded
    assert last.next_attempt_at is None
    assert last.error == "HTTP 500; gave up after 3 attempts"


def test_a_receiver_asking_to_wait_is_retried_no_sooner(webhooks, receiver, commit):
    in_two_minutes = http_date(time.time() + 120)
    receiver.answer((503, {"Retry-After": "300"}), (429, {"Retry-After": in_two_minutes}))
    with commit():
        puebla().save_revision().publish()

    assert webhooks.run_held() == [300, pytest.approx(120, abs=2)]
    log = list(WebhookDelivery.objects.order_by("attempt"))
    assert [(row.status_code, row.succeeded) for row in log] == [
        (503, False),
        (429, False),
        (200, True),
    ]
    assert log[0].error == "HTTP 503; the receiver asked to wait 300 s"


def test_a_shorter_retry_after_never_shortens_the_backoff(webhooks, receiver, commit):
    receiver.answer((503, {"Retry-After": "1"}), (503, {"Retry-After": "soon"}))
    with commit():
        puebla().save_revision().publish()

    assert webhooks.run_held() == [10, 20]


def test_a_retry_after_beyond_the_longest_wait_is_cut_to_it(webhooks, settings, receiver, commit):
    settings.WEBHOOK_MAX_RETRY_DELAY = 600
    receiver.answer((503, {"Retry-After": "86400"}))
    with commit():
        puebla().save_revision().publish()

    assert webhooks.run_held() == [600]
    first = WebhookDelivery.objects.get(attempt=1)
    assert first.error == (
        "HTTP 503; the receiver asked to wait 86400 s; waiting the longest allowed, 600 s"
    )


def test_old_attempts_are_pruned_and_recent_ones_kept(webhooks, receiver, commit):
    receiver.answer(500)
    with commit():
        puebla().save_revision().publish()
    webhooks.run_held()
    old, recent = WebhookDelivery.objects.order_by("attempt")
    WebhookDelivery.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))

    output = io.StringIO()
    call_command("prune_webhook_deliveries", "--dry-run", stdout=output)
    assert "would delete 1 attempts" in output.getvalue()
    assert WebhookDelivery.objects.count() == 2

    call_command("prune_webhook_deliveries", stdout=output)
    assert list(WebhookDelivery.objects.all()) == [recent]

    with pytest.raises(CommandError, match="--days must be at least 1"):
        call_command("prune_webhook_deliveries", "--days", "0")


def test_a_refusal_that_would_not_change_is_not_retried(webhooks, receiver, commit):
    receiver.answer(401)
    with commit():
        puebla().save_revision().publish()

    assert webhooks.held == []
    (row,) = WebhookDelivery.objects.all()
    assert (row.status_code, row.succeeded, row.next_attempt_at) == (401, False, None)


def test_a_slow_receiver_does_not_hold_up_publishing(webhooks, settings, receiver, commit):
    settings.WEBHOOK_TIMEOUT = 0.3
    receiver.delay = 10
    page = puebla()
    started = time.monotonic()
    with commit():
        page.save_revision().publish()
    elapsed = time.monotonic() - started

    assert elapsed < 2  # the attempt gave up after 0.3 s; the retry is scheduled, not slept
    page.refresh_from_db()
    assert page.live and not page.has_unpublished_changes
    (row,) = WebhookDelivery.objects.all()
    assert row.error == "timed out after 0.3 s"
    assert row.next_attempt_at is not None
    assert len(webhooks.held) == 1


def test_a_dead_receiver_does_not_make_publishing_fail(webhooks, settings, dead_url, commit):
    settings.WEBHOOK_URLS = [dead_url]
    news = news_item()
    with commit():
        news.save_revision().publish()

    news.refresh_from_db()
    assert news.live
    (row,) = WebhookDelivery.objects.all()
    assert row.error.startswith("connection failed: ")
    assert "Connection refused" in row.error
    assert "127.0.0.1" not in row.error  # the address may hold a token: it is not repeated
    assert row.status_code is None and not row.succeeded
    assert len(webhooks.held) == 1


def test_the_immediate_backend_makes_one_attempt_and_says_why_there_is_no_retry(
    webhooks, settings, receiver, commit
):
    settings.TASKS = {"default": {"BACKEND": IMMEDIATE_BACKEND}}
    receiver.answer(500)
    with commit():
        puebla().save_revision().publish()

    assert len(receiver.received) == 1
    (row,) = WebhookDelivery.objects.all()
    assert row.error == f"HTTP 500; {NO_DEFERRED_RETRY}"
    assert row.next_attempt_at is None


def test_the_log_keeps_credentials_and_query_values_out(webhooks, settings, receiver, commit):
    settings.WEBHOOK_URLS = [receiver.url.replace("http://", "http://user:pw@") + "?token=abc"]
    with commit():
        puebla().save_revision().publish()

    (request,) = receiver.received
    assert request.path == "/revalidate?token=abc"
    assert WebhookDelivery.objects.get().url == f"{receiver.url}?…"


def test_with_the_database_backend_publishing_queues_and_the_worker_delivers(
    webhooks, settings, receiver, commit, monkeypatch
):
    settings.TASKS = {"default": {"BACKEND": DATABASE_BACKEND}}
    # The worker closes stale connections between tasks; here that would end the test's
    # transaction.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    receiver.answer(502)
    with commit():
        puebla().save_revision().publish()

    assert receiver.received == []  # publishing only queued the delivery
    queued = DBTaskResult.objects.filter(task_path="cluster.delivery.webhook_tasks.deliver_webhook")
    assert queued.ready().count() == 1
    wagtails_own = DBTaskResult.objects.exclude(
        task_path="cluster.delivery.webhook_tasks.deliver_webhook"
    )
    assert wagtails_own.exists()  # e.g. the reference index update

    run_worker()
    assert len(receiver.received) == 1
    assert not DBTaskResult.objects.failed().exists()
    assert wagtails_own.successful().count() == wagtails_own.count()
    retry = queued.get(status=TaskResultStatus.READY)
    assert retry.args_kwargs["args"][3] == 2
    assert retry.run_after > timezone.now() + timedelta(seconds=8)

    run_worker()  # not due yet
    assert len(receiver.received) == 1
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker()
    assert len(receiver.received) == 2
    assert [row.succeeded for row in WebhookDelivery.objects.order_by("attempt")] == [False, True]


def run_worker():
    """`manage.py db_worker --batch`: run every task that is due, then stop."""
    db_worker.Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


# --- the log in the admin --------------------------------------------------------------------


def user_in(group_name):
    user = get_user_model().objects.create_user(f"{uuid.uuid4().hex[:8]}", password="pw")
    user.groups.add(Group.objects.get(name=group_name))
    return user


def test_editors_see_the_delivery_log_read_only(webhooks, receiver, commit, client):
    receiver.answer(500)
    with commit():
        puebla().save_revision().publish()
    webhooks.run_held()
    client.force_login(user_in(EDITORS_GROUP))

    assert reverse("webhook_deliveries:index").encode() in client.get("/admin/").content  # menu
    response = client.get(reverse("webhook_deliveries:index"))
    assert response.status_code == 200
    assert b"Puebla" in response.content
    assert b"HTTP 500" in response.content
    row = WebhookDelivery.objects.get(attempt=1)
    response = client.get(reverse("webhook_deliveries:inspect", args=[row.pk]))
    assert response.status_code == 200
    assert str(row.event_id).encode() in response.content
    for view in ("add", "edit", "delete"):
        with pytest.raises(NoReverseMatch):
            reverse(f"webhook_deliveries:{view}", args=[] if view == "add" else [row.pk])


def test_translators_do_not_see_the_delivery_log(client):
    client.force_login(user_in(TRANSLATOR_GROUPS["es"]))
    response = client.get(reverse("webhook_deliveries:index"))
    assert response.status_code in (302, 403)
