"""Every answer carries a request id (X-Request-ID, the caller's if sensible); with
LOG_FORMAT=json every log line is a JSON object carrying it; with SENTRY_DSN errors are reported
to Sentry, tagged with it. The logging and Sentry cases run a request in a fresh interpreter
(logging and sentry-sdk are configured once per process), against a Sentry stand-in on
127.0.0.1 that records the envelopes it receives."""

import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import zlib
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from tests.support.local_server import LocalServer

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
FAIL_A_REQUEST = """
import logging, django
django.setup()
import sentry_sdk
from django.test import Client
from django.test.utils import override_settings
logging.getLogger("cluster.example").info("outside any request")
with override_settings(ROOT_URLCONF="tests.deployment.failing_urls"):
    response = Client(raise_request_exception=False).get(
        "/boom/", HTTP_X_REQUEST_ID="req-42.a_b"
    )
    Client().get("/gone/", HTTP_X_REQUEST_ID="req-43")
print(response.status_code, response["X-Request-ID"])
sentry_sdk.flush(timeout=5)
"""


@pytest.mark.django_db
def test_an_answer_carries_a_new_request_id(client):
    first = client.get("/api/v2/pages/?limit=1")["X-Request-ID"]
    second = client.get("/api/v2/pages/?limit=1")["X-Request-ID"]

    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert second != first


@pytest.mark.django_db
def test_the_callers_request_id_is_sent_back(client):
    response = client.get("/api/v2/pages/?limit=1", HTTP_X_REQUEST_ID="lb-7f3a.9_x")

    assert response["X-Request-ID"] == "lb-7f3a.9_x"


@pytest.mark.django_db
@pytest.mark.parametrize("sent", ["", "has space", 'quote"d', "x" * 201, "é"])
def test_a_request_id_that_could_garble_a_log_line_is_replaced(client, sent):
    response = client.get("/api/v2/pages/?limit=1", HTTP_X_REQUEST_ID=sent)

    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def run_failing_request(**environment):
    """FAIL_A_REQUEST under the development settings on an empty SQLite database (the failing
    view needs none), with `environment`; returns the finished process."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "SENTRY_DSN", "LOG_FORMAT", "LOG_LEVEL"}
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DEBUG": "false",
        "DATABASE_URL": "sqlite://:memory:",
        "ALLOWED_HOSTS": "testserver",
        **environment,
    }
    with tempfile.TemporaryDirectory() as static_root:  # WhiteNoise warns of a missing one
        result = subprocess.run(
            [sys.executable, "-c", FAIL_A_REQUEST],
            cwd=REPO_ROOT,
            env=env | {"STATIC_ROOT": static_root},
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["500", "req-42.a_b"]
    return result


def test_json_logs_carry_the_request_id_and_the_exception():
    result = run_failing_request(LOG_FORMAT="json")

    lines = [json.loads(line) for line in result.stderr.splitlines()]
    by_message = {line["message"]: line for line in lines}
    assert by_message["outside any request"] | {"time": None} == {
        "time": None,
        "level": "INFO",
        "logger": "cluster.example",
        "message": "outside any request",
        "request_id": "-",
    }
    assert by_message["about to fail"]["request_id"] == "req-42.a_b"
    error = by_message["Internal Server Error: /boom/"]
    assert (error["level"], error["logger"], error["request_id"]) == (
        "ERROR",
        "django.request",
        "req-42.a_b",
    )
    assert error["exception"].endswith("RuntimeError: boom")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", error["time"])
    # Django logs a 4xx answer after the middleware has answered: the id comes with the request.
    gone = by_message["Gone: /gone/"]
    assert (gone["level"], gone["logger"], gone["request_id"]) == (
        "WARNING",
        "django.request",
        "req-43",
    )


def test_text_logs_stay_plain_lines_by_default():
    result = run_failing_request()

    assert "about to fail" in result.stderr.splitlines()
    assert "RuntimeError: boom" in result.stderr


class SentryStandIn:
    """Records the envelopes POSTed to it, decompressed, as lists of parsed JSON lines."""

    def __init__(self):
        self.requests = []
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                encoding = self.headers.get("Content-Encoding", "")
                if encoding == "gzip":
                    body = gzip.decompress(body)
                elif encoding == "deflate":
                    body = zlib.decompress(body)
                assert encoding in {"", "gzip", "deflate"}, encoding
                stand_in.requests.append((self.path, body))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = LocalServer(Handler).start()

    def dsn(self):
        return f"http://public-key@127.0.0.1:{self.server.server_port}/42"

    def events(self):
        events = []
        for _path, body in self.requests:
            lines = body.decode().splitlines()
            for item_header, payload in zip(lines[1::2], lines[2::2], strict=False):
                if json.loads(item_header).get("type") == "event":
                    events.append(json.loads(payload))
        return events


@pytest.fixture
def sentry():
    stand_in = SentryStandIn()
    yield stand_in
    stand_in.server.stop()


def test_an_error_is_reported_to_sentry_with_the_request_id(sentry):
    run_failing_request(SENTRY_DSN=sentry.dsn(), SENTRY_ENVIRONMENT="staging")

    assert {path for path, _body in sentry.requests} == {"/api/42/envelope/"}
    events = sentry.events()
    assert len(events) == 1
    event = events[0]
    exception = event["exception"]["values"][-1]
    assert (exception["type"], exception["value"]) == ("RuntimeError", "boom")
    assert event["tags"]["request_id"] == "req-42.a_b"
    assert event["environment"] == "staging"
    assert exception["mechanism"] == {"type": "django", "handled": False}
    assert "user" not in event  # no personal data


def test_nothing_is_sent_without_a_dsn(sentry):
    run_failing_request()

    assert sentry.requests == []
