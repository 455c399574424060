"""A URLconf for the logging and error reporting tests (tests/deployment/test_logs_and_errors.py):
`GET /boom/` logs a line and raises RuntimeError("boom"); `GET /gone/` answers 410."""

import logging

from django.http import HttpResponseGone
from django.urls import path


def boom(request):
    logging.getLogger("cluster.example").warning("about to fail")
    raise RuntimeError("boom")


urlpatterns = [path("boom/", boom), path("gone/", lambda request: HttpResponseGone())]
