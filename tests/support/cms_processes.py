"""The CMS in processes of its own, for tests of what one process sees of another's changes: a copy
of the seeded test database they can all open, gunicorn servers of the development settings on
free ports of 127.0.0.1, and an editor process (editor_process.py) that changes content.

A copy, because the suite's own database cannot be shared: each test's changes are rolled back
(never seen by another process), and on SQLite it lives in this process's memory.
"""

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg

from django.conf import settings
from django.db import connection, connections

from tests.support.editor_process import ANSWER

REPO_ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 60  # seconds for a server or the editor to be ready
LISTENING = re.compile(r"Listening at: http://127\.0\.0\.1:(\d+)")
BUILD_SEEDED_DATABASE = (
    "from django.core.management import call_command\n"
    "call_command('migrate', interactive=False, verbosity=0)\n"
    "call_command('import_content', 'cluster/content', verbosity=0)\n"
    "call_command('import_translations', 'cluster/content/locale', verbosity=0)\n"
)


def base_environment(**overrides):
    """This shell's environment for the development settings, minus what pytest-django and a
    developer's shell set that would change them."""
    dropped = {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DEBUG", "REDIS_URL", "DATABASE_URL"}
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    return env | {
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DEBUG": "false",
        "TASKS_BACKEND": "immediate",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),  # the seed's images, stored by this process
        "PYTHONUNBUFFERED": "1",
        **overrides,
    }


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO_ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {args[0]} exited {result.returncode}:\n{result.stderr}")


def sqlite_copy_of_test_database(path):
    """`sqlite:///path`: the suite's seeded database, copied (SQLite's backup), or built with the
    steps of `make content` when the suite runs on PostgreSQL."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(path) as target:
            connection.connection.backup(target)
        target.close()
    else:
        url = f"sqlite:///{path}"
        manage(base_environment(DATABASE_URL=url), "shell", "-c", BUILD_SEEDED_DATABASE)
    return f"sqlite:///{path}"


class PostgresCopy:
    """A database copied from the suite's seeded PostgreSQL test database (`TEMPLATE`), named
    after it; `drop()` removes it."""

    def __init__(self, suffix):
        self.template = connection.settings_dict["NAME"]
        self.name = f"{self.template}_{suffix}"
        params = connection.get_connection_params()
        self.server = {k: params[k] for k in ("host", "port", "user") if params.get(k)}
        connections.close_all()  # a template database may have no other session
        self.execute(f'DROP DATABASE IF EXISTS "{self.name}"')
        self.execute(f'CREATE DATABASE "{self.name}" TEMPLATE "{self.template}"')

    @property
    def url(self):
        host, port = self.server.get("host", "127.0.0.1"), self.server.get("port", 5432)
        return f"postgres://{self.server.get('user', 'postgres')}@{host}:{port}/{self.name}"

    def execute(self, sql):
        with psycopg.connect(dbname="postgres", autocommit=True, **self.server) as admin:
            admin.execute(sql)

    def drop(self):
        self.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


class Server:
    """`gunicorn cms.wsgi` with one worker, the application loaded before it listens
    (`--preload`), on a free port of 127.0.0.1 (bound to port 0; the port is read from
    gunicorn's log). `ready()` waits for it."""

    def __init__(self, env, log_path):
        self.log_path = log_path
        self.url = None
        with open(log_path, "w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "cms.wsgi", "--bind", "127.0.0.1:0"]
                + ["--workers", "1", "--timeout", "60", "--preload", "--no-control-socket"],
                cwd=REPO_ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def ready(self):
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if found := LISTENING.search(self.log_path.read_text()):
                self.url = f"http://127.0.0.1:{found.group(1)}"
                return self
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"gunicorn did not start:\n{self.log_path.read_text()}")

    def get(self, path, timeout=10):
        """(status, JSON body or None, seconds taken) of a GET, as a frontend asks it."""
        started = time.monotonic()
        request = urllib.request.Request(self.url + path, headers={"Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                status, body = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read()
        elapsed = time.monotonic() - started
        try:
            return status, json.loads(body), elapsed
        except ValueError:
            return status, None, elapsed

    def signal_stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown

    def stop(self):
        self.signal_stop()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Editor:
    """A `manage.py shell` running editor_process.serve(): `do("restrict_page", slug="x")`
    returns once the change has committed in that process."""

    def __init__(self, env, log_path):
        self.log = open(log_path, "w")  # noqa: SIM115 (open while the process lives)
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "shell", "--no-imports", "-c"]
            + ["from tests.support.editor_process import serve; serve()"],
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
        )
        self.log_path = log_path

    def do(self, command, **args):
        self.process.stdin.write(json.dumps({"do": command, "args": args}) + "\n")
        self.process.stdin.flush()
        for line in self.process.stdout:
            if line.startswith(ANSWER):
                answer = json.loads(line.removeprefix(ANSWER))
                if "error" in answer:
                    raise RuntimeError(f"The editor's {command} failed:\n{answer['error']}")
                return answer["result"]
        raise RuntimeError(f"The editor exited:\n{Path(self.log_path).read_text()}")

    def signal_stop(self):
        if not self.process.stdin.closed:
            self.process.stdin.close()  # serve() returns, the shell exits

    def stop(self):
        self.signal_stop()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()
