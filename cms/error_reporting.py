"""Error reports to Sentry (or any server speaking its protocol, such as GlitchTip) when
SENTRY_DSN is set: unhandled exceptions in requests, in management commands and in background
tasks, and log records at ERROR, through sentry-sdk's Django and logging integrations (enabled
by default once it is started). No performance tracing and no personal data (user, cookies,
addresses) are sent; each event carries the request id (cms/request_id.py)."""

import sentry_sdk


def start_error_reporting(environ):
    """Start sentry-sdk for this process if SENTRY_DSN is set in `environ`, reporting as the
    installation SENTRY_ENVIRONMENT (default "production")."""
    dsn = environ.get("SENTRY_DSN", "").strip()
    if not dsn:
        return
    sentry_sdk.init(
        dsn=dsn,
        environment=environ.get("SENTRY_ENVIRONMENT", "production"),
        send_default_pii=False,
        traces_sample_rate=0,
    )
