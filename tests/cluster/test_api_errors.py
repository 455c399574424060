"""Every error under /api/ is `{"message": ...}` JSON, whoever answers it (an endpoint, DRF or
Django), and a 500 says nothing about its cause; outside /api/ Django's HTML pages stay."""

import pytest

from cluster.api.views import PagesViewSet
from home.models import HomePage


def assert_json_error(response, status):
    assert response.status_code == status, response.content[:200]
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"message"} and isinstance(body["message"], str) and body["message"]
    return body["message"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v2/pages/abc/",
        "/api/v2/pages/-1/",
        "/api/v2/pages/1/extra/",
        "/api/v2/no-such-endpoint/",
        "/api/v3/pages/",
        "/api/",
        "/api/v2/pages/9223372036854775808/",  # past the 64-bit range
        "/api/v2/news/99999999999999999999999/",
    ],
)
def test_a_missing_api_resource_is_a_json_404(client, db, path):
    assert_json_error(client.get(path), 404)


def test_a_missing_page_outside_the_api_is_still_an_html_404(client, db):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def fail(*args, **kwargs):
    raise RuntimeError("secret-internal-detail at /srv/app/settings.py")


def test_a_server_error_in_the_api_is_json_without_its_cause(client, db, monkeypatch):
    monkeypatch.setattr(PagesViewSet, "listing_view", fail)
    client.raise_request_exception = False
    response = client.get("/api/v2/pages/")
    assert assert_json_error(response, 500) == "internal server error"
    for leak in [b"secret", b"Traceback", b"RuntimeError", b"settings.py"]:
        assert leak not in response.content


def test_a_server_error_outside_the_api_is_still_an_html_page(client, db, monkeypatch):
    monkeypatch.setattr(HomePage, "serve", fail)
    client.raise_request_exception = False
    response = client.get("/en/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
    assert b"secret" not in response.content


def test_a_request_django_refuses_is_a_json_400(client, db):
    too_many = "&".join(f"p{number}=1" for number in range(1001))  # DATA_UPLOAD_MAX_NUMBER_FIELDS
    response = client.get(f"/api/v2/pages/?{too_many}")
    assert assert_json_error(response, 400) == "bad request"


def test_drf_errors_are_json_messages_too(client, db):
    assert "POST" in assert_json_error(client.post("/api/v2/pages/"), 405)
    assert "Accept" in assert_json_error(
        client.get("/api/v2/news/", headers={"Accept": "application/xml"}), 406
    )


def test_an_unknown_format_is_a_400(client, db):
    message = assert_json_error(client.get("/api/v2/topics/", {"format": "xml"}), 400)
    assert message == "format must be one of json; got 'xml'"


def test_the_browsable_html_api_is_not_served(client, db):
    """JSON is the only format: the OpenAPI document describes no other."""
    message = assert_json_error(client.get("/api/v2/topics/", {"format": "api"}), 400)
    assert message == "format must be one of json; got 'api'"
    browsing = client.get("/api/v2/topics/", HTTP_ACCEPT="text/html,*/*;q=0.8")
    assert browsing["Content-Type"] == "application/json"
