"""A change made in one process is seen by the very next request of every other, with the API's
response cache on: two gunicorn servers and an editor process (a `manage.py shell`) on one copy
of the seeded database, in both configurations of the shared caches (cms/shared_caches.py):

- the embedded default: SQLite, and the caches in files under CACHE_DIR;
- Redis (database 9 of the local Redis, this module's own), on PostgreSQL when the suite is.

Each test first has both servers answer (twice) and checks that the answer is now kept in the
shared cache under the current version; then the editor changes content and, once its change has
committed, each server's next answer must show it.
"""

import secrets
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis

from django.db import connection
from django.test import RequestFactory, override_settings

from cluster.delivery.caching import JSON, StoredResponses
from cms.shared_caches import shared_caches
from tests.support.cms_processes import (
    Editor,
    PostgresCopy,
    Server,
    base_environment,
    sqlite_copy_of_test_database,
)

REDIS_URL = "redis://127.0.0.1:6379/9"  # this module's own database of the local Redis, flushed
EMBEDDED, REDIS = "embedded default (SQLite, files)", "Redis"
FIRST_REQUEST_TIMEOUT = 60  # seconds: a gunicorn worker loads Django on its first request
# The suite's seeded database is what the servers' copy is made from: pytest-django creates it
# only for a run that has database tests.
pytestmark = pytest.mark.django_db


@dataclass
class Installation:
    servers: list
    editor: Editor
    caches: dict

    def fresh_answers(self, path):
        """Each server's next answer to `path`: [(status, body), ...]."""
        return [server.get(path)[:2] for server in self.servers]

    def warm(self, path):
        """Both servers answer `path` twice; the answers are now kept in the shared cache."""
        for server in self.servers:
            for _ in range(2):
                status, _body, _elapsed = server.get(path, timeout=FIRST_REQUEST_TIMEOUT)
            assert self.cached_answer(server, path) is not None, f"{path} was not cached"
        return self.fresh_answers(path)

    def cached_answer(self, server, path):
        """The answer the shared cache holds for `path` on `server` under the current version,
        looked up from this process as the server's middleware does."""
        host = server.url.removeprefix("http://")
        request = RequestFactory().get(path, HTTP_HOST=host)
        with override_settings(CACHES=self.caches, API_CACHE_ENABLED=True):
            return StoredResponses(request, JSON).lookup()


@pytest.fixture(scope="module", params=[EMBEDDED, REDIS])
def installation(request, django_db_setup, django_db_blocker, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("shared-cache")
    postgres_copy = None
    with django_db_blocker.unblock():
        if request.param == REDIS and connection.vendor == "postgresql":
            postgres_copy = PostgresCopy("shared_cache")
            database_url = postgres_copy.url
        else:
            database_url = sqlite_copy_of_test_database(workdir / "db.sqlite3")
    if request.param == REDIS:
        redis.Redis.from_url(REDIS_URL).flushdb()
        cache_env = {"REDIS_URL": REDIS_URL}
        caches = shared_caches(REDIS_URL, "", 0.25, 5)
    else:
        cache_env = {"CACHE_DIR": str(workdir / "cache")}
        caches = shared_caches("", workdir / "cache", 0.25, 5)
    env = base_environment(DATABASE_URL=database_url, API_CACHE_ENABLED="true", **cache_env)

    started = []
    try:
        started += [Server(env, workdir / f"server-{name}.log") for name in ("a", "b")]
        started.append(Editor(env, workdir / "editor.log"))
        servers, editor = [server.ready() for server in started[:2]], started[2]
        yield Installation(servers=servers, editor=editor, caches=caches)
    finally:
        for process in started:  # all told first: each takes seconds to stop
            process.signal_stop()
        for process in started:
            process.stop()
        if postgres_copy is not None:
            postgres_copy.drop()
        if request.param == REDIS:
            redis.Redis.from_url(REDIS_URL).flushdb()


def city_id(installation, slug, language="en"):
    server = installation.servers[0]
    path = f"/api/v2/pages/?type=cluster.CityPage&slug={slug}&locale={language}"
    status, body, _elapsed = server.get(path, timeout=FIRST_REQUEST_TIMEOUT)
    assert status == 200, body
    (item,) = body["items"]
    return item["id"]


def new_text():
    return f"Changed in another process {secrets.token_hex(4)}."


def test_a_page_published_in_another_process_is_served_at_once(installation):
    page_id = city_id(installation, "anyang")
    detail = f"/api/v2/pages/{page_id}/"
    listing = "/api/v2/pages/?type=cluster.CityPage&fields=summary&limit=50"
    installation.warm(detail)
    installation.warm(listing)
    summary = new_text()

    installation.editor.do("publish_city_summary", slug="anyang", summary=summary)

    for status, body in installation.fresh_answers(detail):
        assert (status, body["summary"]) == (200, summary)
    for status, body in installation.fresh_answers(listing):
        summaries = {item["id"]: item["summary"] for item in body["items"]}
        assert (status, summaries[page_id]) == (200, summary)


def test_a_snippet_published_in_another_process_is_served_at_once(installation):
    status, body, _elapsed = installation.servers[0].get("/api/v2/news/?limit=1")
    news_id = body["items"][0]["id"]
    detail, listing = f"/api/v2/news/{news_id}/", "/api/v2/news/?fields=title&limit=50"
    installation.warm(detail)
    installation.warm(listing)
    title = new_text()

    installation.editor.do("publish_news_title", pk=news_id, title=title)

    for status, body in installation.fresh_answers(detail):
        assert (status, body["title"]) == (200, title)
    for status, body in installation.fresh_answers(listing):
        titles = {item["id"]: item["title"] for item in body["items"]}
        assert (status, titles[news_id]) == (200, title)


def test_a_translation_changed_in_another_process_is_served_at_once(installation):
    detail = f"/api/v2/pages/{city_id(installation, 'morelia', 'es')}/"
    before = installation.warm(detail)
    assert {body["meta"]["translation_status"]["state"] for _status, body in before} == {
        "translated"
    }

    installation.editor.do("mark_one_string_machine_translated", slug="morelia", language="es")

    for status, body in installation.fresh_answers(detail):
        assert (status, body["meta"]["translation_status"]["state"]) == (200, "machine")


def test_a_source_published_in_another_process_drops_its_translations_cached_status(installation):
    """The English page's new summary refreshes its translation source at the publish
    (translations follow their source: cluster/translation/source_refresh.py): the Spanish
    version, cached as translated, is outdated with a lower share on the very next request."""
    detail = f"/api/v2/pages/{city_id(installation, 'oaxaca', 'es')}/"
    before = installation.warm(detail)
    (status_before,) = {
        tuple(body["meta"]["translation_status"].items()) for _status, body in before
    }
    assert dict(status_before)["state"] == "translated"

    installation.editor.do("publish_city_summary", slug="oaxaca", summary=new_text())

    for status, body in installation.fresh_answers(detail):
        status_after = body["meta"]["translation_status"]
        assert status == 200
        assert status_after["state"] == "outdated"
        assert status_after["share"] < dict(status_before)["share"]


def test_a_view_restriction_set_in_another_process_hides_the_page_at_once(installation):
    page_id = city_id(installation, "puebla")
    detail = f"/api/v2/pages/{page_id}/"
    listing = "/api/v2/pages/?type=cluster.CityPage&limit=50"
    installation.warm(detail)
    for _status, body in installation.warm(listing):
        assert page_id in {item["id"] for item in body["items"]}

    installation.editor.do("restrict_page", slug="puebla")

    for status, _body in installation.fresh_answers(detail):
        assert status == 404
    for status, body in installation.fresh_answers(listing):
        assert status == 200
        assert page_id not in {item["id"] for item in body["items"]}


def test_a_collection_made_private_in_another_process_hides_its_media_at_once(installation):
    page_id = city_id(installation, "queretaro")
    city = f"/api/v2/pages/{page_id}/"
    status, body, _elapsed = installation.servers[0].get(city)
    image_id = body["hero_image"]["id"]
    collection_id = installation.editor.do(
        "move_image_to_new_collection", image_pk=image_id, name=f"Private {secrets.token_hex(4)}"
    )
    image = f"/api/v2/images/{image_id}/"
    for status, _body in installation.warm(image):
        assert status == 200
    for _status, body in installation.warm(city):
        assert body["hero_image"]["id"] == image_id

    installation.editor.do("restrict_collection", collection_pk=collection_id)

    for status, _body in installation.fresh_answers(image):
        assert status == 404
    for status, body in installation.fresh_answers(city):
        assert (status, body["hero_image"]) == (200, None)


def test_the_servers_logged_no_error(installation):
    for server in installation.servers:
        log = Path(server.log_path).read_text()
        assert "Traceback" not in log, log
