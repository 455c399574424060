"""Logins: repeated failures lock a user name out at one address, the API takes no passwords,
and Wagtail's admin is the only login form."""

import base64
from unittest import mock

import pytest
from axes.models import AccessAttempt

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings

from wagtail.models import PageViewRestriction

from cluster.models import CityPage
from cms.logins import lockout_parameters
from tests.seed import english

PASSWORD = "correct horse battery staple"
WRONG = "wrong password"
LOGIN_URL = "/admin/login/"
LOCKED_OUT = 429

axes_on = override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5)


@pytest.fixture
def editor_account(db):
    return get_user_model().objects.create_superuser("editora", "editora@example.org", PASSWORD)


def log_in(client, password, username="editora", **headers):
    """POST Wagtail's login form; the status and whether the session is now logged in."""
    response = client.post(LOGIN_URL, {"username": username, "password": password}, **headers)
    return response.status_code, "_auth_user_id" in client.session


def fail(client, times, **headers):
    for _attempt in range(times):
        assert log_in(client, WRONG, **headers) == (200, False)


def lock_out(client, **headers):
    """Five wrong passwords: the fifth is answered with the lockout."""
    fail(client, 4, **headers)
    assert log_in(client, WRONG, **headers) == (LOCKED_OUT, False)


@axes_on
def test_five_wrong_passwords_lock_the_user_out_at_that_address_even_with_the_right_one(
    client, editor_account
):
    lock_out(client)

    assert log_in(client, PASSWORD) == (LOCKED_OUT, False)


@axes_on
def test_four_wrong_passwords_then_the_right_one_log_in_and_start_the_count_again(
    client, editor_account
):
    fail(client, 4)
    assert log_in(client, PASSWORD) == (302, True)
    client.logout()

    fail(client, 4)
    assert log_in(client, PASSWORD) == (302, True)


@axes_on
def test_the_lockout_holds_one_address_and_one_user_name_only(client, editor_account):
    get_user_model().objects.create_superuser("otra", "otra@example.org", PASSWORD)
    lock_out(client)

    assert log_in(client, PASSWORD, REMOTE_ADDR="192.0.2.7") == (302, True)
    client.logout()
    assert log_in(client, PASSWORD, username="otra") == (302, True)


@axes_on
def test_a_forged_x_forwarded_for_does_not_get_a_fresh_count(client, editor_account):
    statuses = [
        log_in(client, WRONG, HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}")[0]
        for attempt in range(5)
    ]

    assert statuses == [200, 200, 200, 200, LOCKED_OUT]


@axes_on
@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_trusted_proxy_the_address_it_forwarded_is_counted(client, editor_account):
    # The proxy appends the address it was reached from to whatever the client sent.
    lock_out(client, HTTP_X_FORWARDED_FOR="forged, 203.0.113.5")

    status, _logged_in = log_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="other, 203.0.113.5")
    assert status == LOCKED_OUT
    assert log_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="forged, 203.0.113.6") == (302, True)


@axes_on
def test_axes_reset_username_unlocks_the_user(client, editor_account):
    lock_out(client)

    call_command("axes_reset_username", "editora")

    assert log_in(client, PASSWORD) == (302, True)


def test_lockout_parameters_notation():
    assert lockout_parameters("username+ip_address") == [["username", "ip_address"]]
    assert lockout_parameters("username, ip_address") == ["username", "ip_address"]
    with pytest.raises(Exception, match="AXES_LOCKOUT_PARAMETERS"):
        lockout_parameters("username+password")


# --- The API takes no passwords ---------------------------------------------------------------


def basic(username, password):
    credentials = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {credentials}"}


@axes_on
@pytest.mark.parametrize("password", [PASSWORD, WRONG])
def test_the_api_answers_basic_auth_as_anonymous_without_checking_the_password(
    client, editor_account, password
):
    morelia = english(CityPage, slug="morelia")
    PageViewRestriction.objects.create(page=morelia, restriction_type=PageViewRestriction.LOGIN)

    with mock.patch("django.contrib.auth.base_user.check_password") as check_password:
        detail = client.get(f"/api/v2/pages/{morelia.pk}/", **basic("editora", password))
        listing = client.get(
            "/api/v2/pages/?type=cluster.CityPage&limit=50", **basic("editora", password)
        )

    assert detail.status_code == 404
    assert listing.status_code == 200
    assert morelia.pk not in [item["id"] for item in listing.json()["items"]]
    check_password.assert_not_called()
    assert not AccessAttempt.objects.exists()

    client.force_login(editor_account)  # the admin's session still counts
    assert client.get(f"/api/v2/pages/{morelia.pk}/").status_code == 200


# --- One login form ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/django-admin/", "/django-admin/login/"])
def test_there_is_no_django_admin(client, db, path):
    response = client.get(path, follow=True)  # to the language-prefixed path first

    assert response.status_code == 404
