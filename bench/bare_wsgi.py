"""The bare WSGI app of the benchmark (e): the API's captured bytes with nothing in between, the
floor under any Python server. `gunicorn bench.bare_wsgi:application`, with
BENCH_RESPONSES_DIR naming the captured responses; `/bench/plain/<name>/` serves one.

No Django here: importing it must not cost the worker the framework's memory."""

from http import HTTPStatus

from .captured import responses_from_environment

PREFIX = "/bench/plain/"


def application(environ, start_response):
    name = environ.get("PATH_INFO", "").removeprefix(PREFIX).strip("/")
    captured = responses_from_environment().get(name)
    if captured is None:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not captured"]
    status = HTTPStatus(captured.status)
    headers = [*captured.headers.items(), ("Content-Length", str(len(captured.body)))]
    start_response(f"{status.value} {status.phrase}", headers)
    return [captured.body]
