"""Every answer carries a Content-Security-Policy: the admin's, or for the API's JSON one that
allows nothing (the browser test, tests/browser/test_admin_csp.py, loads the admin under it)."""

from django.core.cache import caches

ADMIN_POLICY_PARTS = [
    "default-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
]
API_POLICY = "default-src 'none'; frame-ancestors 'none'"


def test_the_admin_has_its_policy(client, db):
    policy = client.get("/admin/login/")["Content-Security-Policy"]

    for part in ADMIN_POLICY_PARTS:
        assert part in policy


def test_api_answers_allow_nothing_errors_too(client, db):
    assert client.get("/api/v2/pages/")["Content-Security-Policy"] == API_POLICY
    assert client.get("/api/v2/pages/999999/")["Content-Security-Policy"] == API_POLICY
    assert client.get("/api/v2/pages/?limit=-1")["Content-Security-Policy"] == API_POLICY


def test_an_answer_from_the_response_cache_allows_nothing_too(
    client, db, settings, django_assert_num_queries
):
    settings.API_CACHE_ENABLED = True
    caches["api"].clear()
    try:
        client.get("/api/v2/topics/")
        with django_assert_num_queries(0):  # answered from the cache
            cached = client.get("/api/v2/topics/")
    finally:
        caches["api"].clear()

    assert cached["Content-Security-Policy"] == API_POLICY


def test_other_origins_enter_the_policy_as_origins_only():
    from cms.admin_policy import url_origins

    frontend_previews = [
        "https://citiescluster.example/preview",
        "https://citiescluster.example/zh",
    ]

    assert url_origins(None, "/media/", *frontend_previews) == ["https://citiescluster.example"]
