"""Several servers, run as the Procfile says: the `release` step, then two `web` servers
(gunicorn with gunicorn.conf.py, the production settings) on one PostgreSQL database and one
Redis (database 10, this test's own), two `worker`s polling the same task queue, the
`scheduler`, and the webhook
receiver and media server a deployment has in front. An editor works on server A; a frontend
reads server B:

- an unpublish and a publish through A are served by B on its very next request;
- an image file replaced through A gets renditions, made by a worker, whose URLs in B's API load;
- a password set on a page through A hides it on B at once;
- a city whose expiry date has come is unpublished by the `scheduler`;
- every background task ran once, on one worker, although two polled; each webhook event was
  delivered once.

After each change, both servers are asked again at once and repeatedly: the longest time after
the change at which a stale answer was still seen is printed (and must be none), with the
test's duration. Media, in two variants: MEDIA_ROOT on local disk shared by both servers and
served at MEDIA_URL by a stand-in web server, and a bucket of the S3 stand-in (moto's server,
tests/support/s3_stand_in.py). PostgreSQL only: SQLite is one file on one machine, and the task
queue needs row locks that skip what another worker holds.
"""

import io
import json
import os
import secrets
import shutil
import subprocess
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler

import boto3
import psycopg
import pytest
import redis
import requests
from PIL import Image

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from tests.delivery.test_webhooks import Receiver
from tests.deployment.admin_session import BEHIND_TLS, AdminSession
from tests.deployment.procfile import Process, WebServer, environment, run
from tests.support.local_server import LocalServer

REDIS_DB_URL = "redis://127.0.0.1:6379/10"  # this test's own Redis database, flushed
EDITOR, PASSWORD = "ops-editor", secrets.token_urlsafe(16)
CITY_SLUG = "anyang"

pytestmark = [
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        reason="needs PostgreSQL (DATABASE_URL): several servers share one database server",
    ),
    pytest.mark.django_db,  # the test database with the seed, which is copied
]


# --- the installation ------------------------------------------------------------------------


def admin_connection(database):
    db = settings.DATABASES["default"]
    return psycopg.connect(
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        dbname=database,
        autocommit=True,
    )


def database_url(name):
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{name}"


def pg_command(program, *arguments):
    db = settings.DATABASES["default"]
    return [
        program,
        *(["--host", db["HOST"]] if db["HOST"] else []),
        *(["--port", str(db["PORT"])] if db["PORT"] else []),
        *(["--username", db["USER"]] if db["USER"] else []),
        *arguments,
    ]


def copy_of_the_test_database():
    """A new database holding the suite's seed (content, translations, groups), as committed:
    pg_dump and pg_restore, the backup procedure of docs/deployment.md."""
    source = connection.settings_dict["NAME"]
    copy = f"{source}_servers"
    with admin_connection("postgres") as server:
        server.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
        server.execute(f'CREATE DATABASE "{copy}"')
    password = {"PGPASSWORD": settings.DATABASES["default"]["PASSWORD"] or ""}
    dump = subprocess.run(
        pg_command("pg_dump", "--format=custom", source),
        capture_output=True,
        check=True,
        env=os.environ | password,
    )
    subprocess.run(
        pg_command("pg_restore", "--no-owner", "--dbname", copy),
        input=dump.stdout,
        capture_output=True,
        check=True,
        env=os.environ | password,
    )
    return copy


def drop_database(name):
    with admin_connection("postgres") as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def add_editor(database):
    encoded = PBKDF2PasswordHasher().encode(PASSWORD, secrets.token_hex(8), iterations=1000)
    with admin_connection(database) as connection:
        connection.execute(
            "INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, "
            "email, is_staff, is_active, date_joined) "
            "VALUES (%s, true, %s, '', '', 'ops@example.org', true, true, now())",
            [encoded, EDITOR],
        )


class QuietFiles(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def local_disk_media(tmp_path):
    """MEDIA_ROOT shared by both servers (the seed's files copied in), served by a web server at
    MEDIA_URL as a reverse proxy or CDN in front of them would."""
    shutil.copytree(settings.MEDIA_ROOT, tmp_path / "media")
    server = LocalServer(partial(QuietFiles, directory=str(tmp_path))).start()
    env = {"MEDIA_ROOT": str(tmp_path / "media"), "MEDIA_URL": f"{server.url}/media/"}
    return env, server.stop


def s3_media(request):
    """A bucket of the S3 stand-in (moto's server, tests/support/s3_stand_in.py), with the
    seed's files uploaded."""
    stand_in = request.getfixturevalue("s3_stand_in")

    bucket = boto3.resource(
        "s3",
        endpoint_url=stand_in.env["AWS_S3_ENDPOINT_URL"],
        aws_access_key_id=stand_in.env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=stand_in.env["AWS_SECRET_ACCESS_KEY"],
        region_name=stand_in.env.get("AWS_S3_REGION_NAME", "us-east-1"),
    ).Bucket(stand_in.env["AWS_STORAGE_BUCKET_NAME"])
    for path in settings.MEDIA_ROOT.rglob("*"):
        if path.is_file():
            bucket.upload_file(str(path), str(path.relative_to(settings.MEDIA_ROOT)))
    return dict(stand_in.env), lambda: None


def expire_a_city(database):
    """Give another English city an expiry date a minute ago (as an editor's, come due): the
    scheduler's first round unpublishes it. Its id."""
    with admin_connection(database) as connection:
        return connection.execute(
            "UPDATE wagtailcore_page SET expire_at = now() - interval '1 minute' WHERE id = ("
            "  SELECT p.id FROM wagtailcore_page p"
            "  JOIN cluster_citypage c ON c.page_ptr_id = p.id"
            "  JOIN wagtailcore_locale l ON l.id = p.locale_id"
            "  WHERE p.slug <> %s AND l.language_code = 'en' AND p.live ORDER BY p.id LIMIT 1"
            ") RETURNING id",
            [CITY_SLUG],
        ).fetchone()[0]


class Installation:
    def __init__(self, database, servers, receiver, expiring_city_id, started):
        self.database, self.receiver, self.started = database, receiver, started
        self.a, self.b = servers
        self.expiring_city_id = expiring_city_id

    def city(self):
        with admin_connection(self.database) as connection:
            return connection.execute(
                "SELECT p.id, c.hero_image_id FROM wagtailcore_page p "
                "JOIN cluster_citypage c ON c.page_ptr_id = p.id "
                "JOIN wagtailcore_locale l ON l.id = p.locale_id "
                "WHERE p.slug = %s AND l.language_code = 'en'",
                [CITY_SLUG],
            ).fetchone()

    def task_results(self):
        with admin_connection(self.database) as connection:
            return connection.execute(
                "SELECT task_path, status, worker_ids FROM django_tasks_database_dbtaskresult"
            ).fetchall()


@pytest.fixture(params=["local-disk", "s3"])
def installation(request, db, tmp_path):
    started = time.monotonic()
    media_env, stop_media = (
        local_disk_media(tmp_path) if request.param == "local-disk" else s3_media(request)
    )
    database = copy_of_the_test_database()
    request.addfinalizer(partial(drop_database, database))  # even if starting up fails
    add_editor(database)
    receiver = Receiver().start()
    redis.Redis.from_url(REDIS_DB_URL).flushdb()
    env = environment(
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=database_url(database),
        REDIS_URL=REDIS_DB_URL,
        ALLOWED_HOSTS="127.0.0.1",
        WAGTAILADMIN_BASE_URL="https://cms.example.org",
        WAGTAILAPI_BASE_URL="https://cms.example.org",
        STATIC_ROOT=str(tmp_path / "static"),
        WEBHOOK_URLS=receiver.url,
        WEBHOOK_SECRET="several-servers-secret",
        LOG_FORMAT="json",
        **media_env,
    )
    run("release", env)
    expiring_city_id = expire_a_city(database)
    servers = [WebServer(env, tmp_path / f"web-{name}.log", workers=1) for name in "ab"]
    workers = [Process("worker", env, tmp_path / f"worker-{n}.log") for n in (1, 2)]
    scheduler = Process("scheduler", env, tmp_path / "scheduler.log")
    processes = [*servers, *workers, scheduler]
    try:
        for process in processes:
            process.start()
        for server in servers:
            server.wait_until_serving()
        yield Installation(database, servers, receiver, expiring_city_id, started)
    finally:
        for process in processes:
            if hasattr(process, "popen"):
                process.stop()
        receiver.stop()
        stop_media()
        redis.Redis.from_url(REDIS_DB_URL).flushdb()


# --- asking both servers -----------------------------------------------------------------------


def api(server, path):
    return requests.get(f"{server.url}/api/v2/{path}", headers=BEHIND_TLS, timeout=10)


def city_served(server, city_id):
    """(detail status, whether the English city listing names the city)."""
    detail = api(server, f"pages/{city_id}/").status_code
    listing = api(server, "pages/?type=cluster.CityPage&locale=en&limit=100").json()
    return detail, city_id in [item["id"] for item in listing["items"]]


def stale_answers(servers, fresh, changed_at, rounds=8):
    """Ask each server `rounds` times, in turn, as soon as the change has committed; the seconds
    after `changed_at` of each answer `fresh(server)` finds stale (none expected)."""
    stale = []
    for _round in range(rounds):
        for server in servers:
            if not fresh(server):
                stale.append(round(time.monotonic() - changed_at, 3))
    return stale


def wait_for(condition, timeout=60, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"no {what} within {timeout} s")


def png(width, height, colour):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


# --- the test --------------------------------------------------------------------------------


def test_two_servers_share_content_media_restrictions_and_one_task_queue(installation):
    a, b = installation.a, installation.b
    city_id, image_id = installation.city()
    editor = AdminSession(a.url, EDITOR, PASSWORD)
    for _warm in range(2):  # both servers' answers now in the shared cache
        assert city_served(a, city_id) == city_served(b, city_id) == (200, True)
    measured = {}

    answer = editor.page_action(city_id, "unpublish")
    changed_at = time.monotonic()
    assert answer.status_code == 200, answer.text
    measured["unpublish"] = stale_answers(
        [b, a], lambda server: city_served(server, city_id) == (404, False), changed_at
    )

    answer = editor.page_action(city_id, "publish")
    changed_at = time.monotonic()
    assert answer.status_code == 200, answer.text
    measured["publish"] = stale_answers(
        [b, a], lambda server: city_served(server, city_id) == (200, True), changed_at
    )

    before = api(b, f"pages/{city_id}/").json()["hero_image"]["renditions"]
    answer = editor.post_form(
        f"/admin/images/{image_id}/",
        {},
        files={"file": ("replaced.png", png(1800, 1000, (200, 30, 90)), "image/png")},
        action=f"/admin/images/{image_id}/",
    )
    assert answer.status_code == 302, answer.text[:3000]
    renditions = wait_for(
        lambda: (
            (found := api(b, f"pages/{city_id}/").json()["hero_image"]["renditions"])
            and all(found.values())
            and found != before
            and found
        ),
        what="new renditions on B",
    )
    for rendition in renditions.values():
        loaded = requests.get(rendition["url"], timeout=10)
        assert loaded.status_code == 200, rendition["url"]
        assert loaded.headers["Content-Type"].startswith("image/")
        image = Image.open(io.BytesIO(loaded.content))
        assert image.size == (rendition["width"], rendition["height"])
        assert image.convert("RGB").getpixel((5, 5)) == (200, 30, 90)

    answer = editor.post_form(
        f"/admin/pages/{city_id}/privacy/",
        {"restriction_type": "password", "password": "several-servers-pw", "groups": []},
    )
    changed_at = time.monotonic()
    assert answer.status_code == 200 and json.loads(answer.text)["step"] == "set_privacy_done"
    measured["restriction"] = stale_answers(
        [b, a], lambda server: city_served(server, city_id) == (404, False), changed_at
    )

    expired = installation.expiring_city_id  # by the scheduler, when it started
    wait_for(lambda: city_served(b, expired) == (404, False), what="expiry by the scheduler")

    results = wait_for(
        lambda: (
            (rows := installation.task_results())
            and all(status in {"SUCCESSFUL", "FAILED"} for _path, status, _ids in rows)
            and rows
        ),
        what="empty task queue",
    )
    events = wait_for(lambda: installation.receiver.received, what="webhook deliveries")

    duration = time.monotonic() - installation.started
    print(
        f"\nseveral servers: stale answers after each change (s): {measured}; "
        f"{len(results)} tasks, run per worker: {count_by_worker(results)}; "
        f"duration {duration:.1f} s"
    )
    assert measured == {"unpublish": [], "publish": [], "restriction": []}
    assert [(path, status) for path, status, _ids in results if status != "SUCCESSFUL"] == []
    assert all(len(ids) == 1 for _path, _status, ids in results)  # claimed once, run once
    event_ids = [request.headers["X-Event-Id"] for request in installation.receiver.received]
    assert len(event_ids) == len(set(event_ids))
    kinds = [(event.event["type"], event.event["object"]["id"]) for event in events]
    assert kinds.count(("page.unpublished", city_id)) == 1
    assert kinds.count(("page.published", city_id)) == 1
    assert kinds.count(("page.unpublished", expired)) == 1


def count_by_worker(results):
    counts = {}
    for _path, _status, ids in results:
        for worker_id in ids:
            counts[worker_id] = counts.get(worker_id, 0) + 1
    return sorted(counts.values())
