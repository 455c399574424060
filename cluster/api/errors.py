"""The error answers Django gives itself, as JSON under /api/ and as Django's pages elsewhere.

The endpoints answer their own errors with `{"message": ...}`; these handlers (`handler400`,
`handler404` and `handler500` in cms/urls.py) answer the rest the same way: a URL
under /api/ that no view matches (`/api/v2/pages/abc/`), a request Django refuses before any
view (too many parameters), and any exception a view lets through, whose 500 says nothing
about it. A database that cannot be reached (refused, timed out: DATABASE_CONNECT_TIMEOUT, or
dropped) is not a bug of the request: the API answers 503 with `Retry-After`, and a load balancer
or the frontend may try again. With DEBUG on, Django shows its debug pages instead, as everywhere.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from django.views import defaults

API_PREFIX = "/api/"


def is_api_request(request):
    return request.path_info.startswith(API_PREFIX)


def bad_request(request, exception):
    if is_api_request(request):
        return JsonResponse({"message": "bad request"}, status=400)
    return defaults.bad_request(request, exception)


def page_not_found(request, exception):
    if is_api_request(request):
        return JsonResponse({"message": "not found"}, status=404)
    return defaults.page_not_found(request, exception)


DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER = "5"  # seconds


def server_error(request):
    """Django calls it while handling the exception, so `sys.exc_info()` names it."""
    if is_api_request(request):
        if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
            response = JsonResponse({"message": "the database is unavailable"}, status=503)
            response["Retry-After"] = RETRY_AFTER
            return response
        return JsonResponse({"message": "internal server error"}, status=500)
    return defaults.server_error(request)
