"""Error reports to Sentry (or any server speaking its protocol, such as GlitchTip) when
SENTRY_DSN is set: unhandled exceptions in requests, in management commands and in background
tasks, and log records at ERROR, through sentry-sdk's Django and logging integrations (enabled
by default once it is started). No performance tracing and no personal data (user, cookies,
addresses) are sent; each event carries the request id (cms/request_id.py)."""

import sentry_sdk


def start_error_reporting(dsn, environment):
    """Start sentry-sdk for this process; nothing without a DSN."""
    if not dsn:
        return
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        send_default_pii=False,
        traces_sample_rate=0,
    )
