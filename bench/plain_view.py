"""The plain Django view of the benchmark (d): the API's bytes, captured once, returned through
Django's whole request cycle (middleware, URL resolving) with no serialisation and no query."""

from django.http import Http404, HttpResponse

from .captured import responses_from_environment


def captured_response(request, name):
    captured = responses_from_environment().get(name)
    if captured is None:
        raise Http404(f"no captured response {name!r}")
    response = HttpResponse(captured.body, status=captured.status)
    for header, value in captured.headers.items():
        response[header] = value
    return response
