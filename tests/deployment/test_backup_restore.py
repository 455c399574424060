"""Backup and restore as docs/deployment.md says: `pg_dump --format=custom` of the database,
`pg_restore --no-owner` into a new one; the restored database serves the same API answers, byte
for byte (bodies and ETags), as the one dumped. The media files (bucket or MEDIA_ROOT) are
copied beside it; rendition and document URLs are relative to MEDIA_URL, so the answers do not
depend on where the files are. PostgreSQL only: pg_dump is PostgreSQL's tool."""

import json
import os
import subprocess
import sys

import pytest

from django.conf import settings
from django.db import connection

from cluster.models import CityPage
from tests.deployment.procfile import REPO_ROOT
from tests.deployment.test_several_servers import admin_connection, database_url, pg_command
from tests.seed import english, locale

pytestmark = [
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        reason="needs PostgreSQL (DATABASE_URL): the backup is made with pg_dump",
    ),
    pytest.mark.django_db,  # the test database with the seed, which is dumped
]

# Each answer (status, ETag, body) of the API paths given as arguments, as JSON on stdout.
ANSWERS = """
import json, sys, django
django.setup()
from django.test import Client
client = Client()
answers = {}
for path in sys.argv[1:]:
    response = client.get(path)
    answers[path] = [response.status_code, response.get("ETag"), response.content.decode()]
print(json.dumps(answers))
"""


def answers_from(database, paths):
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env |= {"DJANGO_SETTINGS_MODULE": "cms.settings.test", "DATABASE_URL": database_url(database)}
    return subprocess.Popen(
        [sys.executable, "-c", ANSWERS, *paths],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture
def restored_database():
    name = f"{connection.settings_dict['NAME']}_restored"
    with admin_connection("postgres") as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    yield name
    with admin_connection("postgres") as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_restored_dump_serves_byte_identical_api_answers(restored_database, tmp_path):
    source = connection.settings_dict["NAME"]
    password = {"PGPASSWORD": settings.DATABASES["default"]["PASSWORD"] or ""}
    dump = tmp_path / "cms.dump"
    for command in (
        pg_command("pg_dump", "--format=custom", "--no-owner", f"--file={dump}", source),
        pg_command("createdb", restored_database),
        pg_command("pg_restore", "--no-owner", f"--dbname={restored_database}", str(dump)),
    ):
        subprocess.run(command, check=True, capture_output=True, env=os.environ | password)
    city = english(CityPage, slug="anyang")
    paths = [
        "/api/v2/pages/?type=cluster.CityPage&locale=en&limit=100",
        "/api/v2/pages/?type=cluster.CityPage&locale=zh-hans&limit=100&fields=*",
        f"/api/v2/pages/{city.pk}/",
        f"/api/v2/pages/{city.get_translation(locale('es')).pk}/",
        "/api/v2/pages/?search=heritage",
        "/api/v2/news/?locale=es",
        "/api/v2/knowledge/",
        "/api/v2/videos/",
        "/api/v2/topics/?locale=zh-hans",
        "/api/v2/images/",
        "/api/v2/documents/",
    ]

    servers = [answers_from(database, paths) for database in (source, restored_database)]
    (original, original_errors), (restored, restored_errors) = (s.communicate() for s in servers)

    assert servers[0].returncode == 0, original_errors
    assert servers[1].returncode == 0, restored_errors
    original, restored = json.loads(original), json.loads(restored)
    assert {path: answer[0] for path, answer in original.items()} == dict.fromkeys(paths, 200)
    assert restored == original
