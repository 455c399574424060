"""A URLconf with a view that fails, for the error reporting tests (tests/deployment/
test_logs_and_errors.py): `GET /boom/` raises RuntimeError("boom"), after logging a line."""

import logging

from django.urls import path


def boom(request):
    logging.getLogger("cluster.example").warning("about to fail")
    raise RuntimeError("boom")


urlpatterns = [path("boom/", boom)]
