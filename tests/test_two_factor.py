"""Optional two-factor login (WAGTAIL_2FA_REQUIRED): off, nothing asks for a code; on, an admin
user gives a code from their authenticator app, after setting one up if they have none."""

import base64
import re

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.contrib.auth import get_user_model
from django.test import override_settings

from wagtail.models import PageViewRestriction

from cluster.models import CityPage
from tests.seed import english

SETUP = "/admin/two-factor/setup/"
VERIFY = "/admin/two-factor/verify/"

required = override_settings(WAGTAIL_2FA_REQUIRED=True)


def current_code(device):
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


def wrong_code(device):
    return f"{(int(current_code(device)) + 1) % 1_000_000:06d}"


def forget_the_wrong_code(device):
    """Drop the wait a wrong code imposes (test_on_a_wrong_code_makes_the_next_try_wait)."""
    device.refresh_from_db()
    device.throttle_reset()


@pytest.fixture
def device(editor):
    return TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)


def test_off_the_admin_asks_for_no_code_and_the_two_factor_pages_do_not_exist(editor_client):
    assert editor_client.get("/admin/").status_code == 200
    # (LocaleMiddleware first tries the 404's path under /en/.)
    assert editor_client.get(SETUP, follow=True).status_code == 404
    assert editor_client.get(VERIFY, follow=True).status_code == 404


@required
def test_on_a_user_without_a_device_sets_one_up_before_reaching_the_admin(editor_client, editor):
    response = editor_client.get("/admin/pages/")
    assert response.status_code == 302
    assert response.url == f"{SETUP}?next=/admin/pages/"

    page = editor_client.get(response.url)
    assert page.status_code == 200
    secret = re.search(r"<code>([A-Z2-7]+)</code>", page.content.decode()).group(1)
    assert 'src="data:image/svg+xml;base64,' in page.content.decode()
    (device,) = TOTPDevice.objects.filter(user=editor, confirmed=False)
    assert secret == base64.b32encode(device.bin_key).decode()  # for entering it by hand

    refused = editor_client.post(SETUP, {"code": wrong_code(device), "next": "/admin/pages/"})
    assert refused.status_code == 200
    assert "That code is not right" in refused.content.decode()
    assert editor_client.get("/admin/").status_code == 302

    forget_the_wrong_code(device)
    accepted = editor_client.post(SETUP, {"code": current_code(device), "next": "/admin/pages/"})
    assert accepted.status_code == 302
    assert accepted.url == "/admin/pages/"
    device.refresh_from_db()
    assert device.confirmed
    assert editor_client.get("/admin/pages/").status_code == 200


@required
def test_on_a_user_with_a_device_gives_its_code_before_reaching_the_admin(editor_client, device):
    response = editor_client.get("/admin/")
    assert response.status_code == 302
    assert response.url == f"{VERIFY}?next=/admin/"
    # A password alone cannot add a device of the attacker's own.
    assert editor_client.get(SETUP).url.startswith(VERIFY)

    refused = editor_client.post(VERIFY, {"code": wrong_code(device), "next": "/admin/"})
    assert refused.status_code == 200
    assert editor_client.get("/admin/").status_code == 302

    forget_the_wrong_code(device)
    accepted = editor_client.post(VERIFY, {"code": current_code(device), "next": "/admin/"})
    assert accepted.status_code == 302
    assert accepted.url == "/admin/"
    assert editor_client.get("/admin/").status_code == 200


@required
def test_on_a_wrong_code_makes_the_next_try_wait(editor_client, device):
    editor_client.post(VERIFY, {"code": wrong_code(device)})

    response = editor_client.post(VERIFY, {"code": current_code(device)})

    assert response.status_code == 200  # throttled: even the right code waits its turn
    assert editor_client.get("/admin/").status_code == 302


@required
def test_on_a_session_without_its_code_sees_no_private_page_through_the_api(editor_client, device):
    morelia = english(CityPage, slug="morelia")
    PageViewRestriction.objects.create(page=morelia, restriction_type=PageViewRestriction.LOGIN)

    assert editor_client.get(f"/api/v2/pages/{morelia.pk}/").status_code == 302


@required
def test_on_a_user_without_admin_access_is_not_asked_for_a_code(client, db):
    morelia = english(CityPage, slug="morelia")
    PageViewRestriction.objects.create(page=morelia, restriction_type=PageViewRestriction.LOGIN)
    client.force_login(get_user_model().objects.create_user("reader", password="x"))

    assert client.get(f"/api/v2/pages/{morelia.pk}/").status_code == 200


@required
def test_on_the_next_parameter_never_leaves_the_site(editor_client, device):
    response = editor_client.post(
        VERIFY, {"code": current_code(device), "next": "https://evil.example/"}
    )

    assert response.status_code == 302
    assert response.url == "/admin/"
