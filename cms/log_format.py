"""One JSON object per log line (LOG_FORMAT=json), for log collectors::

    {"time": "2026-12-06T19:40:02.118+00:00", "level": "ERROR", "logger": "django.request",
     "message": "Internal Server Error: /api/v2/pages/", "request_id": "9f0c...",
     "exception": "Traceback (most recent call last): ..."}

`request_id` is "-" outside a request (cms/request_id.py); `exception` only when there is one.
The standard library has no JSON formatter and this one is short enough not to need a package.
"""

import json
import logging
from datetime import UTC, datetime

from django.core.exceptions import ImproperlyConfigured

LOG_FORMATS = {"text", "json"}


def logging_setting(log_format, level):
    """The LOGGING setting: every record to stderr with its `request_id`, formatted as text
    (the message) or as JSON."""
    log_format = log_format.strip().lower()
    if log_format not in LOG_FORMATS:
        raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, not {log_format!r}")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "cms.request_id.RequestIdLogFilter"}},
        "formatters": {"json": {"()": "cms.log_format.JsonFormatter"}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id"],
                **({"formatter": "json"} if log_format == "json" else {}),
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # One line per background task and per publish is noise at the console.
            "django_tasks": {"level": "WARNING"},
            "wagtail": {"level": "WARNING"},
        },
    }


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False, default=str)
