"""A request id on every answer and on every log line written while the request is handled.

The id is the request's `X-Request-ID` when a proxy or load balancer in front sent a sensible
one (letters, digits, `-`, `_`, `.`, at most 200 characters), else a new random one; it is sent
back in the answer's `X-Request-ID`, set on `request.request_id`, added to each log record as
`record.request_id` ("-" outside a request) and tagged on Sentry events as `request_id`.

Python's logging has no notion of a request, so the id reaches the records through a
`ContextVar` that the middleware sets when a request starts and resets when its answer is
built: it is the request's own, is never read by another request, and carries no content.
"""

import logging
import re
import uuid
from contextvars import ContextVar

import sentry_sdk

HEADER = "X-Request-ID"
ACCEPTED = re.compile(r"[A-Za-z0-9._-]{1,200}")
NO_REQUEST = "-"

current_request_id = ContextVar("request_id", default=NO_REQUEST)


def request_id_for(request):
    sent = request.headers.get(HEADER, "")
    return sent if ACCEPTED.fullmatch(sent) else uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_for(request)
        token = current_request_id.set(request.request_id)
        sentry_sdk.set_tag("request_id", request.request_id)  # no-op without SENTRY_DSN
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response[HEADER] = request.request_id
        return response


class RequestIdLogFilter(logging.Filter):
    """Adds `request_id` to every record; passes every record. Django logs an answer's 4xx/5xx
    status after the middleware has returned, with the request on the record."""

    def filter(self, record):
        request_id = getattr(getattr(record, "request", None), "request_id", None)
        record.request_id = request_id or current_request_id.get()
        return True
