"""Delivering publish notifications (see cluster/delivery/webhooks.py): one task per event and
receiver,
one POST per attempt, every attempt logged as a `WebhookDelivery`."""

import json
import time
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

import requests
from django_tasks import task

from django.conf import settings
from django.utils import timezone
from django.utils.http import parse_http_date_safe

from cluster.models import WebhookDelivery

USER_AGENT = "cities-cluster-cms-webhooks"
# Worth another try: the receiver may come back. Any other answer (a 400 for a bad signature, a
# 404 for a wrong address, a redirect) would be the same next time.
RETRYABLE_STATUSES = {408, 425, 429}
NO_DEFERRED_RETRY = (
    "not retried: the task backend runs tasks at once and cannot schedule a retry "
    "(TASKS_BACKEND=database can)"
)


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    error: str
    response_ms: int
    retryable: bool
    retry_after: float | None = None  # seconds the receiver asked for (`Retry-After`)

    @property
    def succeeded(self):
        return self.status_code is not None and 200 <= self.status_code < 300


@task()
def deliver_webhook(url, body, signature, attempt=1):
    """POST one event (`body`, the JSON text signed by `signature`) to one receiver, log the
    attempt, and when it failed in a way worth retrying, schedule the next attempt after an
    exponential backoff: WEBHOOK_RETRY_DELAY seconds, twice as long after each further failure,
    WEBHOOK_MAX_ATTEMPTS attempts in all. Returns whether the receiver accepted the event.

    Retries are scheduled with the backend's `run_after`, never waited for in the task: with a
    backend that cannot defer (the immediate one, which runs inside the publishing request),
    publishing must not wait for a failing receiver, so there is one attempt only.
    """
    event = json.loads(body)
    outcome = post(url, body, delivery_headers(event, signature, attempt))
    next_attempt_at, note = plan_retry(outcome, attempt)
    log_attempt(event, url, attempt, outcome, next_attempt_at, note)
    if next_attempt_at is not None:
        deliver_webhook.using(run_after=next_attempt_at).enqueue(url, body, signature, attempt + 1)
    return outcome.succeeded


def delivery_headers(event, signature, attempt):
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Event-Id": event["id"],
        "X-Event-Type": event["type"],
        "X-Signature-256": signature,
        "X-Webhook-Attempt": str(attempt),
    }


def post(url, body, headers):
    timeout = settings.WEBHOOK_TIMEOUT
    started = time.monotonic()

    def outcome(status_code, error, retryable, retry_after=None):
        elapsed_ms = round((time.monotonic() - started) * 1000)
        return Outcome(status_code, error, elapsed_ms, retryable, retry_after)

    try:
        # stream=True: the answer's body is never read, only its status.
        with requests.post(
            url,
            data=body.encode(),
            headers=headers,
            timeout=timeout,
            allow_redirects=False,
            stream=True,
        ) as response:
            status = response.status_code
            asked_to_wait = retry_after_seconds(response.headers.get("Retry-After"))
    except requests.Timeout:
        return outcome(None, f"timed out after {timeout:g} s", retryable=True)
    except requests.ConnectionError as error:
        return outcome(None, f"connection failed: {root_cause(error)}", retryable=True)
    except requests.RequestException as error:
        return outcome(None, f"not sent: {root_cause(error)}", retryable=False)
    if 200 <= status < 300:
        return outcome(status, "", retryable=False)
    retryable = status >= 500 or status in RETRYABLE_STATUSES
    return outcome(status, f"HTTP {status}", retryable, asked_to_wait if retryable else None)


def retry_after_seconds(value):
    """The wait a `Retry-After` header asks for, in seconds (`120`, or an HTTP date), or None
    when there is none or it cannot be read."""
    value = (value or "").strip()
    if value.isascii() and value.isdigit():
        return float(value)
    moment = parse_http_date_safe(value) if value else None
    return max(0.0, moment - time.time()) if moment is not None else None


def root_cause(error):
    """The innermost reason of a requests error (`[Errno 111] Connection refused`), without the
    URL that requests and urllib3 repeat in their messages (it may hold a token)."""
    seen = {id(error)}
    while True:
        inner = getattr(error, "reason", None) or error.__cause__ or error.__context__
        if inner is None and error.args and isinstance(error.args[0], BaseException):
            inner = error.args[0]
        if not isinstance(inner, BaseException) or id(inner) in seen:
            break
        seen.add(id(inner))
        error = inner
    if isinstance(error, OSError) and error.strerror:
        return f"[Errno {error.errno}] {error.strerror}" if error.errno else error.strerror
    return type(error).__name__


def plan_retry(outcome, attempt):
    """(when to try again or None, a note for the log)."""
    if outcome.succeeded or not outcome.retryable:
        return None, ""
    if attempt >= settings.WEBHOOK_MAX_ATTEMPTS:
        return None, f"gave up after {attempt} attempts"
    if not deliver_webhook.get_backend().supports_defer:
        return None, NO_DEFERRED_RETRY
    delay, note = retry_delay(attempt), ""
    if outcome.retry_after is not None:
        asked = timedelta(seconds=outcome.retry_after)
        longest = timedelta(seconds=settings.WEBHOOK_MAX_RETRY_DELAY)
        note = f"the receiver asked to wait {outcome.retry_after:.0f} s"
        if asked > longest:
            note += f"; waiting the longest allowed, {longest.total_seconds():.0f} s"
        delay = max(delay, min(asked, longest))
    return timezone.now() + delay, note


def retry_delay(attempt):
    """The wait after failed attempt number `attempt`: 10 s, 20 s, 40 s, 80 s by default. A
    receiver's `Retry-After` makes it longer (up to WEBHOOK_MAX_RETRY_DELAY), never shorter."""
    return timedelta(seconds=settings.WEBHOOK_RETRY_DELAY * 2 ** (attempt - 1))


def log_attempt(event, url, attempt, outcome, next_attempt_at, note):
    obj = event["object"]
    return WebhookDelivery.objects.create(
        event_id=event["id"],
        event_type=event["type"],
        object_type=obj["type"],
        object_id=obj["id"],
        object_title=str(obj.get("title", ""))[:255],
        locale=obj["locale"],
        url=redacted(url),
        attempt=attempt,
        status_code=outcome.status_code,
        error="; ".join(part for part in (outcome.error, note) if part),
        response_ms=outcome.response_ms,
        succeeded=outcome.succeeded,
        next_attempt_at=next_attempt_at,
    )


def redacted(url):
    """The receiver's address as editors see it: no user or password, no query values.
    `https://u:p@hooks.example.org/revalidate?token=abc` -> `https://hooks.example.org/revalidate?…`"""
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, host, parts.path, "…" if parts.query else "", ""))[:500]
